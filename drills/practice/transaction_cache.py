"""Rows read several times while serving one card, kept on the session until its
transaction ends.

The session's identity map holds objects weakly, so a row nobody still references would
be read from the database again on the next call; a later transaction must read what
others wrote meanwhile, so the cache is dropped at every commit and rollback.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

_KEY = "drills.transaction_cache"


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop(_KEY, None)


def transaction_cache(session: OrmSession, name: str) -> dict[Any, Any]:
    """The dict named `name` kept on `session` for its current transaction."""
    caches: dict[str, dict[Any, Any]] = session.info.setdefault(_KEY, {})
    return caches.setdefault(name, {})
