"""The provisioning log: who was created, changed, deactivated or refused, and by what."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from app.clock import utcnow
from app.identity.models import ProvisioningEvent


def record(*, session: Session, source: str, action: str, subject: str = "",
           user_id: int | None = None, ok: bool = True, detail: str = "") -> None:
    """Add one line to the log (in the caller's transaction)."""
    session.add(ProvisioningEvent(at=utcnow(), source=source[:120], action=action[:40],
                                  subject=subject[:254], user_id=user_id, ok=ok,
                                  detail=detail[:2000]))
    session.flush()


def list_recent(*, session: Session, limit: int = 100,
                refused_only: bool = False) -> Sequence[ProvisioningEvent]:
    """The newest events first."""
    stmt = select(ProvisioningEvent)
    if refused_only:
        stmt = stmt.where(col(ProvisioningEvent.ok).is_(False))
    return session.exec(stmt.order_by(col(ProvisioningEvent.id).desc()).limit(limit)).all()
