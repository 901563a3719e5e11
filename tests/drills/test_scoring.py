"""Transcript scoring: coverage, negation, keyword traps, banned phrases, delivery,
the JSON contract, and the spoken-drill rating."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import pytest
import yaml

from drills.errors import InvalidInput, NotFound
from drills.scoring import (
    PointSpec,
    ScoringSpec,
    message_signals,
    score_transcript,
    spec_from_playbook_dict,
)
from drills.spoken_rating import SpokenRating, rate_spoken
from drills.transcript import Transcript, Word

EVAL = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def ledgerly() -> dict:
    return yaml.safe_load((EVAL / "ledgerly-close.yaml").read_text())


@pytest.fixture(scope="module")
def cfo(ledgerly: dict) -> ScoringSpec:
    return spec_from_playbook_dict(ledgerly, "cfo-elevator")


def score(spec: ScoringSpec, text: str) -> dict:
    return score_transcript(spec, Transcript.from_text(text)).to_json_dict()


def covered(result: dict) -> set[str]:
    return {m["id"] for m in result["messages"] if m["covered"]}


# --- spec building --------------------------------------------------------------------


def test_spec_from_playbook_pitch(cfo: ScoringSpec) -> None:
    assert cfo.module == "ledgerly-close" and cfo.version == 3 and cfo.pitch == "cfo-elevator"
    assert [p.id for p in cfo.points] == ["fast-close", "auto-match", "payback"]
    assert cfo.points[0].weight == 2.0
    assert cfo.duration_target == (45.0, 90.0)
    assert ("per-seat pricing", "payback") in cfo.retired


def test_spec_without_pitch_expects_every_message(ledgerly: dict) -> None:
    spec = spec_from_playbook_dict(ledgerly)
    assert spec.pitch is None
    assert len(spec.points) == 5


def test_spec_unknown_pitch_or_message(ledgerly: dict) -> None:
    with pytest.raises(NotFound):
        spec_from_playbook_dict(ledgerly, "nope")
    broken = dict(ledgerly, pitches=[{"id": "x", "prompt": "p", "messages": ["ghost"]}])
    with pytest.raises(InvalidInput):
        spec_from_playbook_dict(broken, "x")


# --- coverage -------------------------------------------------------------------------


def test_exact_statements_cover_everything(cfo: ScoringSpec) -> None:
    r = score(
        cfo,
        "Ledgerly cuts the month-end close from ten days to three. Bank transactions are "
        "matched to invoices automatically. Customers earn back the cost within six months.",
    )
    assert covered(r) == {"fast-close", "auto-match", "payback"}
    assert r["score"] == 100
    # Confident, and never in the "manager to check" band (the lexical model that ships by
    # default puts an exact statement whose keywords are half said at 0.89).
    assert all(m["confidence"] >= 0.85 and not m["check"] for m in r["messages"])


def test_paraphrase_counts(cfo: ScoringSpec) -> None:
    r = score(cfo, "With Ledgerly your team closes the books in 3 days, not 10.")
    assert covered(r) == {"fast-close"}
    m = r["messages"][0]
    assert "closes the books in 3 days" in m["evidence"]
    assert m["start"] is None and m["end"] is None  # plain text has no timings


def test_negation_does_not_count(cfo: ScoringSpec) -> None:
    r = score(cfo, "Ledgerly does not cut your month-end close from ten days to three.")
    fast = r["messages"][0]
    assert not fast["covered"]
    assert fast["missed_reason"] == "negated"
    # the confidence is the model's probability that the message was conveyed: low
    assert fast["confidence"] < 0.2 and not fast["check"]


def test_never_and_not_true_that(cfo: ScoringSpec) -> None:
    r = score(cfo, "Ledgerly never matches bank transactions to invoices automatically.")
    assert "auto-match" not in covered(r)
    r = score(cfo, "It is not true that bank transactions are matched to invoices automatically.")
    assert "auto-match" not in covered(r)


def test_keyword_trap_does_not_count(cfo: ScoringSpec) -> None:
    r = score(cfo, "The month-end close is stressful and nobody likes the cost of it.")
    assert covered(r) == set()


def test_wrong_number_does_not_count(cfo: ScoringSpec) -> None:
    r = score(cfo, "Ledgerly cuts the month-end close from ten days to seven.")
    assert covered(r) == set()


def test_asr_spelling_counts(ledgerly: dict) -> None:
    spec = spec_from_playbook_dict(ledgerly, "auditor-call")
    r = score(spec, "ledgerly is sock two type two certified")
    assert covered(r) == {"soc2"}


def test_missed_message_has_no_evidence(cfo: ScoringSpec) -> None:
    r = score(cfo, "Hello, thanks for your time today.")
    for m in r["messages"]:
        assert m == m | {"covered": False, "evidence": None, "missed_reason": "not said"}
    assert r["score"] == 0


# --- forbidden and retired phrases ----------------------------------------------------


def test_forbidden_phrase_in_another_spelling(cfo: ScoringSpec) -> None:
    r = score(cfo, "Honestly, we're the cheapest in the market.")
    assert [f["phrase"] for f in r["forbidden"]] == ["cheapest on the market"]
    assert r["forbidden"][0]["said"] == "cheapest in the market"
    assert r["forbidden"][0]["reason"]


def test_retired_phrase_and_penalty(cfo: ScoringSpec) -> None:
    r = score(
        cfo,
        "We still offer per seat pricing. Customers earn back the cost within six months.",
    )
    assert [h["phrase"] for h in r["retired"]] == ["per-seat pricing"]
    assert r["retired"][0]["said"] == "per seat pricing"
    # payback is 1 of 4 weight: 25, minus 10 for one retired phrase
    assert r["score"] == 15
    assert "− 10 × 1 retired" in r["formula"]


def test_distanced_retired_phrase_is_not_said(cfo: ScoringSpec) -> None:
    r = score(cfo, "We moved away from per-seat pricing last year.")
    assert r["retired"] == []


def test_repeated_phrase_is_penalised_once(cfo: ScoringSpec) -> None:
    r = score(cfo, "Cheapest on the market. Really, the cheapest on the market.")
    assert len(r["forbidden"]) == 2
    assert r["score"] == 0
    assert "15 × 1 forbidden" in r["formula"]


def test_score_is_clamped(cfo: ScoringSpec) -> None:
    r = score(cfo, "We are the cheapest on the market and it replaces your accountants.")
    assert r["score"] == 0


# --- timings and delivery -------------------------------------------------------------


def timed(words: list[tuple[str, float, float]], duration: float | None = None) -> Transcript:
    return Transcript.from_words([Word(w, s, e, 0.9) for w, s, e in words], duration)


def test_timestamps_and_pauses(cfo: ScoringSpec) -> None:
    sentence = "Customers earn back the cost within six months , um , truly ."
    words = sentence.split(" ")
    t = 0.0
    spans = []
    for w in words:
        if w in (",", "."):
            continue
        spans.append((w, t, t + 0.3))
        t += 0.4 if w != "months" else 1.9  # a 1.6 s pause after "months"
    r = score_transcript(cfo, timed(spans, duration=8.0)).to_json_dict()
    pay = r["messages"][2]
    assert pay["covered"] and pay["start"] == 0.0 and pay["end"] == pytest.approx(3.1)
    d = r["delivery"]
    assert d["duration_s"] == 8.0
    assert d["words"] == 10
    assert d["fillers"] == 1
    assert d["fillers_per_100_words"] == 10.0
    assert d["longest_pause_s"] == pytest.approx(1.6)
    assert d["pauses"] == 1 and d["long_pauses"] == 1
    assert d["wpm"] == round(10 / (spans[-1][2] - spans[0][1]) * 60)


def test_plain_text_delivery_has_null_timings(cfo: ScoringSpec) -> None:
    d = score(cfo, "Um, so, like, you know, I mean it is sort of fine.")["delivery"]
    assert d["duration_s"] is None and d["wpm"] is None and d["longest_pause_s"] is None
    assert d["filler_words"] == {"um": 1, "like": 1, "you know": 1, "sort of": 1}
    assert d["fillers"] == 4


@pytest.mark.parametrize(
    ("text", "fillers"),
    [
        ("I would like a demo.", 0),
        ("It looks like a good fit.", 0),
        ("What kind of tool is it?", 0),
        ("Do you know what it costs?", 0),
        ("I mean it.", 0),
        ("It's, like, really fast.", 1),
        ("Uh, um, er, ah.", 4),
        ("It is kind of expensive, you know.", 2),
    ],
)
def test_filler_heuristics(cfo: ScoringSpec, text: str, fillers: int) -> None:
    assert score(cfo, text)["delivery"]["fillers"] == fillers


# --- contract, determinism and speed --------------------------------------------------


CONTRACT_KEYS = {
    "module", "version", "pitch", "score", "transcript", "messages", "forbidden",
    "retired", "delivery",
}  # fmt: skip


def test_json_contract_shape(cfo: ScoringSpec) -> None:
    r = score(cfo, "Ledgerly is the cheapest on the market. We still do per-seat pricing.")
    assert set(r) >= CONTRACT_KEYS
    assert isinstance(r["score"], int) and 0 <= r["score"] <= 100
    for m in r["messages"]:
        assert {"id", "covered", "confidence", "evidence", "start", "end"} <= set(m)
    for h in r["forbidden"] + r["retired"]:
        assert {"phrase", "said", "start"} <= set(h)
    assert {
        "duration_s", "words", "wpm", "fillers", "fillers_per_100_words", "longest_pause_s",
    } <= set(r["delivery"])  # fmt: skip
    json.dumps(r)  # serialisable as is


def test_deterministic(cfo: ScoringSpec) -> None:
    text = "Month end close drops from 10 days to 3. Payback is under six months."
    assert score(cfo, text) == score(cfo, text)


def test_empty_transcript(cfo: ScoringSpec) -> None:
    r = score(cfo, "")
    assert r["score"] == 0 and r["delivery"]["words"] == 0


def test_scoring_speed_two_minutes_twelve_messages() -> None:
    points = tuple(
        PointSpec(
            f"m{i}",
            f"Message {i} says our product cuts cost number {i} by {i}0 percent.",
            (f"evidence phrase {i} for the team",),
            (f"cost {i}",),
        )
        for i in range(12)
    )
    spec = ScoringSpec(
        "speed", 1, None, points, (("cheapest on the market", "no"),), (("per-seat pricing", None),)
    )
    text = " ".join(
        f"Sentence {i % 9}, we cut cost by {i} percent and, um, the team likes it."
        for i in range(22)
    )
    transcript = Transcript.from_text(text)
    assert 280 <= len(transcript.words) <= 340
    score_transcript(spec, transcript)
    samples = []
    for _ in range(15):
        t0 = time.thread_time()
        score_transcript(spec, transcript)
        samples.append(time.thread_time() - t0)
    # Not a speed measurement (bench/scoring_eval.py measures it: about 20 ms): a guard
    # against work that grows out of bounds. This thread's CPU time, not the wall clock,
    # so another process on the machine (a parallel test worker) does not decide it.
    assert statistics.median(samples) < 0.200


# --- spoken rating --------------------------------------------------------------------


def rating(spec: ScoringSpec, text: str) -> SpokenRating:
    return rate_spoken(score_transcript(spec, Transcript.from_text(text)))


def test_spoken_rating_thresholds(cfo: ScoringSpec) -> None:
    all3 = (
        "Ledgerly cuts the month-end close from ten days to three. Bank transactions are "
        "matched to invoices automatically. Customers earn back the cost within six months."
    )
    assert rating(cfo, all3) == SpokenRating.EASY
    assert rating(cfo, "Um, uh, like, " + all3) == SpokenRating.GOOD  # not fluent
    assert rating(cfo, all3 + " And we are the cheapest on the market.") == SpokenRating.HARD
    # fast-close is half the weight: 50 -> Hard
    assert rating(cfo, "Ledgerly cuts the month-end close from ten days to three.") == (
        SpokenRating.HARD
    )
    assert rating(cfo, "Customers earn back the cost within six months.") == SpokenRating.AGAIN
    assert rating(cfo, "") == SpokenRating.AGAIN


def test_a_phrase_missing_one_of_its_words_is_not_said() -> None:
    """'Northwind' alone is 90% like the retired 'Northwind AV' but does not say it."""
    from drills.scoring import PointSpec, ScoringSpec, score_transcript
    from drills.transcript import Transcript

    spec = ScoringSpec(module="m", version=1, pitch=None,
                       points=(PointSpec(id="a", statement="Shield stops ransomware."),),
                       retired=(("Northwind AV", None), ("per-seat pricing", None)))
    clean = score_transcript(spec, Transcript.from_text("Northwind Shield stops ransomware."))
    assert clean.retired == ()
    said = score_transcript(spec, Transcript.from_text(
        "Northwind A V stops ransomware, and per seat pricing is simple."))
    assert {h.phrase for h in said.retired} == {"Northwind AV", "per-seat pricing"}


def _said(phrases: tuple[str, ...], text: str) -> dict[str, str]:
    """The banned phrases found in `text`, each with what was heard."""
    spec = ScoringSpec(module="m", version=1, pitch=None,
                       points=(PointSpec(id="a", statement="Backups run every night."),),
                       forbidden=tuple((p, None) for p in phrases))
    return {h.phrase: h.said
            for h in score_transcript(spec, Transcript.from_text(text)).forbidden}


# Whisper tiny.en's own spellings (bench/whisper_cases.py --phrases, espeak-ng voices)
@pytest.mark.parametrize(("phrase", "heard"), [
    ("bulletproof", "Our malt is basically mullet proof, and it runs quietly"),
    ("100% uptime", "We have had 100 % of time since the day we launched."),
    ("SafeSync 2", "We'll save sync to on every laptop."),
    ("SafeSync 2", "The next top app is called SafeSync2 and it sits in your menu bar."),
    ("Insights 360", "The report's living inside 360 with a chart for every agent."),
    ("unhackable", "Obviously, fault is unpackable, so you can stop worrying."),
    ("military-grade encryption", "Our encryption is military grade, and it is fast."),
    ("pay-as-you-go", "you just pay you go, and the import is simple."),
    ("API v1", "Your developers can connect through API version one today."),
    ("SafeSync 2", "We still ship SafeSync 2.0 to every laptop."),
    ("the Platinum bundle", "Take the Platt in a bundle and Reminders are included."),
    ("zero fees", "Payouts are instant, and honestly there are no fees at all, zero fees."),
    # one word heard with another first consonant, the others as written
    ("lifetime deal", "Sign this week and you lock in the lifetime wheel."),
    ("the 3-day trial", "Everyone starts on the free day trial."),
    ("AI-driven triage", "Our eye -driven triage puts urgent tickets first."),
    # a name heard as another word with its beginning, the rest as written
    ("GridTally Lite", "The landlords loved gridiron light for its price."),
    # a hesitation inside it
    ("Gold tier", "Most teams take the gold uh tier."),
    ("bulletproof", "it's bullet um proof"),
])
def test_a_phrase_is_found_as_whisper_writes_it(phrase: str, heard: str) -> None:
    assert phrase in _said((phrase,), heard)


@pytest.mark.parametrize(("phrase", "text"), [
    # another figure, however close its letters or sounds
    ("100% uptime", "We hit 99.9% uptime last year."),
    ("100% uptime", "We hit time to 9 .10 % up time last year."),
    ("Insights 360", "Insights 365 is the new reporting suite."),
    ("SafeSync 2", "The desktop app is SafeSync 3 now."),
    ("SafeSync 2", "The next top is safe sink free now."),
    ("API v1", "API version two is the only one we support now."),
    # words put into a fixed phrase make another one
    ("best in class", "She was the best in her class at the academy."),
    ("best in class", "She was the best in the class of the academy."),
    ("enterprise-grade", "Large enterprises have grades of approvers."),
    # without the negation it has
    ("never miss a payment", "Patients who miss a payment get a friendly text reminder."),
    # another form of one of its words
    ("game-changer", "The game changed for finance teams when remote work arrived."),
    ("Paycircle Basic", "so pay circle basically runs the payroll for you"),
    ("BrightDesk Express", "Brightdesk expressly forbids sharing the login."),
    # near words, and the phrase denied
    ("bulletproof", "I will send you a page of bullet points after this call."),
    ("unhackable", "Any system is hackable in theory."),
    ("unhackable", "Nobody should call a backup unhackable, and we never will."),
    ("the Starter plan", "Most firms start with a plan for one office."),
    ("the Starter plan", "The starting plan is now called Essentials."),
    # a rhyme alone, or a rhyme with a word of the phrase lost, is not the phrase
    ("lifetime deal", "It is a fine meal for a long weekend."),
    ("the 3-day trial", "Everyone starts on the free trial today."),
    ("lifetime deal", "It will last a lifetime, a real ideal."),
    ("AI-powered", "I powered through the backlog myself last night."),
    ("AI-powered", "Keep an eye on a powered hub in the office."),
    # only a name (capitalised in the playbook) is matched by its beginning
    ("cloudbook lite", "A cloudberry light dessert after lunch."),
    ("GridTally Lite", "The gridiron heavy plan costs more."),
])
def test_a_near_miss_is_not_the_phrase(phrase: str, text: str) -> None:
    assert _said((phrase,), text) == {}


@pytest.mark.parametrize(("text", "said"), [
    # a claim made bigger still says it
    ("It's not just unhackable, it is audited every quarter.", True),
    ("It is not only unhackable but also fast.", True),
    ("Is it unhackable? Yes, it is.", True),
    ("It's unhackable, nothing is safer.", True),
    # put in someone else's mouth, or asked and answered no, it is not said
    ("Competitors call their backups unhackable; ours are audited.", False),
    ("Is it unhackable? No system is.", False),
    ("It's unpackable, no system is, and we test restores every month.", False),
    ("It is hassle-free and unhackable, and we would never say it.", False),
])
def test_a_framing_decides_whether_the_phrase_is_said(text: str, said: bool) -> None:
    assert ("unhackable" in _said(("unhackable",), text)) is said


def _retired_said(phrase: str, text: str) -> bool:
    spec = ScoringSpec(module="m", version=1, pitch=None,
                       points=(PointSpec(id="a", statement="Backups run every night."),),
                       retired=((phrase, None),))
    return bool(score_transcript(spec, Transcript.from_text(text)).retired)


@pytest.mark.parametrize(("text", "said"), [
    # left behind, ended, or the subject of what is past: not the rep's own claim
    ("We've moved on from the Gold tier; teams now pick a plan by seats.", False),
    ("Most teams upgrading off the old Gold tier never look back.", False),
    ("We quietly retired the Gold tier in spring.", False),
    ("The Gold tier was the old way; now it is one plan.", False),
    ("The Gold tier has been phased out.", False),
    ("The Gold tier, which we dropped last year, had fewer seats.", False),
    ("The Gold tier, it's history.", False),
    # what it does, or where the rep moves you: said
    ("The Gold tier has replaced the old reports.", True),
    ("The Gold tier, which replaced the old reports, is what most teams use.", True),
    ("The Gold tier is replacing spreadsheets everywhere.", True),
    ("We moved the whole team to the Gold tier from Basic.", True),
    ("Switch from spreadsheets and the Gold tier does the rest.", True),
    ("The Gold tier was built to replace the old report.", True),
])
def test_a_retired_name_the_rep_leaves_behind_is_not_said(text: str, said: bool) -> None:
    assert _retired_said("Gold tier", text) is said


def test_a_rank_said_in_words_is_the_rank_written() -> None:
    assert _said(("#1 CRM",), "It's the number one CRM for agencies.") == {
        "#1 CRM": "number one CRM"}
    assert _said(("number one CRM",), "It's the #1 CRM for agencies.") == {
        "number one CRM": "#1 CRM"}


def test_the_quote_is_what_was_heard() -> None:
    assert _said(("unhackable", "SafeSync 2"), "It is untackable, and save sync to is free.") == {
        "unhackable": "untackable", "SafeSync 2": "save sync to"}


def test_quote_keeps_the_negation_it_depends_on(cfo: ScoringSpec) -> None:
    r = score(cfo, "We never match bank transactions to invoices automatically.")
    auto = next(m for m in r["messages"] if m["id"] == "auto-match")
    assert not auto["covered"]
    assert auto["evidence"].startswith("never match")


def test_framed_claims_do_not_count(cfo: ScoringSpec) -> None:
    for text in (
        "I won't pretend Ledgerly cuts the month-end close from ten days to three.",
        "Our competitors say they cut the month-end close from ten days to three.",
        "If anyone promises you a month-end close in three days instead of ten, walk away.",
        "Can Ledgerly really cut the month-end close from ten days to three?",
    ):
        r = score(cfo, text)
        fast = r["messages"][0]
        assert not fast["covered"], text
        assert fast["missed_reason"] in ("distanced", "negated"), text


def test_ask_not_x_ask_y_says_y() -> None:
    spec = ScoringSpec(module="m", version=1, pitch=None,
                       points=(PointSpec("y", "Ask what you can do for your country."),))
    for text in (
        "ask not what your country can do for you, ask what you can do for your country",
        "ask not what your country can do for you ask what you can do for your country",
    ):
        r = score(spec, text)
        assert r["messages"][0]["covered"], text
        assert r["messages"][0]["evidence"] == "ask what you can do for your country"


def test_scores_without_the_embedding_model(
    cfo: ScoringSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No model package installed: the lexical model judges, and the result says so."""
    import drills.scoring

    monkeypatch.setattr(drills.scoring, "get_encoder", lambda: None)
    r = score(cfo, "Ledgerly cuts the month-end close from ten days to three.")
    assert r["judged_by"] == "lexical"
    assert "fast-close" in covered(r)
    r = score(cfo, "Ledgerly does not cut the month-end close from ten days to three.")
    assert "fast-close" not in covered(r)


