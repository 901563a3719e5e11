"""The inbox's one writer: `notify` puts notices in people's inboxes, each at most once.

Every notice carries a dedupe key that names the fact it announces (a launch to one rep,
a certification's due date, a manager's review, a week's digest), and the table's unique
key on it makes sending the same notice twice a no-op. The check is the database's
(INSERT ... ON CONFLICT DO NOTHING), not look-then-insert: two writers racing in different
processes (the periodic sweep runs in every web process) then cannot both send, nor fail
on the loser's unique violation, which would roll back the rest of its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from accounts.models import InboxItem

MAX_KIND = 40
MAX_TITLE = 200
MAX_BODY = 2000
MAX_LINK = 500
MAX_KEY = 120


@dataclass(frozen=True)
class Notice:
    """One inbox message to one person, with the page where they act on it."""

    user_id: int
    kind: str
    title: str
    body: str
    link: str
    dedupe_key: str


def notify(*, session: Session, notices: Iterable[Notice], now: datetime) -> list[Notice]:
    """Put in the inbox each notice not sent before (by its dedupe key), in one statement;
    returns those that were new. Texts longer than the columns are cut to fit."""
    rows: dict[str, dict[str, Any]] = {}
    sent: dict[str, Notice] = {}
    for n in notices:
        key = n.dedupe_key[:MAX_KEY]
        if key not in rows:  # the first of two notices with one key is the one sent
            rows[key] = {"user_id": n.user_id, "kind": n.kind[:MAX_KIND],
                         "title": n.title[:MAX_TITLE], "body": n.body[:MAX_BODY],
                         "link": n.link[:MAX_LINK], "dedupe_key": key, "created_at": now,
                         "read_at": None}
            sent[key] = n
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"the inbox is written on PostgreSQL or SQLite, not {dialect}")
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # RETURNING names the rows that went in (rowcount is not reliable for an ignored
    # conflict on every driver); many rows go as one multi-row INSERT.
    stmt = (insert(InboxItem).on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(col(InboxItem.dedupe_key)))
    new = set(session.execute(stmt, list(rows.values())).scalars().all())
    return [n for key, n in sent.items() if key in new]
