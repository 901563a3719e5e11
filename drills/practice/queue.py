"""The rep's queue: the cards due now (reviews by due date, then new cards within today's
allowance), and its counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, func, true
from sqlmodel import Session, col, select

from drills.drill_models import NEW_QUEUE, SCHEDULED, DrillCard, DrillSettings
from drills.practice.cards import CARD_AND_DRILL, DueCard
from drills.practice.day_stats import new_left_today
from drills.practice.settings import get_settings

_DUE_REVIEWS = (CARD_AND_DRILL
               .where(DrillCard.user_id == bindparam("user_id"), DrillCard.queue == SCHEDULED,
                      DrillCard.due <= bindparam("now"))
               .order_by(col(DrillCard.due)).limit(bindparam("limit")))
_NEW_CARDS = (CARD_AND_DRILL
             .where(DrillCard.user_id == bindparam("user_id"), DrillCard.queue == NEW_QUEUE)
             .order_by(col(DrillCard.id)).limit(bindparam("limit")))


def due_queue(*, session: Session, user_id: int, now: datetime, limit: int = 20,
              settings: DrillSettings | None = None) -> list[DueCard]:
    """Cards due now: reviews by due date, then new cards within today's allowance."""
    settings = settings or get_settings(session=session)
    rows = _queue_rows(session, _DUE_REVIEWS, _NEW_CARDS, user_id=user_id, now=now,
                       limit=limit, settings=settings)
    return [DueCard(card=c, drill=d) for c, d in rows]


def _queue_rows(session: Session, reviews: Any, new_cards: Any, *, user_id: int,
                now: datetime, limit: int, settings: DrillSettings) -> list[Any]:
    """The rows of `reviews` due now, then of `new_cards` within today's allowance."""
    params = {"user_id": user_id, "now": now, "limit": limit}
    rows = list(session.execute(reviews, params).tuples())
    room = min(limit - len(rows), new_left_today(session=session, user_id=user_id, now=now,
                                                 settings=settings))
    if room > 0:
        rows += session.execute(new_cards, {**params, "limit": room}).tuples()
    return rows


@dataclass(frozen=True)
class QueueCounts:
    """The rep's queue at a glance: reviews due now, new cards waiting, next due date."""

    reviews_due: int
    new_waiting: int
    next_due: datetime | None

    def due_count(self, new_left: int) -> int:
        """Cards practicable now: reviews due plus new cards within today's allowance."""
        return self.reviews_due + min(self.new_waiting, new_left)


_SCHEDULED = col(DrillCard.queue) == SCHEDULED
_QUEUE_COUNTS = select(
    func.count(case((_SCHEDULED & (col(DrillCard.due) <= bindparam("now")), 1))),
    func.count(case((col(DrillCard.queue) == NEW_QUEUE, 1))),
    func.min(case((_SCHEDULED, DrillCard.due))),
).where(DrillCard.user_id == bindparam("user_id"))


def queue_counts(*, session: Session, user_id: int, now: datetime) -> QueueCounts:
    """Reviews due, new cards waiting and the next scheduled due date, in one scan."""
    reviews, new, upcoming = session.execute(_QUEUE_COUNTS,
                                             {"user_id": user_id, "now": now}).one()
    return QueueCounts(reviews_due=int(reviews), new_waiting=int(new), next_due=upcoming)


# The queue with its counts riding along on every row (a one-row aggregate joined to each
# card): what GET /due and an answer's next card need, in one statement instead of two.
_COUNTS = _QUEUE_COUNTS.subquery()
_DUE_REVIEWS_COUNTED = _DUE_REVIEWS.add_columns(*_COUNTS.c).join(_COUNTS, true())
_NEW_CARDS_COUNTED = _NEW_CARDS.add_columns(*_COUNTS.c).join(_COUNTS, true())


def due_queue_and_counts(*, session: Session, user_id: int, now: datetime, limit: int,
                         settings: DrillSettings) -> tuple[list[DueCard], QueueCounts]:
    """`due_queue` and `queue_counts` together, the counts read with the cards (and on
    their own only when no card is due)."""
    rows = _queue_rows(session, _DUE_REVIEWS_COUNTED, _NEW_CARDS_COUNTED, user_id=user_id,
                       now=now, limit=limit, settings=settings)
    if not rows:
        return [], queue_counts(session=session, user_id=user_id, now=now)
    reviews, new, upcoming = rows[0][2:]
    return ([DueCard(card=row[0], drill=row[1]) for row in rows],
            QueueCounts(reviews_due=int(reviews), new_waiting=int(new), next_due=upcoming))


def due_count(*, session: Session, user_id: int, now: datetime,
              settings: DrillSettings | None = None) -> int:
    """How many cards the rep could practise now (reviews due + new allowed today)."""
    counts = queue_counts(session=session, user_id=user_id, now=now)
    return counts.due_count(new_left_today(session=session, user_id=user_id, now=now,
                                           settings=settings))


def next_due_at(*, session: Session, user_id: int) -> datetime | None:
    """When the rep's next scheduled card falls due."""
    return session.exec(select(func.min(DrillCard.due)).where(
        DrillCard.user_id == user_id, DrillCard.queue == SCHEDULED)).one()
