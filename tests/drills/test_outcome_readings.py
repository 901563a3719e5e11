"""Outcomes told in ways read since tuning-5: the customer doing it themselves, knowing
who is where, two jobs in one trip, the rest paid elsewhere, a bill that did not move,
a system that refuses, and outcomes told as two figures (drills/scoring/outcomes.py,
outcome_counts.py, outcome_signal.py).

Every sentence is written for this file, about products no evaluation playbook
describes: each reading is meant for a kind of sentence, not for one transcript.
"""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.scoring.outcome_counts import (
    clock_spans,
    counts_now,
    ratio_share,
    weekday_spans,
)
from drills.scoring.outcomes import claim_kinds, told_outcomes
from drills.text_normalize import tokens
from drills.transcript import Transcript
from tests.drills.outcome_helpers import sentences


def kinds_told(text: str) -> dict[str, bool]:
    """The kinds a clause tells, each with whether it needs the topic named."""
    return {n.partition(":")[0]: t.anchored for n, t in told_outcomes(tokens(text)).items()}


# --- what a message claims ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("Patients move their own physio sessions from their phone.", "self-serve"),
        ("Members restore a deleted photo album themselves.", "self-serve"),
        ("Technicians know exactly which van holds each spare part.", "whereabouts"),
        ("Engineers service the boiler on the same visit as the safety inspection.", "once"),
        ("Nobody without a valid forklift licence can be booked on a shift.", "protected"),
        # a form called a return is done fast; it pays nothing back
        ("The quarterly VAT return is prepared from your till data in five minutes.", "speed"),
        ("Clients see a return on the licence within a year.", "payback"),
        # the kind of day does not change the scale
        ("Spare parts arrive in 3 working days instead of 8.", "speed"),
        ("The tills are set up in a single afternoon.", "speed"),
        # work nobody has to do
        ("Scales log every delivery, so staff never have to type anything.", "automatic"),
        ("The carbon report is produced with no extra work.", "automatic"),
        ("Nobody with an expired pass gets onto the ward.", "protected"),
        # a price that does not grow
        ("Pricing is per warehouse, not per picker.", "flat-price"),
        ("A fixed fee of 30 pounds a month.", "flat-price"),
    ],
)
def test_a_statement_claims_its_kind(statement: str, kind: str) -> None:
    assert kind in claim_kinds([statement])


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        # work that goes out on its own is nobody's, not the customer's
        ("Renewal letters go out on their own.", "self-serve"),
        ("The quarterly VAT return is prepared from your till data in five minutes.",
         "payback"),
        # "back online" is no phone in the customer's hand
        ("The shop is back online in minutes.", "self-serve"),
        # the product acting on the buyer's own things
        ("It checks every order against your own stock rules.", "self-serve"),
        # a figure shown per something is no price
        ("The dashboard shows fuel cost per route.", "flat-price"),
        ("Benchmarks show what others pay per hour.", "flat-price"),
    ],
)
def test_a_statement_does_not_claim_a_kind_it_only_resembles(statement: str,
                                                              kind: str) -> None:
    assert kind not in claim_kinds([statement])


# --- what a clause tells -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("and the front desk rings half as often", "fewer"),
        ("the spring order came down from six hundred to five hundred", "fewer"),
        ("the rest is billed to the insurer", "fewer"),
        ("that is an extra hour with the kids every evening", "time-back"),
        ("whatever the size of the order", "flat-price"),
        ("whether it has three pallets or three hundred", "flat-price"),
        ("and the invoice did not move by a single penny", "flat-price"),
        ("she swapped the slot from her phone", "self-serve"),
        ("without ringing anyone", "self-serve"),
        ("the front desk never heard about it", "self-serve"),
        ("they fitted it without calling an electrician", "self-serve"),
        ("the crew grab the empty crates on the way back", "once"),
        ("he was back in his inbox before the afternoon meeting", "speed"),
        ("the recipe is costed once and used again every week", "once"),
        ("the supervisor knew exactly where each trolley was", "whereabouts"),
    ],
)
def test_a_clause_tells_the_outcome_on_its_own(text: str, kind: str) -> None:
    told = kinds_told(text)
    assert kind in told and not told[kind]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # common phrases: they tell the outcome only with the message's topic named
        ("the office can tell you who is on site", "whereabouts"),
        ("the scan is simply there on the patient page when she opens it", "automatic"),
        ("the clerks have not keyed in an invoice since March", "automatic"),
        ("the rota simply would not let him take the shift", "protected"),
    ],
)
def test_a_common_phrase_needs_its_topic(text: str, kind: str) -> None:
    told = kinds_told(text)
    assert told.get(kind) is True


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("she rang from her desk", "self-serve"),
        ("the crates sat in the yard", "once"),
        ("the invoice arrived on Monday", "flat-price"),
        ("the rest of the team went home", "fewer"),
        ("they came down from the office to see the site", "fewer"),
        # a bare "you know where they are" is a message's own words, not a story
        ("so you know where they are", "whereabouts"),
        # an hour lost, not given back; a length cut is a speed, not fewer of a thing
        ("they stayed an extra hour to key it all in", "time-back"),
        ("the close was cut by two days", "fewer"),
        ("the rest was sent to the warehouse", "fewer"),
    ],
)
def test_near_misses_tell_no_story(text: str, kind: str) -> None:
    # (a weak cue needing the topic named, like "came down", may stay)
    told = kinds_told(text)
    assert kind not in told or told[kind]


