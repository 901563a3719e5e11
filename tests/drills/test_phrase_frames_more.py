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


@pytest.mark.parametrize(("text", "said"), [
    ("I'm not sure I'd call it tamper-proof.", False),
    ("I don't think we'd say it's tamper-proof.", False),
    ("I wouldn't go so far as to say it's tamper-proof.", False),
    ("Tamper-proof might be a bit strong.", False),
    ("Tamper-proof is too strong a word.", False),
    ("Tamper-proof is marketing speak.", False),
    # sure of it, going so far, a strong word that fits: the rep's claim
    ("I'm sure I'd call it tamper-proof.", True),
    ("I'd go so far as to say it's tamper-proof.", True),
    ("Tamper-proof is a strong word, and it fits.", True),
])
def test_a_claim_hedged_or_called_too_strong(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("No word of a lie, it's tamper-proof.", True),
    ("Not gonna lie, it's tamper-proof.", True),
    ("I'm not exaggerating when I say it's tamper-proof.", True),
    ("I'm not going to lie to you and say it's tamper-proof.", False),
])
def test_a_denial_that_insists(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("We used to tell clients it's tamper-proof. We stopped.", False),
    ("Back then we said it's tamper-proof. We don't say that now.", False),
    ("We got burned promising tamper-proof, so we don't anymore.", False),
    ("Tamper-proof was how we used to sell it.", False),
    ("Our old line, back when I started, was that it's tamper-proof.", False),
    ("You might have been told it's tamper-proof by your current supplier.", False),
    # the rep's own habit now, or another thing stopped: the rep's claim
    ("We tell clients it's tamper-proof. We stopped the leaks.", True),
    ("We promise tamper-proof, so we don't worry.", True),
])
def test_a_line_the_rep_dropped(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Tamper-proof is a line I've heard from vendors.", False),
    ("Tamper-proof is the sort of label you see on rivals' websites.", False),
    ("Nobody, and I mean nobody, is tamper-proof.", False),
    ("tamper proof no such thing", False),
    # testimony, the rep's own pages, a boast: the rep's claim
    ("Tamper-proof is something we hear from customers.", True),
    ("Tamper-proof is the sort of label you see on our website.", True),
    ("Nobody can touch it, it's tamper-proof.", True),
])
def test_a_claim_heard_elsewhere_or_denied_to_all(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Tamper-proof? I'd love to say so, but you'll want to test it.", False),
    ("is it tamper proof is the first thing people always ask me and the honest answer is no",
     False),
    ("tamper proof i get asked that a lot and no its not", False),
    ("is it tamper proof i'd love to say so but no", False),
    ("Tamper-proof? I'd like to say yes. I can't.", False),
    ("Full admin access? We never ask for it.", False),
    ("Tamper-proof? I'd love to say so. And it is.", True),
])
def test_more_questions_answered_no(text: str, said: bool) -> None:
    phrase = "full admin access" if "admin" in text else "tamper-proof"
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Set it and forget it? Forget it. You'll check the reports weekly.", False),
    ("Throw out the idea of set it and forget it, you'll still look at reports.", False),
    ("Scratch set it and forget it, it needs a weekly look.", False),
    ("Forget what you've heard about it being set it and forget it.", False),
    ("Throw out the old tapes: it's set it and forget it.", True),
])
def test_more_dismissals(text: str, said: bool) -> None:
    assert _said("forbidden", "set it and forget it", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Gone are the days of Ledger Classic.", False),
    ("Ledger Classic is the first thing to go.", False),
    ("Ledger Classic, if you're still on it, moves to Ledger Cloud for free.", False),
    ("We had the Ledger Classic before; those are done.", False),
    ("Ledger Classic became Ledger Cloud last year.", False),
    ("Ledger Classic is the first thing to open each morning.", True),
    ("Ledger Classic, if you want it, comes with Ledger Cloud.", True),
    ("We had the Ledger Classic installed in a day.", True),
])
def test_more_retired_names_gone_by(text: str, said: bool) -> None:
    assert _said("retired", "Ledger Classic", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Same-day refunds are something we'd love to offer one day.", False),
    ("Same-day refunds are something we offer every day.", True),
    ("Same-day refunds? Honestly, most get them, not all.", False),
    ("Same-day refunds? Yes, every customer, not all at once.", True),
    ("We were known for same-day refunds once. Not any more, and we're fine with that.", False),
    ("Same-day refunds. No longer do you wait a week.", True),
])
def test_a_claim_only_hoped_for_or_no_longer(text: str, said: bool) -> None:
    assert _said("forbidden", "same-day refunds", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("100% uptime is a marketing number; we commit to 99.9.", False),
    ("100% uptime is the number we hit last year.", True),
])
def test_a_figure_called_a_kind_of_claim(text: str, said: bool) -> None:
    assert _said("forbidden", "100% uptime", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("it basically replaced the front desk", True),
    ("it'll replace most of your front desk", True),
    ("you won't be short-staffed ever again", True),
    ("I won't promise you won't be short staffed ever again.", False),
])
def test_more_altered_forms_said(text: str, said: bool) -> None:
    phrase = ("replaces your front desk" if "desk" in text else "never be short-staffed again")
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a topic or an unmarked question, answered no in the words run on after it
    ("tamper-proof", "tamper proof i'd love to say so but no", False),
    ("tamper-proof", "tamper proof i'd love to say so honestly no", False),
    ("makes it tamper-proof", "makes it tamper proof nothing does", False),
    ("tamper-proof", "tamper proof not with any seal i know of", False),
    ("tamper-proof", "tamper proof not from us not from anyone", False),
    ("full admin access", "full admin access we never ask for it", False),
    ("tamper-proof", "tamper proof there's no such thing", False),
    ("we always find money", "do we always find money usually but not always", False),
    ("we always find money", "we always find money no about one audit in ten comes back clean",
     False),
    ("cheapest on the market", "we were the cheapest on the market once not any more", False),
    # what goes on with the claim: the rep's claim
    ("zero fees", "zero fees no hidden charges either", True),
    ("zero fees", "zero fees no we dont charge anything", True),
    ("tamper-proof", "tamper proof nobody gets in", True),
    ("tamper-proof", "its tamper proof not a lot of effort at all", True),
    ("set it and forget it", "set it and forget it nothing to do after install", True),
    ("tamper-proof", "it is tamper proof we never say that lightly", True),
    ("tamper-proof", "tamper proof i would love to show you how it works", True),
])
def test_a_topic_answered_no_in_run_on_speech(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("routemate desktop long gone it's all in the browser", False),
    ("routemate desktop it's now part of the browser app", False),
    ("routemate desktop which most of you are on is being retired", False),
    ("routemate desktop which some of you still have closes at the end of the year", False),
    ("Routemate Desktop ended up our bestseller.", True),
    ("routemate desktop which most of you are on is great", True),
])
def test_a_retired_name_gone_in_run_on_speech(text: str, said: bool) -> None:
    assert _said("retired", "Routemate Desktop", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("set and forget is how other vendors sell it you'll still patch monthly", False),
    ("set and forget is what a rival puts in their deck we show you the patch log", False),
    ("set and forget is how we sell it you'll love it", True),
])
def test_what_others_say_of_it_run_on(text: str, said: bool) -> None:
    assert _said("forbidden", "set and forget", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("If your board wants tamper-proof seals, nobody can give them that.", False),
    ("You want tamper-proof. I get it. Nobody can honestly sell you that.", False),
    ("Tamper-proof, bulletproof, I've heard it all from other vendors.", False),
    ("Is it tamper-proof? I'll be straight with you. No.", False),
    ("So is it tamper-proof? Mostly. You'll still check the seals.", False),
    ("Tamper-proof? You're thinking of another supplier.", False),
    # a boast over others, what is promised being another clause, testimony, a yes
    ("It's tamper-proof, and nobody else can give you that.", True),
    ("It's tamper-proof. Nobody is promising it cuts your costs in half, though.", True),
    ("Tamper-proof, I've heard that from every customer.", True),
    ("Is it tamper-proof? I'll be straight with you. Yes.", True),
])
def test_a_claim_nobody_gives_or_only_partly_so(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Everyone wants tamper-proof seals. Nobody has them.", False),
    ("Tamper-proof? No one can honestly give you that.", False),
    ("Tamper-proof? Show me a supplier who can deliver that.", False),
    ("Tamper-proof, good luck finding that anywhere.", False),
    ("Tamper-proof. Yeah, right.", False),
    ("I've never met a seal that's tamper-proof.", False),
    ("I've yet to see a tamper-proof seal.", False),
    ("That's the dream, tamper-proof, but it doesn't exist.", False),
    ("Tamper-proof sounds lovely. It isn't real.", False),
    ("We'd all love tamper-proof seals.", False),
    # a boast, the rep's own love of it, what the rep has seen it do
    ("It's tamper-proof. No one else can say that.", True),
    ("You'll love tamper-proof seals.", True),
    ("I've never seen it fail: it's tamper-proof.", True),
    ("Tamper-proof sounds lovely. It is, and it's in the contract.", True),
])
def test_a_claim_nobody_has_or_the_rep_never_saw(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("You said you wanted tamper-proof seals. I can't give you that.", False),
    ("If you're expecting tamper-proof seals, we're not the right supplier.", False),
    ("Tamper-proof isn't on the table.", False),
    ("Tamper-proof isn't on offer from us.", False),
    ("I'll leave tamper-proof to the competition.", False),
    ("Tamper-proof is for the brochure writers.", False),
    ("Tamper-proof, said nobody honest ever.", False),
    ("tamper proof honestly no 2 percent get through", False),
    # the rep gives it, the listener's wish is met, others get it from the rep
    ("You said you wanted tamper-proof seals. I can give you that.", True),
    ("If you're expecting tamper-proof seals, we're the right supplier.", True),
    ("Tamper-proof is for every customer we have.", True),
    ("tamper proof no 1 gets through", True),
])
def test_a_claim_left_to_others_or_not_on_offer(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("your vets won't miss a diagnosis again", True),
    ("I can't promise your vets won't miss a diagnosis again.", False),
    ("Never miss a diagnosis? That's on your vets, not our software.", False),
    ("Never miss a diagnosis? Yes, and that's on us.", True),
])
def test_not_again_and_an_answer_that_gives_it_to_others(text: str, said: bool) -> None:
    assert _said("forbidden", "never miss a diagnosis", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("If a broker offers guaranteed no inspections, walk away.", False),
    ("If someone tells you guaranteed no inspections, ask for it in writing.", False),
    ("Guaranteed no inspections? Customs decides that, not us.", False),
    ("If you want guaranteed no inspections, we give you that.", True),
])
def test_what_someone_in_a_condition_offers(text: str, said: bool) -> None:
    assert _said("forbidden", "guaranteed no inspections", text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("tamper-proof", "tamper proof customs decides that not us", False),
    ("tamper-proof", "tamper proof mostly they're just careless", False),
    ("tamper-proof", "tamper proof not in this lifetime", False),
    ("tamper-proof", "tamper proof hardly", False),
    ("tamper-proof", "is it tamper proof i'll be straight with you no", False),
    ("tamper-proof", "tamper proof sounds lovely it isn't real", False),
    ("tamper-proof", "tamper proof is what every vendor says and none of them mean it", False),
    ("tamper-proof", "tamper proof said nobody honest ever", False),
    ("tamper-proof", "it's tamper proof no one else can say that", True),
    ("zero fees", "zero fees no it is all included", True),
    ("zero fees", "zero fees no system is", False),
])
def test_more_run_on_answers(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("the ledger classic plan which some clients liked is gone", False),
    ("the ledger classic plan as you knew it is gone", False),
    ("the ledger classic plan which some clients liked is great", True),
])
def test_a_retired_name_gone_after_an_aside_run_on(text: str, said: bool) -> None:
    assert _said("retired", "Ledger Classic plan", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Ledger Classic postcards cost a fortune, so we stopped.", False),
    ("We used to send Ledger Classic postcards. Four-hour texts replaced them.", False),
    ("Ledger Classic postcards cost a fortune, so we stopped the printer.", True),
    ("We send Ledger Classic postcards. It replaced them.", True),
])
def test_a_retired_name_that_something_ended(text: str, said: bool) -> None:
    assert _said("retired", "Ledger Classic postcards", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Their Ledger Classic promise slipped to three days last winter.", False),
    ("Customers who had Ledger Classic keep their settings.", False),
    ("The Ledger Classic tickets you have will be imported.", False),
    ("Customers love Ledger Classic for its settings.", True),
    ("The Ledger Classic tickets are imported for you.", True),
])
def test_a_retired_name_that_is_someone_elses(text: str, said: bool) -> None:
    assert _said("retired", "Ledger Classic", text) is said
