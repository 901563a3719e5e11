"""A name in an enumeration of bare names ("you get fuel reports, a live map, harsh-braking
alerts, and ...") names a feature; it does not tell the message, whose claim is what the
feature does. An item that says what it does, a name that says the statement's whole
first clause ("immutable backups" for "Backups are immutable, so ..."), and a headline
said as a sentence of its own still count. Sentences written for this file, on playbooks
of unrelated domains."""

from __future__ import annotations

import pytest

from tests.drills.scoring_helpers import covered

NAMED_ONLY = [
    ("fleetwise", "fleet-manager", "live-map",
     "You get fuel reports, a live map, harsh-braking alerts, and trackers that install in "
     "half an hour with no mechanic."),
    ("gridtally", "landlord-finance", "tenant-billing",
     "You get tenant billing, peak shaving, carbon reports, and a team that sets it all up."),
    ("clinicflow", "practice-manager", "fewer-no-shows",
     "You get text reminders, online booking, a waiting list, and fast setup."),
]

TOLD = [
    # the item says what the feature does
    ("fleetwise", "fleet-manager", "live-map",
     "You get fuel reports, driver coaching, and a live map where dispatchers see every "
     "vehicle, updated every ten seconds."),
    ("gridtally", "landlord-finance", "esg-reports",
     "You get tenant billing, peak shaving, and carbon reports for ESG disclosure produced "
     "in one click, ready for audit."),
    ("clinicflow", "practice-manager", "fewer-no-shows",
     "You get online booking, a waiting list, and text reminders that cut no-shows by a "
     "third."),
    # the name is the statement's first clause
    ("harborguard", "it-director", "immutable",
     "You get immutable backups, quick restores, nightly testing, and pricing per "
     "protected terabyte."),
    # a headline said as a sentence of its own
    ("fleetwise", "fleet-manager", "live-map",
     "Live map. Fuel down fifteen percent. Half-hour installs."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), NAMED_ONLY)
def test_a_name_in_a_list_is_not_coverage(playbook: str, pitch: str, message: str,
                                          text: str) -> None:
    assert not covered(playbook, pitch, message, text)


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), TOLD)
def test_what_the_feature_does_is_coverage(playbook: str, pitch: str, message: str,
                                           text: str) -> None:
    assert covered(playbook, pitch, message, text)
