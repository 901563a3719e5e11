"""Kinds of mishearing by a speech recogniser (Whisper) that still say a forbidden or
retired phrase (drills.scoring.phrases): a long name heard with its first syllable
changed and a small word swapped beside it ("half the price on Nandesk" for "half the
price of Zendesk"), and the "-tion" of a word written as a word of its own ("our
encrypt showing is military grade"). Each with near misses that must not match: another
name that keeps less of it, the words spread over a pause, a word that only looks like
the suffix. Sentences written for these mechanisms, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize(("text", "said"), [
    ("Honestly we come in at half the cost on Nubtrack for the same seats.", True),
    ("We come in at half the cost of Nubtrack for the same seats.", True),
    ("We come in at half the cost on Hubtrack.", True),
    # another name that keeps only its end, or nothing of it
    ("We come in at half the cost of Quicktrack for the same seats.", False),
    ("We come in at half the cost on Quicktrack for the same seats.", False),
    ("We come in at half the cost on Nubtrick for the same seats.", False),
    # the small word swapped with another word changed too: not the phrase
    ("Half the cost and Nubtrack is slower anyway.", False),
    ("The cost on Nubtrack is half of that.", False),
])
def test_a_name_heard_with_its_first_syllable_misheard(text: str, said: bool) -> None:
    assert _said("forbidden", "half the cost of Hubtrack", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Our automate shun is fully hands-off.", True),
    ("Our automate showing is fully hands-off.", True),
    ("Honestly the automate shun, it's fully hands-off.", True),
    # a pause between: the word and another
    ("We automate. Sean is fully hands-off about it.", False),
    ("We automate, showing is fully hands-off.", False),
    # not a sound of the suffix, or a word it does not make
    ("Our automate show is fully hands-off.", False),
    ("The contract shown is fully hands-off.", False),
])
def test_a_suffix_heard_as_a_word_of_its_own(text: str, said: bool) -> None:
    assert _said("forbidden", "fully hands-off automation", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("And the quotes, we turn those around in seventy two hours, so nobody waits.", True),
    ("The quotes, we send them out within seventy two hours.", True),
    # another verb, a negation, the time in another clause: not the claim
    ("The quotes took seventy two hours, so people waited.", False),
    ("The quotes, we used to turn those around in seventy two hours.", False),
    ("The quotes, we never turn those around in seventy two hours.", False),
    ("The quotes, we turn those around, and in seventy two hours the job starts.", False),
    ("We turn the quotes around, then seventy two hours later the crew arrives.", False),
])
def test_a_thing_of_a_phrase_of_time_named_first_and_its_time_after(
        text: str, said: bool) -> None:
    assert _said("retired", "72-hour quotes", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Honestly, it all ships with Stackwide and tend.", True),
    ("It all ships with Stackwide in tend, and that is the plan.", True),
    # not at a clause's end: the small word joins on another word
    ("Open Stackwide and tend the queue from there.", False),
    ("We run Stackwide and tend to keep it simple.", False),
    # its name heard as written: "and" joins two things, no mishearing
    ("It all ships with Stackwise and tend.", False),
    # not the rest of the word, or a pause between
    ("It all ships with Stackwide and tender.", False),
    ("It all ships with Stackwide. And tend.", False),
])
def test_an_unstressed_first_syllable_heard_as_a_small_word(text: str, said: bool) -> None:
    assert _said("retired", "Stackwise Extend", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("We are pep-pot compliant, so you are covered.", True),
    ("We are pep pot compliant, so you are covered.", True),
    ("We are PEPPA compliant, so you are covered.", True),
    # two words apart, another word after its first syllable, or denied
    ("We have pep new compliant trainers on staff.", False),
    ("Our pep-pot team got compliant last year.", False),
    ("We're not pep-pot compliant, nobody is.", False),
])
def test_a_name_in_capitals_heard_as_a_compound(text: str, said: bool) -> None:
    assert _said("forbidden", "PEPPA-compliant", text) is said


def test_a_word_that_sounds_like_the_suffix_stays_for_a_phrase_without_one() -> None:
    # (only a phrase with a "-tion" word joins it on: "chart showing" is said as is)
    assert _said("forbidden", "a chart showing guaranteed margins",
                 "We give you a chart showing guaranteed margins every week.")
