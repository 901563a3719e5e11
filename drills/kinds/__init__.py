"""The drill kinds, declared once: the registry every other module asks about a kind.

Each kind is a module of this package with its typed payload (what a drill stores), how
its drills are built from a playbook, how an answer is judged (or that the rep rates
themself), what a card shows and the feedback after an answer, and its templates
(`templates/drills/kinds/`). A new kind: a module here, a member of `DrillKind` and its
entry in `KINDS` (whose order is the order new cards are introduced), its templates,
its tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Protocol

from pydantic import Field, TypeAdapter

from drills.kinds import gap, objection, pick, recall, spoken
from drills.kinds.base import Kind, Payload, Teaches


class DrillKind(StrEnum):
    RECALL = "recall"
    GAP = "gap"
    PICK = "pick"
    OBJECTION = "objection"
    # Recorded practice: same cards and reviews, the rating comes from the spoken score.
    SPOKEN = "spoken"


# In the order new cards are introduced: see the line before being tested on it; saying
# it aloud (the hardest form) comes last.
KINDS: dict[str, Kind[Any]] = {k.kind: k for k in (
    recall.KIND, objection.KIND, pick.KIND, gap.KIND, spoken.KIND)}

# The kinds drill readiness counts: answered on the card, not recorded.
WRITTEN_KINDS: tuple[str, ...] = tuple(k for k, v in KINDS.items() if not v.recorded)

DrillPayload = Annotated[
    recall.RecallPayload | gap.GapPayload | pick.PickPayload | objection.ObjectionPayload
    | spoken.SpokenPayload,
    Field(discriminator="kind")]
_PAYLOAD: TypeAdapter[DrillPayload] = TypeAdapter(DrillPayload)

# The drill builder's generation: the newest kind's. Versions built by an older builder
# get the newer kinds' drills, and every rep's cards are re-aligned on their next sync.
BUILDER_VERSION = max(k.since_builder for k in KINDS.values())


class StoredDrill(Protocol):
    """What `payload_of` reads of a drill row."""

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> Mapping[str, Any]: ...


def kind_of(kind: str) -> Kind[Any]:
    """The registry entry of a stored kind."""
    return KINDS[kind]


def payload_of(drill: StoredDrill) -> DrillPayload:
    """The drill's stored payload, validated as its kind's model."""
    return _PAYLOAD.validate_python({**drill.payload, "kind": drill.kind})


def label_of(kind: str) -> str:
    return KINDS[kind].label


__all__ = ["BUILDER_VERSION", "KINDS", "WRITTEN_KINDS", "DrillKind", "DrillPayload", "Kind",
           "Payload", "StoredDrill", "Teaches", "kind_of", "label_of", "payload_of"]
