"""Say it: a message in the rep's own words, or the answer to an objection, recorded and
scored against the drill's own rubric (`drills/spoken_drills.py`); the score's rating
answers the card. A rep who cannot speak reveals the points and rates themself."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from drills.kinds.base import Kind, MessageCard, Teaches
from drills.kinds.cue import cue, line
from drills.playbook_format import Message, Objection, Playbook, Point

# Coaching targets for a spoken answer (shown, never scored): one message is a sentence
# or two; an objection answer makes two or three points.
MESSAGE_SECONDS = (5, 30)
OBJECTION_SECONDS = (10, 45)


class RubricPoint(BaseModel):
    """A point a good answer covers, with what the scorer looks for."""

    id: str
    statement: str
    evidence: list[str] = []
    keywords: list[str] = []
    weight: float = 1.0


class SpokenPayload(MessageCard):
    kind: Literal["spoken"] = "spoken"
    # What the subject names; a message's drill also carries its cue and line.
    family: Teaches = "message"
    objection: str | None = None
    prompt: str
    points: list[RubricPoint] = Field(default_factory=list)
    duration: tuple[int, int] | None = None

    def teaches(self) -> Teaches:
        return self.family

    def title(self) -> str | None:
        if self.statement:
            return self.statement
        return f"“{self.objection or self.prompt}” (objection)"


def _rubric_point(point: Point) -> RubricPoint:
    return RubricPoint(id=point.id, statement=point.statement, evidence=list(point.evidence),
                       keywords=list(point.keywords), weight=point.weight)


def for_message(playbook: Playbook, message: Message, index: int) -> SpokenPayload:
    """'Say it in your own words': the rubric is this one message with its evidence."""
    context = cue(playbook, message, index)
    keywords = ", ".join(context["keywords"])
    # The cue must not give the line away: the pitch situation, else the keywords.
    prompt = context["situation"] or f"the message about {keywords}"
    return SpokenPayload(**context, **line(message), family="message",
                         prompt=f"Say it in your own words: {prompt}",
                         points=[_rubric_point(message)], duration=MESSAGE_SECONDS)


def for_objection(_playbook: Playbook, objection: Objection) -> SpokenPayload:
    """'Answer: <objection>': the rubric is the objection's response points."""
    return SpokenPayload(family="objection", objection=objection.objection,
                         prompt=f"Answer: {objection.objection}",
                         points=[_rubric_point(p) for p in objection.response],
                         duration=OBJECTION_SECONDS)


def view(p: SpokenPayload, reveal: bool, _showing: str) -> dict[str, Any]:
    # The rubric is what a good answer covers: revealed (like recall) for the
    # self-rated fallback, and shown with the scored result.
    out: dict[str, Any] = {
        "family": p.family, "prompt": p.prompt, "objection": p.objection,
        "situation": p.situation, "keywords": list(p.keywords), "number": p.number,
        "of": p.of, "duration": list(p.duration) if p.duration else None}
    if reveal:
        out["points"] = [{"id": pt.id, "statement": pt.statement} for pt in p.points]
    return out


def feedback(p: SpokenPayload, _answer: str | None) -> dict[str, Any]:
    # (after the self-rated fallback: a scored take's result is the attempt's page)
    if p.family == "objection":
        return {"statement": None, "proof": None, "objection": p.objection or p.prompt,
                "points": [pt.statement for pt in p.points]}
    return {"statement": p.statement, "proof": p.proof}


KIND = Kind(kind="spoken", label="Say it", payload=SpokenPayload, for_message=for_message,
            for_objection=for_objection, view=view, feedback=feedback,
            card_template="drills/kinds/spoken.html",
            feedback_template="drills/kinds/spoken_feedback.html", since_builder=2,
            recorded=True)
