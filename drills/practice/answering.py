"""Answering a card exactly once: the answer judged (or the rep's own rating checked),
the card rescheduled with FSRS, the raw review logged and the rep's day counted.

`prepare_answer` only reads, so a caller may do it before its turn to write;
`record_answer` writes, refusing an answer whose card changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from drills.answer_check import Verdict
from drills.drill_models import (
    NEW_QUEUE,
    RETIRED,
    SCHEDULED,
    Drill,
    DrillCard,
    DrillReview,
    DrillSettings,
    PracticeStats,
)
from drills.errors import Conflict, InvalidInput, NotFound
from drills.kinds import kind_of, payload_of
from drills.practice.alignment import IN_SYNC, rep_in_sync
from drills.practice.cards import DueCard, load_card, shown_state_of
from drills.practice.day_stats import count_day, keep_stats, new_left_today
from drills.practice.settings import get_settings, keep_settings
from drills.scheduling import CardState, Rating, as_utc, review

MAX_ANSWER = 500


@dataclass(frozen=True)
class AnswerResult:
    """What answering did: the rating, the new schedule and the feedback to show."""

    card: DrillCard
    drill: Drill
    rating: Rating
    verdict: Verdict | None
    answer: str | None = None  # what the rep sent, for the kinds that judge an answer
    review: dict[str, Any] | None = None  # the raw review log row written, with its id


def _judge(drill: Drill, rating: int | None, answer: str | None) -> tuple[Rating, Verdict | None]:
    kind = kind_of(drill.kind)
    if kind.judge is None:  # rated by the rep (or, for a spoken drill, by its scored take)
        if rating is None:
            raise InvalidInput("This drill is rated by you: send a rating from 1 (Again) "
                               "to 4 (Easy).")
        if answer is not None:
            raise InvalidInput("Send a rating, not an answer, for this drill.")
        try:
            return Rating(rating), None
        except ValueError:
            raise InvalidInput("A rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).") from None
    if rating is not None or answer is None:
        raise InvalidInput("This drill checks your answer: send the answer, not a rating.")
    if len(answer) > MAX_ANSWER:
        raise InvalidInput(f"An answer can be at most {MAX_ANSWER} characters.")
    verdict = kind.judge(payload_of(drill), answer)
    return verdict.rating, verdict


def _check_answerable(session: Session, card: DrillCard, shown_state: str, now: datetime,
                      settings: DrillSettings) -> None:
    if card.queue == RETIRED:
        raise Conflict("This drill was retired: its message changed or left the playbook. "
                       "Your history is kept.")
    if shown_state != shown_state_of(card):
        raise Conflict("This card was already answered (a double tap or an old screen). "
                       "It was counted once.")
    if card.queue == NEW_QUEUE and new_left_today(session=session, user_id=card.user_id,
                                                  now=now, settings=settings) <= 0:
        raise Conflict("You have started today's new cards. Come back tomorrow for more.")
    if card.queue == SCHEDULED and as_utc(card.due) > as_utc(now):
        raise Conflict("This card is not due yet.")


def require_answerable(*, session: Session, user_id: int, drill_id: int, shown_state: str,
                       now: datetime) -> DueCard:
    """The rep's card if it could be answered now with this shown state, else raise.

    A spoken answer is checked at upload too, so a stale screen is refused before the
    rep waits for a transcription that could not count.
    """
    card, drill = load_card(session, user_id, drill_id)
    _check_answerable(session, card, shown_state, now, get_settings(session=session))
    return DueCard(card=card, drill=drill)


# Everything answering a card reads, in one statement: the rep's card and its drill, the
# organisation's settings and the rep's day (kept for the transaction, as their own reads
# keep them: the day is read again when the answer is counted).
_FOR_ANSWER = (select(DrillCard, Drill, DrillSettings, PracticeStats)
               .join(Drill, col(Drill.id) == DrillCard.drill_id)
               .outerjoin(DrillSettings, col(DrillSettings.id) == 1)
               .outerjoin(PracticeStats, col(PracticeStats.user_id) == DrillCard.user_id)
               .where(DrillCard.user_id == bindparam("user_id"),
                      DrillCard.drill_id == bindparam("drill_id")))


# ... and whether the rep's cards match what is launched to their teams (`rep_in_sync`).
_FOR_ANSWER_IN_SYNC = _FOR_ANSWER.add_columns(IN_SYNC.label("in_sync"))


def _not_in_practice(drill_id: int) -> NotFound:
    return NotFound(f"There is no drill {drill_id} in your practice.")


def _load_for_answer(session: Session, user_id: int,
                     drill_id: int) -> tuple[DrillCard, Drill, DrillSettings]:
    row = session.execute(_FOR_ANSWER, {"user_id": user_id, "drill_id": drill_id}).first()
    if row is None:
        raise _not_in_practice(drill_id)
    card, drill, settings, stats = row
    keep_settings(session, settings)
    keep_stats(session, user_id, stats)
    return card, drill, get_settings(session=session)


@dataclass(frozen=True)
class PreparedAnswer:
    """An answer checked and scheduled, not yet written (see `record_answer`)."""

    card: DrillCard
    drill: Drill
    rating: Rating
    verdict: Verdict | None
    after: CardState
    reviews_before: int
    lapses_before: int
    state_before: int
    now: datetime
    answer: str | None
    duration_ms: int | None
    score: float | None


def prepare_answer(*, session: Session, user_id: int, drill_id: int, shown_state: str,
                   rating: int | None = None, answer: str | None = None, now: datetime,
                   duration_ms: int | None = None, desired_retention: float | None = None,
                   fuzz: bool = True, score: float | None = None) -> PreparedAnswer:
    """Check an answer and work out the card's next schedule, reading only.

    Nothing is written, so a caller may do this before waiting for its turn to write;
    `record_answer` then refuses it if the card changed meanwhile.
    """
    card, drill, settings = _load_for_answer(session, user_id, drill_id)
    return _prepared(session, card, drill, settings, shown_state=shown_state, rating=rating,
                     answer=answer, now=now, duration_ms=duration_ms,
                     desired_retention=desired_retention, fuzz=fuzz, score=score)


def prepare_answer_in_sync(*, session: Session, user_id: int, team_ids: Iterable[int],
                           drill_id: int, shown_state: str, rating: int | None,
                           answer: str | None, now: datetime,
                           duration_ms: int | None) -> PreparedAnswer | None:
    """`prepare_answer` for a rep whose cards must first match what is launched to their
    teams: None when they do not (the caller aligns them, which writes, and answers after).
    The check is read with the card, in one statement."""
    ids = sorted(set(team_ids))
    row = session.execute(_FOR_ANSWER_IN_SYNC, {"user_id": user_id, "drill_id": drill_id,
                                                "team_ids": ids}).first()
    if row is None:  # not the rep's card, or one that aligning them would give them
        if not rep_in_sync(session=session, user_id=user_id, team_ids=ids):
            return None
        raise _not_in_practice(drill_id)
    card, drill, settings, stats, in_sync = row
    if not in_sync:
        return None
    keep_settings(session, settings)
    keep_stats(session, user_id, stats)
    return _prepared(session, card, drill, get_settings(session=session),
                     shown_state=shown_state, rating=rating, answer=answer, now=now,
                     duration_ms=duration_ms)


def _prepared(session: Session, card: DrillCard, drill: Drill, settings: DrillSettings, *,
              shown_state: str, rating: int | None, answer: str | None, now: datetime,
              duration_ms: int | None, desired_retention: float | None = None,
              fuzz: bool = True, score: float | None = None) -> PreparedAnswer:
    _check_answerable(session, card, shown_state, now, settings)
    chosen_rating, verdict = _judge(drill, rating, answer)
    before = CardState(state=card.state, step=card.step, stability=card.stability,
                       difficulty=card.difficulty, due=card.due, last_review=card.last_review)
    after = review(before, chosen_rating, now=now, fuzz=fuzz,
                   desired_retention=desired_retention or settings.desired_retention)
    return PreparedAnswer(card=card, drill=drill, rating=chosen_rating, verdict=verdict,
                          after=after, reviews_before=card.reviews, lapses_before=card.lapses,
                          state_before=card.state, now=now, answer=answer,
                          duration_ms=duration_ms, score=score)


def record_answer(*, session: Session, prepared: PreparedAnswer) -> AnswerResult:
    """Write a prepared answer: the card's new schedule, the raw review log, the day's
    counts. Counted once: a card answered since it was prepared is refused (409)."""
    p, card, drill = prepared, prepared.card, prepared.drill
    was_new = p.reviews_before == 0
    if was_new and new_left_today(session=session, user_id=card.user_id, now=p.now) <= 0:
        raise Conflict("You have started today's new cards. Come back tomorrow for more.")
    lapse = int(p.state_before == 2 and p.rating == Rating.AGAIN)
    # Optimistic lock on the review counter: of two racing requests one updates, one 409s.
    values = {"state": p.after.state, "step": p.after.step, "stability": p.after.stability,
              "difficulty": p.after.difficulty, "due": p.after.due,
              "last_review": p.after.last_review, "reviews": p.reviews_before + 1,
              "lapses": p.lapses_before + lapse, "queue": SCHEDULED}
    assert card.id is not None and drill.id is not None
    review: dict[str, Any] = {
        "card_id": card.id, "user_id": card.user_id, "drill_id": drill.id,
        "rating": int(p.rating), "reviewed_at": p.now, "duration_ms": p.duration_ms,
        "source": _source(drill.kind, scored=p.score is not None), "answer": p.answer,
        "correct": p.verdict.correct if p.verdict else None, "score": p.score,
        "state_before": p.state_before, "state_after": p.after.state,
        "stability_after": p.after.stability, "difficulty_after": p.after.difficulty,
        "due_after": p.after.due or p.now}
    guard = {"card_id": card.id, "reviews_before": p.reviews_before}
    if session.get_bind().dialect.name == "postgresql":
        # Both writes in one statement: the review is logged only if the card's update
        # matched (a data-modifying WITH; SQLite has none, so it takes two).
        logged_id = session.execute(_ANSWER_AND_LOG, {
            **values, **guard, **{f"log_{k}": v for k, v in review.items()}}
        ).scalar_one_or_none()
    else:
        done = session.execute(_ANSWER_CARD, {**values, **guard}
                               ).rowcount  # type: ignore[attr-defined]
        logged = session.execute(_LOG_REVIEW, review) if done == 1 else None
        logged_id = logged.inserted_primary_key[0] if logged else None  # type: ignore[attr-defined]
    if logged_id is None:
        raise Conflict("This card was already answered (a double tap or an old screen). "
                       "It was counted once.")
    for name, value in values.items():  # what was written, without re-reading the row
        set_committed_value(card, name, value)
    review["id"] = logged_id
    count_day(session, card.user_id, p.now, new=was_new)
    session.flush()
    return AnswerResult(card=card, drill=drill, rating=p.rating, verdict=p.verdict,
                        answer=p.answer if p.verdict is not None else None,
                        review=review)


def answer(*, session: Session, user_id: int, drill_id: int, shown_state: str,
           rating: int | None = None, answer: str | None = None, now: datetime,
           duration_ms: int | None = None, desired_retention: float | None = None,
           fuzz: bool = True, score: float | None = None) -> AnswerResult:
    """Answer a due card once: check it, reschedule with FSRS, log the raw review.

    A spoken drill takes a rating either way: from its scored take (with `score`) or
    from the rep, when they could not speak (without).
    """
    prepared = prepare_answer(session=session, user_id=user_id, drill_id=drill_id,
                              shown_state=shown_state, rating=rating, answer=answer, now=now,
                              duration_ms=duration_ms, desired_retention=desired_retention,
                              fuzz=fuzz, score=score)
    return record_answer(session=session, prepared=prepared)


# Core statements (no ORM unit of work) for the two writes of every answer.
_ANSWER_CARD = DrillCard.__table__.update().where(  # type: ignore[attr-defined]
    DrillCard.__table__.c.id == bindparam("card_id"),  # type: ignore[attr-defined]
    DrillCard.__table__.c.reviews == bindparam("reviews_before"),  # type: ignore[attr-defined]
).values({name: bindparam(name) for name in (
    "state", "step", "stability", "difficulty", "due", "last_review", "reviews", "lapses",
    "queue")})
_LOG_REVIEW = DrillReview.__table__.insert()  # type: ignore[attr-defined]
_REVIEWS = DrillReview.__table__  # type: ignore[attr-defined]
_REVIEW_FIELDS = ("card_id", "user_id", "drill_id", "rating", "reviewed_at", "duration_ms",
                  "source", "answer", "correct", "score", "state_before", "state_after",
                  "stability_after", "difficulty_after", "due_after")
# PostgreSQL: the card's update and its review's insert in one statement; the review is
# inserted (and its id returned) only when the update matched the card as it was shown.
# (The review's values are bound as log_*: an update's parameters named like one of its
# table's columns would be set on it.)
_ANSWERED = _ANSWER_CARD.returning(DrillCard.__table__.c.id).cte(  # type: ignore[attr-defined]
    "answered")
_ANSWER_AND_LOG = _REVIEWS.insert().from_select(
    list(_REVIEW_FIELDS),
    select(*(bindparam(f"log_{name}", type_=_REVIEWS.c[name].type)
             for name in _REVIEW_FIELDS))
    .select_from(_ANSWERED)).returning(_REVIEWS.c.id)


def _source(kind: str, *, scored: bool) -> str:
    # A scored take answers a spoken drill; unscored, its rep rated themself ("tap").
    return "spoken" if scored else kind_of(kind).source
