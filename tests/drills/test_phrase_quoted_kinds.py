"""Phrase uses read by helper phr: quoted words, a verb of receiving before "their", a
verbless reply that ends on a word of the past. Sentences made up for these tests."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said


@pytest.mark.parametrize("text", [
    'A blogger called our app "totally crash-free for busy cafes", which I would not repeat.',
    'The flyer at the show read: "crash-free". A customer believed it and regretted it.',
    'The review ran under "the app that stays crash-free". Nice, but we test every week.',
])
def test_quoted_phrase_is_not_claimed(text: str) -> None:
    assert not phrase_said("forbidden", "crash-free", text)


@pytest.mark.parametrize("text", [
    'We always tell cafe owners: "crash-free, every single day".',
    "Honestly it is crash-free, every single day.",
])
def test_own_quote_or_plain_claim_is_said(text: str) -> None:
    assert phrase_said("forbidden", "crash-free", text)


def test_receiving_their_retired_item_is_the_offer() -> None:
    text = "Your members receive their paper punch cards at the desk, and the app logs visits."
    assert phrase_said("retired", "paper punch cards", text)


def test_keeping_their_retired_item_is_not_the_offer() -> None:
    text = "Some gyms keep their paper punch cards in a drawer; the app logs every visit."
    assert not phrase_said("retired", "paper punch cards", text)


@pytest.mark.parametrize("text", [
    "The paper punch cards? Old story, gone. Members tap in with the app now.",
    "Paper punch cards. Long dead, gone. The app logs each visit.",
])
def test_verbless_bygone_reply_disowns(text: str) -> None:
    assert not phrase_said("retired", "paper punch cards", text)


def test_reply_with_a_subject_does_not_disown() -> None:
    text = "We hand out paper punch cards. Old members love them."
    assert phrase_said("retired", "paper punch cards", text)


def test_scare_quotes_after_a_present_copula_still_assert() -> None:
    assert phrase_said("forbidden", "crash-free", 'Honestly the till is "crash-free", near enough.')
