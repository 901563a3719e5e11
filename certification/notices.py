"""Certification notices for the in-app inbox: what to tell whom, written idempotently.

A notice is a plain value; `send` writes notices to the inbox table. Every notice carries a
dedupe key that names the fact it announces (a certification's due date, its lapse, a
manager's day), and the table's unique key on it makes sending the same notice twice a
no-op: that is what lets the periodic sweep run every few minutes, in several processes at
once, without anyone being told the same thing twice.

The inbox and team-manager tables belong to the platform; they are named here by string
(as service.py names the users table) because imports run app -> certification.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import column, insert, table
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session

_inbox = table("inbox_items", column("user_id"), column("kind"), column("title"),
               column("body"), column("link"), column("dedupe_key"), column("created_at"))
_team_managers = table("team_managers", column("team_id"), column("user_id"))
_users = table("users", column("id"), column("is_active"))

MAX_TITLE = 200
MAX_BODY = 2000
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


def managers_of(*, session: Session, team_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active managers per team."""
    ids = list(set(team_ids))
    if not ids:
        return {}
    rows = session.execute(
        sa_select(_team_managers.c.team_id, _team_managers.c.user_id)
        .join(_users, _users.c.id == _team_managers.c.user_id)
        .where(_team_managers.c.team_id.in_(ids), _users.c.is_active.is_(True))
        .order_by(_team_managers.c.user_id)).all()
    out: dict[int, list[int]] = {}
    for team_id, user_id in rows:
        out.setdefault(int(team_id), []).append(int(user_id))
    return out


def send(*, session: Session, notices: Sequence[Notice], now: datetime) -> int:
    """Write notices not sent before; returns how many were new.

    INSERT ... ON CONFLICT DO NOTHING on the unique dedupe key, rather than look-then-insert:
    two sweeps racing in different processes then cannot both send, nor fail on the loser's
    unique violation (which would roll back its certification moves too).
    """
    sent = 0
    dialect = session.get_bind().dialect.name
    for n in notices:
        stmt: Executable
        values = {"user_id": n.user_id, "kind": n.kind[:40], "title": n.title[:MAX_TITLE],
                  "body": n.body[:MAX_BODY], "link": n.link[:500],
                  "dedupe_key": n.dedupe_key[:MAX_KEY], "created_at": now}
        # RETURNING tells whether the row went in (rowcount is not reliable for an
        # ignored conflict on every driver).
        if dialect == "postgresql":
            stmt = pg_insert(_inbox).values(**values).on_conflict_do_nothing(
                index_elements=["dedupe_key"]).returning(_inbox.c.dedupe_key)
        elif dialect == "sqlite":
            stmt = sqlite_insert(_inbox).values(**values).on_conflict_do_nothing(
                index_elements=["dedupe_key"]).returning(_inbox.c.dedupe_key)
        else:  # pragma: no cover - the two supported databases are handled above
            exists = session.execute(sa_select(_inbox.c.dedupe_key).where(
                _inbox.c.dedupe_key == values["dedupe_key"])).first()
            if exists is not None:
                continue
            stmt = insert(_inbox).values(**values).returning(_inbox.c.dedupe_key)
        if session.execute(stmt).first() is not None:
            sent += 1
    return sent


def submitted_for_signoff(*, session: Session, review_id: int, team_id: int | None,
                          rep_id: int, rep_name: str, module_title: str,
                          pitch_id: str) -> list[Notice]:
    """Each manager of the rep's team: a pitch waits for their sign-off."""
    if team_id is None:
        return []
    return [Notice(user_id=m, kind="certification_review",
                   title=f"{rep_name} submitted a pitch for sign-off",
                   body=f"{rep_name} asks you to sign off their pitch “{pitch_id}” on "
                        f"{module_title}. Listen, score the rubric, approve or return it.",
                   link=f"/reviews/{review_id}",
                   dedupe_key=f"cert-review:{review_id}:{m}")
            for m in managers_of(session=session, team_ids=[team_id]).get(team_id, [])
            if m != rep_id]  # a manager who is also the rep never signs off their own


def certified(*, user_id: int, certification_id: int, jti: str, module_title: str,
              version: int) -> Notice:
    """The rep: they are certified, with their credential to share or download."""
    return Notice(user_id=user_id, kind="certification_certified",
                  title=f"You are certified on {module_title}",
                  body=f"Version {version} of {module_title}: your credential is ready. "
                       "Open it to share its verification link or download it.",
                  link=f"/credentials/{jti}", dedupe_key=f"cert-certified:{jti}")


def returned(*, user_id: int, certification_id: int, review_id: int, module_title: str,
             reviewer_name: str, comment: str) -> Notice:
    """The rep: their manager sent the pitch back, with what to work on."""
    return Notice(user_id=user_id, kind="certification_returned",
                  title=f"{reviewer_name} returned your pitch on {module_title}",
                  body=f"{comment} Record a new take, then send it for sign-off again.",
                  link=f"/certification/{certification_id}",
                  dedupe_key=f"review-returned:{review_id}")
