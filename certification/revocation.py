"""Revoking an issued credential (admins): the public proof is withdrawn, the
certification keeps its state and its history says who and why."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from certification import credentials
from certification.models import Certification, Credential
from certification.transitions import note
from drills.errors import InvalidInput

MAX_REVOKE_REASON = 300  # the credential row keeps this much


def revoke_credential(*, session: Session, jti: str, by: int, reason: str,
                      now: datetime) -> Credential:
    """Revoke an issued credential (admins); its certification's history says who and why.

    The certification itself keeps its state: revocation withdraws the public proof (say,
    issued in error or to the wrong person), which verification then reports as revoked.
    """
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput("Say why the credential is revoked.")
    if len(text) > MAX_REVOKE_REASON:
        raise InvalidInput(f"A reason can be at most {MAX_REVOKE_REASON} characters.")
    cred = credentials.get(session=session, jti=jti)
    if cred.status == credentials.REVOKED:
        return cred  # idempotent: a double tap keeps the first reason and time
    credentials.revoke(session=session, credential=cred, reason=text, now=now)
    cert = session.get(Certification, cred.certification_id)
    if cert is not None:
        note(session, cert, f"Credential {cred.jti} (version {cred.version}) revoked: {text}",
              by, now)
    session.flush()
    return cred