# --- outcomes told as two figures ----------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind", "share"),
    [
        ("We used to lose 300 pallets a year. Now it is 100.", "fewer", 66.7),
        ("Before, the depot shipped 400 orders a day. These days it ships 500.", "more", 25.0),
        ("Last spring they used to write off 450 crates. They vanished in 3 towns. "
         "Last year it was 150.", "fewer", 66.7),
        # the count now first, the count then after it
        ("These days the depot buys 400 crates a year instead of 500.", "fewer", 20.0),
        # the plan and how it turned out; the "grand" of the first sum carries over
        ("They were going to borrow fifty grand for new trolleys. They ended up spending "
         "forty.", "fewer", 20.0),
    ],
)
def test_a_count_now_set_against_a_count_then(text: str, kind: str, share: float) -> None:
    words, sentence = sentences(text)
    assert list(counts_now(words, sentence).values()) == [(kind, share)]


@pytest.mark.parametrize(
    "text",
    [
        # no turn to now, or no count said of the past
        "We lose 300 pallets a year and 100 crates.",
        "In 2019 we had 40 vans. Now we have 60 drivers.",
    ],
)
def test_two_counts_without_a_then_and_now_tell_nothing(text: str) -> None:
    words, sentence = sentences(text)
    assert not counts_now(words, sentence)


def test_a_sum_out_of_a_total_is_a_share() -> None:
    # (the normaliser writes the sums as figures: "they paid about 30000 less on 200000")
    words = tokens("they paid about thirty grand less on two hundred thousand a year")
    at = words.index("30000")
    assert ratio_share(words, at, at + 2, len(words)) == 15.0
    short = tokens("they paid thirty grand less")
    assert ratio_share(short, 2, len(short), len(short)) is None


def test_two_weekdays_tell_the_days_between() -> None:
    words = tokens("she applied on a tuesday evening and by the thursday she had a yes")
    assert list(weekday_spans(words, [0] * len(words)).values()) == [2]
    # a timetable is no story
    words = tokens("we deliver on monday and thursday")
    assert not weekday_spans(words, [0] * len(words))


# --- which message a story credits ---------------------------------------------------------

SPEC = ScoringSpec(
    module="permits",
    version=1,
    pitch=None,
    points=(
        PointSpec("decisions", "Parking permit applications are decided in two days.", (),
                  ("permit",)),
        PointSpec("losses", "Lost wheelie bins drop by two thirds.", (), ("bins",)),
        PointSpec("self-serve", "Residents renew their own permits from their phone.", (),
                  ("renew",)),
    ),
)


def outcome(text: str) -> dict[str, float]:
    _, _, signals, _ = message_signals(SPEC, Transcript.from_text(text), semantic=False)
    return {p.id: s.outcome for p, s in zip(SPEC.points, signals, strict=True)}


def test_two_weekdays_credit_the_speed_of_their_length() -> None:
    assert outcome("She applied on a Tuesday evening, and by the Thursday she had her "
                   "answer.")["decisions"] == 1.0
    # four days is not the message's two
    assert outcome("She applied on a Monday morning, and by the Friday she had her "
                   "answer.")["decisions"] == 0.0


def test_a_count_then_and_now_credits_the_message_of_its_share() -> None:
    assert outcome("The council used to replace 450 of them a year. Last year it was "
                   "150.")["losses"] == 1.0
    # a fall of a ninth is not two thirds
    assert outcome("The council used to replace 450 of them a year. Last year it was "
                   "400.")["losses"] == 0.0


