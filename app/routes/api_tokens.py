"""JSON API: bearer tokens (exchange a password for one, list and revoke your own)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlmodel import select

from app.auth import (
    BadCredentials,
    RateLimits,
    TooManyAttempts,
    authenticate,
    create_api_token,
    revoke_api_token,
    token_hash,
)
from app.clock import utcnow
from app.deps import (
    CurrentUser,
    SessionDep,
    SettingsDep,
    bearer_token,
    client_address,
)
from app.errors import API_ERRORS
from app.identity.sso import password_allowed
from app.models import ApiToken
from drills.errors import NotPermitted

router = APIRouter(prefix="/api/v1", tags=["api"], responses=API_ERRORS)


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
    limits = RateLimits.from_settings(settings)
    if not password_allowed(settings, body.email):
        raise BadCredentials("Password sign-in is turned off for this organisation; sign in "
                             "with single sign-on in the browser to use the app.")
    try:
        user = authenticate(session=session, email=body.email, password=body.password,
                            address=client_address(request), limits=limits, now=utcnow())
    except (BadCredentials, TooManyAttempts):
        session.commit()  # keep the recorded failure for rate limiting
        raise
    raw, row = create_api_token(session=session, user=user, days=settings.token_days,
                                now=utcnow(), name=body.name)
    assert row.id is not None
    return TokenOut(token=raw, id=row.id, expires_at=row.expires_at)


@router.get("/tokens", response_model=list[TokenInfo], summary="Your API tokens")
def list_tokens(account: CurrentUser, session: SessionDep) -> list[TokenInfo]:
    rows = session.exec(select(ApiToken).where(ApiToken.user_id == account.id)
                        .order_by(ApiToken.created_at.desc())).all()  # type: ignore[attr-defined]
    return [TokenInfo.model_validate(r, from_attributes=True) for r in rows]


@router.delete("/tokens/current", status_code=204, summary="Revoke the token used for this call")
def revoke_current(request: Request, account: CurrentUser, session: SessionDep) -> None:
    token = bearer_token(request)
    if token is None:
        raise NotPermitted("This call was not made with a bearer token.")
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).one()
    assert row.id is not None
    revoke_api_token(session=session, token_id=row.id, user_id=account.id, now=utcnow())


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your tokens")
def revoke_token(token_id: int, account: CurrentUser, session: SessionDep) -> None:
    revoke_api_token(session=session, token_id=token_id, user_id=account.id, now=utcnow())
