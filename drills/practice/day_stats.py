"""What a rep did each day: the practice streak and the new cards started today.

One `PracticeStats` row per rep, counted as each answer is written (`count_day`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, literal
from sqlmodel import Session, col, select

from drills.drill_models import DrillReview, DrillSettings, PracticeStats
from drills.practice.settings import get_settings, keep_settings
from drills.practice.transaction_cache import transaction_cache
from drills.scheduling import as_utc

_STATS = select(PracticeStats).where(PracticeStats.user_id == bindparam("user_id"))


def _stats_row(session: Session, user_id: int) -> PracticeStats | None:
    # read several times per card: kept for the transaction, by user id
    cache: dict[int, PracticeStats | None] = transaction_cache(session, "stats")
    if user_id not in cache:
        cache[user_id] = session.execute(_STATS, {"user_id": user_id}).scalar_one_or_none()
    return cache[user_id]


def keep_stats(session: Session, user_id: int, row: PracticeStats | None) -> None:
    """The rep's stats row (None: none yet) read along with another query: kept for the
    transaction, as `_stats_row` keeps what it reads (unless this transaction has it)."""
    transaction_cache(session, "stats").setdefault(user_id, row)


# The organisation's settings and the rep's day in one statement (a queue needs both): one
# row, each side empty when it has no row yet.
_ONE_ROW = select(literal(1).label("one")).subquery()
_SETTINGS_AND_STATS = (select(DrillSettings, PracticeStats).select_from(_ONE_ROW)
                       .outerjoin(DrillSettings, col(DrillSettings.id) == 1)
                       .outerjoin(PracticeStats,
                                  col(PracticeStats.user_id) == bindparam("user_id")))


def settings_and_day(session: Session, user_id: int) -> DrillSettings:
    """The settings, with the rep's day read in the same statement and kept for the
    transaction (what `new_left_today` and `streak` then read): for a queue, which needs
    both. Either already kept is not read again."""
    if user_id not in transaction_cache(session, "stats") and \
            "row" not in transaction_cache(session, "settings"):
        settings, stats = session.execute(_SETTINGS_AND_STATS, {"user_id": user_id}).one()
        keep_settings(session, settings)
        keep_stats(session, user_id, stats)
    return get_settings(session=session)


def _stats(session: Session, user_id: int) -> PracticeStats:
    stats = _stats_row(session, user_id)
    if stats is None:
        stats = PracticeStats(user_id=user_id)
        transaction_cache(session, "stats")[user_id] = stats
    return stats


def new_left_today(*, session: Session, user_id: int, now: datetime,
                   settings: DrillSettings | None = None) -> int:
    """How many new cards the rep may still start today."""
    settings = settings or get_settings(session=session)
    stats = _stats_row(session, user_id)
    used = stats.new_count if stats and stats.new_day == as_utc(now).date() else 0
    return max(0, settings.new_per_day - used)


def streak(*, session: Session, user_id: int, now: datetime) -> int:
    """Consecutive UTC days with practice, ending today or yesterday."""
    stats = _stats_row(session, user_id)
    if stats is None or stats.last_day is None:
        return 0
    return stats.streak if stats.last_day >= as_utc(now).date() - timedelta(days=1) else 0


def reviewed_today(*, session: Session, user_id: int, now: datetime) -> int:
    """Answers given today (UTC)."""
    start = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(session.exec(select(func.count()).select_from(DrillReview).where(
        DrillReview.user_id == user_id, DrillReview.reviewed_at >= start)).one())


def count_day(session: Session, user_id: int, now: datetime, *, new: bool) -> None:
    """Count an answer in the rep's day: the streak, and today's new cards if `new`."""
    stats = _stats(session, user_id)
    today: date = as_utc(now).date()
    if stats.last_day != today:
        yesterday = today - timedelta(days=1)
        stats.streak = stats.streak + 1 if stats.last_day == yesterday else 1
        stats.best_streak = max(stats.best_streak, stats.streak)
        stats.last_day = today
    if new:
        stats.new_count = stats.new_count + 1 if stats.new_day == today else 1
        stats.new_day = today
    session.add(stats)
