"""Kinds of speech in which a forbidden or retired phrase is said but not claimed
(drills.scoring.phrase_framing): given to someone else in a short clause inside or
after it, named as an example of a kind of words, called a word nobody stands by, said
by someone the rep had before, said foolish to say, and a retired name spoken of as
gone (its holders moved off it, what there was before, what stopped being sold). Each
with a near miss that is still the rep's claim. Sentences written for these
mechanisms, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize(("text", "said"), [
    ("Tamper-proof, the salesman said.", False),
    ("Tamper-proof, they said. Then the seals failed.", False),
    ("Tamper-proof, says the brochure.", False),
    ("\"Tamper-proof,\" the last supplier told them.", False),
    ("Every seal, they say, is tamper-proof.", False),
    # the rep's side, testimony, agreement, a saying: the rep's claim
    ("It's tamper-proof, I promise.", True),
    ("It's tamper-proof, our auditors say.", True),
    ("Tamper-proof, customers tell us.", True),
    ("It's tamper-proof, they say, and they're right.", True),
    ("It's tamper-proof, as they say.", True),
])
def test_a_phrase_given_to_others_in_a_short_clause(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Claims like tamper-proof make inspectors nervous.", False),
    ("Buzzwords such as tamper-proof scare off inspectors.", False),
    ("Tamper-proof is a word I'd never put in a contract.", False),
    ("Tamper-proof is a term that gets thrown around.", False),
    ("Seals like tamper-proof caps come standard.", True),
    ("Tamper-proof is the word for it.", True),
    ("Tamper-proof is a term I stand behind.", True),
])
def test_a_phrase_named_as_a_word(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("My old boss liked to say tamper-proof.", False),
    ("Our previous supplier always said it was tamper-proof.", False),
    ("We'd be fools to call it tamper-proof.", False),
    ("My team says it's tamper-proof.", True),
    ("We'd be proud to call it tamper-proof.", True),
])
def test_a_phrase_said_by_those_before_or_called_foolish(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Ledger Classic customers were migrated last year.", False),
    ("Ledger Classic licences were upgraded automatically.", False),
    ("Before Ledger Cloud there was Ledger Classic.", False),
    ("Ledger Classic stopped being sold in May.", False),
    ("Ledger Classic customers are happy.", True),
    ("There was Ledger Classic in every deal we closed this month.", True),
    ("Ledger Classic stopped the churn for one client.", True),
])
def test_a_retired_name_spoken_of_as_gone(text: str, said: bool) -> None:
    assert _said("retired", "Ledger Classic", text) is said


@pytest.mark.parametrize(("text", "said"), [
    # a quoting adjective or a denying adverb before it
    ("The so-called risk-free plans cost the most.", False),
    ("It's hardly risk-free.", False),
    ("It's far from risk-free.", False),
    ("It's hardly surprising: it's risk-free.", True),
    ("Far from slow, it's risk-free and quick.", True),
    # called a mistake or a tale, put off the table, denied after it
    ("Risk-free was a mistake in our old deck.", False),
    ("Risk-free is a fairy tale.", False),
    ("Risk-free is off the table as a claim.", False),
    ("Risk-free it is not.", False),
    ("Risk-free is no mistake.", True),
    ("Risk-free it is.", True),
    # taken back later in its sentence
    ("Years ago we called it risk-free, and we were wrong.", False),
    ("We called it risk-free, which was misleading.", False),
    ("It's risk-free, and we were the first.", True),
    ("It's risk-free, and anyone who says otherwise is wrong.", True),
    ("It's risk-free, which is why buyers love it.", True),
    # what a former thing was, a condition contrary to fact
    ("Our old slogan was risk-free; we dropped it.", False),
    ("Wouldn't it be great if it were risk-free?", False),
    ("The old plan was slow; this one is risk-free.", True),
    ("If it were any other lender, I'd worry; ours is risk-free.", True),
    # others said it (a noun that spells a verb of saying is no verb), or a boast
    ("Half the market says risk-free.", False),
    ("Our market research says it's risk-free.", True),
    ("Nobody else is risk-free, but we are.", True),
])
def test_a_phrase_quoted_denied_or_taken_back(text: str, said: bool) -> None:
    assert _said("forbidden", "risk-free", text) is said