def test_result_carries_confidence_band_and_signals(cfo: ScoringSpec) -> None:
    r = score(cfo, "Ledgerly cuts the month-end close from ten days to three.")
    fast = r["messages"][0]
    assert set(fast) >= {"id", "covered", "confidence", "evidence", "start", "end"}
    assert isinstance(fast["check"], bool) and "lex" in fast["signals"]
    assert r["judged_by"] in ("semantic", "lexical")


def _three_messages() -> ScoringSpec:
    points = (
        PointSpec("errors", "Automatic checks give a ninety percent reduction in payroll errors.",
                  (), ("errors",)),
        PointSpec("audit", "Every transaction is verified for compliance before it posts.",
                  (), ("compliance",)),
        PointSpec("visible", "Managers get full visibility of open tickets.", (), ("visibility",)),
    )
    return ScoringSpec(module="m", version=1, pitch=None, points=points)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Automatic checks reduce payroll errors by ninety percent.", "errors"),
        ("Each transaction gets a verification that it is compliant before posting.", "audit"),
        ("Managers can see every open ticket, everything is visible.", "visible"),
    ],
)
def test_another_form_of_the_playbooks_word_counts(text: str, message: str) -> None:
    # "reduce" for "reduction", "compliant" for "compliance", "visible" for "visibility"
    assert covered(score(_three_messages(), text)) == {message}


