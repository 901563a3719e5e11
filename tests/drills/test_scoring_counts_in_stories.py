"""A change told as a count then and a count now, in forms of English that hold in any
domain: a round four-digit count before a plural noun is a count, not a year ("two
thousand litres", "twenty-eight hundred"; "in 2000", "2024 prices" stay years), and a
count a time ("forty a morning", "twenty a shift") is a count (not "seven a.m."); and a
share told as under or below what was ("a third under last year's"), where "a quarter
under the new contract" stays three months. The share must still be the message's own.
Sentences written for this file, on playbooks of unrelated domains."""

from __future__ import annotations

import pytest

from tests.drills.scoring_helpers import covered

TOLD = [
    # round thousands and hundreds of things
    ("fleetwise", "fleet-manager", "fuel",
     "One customer used to burn about two thousand litres a week, and now it's seventeen "
     "hundred."),
    ("claimpath", "ops-review", "adjuster-load",
     "Each adjuster used to close two thousand files a year, and now it's twenty-eight "
     "hundred."),
    ("claimpath", "cco-elevator", "status-texts",
     "The contact centre used to take two thousand calls a week about claims, and now "
     "it's a thousand."),
    # a count a time
    ("fleetwise", "fleet-manager", "fuel",
     "At the depot pump it used to be forty a morning, and now it's thirty-four."),
    ("claimpath", "ops-review", "adjuster-load",
     "On Lisa's desk it used to be twenty a shift, and now it's twenty-eight."),
    ("claimpath", "cco-elevator", "status-texts",
     "The phones, that used to be four hundred a morning, and now it's two hundred."),
    # a share under what it was
    ("clinicflow", "practice-manager", "fewer-no-shows",
     "Their no-shows this year came in a third under last year's."),
    ("fleetwise", "fleet-manager", "fuel",
     "Within three months the diesel bill came in fifteen percent under what it was."),
    ("claimpath", "cco-elevator", "status-texts",
     "Calls to the contact centre came in half below last year's, because claimants get a "
     "text at every step."),
]

NOT_TOLD = [
    # years stay years
    ("fleetwise", "fleet-manager", "fuel",
     "In 2000 fleets ran diesel vans, and in 2017 most still did."),
    ("claimpath", "ops-review", "adjuster-load",
     "Their 2024 claims were all handled by the 2028 deadline."),
    # the counts make another share than the message's
    ("fleetwise", "fleet-manager", "fuel",
     "At the depot pump it used to be forty a morning, and now it's twenty."),
    ("claimpath", "cco-elevator", "status-texts",
     "The contact centre used to take two thousand calls a week about claims, and now "
     "it's nineteen hundred."),
    # a quarter of a year, or a share that is not the message's
    ("clinicflow", "practice-manager", "fewer-no-shows",
     "In a quarter under the new contract, nothing much changed for the front desk."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "The demand charges came in a quarter under last year's."),
    ("fleetwise", "fleet-manager", "fuel",
     "A quarter under the new fuel card scheme, and nothing has changed yet."),
    # a time of day
    ("claimpath", "cco-elevator", "status-texts",
     "The report goes out at seven a.m. now; it used to be nine a.m."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), TOLD)
def test_a_change_told_as_counts_is_coverage(playbook: str, pitch: str, message: str,
                                             text: str) -> None:
    assert covered(playbook, pitch, message, text)


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), NOT_TOLD)
def test_years_times_and_other_shares_are_not(playbook: str, pitch: str, message: str,
                                              text: str) -> None:
    assert not covered(playbook, pitch, message, text)
