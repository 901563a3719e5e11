"""Recall: cued by the message's key words, the rep says the line, reveals it and rates
themself."""

from __future__ import annotations

from typing import Any, Literal

from drills.kinds.base import Kind, MessageCard
from drills.kinds.cue import cue, line
from drills.playbook_format import Message, Playbook


class RecallPayload(MessageCard):
    kind: Literal["recall"] = "recall"
    statement: str


def build(playbook: Playbook, message: Message, index: int) -> RecallPayload:
    return RecallPayload(**cue(playbook, message, index), **line(message))


def view(p: RecallPayload, reveal: bool, _showing: str) -> dict[str, Any]:
    out = p.cue_view()
    if reveal:
        out.update({"statement": p.statement, "proof": p.proof, "evidence": list(p.evidence)})
    return out


def feedback(p: RecallPayload, _answer: str | None) -> dict[str, Any]:
    return {"statement": p.statement, "proof": p.proof}


KIND = Kind(kind="recall", label="Recall", payload=RecallPayload, for_message=build,
            view=view, feedback=feedback, card_template="drills/kinds/recall.html",
            feedback_template="drills/kinds/line_feedback.html")
