"""Outcomes told by their general structure (drills/scoring/outcomes.py, outcome_signal.py).

Each case is written for this file, on a product no evaluation playbook describes: the
mechanisms are meant for the kind of sentence, not for any one transcript.
"""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.scoring.outcomes import claim_kinds, told_outcomes
from drills.text_normalize import tokens
from drills.transcript import Transcript

SPEC = ScoringSpec(
    module="payables",
    version=1,
    pitch=None,
    points=(
        PointSpec("entry", "Supplier invoices are entered for your team by the software.",
                  (), ("invoices",)),
        PointSpec("duplicates", "Duplicate payments are caught before the money leaves, "
                  "catching five times more than spot checks.", (), ("duplicate",)),
        PointSpec("queries", "Supplier queries to the finance team drop by 30%.",
                  (), ("queries",)),
        PointSpec("close", "The month-end close finishes in three days.", (), ("close",)),
    ),
)


def outcome(text: str) -> dict[str, float]:
    _, _, signals, _ = message_signals(SPEC, Transcript.from_text(text), semantic=False)
    return {p.id: s.outcome for p, s in zip(SPEC.points, signals, strict=True)}


def kinds_told(text: str) -> set[str]:
    return {name.partition(":")[0] for name in told_outcomes(tokens(text))}


# --- what a message claims ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        # work done for people is work nobody does
        ("Timesheets are filled in for your nurses before the shift ends.", "automatic"),
        ("Every purchase order comes pre-filled from the contract.", "automatic"),
        # caught before the harm
        ("Risky card payments are blocked before they reach the merchant.", "protected"),
        ("Leaks are detected before the water reaches the ceiling.", "protected"),
        # any multiple is more
        ("Recruiters place four times more candidates than with job boards.", "more"),
        # nothing new to buy, learn or switch off
        ("The scanners clip onto your existing conveyor.", "undisturbed"),
        ("It lives inside Outlook, so nobody learns another app.", "undisturbed"),
        ("Kiosks are fitted without closing the store.", "undisturbed"),
        # one place, with a word between
        ("Every supplier contract sits in one searchable library record.", "one-place"),
        # told as it happens: an alert, or a figure every few minutes
        ("Site managers are warned when a freezer door is left open.", "live-view"),
        ("Each tank reports its level every five minutes.", "live-view"),
        # "can never" is a protection
        ("Interns can never delete a signed contract.", "protected"),
        # what it catches
        ("The scanner spots every damaged parcel.", "protected"),
        # a bad thing gone
        ("Late-payment penalties all but vanish.", "fewer"),
        ("Drivers no longer queue at the gate.", "fewer"),
        # money back to the buyer
        ("We spot VAT you overpaid and file for it.", "recovered"),
        ("Unbilled hours that used to slip through are recovered as revenue.", "recovered"),
        # done once, used again
        ("Each supplier is vetted once and the check is reused for every order.", "once"),
        ("Staff never retype a delivery address.", "once"),
        # hours given back
        ("Nurses save two hours a shift on handovers.", "time-back"),
        # a reminder is told as it happens
        ("Tenants get a reminder before the rent is due.", "live-view"),
    ],
)
def test_a_statement_claims_its_kind(statement: str, kind: str) -> None:
    assert kind in claim_kinds([statement])


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        # a duration per period is how long something lasts, not how fast
        ("Each coaching session takes ten minutes a week.", "speed"),
        ("Ten-minute daily huddles keep the team on track.", "speed"),
        # "before" alone is no interception
        ("Reports are emailed before the board meeting.", "protected"),
        # a pronoun after a participle is no work done for someone
        ("Managers approve the rota the day it is published.", "automatic"),
        # to recover a file is no money back
        ("You can recover a deleted folder yourself.", "recovered"),
        # how often, not how many times
        ("The meters are read once a month.", "once"),
    ],
)
def test_a_statement_does_not_claim_a_kind_it_only_resembles(statement: str,
                                                              kind: str) -> None:
    assert kind not in claim_kinds([statement])


def test_a_duration_that_is_a_speed_stays_one() -> None:
    assert claim_kinds(["Sensors fit in under an hour per machine."])["speed"] == "minutes"


@pytest.mark.parametrize(
    ("statement", "scale"),
    [
        ("A leak triggers a call within the hour.", "minutes"),
        ("Refunds reach the card the next working day.", "days"),
        ("New branches go live in six weeks.", "days"),
        ("A new cashier is serving customers on their first day.", "days"),
    ],
)
def test_a_speed_claim_keeps_its_scale(statement: str, scale: str) -> None:
    assert claim_kinds([statement])["speed"] == scale


def test_a_quarter_is_no_speed_claim() -> None:
    assert "speed" not in claim_kinds(["Stores waste less food within three months."])


