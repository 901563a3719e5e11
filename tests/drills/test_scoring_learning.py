"""Learning from manager decisions (drills.scoring.learning) and the coaching words a rep
reads (drills.scoring.coaching), on the pure functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from drills.scoring import (
    ScoringSpec,
    StoredDelivery,
    score_transcript,
    spec_from_playbook_dict,
    stored_result,
)
from drills.scoring.coaching import coaching_for, duration_note, explain_score
from drills.scoring.learning import (
    MAX_OFFSET,
    ManagerExample,
    fit_offset,
    learn,
    shifted,
)
from drills.transcript import Transcript

EVAL = Path(__file__).parent / "eval"
DAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def fleet() -> ScoringSpec:
    return spec_from_playbook_dict(yaml.safe_load((EVAL / "fleetwise.yaml").read_text()),
                                   "fleet-manager")


def judged(spec: ScoringSpec, text: str, examples: list[ManagerExample]) -> dict[str, dict]:
    result = score_transcript(spec, Transcript.from_text(text), learned=learn(examples))
    return {m["id"]: m for m in result.to_json_dict()["messages"]}


def example(mid: str, covered: bool, machine: bool, conf: float, text: str | None,
            day: date = DAY) -> ManagerExample:
    return ManagerExample(message_id=mid, covered=covered, machine_covered=machine,
                          confidence=conf, text=text, decided_on=day)


def test_an_accepted_phrasing_is_one_the_scorer_did_not_count_with_confidence() -> None:
    said = "every laptop sits in the one place"
    assert example("m", True, False, 0.2, said).accepted_phrasing  # missed: overridden
    unsure = ManagerExample(message_id="m", covered=True, machine_covered=True,
                            confidence=0.6, text=said, decided_on=DAY, machine_unsure=True)
    assert unsure.accepted_phrasing  # left to the manager, who counted it
    assert not example("m", True, True, 0.95, said).accepted_phrasing  # counted already
    assert not example("m", False, True, 0.6, said).accepted_phrasing  # rejected
    assert not example("m", True, False, 0.2, None).accepted_phrasing  # nothing quoted


def test_offset_needs_several_decisions_and_moves_towards_them() -> None:
    assert fit_offset([(0.3, True), (0.3, True)]) == 0.0  # too few to recalibrate
    up = fit_offset([(0.3, True)] * 4)
    # decisions that disagree among themselves support no shift: as likely noise as bias
    assert fit_offset([(0.5, True), (0.5, False)] * 5 + [(0.5, True)]) == 0.0
    down = fit_offset([(0.7, False)] * 4)
    assert 0 < up <= MAX_OFFSET and -MAX_OFFSET <= down < 0
    # agreements pull it back: the machine was right as often as wrong
    assert abs(fit_offset([(0.3, True), (0.3, False)] * 3)) < up
    assert shifted(0.3, up) > 0.3 and shifted(0.5, 0.0) == 0.5


def test_an_accepted_phrasing_counts_only_when_said_again_as_a_claim(fleet: ScoringSpec) -> None:
    words = "the night dispatcher sent the van round the jam by the old mill road"
    taught = [example("live-map", True, False, 0.04, words)]
    plain = judged(fleet, f"Our {words}.", [])
    assert not plain["live-map"]["covered"]
    again = judged(fleet, "Last month the night dispatcher sent the van round the jam by "
                   "the old mill road.", taught)
    assert again["live-map"]["covered"]
    assert again["live-map"]["learned"] == ("Counted: close to a phrasing your manager "
                                            "accepted on 3 Dec.")
    assert again["live-map"]["evidence"] == ("night dispatcher sent the van round the jam by "
                                             "the old mill road")
    # the same words denied, or asked, do not count
    denied = judged(fleet, "No, the night dispatcher never sent the van round the jam by the "
                    "old mill road.", taught)
    asked = judged(fleet, "Has the night dispatcher sent the van round the jam by the old "
                   "mill road?", taught)
    assert not denied["live-map"]["covered"] and not asked["live-map"]["covered"]
    # half of the words is not the phrasing
    half = judged(fleet, "The night dispatcher has a screen.", taught)
    assert not half["live-map"]["covered"] and half["live-map"]["learned"] is None


def test_a_rejected_phrasing_goes_back_to_the_manager(fleet: ScoringSpec) -> None:
    """A repeat of words a manager rejected: an unsure credit is not counted again; a
    sure one stays but goes to the manager (the rejection does not say why: a figure or
    a framing outside the quoted words), with the note saying which decision."""
    # (not "Dispatchers see each vehicle live.", unsure until the unsaid display of "on a
    # live map" counted half: now a sure credit)
    unsure_text = "Dispatchers see every vehicle on a map."
    unsure = judged(fleet, unsure_text, [])["live-map"]
    assert unsure["covered"] and unsure["check"]
    refused = [example("live-map", False, True, unsure["confidence"],
                       "Dispatchers see every vehicle on a map")]
    again = judged(fleet, unsure_text, refused)["live-map"]
    assert not again["covered"]
    assert again["learned"] == ("Not counted: close to a phrasing your manager rejected "
                                "on 3 Dec.")

    text = "Fleets use fifteen percent less fuel within the first quarter."
    sure = judged(fleet, text, [])["fuel"]
    assert sure["covered"] and not sure["check"]
    rejected = [example("fuel", False, True, 0.95,
                        "Fleets use fifteen percent less fuel within the first quarter")]
    after = judged(fleet, text, rejected)["fuel"]
    assert after["covered"] and after["check"]
    assert after["confidence"] < sure["confidence"]
    assert after["learned"] == ("Manager to check: close to a phrasing your manager "
                                "rejected on 3 Dec.")
    # the latest decision on the same words wins
    both = [*rejected, example("fuel", True, False, 0.3, rejected[0].text, date(2026, 12, 4))]
    latest = judged(fleet, text, both)["fuel"]
    assert latest["covered"] and not latest["check"]


def test_recalibration_moves_an_uncertain_judgement_and_says_so(fleet: ScoringSpec) -> None:
    text = "The map is live."
    before = judged(fleet, text, [])["live-map"]
    assert before["covered"] and before["check"]
    # managers keep refusing this message where the machine was unsure
    history = [example("live-map", False, True, before["confidence"], None)] * 6
    after = judged(fleet, text, history)["live-map"]
    assert not after["covered"] and after["confidence"] < before["confidence"]
    assert after["learned"] == ("Not counted: the scorer is recalibrated on 6 earlier "
                                "manager decisions on this message.")
    # ... and the other way: credited where the machine was unsure, it credits sooner
    unsure = judged(fleet, "Dispatchers see each vehicle.", [])["live-map"]
    assert not unsure["covered"] and unsure["check"]
    credited = [example("live-map", True, False, unsure["confidence"], None)] * 6
    assert judged(fleet, "Dispatchers see each vehicle.", credited)["live-map"]["covered"]
    # a message that was never said stays missed, however generous the managers
    assert not judged(fleet, "Fuel bills drop.", credited)["live-map"]["covered"]


def test_coaching_and_plain_explanation() -> None:
    class Point:
        statement = "Restore a whole server in under fifteen minutes."
        evidence = ("a full server back in a quarter of an hour",)
        proof = "Acme restored 40 servers in an afternoon"

    coach = coaching_for(Point())
    assert coach.line == Point.statement
    assert coach.phrasing == "a full server back in a quarter of an hour"
    assert coach.proof == "Acme restored 40 servers in an afternoon"
    result = stored_result({"score": 52, "messages": [
        {"id": "a", "covered": True}, {"id": "b", "covered": True},
        {"id": "c", "covered": False}], "forbidden": [{"phrase": "unhackable"}]})
    assert explain_score(result) == ("You conveyed 2 of 3 messages; 1 forbidden phrase cost "
                                     "15 points, so the score is 52.")
    assert explain_score(stored_result({"score": 100, "messages": [
        {"id": "a", "covered": True}]})) == "You conveyed 1 of 1 message, so the score is 100."
    long = StoredDelivery(duration_s=102.0, duration_target=(45, 90), duration_ok=False)
    short = StoredDelivery(duration_s=20.0, duration_target=(45, 90), duration_ok=False)
    assert duration_note(long) == ("Your take ran 1:42, longer than the 45–90 s this pitch "
                                   "asks for: lead with the messages and cut the rest.")
    assert duration_note(short).startswith("Your take ran 20 s, shorter than the 45–90 s")
    # a manager reading the take: the sentences name the rep
    assert explain_score(result, "Riley").startswith("Riley conveyed 2 of 3 messages")
    assert duration_note(long, "Riley").startswith("Riley's take ran 1:42, longer")
    assert duration_note(StoredDelivery(duration_s=60.0, duration_target=(45, 90),
                                        duration_ok=True)) is None
