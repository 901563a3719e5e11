"""What a client may see of a card before it is answered."""

from __future__ import annotations

from typing import Any

from drills.kinds import kind_of, payload_of
from drills.practice.cards import DueCard


def card_view(due: DueCard, *, reveal: bool) -> dict[str, Any]:
    """What a client may see of a card before answering (no answers for checked kinds)."""
    drill = due.drill
    out: dict[str, Any] = {"drill_id": drill.id, "kind": drill.kind,
                           "shown_state": due.shown_state, "new": due.card.reviews == 0,
                           "module_id": drill.module_id}
    # The showing seeds what a kind shuffles: a reload keeps the order, a retry does not.
    out.update(kind_of(drill.kind).view(payload_of(drill), reveal,
                                        f"{drill.id}:{due.shown_state}"))
    return out