# --- what a clause tells -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a share that fell, however the share is said
        ("we took about forty percent fewer calls that winter", "fewer"),
        ("they were buying a fifth less paper by the summer", "fewer"),
        # verbs that tell a fall
        ("the complaints just tailed off", "fewer"),
        ("by March the backlog had shrunk", "fewer"),
        ("the reminder emails melted away", "fewer"),
        # nobody did the work, whoever is named between
        ("and not one person in accounts lifted a finger", "automatic"),
        ("nobody on the night team had to open a single file", "automatic"),
        ("the coding is already done when the auditor opens the record", "automatic"),
        # stopped in time
        ("the odd ones get parked with a flag before any cash goes out", "protected"),
        ("the transfer was held back", "protected"),
        ("the fake invoice was spotted before anyone paid it", "protected"),
        # a short everyday moment that had not run its course
        ("she had her answer before the kettle had boiled", "speed"),
        ("the quote was on his phone before he had walked back inside", "speed"),
        # a multiple
        ("we found three times as many duplicates", "more"),
        # business as usual while it went in
        ("the tills never blinked", "undisturbed"),
        ("the kitchen kept serving the whole time", "undisturbed"),
        ("they did not have to buy a single new tablet", "undisturbed"),
        # the news reached whoever had to know
        ("the night manager's phone buzzed", "live-view"),
        ("you get a ping on your phone", "live-view"),
        ("she is never the last to know", "live-view"),
        # money back
        ("the tax office sent them a cheque", "recovered"),
        ("they found forty grand they had been giving away", "recovered"),
        # done once
        ("it gets settled the first time and nobody has to ask again", "once"),
        # the same sum whatever was sent
        ("the invoice says the same forty pounds every time", "flat-price"),
        ("with no nasty extras", "flat-price"),
        # a short everyday moment
        ("before the team is back from lunch", "speed"),
        # hours given back
        ("he is out the door forty minutes earlier", "time-back"),
        ("she gets home on time for once", "time-back"),
        ("it gives each nurse back about forty minutes a shift", "time-back"),
        # nobody at the work now
        ("nobody is chasing signatures any more", "automatic"),
        # a bad thing that stopped arriving
        ("the late fees stopped turning up", "fewer"),
        ("the complaints were down to a trickle", "fewer"),
        ("the stock count balanced to the last box", "accurate"),
        ("the quarter closed with not a single discrepancy", "accurate"),
        ("bookings went up by thirty percent", "more"),
        ("the paperwork was sorted by close of business", "speed"),
        # the machine as the doer, nobody in the process
        ("refunds go out with no clerk anywhere in the loop", "automatic"),
        # the first thing of a day is a speed in days
        ("the supervisor knew first thing", "speed"),
    ],
)
def test_a_clause_tells_the_outcome_by_its_structure(text: str, kind: str) -> None:
    assert kind in kinds_told(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the server went down on Friday", "fewer"),  # a weak cue at most (see below)
        ("he held the door for her", "protected"),
        ("she lifted the box onto the desk", "automatic"),
        ("we put the kettle on and talked", "speed"),
        ("the temperature fell overnight", "fewer"),
        ("he blinked twice", "undisturbed"),
        ("they gave the old desks away", "recovered"),
        ("never miss a payment again", "once"),
        ("the bus left on the hour", "time-back"),
        ("she kept the receipt", "undisturbed"),
        # nothing got past, but past what? only with the topic named
        ("nothing gets through", "protected"),
    ],
)
def test_near_misses_tell_no_strong_outcome(text: str, kind: str) -> None:
    told = {n.partition(":")[0]: t for n, t in told_outcomes(tokens(text)).items()}
    assert kind not in told or told[kind].anchored


# --- which message a story credits ---------------------------------------------------------

def test_a_fall_told_without_the_message_words_credits_the_fewer_message() -> None:
    got = outcome("Those chasing emails from vendors fell away within a month.")
    assert got["queries"] == 1.0
    assert got["entry"] == got["duplicates"] == got["close"] == 0.0


def test_a_share_the_message_does_not_state_is_not_its_story() -> None:
    assert outcome("We hear about thirty percent fewer complaints from vendors.")[
        "queries"] == 1.0
    assert outcome("We hear about eight percent fewer complaints from vendors.")[
        "queries"] == 0.0


def test_a_multiple_that_disagrees_is_not_the_story_of_the_message() -> None:
    assert outcome("Our customers catch two times more duplicate payments.")[
        "duplicates"] == 0.0


def test_stopped_in_time_credits_the_protection_message() -> None:
    got = outcome("The dodgy ones get parked with a red flag before a penny goes out.")
    assert got["duplicates"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        # denied
        "Those payments were not held back before the money went out.",
        # a question
        "Would the dodgy ones get parked with a red flag before a penny goes out?",
        # someone else's claim
        "Our competitors say the dodgy ones get parked before a penny goes out.",
    ],
)
def test_stopped_in_time_not_as_the_reps_claim_is_no_story(text: str) -> None:
    assert outcome(text)["duplicates"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Every supplier bill is read and keyed in by the software.",
        # someone finished with the old work, the topic named
        "Your clerks are done with typing supplier invoices.",
    ],
)
def test_the_machine_as_the_doer_credits_the_automatic_message(text: str) -> None:
    assert outcome(text)["entry"] > 0


