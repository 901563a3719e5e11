"""Drills generated from a playbook version: pure, deterministic, no database.

Every kind of `drills.kinds` builds its drills from the playbook's messages and/or
objections: today every message yields a recall, a fill-the-gap, a pick-the-line and a
spoken drill, every objection an objection drill and a spoken drill. A spoken drill's
payload carries its rubric (the points a good answer covers), so a recorded answer is
scored against exactly what the rep was asked. A drill's `fingerprint` hashes the
playbook item it teaches, so a new version changes a drill exactly when the version diff
marks its message changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from drills.kinds import KINDS, DrillKind, Kind, Payload, Teaches
from drills.playbook_format import Message, Objection, Playbook


@dataclass(frozen=True)
class DrillSpec:
    """One drill of a version: what it teaches (kind + subject) and what it shows."""

    kind: DrillKind
    subject: str
    fingerprint: str
    payload: dict[str, Any] = field(hash=False, compare=False)  # as stored
    teaches: Teaches = field(default="message", hash=False, compare=False)


def fingerprint(item: Message | Objection) -> str:
    """A stable hash of the playbook item a drill teaches."""
    data = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _spec(kind: Kind[Any], item: Message | Objection, payload: Payload) -> DrillSpec:
    return DrillSpec(DrillKind(kind.kind), item.id, fingerprint(item), payload.stored(),
                     payload.teaches())


def build_for(kind: Kind[Any], playbook: Playbook, item: Message | Objection) -> DrillSpec | None:
    """One kind's drill on one message or objection of the playbook (None: the kind does
    not drill that item)."""
    if isinstance(item, Message):
        if kind.for_message is None:
            return None
        index = next(i for i, m in enumerate(playbook.messages) if m.id == item.id)
        return _spec(kind, item, kind.for_message(playbook, item, index))
    if kind.for_objection is None:
        return None
    return _spec(kind, item, kind.for_objection(playbook, item))


def build_drills(playbook: Playbook) -> list[DrillSpec]:
    """Every drill for one version: kind by kind in the order cards are introduced, each
    kind's in talk-track order (messages, then objections)."""
    out: list[DrillSpec] = []
    items: list[Message | Objection] = [*playbook.messages, *playbook.objections]
    for kind in KINDS.values():
        for item in items:
            spec = build_for(kind, playbook, item)
            if spec is not None:
                out.append(spec)
    return out
