"""Kinds of speech around a forbidden phrase told by structure, not by the playbook's
words: small words put inside it, whose side stands behind it ("with us ..."), who
prints or puts it on something, a denied verb of presenting something as it, and its
words given back to whoever said them ("his words, not ours"). Sentences are new, each
kind with near misses."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said


def _said(phrase: str, text: str) -> bool:
    return phrase_said("forbidden", phrase, text)


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a quantifier before its noun, a particle of place before its preposition
    ("we know people at customs", "Between us, we know a few people down at customs.", True),
    ("we know people at customs", "We know a couple of people over at customs.", True),
    ("we know people at customs", "We know some people at customs.", True),
    ("pays for itself in a month", "It pays for itself in about a month.", True),
    # not someone else, a possessive, a definite article, nor over a sentence's end
    ("we know people at customs", "They know a few people at customs.", False),
    ("best in class", "She was best in the class.", False),
    ("best in class", "She was best in her class.", False),
    ("we know people at customs", "We know a few people. At customs, nobody.", False),
    ("pays for itself in a month", "It pays for itself in 3 a month.", False),
])
def test_small_words_inside_a_phrase(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # the rep's side behind what the listener's people get
    ("never lose a parcel again", "Honestly, with us they never lose a parcel again.", True),
    ("never lose a parcel again", "Thanks to us they're never losing a parcel again.", True),
    # without it, "they" is someone else's claim
    ("never lose a parcel again", "They never lose a parcel again.", False),
    ("never lose a parcel again",
     "With their old courier they never lose a parcel again, or so they say.", False),
])
def test_own_side_behind_a_predicate(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # someone else prints, publishes or puts it on something
    ("fastest broadband in town", "A rival prints fastest broadband in town on every van.",
     False),
    ("fastest broadband in town",
     "The other firms published fastest broadband in town in the local paper.", False),
    ("fastest broadband in town",
     "One of our competitors wrote fastest broadband in town on its flyers.", False),
    ("clinically proven", "Other brands put clinically proven on their packaging.", False),
    ("clinically proven", "They slap clinically proven across the box.", False),
    ("clinically proven", "You'll see clinically proven on their leaflets.", False),
    # the rep's side doing it, or "put" with another object, is the claim
    ("fastest broadband in town", "We print fastest broadband in town on every van.", True),
    ("clinically proven", "We put clinically proven on the label because it is.", True),
    ("clinically proven", "Other brands put it through trials; ours is clinically proven.",
     True),
    ("clinically proven", "It's clinically proven, it says so on our leaflets.", True),
])
def test_printed_by_others(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a denial over a verb of presenting something as it
    ("risk-free investment", "We don't market anything as a risk-free investment.", False),
    ("risk-free investment", "We never pitch it as a risk-free investment.", False),
    ("risk-free investment", "I would not sell our fund as a risk-free investment.", False),
    # not denied, or the denial ends before
    ("risk-free investment", "We market it as a risk-free investment.", True),
    ("risk-free investment",
     "We don't charge fees, and we sell it as a risk-free investment.", True),
])
def test_presented_as_denied(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("doubles your sales",
     "A client told his board it doubles your sales. His words, not ours.", False),
    ("doubles your sales",
     "Our customers say it doubles your sales, their claim, not mine.", False),
    ("doubles your sales",
     "A client told me it doubles your sales. Not my words, but close.", False),
    # no words of saying given back, or the rep's own too
    ("doubles your sales",
     "It doubles your sales. Not ours to keep, the profit is yours.", True),
    ("doubles your sales",
     "A client told his board it doubles your sales. His words, and ours.", True),
])
def test_words_given_back(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # what someone else's words are, where others print or put it, warned against
    ("zero paperwork", "Our competitor's slogan is zero paperwork.", False),
    ("zero paperwork", "The rival's tagline was zero paperwork.", False),
    ("zero paperwork", "Their pitch is zero paperwork.", False),
    ("zero paperwork", "You'll read zero paperwork on a lot of vendor sites.", False),
    ("zero paperwork", "Zero paperwork, that's what rivals print on their flyers.", False),
    ("zero paperwork", "Zero paperwork, that's what they put on the flyer.", False),
    ("zero paperwork", "What we'd never write on a form is zero paperwork.", False),
    ("zero paperwork", "Zero paperwork is a red flag, frankly.", False),
    # the rep's own words, place or promise, or the warning denied
    ("zero paperwork", "Our slogan is zero paperwork.", True),
    ("zero paperwork", "It's zero paperwork on every site we run.", True),
    ("zero paperwork", "Zero paperwork, that's what we promise.", True),
    ("zero paperwork", "Zero paperwork, that's what customers tell us they love.", True),
    ("zero paperwork", "What we write on every form is zero paperwork.", True),
    ("zero paperwork", "Zero paperwork isn't a red flag, it's the point.", True),
])
def test_others_words_and_warnings(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # printed by someone, a former line, someone else mentioning it
    ("instant approval", "You'll see instant approval plastered everywhere.", False),
    ("instant approval", "Instant approval splashed across every van, that's them.", False),
    ("instant approval", "Instant approval was the line at my last job.", False),
    ("instant approval", "Instant approval was the pitch of my old boss.", False),
    ("instant approval", "His pitch was all instant approval and no substance.", False),
    ("instant approval", "If someone mentions instant approval, tell them it takes a day.",
     False),
    ("instant approval", "Their website mentions instant approval on the front page.", False),
    # the rep's own print, pitch or mention, or a former thing that is no line
    ("instant approval", "We have instant approval printed on our boxes.", True),
    ("instant approval", "Our pitch is just instant approval.", True),
    ("instant approval", "Instant approval was the best feature of my last loan.", True),
    ("instant approval", "Let me mention instant approval: it takes seconds.", True),
    ("instant approval", "Our website mentions instant approval on the front page.", True),
])
def test_printed_former_or_mentioned(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a hedged report after it gives it to its source
    ("never goes down", "It never goes down, or so our old brochure said.", False),
    ("never goes down", "It never goes down, or so the competition says.", False),
    # the rep's own voice, or no report
    ("never goes down", "It never goes down, or so we say, and we mean it.", True),
    ("never goes down", "It never goes down, or so I tell my team.", True),
    ("never goes down", "It never goes down or so.", True),
])
def test_hedged_report_after(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a filler of two words inside a phrase of any size
    ("eliminates fraud", "it completely eliminates, you know, fraud", True),
    ("eliminates fraud", "It eliminates, I mean, fraud of every kind.", True),
    ("zero fees", "It's zero, you know, fees.", True),
    ("we know people at customs", "We know, you know, people at customs.", True),
    # not with a negation or a possessive after it
    ("eliminates fraud", "It eliminates, you know, no fraud at all.", False),
    ("best in class", "She was best in, you know, her class.", False),
])
def test_two_word_fillers_inside(phrase: str, text: str, said: bool) -> None:
    assert _said(phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    # a contracted "has"/"is" the tokens lose, then what makes it past
    ("The Express Plan's been replaced by Flex.", False),
    ("The Express Plan's been retired.", False),
    ("The Express Plan's gone.", False),
    ("The Express Plan's history now.", False),
    # the same contraction with a claim, or a possessive
    ("The Express Plan's been great for small teams.", True),
    ("The Express Plan's been our best seller.", True),
    ("The Express Plan's price is low.", True),
])
def test_contracted_past_after_a_retired_name(text: str, said: bool) -> None:
    assert phrase_said("retired", "Express Plan", text) is said
