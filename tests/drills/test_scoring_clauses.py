"""Coverage rules that generalise across playbooks: a statement's main clause says the
message, a hesitation ends a negation's reach, periods of time must agree, a wish or a
request is not a claim, a keyword-covered message quotes its words, and a message with
no keywords is judged as surely as one with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drills.scoring import (
    PointSpec,
    ScoringSpec,
    _main_clause,
    message_signals,
    score_transcript,
    spec_from_playbook_dict,
)
from drills.scoring.compiled import _consequence
from drills.transcript import Transcript

EVAL = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def fleet() -> ScoringSpec:
    return spec_from_playbook_dict(yaml.safe_load((EVAL / "fleetwise.yaml").read_text()),
                                   "fleet-manager")


def judged(spec: ScoringSpec, text: str) -> dict[str, dict]:
    result = score_transcript(spec, Transcript.from_text(text), semantic=False)
    return {m["id"]: m for m in result.to_json_dict()["messages"]}


@pytest.mark.parametrize(("statement", "main"), [
    ("Dispatchers see every vehicle on a live map, updated every ten seconds.",
     "Dispatchers see every vehicle on a live map"),
    ("If anything slips through, one click rolls every affected machine back to a clean "
     "state in under 30 seconds.",
     "one click rolls every affected machine back to a clean state in under 30 seconds"),
    ("Backups are immutable, so ransomware cannot encrypt or delete them.", None),
    ("One console covers every laptop, server and cloud workload, on Windows, macOS and "
     "Linux.", None),
    ("Ledgerly cuts the month-end close from ten days to three.", None),
    # the only clause beside a consequence is the claim, however short the consequence
    # leaves it
    ("It syncs with your existing EHR, so nobody types patient data twice.",
     "It syncs with your existing EHR"),
    ("Every entry keeps an audit trail, so auditors get answers the same day.",
     "Every entry keeps an audit trail"),
])
def test_the_main_clause_of_a_statement(statement: str, main: str | None) -> None:
    assert _main_clause(statement) == main


def test_the_claim_without_its_detail_is_covered(fleet: ScoringSpec) -> None:
    said = judged(fleet, "Not only do fleets use fifteen percent less fuel in the first "
                  "quarter, they also see every vehicle on a live map.")
    assert said["live-map"]["covered"] and said["fuel"]["covered"]
    assert said["live-map"]["evidence"] == "see every vehicle on a live map"


def test_a_hesitation_ends_the_reach_of_a_negation(fleet: ScoringSpec) -> None:
    run_on = ("each tracker installs in half an hour with no mechanic needed uh dispatchers "
              "see every vehicle on a live map")
    said = judged(fleet, run_on)
    assert said["quick-install"]["covered"] and said["live-map"]["covered"]


def test_a_misheard_pair_of_words_is_repaired(fleet: ScoringSpec) -> None:
    # Whisper wrote "harsh-braking" as "heart -shraking"
    heard = judged(fleet, "I'm heart -shraking alert to reduce accidents.")
    assert heard["safety"]["covered"]
    # words that merely sound alike elsewhere stay themselves
    assert not judged(fleet, "My heart is breaking.")["safety"]["covered"]


def test_periods_of_time_that_disagree_count_against() -> None:
    spec = ScoringSpec("m", 1, None, (PointSpec(
        "tested", "We test one hundred percent of backups for recoverability every night.",
        keywords=("nightly", "tested")),))
    assert judged(spec, "We test every backup for recoverability every night.")[
        "tested"]["covered"]
    assert not judged(spec, "A restore takes half a day, and we test backups once a "
                      "month.")["tested"]["covered"]


def test_a_wish_or_a_request_is_not_a_claim() -> None:
    spec = ScoringSpec("m", 1, None, (
        PointSpec("self-booking", "Patients book their own appointments online, day or night.",
                  keywords=("book", "online")),
        PointSpec("audit", "Every entry keeps an audit trail, so auditors get answers the "
                  "same day.", keywords=("audit trail",))))
    wished = judged(spec, "Patients want to book their own appointments online. Auditors "
                    "always ask for an audit trail of every entry.")
    assert not wished["self-booking"]["covered"] and not wished["audit"]["covered"]
    claimed = judged(spec, "Patients book their own appointments online. Every entry keeps "
                     "an audit trail.")
    assert claimed["self-booking"]["covered"] and claimed["audit"]["covered"]
    # a wish after the claim leaves it standing
    assert judged(spec, "Patients book their own appointments online whenever they want.")[
        "self-booking"]["covered"]


def test_every_covered_message_quotes_words(fleet: ScoringSpec) -> None:
    said = judged(fleet, "Fifteen percent less fuel.")
    assert said["fuel"]["covered"] and said["fuel"]["evidence"] == "Fifteen percent less fuel"


def test_a_message_without_keywords_is_judged_as_surely() -> None:
    statement = "Backups are immutable, so ransomware cannot encrypt or delete them."
    bare = ScoringSpec("m", 1, None, (PointSpec("immutable", statement),
                                      PointSpec("restore", "Restore a server in minutes.")))
    said = judged(bare, statement)["immutable"]
    assert said["covered"] and not said["check"]


def test_not_only_tell_is_no_denied_speech_act() -> None:
    # "it doesn't only tell you X, it also shows Y": both are said ("not only" adds),
    # unlike "I won't tell you X", which denies X
    spec = ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("peak", "Moving load away from peak hours cuts demand charges by 20%.",
                  (), ("peak", "demand charges")),))
    said = ("It doesn't only tell you what ran overnight, it also shows you how to cut demand "
            "charges by twenty percent by moving load off peak.")
    assert judged(spec, said)["peak"]["covered"]
    assert not judged(spec, "I won't tell you that moving load off peak cuts demand charges "
                            "by twenty percent.")["peak"]["covered"]



def _refund_spec() -> ScoringSpec:
    return ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("refund-days", "Refunds are paid within five days of the request.", (),
                  ("refunds",)),
        PointSpec("portal", "Customers track every order in one portal.", (), ("portal",)),
    ))


@pytest.mark.parametrize(("text", "covered"), [
    # a bound on the figure is the claim, not its denial
    ("We pay refunds not later than five days after the request.", True),
    ("We pay refunds no more than five days after the request.", True),
    # "no longer" without "than" still denies
    ("We no longer pay refunds within five days of the request.", False),
])
def test_no_later_than_is_a_bound(text: str, covered: bool) -> None:
    assert judged(_refund_spec(), text)["refund-days"]["covered"] is covered


def _fee_spec() -> ScoringSpec:
    return ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("flat", "One fixed price per parcel, however heavy the parcel is.", (),
                  ("fixed price",)),
        PointSpec("portal", "Customers track every order in one portal.", (), ("portal",)),
    ))


@pytest.mark.parametrize(("text", "withheld"), [
    # "whether A or B" as "whatever": the claim holds either way
    ("It is one price whether the parcel is heavy or light.", False),
    # "whether" opening a question left open still withholds what follows
    ("Nobody has data on whether the parcel is heavy or light.", True),
])
def test_whether_a_or_b_holds_either_way(text: str, withheld: bool) -> None:
    _, _, signals, _ = message_signals(_fee_spec(), Transcript.from_text(text),
                                       semantic=False)
    got = signals[0].values()
    assert (got["lex"] > got["lex_bad"]) is not withheld


def _consequence_spec() -> ScoringSpec:
    return ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("tracking", "Parcels are scanned at every depot, so customer calls about "
                  "lost parcels drop by half.", (), ("scanned",)),
        PointSpec("portal", "Customers track every order in one portal.", (), ("portal",)),
    ))


def test_the_consequence_of_a_statement_conveys_it_alone() -> None:
    # "X, so Y": Y told alone, from the buyer's side
    said = judged(_consequence_spec(),
                  "With us, customer calls about lost parcels drop by half.")
    assert said["tracking"]["covered"]
    # ... but not when it is only named
    said = judged(_consequence_spec(), "We talked about calls about lost parcels last week.")
    assert not said["tracking"]["covered"]



@pytest.mark.parametrize(("statement", "consequence"), [
    ("Parcels are scanned at every depot, so customer calls about lost parcels drop by "
     "half.", "customer calls about lost parcels drop by half"),
    ("Orders are routed to the nearest depot, saving drivers two hours a day.",
     "saving drivers two hours a day"),
    ("Each picker packs more boxes because the software plans the route for them.",
     "the software plans the route for them"),
    # too short to be a claim alone, or no consequence at all
    ("Invoices are read automatically, so nobody types.", None),
    ("Every order is tracked in one portal.", None),
])
def test_the_consequence_of_a_statement(statement: str, consequence: str | None) -> None:
    assert _consequence(statement) == consequence


def _ledger_spec() -> ScoringSpec:
    return ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("readings", "Meter readings from every site flow into the billing ledger "
                  "without retyping.", (), ("meter",)),
        PointSpec("portal", "Customers track every order in one portal.", (), ("portal",)),
    ))


def test_a_paraphrase_in_words_of_the_same_fields_is_said() -> None:
    # two words of the statement, the others in words of their fields (figures for
    # readings, the invoice book for the billing ledger): each counts half
    _, _, signals, _ = message_signals(_ledger_spec(), Transcript.from_text(
        "Each site meter sends its figures straight into the invoice book."), semantic=False)
    assert signals[0].values()["lex"] > 0
    # one word of the statement is too few, however many of its fields
    _, _, signals, _ = message_signals(_ledger_spec(), Transcript.from_text(
        "The site sends its figures and invoices to the book."), semantic=False)
    assert signals[0].values()["lex"] == 0
