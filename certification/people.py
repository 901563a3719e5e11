"""Who is who: people's names and teams, the reps of a team (who is asking, and what they
may do, is their `accounts.policy.Policy`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from accounts.models import Role, User, UserRole
from drills.scheduling import as_utc


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    team_id: int | None


def utc_or_none(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def team_of(*, session: Session, user_id: int) -> int | None:
    """The team a person is in now: authority over their work follows it, never the team
    they were in when they practised or submitted."""
    found = session.execute(sa_select(col(User.team_id)).where(col(User.id) == user_id)).first()
    return None if found is None or found[0] is None else int(found[0])


def people(*, session: Session, user_ids: Iterable[int]) -> dict[int, Person]:
    """Names and teams of these users."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.execute(sa_select(col(User.id), col(User.name), col(User.email),
                                     col(User.team_id)).where(col(User.id).in_(ids))).all()
    return {r[0]: Person(id=r[0], name=r[1], email=r[2], team_id=r[3]) for r in rows}


def reps_of_teams(*, session: Session, team_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(user id, team id) of the active reps in these teams."""
    ids = list(set(team_ids))
    if not ids:
        return []
    rows = session.execute(
        sa_select(col(User.id), col(User.team_id))
        .join(UserRole, col(UserRole.user_id) == col(User.id))
        .where(col(User.team_id).in_(ids), col(UserRole.role) == Role.REP.value,
               col(User.is_active).is_(True))).all()
    return [(int(r[0]), int(r[1])) for r in rows]
