"""Spoken drills: score a recorded answer against the drill's rubric and answer the card.

The rubric is the drill's own points (one message, or an objection's response points)
with the module's forbidden and retired phrases, so a take is judged on exactly what the
rep was asked. The rating comes from `rate_spoken`, so spoken practice re-enters the same
FSRS schedule as every other drill.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from drills.attempt_models import PitchAttempt
from drills.drill_models import Drill
from drills.errors import Conflict, InvalidInput, NotFound
from drills.kinds import DrillKind, payload_of
from drills.kinds.spoken import SpokenPayload
from drills.practice.answering import answer
from drills.scheduling import RATING_LABELS, Rating, as_utc
from drills.scoring import PointSpec, ScoreResult, ScoringSpec, spec_from_playbook_dict
from drills.spoken_rating import rate_spoken, rating_reason


def spoken_drill(*, session: Session, drill_id: int) -> Drill:
    """A spoken drill by id (NotFound if it is none; InvalidInput if it is another kind)."""
    drill = session.get(Drill, drill_id)
    if drill is None:
        raise NotFound(f"There is no drill {drill_id} in your practice.")
    if drill.kind != DrillKind.SPOKEN:
        raise InvalidInput("Only a spoken drill takes a recording; answer this one on the "
                           "practice page.")
    return drill


def spec_for_drill(drill: Drill, content: Mapping[str, Any]) -> ScoringSpec:
    """The drill's rubric: its points, the module's red lines, its short length target."""
    module = spec_from_playbook_dict(content)  # forbidden and retired phrases, once parsed
    payload = payload_of(drill)
    if not isinstance(payload, SpokenPayload):
        raise InvalidInput("Only a spoken drill is scored against its rubric.")
    points = tuple(PointSpec(id=p.id, statement=p.statement, evidence=tuple(p.evidence),
                             keywords=tuple(p.keywords), weight=p.weight or 1.0)
                   for p in payload.points)
    duration = payload.duration
    return dataclasses.replace(
        module, pitch=None, points=points,
        duration_target=(float(duration[0]), float(duration[1])) if duration else None)


def answer_with_take(*, session: Session, drill: Drill, user_id: int, shown_state: str | None,
                     result: ScoreResult, now: datetime) -> dict[str, Any]:
    """Answer the rep's card with the take's rating; what happened, for the attempt result.

    Runs in the caller's transaction (the one recording the result), so the attempt is
    done exactly when the card is answered. A Conflict (the card was answered meanwhile:
    a double submit, a self-rating in another tab, or a stale screen) keeps the score and
    changes no schedule: the review was counted once.
    """
    assert drill.id is not None
    rating = Rating(int(rate_spoken(result)))
    out: dict[str, Any] = {"drill_id": drill.id, "rating": int(rating),
                           "rating_label": RATING_LABELS[rating],
                           "why": rating_reason(result, rate_spoken(result)),
                           "answered": False, "due": None, "note": None}
    try:
        # A savepoint: a refused answer leaves the recorded result untouched.
        with session.begin_nested():
            done = answer(session=session, user_id=user_id, drill_id=drill.id,
                          shown_state=shown_state or "", rating=int(rating), now=now,
                          score=float(result.score))
    except Conflict as exc:
        out["note"] = f"{exc.detail} This take was scored but did not change your schedule."
        return out
    out.update(answered=True, due=as_utc(done.card.due).isoformat())
    return out


def answer_card_with_take(*, session: Session, attempt: PitchAttempt, result: ScoreResult,
                          now: datetime) -> None:
    """A scored take answers its drill card (if it was a spoken drill's) with the mapped
    rating, in the caller's transaction; what happened is kept in the attempt's result."""
    if attempt.drill_id is None:
        return
    drill = spoken_drill(session=session, drill_id=attempt.drill_id)
    outcome = answer_with_take(session=session, drill=drill, user_id=attempt.user_id,
                               shown_state=attempt.shown_state, result=result, now=now)
    # A new dict: the JSON column only notices reassignment.
    attempt.result = {**(attempt.result or {}), "drill": outcome}
    session.add(attempt)
    session.flush()


def spec_for_attempt(*, session: Session, attempt: PitchAttempt,
                     content: Mapping[str, Any]) -> ScoringSpec:
    """What a take is scored against: its drill's rubric, or its pitch's (from the
    module version's `content`)."""
    if attempt.drill_id is not None:
        return spec_for_drill(spoken_drill(session=session, drill_id=attempt.drill_id),
                              content)
    return spec_from_playbook_dict(content, attempt.pitch_id)
