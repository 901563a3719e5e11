"""Credentials in public: the verification page, the JWKS, a printable certificate, the
rep's download of their signed credential, and the admin's revoke button."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, Response

from app.certification import service
from app.clock import utcnow
from app.deps import CurrentAdmin, CurrentUser, OptionalAccount, SessionDep
from app.web import redirect, render
from certification import credentials
from certification import service as certification_service

router = APIRouter(include_in_schema=False)


@router.get("/.well-known/jwks.json")
def jwks(session: SessionDep) -> JSONResponse:
    """The public keys that sign this deployment's credentials."""
    return JSONResponse(credentials.jwks(session=session, now=utcnow()),
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/credentials/{jti}")
def verification_page(request: Request, jti: str, session: SessionDep,
                      account: OptionalAccount) -> Response:
    """Public: is this credential genuine and current?"""
    return render(request, "certification/verify.html",
                  service.credential_page(session, jti, utcnow()))


@router.get("/credentials/{jti}/certificate")
def certificate(request: Request, jti: str, session: SessionDep,
                account: OptionalAccount) -> Response:
    """Public: a printable certificate with its verification address."""
    return render(request, "certification/certificate.html",
                  service.credential_page(session, jti, utcnow()))


@router.get("/credentials/{jti}/download")
def download(jti: str, account: CurrentUser, session: SessionDep) -> Response:
    """The signed credential (VC-JWT) as a file, for the rep (and their managers)."""
    cred = service.owned_credential(session, account, jti)
    return Response(cred.token, media_type="application/vc+jwt", headers={
        "Content-Disposition": f'attachment; filename="onmessage-credential-{cred.jti}.jwt"'})


# Admins revoke an issued credential; verification (page and JSON) then says "revoked".
# Managers and reps cannot revoke, not even their own team's credentials: revocation
# withdraws public proof, an organisation decision.
@router.post("/credentials/{jti}/revoke")
def revoke_page(request: Request, jti: str, account: CurrentAdmin, session: SessionDep,
                reason: Annotated[str, Form(max_length=1000)] = "") -> Response:
    """The admin's revoke button on the verification page."""
    cred = certification_service.revoke_credential(session=session, jti=jti, by=account.id,
                                                   reason=reason, now=utcnow())
    return redirect(request, f"/credentials/{cred.jti}", notice="Credential revoked.")
