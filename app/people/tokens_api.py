"""JSON API: bearer tokens (exchange a password for one, list and revoke your own)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from app.auth import create_api_token, revoke_api_token
from app.clock import utcnow
from app.deps import (
    CurrentUser,
    SessionDep,
    SettingsDep,
    bearer_token,
    client_address,
)
from app.errors import API_ERRORS
from app.people import service
from drills.errors import NotPermitted

router = APIRouter(prefix="/api/v1", tags=["api"], responses=API_ERRORS)

PASSWORD_OFF = ("Password sign-in is turned off for this organisation; sign in with single "
                "sign-on in the browser to use the app.")


class TokenRequest(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)
    name: str = Field("api", max_length=100, description="A label to recognise the token by.")


class TokenOut(BaseModel):
    token: str
    id: int
    expires_at: datetime


class TokenInfo(BaseModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@router.post("/tokens", response_model=TokenOut, status_code=201,
             summary="Exchange an email and password for a bearer token")
def create_token(body: TokenRequest, request: Request, session: SessionDep,
                 settings: SettingsDep) -> TokenOut:
    user = service.sign_in_with_password(
        session=session, settings=settings, email=body.email, password=body.password,
        address=client_address(request), now=utcnow(), password_off=PASSWORD_OFF)
    raw, row = create_api_token(session=session, user=user, days=settings.token_days,
                                now=utcnow(), name=body.name)
    assert row.id is not None
    return TokenOut(token=raw, id=row.id, expires_at=row.expires_at)


@router.get("/tokens", response_model=list[TokenInfo], summary="Your API tokens")
def list_tokens(account: CurrentUser, session: SessionDep) -> list[TokenInfo]:
    return [TokenInfo.model_validate(r, from_attributes=True)
            for r in service.tokens_of(session, account.id)]


@router.delete("/tokens/current", status_code=204, summary="Revoke the token used for this call")
def revoke_current(request: Request, account: CurrentUser, session: SessionDep) -> None:
    token = bearer_token(request)
    if token is None:
        raise NotPermitted("This call was not made with a bearer token.")
    service.revoke_token_by_value(session, account.id, token, utcnow())


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your tokens")
def revoke_token(token_id: int, account: CurrentUser, session: SessionDep) -> None:
    revoke_api_token(session=session, token_id=token_id, user_id=account.id, now=utcnow())
