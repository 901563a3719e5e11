"""FSRS scheduling as pure functions: a card state, a rating and the clock in, a state out.

A thin wrapper over the maintained `fsrs` package (FSRS-6) so the rest of the domain never
touches its classes. Fuzzing spreads due dates so a kickoff's cards do not all fall due on
the same day; tests turn it off to get exact, repeatable intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from functools import lru_cache

import fsrs

# Our own "never reviewed" state; fsrs starts every card in Learning, which we map to.
NEW = 0
LEARNING = int(fsrs.State.Learning)
REVIEW = int(fsrs.State.Review)
RELEARNING = int(fsrs.State.Relearning)
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}

DEFAULT_RETENTION = 0.9
MIN_RETENTION = 0.7
MAX_RETENTION = 0.97


class Rating(IntEnum):
    """The four answers; values match FSRS (and drills.spoken_rating.SpokenRating)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


RATING_LABELS = {Rating.AGAIN: "Again", Rating.HARD: "Hard", Rating.GOOD: "Good",
                 Rating.EASY: "Easy"}


@dataclass(frozen=True)
class CardState:
    """What the schedule knows about one rep's card."""

    state: int = NEW
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None


def as_utc(value: datetime) -> datetime:
    """Aware UTC; SQLite hands back naive datetimes that were stored as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@lru_cache(maxsize=32)
def _scheduler(desired_retention: float, fuzz: bool) -> fsrs.Scheduler:
    return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def check_retention(value: float) -> float:
    """The retention, or ValueError when outside the range FSRS handles sensibly."""
    if not MIN_RETENTION <= value <= MAX_RETENTION:
        raise ValueError(f"desired retention must be between {MIN_RETENTION} and "
                         f"{MAX_RETENTION}, got {value}")
    return round(value, 3)


def _to_fsrs(card: CardState, now: datetime) -> fsrs.Card:
    # card_id is irrelevant to scheduling; passing one avoids fsrs's 1 ms uniqueness sleep.
    return fsrs.Card(
        card_id=1,
        state=fsrs.State(card.state) if card.state != NEW else fsrs.State.Learning,
        step=card.step if card.state in (NEW, LEARNING, RELEARNING) else None,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due) if card.due else now,
        last_review=as_utc(card.last_review) if card.last_review else None,
    )


def review(card: CardState, rating: Rating | int, *, now: datetime,
           desired_retention: float = DEFAULT_RETENTION, fuzz: bool = True) -> CardState:
    """The card's state after being answered with `rating` at `now`."""
    rating = Rating(rating)
    scheduler = _scheduler(check_retention(desired_retention), fuzz)
    new, _log = scheduler.review_card(_to_fsrs(card, as_utc(now)), fsrs.Rating(int(rating)),
                                      review_datetime=as_utc(now))
    return CardState(state=int(new.state), step=new.step, stability=new.stability,
                     difficulty=new.difficulty, due=new.due, last_review=new.last_review)


@lru_cache(maxsize=32)
def _forgetting_curve(desired_retention: float) -> tuple[float, float] | None:
    """fsrs's forgetting curve constants (factor, decay), if this fsrs exposes them."""
    scheduler = _scheduler(desired_retention, False)
    factor, decay = getattr(scheduler, "_FACTOR", None), getattr(scheduler, "_DECAY", None)
    return (float(factor), float(decay)) if factor is not None and decay is not None else None


def retrievability(card: CardState, *, now: datetime,
                   desired_retention: float = DEFAULT_RETENTION) -> float:
    """Predicted probability (0-1) that the rep recalls this card at `now`; 0 if never seen."""
    if card.state == NEW or card.stability is None or card.last_review is None:
        return 0.0
    retention = check_retention(desired_retention)
    curve = _forgetting_curve(retention)
    if curve is not None:
        # fsrs's own formula (Scheduler.get_card_retrievability, whole days elapsed), without
        # building its Card: every drill answer judges a module's few hundred cards.
        factor, decay = curve
        elapsed = max(0, (as_utc(now) - as_utc(card.last_review)).days)
        return float((1 + factor * elapsed / card.stability) ** decay)
    scheduler = _scheduler(retention, False)
    return float(scheduler.get_card_retrievability(_to_fsrs(card, as_utc(now)), as_utc(now)))


@lru_cache(maxsize=64)
def recall_horizon(threshold: float, *, desired_retention: float) -> float:
    """K such that a reviewed card's retrievability (as `retrievability` computes it, on
    the curve of `desired_retention`) is at least `threshold` exactly while the whole days
    since its last review are at most its stability × K. The forgetting curve is a power
    of elapsed / stability, so the database can count recalled cards with one comparison
    per row instead of the service computing a power per card."""
    if not 0 < threshold <= 1:
        raise ValueError(f"a recall threshold must be in (0, 1], got {threshold}")
    curve = _forgetting_curve(check_retention(desired_retention))
    if curve is None:  # the fsrs range in pyproject.toml exposes them
        raise RuntimeError("this fsrs does not expose its forgetting curve's constants")
    factor, decay = curve  # (1 + factor·t/S)^decay ≥ threshold, with decay < 0
    return float((threshold ** (1 / decay) - 1) / factor)


def interval_text(due: datetime, now: datetime) -> str:
    """A short human interval: 'in 10 minutes', 'in 3 days'."""
    seconds = max(0.0, (as_utc(due) - as_utc(now)).total_seconds())
    if seconds < 90:
        return "in a minute"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"in {minutes} minutes"
    hours = round(seconds / 3600)
    if hours < 24:
        return "in 1 hour" if hours == 1 else f"in {hours} hours"
    days = round(seconds / 86400)
    if days < 45:
        return "tomorrow" if days == 1 else f"in {days} days"
    months = round(days / 30)
    return "in 1 month" if months == 1 else f"in {months} months"
