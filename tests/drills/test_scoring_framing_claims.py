"""Precision on framing nobody tuned for: a message's words said in a framing that keeps
them from being the rep's claim (a hedge, a question, someone else's claim, a denied
promise, a deferral, the buyer's problem, a wish) are not coverage; the same words said
as the rep's own claim are. Each case is a short transcript against an eval playbook,
written for this file, in pairs where it helps, so that recall is guarded too."""

from __future__ import annotations

import pytest

from drills.scoring import score_transcript
from drills.transcript import Transcript
from tests.drills.scoring_helpers import covered, eval_spec

# The rep's own claims, each said plainly: these must stay covered.
CLAIMS = [
    # the buyer's old supplier set against the product; the product's own customers
    ("gridtally", "fm-elevator", "peak-shaving",
     "With their old supplier nothing changed; with us moving load off peak cuts demand "
     "charges by twenty percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Most landlords cut demand charges by twenty percent by moving load off peak."),
    # the rep's own source is their claim; "the word is out" is no hearsay
    ("gridtally", "fm-elevator", "peak-shaving",
     "According to our own data, moving load off peak cuts demand charges by twenty "
     "percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "The word is out: moving load off peak cuts demand charges by twenty percent."),
    ("claimpath", "ops-review", "adjuster-load",
     "Adjusters now handle forty percent more claims, because the paperwork is filled in "
     "for them."),
    ("claimpath", "cco-elevator", "photo-estimate",
     "Policyholders snap photos on their phone and get a repair estimate in under fifteen "
     "minutes."),
    ("claimpath", "cco-elevator", "straight-through",
     "Simple claims under five thousand dollars are paid automatically, no adjuster "
     "touches them."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Moving load out of peak hours cuts demand charges by twenty percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "We cut peak charges by a fifth, moving load away from peak hours."),
    ("gridtally", "fm-elevator", "after-hours-alerts",
     "When the HVAC is left running overnight you get an alert the next morning."),
    ("gridtally", "fm-elevator", "interval-data",
     "The meters report consumption every fifteen minutes instead of once a month."),
    ("harborguard", "it-director", "fast-restore",
     "With us you would have a whole server back in under fifteen minutes."),
    ("harborguard", "it-director", "fast-restore",
     "There's no doubt about it: a whole server comes back in under fifteen minutes."),
    # "claims" the noun is no report
    ("claimpath", "ops-review", "fraud-flags",
     "The system spots claims that look fishy and holds them before payout, catching "
     "three times what manual review finds."),
    ("claimpath", "ops-review", "adjuster-load",
     "Adjusters handle forty percent more claims a week, because the paperwork is filled "
     "in for them."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), CLAIMS)
def test_the_reps_own_claim_is_covered(playbook: str, pitch: str, message: str,
                                       text: str) -> None:
    assert covered(playbook, pitch, message, text)


HEDGES = [
    ("claimpath", "ops-review", "adjuster-load",
     "Maybe adjusters could handle forty percent more claims."),
    ("claimpath", "ops-review", "adjuster-load",
     "In some cases adjusters handle more claims."),
    ("claimpath", "cco-elevator", "photo-estimate",
     "It might give policyholders a repair estimate from photos in fifteen minutes."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Maybe moving load away from peak hours cuts demand charges by twenty percent."),
    ("gridtally", "fm-elevator", "after-hours-alerts",
     "In some cases equipment left running overnight might trigger an alert."),
    # what ought to be, or would be in an ideal world, or is supposed
    ("harborguard", "it-director", "tested-nightly",
     "Ideally you would test every backup every night."),
    ("harborguard", "it-director", "tested-nightly",
     "You should test every backup every night."),
    ("harborguard", "it-director", "tested-nightly",
     "In theory every backup gets tested every night."),
    ("harborguard", "it-director", "tested-nightly",
     "The goal is to test every backup every night."),
    ("harborguard", "it-director", "tested-nightly",
     "Imagine if every backup were tested every night."),
    ("harborguard", "it-director", "tested-nightly",
     "Suppose every backup got tested every night."),
    ("harborguard", "it-director", "fast-restore",
     "Let's say a whole server came back in fifteen minutes."),
]
QUESTIONS = [
    ("claimpath", "ops-review", "adjuster-load",
     "Would it help if each adjuster handled forty percent more claims?"),
    ("claimpath", "ops-review", "adjuster-load",
     "What if every adjuster handled forty percent more claims?"),
    ("claimpath", "cco-elevator", "photo-estimate",
     "Wouldn't it be great if policyholders got a repair estimate from their photos in "
     "under fifteen minutes?"),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Could moving load off peak hours cut your demand charges by twenty percent?"),
    ("gridtally", "fm-elevator", "after-hours-alerts",
     "What if equipment left running overnight triggered an alert the next morning?"),
]
ATTRIBUTIONS = [
    ("claimpath", "ops-review", "adjuster-load",
     "Our competitors say each adjuster handles forty percent more claims."),
    ("claimpath", "ops-review", "adjuster-load",
     "The analyst claimed adjusters handle forty percent more claims with tools like ours."),
    ("claimpath", "cco-elevator", "straight-through",
     "Our competitors claim simple claims under five thousand dollars get paid "
     "automatically."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "A consultant insists that moving load off peak cuts demand charges by twenty "
     "percent."),
    ("gridtally", "fm-elevator", "interval-data",
     "My brother-in-law swears his meters report consumption every fifteen minutes."),
    ("harborguard", "it-director", "fast-restore",
     "Gartner claims a whole server comes back in fifteen minutes with modern tools."),
]
DISTANCING = [
    ("claimpath", "ops-review", "adjuster-load",
     "I won't pretend every adjuster handles forty percent more claims."),
    ("claimpath", "ops-review", "adjuster-load",
     "If anyone promises you forty percent more claims per adjuster, walk away."),
    ("claimpath", "ops-review", "adjuster-load",
     "Don't count on adjusters handling forty percent more claims."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Don't count on demand charges falling by twenty percent."),
    ("harborguard", "it-director", "fast-restore",
     "I doubt a whole server comes back in fifteen minutes."),
    # someone else's promise, whoever they are
    ("claimpath", "ops-review", "adjuster-load",
     "If any supplier promises you forty percent more claims per adjuster, leave."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Some consultants swear moving load off peak cuts demand charges by twenty percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Another installer will tell you moving load off peak cuts demand charges by twenty "
     "percent."),
    # others who sell what the rep sells, and what the buyer had before
    ("claimpath", "ops-review", "adjuster-load",
     "Most platforms say each adjuster handles forty percent more claims, if you're lucky."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Rival consultancies cut demand charges by twenty percent by moving load off peak."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "With their old supplier, moving load off peak cut demand charges by twenty percent, "
     "on a good month."),
    # hearsay, or an ideal world
    ("gridtally", "fm-elevator", "peak-shaving",
     "According to the utility, moving load off peak cuts demand charges by twenty "
     "percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "I've heard that moving load off peak cuts demand charges by twenty percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Rumour has it that moving load off peak cuts demand charges by twenty percent."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "In a perfect world, moving load off peak cuts demand charges by twenty percent."),
]

# A wish or a plan is not yet a claim.
WISHES = [
    ("claimpath", "ops-review", "adjuster-load",
     "We'd love to have each adjuster handle forty percent more claims one day."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "We'd love to cut demand charges by twenty percent one day."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Someday moving load away from peak hours will cut demand charges by twenty percent."),
    ("claimpath", "cco-elevator", "straight-through",
     "It would be nice if simple claims under five thousand dollars were paid "
     "automatically."),
    ("claimpath", "cco-elevator", "straight-through",
     "We'd love to pay simple claims automatically one day."),
    ("harborguard", "it-director", "fast-restore",
     "A whole server coming back in fifteen minutes would be nice."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"),
                         HEDGES + QUESTIONS + ATTRIBUTIONS + DISTANCING + WISHES)
def test_a_framed_claim_is_not_covered(playbook: str, pitch: str, message: str,
                                       text: str) -> None:
    assert not covered(playbook, pitch, message, text)


# A topic put off to another time or place, named ahead of the clause that defers it or
# in a clause run on from it, is not claimed.
DEFERRALS = [
    ("claimpath", "cco-elevator", "photo-estimate",
     "Photos, estimates, all that, we can talk about another time."),
    ("claimpath", "cco-elevator", "photo-estimate",
     "Photo estimates are something we can get to another day."),
    ("claimpath", "ops-review", "adjuster-load",
     "Adjuster workload, the forty percent figure, we can talk about that another time."),
    ("gridtally", "fm-elevator", "peak-shaving",
     "Peak charges, installation, all of that is in the deck."),
    ("gridtally", "fm-elevator", "interval-data",
     "Fifteen-minute readings, we can come back to that another time."),
    # a topic named, then disowned
    ("gridtally", "fm-elevator", "peak-shaving",
     "Demand charges, peak shaving, we don't touch that."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), DEFERRALS)
def test_a_deferred_topic_is_not_covered(playbook: str, pitch: str, message: str,
                                         text: str) -> None:
    assert not covered(playbook, pitch, message, text)


# A claim said plainly stays covered beside a deferral of something else.
BESIDE_A_DEFERRAL = [
    ("gridtally", "fm-elevator", "interval-data",
     "The meters report consumption every fifteen minutes instead of once a month, and we "
     "can talk about pricing another time."),
    ("claimpath", "cco-elevator", "straight-through",
     "Simple claims under five thousand dollars are paid automatically, no adjuster "
     "touches them. Fraud flags, integration, all of that is in the deck."),
    # words of deferral used for something else
    ("harborguard", "it-director", "fast-restore",
     "You come back to a whole working server in under fifteen minutes."),
    ("harborguard", "it-director", "fast-restore",
     "Next time a server dies you have it back in under fifteen minutes."),
    ("clinicflow", "practice-manager", "fewer-no-shows",
     "We follow up on every booking with a text reminder, and no-shows drop by a third."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), BESIDE_A_DEFERRAL)
def test_a_claim_beside_a_deferral_is_covered(playbook: str, pitch: str, message: str,
                                              text: str) -> None:
    assert covered(playbook, pitch, message, text)


# The claim said with the state it does away with denied ("no spreadsheets", "without a
# mechanic") is covered, and so is a word the message denies only in passing.
STATE_DENIED_CLAIMS = [
    ("gridtally", "landlord-finance", "tenant-billing",
     "Tenant electricity bills are worked out and sent on their own, no spreadsheets "
     "involved."),
    ("gridtally", "landlord-finance", "tenant-billing",
     "Sub-metered tenant invoices go out on their own, without a spreadsheet in sight."),
    ("gridtally", "fm-elevator", "no-shutdown-install",
     "The clip-on sensors install in under an hour per panel with the power still on."),
    ("fleetwise", "fleet-manager", "quick-install",
     "Anyone can fit the tracker in thirty minutes without a mechanic."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), STATE_DENIED_CLAIMS)
def test_the_claim_with_the_old_state_denied_is_covered(playbook: str, pitch: str,
                                                         message: str, text: str) -> None:
    assert covered(playbook, pitch, message, text)


# A share of some whole ("forty percent of their week") is not the rise a message
# claims ("forty percent more claims"); a message's own share of a whole is said by a
# bare share too.
def test_a_part_of_a_whole_is_not_a_rise() -> None:
    assert not covered("claimpath", "ops-review", "adjuster-load",
                       "In my last job the adjusters spent forty percent of their week in "
                       "meetings.")
    assert covered("claimpath", "ops-review", "adjuster-load",
                   "Each adjuster takes on forty percent more claims once the forms come "
                   "pre-filled.")


@pytest.mark.parametrize("text", [
    "Every night we test all of your backups for recoverability, a hundred percent of them.",
    "Each night every backup is tested for recoverability, one hundred percent.",
])
def test_a_share_of_a_whole_is_said_either_way(text: str) -> None:
    assert covered("harborguard", "it-director", "tested-nightly", text)


# A topic classed as a kind of thing ("six months is a long time", "backups are the most
# boring job in IT") is talked about, not claimed; a figure in the class ("a
# fifteen-minute job") or a plain predicate keeps the claim.
CLASSED_TOPICS = [
    ("ledgerly-close", "cfo-elevator", "payback",
     "Payback is the first thing a CFO asks about, and six months is a long time in any "
     "budget."),
    ("harborguard", "it-director", "immutable",
     "Backups are the most boring job in IT, and ransomware is the topic of every "
     "conference this year."),
    ("harborguard", "it-director", "fast-restore",
     "A server restore is the moment every IT director dreads."),
]
CLASSED_CLAIMS = [
    ("ledgerly-close", "cfo-elevator", "payback",
     "Six months is all it takes for customers to earn back the cost."),
    ("harborguard", "it-director", "immutable",
     "Backups are immutable, so ransomware cannot encrypt or delete them."),
    ("harborguard", "it-director", "fast-restore",
     "Restoring a whole server is a fifteen-minute job now."),
    ("paycircle", "hr-director", "quick-run",
     "She kicks off payroll while the ovens warm up and it's done by the time the first "
     "loaves come out, ten minutes."),
    # a kind noun that a measuring verb defines identifies the figure with the measure
    ("harborguard", "it-director", "fast-restore",
     "Fifteen minutes is the time it takes to restore a whole server."),
    ("harborguard", "it-director", "fast-restore",
     "Under fifteen minutes is the time a whole server restore takes."),
    ("ledgerly-close", "cfo-elevator", "payback",
     "Six months is the typical time it takes customers to earn back the cost."),
    ("harborguard", "it-director", "fast-restore",
     "Here's the thing: a whole server comes back in under fifteen minutes."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), CLASSED_TOPICS)
def test_a_topic_classed_as_a_kind_of_thing_is_not_covered(
        playbook: str, pitch: str, message: str, text: str) -> None:
    assert not covered(playbook, pitch, message, text)


@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), CLASSED_CLAIMS)
def test_a_claim_with_a_copula_is_covered(playbook: str, pitch: str, message: str,
                                          text: str) -> None:
    assert covered(playbook, pitch, message, text)


def test_a_keyword_figure_said_as_a_part_of_a_whole_is_not_said() -> None:
    result = score_transcript(eval_spec("paycircle", "hr-director"), Transcript.from_text(
        "Ninety percent of HR leaders told a survey that paycheck errors keep them up at "
        "night."), semantic=False)
    judged = {m["id"]: m for m in result.to_json_dict()["messages"]}
    # of its keywords "errors" and "90 percent", only "errors" is said
    assert judged["fewer-errors"]["signals"]["kw"] == 0.5


# What happened at the rep's former workplace is no claim about the product.
@pytest.mark.parametrize(("playbook", "pitch", "message", "text"), [
    ("claimpath", "ops-review", "adjuster-load",
     "In my last job the adjusters spent forty percent of their week in meetings, and my "
     "own expense paperwork took eight weeks to get reimbursed."),
    ("harborguard", "it-director", "tested-nightly",
     "At my previous company we tested every backup every night, by hand."),
])
def test_a_story_from_the_reps_former_workplace_is_not_covered(
        playbook: str, pitch: str, message: str, text: str) -> None:
    assert not covered(playbook, pitch, message, text)


def test_the_claim_after_the_former_workplace_is_covered() -> None:
    assert covered("harborguard", "it-director", "tested-nightly",
                   "In my last job nobody tested backups. With HarborGuard every backup is "
                   "tested for recoverability every night.")
