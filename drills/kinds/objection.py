"""Objection: the prospect's words; the rep answers in their head or aloud, reveals the
key points of the response and rates themself."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from drills.kinds.base import Kind, Payload, Teaches
from drills.playbook_format import Objection, Playbook


class ObjectionPoint(BaseModel):
    id: str
    statement: str
    keywords: list[str] = []


class ObjectionPayload(Payload):
    TEACHES: ClassVar[Teaches] = "objection"

    kind: Literal["objection"] = "objection"
    prompt: str
    points: list[ObjectionPoint] = Field(default_factory=list)

    def title(self) -> str | None:
        return f"“{self.prompt}” (objection)"


def build(_playbook: Playbook, objection: Objection) -> ObjectionPayload:
    return ObjectionPayload(prompt=objection.objection, points=[
        ObjectionPoint(id=p.id, statement=p.statement, keywords=list(p.keywords))
        for p in objection.response])


def view(p: ObjectionPayload, reveal: bool, _showing: str) -> dict[str, Any]:
    out: dict[str, Any] = {"prompt": p.prompt}
    if reveal:
        out["points"] = [pt.model_dump() for pt in p.points]
    return out


def feedback(p: ObjectionPayload, _answer: str | None) -> dict[str, Any]:
    return {"statement": None, "proof": None, "objection": p.prompt,
            "points": [pt.statement for pt in p.points]}


KIND = Kind(kind="objection", label="Objection", payload=ObjectionPayload,
            for_objection=build, view=view, feedback=feedback,
            card_template="drills/kinds/objection.html",
            feedback_template="drills/kinds/objection_feedback.html")
