"""Work done with nobody doing it, told of a named person who no longer writes a word of
it ("Jo doesn't write a word of it", "the receptionist never types a word of them"), tells
a claim that it is done automatically, in any domain; the same person doing every line of
it, or the question whether they do, does not. Sentences written for this file."""

from __future__ import annotations

import pytest

from tests.drills.scoring_helpers import covered

TOLD = [
    ("gridtally", "landlord-finance", "tenant-billing",
     "At Dockside the bills go out to every tenant on the first, and Maria doesn't type a "
     "line of them."),
    ("clinicflow", "it-review", "ehr-sync",
     "The patient's details land in the chart, and the receptionist never types a word of "
     "them."),
    ("claimpath", "ops-review", "adjuster-load",
     "On a new claim the forms are ready when Sam opens it; he never keys a single line, "
     "and he closes forty percent more a week."),
]

NOT_TOLD = [
    ("gridtally", "landlord-finance", "tenant-billing",
     "Does Maria really never type a line of the tenant bills?"),
    ("gridtally", "landlord-finance", "tenant-billing",
     "Maria still types every line of the tenant bills herself."),
    ("clinicflow", "it-review", "ehr-sync",
     "Our receptionist types every word of the patient details into the chart."),
    ("claimpath", "ops-review", "adjuster-load",
     "Sam keys every single line of a new claim, and he still closes the same number a "
     "week."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), TOLD)
def test_nobody_writing_it_tells_it_is_automatic(playbook: str, pitch: str, message: str,
                                                 text: str) -> None:
    assert covered(playbook, pitch, message, text)


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), NOT_TOLD)
def test_someone_writing_it_does_not(playbook: str, pitch: str, message: str,
                                     text: str) -> None:
    assert not covered(playbook, pitch, message, text)