def test_the_customer_doing_it_credits_the_self_serve_message() -> None:
    assert outcome("Mr Ode sorted it at midnight from his phone, and the town hall never "
                   "heard about it.")["self-serve"] == 1.0
    # the office doing the work is no such story, whatever it was asked from
    assert outcome("Mr Ode rang the town hall and they sorted it.")["self-serve"] == 0.0
    assert outcome("Mr Ode rang the town hall from his phone.")["self-serve"] == 0.0



REFUND_SPEC = ScoringSpec(
    module="parking",
    version=1,
    pitch=None,
    points=(PointSpec("refunds", "Overpaid parking fees are refunded to drivers.", (),
                      ("refund",)),),
)


def test_the_old_way_going_on_elsewhere_tells_no_benefit() -> None:
    def got(text: str) -> float:
        _, _, signals, _ = message_signals(REFUND_SPEC, Transcript.from_text(text),
                                           semantic=False)
        return signals[0].outcome

    assert got("With us, a driver who pays twice sees the money come back.") == 1.0
    # what still happens under the old way is the problem, not the product's outcome
    assert got("Next door, a driver who pays twice still waits a month before the money "
               "comes back.") == 0.0


ALERT_SPEC = ScoringSpec(
    module="cold-store",
    version=1,
    pitch=None,
    points=(
        PointSpec("door-alerts", "A freezer door left open overnight triggers an alert the "
                  "next morning.", (), ("freezer",)),
        PointSpec("live-temps", "Managers see every freezer's temperature live.", (),
                  ("temperature",)),
    ),
)


def test_two_parts_of_one_message_told_together_name_it() -> None:
    def got(text: str) -> dict[str, float]:
        _, _, signals, _ = message_signals(ALERT_SPEC, Transcript.from_text(text),
                                           semantic=False)
        return {p.id: s.outcome for p, s in zip(ALERT_SPEC.points, signals, strict=True)}

    # a ping (told as it happens: both messages) the following day (only the alert's)
    assert got("The night porter got a ping at six the following day.")["door-alerts"] == 1.0
    # denied, it is no story of either
    assert got("Nobody got a ping the following day.")["door-alerts"] < 1.0


GAP_SPEC = ScoringSpec(
    module="claims",
    version=1,
    pitch=None,
    points=(
        PointSpec("auto-pay", "Small claims are paid automatically.", (), ("claims",)),
        PointSpec("auto-renew", "Renewal letters are sent automatically.", (), ("renewal",)),
    ),
)


def test_the_words_a_gap_of_the_cue_skips_name_the_topic() -> None:
    # "nobody * * had to": the words between are the story's, and name the claims
    _, _, signals, _ = message_signals(GAP_SPEC, Transcript.from_text(
        "Her money arrived, and nobody in claims ever had to look at it."), semantic=False)
    assert signals[0].outcome > signals[1].outcome


FEE_SPEC = ScoringSpec(
    module="couriers",
    version=1,
    pitch=None,
    points=(PointSpec("flat", "A flat fee of 9 pounds per parcel.", (), ("fee",)),),
)


def test_a_price_the_same_either_way_is_no_supposition() -> None:
    _, _, signals, _ = message_signals(FEE_SPEC, Transcript.from_text(
        "You pay nine pounds a parcel, whether it has three pages or three hundred."),
        semantic=False)
    assert signals[0].outcome == 1.0



@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("the papers came in at nine and the entry was lodged by half past twelve", 3.5),
        ("it was stopped at three o'clock and at one minute past three she already saw it",
         0.017),
        ("at 3pm it was flagged and by ten past three the van was rebooked", 0.167),
        # a timetable, not a story of how long it took
        ("we open at nine and close at five", None),
        ("at three sites we saw five vans", None),
    ],
)
def test_two_clock_times_tell_how_long_it_took(text: str, hours: float | None) -> None:
    words = tokens(text)
    got = list(clock_spans(words, [0] * len(words)).values())
    assert got == ([hours] if hours is not None else [])


ENTRY_SPEC = ScoringSpec(
    module="customs",
    version=1,
    pitch=None,
    points=(PointSpec("entries", "Customs entries are filed within four hours.", (),
                      ("entries",)),),
)


@pytest.mark.parametrize(("text", "told"), [
    ("The papers came in at 9am, and the entry was lodged by 12pm.", True),
    # eight hours is no story of "four hours"
    ("The papers came in at 8am, and the entry was lodged by 4pm.", False),
])
def test_clock_times_credit_a_claim_of_their_size(text: str, told: bool) -> None:
    _, _, signals, _ = message_signals(ENTRY_SPEC, Transcript.from_text(text), semantic=False)
    assert (signals[0].outcome == 1.0) is told
