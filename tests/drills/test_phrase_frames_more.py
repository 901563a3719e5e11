"""More kinds of speech in which a forbidden or retired phrase is said but not claimed
(drills.scoring.phrase_framing), each with a near miss that is still the rep's claim:
a refusal to say it with a verb of coming or standing between, a former line, a
dismissal, a question answered no after a wish or after who asks it, what no honest
seller offers, what the rep will not put in writing, how others sell it, a joke taken
back, a retired name closed or still run by the listener, a question whose answer
denies its word; and words of emphasis inside a phrase that has one of its own.
Sentences written for these mechanisms, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize(("text", "said"), [
    ("I'm not going to stand here and tell you it's tamper-proof.", False),
    ("I won't sit here and claim it's tamper-proof.", False),
    ("Nobody should walk in here and promise you it's tamper-proof.", False),
    ("we are not gonna come in and say its tamper proof", False),
    # no denial reaches the verb of saying: the rep's claim
    ("I'll sit down with your team and tell you why it's tamper-proof.", True),
    ("We never cut corners and we tell you straight: it's tamper-proof.", True),
    ("We don't just stand here and tell you it's tamper-proof, we prove it.", True),
])
def test_a_refusal_with_a_verb_of_coming_or_standing_between(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    ("forbidden", "tamper-proof", "Our old line was that it's tamper-proof, and we dropped it.",
     False),
    ("forbidden", "tamper-proof", "Their pitch is that it's tamper-proof.", False),
    ("retired", "Ledger Classic", "The old way was the Ledger Classic, paper and all.", False),
    # not a former line or way: the rep's claim
    ("forbidden", "tamper-proof", "The last client's verdict was that it's tamper-proof.", True),
    ("forbidden", "tamper-proof", "The old seals were weak, and it's tamper-proof now.", True),
    ("retired", "Ledger Classic", "The best way was the Ledger Classic, and it still is.", True),
])
def test_a_former_line_or_way(kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Forget about set it and forget it, you'll still check the reports weekly.", False),
    ("Stop thinking of it as set it and forget it.", False),
    # the dismissal is of something else, or there is none
    ("Forget about backups, it's set it and forget it.", True),
    ("Think of it as set it and forget it.", True),
])
def test_a_dismissal(text: str, said: bool) -> None:
    assert _said("forbidden", "set it and forget it", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Tamper-proof? I'd love to say so, but no.", False),
    ("Tamper-proof? I'd like to say yes, but I can't.", False),
    ("is it tamper proof people always ask me and the honest answer is no", False),
    ("is it tamper proof my clients ask and honestly the answer is no", False),
    ("Guaranteed savings? We can show you the average, not a guarantee.", False),
    # answered yes, or the answer's "not" is of another word or says it
    ("Tamper-proof? I'd love to say so, and it is.", True),
    ("is it tamper proof people always ask me and the answer is yes", True),
    ("Guaranteed savings? We guarantee it, not a guess.", True),
])
def test_a_question_answered_no_after_a_wish_or_who_asks(text: str, said: bool) -> None:
    phrase = "guaranteed savings" if "savings" in text.lower() else "tamper-proof"
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Zero errors? Yes, not a single error all year.", True),
    ("Zero errors? We manage that, not a single one slips.", True),
    ("Zero errors? Not zero, but two thirds fewer.", False),
])
def test_a_question_answered_by_its_own_word(text: str, said: bool) -> None:
    assert _said("forbidden", "zero errors", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Tamper-proof is a promise no honest vendor makes.", False),
    ("Tamper-proof is a claim no serious supplier would make.", False),
    ("Tamper-proof is something I will never put in writing.", False),
    ("Tamper-proof is how other vendors sell it; ours are tamper-evident.", False),
    ("Tamper-proof is what a rival puts in their deck.", False),
    # a boast over others, or the rep's own commitment
    ("Tamper-proof is a promise no other vendor makes, but we do.", True),
    ("Tamper-proof is something I will put in writing.", True),
    ("Tamper-proof is how we sell it.", True),
])
def test_what_no_honest_seller_offers_or_the_rep_will_not_sign(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("we know people at customs no i am joking we just file fast", False),
    ("We know people at customs. Just kidding.", False),
    ("We know people at customs, no kidding.", True),
    ("We know people at customs, and I'm not joking.", True),
])
def test_a_phrase_taken_back_as_a_joke(text: str, said: bool) -> None:
    assert _said("forbidden", "we know people at customs", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("The Ledger Helpline closed in March; tenants use the app now.", False),
    ("The Ledger Helpline shut down last year.", False),
    ("Ledger Classic is what most of you still run, and we'll move you over for free.", False),
    ("The Ledger Helpline closed the ticket within the hour.", True),
    ("Ledger Classic is what most of you will run day to day.", True),
])
def test_a_retired_name_closed_or_still_run(text: str, said: bool) -> None:
    phrase = "Ledger Helpline" if "Helpline" in text else "Ledger Classic"
    assert _said("retired", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("you will never ever lose a keg again with this", True),
    ("You'll never truly lose a keg again.", True),
    ("you'll never really lose a keg again", True),
    ("I can't say you'll never ever lose a keg again.", False),
])
def test_emphasis_inside_a_phrase_that_has_its_own(text: str, said: bool) -> None:
    assert _said("forbidden", "never lose a keg again", text) is said


def test_another_subject_after_the_phrase_is_not_its_past() -> None:
    # "past" is where nothing gets, not what the phrase is
    assert _said("forbidden", "fraud-proof", "It's practically fraud-proof, nothing gets past it.")
