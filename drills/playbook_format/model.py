"""The typed playbook: checked, immutable pydantic models of what a file says."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from drills.playbook_format.limits import FORMAT_VERSION, MAX_SLUG


class _Model(BaseModel):
    # Frozen so a parsed version cannot drift from what was published; extra keys forbidden
    # so that code building a model by hand hits the same "no silent drops" rule as files.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Point(_Model):
    """A scorable key point: a message, or one point of an objection's response."""

    id: str
    statement: str
    evidence: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    proof: str | None = None
    weight: float = 1.0


class Message(Point):
    """One message of the talk track."""


class ResponsePoint(Point):
    """One key point a good answer to an objection covers (same shape as a message)."""


class Objection(_Model):
    id: str
    objection: str
    response: tuple[ResponsePoint, ...]

    def point(self, point_id: str) -> ResponsePoint | None:
        return next((p for p in self.response if p.id == point_id), None)


class ForbiddenPhrase(_Model):
    phrase: str
    reason: str | None = None


class RetiredPhrase(_Model):
    phrase: str
    replaced_by: str | None = None


class Pitch(_Model):
    id: str
    prompt: str
    # None means "every message of the module", as the format says.
    messages: tuple[str, ...] | None = None
    duration: tuple[int, int] | None = None


class RubricCriterion(_Model):
    """One criterion a manager scores from 1 to 5 when reviewing a recorded pitch."""

    id: str
    label: str


def rubric_id(label: str) -> str:
    """The id a criterion written as a plain label gets: 'Objection handling' ->
    'objection_handling' (accents dropped); empty when the label has no letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:MAX_SLUG]


class CertificationSettings(_Model):
    drill_retention: float = 0.85
    pitch_score: int = 80
    manager_signoff: bool = True
    valid_days: int = 180
    # None: the product's default criteria, so a file without `rubric` reads as before.
    rubric: tuple[RubricCriterion, ...] | None = None


@dataclass(frozen=True)
class PointRef:
    """A scorable item with a module-unique key: `msg-id` or `objection-id/point-id`."""

    key: str
    kind: Literal["message", "response"]
    objection_id: str | None
    point: Point


class Playbook(_Model):
    format: int = FORMAT_VERSION
    module: str
    version: int
    title: str
    summary: str | None = None
    audience: str | None = None
    due_days: int | None = None
    messages: tuple[Message, ...]
    objections: tuple[Objection, ...] = ()
    forbidden: tuple[ForbiddenPhrase, ...] = ()
    retired: tuple[RetiredPhrase, ...] = ()
    pitches: tuple[Pitch, ...] = ()
    certification: CertificationSettings = CertificationSettings()

    def message(self, message_id: str) -> Message | None:
        return next((m for m in self.messages if m.id == message_id), None)

    def objection(self, objection_id: str) -> Objection | None:
        return next((o for o in self.objections if o.id == objection_id), None)

    def pitch(self, pitch_id: str) -> Pitch | None:
        return next((p for p in self.pitches if p.id == pitch_id), None)

    def messages_for_pitch(self, pitch_id: str | None) -> tuple[Message, ...]:
        """The messages a pitch must cover, in the pitch's order; all of them by default.

        `None` (no pitch chosen) also means every message. Raises KeyError for an
        unknown pitch id so a caller cannot score against the wrong rubric by accident.
        """
        if pitch_id is None:
            return self.messages
        pitch = self.pitch(pitch_id)
        if pitch is None:
            raise KeyError(pitch_id)
        if pitch.messages is None:
            return self.messages
        by_id = {m.id: m for m in self.messages}
        return tuple(by_id[i] for i in pitch.messages if i in by_id)

    def all_points(self) -> tuple[PointRef, ...]:
        """Every scorable item: the messages, then each objection's response points."""
        refs = [PointRef(m.id, "message", None, m) for m in self.messages]
        for o in self.objections:
            refs.extend(PointRef(f"{o.id}/{p.id}", "response", o.id, p) for p in o.response)
        return tuple(refs)

    def point(self, key: str) -> Point | None:
        """Look up a point by its `all_points()` key."""
        return next((r.point for r in self.all_points() if r.key == key), None)
