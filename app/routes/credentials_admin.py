"""Admins revoke an issued credential: a button on the verification page, and the API.

Verification (page and JSON) then says "revoked". Managers and reps cannot revoke, not even
their own team's credentials: revocation withdraws public proof, an organisation decision.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.clock import utcnow
from app.deps import CurrentAdmin, SessionDep
from app.errors import API_ERRORS
from app.routes.credentials import verification_json
from app.web import redirect
from certification import service

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/credentials", tags=["credentials"], responses=API_ERRORS)


@router.post("/credentials/{jti}/revoke")
def revoke_page(request: Request, jti: str, account: CurrentAdmin, session: SessionDep,
                reason: Annotated[str, Form(max_length=1000)] = "") -> Response:
    """The admin's revoke button on the verification page."""
    cred = service.revoke_credential(session=session, jti=jti, by=account.id, reason=reason,
                                     now=utcnow())
    return redirect(request, f"/credentials/{cred.jti}", notice="Credential revoked.")


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=service.MAX_REVOKE_REASON,
                        description="Why the credential is withdrawn (shown to admins; kept "
                                    "with the credential and in the certification history).")


@api.post("/{jti}/revoke", summary="Revoke a credential (admins)")
def revoke(jti: str, body: RevokeIn, account: CurrentAdmin,
           session: SessionDep) -> dict[str, Any]:
    """Revoke (idempotent: a second call keeps the first reason); returns the verification."""
    cred = service.revoke_credential(session=session, jti=jti, by=account.id,
                                     reason=body.reason, now=utcnow())
    return {**verification_json(session, cred), "revoked_reason": cred.revoked_reason}
