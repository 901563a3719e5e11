"""What a rep is shown after answering a card: the verdict, what the card's kind says
about the answer (the line, the options, the key points) and the new schedule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drills.kinds import kind_of, payload_of
from drills.practice.answering import AnswerResult
from drills.practice.cards import shown_state_of
from drills.scheduling import RATING_LABELS, STATE_NAMES, as_utc, interval_text


def answer_feedback(result: AnswerResult, now: datetime) -> dict[str, Any]:
    """The answer's outcome: verdict, the canonical line, the new schedule."""
    card, drill = result.card, result.drill
    kind = kind_of(drill.kind)
    out: dict[str, Any] = {
        "drill_id": drill.id, "kind": kind.kind, "kind_label": kind.label,
        "rating": int(result.rating), "rating_label": RATING_LABELS[result.rating],
        "correct": result.verdict.correct if result.verdict else None,
        "explanation": result.verdict.explanation if result.verdict else None,
        "due": as_utc(card.due).isoformat(), "interval": interval_text(card.due, now),
        "state": STATE_NAMES.get(card.state, "review"), "shown_state": shown_state_of(card),
        # What the rep may flag from the field: the drill's message or objection.
        "module_id": drill.module_id, "subject": drill.subject,
    }
    out.update(kind.feedback(payload_of(drill), result.answer))
    return out