def _share_spec() -> ScoringSpec:
    points = (
        PointSpec("fuel", "Fleets use fifteen percent less fuel within the first quarter.",
                  (), ("fuel", "15 percent")),
        PointSpec("uptime", "Our SLA guarantees 99.9% uptime.", (), ("uptime",)),
    )
    return ScoringSpec(module="m", version=1, pitch=None, points=points)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # approximate: a fraction, or a figure said with "about"
        ("Fleets put about a sixth less fuel in the tanks within the first quarter.", True),
        ("Fleets use roughly sixteen percent less fuel within the first quarter.", True),
        # exact figures that differ stay different
        ("Fleets use twelve percent less fuel within the first quarter.", False),
        ("Fleets use sixteen percent less fuel within the first quarter.", False),
    ],
)
def test_an_approximate_share_near_the_playbooks_counts(text: str, said: bool) -> None:
    assert ("fuel" in covered(score(_share_spec(), text))) is said


def test_about_ninety_nine_percent_is_not_three_nines() -> None:
    assert "uptime" not in covered(score(_share_spec(), "Our SLA guarantees about 99% uptime."))


def _bound_spec() -> ScoringSpec:
    points = (
        PointSpec("live-fast", "Your clinic is live within two weeks of signing.", (),
                  ("two weeks", "live")),
        PointSpec("quick-run", "Running payroll takes under ten minutes.", (),
                  ("payroll", "10 minutes")),
        PointSpec("payback", "Customers earn back the cost within six months.", (),
                  ("six months", "payback")),
    )
    return ScoringSpec(module="m", version=1, pitch=None, points=points)


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        # within the playbook's upper bound: the bound is said
        ("Your clinic is live ten days after signing.", {"live-fast"}),
        ("Running payroll takes about five minutes.", {"quick-run"}),
        # over it, or a rate ("a week" after an amount), or far shorter than a long bound
        ("Your clinic is live three weeks after signing.", set()),
        ("Running payroll takes twenty minutes.", set()),
        ("Clinics fill a dozen empty chairs a week after signing.", set()),
        ("Customers close the books in five days.", set()),
    ],
)
def test_a_length_within_the_playbooks_bound_says_it(text: str, messages: set[str]) -> None:
    assert covered(score(_bound_spec(), text)) == messages


