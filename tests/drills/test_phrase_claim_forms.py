"""Phrases said as the rep's own claim in other forms, and near misses (helper phr).
Sentences made up for these tests."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said


@pytest.mark.parametrize("text", [
    "so the ovens they never burn out, honestly",
    "the ovens, they they never uh burn out",
])
def test_topic_taken_up_by_they_is_the_claim(text: str) -> None:
    assert phrase_said("forbidden", "never burns out", text)


@pytest.mark.parametrize("text", [
    "their ovens, they never burn out, or so they say",
    "my old ovens they never burn out either",
])
def test_someone_elses_topic_is_not_the_claim(text: str) -> None:
    assert not phrase_said("forbidden", "never burns out", text)


def test_possessive_of_the_subject_inside_the_phrase() -> None:
    assert phrase_said("forbidden", "never miss a deadline",
                       "with us you'll never miss your deadline again")


def test_possessive_of_someone_else_inside_the_phrase() -> None:
    assert not phrase_said("forbidden", "never run out of stock",
                           "you will never run out of their stock")


@pytest.mark.parametrize("text", [
    "Late fees? Gone. Spoilage goes to zero.",
    "with the sensors spoilage drops to zero basically",
])
def test_figure_said_after_its_noun(text: str) -> None:
    assert phrase_said("forbidden", "zero spoilage", text)


@pytest.mark.parametrize("text", [
    "spoilage never goes to zero, but it halves",
    "their spoilage goes to zero, they say, which I doubt",
    "spoilage goes to zero percent of what it was",
])
def test_figure_after_its_noun_denied_or_elsewhere(text: str) -> None:
    assert not phrase_said("forbidden", "zero spoilage", text)


@pytest.mark.parametrize("text", [
    "We guarantee you the savings from the first month.",
    "I can guarantee your savings, honestly.",
])
def test_participle_said_as_our_verb(text: str) -> None:
    assert phrase_said("forbidden", "guaranteed savings", text)


@pytest.mark.parametrize("text", [
    "They guarantee you the savings; we show you the meter.",
    "We don't guarantee you the savings, we measure them.",
])
def test_participle_as_verb_of_others_or_denied(text: str) -> None:
    assert not phrase_said("forbidden", "guaranteed savings", text)


def test_refusal_reaches_over_the_complements_subject() -> None:
    text = "I won't stand here and tell you the ovens never burn out. They do."
    assert not phrase_said("forbidden", "never burns out", text)


def test_saying_the_complement_with_its_subject_is_the_claim() -> None:
    assert phrase_said("forbidden", "never burns out", "I'll tell you the ovens never burn out.")


def test_verb_and_particle_written_as_one_word() -> None:
    assert phrase_said("forbidden", "never burns out", "honestly the ovens never burnout")


def test_the_verb_without_its_particle_is_not_the_phrase() -> None:
    assert not phrase_said("forbidden", "never burns out", "honestly the ovens never burn")


@pytest.mark.parametrize("text", [
    "you'll never, ever miss your deadlines with the planner",
    "you will never ever uh miss your deadlines",
])
def test_emphasis_and_the_subjects_possessive_inside(text: str) -> None:
    assert phrase_said("forbidden", "never miss deadlines", text)


def test_noun_that_opens_a_clause_of_its_own_is_no_object() -> None:
    text = "We guarantee you the savings will show on the first bill."
    assert not phrase_said("forbidden", "guaranteed savings", text)


def test_not_ever_with_the_verb_inflected_otherwise() -> None:
    assert phrase_said("forbidden", "never misses a delivery", "it won't ever miss a delivery")
    assert not phrase_said("forbidden", "never misses a delivery", "it will miss a delivery")


def test_figure_after_its_noun_with_a_phrase_of_how() -> None:
    text = "so yeah spoilage goes to zero with the sensors"
    assert phrase_said("forbidden", "zero spoilage", text)


@pytest.mark.parametrize(("text", "said"), [
    ("I wish spoilage went to zero, but it only halves.", False),
    ("We wish it were zero spoilage; it isn't.", False),
    ("I wish every owner knew spoilage goes to zero with us.", True),
])
def test_what_the_rep_wishes_for(text: str, said: bool) -> None:
    assert phrase_said("forbidden", "zero spoilage", text) is said
