"""FSRS scheduling wrapper: deterministic with fuzzing off and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from drills.scheduling import (
    LEARNING,
    NEW,
    RELEARNING,
    REVIEW,
    CardState,
    Rating,
    interval_text,
    recall_horizon,
    retrievability,
    review,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_new_card_good_enters_learning_then_review() -> None:
    card = review(CardState(due=T0), Rating.GOOD, now=T0, fuzz=False)
    assert card.state == LEARNING
    assert card.due == T0 + timedelta(minutes=10)
    card = review(card, Rating.GOOD, now=card.due, fuzz=False)
    assert card.state == REVIEW
    assert card.due is not None and (card.due - T0).days >= 2


def test_same_inputs_same_schedule() -> None:
    def run() -> list[datetime | None]:
        card, now, dues = CardState(due=T0), T0, []
        for rating in (3, 3, 3, 4, 1, 3, 2):
            card = review(card, rating, now=now, fuzz=False)
            dues.append(card.due)
            now = card.due or now
        return dues

    assert run() == run()


def test_easy_schedules_later_than_hard_and_again_lapses() -> None:
    card = review(CardState(due=T0), Rating.GOOD, now=T0, fuzz=False)
    card = review(card, Rating.GOOD, now=card.due or T0, fuzz=False)
    now = card.due or T0
    hard = review(card, Rating.HARD, now=now, fuzz=False)
    easy = review(card, Rating.EASY, now=now, fuzz=False)
    again = review(card, Rating.AGAIN, now=now, fuzz=False)
    assert hard.due and easy.due and again.due
    assert easy.due > hard.due > again.due
    assert again.state == RELEARNING


def test_higher_retention_means_shorter_intervals() -> None:
    card = review(CardState(due=T0), Rating.GOOD, now=T0, fuzz=False)
    card = review(card, Rating.GOOD, now=card.due or T0, fuzz=False)
    now = card.due or T0
    strict = review(card, Rating.GOOD, now=now, desired_retention=0.95, fuzz=False)
    loose = review(card, Rating.GOOD, now=now, desired_retention=0.8, fuzz=False)
    assert strict.due and loose.due and strict.due < loose.due


def test_retrievability_decays_and_is_zero_when_unseen() -> None:
    assert retrievability(CardState(state=NEW, due=T0), now=T0) == 0.0
    card = review(CardState(due=T0), Rating.GOOD, now=T0, fuzz=False)
    card = review(card, Rating.GOOD, now=card.due or T0, fuzz=False)
    soon = retrievability(card, now=(card.last_review or T0) + timedelta(hours=1))
    later = retrievability(card, now=(card.last_review or T0) + timedelta(days=30))
    assert 0.95 < soon <= 1.0
    assert later < soon
    # At the due date the predicted recall is the desired retention (what FSRS aims for).
    assert retrievability(card, now=card.due or T0) == pytest.approx(0.9, abs=0.01)


def test_bad_rating_and_retention_are_refused() -> None:
    with pytest.raises(ValueError):
        review(CardState(due=T0), 5, now=T0)
    with pytest.raises(ValueError):
        review(CardState(due=T0), 3, now=T0, desired_retention=0.5)


def test_naive_datetimes_are_read_as_utc() -> None:
    naive = review(CardState(due=T0.replace(tzinfo=None)), 3, now=T0.replace(tzinfo=None),
                   fuzz=False)
    assert naive.due == T0 + timedelta(minutes=10)


def test_interval_text() -> None:
    assert interval_text(T0 + timedelta(minutes=10), T0) == "in 10 minutes"
    assert interval_text(T0 + timedelta(days=1), T0) == "tomorrow"
    assert interval_text(T0 + timedelta(days=12), T0) == "in 12 days"
    assert interval_text(T0 + timedelta(days=90), T0) == "in 3 months"


@settings(max_examples=200, deadline=None)
@given(stability=hs.floats(0.01, 1000.0), hours=hs.floats(0.0, 24 * 400.0),
       state=hs.sampled_from([LEARNING, REVIEW, RELEARNING]))
def test_retrievability_is_fsrs_own(stability: float, hours: float, state: int) -> None:
    """The shortcut (no fsrs Card built) gives exactly what fsrs computes."""
    card = CardState(state=state, step=0 if state != REVIEW else None, stability=stability,
                     difficulty=5.0, due=T0, last_review=T0)
    now = T0 + timedelta(hours=hours)
    scheduler = fsrs.Scheduler(desired_retention=0.9, enable_fuzzing=False)
    expected = scheduler.get_card_retrievability(
        fsrs.Card(card_id=1, state=fsrs.State(state), step=card.step, stability=stability,
                  difficulty=5.0, due=T0, last_review=T0), now)
    assert retrievability(card, now=now, desired_retention=0.9) == pytest.approx(expected,
                                                                                 rel=1e-12)


@settings(max_examples=400, deadline=None)
@given(stability=hs.floats(0.01, 5000.0), days=hs.integers(0, 4000),
       threshold=hs.floats(0.5, 0.99), retention=hs.floats(0.7, 0.97))
def test_the_recall_horizon_is_the_same_test_as_retrievability(
        stability: float, days: int, threshold: float, retention: float) -> None:
    """Counting recalled cards in SQL (whole days ≤ stability × horizon) must agree with
    computing each card's retrievability, except a hair's breadth from the threshold."""
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    card = CardState(state=REVIEW, step=None, stability=stability, difficulty=5.0,
                     due=now, last_review=now - timedelta(days=days, hours=3))
    r = retrievability(card, now=now, desired_retention=retention)
    horizon = recall_horizon(threshold, desired_retention=retention)
    if abs(r - threshold) > 1e-9:
        assert (days <= stability * horizon) == (r >= threshold)


def test_a_recall_threshold_outside_0_1_is_refused() -> None:
    with pytest.raises(ValueError):
        recall_horizon(0.0, desired_retention=0.9)
