"""Precision by kind: a message's words said where they are not the rep's own claim
(a claim put about by others or hedged in an aside, a figure or a unit that is not the
message's, the opposite of what it denies, a topic disowned by a pronoun) are not
coverage; the same words said as the rep's claim still are. Every sentence here was
written for this file (none comes from the eval set), in pairs where it helps, so
recall is guarded alongside precision."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript
from tests.drills.scoring_helpers import eval_spec, judged_covered


def covered(playbook: str, message: str, text: str) -> bool:
    return judged_covered(eval_spec(playbook), message, text)


# --- framing: a claim put about by others, or hedged, in an aside ---------------------

FRAMED = [
    # a source after the claim, or before it
    ("deskpilot", "patch-fast",
     "Patches land on every device within 24 hours, or so the big suites claim."),
    ("deskpilot", "patch-fast",
     "Every device gets its patches inside 24 hours, that's what the other tools promise."),
    ("deskpilot", "patch-fast",
     "Security patches reach every device within a day, according to the analysts."),
    ("harborguard", "fast-restore",
     "According to most vendors, a whole server is restored in under fifteen minutes."),
    ("routemate", "plan-fast",
     "Tomorrow's routes get planned in five minutes, the competitors say."),
    ("pickwise", "quick-training",
     "A new seasonal worker is productive on day one, is what the other vendors tell you."),
    # a seller other than the rep, named as the speaker
    ("routemate", "plan-fast",
     "Our main competitor, a big American company, says tomorrow's routes get planned in "
     "five minutes."),
    ("routemate", "fewer-miles",
     "Your current provider says drivers cover twenty percent fewer miles."),
    ("routemate", "fewer-miles",
     "Acme's website says drivers cover twenty percent fewer miles for the same drops."),
    ("routemate", "fewer-miles",
     "Their sales team will tell you drivers cover twenty percent fewer miles."),
    ("routemate", "fewer-miles",
     "In their brochure, drivers cover twenty percent fewer miles for the same drops."),
    # a bare hedge or a future said as an aside
    ("deskpilot", "patch-fast", "Patches reach every device within 24 hours, in theory."),
    ("tarifflane", "duty-refunds",
     "We could, in principle, find the duty you overpaid in the last three years."),
    ("harborguard", "tested-nightly", "Next year, we will test every backup every night."),
    ("deskpilot", "remote-wipe",
     "One day soon, a lost laptop will be wiped remotely in seconds."),
    # sellers other than the rep putting a claim about
    ("tarifflane", "entry-four-hours",
     "Some brokers promise customs entries filed within four hours of the documents."),
    ("deskpilot", "one-console",
     "Be wary of tools that promise one console for every laptop, phone and server."),
    ("spendlens", "anomaly-alerts",
     "Watch out for anyone selling an alert within the hour for every spending spike."),
    ("harborguard", "fast-restore",
     "The promise that a whole server is back in fifteen minutes is one every vendor makes."),
    ("harborguard", "fast-restore",
     "Everyone in this market promises a whole server restored in fifteen minutes."),
    ("deskpilot", "flat-price",
     "The big platforms promise one flat fee per company, not per device."),
    # a question without its question mark, a judgement of what would be
    ("harborguard", "tested-nightly", "so are all your backups tested every night"),
    ("harborguard", "tested-nightly",
     "Testing every backup every night would be overkill for most small teams."),
    # a supposition, a dream
    ("deskpilot", "patch-fast", "What if patches reached every device within 24 hours"),
    ("clausely", "review-time",
     "An NDA reviewed in five minutes instead of an hour is the dream for most legal teams."),
    # told of the rep's former workplace
    ("clinicflow", "self-booking",
     "Patients booked their appointments online at my last practice, and it was chaos."),
    # luck, a plan, a future, only some
    ("routemate", "fewer-miles",
     "With any luck, drivers cover twenty percent fewer miles for the same drops."),
    ("clausely", "word-native",
     "We are building a plug-in so that it works inside Microsoft Word for everyone."),
    ("pickwise", "quick-training",
     "By next summer, a new seasonal worker will be productive on their first day."),
    ("counselspend", "spend-savings",
     "Legal departments cut outside counsel spend by 12% in the first year, in some "
     "industries."),
    ("shiftplate", "waste-tracking",
     "Other stock apps claim that logging what gets thrown away cuts food waste by 30%."),
    # only hoped for, only possible, only at best, only heard of
    ("routemate", "plan-fast",
     "In an ideal world, tomorrow's routes would be planned in five minutes."),
    ("routemate", "plan-fast", "The idea is that tomorrow's routes get planned in five minutes."),
    ("routemate", "plan-fast",
     "It's possible that tomorrow's routes get planned in five minutes."),
    ("routemate", "plan-fast",
     "Tomorrow's routes are planned in five minutes, if everything goes right."),
    ("routemate", "plan-fast", "On a good day, tomorrow's routes are planned in five minutes."),
    ("routemate", "plan-fast",
     "I've heard of tools that plan tomorrow's routes in five minutes."),
    ("routemate", "plan-fast",
     "We're trialling a feature where tomorrow's routes are planned in five minutes."),
    # the topic told as the buyer's pain
    ("baitwise", "one-click-report",
     "Phishing is how attackers get in, and reporting a suspicious email with one click "
     "is confusing for most staff today."),
    # the buyer's manual way today: done in a spreadsheet or on paper is done by hand
    ("ledgerly-close", "auto-match",
     "Today your team matches bank transactions to invoices in a spreadsheet each week."),
    ("gridtally", "tenant-billing",
     "Right now your tenants get an electricity bill with a spreadsheet attached."),
    # told of the rep's own past, or of a past meeting
    ("ledgerly-close", "fast-close",
     "When I was at a big four firm, the month-end close took three days, not ten."),
    ("ledgerly-close", "soc2", "SOC 2 Type II came up in our last meeting with your CFO."),
    ("clinicflow", "fewer-no-shows",
     "Text reminders cut no-shows by a third, that's what every vendor in this space says."),
    # left to someone else, or to another call
    ("pawchart", "controlled-drugs",
     "The controlled drugs register, I'll leave to your practice manager to ask about."),
    ("shiftplate", "pos-sync",
     "The POS sync with Toast and Square we can park for another call."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), FRAMED)
def test_framed_claims_are_not_coverage(playbook: str, message: str, text: str) -> None:
    assert not covered(playbook, message, text)


OWN_CLAIMS = [
    # the same claims said as the rep's own, with words that look like the frames above
    ("deskpilot", "patch-fast",
     "Patches land on every device within 24 hours, and our customers say so too."),
    ("deskpilot", "patch-fast",
     "According to our own logs, patches reach every device within 24 hours."),
    ("deskpilot", "patch-fast",
     "Patches reach every device within 24 hours, our customers tell us."),
    ("routemate", "plan-fast",
     "Tomorrow's routes get planned in five minutes, they tell us, every single evening."),
    ("pickwise", "quick-training",
     "A new seasonal worker is productive on their first day, is what our customers tell us."),
    ("harborguard", "fast-restore",
     "What if I told you a whole server is restored in under fifteen minutes"),
    ("harborguard", "fast-restore",
     "Maybe, um, you restore a whole server in under fifteen minutes, that's what we do."),
    ("counselspend", "spend-savings",
     "Legal departments cut outside counsel spend by 12% in the first year, in some cases "
     "by more."),
    ("pickwise", "quick-training",
     "Since May, every new seasonal worker is productive on their first day."),
    ("deskpilot", "flat-price",
     "Pricing is one flat fee per company, no matter how many devices you run."),
    ("routemate", "fewer-miles",
     "Our sales team will tell you drivers cover twenty percent fewer miles, and they do."),
    ("routemate", "plan-fast",
     "The market leader takes an hour; we plan tomorrow's routes in five minutes."),
    ("harborguard", "fast-restore",
     "Everyone on your team can restore a whole server in under fifteen minutes."),
    ("harborguard", "fast-restore",
     "With us you would have a whole server back in under fifteen minutes."),
    ("baitwise", "one-click-report",
     "Anyone can report a suspicious email with one click, it is not confusing at all."),
    ("routemate", "plan-fast",
     "It's possible to plan tomorrow's routes in five minutes, every single evening."),
    ("routemate", "plan-fast",
     "The good news is tomorrow's routes are planned in five minutes."),
    ("ledgerly-close", "auto-match",
     "Instead of matching in a spreadsheet, bank transactions are matched to invoices "
     "automatically."),
    ("gridtally", "tenant-billing",
     "Tenant electricity bills are calculated and sent automatically, no spreadsheets."),
    # hedge-like words, still the rep's own claim
    ("harborguard", "tested-nightly",
     "We should mention that every backup is tested every night, all of them."),
    ("harborguard", "fast-restore",
     "I think you'll find we restore a whole server in under fifteen minutes."),
    ("harborguard", "fast-restore",
     "We not only test every backup every night but also restore a whole server in under "
     "fifteen minutes."),
    ("harborguard", "fast-restore",
     "Ask not whether your backups get tested; ask how fast a whole server comes back: in "
     "under fifteen minutes."),
    ("ledgerly-close", "fast-close",
     "When I was at a big four firm we closed in ten days; our customers close the month in "
     "three days."),
    ("gridtally", "after-hours-alerts",
     "When the HVAC runs overnight, an alert came up on her phone the next morning."),
    ("deskpilot", "one-console",
     "We built one console that manages every laptop, phone and server you have."),
    ("tarifflane", "entry-four-hours",
     "Unlike brokers that promise the earth, we file customs entries within four hours of "
     "the documents arriving, and we don't leave that to chance."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), OWN_CLAIMS)
def test_own_claims_stay_coverage(playbook: str, message: str, text: str) -> None:
    assert covered(playbook, message, text)


# --- units: another figure of the message's kind said next to its words ---------------

WRONG_FIGURES = [
    ("pawchart", "exam-notes",
     "Vets dictate exam notes by voice and the clinical record is written for them, "
     "saving two hours a day."),
    ("pawchart", "vaccine-reminders",
     "Owners get automatic reminders when a vaccination is due, and booster visits triple "
     "within a year."),
    ("claimpath", "adjuster-load",
     "Adjusters handle twice as many claims because the paperwork is filled in for them."),
    ("claimpath", "fraud-flags",
     "Suspicious claims get flagged before payout, catching twice as much fraud as manual "
     "review."),
    ("spendlens", "idle-waste",
     "Spendlens shuts down idle cloud resources and halves the monthly bill."),
    ("tarifflane", "entry-four-hours",
     "Customs entries are filed within a day of the shipping documents arriving."),
    ("clinicflow", "live-fast", "Your clinic is live within a month of signing."),
    # longer than the time the message names
    ("medibook", "next-day-deposits",
     "Card payments reach the clinic's bank account within a week."),
    ("gridtally", "after-hours-alerts",
     "HVAC left running overnight triggers an alert a week later."),
    ("pickwise", "quick-training",
     "A new seasonal worker takes a couple of weeks to get productive."),
    # another message's figure names that message's story
    ("claimpath", "adjuster-load",
     "The platform catches three times as much fraud as manual review does."),
    # its own share, going the other way
    ("fleetwise", "fuel", "Fuel prices went up fifteen percent in the first quarter."),
    ("routemate", "fewer-miles", "Drivers cover twenty percent more miles for the same drops."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), WRONG_FIGURES)
def test_another_figure_is_not_coverage(playbook: str, message: str, text: str) -> None:
    assert not covered(playbook, message, text)


RIGHT_FIGURES = [
    ("pawchart", "exam-notes",
     "Vets dictate exam notes by voice and the clinical record is written for them, "
     "saving an hour a day."),
    # "a quarter more" is a share, not three months
    ("pawchart", "vaccine-reminders",
     "Owners get automatic reminders when a vaccination is due, and booster visits go up "
     "by a quarter."),
    ("claimpath", "fraud-flags",
     "Suspicious claims get flagged before payout, so you catch triple the fraud that "
     "manual review finds."),
    ("spendlens", "idle-waste",
     "Spendlens shuts down idle cloud resources, cutting the monthly bill by a quarter."),
    ("clinicflow", "live-fast", "Your clinic is live within a fortnight of signing."),
    ("fleetwise", "fuel", "Fuel bills are fifteen percent lower within a quarter."),
    ("gridtally", "after-hours-alerts",
     "HVAC left running overnight triggers an alert within 12 hours, the next morning."),
    ("medibook", "next-day-deposits",
     "Card payments reach the clinic's bank account within a day, the next business day."),
    ("routemate", "fewer-miles", "Mileage drops twenty percent for the same drops."),
    # another message's figure in the same sentence is that message's
    ("baitwise", "short-lessons",
     "Each lesson takes five minutes a week, and clicks on phishing emails fall by seventy "
     "percent within three months."),
    ("claimpath", "adjuster-load",
     "Adjusters handle forty percent more claims, and suspicious claims get flagged "
     "before payout, catching three times more fraud than manual review."),
    # "double-booked" is no figure
    ("bellgrid", "no-clashes",
     "No teacher, class or room is ever double-booked, because every clash is caught "
     "before the timetable is published."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), RIGHT_FIGURES)
def test_the_message_figure_is_coverage(playbook: str, message: str, text: str) -> None:
    assert covered(playbook, message, text)


# --- clause negation: words that deny nearly as "not" does, and bounds that do not -----

DENIED = [
    # a denied subject past a parenthetical, a denied clause past a cut-off phrase
    ("harborguard", "fast-restore",
     "No vendor, including us, can restore a whole server in under fifteen minutes."),
    ("harborguard", "fast-restore",
     "Nobody restores a whole server, with all of its applications and every file, in "
     "under fifteen minutes."),
    # the claim as the subject of its denial
    ("harborguard", "fast-restore",
     "Restoring a whole server in under fifteen minutes isn't something we offer."),
    ("harborguard", "fast-restore",
     "Fifteen-minute restores of a whole server aren't realistic with any tool."),
    ("harborguard", "tested-nightly", "Hardly any teams get every backup tested each night."),
    ("harborguard", "tested-nightly", "Few IT teams ever test their backups every night."),
    ("harborguard", "fast-restore",
     "Restores from tape rarely bring a whole server back in under fifteen minutes."),
    ("harborguard", "fast-restore",
     "Your current tool fails to restore a whole server in under fifteen minutes."),
    ("harborguard", "fast-restore",
     "It's not true that you can restore a whole server in fifteen minutes from tape."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), DENIED)
def test_near_negations_deny(playbook: str, message: str, text: str) -> None:
    assert not covered(playbook, message, text)


BOUNDED = [
    ("harborguard", "fast-restore",
     "No tape, no waiting: you restore a whole server in under fifteen minutes."),
    ("harborguard", "tested-nightly", "No exceptions, every backup is tested every night."),
    ("fleetwise", "quick-install",
     "Each tracker installs with no mechanic needed, in half an hour."),
    ("harborguard", "fast-restore",
     "We restore a whole server in under fifteen minutes, which is not possible with tape."),
    # "no more than X" says "within X"
    ("harborguard", "fast-restore",
     "A whole server restore never takes more than fifteen minutes."),
    ("tarifflane", "entry-four-hours",
     "Your customs entries are filed no more than four hours after the shipping documents "
     "arrive."),
    # "a few" is no negation, nor a "barely" that tells how little
    ("harborguard", "fast-restore",
     "It takes a few minutes: a whole server is restored in under fifteen minutes."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), BOUNDED)
def test_bounds_and_small_amounts_stay_claims(playbook: str, message: str, text: str) -> None:
    assert covered(playbook, message, text)


# --- a topic taken up by a pronoun and denied -------------------------------------------

RESUMED_DENIED = [
    # a denied subject past a parenthetical, a denied clause past a cut-off phrase
    ("harborguard", "fast-restore",
     "No vendor, including us, can restore a whole server in under fifteen minutes."),
    ("harborguard", "fast-restore",
     "Nobody restores a whole server, with all of its applications and every file, in "
     "under fifteen minutes."),
    # the claim as the subject of its denial
    ("harborguard", "fast-restore",
     "Restoring a whole server in under fifteen minutes isn't something we offer."),
    ("harborguard", "fast-restore",
     "Fifteen-minute restores of a whole server aren't realistic with any tool."),
    ("pawchart", "controlled-drugs",
     "The controlled drugs register, honestly, we don't do that, your nurses keep it."),
    ("deskpilot", "remote-wipe",
     "Wiping a lost laptop remotely in seconds, we don't offer that yet."),
    ("harborguard", "tested-nightly",
     "Every single backup tested every night, that never happens in practice."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), RESUMED_DENIED)
def test_topic_denied_by_pronoun(playbook: str, message: str, text: str) -> None:
    assert not covered(playbook, message, text)


RESUMED_KEPT = [
    # a new claim joined by "and", a denial of something else, a verb that denies by itself
    ("harborguard", "tested-nightly",
     "We test every backup every night, and we don't charge extra for that."),
    ("harborguard", "fast-restore",
     "A whole server back in fifteen minutes, we don't do it by hand either."),
    ("harborguard", "tested-nightly", "We test every backup every night, we never skip it."),
    ("harborguard", "tested-nightly",
     "Every backup is tested every night, that is not a typo."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), RESUMED_KEPT)
def test_topic_kept_where_the_pronoun_denies_nothing(playbook: str, message: str,
                                                    text: str) -> None:
    assert covered(playbook, message, text)


# --- a banned phrase asked about with "whether" is not said -----------------------------


def _forbidden_said(phrase: str, text: str) -> bool:
    spec = ScoringSpec(module="m", version=1, pitch=None,
                       points=(PointSpec(id="a", statement="Backups run every night."),),
                       forbidden=((phrase, None),))
    return bool(score_transcript(spec, Transcript.from_text(text), semantic=False).forbidden)


def test_a_banned_phrase_asked_about_with_whether_is_not_said() -> None:
    phrase = "we guarantee same-day approval"
    assert not _forbidden_said(
        phrase, "Buyers often wonder whether we guarantee same-day approval. We don't.")
    assert _forbidden_said(
        phrase, "Yes, we guarantee same-day approval, whether you apply online or by phone.")


# --- a claim taken back just after it ---------------------------------------------------

RETRACTED = [
    ("spendlens", "anomaly-alerts",
     "A spike in spending triggers an alert within the hour. Don't count on it, though."),
    ("spendlens", "anomaly-alerts",
     "A spending spike sets off an alert within the hour, I wouldn't promise that to anyone."),
    ("routemate", "plan-fast",
     "Tomorrow's routes are planned in five minutes. At least that's the plan for next year."),
    ("routemate", "plan-fast",
     "Tomorrow's routes get planned in five minutes. That's what the bigger suites advertise."),
    ("routemate", "live-eta",
     "Customers follow their delivery live, with an arrival time by text. Or at least they "
     "will, next spring."),
    ("routemate", "live-eta",
     "Customers follow their delivery live, with an arrival time by text. In theory."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), RETRACTED)
def test_a_claim_taken_back_is_not_coverage(playbook: str, message: str, text: str) -> None:
    assert not covered(playbook, message, text)


STOOD_BY = [
    ("spendlens", "anomaly-alerts",
     "A spike in spending triggers an alert within the hour. You can count on it."),
    ("routemate", "plan-fast",
     "Tomorrow's routes are planned in five minutes. That's what our customers tell us."),
    ("routemate", "plan-fast",
     "Tomorrow's routes are planned in five minutes. That's our promise."),
    ("routemate", "plan-fast",
     "Tomorrow's routes are planned in five minutes. Next year we add a driver app."),
]


@pytest.mark.parametrize(("playbook", "message", "text"), STOOD_BY)
def test_a_claim_stood_by_stays_coverage(playbook: str, message: str, text: str) -> None:
    assert covered(playbook, message, text)


# --- a question the rep answers yes at once is their claim -------------------------------

def test_a_question_answered_yes_is_the_claim() -> None:
    assert covered("harborguard", "tested-nightly",
                   "Is every backup tested every night? Yes, all of them, every night.")
    assert covered("paycircle", "fewer-errors",
                   "And paycheck errors, they drop, I think it's ninety percent? Yeah, ninety.")
    # asked back, answered no, or not answered: still only a question
    assert not covered("harborguard", "tested-nightly",
                       "Is every backup tested every night? Yes? Not with tape, it isn't.")
    assert not covered("harborguard", "tested-nightly",
                       "Is every backup tested every night? No, not with tape.")
    assert not covered("harborguard", "tested-nightly", "Is every backup tested every night?")


def test_a_statement_with_a_tag_is_the_claim() -> None:
    assert covered("harborguard", "tested-nightly", "We test every backup every night, right?")
    assert covered("harborguard", "tested-nightly",
                   "Every backup is tested every night, isn't it? Every single one.")
    # a question with a tag, or a tag answered no, is still only a question
    assert not covered("harborguard", "fast-restore",
                       "Can you restore a whole server in under fifteen minutes, right?")
    assert not covered("harborguard", "tested-nightly",
                       "So every backup gets tested every night, right? Not with tape.")
