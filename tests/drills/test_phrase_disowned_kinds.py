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


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # taken up next as a claim noun, or as what others' ads say
    ("forbidden", "same-day refunds",
     "Same-day refunds. That's the line you'll get elsewhere, and it isn't honest.", False),
    ("forbidden", "same-day refunds", "You'll see same-day refunds on a lot of billboards.",
     False),
    ("forbidden", "same-day refunds", "You'll see same-day refunds on our website.", True),
    # answered "that's not how it works", refused in a short next sentence
    ("forbidden", "same-day refunds", "Same-day refunds? That's not how banks work.", False),
    ("forbidden", "same-day refunds", "Same-day refunds? It's not a gimmick, it's real.", True),
    ("forbidden", "same-day refunds", "My predecessor pitched same-day refunds. I won't.",
     False),
    ("forbidden", "same-day refunds", "Same-day refunds. We never charge for them.", True),
    # what the rep does not do, in a clause about it; not part of the offer; off limits
    ("forbidden", "same-day refunds", "Same-day refunds is something we deliberately don't offer.",
     False),
    ("forbidden", "same-day refunds", "Same-day refunds is something we never compromise on.",
     True),
    ("forbidden", "same-day refunds", "Same-day refunds were never part of our offer.", False),
    ("forbidden", "same-day refunds", "Same-day refunds, as a promise, are off limits for us.",
     False),
    # denied to everyone with an aside; others as a quantifier
    ("forbidden", "same-day refunds", "Nobody, us included, can give you same-day refunds.",
     False),
    ("forbidden", "same-day refunds", "Nobody waits, and you get same-day refunds.", True),
    ("forbidden", "same-day refunds", "Some call it same-day refunds. I call it a trap.", False),
    # a retired name closed, wound down, gone the way of, ours until a date
    ("retired", "FlexLoan Classic", "FlexLoan Classic is closed to new customers.", False),
    ("retired", "FlexLoan Classic", "We wound down FlexLoan Classic last year.", False),
    ("retired", "FlexLoan Classic", "FlexLoan Classic went the way of the fax machine.", False),
    ("retired", "FlexLoan Classic", "FlexLoan Classic was our product until 2022.", False),
    ("retired", "FlexLoan Classic", "FlexLoan Classic is our product for first-time buyers.",
     True),
])
def test_more_ways_a_phrase_is_not_claimed(kind: str, phrase: str, text: str,
                                           said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # a retired practice as what the listener still has, or ends
    ("retired", "stock ledger", "Your buyers still keep a stock ledger by hand.", False),
    ("retired", "stock ledger", "We still sell the stock ledger to small shops.", True),
    ("retired", "stock ledger", "They still love the stock ledger we ship.", False),
    ("retired", "stock ledger", "You can throw away the stock ledger.", False),
    ("retired", "stock ledger", "It does away with the stock ledger.", False),
    ("retired", "stock ledger", "Swap the stock ledger for a scanner.", False),
    ("retired", "stock ledger", "We swap in the stock ledger where there's no signal.", True),
    ("retired", "stock ledger", "Buyers stop chasing the stock ledger.", False),
    ("retired", "stock ledger", "Forget waiting for the stock ledger.", False),
    ("retired", "stock ledger", "The stock ledger your team dreads is gone.", False),
    ("retired", "stock ledger", "The stock ledger your buyers fill in is our best feature.",
     True),
    ("retired", "stock ledger", "You get a stock ledger with every scanner.", True),
    # a goal, not a claim
    ("forbidden", "zero breakages", "Your target of zero breakages is ambitious.", False),
    ("forbidden", "zero breakages", "Aiming for zero breakages is fine.", False),
    ("forbidden", "zero breakages", "Zero breakages is a goal, not a promise.", False),
    ("forbidden", "zero breakages", "We deliver zero breakages.", True),
    # things in general that do it
    ("forbidden", "replace your packers", "Robots that replace your packers cost millions.",
     False),
    ("forbidden", "replace your packers", "Our robots that replace your packers pay back fast.",
     True),
])
def test_practices_left_goals_and_things_in_general(kind: str, phrase: str, text: str,
                                                    said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    # a cleft or a colon list after a denied verb of saying or giving
    ("The claim you won't hear from me is zero defects.", False),
    ("What you won't get from us is a promise of zero defects.", False),
    ("Two phrases you won't hear from me today: full admin rights and zero defects.", False),
    ("What we do promise is zero defects.", True),
    ("The one thing nobody else will give you is zero defects.", True),
    ("What I can't promise is speed, but what I can promise is zero defects.", True),
    # the answer on it is no; a question left unmarked, answered no after a word
    ("The honest answer on zero defects is no.", False),
    ("people ask is it zero defects and the answer is no", False),
    ("people ask is it zero defects and the answer is yes", True),
    ("is it zero defects honestly no", False),
    ("is it zero defects honestly yes", True),
    ("zero defects no not really but we cut them a lot", False),
    ("so zero defects um no that's not what we promise", False),
    ("zero defects no exceptions", True),
])
def test_a_phrase_in_a_cleft_or_answered_no(text: str, said: bool) -> None:
    assert _said("forbidden", "zero defects", text) is said


@pytest.mark.parametrize(("text", "said"), [
    # without it, others requiring it, the listener keeping it
    ("It works without full root access.", False),
    ("Other tools demand full root access.", False),
    ("Your IT team keeps full root access.", False),
    ("Read-only is all we need; full root access stays with you.", False),
    ("We need full root access.", True),
    ("You get full root access.", True),
    # a "no" subject that denies it to everyone; not the point
    ("No tool can give you full root access.", False),
    ("No contracts, full root access.", True),
    ("Full root access isn't the point.", False),
])
def test_a_phrase_done_without_kept_or_denied_to_all(text: str, said: bool) -> None:
    assert _said("forbidden", "full root access", text) is said


@pytest.mark.parametrize(("text", "said"), [
    # called a promise the rep refuses, in the next sentence
    ("Zero spoilage. That's a promise I won't make.", False),
    ("Zero spoilage. That's a promise we keep.", True),
    # answered with an idiom of no
    ("Zero spoilage? In your dreams.", False),
    ("Zero spoilage? Not a chance.", False),
    ("zero spoilage no way", False),
    ("zero spoilage no wayward crates", True),
    # promised to the listener by others, in the passive
    ("You were promised zero spoilage by the last supplier.", False),
    ("You've probably been promised zero spoilage before.", False),
    ("You were promised zero spoilage, and with us you get it.", True),
    ("You are guaranteed zero spoilage.", True),
])
def test_a_phrase_refused_by_idiom_or_promised_by_others(text: str, said: bool) -> None:
    assert _said("forbidden", "zero spoilage", text) is said
