"""Phrase uses read by helper phr: past habits, a correction after a report, a saying
verb whose complement is a clause of time. Sentences made up for these tests."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said


def test_reported_then_corrected_is_not_claimed() -> None:
    text = ("Members often tell me the gym is open all night because of the app, and I "
            "always correct them.")
    assert not phrase_said("forbidden", "open all night", text)


@pytest.mark.parametrize("text", [
    "Members tell me the gym is open all night, and I agree.",
    "Members tell me the gym is open all night, and they are correct.",
])
def test_reported_then_agreed_is_claimed(text: str) -> None:
    assert phrase_said("forbidden", "open all night", text)


def test_saying_verb_followed_by_a_clause_of_time_reports_nothing() -> None:
    text = ("so you get the lockers booked online fresh towels offered when they sign up "
            "and the gym is open all night basically")
    assert phrase_said("forbidden", "open all night", text)


def test_retired_name_in_a_past_habit_is_gone_by() -> None:
    text = "We used to run members on the paper punch cards, one per visit. Now they tap in."
    assert not phrase_said("retired", "paper punch cards", text)


def test_retired_name_after_now_is_said() -> None:
    text = "It used to take a queue, but now the paper punch cards print at the door."
    assert phrase_said("retired", "paper punch cards", text)


def test_phrase_as_subject_of_a_past_habit_is_not_claimed() -> None:
    text = "The only free parking in this town used to be the old market, and it closed."
    assert not phrase_said("forbidden", "free parking", text)


def test_past_habit_in_another_clause_leaves_it_claimed() -> None:
    text = "You get free parking in this town, used to be a nightmare."
    assert phrase_said("forbidden", "free parking", text)



def test_asked_whether_unanswered_is_not_claimed() -> None:
    assert not phrase_said("forbidden", "open all night",
                           "Members ask me whether it's open all night.")


@pytest.mark.parametrize("text", [
    "Members ask me whether we're open all night. We are.",
    "Members ask whether it's open all night; it is, and the app books the slots.",
])
def test_asked_whether_answered_by_a_bare_yes_is_claimed(text: str) -> None:
    assert phrase_said("forbidden", "open all night", text)


@pytest.mark.parametrize("text", [
    "Open all night is what the other chains print on the box.",
    "Open all night is what our rivals put on their vans.",
])
def test_what_others_print_on_their_goods_is_not_claimed(text: str) -> None:
    assert not phrase_said("forbidden", "open all night", text)


def test_what_our_team_prints_is_claimed() -> None:
    text = "Open all night is what our team prints on the box."
    assert phrase_said("forbidden", "open all night", text)


@pytest.mark.parametrize("text", [
    "Customers think the battery never runs out. It can.",
    "Sure, the battery never runs out. It does, sometimes, on cold days.",
])
def test_never_answered_by_a_bare_opposite_is_not_claimed(text: str) -> None:
    assert not phrase_said("forbidden", "never runs out", text)


@pytest.mark.parametrize("text", [
    "The battery never runs out. It can't, the panel tops it up.",
    "The battery never runs out. It does what we promise.",
])
def test_never_followed_by_more_of_the_same_is_claimed(text: str) -> None:
    assert phrase_said("forbidden", "never runs out", text)


@pytest.mark.parametrize(("text", "said"), [
    ("One member said the gym is open all night, which is kind but not something we promise.",
     False),
    ("The gym is open all night, that's not a thing I'd claim lightly.", False),
    ("The gym is open all night, which is something we promise.", True),
])
def test_taken_up_as_not_ours_to_say(text: str, said: bool) -> None:
    assert phrase_said("forbidden", "open all night", text) is said
