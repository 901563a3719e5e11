"""JSON API for credentials: verify a presented credential or an issued one (public), the
holder's signed VC-JWT, and revocation (admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.certification import service
from app.clock import utcnow
from app.deps import CurrentAdmin, CurrentUser, SessionDep
from app.errors import API_ERRORS
from certification import credentials
from certification import service as certification_service

router = APIRouter(prefix="/api/v1/credentials", tags=["credentials"], responses=API_ERRORS)


class VerifyIn(BaseModel):
    token: str = Field(max_length=credentials.MAX_TOKEN * 2,
                       description="A credential as a compact VC-JWT.")


@router.post("/verify", summary="Verify a presented credential (public)")
def verify(body: VerifyIn, session: SessionDep) -> dict[str, Any]:
    check = credentials.verify_token(session=session, token=body.token, now=utcnow())
    return {"status": check.status, "detail": check.detail,
            "id": check.credential.jti if check.credential else None,
            "credential": check.document}


@router.get("/{jti}/verification", summary="A credential's status (public)")
def verification(jti: str, session: SessionDep) -> dict[str, Any]:
    return service.verification_json(session, credentials.get(session=session, jti=jti),
                                     utcnow())


@router.get("/{jti}", summary="A credential with its signed VC-JWT (the rep, managers, admins)")
def get_credential(jti: str, account: CurrentUser, session: SessionDep) -> dict[str, Any]:
    cred = service.owned_credential(session, account, jti)
    return {**service.verification_json(session, cred, utcnow()), "jwt": cred.token}


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=certification_service.MAX_REVOKE_REASON,
                        description="Why the credential is withdrawn (shown to admins; kept "
                                    "with the credential and in the certification history).")


@router.post("/{jti}/revoke", summary="Revoke a credential (admins)")
def revoke(jti: str, body: RevokeIn, account: CurrentAdmin,
           session: SessionDep) -> dict[str, Any]:
    """Revoke (idempotent: a second call keeps the first reason); returns the verification.

    Managers and reps cannot revoke, not even their own team's credentials: revocation
    withdraws public proof, an organisation decision."""
    cred = certification_service.revoke_credential(session=session, jti=jti, by=account.id,
                                                   reason=body.reason, now=utcnow())
    return {**service.verification_json(session, cred, utcnow()),
            "revoked_reason": cred.revoked_reason}
