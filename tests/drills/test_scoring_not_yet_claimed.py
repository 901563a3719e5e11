"""Coverage of what the rep does not yet vouch for, in readings of English that hold in
any domain: a point the rep puts off until it is checked ("I'd have to check with
product"), a feature told as the work of the people still making it ("our team is
designing a ..."), and a time of day that bounds a stretch of time ("hot from one
o'clock", "switches on at half past six") rather than telling when a job was done, and
what the listener already has or does ("your crew already check it by hand", "the
clean-down is on your plan already"); a wish told by its participle after the act ("a
client rang wanting ...", not "anyone wanting X gets it"); and "before it goes in the
bin", where a thing is put, told as no speed; and topics left to the listener's own
knowledge ("..., you know better than I do"). Each
reading is shown both ways, on playbooks of unrelated domains; the sentences were written
for this file."""

from __future__ import annotations

import pytest

from tests.drills.scoring_helpers import covered

NOT_CLAIMED = [
    # put off until checked
    ("gridtally", "fm-elevator", "after-hours-alerts",
     "And the overnight alerts for equipment left running, I'd have to check with our "
     "product people, sorry."),
    ("harborguard", "it-director", "fast-restore",
     "Restoring a whole server in under fifteen minutes, we would need to confirm that "
     "with engineering first."),
    ("claimpath", "ops-review", "core-integration",
     "The Guidewire and Duck Creek connections through standard APIs, I'll have to ask "
     "our solutions team."),
    # still being made by the people behind the product
    ("gridtally", "landlord-finance", "esg-reports",
     "Our product team is designing carbon reports for ESG disclosure that come out in "
     "one click, ready for audit."),
    ("claimpath", "cco-elevator", "status-texts",
     "The engineers are also developing a text message at every step of a claim, so "
     "calls to the contact centre drop by half."),
    ("harborguard", "it-director", "tested-nightly",
     "We're currently planning a nightly test of one hundred percent of backups for "
     "recoverability."),
    # a time of day that opens a stretch of time is no speed
    ("harborguard", "it-director", "fast-restore",
     "The office heating runs from six o'clock every morning."),
    ("harborguard", "it-director", "fast-restore",
     "Their support line opens at half past eight."),
    ("claimpath", "cco-elevator", "photo-estimate",
     "The claims office is staffed from nine o'clock."),
    ("claimpath", "cco-elevator", "photo-estimate",
     "Most hailstorms hit from four o'clock in the afternoon."),
    ("medibook", "practice-manager", "next-day-deposits",
     "The cleaners start at quarter past five, before the front desk."),
    # the listener's own way now
    ("fleetwise", "fleet-manager", "live-map",
     "Your dispatchers already see every vehicle on a map, refreshed every ten seconds "
     "from the phones."),
    ("clinicflow", "practice-manager", "self-booking",
     "Patients booking their own appointments online at night is on your website "
     "already, right?"),
    ("harborguard", "it-director", "tested-nightly",
     "Your team already tests one hundred percent of backups for recoverability every "
     "night, by hand."),
    # wished for, by a participle after the act
    ("clinicflow", "practice-manager", "self-booking",
     "A patient rang at nine wanting to book her own appointment online, day or night."),
    ("harborguard", "it-director", "fast-restore",
     "Their IT lead called us wanting a whole server restored in under fifteen minutes."),
    ("medibook", "practice-manager", "next-day-deposits",
     "A client rang wanting the payments in the clinic's bank account the next business "
     "day."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "We're hoping that moving load away from peak hours cuts demand charges by twenty "
     "percent."),
    # left to the listener's knowledge, the topics named before it
    ("gridtally", "fm-elevator", "peak-shaving",
     "And load off peak hours, lower demand charges, you know better than I do."),
    ("clinicflow", "practice-manager", "self-booking",
     "And online self-booking, day or night, you know better than I do."),
    ("harborguard", "it-director", "immutable",
     "And immutable backups, out of ransomware's reach, you know better than I do."),
    # where a thing is put, not how soon
    ("harborguard", "it-director", "fast-restore",
     "We check every file before it goes in the archive."),
    ("claimpath", "cco-elevator", "photo-estimate",
     "Every photo is checked by a person before it goes in the claim file."),
]

