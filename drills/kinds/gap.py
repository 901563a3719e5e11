"""Fill the gap: the line with a key word blanked; the typed answer is judged, forgiving
spelling slips and word forms."""

from __future__ import annotations

import re
from typing import Any, Literal

from drills.answer_check import Verdict, check_typed
from drills.kinds.base import Kind, MessageCard
from drills.kinds.cue import content_words, cue, line
from drills.playbook_format import Message, Playbook


class GapPayload(MessageCard):
    kind: Literal["gap"] = "gap"
    before: str
    after: str
    expected: str


def build(playbook: Playbook, message: Message, index: int) -> GapPayload:
    """Blank the first keyword found in the statement, else its longest content word."""
    text = message.statement
    span: tuple[int, int] | None = None
    for keyword in message.keywords:
        found = re.search(rf"(?<!\w){re.escape(keyword)}\w*", text, re.IGNORECASE)
        if found and len(keyword) > 2:
            span = found.span()
            break
    if span is None:
        words = content_words(text)
        found = re.search(rf"(?<!\w){re.escape(words[0])}(?!\w)", text) if words else None
        span = found.span() if found else (0, len(text))
    return GapPayload(**cue(playbook, message, index), **line(message),
                      before=text[:span[0]], after=text[span[1]:],
                      expected=text[span[0]:span[1]])


def view(p: GapPayload, _reveal: bool, _showing: str) -> dict[str, Any]:
    return {**p.cue_view(), "before": p.before, "after": p.after,
            "blank_letters": len(p.expected)}


def judge(p: GapPayload, answer: str) -> Verdict:
    return check_typed(answer, p.expected)


def feedback(p: GapPayload, _answer: str | None) -> dict[str, Any]:
    return {"statement": p.statement, "proof": p.proof, "expected": p.expected}


KIND = Kind(kind="gap", label="Fill the gap", payload=GapPayload, for_message=build,
            view=view, judge=judge, answer_doc="the typed words (fill the gap)",
            source="typed", feedback=feedback, card_template="drills/kinds/gap.html",
            feedback_template="drills/kinds/line_feedback.html")
