"""The end of a drill session, in words: what went well today and the weakest message.

Built from today's review log (the same rows FSRS learns from), grouped by the message or
objection each drill teaches, so "weakest" means the line the rep actually struggled with,
not a count of cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from drills.drill_models import Drill, DrillReview
from drills.kinds import payload_of
from drills.scheduling import as_utc


@dataclass
class _Subject:
    title: str
    ratings: list[int] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return sum(self.ratings) / len(self.ratings)


@dataclass(frozen=True)
class SessionSummary:
    answered: int
    right_first_time: int
    went_well: list[str]
    weakest: str | None


def _title(drill: Drill) -> str:
    """The line a drill is about, as a rep would recognise it."""
    return payload_of(drill).title() or drill.subject


def today_summary(*, session: Session, user_id: int, now: datetime) -> SessionSummary:
    """Today's answers per message: those always known, and the one found hardest."""
    start = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = session.exec(
        select(DrillReview.rating, Drill).join(Drill, col(Drill.id) == DrillReview.drill_id)
        .where(DrillReview.user_id == user_id, DrillReview.reviewed_at >= start)
        .order_by(col(DrillReview.reviewed_at))).all()
    subjects: dict[tuple[int, str], _Subject] = {}
    for rating, drill in rows:
        key = (drill.module_id, drill.subject)
        subjects.setdefault(key, _Subject(_title(drill))).ratings.append(int(rating))
    good = [s.title for s in subjects.values() if min(s.ratings) >= 3]
    struggled = [s for s in subjects.values() if min(s.ratings) <= 2]
    weakest = min(struggled, key=lambda s: (s.mean, -len(s.ratings))).title if struggled else None
    return SessionSummary(answered=len(rows),
                          right_first_time=sum(1 for r, _ in rows if r >= 3),
                          went_well=good[:3], weakest=weakest)
