"""Credentials in public: the verification page and JSON, the JWKS, a printable certificate,
and the rep's download of their signed credential."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.clock import utcnow
from app.deps import CurrentUser, OptionalAccount, SessionDep
from app.errors import API_ERRORS
from app.web import render
from certification import credentials, service
from certification.models import Credential
from drills.errors import NotFound
from drills.models import Module

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/credentials", tags=["credentials"], responses=API_ERRORS)


def verification_json(session: Session, cred: Credential) -> dict[str, Any]:
    """What a verifier learns: the status, why, and the credential's public document."""
    check = credentials.verify_stored(session=session, credential=cred, now=utcnow())
    return {"id": cred.jti, "status": check.status, "detail": check.detail,
            "valid_from": cred.valid_from, "valid_until": cred.valid_until,
            "revoked_at": cred.revoked_at, "credential": credentials.document_of(cred)}


def _page_context(session: Session, cred: Credential) -> dict[str, Any]:
    check = credentials.verify_stored(session=session, credential=cred, now=utcnow())
    doc = credentials.document_of(cred)
    holder = next((i["identityHash"] for i in doc["credentialSubject"]["identifier"]
                   if i.get("identityType") == "name"), "")
    return {"cred": cred, "check": check, "doc": doc, "holder": holder,
            "module": session.get(Module, cred.module_id),
            "achievement": doc["credentialSubject"]["achievement"]}


@router.get("/.well-known/jwks.json")
def jwks(session: SessionDep) -> JSONResponse:
    """The public keys that sign this deployment's credentials."""
    return JSONResponse(credentials.jwks(session=session, now=utcnow()),
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/credentials/{jti}")
def verification_page(request: Request, jti: str, session: SessionDep,
                      account: OptionalAccount) -> Response:
    """Public: is this credential genuine and current?"""
    cred = credentials.get(session=session, jti=jti)
    return render(request, "certification/verify.html", _page_context(session, cred))


@router.get("/credentials/{jti}/certificate")
def certificate(request: Request, jti: str, session: SessionDep,
                account: OptionalAccount) -> Response:
    """Public: a printable certificate with its verification address."""
    cred = credentials.get(session=session, jti=jti)
    return render(request, "certification/certificate.html", _page_context(session, cred))


def _owned(session: Session, jti: str, account: Any) -> Credential:
    cred = credentials.get(session=session, jti=jti)
    if not account.policy.may_read(owner_id=cred.user_id, team_id=_team_of(session, cred)):
        raise NotFound("There is no credential with this id.")
    return cred


def _team_of(session: Session, cred: Credential) -> int | None:
    return service.team_of(session=session, user_id=cred.user_id)


@router.get("/credentials/{jti}/download")
def download(jti: str, account: CurrentUser, session: SessionDep) -> Response:
    """The signed credential (VC-JWT) as a file, for the rep (and their managers)."""
    cred = _owned(session, jti, account)
    return Response(cred.token, media_type="application/vc+jwt", headers={
        "Content-Disposition": f'attachment; filename="onmessage-credential-{cred.jti}.jwt"'})


class VerifyIn(BaseModel):
    token: str = Field(max_length=credentials.MAX_TOKEN * 2,
                       description="A credential as a compact VC-JWT.")


@api.post("/verify", summary="Verify a presented credential (public)")
def verify(body: VerifyIn, session: SessionDep) -> dict[str, Any]:
    check = credentials.verify_token(session=session, token=body.token, now=utcnow())
    return {"status": check.status, "detail": check.detail,
            "id": check.credential.jti if check.credential else None,
            "credential": check.document}


@api.get("/{jti}/verification", summary="A credential's status (public)")
def verification(jti: str, session: SessionDep) -> dict[str, Any]:
    return verification_json(session, credentials.get(session=session, jti=jti))


@api.get("/{jti}", summary="A credential with its signed VC-JWT (the rep, managers, admins)")
def get_credential(jti: str, account: CurrentUser, session: SessionDep) -> dict[str, Any]:
    cred = _owned(session, jti, account)
    return {**verification_json(session, cred), "jwt": cred.token}
