"""What every drill kind shares: the typed payload base, a message card's cue and line,
and `Kind`, the registry entry in which each kind declares itself once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from drills.answer_check import Verdict
from drills.playbook_format import Message, Objection, Playbook

Teaches = Literal["message", "objection"]


class Payload(BaseModel):
    """A drill's stored JSON (`drills.payload`), typed.

    Tolerant of what older or newer builders stored: unknown keys are ignored and the
    keys a kind added later have defaults, so every stored row validates without a
    migration. A row does not store its kind: `payload_of` adds it from the column.
    """

    model_config = ConfigDict(extra="ignore")

    TEACHES: ClassVar[Teaches] = "message"

    def teaches(self) -> Teaches:
        """Which list of the playbook the drill's subject names (ids are unique per list)."""
        return self.TEACHES

    def title(self) -> str | None:
        """The line the drill is about, as a rep would recognise it."""
        return None

    def stored(self) -> dict[str, Any]:
        """The JSON to store: exactly the keys the builder set."""
        return self.model_dump(mode="json", exclude_unset=True, exclude={"kind"})


class MessageCard(Payload):
    """A drill on one message: where it sits in the talk track, its cues, and the line."""

    number: int | None = None
    of: int | None = None
    situation: str | None = None
    keywords: list[str] = []
    replaces: list[str] = []
    statement: str | None = None
    proof: str | None = None
    evidence: list[str] = []

    def title(self) -> str | None:
        return self.statement or None

    def cue_view(self) -> dict[str, Any]:
        """The cue every message card shows before it is answered."""
        return {"number": self.number, "of": self.of, "situation": self.situation,
                "keywords": list(self.keywords), "replaces": list(self.replaces)}


P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class Kind(Generic[P]):
    """One drill kind, declared once: everything the rest of the code asks of a kind.

    Built from a playbook by `for_message` and/or `for_objection`; judged by `judge`
    (None: the rep rates themself, or a scored take rates a spoken drill); shown by
    `view` (what a client may see before answering) and `card_template`; its feedback
    after an answer by `feedback` and `feedback_template`.
    """

    kind: str  # stored in drills.kind (at most 16 characters)
    label: str  # shown above the card
    payload: type[P]
    view: Callable[[P, bool, str], dict[str, Any]]  # (payload, reveal, showing seed)
    feedback: Callable[[P, str | None], dict[str, Any]]  # (payload, the answer sent)
    card_template: str
    feedback_template: str
    for_message: Callable[[Playbook, Message, int], P] | None = None
    for_objection: Callable[[Playbook, Objection], P] | None = None
    judge: Callable[[P, str], Verdict] | None = None
    answer_doc: str = ""  # what the API's `answer` carries for a judged kind
    source: str = "tap"  # how the review log names an answer (drill_reviews.source)
    # Rated by a scored recording rather than answered on the card: not one of the
    # written drills that drill readiness counts.
    recorded: bool = False
    # The drill builder's generation that introduced the kind: versions built by an
    # older one get this kind's drills on their next sync (practice.builds._upgrade_builds).
    since_builder: int = 1
