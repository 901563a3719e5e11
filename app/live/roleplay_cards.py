"""A role-play's objection answers feed the rep's spoken drill cards for those objections.

When the card for an objection the buyer raised is due, the rep's answer (the objection's
turn and its follow-ups) answers it, with the rating an uploaded spoken answer would
earn (`drills.spoken_drills.answer_with_take`), in the transaction that records the
role-play. A card that is not due is left to its schedule: a review early would say the
rep remembered something they were just prompted with.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from drills.drill_builder import DrillKind
from drills.drill_models import Drill
from drills.errors import Conflict, NotFound
from drills.practice.answering import require_answerable
from drills.practice.cards import get_card
from drills.scoring import score_transcript
from drills.spoken_drills import answer_with_take, spec_for_drill
from drills.transcript import Transcript


def answer_objection_cards(*, session: Session, user_id: int, module_id: int,
                           content: Mapping[str, Any], turns: list[dict[str, Any]],
                           now: datetime) -> None:
    """Answer the due spoken card of each objection answered; note the outcome on its turns."""
    answers: dict[str, list[str]] = {}
    for turn in turns:
        if turn.get("objection") and turn.get("answer"):
            answers.setdefault(str(turn["objection"]), []).append(str(turn["answer"]))
    for objection, said in answers.items():
        drill = session.exec(select(Drill).where(
            col(Drill.module_id) == module_id, col(Drill.kind) == DrillKind.SPOKEN.value,
            col(Drill.subject) == objection)).first()
        if drill is None or drill.id is None:
            continue
        try:
            shown = get_card(session=session, user_id=user_id, drill_id=drill.id).shown_state
            require_answerable(session=session, user_id=user_id, drill_id=drill.id,
                               shown_state=shown, now=now)
        except (NotFound, Conflict) as exc:
            outcome: dict[str, Any] = {"drill_id": drill.id, "answered": False,
                                       "note": exc.detail}
        else:
            result = score_transcript(spec_for_drill(drill, content),
                                      Transcript.from_text(" ".join(said)))
            outcome = answer_with_take(session=session, drill=drill, user_id=user_id,
                                       shown_state=shown, result=result, now=now)
        for turn in turns:
            if turn.get("objection") == objection:
                turn["card"] = outcome
