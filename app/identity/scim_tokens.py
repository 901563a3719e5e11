"""SCIM bearer tokens: created by an admin (page or CLI), shown once, stored hashed,
revocable. They authenticate the directory, not a person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from app.auth import new_token, token_hash
from app.identity import events
from app.identity.models import ScimToken
from app.users import clean_name
from drills.errors import NotFound

PREFIX = "scim_"


def create(*, session: Session, name: str, now: datetime,
           by: str = "admin") -> tuple[str, ScimToken]:
    """Issue a token; returns the raw value (to show once) and its row."""
    name = clean_name(name, what="token name", limit=80)
    raw = PREFIX + new_token()
    row = ScimToken(name=name, token_hash=token_hash(raw), created_at=now)
    session.add(row)
    session.flush()
    events.record(session=session, source=by, action="token_created", subject=name,
                  detail=f"SCIM token '{name}' created")
    return raw, row


def list_all(*, session: Session) -> Sequence[ScimToken]:
    return session.exec(select(ScimToken).order_by(col(ScimToken.id).desc())).all()


def revoke(*, session: Session, token_id: int, now: datetime, by: str = "admin") -> ScimToken:
    """Revoke a token: the directory's next request with it is refused."""
    row = session.get(ScimToken, token_id)
    if row is None:
        raise NotFound(f"SCIM token {token_id} does not exist.")
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        events.record(session=session, source=by, action="token_revoked", subject=row.name,
                      detail=f"SCIM token '{row.name}' revoked")
    session.flush()
    return row


def verify(*, session: Session, raw: str) -> ScimToken | None:
    """The live token with this value, or None."""
    row = session.exec(select(ScimToken).where(ScimToken.token_hash == token_hash(raw))).first()
    if row is None or row.revoked_at is not None:
        return None
    return row
