"""Recall of forbidden and retired phrases said in other forms (drills.scoring.phrases):
a word inflected or turned into its adverb, fillers before or inside the phrase, the
phrase's adjective said after its noun, and its words spread over a topic named first
and the clause that takes it up. Each kind with a near miss that must stay unsaid.
Sentences written for these mechanisms, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # an adjective said as the adverb of its verb is the same claim ...
    ("forbidden", "instant refunds", "We refund instantly, whatever the basket.", True),
    ("forbidden", "instant refunds",
     "We refund the basket, instantly checked for fraud first.", False),
    # ... but an adverb made of a name is another word
    ("retired", "Orbit Express", "Orbit expressly forbids resale.", False),
    ("retired", "Orbit Express", "You're on Orbit Express today.", True),
])
def test_an_adjective_said_as_its_adverb(kind: str, phrase: str, text: str,
                                         said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("doubles your revenue", "Your revenue is doubled in the first quarter.", True),
    ("doubles your revenue", "Your revenue is not doubled, it grows steadily.", False),
    ("cuts your water bill in half", "Your water bill is cut in half.", True),
])
def test_a_word_inflected_in_another_order(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("never lose a file", "You will never, ever, um, lose a file.", True),
    ("never lose a file", "You will, um, lose a file now and then.", False),
])
def test_fillers_before_the_phrase_words(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("guaranteed uptime", "The uptime is, uh, guaranteed.", True),
    ("guaranteed uptime", "Uptime that is, uh, guaranteed by contract.", True),
    ("guaranteed uptime", "Uptime that is not guaranteed costs you.", False),
    ("guaranteed uptime", "Uptime, the vendor says, is guaranteed.", False),
])
def test_the_adjective_said_after_its_noun(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a topic named first, then taken up by a pronoun, fillers between
    ("cuts your water bill in half", "Your water bill, it gets cut, you know, in half.", True),
    ("cuts your water bill in half",
     "Honestly your water bill, it's cut, like, in half within a year.", True),
    ("free shipping on every order", "Every single order, the shipping is free.", True),
    # the same words in two claims, another verb's object, or denied
    ("cuts your water bill in half", "Half your water bill is sewage, and we cut the rest.",
     False),
    ("cuts your water bill in half", "Half your water bill is sewage, we cut paperwork there.",
     False),
    ("cuts your water bill in half", "On your water bill, we cut the paperwork in half.",
     False),
    ("cuts your water bill in half", "Your water bill, it doesn't get cut in half.", False),
    ("free shipping on every order",
     "Every order is checked before shipping, and nothing is free.", False),
])
def test_words_spread_over_a_topic_and_its_clause(phrase: str, text: str,
                                                  said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a compound adjective unpacked into a passive with "by"
    ("government-approved", "It is approved by the government.", True),
    ("AI-powered", "It is powered by AI.", True),
    ("government-approved", "It is not approved by the government.", False),
    ("AI-powered", "It is powered by people, not AI.", False),
    # a phrase's own negation, its words reordered around it
    ("guaranteed no inspections", "No inspections, guaranteed.", True),
    ("guaranteed no inspections", "Inspections guaranteed.", False),
    # "never" said as "never again" or "not ever"
    ("never lose a file", "You will never again lose a file.", True),
    ("never miss a payment", "You won't ever miss a payment.", True),
    ("never miss a payment", "I can't promise you won't ever miss a payment.", False),
    ("never miss a payment", "Not everyone will miss a payment.", False),
])
def test_a_phrase_unpacked_or_its_negation_moved(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # the object of the phrase's verb made its subject, another object after it
    ("forbidden", "replace your packers", "Your packers replace paper lists with voice.", False),
    ("forbidden", "replace your packers", "Your packers are replaced by robots.", True),
    ("forbidden", "replace your packers", "Your packers, it replaces them.", True),
    ("forbidden", "doubles your bookings", "Your bookings, they double.", True),
    # a phrasal verb without its particle is another verb
    ("forbidden", "catch your drivers out", "Catch your drivers doing things right.", False),
    ("forbidden", "catch your drivers out", "It will catch your drivers out.", True),
    ("forbidden", "catch your drivers out", "It catches out your drivers.", True),
    # a name is said in its order
    ("retired", "ShiftPlate Classic", "It's the classic ShiftPlate problem: rotas on paper.",
     False),
    ("retired", "ShiftPlate Classic", "We still sell ShiftPlate Classic.", True),
])
def test_roles_particles_and_names_keep_a_phrase_apart(kind: str, phrase: str, text: str,
                                                       said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # a synonym of one of its words, word for word otherwise
    ("forbidden", "every driver gets their first route", "Each driver gets their first route.",
     True),
    ("retired", "annual safety video", "A yearly safety video.", True),
    ("forbidden", "every driver gets their first route", "Each driver gets a first route.",
     False),
    # a word put in that narrows its last noun
    ("forbidden", "cheaper than any garage", "Cheaper than any other garage.", True),
    ("forbidden", "zero defects", "Zero welding defects.", True),
    ("forbidden", "zero defects", "We never promise zero welding defects.", False),
    ("forbidden", "zero defects", "Zero 5 defects.", False),
    ("forbidden", "best in class", "It is best in her class.", False),
    ("retired", "Harbor Pro", "Harbor backup Pro", False),
])
def test_a_synonym_or_a_narrowing_word(kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a noun asked as a question, answered with what the phrase says of it
    ("zero outages", "Outages? Zero.", True),
    ("zero outages", "Are there outages? Zero, in ten years.", True),
    ("instant refunds", "Refunds? Instant.", True),
    ("no joining fees", "Joining fees? None.", True),
    ("100% delivery rate", "Delivery rate? A hundred percent.", True),
    # ... answered with anything else, or the phrase asked and answered no
    ("100% delivery rate", "Delivery rate? 99.9 percent.", False),
    ("zero outages", "Outages? Zero tolerance for them.", False),
    ("instant refunds", "Refunds? Not instant.", False),
    ("no joining fees", "Joining fees? Small ones.", False),
    ("instant refunds", "Instant refunds? No.", False),
])
def test_a_noun_asked_and_answered(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said
