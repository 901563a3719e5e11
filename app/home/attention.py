"""A manager's home leads with who needs attention: overdue, lapsed, sent back or due
within a week without being certified, most urgent first (it showed only who had never
signed in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from certification import service as certification_service
from certification import state as st
from certification.models import Certification
from drills.models import Module
from drills.scheduling import as_utc

SOON = timedelta(days=7)
_DONE = {st.CERTIFIED, st.AWAITING_REVIEW}


@dataclass(frozen=True)
class Attention:
    cert: Certification
    name: str
    module: str
    why: str
    rank: tuple[int, float]


def needing_attention(*, session: Session, team_ids: list[int], now: datetime,
                      limit: int = 8) -> list[Attention]:
    """The team's certifications that need the manager, most urgent first."""
    certs = certification_service.for_teams(session=session, team_ids=team_ids)
    people = certification_service.people(session=session, user_ids={c.user_id for c in certs})
    titles: dict[int, str] = {}
    out = []
    for c in certs:
        due = as_utc(c.due_at) if c.due_at else None
        if c.state == st.LAPSED:
            why, rank = "certification lapsed", 0
        elif c.state == st.RETURNED:
            why, rank = "pitch sent back: needs a new take", 2
        elif c.state in _DONE or due is None:
            continue
        elif due < now:
            days = (now - due).days
            why, rank = (f"overdue by {days} day{'s' if days != 1 else ''}" if days
                         else "due today"), 1
        elif due - now <= SOON:
            days = (due - now).days
            why, rank = (f"due in {days} day{'s' if days != 1 else ''}, "
                         f"{st.LABELS.get(c.state, c.state).lower()}"), 3
        else:
            continue
        if c.module_id not in titles:
            module = session.get(Module, c.module_id)
            titles[c.module_id] = module.title if module else "A module"
        person = people.get(c.user_id)
        out.append(Attention(cert=c, name=person.name if person else "A former rep",
                             module=titles[c.module_id], why=why,
                             rank=(rank, due.timestamp() if due else 0.0)))
    out.sort(key=lambda a: a.rank)
    return out[:limit]
