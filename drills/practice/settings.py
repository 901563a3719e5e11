"""The organisation's drill settings: retention target, new cards a day, session length."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from drills.drill_models import DrillSettings
from drills.errors import InvalidInput
from drills.practice.transaction_cache import transaction_cache
from drills.scheduling import check_retention

_SETTINGS = select(DrillSettings).where(DrillSettings.id == 1)


def get_settings(*, session: Session) -> DrillSettings:
    """The organisation's drill settings (defaults until someone saves them)."""
    cache = transaction_cache(session, "settings")  # read several times per card
    if "row" not in cache:
        cache["row"] = session.execute(_SETTINGS).scalar_one_or_none() or DrillSettings()
    row: DrillSettings = cache["row"]
    return row


def keep_settings(session: Session, row: DrillSettings | None) -> None:
    """The settings row (None: not saved yet) read along with another query: kept for the
    transaction, as `get_settings` keeps what it reads (unless this transaction has them)."""
    transaction_cache(session, "settings").setdefault("row", row or DrillSettings())


def update_settings(*, session: Session, desired_retention: float, new_per_day: int,
                    session_cards: int, by: int | None, now: datetime) -> DrillSettings:
    """Change the organisation's retention target and daily limits."""
    try:
        retention = check_retention(desired_retention)
    except ValueError as exc:
        raise InvalidInput(f"Desired retention: {exc}.") from None
    if not 0 <= new_per_day <= 200:
        raise InvalidInput("New cards per day must be between 0 and 200.")
    if not 3 <= session_cards <= 60:
        raise InvalidInput("Cards per session must be between 3 and 60.")
    row = session.get(DrillSettings, 1) or DrillSettings(id=1)
    row.desired_retention, row.new_per_day, row.session_cards = retention, new_per_day, \
        session_cards
    row.updated_at, row.updated_by_id = now, by
    session.add(row)
    session.flush()
    transaction_cache(session, "settings")["row"] = row
    return row
