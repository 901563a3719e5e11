"""Kinds of wording nobody tuned for, each with a covered form and a near form that must
stay missed: a common abbreviation for the words a playbook spells out, the display a
claim is seen on left unsaid, names listed with "and", a denial reaching the claim's
opposite at the end of its clause, a denied need to be somewhere, a bare "They don't."
after a claim, and a lead before a colon that vouches for the claim it announces.
Sentences written for the kinds, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript


def _spec(*points: PointSpec) -> ScoringSpec:
    return ScoringSpec(module="m", version=1, pitch=None, points=points)


_FLEET = _spec(
    PointSpec(id="map", statement="Dispatchers see every van on a live map.",
              keywords=("live map", "dispatch")),
    PointSpec(id="fuel", statement="Route planning cuts fuel costs by 20%.",
              keywords=("fuel", "route")),
    PointSpec(id="proof", statement="Drivers capture proof of delivery with a photo.",
              keywords=("proof of delivery", "photo")),
    PointSpec(id="eta", statement="Customers get a text with the arrival time.",
              keywords=("text", "arrival")),
)
_AP = _spec(
    PointSpec(id="auto", statement="Invoices are matched to purchase orders automatically.",
              keywords=("invoices", "match")),
    PointSpec(id="mobile", statement="Approvers sign off from their phone.",
              keywords=("approve", "phone")),
    PointSpec(id="audit", statement="Every change is logged for the auditors.",
              keywords=("audit", "log")),
)
_BACKUP = _spec(
    PointSpec(id="fast", statement="Restores finish in under 15 minutes.", keywords=("restore",)),
    PointSpec(id="price", statement="One flat price per site, with no per-user fees.",
              keywords=("flat price", "per user")),
    PointSpec(id="soc", statement="The platform is SOC 2 Type II certified.",
              keywords=("SOC 2",)),
)
_SUPPORT = _spec(
    PointSpec(id="sla", statement="We guarantee a response within one hour under our "
              "service level agreement.", keywords=("response", "hour")),
    PointSpec(id="roi", statement="Most customers see a return on their investment within "
              "six months.", keywords=("return", "investment")),
)


def _covered(spec: ScoringSpec, text: str) -> set[str]:
    result = score_transcript(spec, Transcript.from_text(text), semantic=False)
    return {m.id for m in result.messages if m.covered}


@pytest.mark.parametrize(("text", "covered"), [
    ("So that's the live map, the photo proof, and the ETA texts.", {"map", "proof", "eta"}),
    ("Every customer gets a text with their ETA.", {"eta"}),
    ("The texts don't include an ETA yet.", set()),
])
def test_a_common_abbreviation_says_the_words_it_stands_for(text: str, covered: set[str]
                                                            ) -> None:
    assert _covered(_FLEET, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("Our SLA guarantees a response within one hour.", {"sla"}),
    ("roi in six months for most of our customers", {"roi"}),
    ("We don't have an SLA on response times.", set()),
    ("Customers rarely see ROI within six months.", set()),
])
def test_abbreviations_of_other_fields(text: str, covered: set[str]) -> None:
    assert _covered(_SUPPORT, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("Your dispatchers see the vans live.", {"map"}),
    ("Three things: dispatchers see the vans live, drivers snap a photo as proof, customers "
     "get a text saying when we'll arrive.", {"map", "proof", "eta"}),
    ("Dispatchers can't see the vans live.", set()),
    ("Dispatchers see the vans on a paper schedule.", set()),
    ("Dispatchers see the vans at the end of the day.", set()),
    ("Dispatchers see each van.", set()),
])
def test_the_display_a_claim_is_seen_on_may_go_unsaid(text: str, covered: set[str]) -> None:
    assert _covered(_FLEET, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("live map and photo proof but no arrival texts", {"map", "proof"}),
    ("You get the live map and no photo proof.", {"map"}),
    ("a map and a photo", set()),
    ("The live map and photo proof are on the roadmap for next year.", set()),
    ("We'd like to add a live map and photo proof someday.", set()),
])
def test_names_joined_by_and_are_each_a_headline(text: str, covered: set[str]) -> None:
    assert _covered(_FLEET, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("You'll never have to match an invoice to a purchase order by hand again.", {"auto"}),
    ("you dont have to match invoices with purchase orders by hand no more", {"auto"}),
    ("We never match invoices to purchase orders except by hand.", set()),
    ("The system won't match invoices to purchase orders, your team does it by hand.", set()),
    ("You will still have to match invoices to purchase orders by hand.", set()),
])
def test_a_denial_reaches_the_opposite_at_its_clause_end(text: str, covered: set[str]
                                                         ) -> None:
    assert _covered(_AP, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("Approvers no longer have to be at a desk to sign off, they use their phone.",
     {"mobile"}),
    ("Your approvers never have to come back to the office to sign off, it's on their "
     "phone.", {"mobile"}),
    ("Approvers don't have to sign off from their phone, they can use the desk.", set()),
    ("Approvers can't sign off from their phone.", set()),
])
def test_a_denied_need_to_be_somewhere_leaves_its_purpose(text: str, covered: set[str]
                                                          ) -> None:
    assert _covered(_AP, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("You may have heard restores finish in under fifteen minutes. They don't.", set()),
    ("Is it one flat price per site? No, it isn't.", set()),
    ("We restore a server in under fifteen minutes. They don't.", {"fast"}),
    ("Restores finish in under fifteen minutes. They don't make you wait.", {"fast"}),
])
def test_a_bare_they_dont_denies_the_sentence_before(text: str, covered: set[str]) -> None:
    assert _covered(_BACKUP, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("I won't pretend otherwise: restores finish in under fifteen minutes.", {"fast"}),
    ("Others claim it, we deliver it: restores finish in under fifteen minutes.", {"fast"}),
    ("Competitors promise it, we prove it: one flat price per site with no per-user fees.",
     {"price"}),
    ("Nobody else can say this: we are SOC 2 Type II certified.", {"soc"}),
    ("no lie restores finish under fifteen minutes", {"fast"}),
    ("I won't pretend restores finish in under fifteen minutes.", set()),
    ("I can't promise this: restores finish in under fifteen minutes.", set()),
    ("Vendors always say this: restores finish in under fifteen minutes.", set()),
    ("Others claim restores finish in under fifteen minutes.", set()),
    ("no lie, restores never finish in under fifteen minutes", set()),
])
def test_a_lead_that_vouches_for_what_its_colon_announces(text: str, covered: set[str]
                                                          ) -> None:
    assert _covered(_BACKUP, text) == covered


@pytest.mark.parametrize(("text", "covered"), [
    ("We'll get there eventually, but I can't say it yet: SOC 2 Type II certified.", set()),
    ("It isn't cheap yet it restores in under fifteen minutes.", {"fast"}),
])
def test_yet_closing_a_denial_opens_no_clause(text: str, covered: set[str]) -> None:
    assert _covered(_BACKUP, text) == covered