CLAIMED = [
    # the rep's own claim, with the same words of checking, asking or needing nearby
    ("claimpath", "cco-elevator", "straight-through",
     "Simple claims under five thousand dollars are paid automatically, you never need to "
     "ask an adjuster to touch them."),
    ("harborguard", "it-director", "fast-restore",
     "I checked with our engineers: you can restore a whole server in under fifteen "
     "minutes."),
    ("gridtally", "fm-elevator", "after-hours-alerts",
     "You'll never have to check the plant room again: equipment left running overnight "
     "triggers an alert the next morning."),
    # the product at work, or the customer's people planning with it
    ("claimpath", "cco-elevator", "status-texts",
     "Claimants get a text message at every step, so calls to the contact centre drop by "
     "half and your team can stop planning around the phones."),
    ("harborguard", "it-director", "tested-nightly",
     "Our engineers designed it so we test one hundred percent of backups for "
     "recoverability every night."),
    ("gridtally", "landlord-finance", "esg-reports",
     "Carbon reports for ESG disclosure are produced in one click and are ready for "
     "audit, so the sustainability team is planning less and reporting more."),
    # what the product does with what the listener already has
    ("clinicflow", "it-review", "ehr-sync",
     "It syncs with the EHR you already run, so nobody types patient data twice."),
    ("fleetwise", "fleet-manager", "live-map",
     "On the phones your drivers already carry, dispatchers see every vehicle on a live "
     "map, updated every ten seconds."),
    ("harborguard", "it-director", "tested-nightly",
     "You already back up; we test one hundred percent of those backups for "
     "recoverability every night."),
    # a participle of wishing that only tells who the subject is
    ("clinicflow", "practice-manager", "self-booking",
     "Patients wanting an appointment book their own online, day or night."),
    ("harborguard", "it-director", "fast-restore",
     "Anyone wanting a server back gets it restored in under fifteen minutes."),
    ("medibook", "practice-manager", "next-day-deposits",
     "Clinics hoping for faster cash get payments in their bank account the next "
     "business day."),
    # people back in: a speed
    ("harborguard", "it-director", "fast-restore",
     "The server crashed at lunch and it was restored before the team had gone back in."),
    # the claim said, then the listener's knowledge deferred to
    ("gridtally", "fm-elevator", "peak-shaving",
     "Moving load away from peak hours cuts demand charges by twenty percent, and you "
     "know better than I do what that's worth."),
    ("fleetwise", "fleet-manager", "live-map",
     "Dispatchers see every vehicle on a live map, updated every ten seconds; you know "
     "better than I do what that saves."),
    ("clinicflow", "practice-manager", "self-booking",
     "Patients book their own appointments online, day or night. You know better than I "
     "do how the front desk will feel."),
    # a time of day by which the job was done
    ("harborguard", "it-director", "fast-restore",
     "The server went down at two o'clock, and by quarter past two the whole thing was "
     "restored."),
    ("gridtally", "fm-elevator", "after-hours-alerts",
     "The HVAC was left running overnight, and at eight o'clock the next morning the "
     "facilities manager had an alert about it."),
    ("medibook", "practice-manager", "next-day-deposits",
     "A patient paid on Monday afternoon and the money was in the clinic's bank account "
     "by nine o'clock the next business day."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), NOT_CLAIMED)
def test_not_yet_vouched_for_is_not_covered(playbook: str, pitch: str, message: str,
                                            text: str) -> None:
    assert not covered(playbook, pitch, message, text)


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), CLAIMED)
def test_the_reps_own_claim_is_covered(playbook: str, pitch: str, message: str,
                                       text: str) -> None:
    assert covered(playbook, pitch, message, text)
