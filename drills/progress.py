"""Progress from the schedule: mastery per rep and module, difficulty per message.

Mastery is the share of a module's current drills whose FSRS retrievability (predicted
recall now) is at or above the organisation's desired retention.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from drills.drill_models import NEW_QUEUE, SCHEDULED, Drill, DrillCard, DrillReview
from drills.kinds import payload_of
from drills.scheduling import REVIEW, CardState, retrievability


@dataclass(frozen=True)
class Mastery:
    """One rep's standing on one module."""

    module_id: int
    drills: int
    mastered: int
    seen: int
    due: int

    @property
    def share(self) -> float:
        return self.mastered / self.drills if self.drills else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass(frozen=True)
class MessageDifficulty:
    """How hard one message (or objection) is across reps."""

    subject: str
    kind_family: str
    reps: int
    reviews: int
    again_rate: float
    lapse_rate: float | None
    mean_difficulty: float | None


def _state(card: DrillCard) -> CardState:
    return CardState(state=card.state, step=card.step, stability=card.stability,
                     difficulty=card.difficulty, due=card.due, last_review=card.last_review)


def mastery_for(*, session: Session, user_ids: Iterable[int], now: datetime,
                target: float) -> dict[tuple[int, int], Mastery]:
    """Mastery keyed by (user_id, module_id) over each rep's current (not retired) cards."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    cards = session.exec(select(DrillCard).where(
        col(DrillCard.user_id).in_(ids),
        col(DrillCard.queue).in_((NEW_QUEUE, SCHEDULED)))).all()
    tally: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for card in cards:
        t = tally[(card.user_id, card.module_id)]
        t[0] += 1
        if card.reviews:
            t[2] += 1
            if retrievability(_state(card), now=now, desired_retention=target) >= target:
                t[1] += 1
            if card.due <= now:
                t[3] += 1
    return {key: Mastery(module_id=key[1], drills=t[0], mastered=t[1], seen=t[2], due=t[3])
            for key, t in tally.items()}


def message_difficulty(*, session: Session, module_id: int) -> list[MessageDifficulty]:
    """Per message and objection, across every rep: again rate, lapse rate, difficulty."""
    as_review = case((col(DrillReview.state_before) == REVIEW, 1), else_=0)
    lapsed = case(((col(DrillReview.state_before) == REVIEW) & (col(DrillReview.rating) == 1),
                   1), else_=0)
    again = case((col(DrillReview.rating) == 1, 1), else_=0)
    # Which list a drill's subject names is the drill's to say (a spoken drill may be on
    # an objection): the ids of this module's objection drills, asked of their payloads.
    on_objections = [d.id for d in session.exec(select(Drill).where(
        col(Drill.module_id) == module_id)) if payload_of(d).teaches() == "objection"]
    family = case((col(Drill.id).in_(on_objections), "objection"), else_="message")
    logs = session.execute(
        sa_select(col(Drill.subject), family, func.count(), func.sum(again), func.sum(as_review),
               func.sum(lapsed), func.count(func.distinct(DrillReview.user_id)))
        .join(Drill, col(Drill.id) == DrillReview.drill_id)
        .where(col(Drill.module_id) == module_id)
        .group_by(col(Drill.subject), family)).all()
    difficulty = {(subject, fam): avg for subject, fam, avg in session.execute(
        sa_select(col(Drill.subject), family, func.avg(DrillCard.difficulty))
        .join(Drill, col(Drill.id) == DrillCard.drill_id)
        .where(col(Drill.module_id) == module_id, col(DrillCard.reviews) > 0)
        .group_by(col(Drill.subject), family)).tuples()}
    out = []
    for subject, fam, total, agains, reviews, lapses, reps in logs:
        mean = difficulty.get((subject, fam))
        out.append(MessageDifficulty(
            subject=subject, kind_family=fam, reps=int(reps), reviews=int(total),
            again_rate=int(agains or 0) / int(total) if total else 0.0,
            lapse_rate=int(lapses or 0) / int(reviews) if reviews else None,
            mean_difficulty=float(mean) if mean else None))
    return sorted(out, key=lambda m: (-(m.mean_difficulty or 0), -m.again_rate))