def test_the_machine_as_the_doer_needs_the_topic() -> None:
    # a passive with the machine as the doer, about nothing of the message
    assert outcome("The lunch order was chosen by the computer.")["entry"] == 0.0


def test_an_outcome_supposed_is_not_claimed() -> None:
    # in a clause that supposes it, an outcome is nobody's claim
    assert outcome("If any vendor tells you supplier queries will fall away, walk out.")[
        "queries"] == 0.0


def test_nobody_lifting_a_finger_credits_the_automatic_message() -> None:
    assert outcome("The bills get keyed and nobody in your office lifts a finger.")[
        "entry"] == 1.0


def test_a_story_in_minutes_credits_a_claim_in_days_when_it_names_the_topic() -> None:
    assert outcome("Their controller had the close signed off before lunch.")["close"] > 0
    # with nothing of the message named it is no story of it
    assert outcome("The receipts were read in seconds.")["close"] == 0.0


# --- topic families: which of several messages of one kind a story is about ---------------

FAMILY_SPEC = ScoringSpec(
    module="clinic",
    version=1,
    pitch=None,
    points=(
        PointSpec("scan-results", "Scanner readings go into the patient chart automatically.",
                  (), ("scanner",)),
        PointSpec("recalls", "Recall reminders are sent automatically.", (), ("recall",)),
    ),
)


def family_outcome(text: str) -> dict[str, float]:
    _, _, signals, _ = message_signals(FAMILY_SPEC, Transcript.from_text(text),
                                       semantic=False)
    return {p.id: s.outcome for p, s in zip(FAMILY_SPEC.points, signals, strict=True)}


def test_a_story_names_the_field_of_one_of_two_messages_of_its_kind() -> None:
    # no word of either message, but the equipment and its figures are one's field
    got = family_outcome("The machine in the back prints its values and nobody in the "
                         "building lifts a finger.")
    assert got["scan-results"] == 1.0 and got["recalls"] == 0.0
    got = family_outcome("Their mobiles buzz with a text and nobody at the desk lifts a "
                         "finger.")
    assert got["recalls"] == 1.0 and got["scan-results"] == 0.0


def test_a_story_of_no_field_stays_shared() -> None:
    got = family_outcome("And nobody in the building lifts a finger.")
    assert got["scan-results"] == got["recalls"] == 0.5


def test_the_time_it_takes_to_pay_for_itself_is_no_speed() -> None:
    kinds = claim_kinds(["The software pays for itself within six weeks."])
    assert "payback" in kinds and "speed" not in kinds


SHARE_SPEC = ScoringSpec(
    module="depot",
    version=1,
    pitch=None,
    points=(
        PointSpec("throughput", "Each packer ships 50% more parcels per shift.", (),
                  ("packer",)),
        PointSpec("returns", "Customers return 30% more of the items they like.", (),
                  ("returns",)),
    ),
)


def test_a_change_told_as_two_counts_names_the_message_of_its_share() -> None:
    # no word of either message; the share (from 20 to 30 is 50%) is one's figure
    _, _, signals, _ = message_signals(SHARE_SPEC, Transcript.from_text(
        "Over the summer Dana went from twenty boxes an hour to thirty."), semantic=False)
    got = {p.id: s.outcome for p, s in zip(SHARE_SPEC.points, signals, strict=True)}
    assert got["throughput"] > got["returns"]


@pytest.mark.parametrize(("text", "kind"), [
    ("for every four buyers who used to come back, five come back now", "more"),
    ("for every ten calls they used to take, they now take three", "fewer"),
])
def test_before_and_now_as_a_ratio(text: str, kind: str) -> None:
    assert kind in kinds_told(text)


SPEED_SPEC = ScoringSpec(
    module="repairs",
    version=1,
    pitch=None,
    points=(
        PointSpec("fast-quote", "Drivers get a repair quote in under an hour.", (),
                  ("quote",)),
        PointSpec("portal", "Every repair is tracked in one portal.", (), ("portal",)),
    ),
)


@pytest.mark.parametrize(("text", "told"), [
    # the length now much shorter than the length before, with a turn to now between
    ("Today a cracked mirror means a fortnight of back and forth. With us it's one "
     "afternoon.", True),
    ("Garages used to take three days over it; now it's twenty minutes.", True),
    # no turn to now, or how often rather than how long
    ("The workshop is open three days a week and closes for an hour at lunch.", False),
    ("Before it took two days, and it still takes two days.", False),
])
def test_a_length_now_much_shorter_than_before_is_a_speed_story(text: str,
                                                                told: bool) -> None:
    _, _, signals, _ = message_signals(SPEED_SPEC, Transcript.from_text(text),
                                       semantic=False)
    assert (signals[0].outcome > 0) is told