def test_the_same_length_in_other_units_counts() -> None:
    # eight weeks (56 days) and two months (about 60) are one length, rounded two ways
    spec = ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("live", "Customers go live on the core system in eight weeks.", (),
                  ("core system",)),))
    assert covered(score(spec, "Customers go live on the core system in two months.")) == {
        "live"}
    assert covered(score(spec, "Customers go live on the core system in four months.")) == set()


def test_a_match_without_the_figure_that_says_another_figure_is_weaker() -> None:
    # the evidence phrase has no figure, but the message's figure is a share of 20%: a
    # rep saying "by about two per cent" says another claim
    spec = ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("peak", "Moving load away from peak hours cuts demand charges by 20%.",
                  ("lower peak demand charges",), ("peak", "demand charges")),))
    assert covered(score(spec, "Moving load out of peak hours gives lower demand charges by "
                               "about twenty per cent.")) == {"peak"}
    assert covered(score(spec, "Moving load out of peak hours gives lower demand charges by "
                               "about two per cent.")) == set()


def test_a_keyword_the_message_denies_is_said_denied() -> None:
    # "with no spreadsheets": the keyword "spreadsheets" says the message when it is
    # denied ("no more spreadsheets"), not when a spreadsheet is plainly there
    spec = ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("billing", "Tenant bills are sent automatically, with no spreadsheets.", (),
                  ("tenant", "spreadsheets")),))

    def kw(text: str) -> float:
        _, _, signals, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
        return signals[0].kw

    assert kw("Every tenant gets the bill on time, no more spreadsheets.") == 1.0
    assert kw("A tenant sent us a bill with a spreadsheet attached.") == 0.5
