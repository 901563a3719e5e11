"""A rep's card with its drill: loading one, and the state an answer must echo."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from drills.drill_models import Drill, DrillCard
from drills.errors import NotFound


@dataclass(frozen=True)
class DueCard:
    """A card ready to be shown, with its drill."""

    card: DrillCard
    drill: Drill

    @property
    def shown_state(self) -> str:
        return shown_state_of(self.card)


def shown_state_of(card: DrillCard) -> str:
    """The token an answer must echo: changes with every review of the card."""
    return f"{card.id}.{card.reviews}"


# Built once: the queue selects from it too (see `queue`).
CARD_AND_DRILL = select(DrillCard, Drill).join(Drill, col(Drill.id) == DrillCard.drill_id)
_CARD_OF_USER = CARD_AND_DRILL.where(DrillCard.user_id == bindparam("user_id"),
                                     DrillCard.drill_id == bindparam("drill_id"))


def load_card(session: Session, user_id: int, drill_id: int) -> tuple[DrillCard, Drill]:
    """The rep's card for a drill and the drill, in one query (NotFound if not theirs)."""
    row = session.execute(_CARD_OF_USER, {"user_id": user_id, "drill_id": drill_id}).first()
    if row is None:
        raise NotFound(f"There is no drill {drill_id} in your practice.")
    return row[0], row[1]


def get_card(*, session: Session, user_id: int, drill_id: int) -> DueCard:
    """The rep's card for a drill (NotFound if the drill is not in their practice)."""
    card, drill = load_card(session, user_id, drill_id)
    return DueCard(card=card, drill=drill)
