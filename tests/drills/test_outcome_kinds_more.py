"""Outcomes told by structure, not by phrase (drills/scoring/outcome_signal.py,
outcome_counts.py, outcomes.py): a count then set against a count now, a change worked
out from two figures, two dates, two clock times, a sum out of a total, a part out of a
whole, what no longer happens.

Each story is written for this file, on a product no evaluation playbook describes (a
linen service for hotels), and each has a near miss beside it that must stay missed: a
competitor's result, the problem with nothing solving it, the plan, another figure.
"""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.scoring.outcome_counts import (
    clock_shifts,
    counts_now,
    date_spans,
    part_shares,
    sum_shares,
)
from drills.scoring.outcomes import claim_kinds
from drills.text_normalize import tokens
from drills.transcript import Transcript
from tests.drills.outcome_helpers import sentences

SPEC = ScoringSpec(
    module="linenloop",
    version=1,
    pitch=None,
    points=(
        PointSpec("collections", "Vans call at each hotel half as often, because a cage is "
                  "collected only when it is full.", (), ("van", "cage")),
        PointSpec("losses", "Lost towels fall by 40% because every bag is scanned.",
                  (), ("towel", "scan")),
        PointSpec("premium", "Hotels pay about 10% more per room night for the premium "
                  "finish.", (), ("premium", "finish")),
        PointSpec("warning", "A vibration sensor warns of a failing dryer about ten days "
                  "ahead.", (), ("dryer", "sensor")),
        PointSpec("housekeeping", "Housekeepers save an hour a day on counting sheets.",
                  (), ("housekeeper", "count")),
        PointSpec("returns", "Stained items go back on the same run as the clean delivery.",
                  (), ("stain",)),
        PointSpec("credits", "Hotels recover about 3% of their linen spend in damage "
                  "credits.", (), ("credit", "damage")),
        PointSpec("on-time", "98% of deliveries arrive on time for check-in.", (),
                  ("delivery",)),
        PointSpec("report", "The yearly water report for the council takes an afternoon, "
                  "not a week.", (), ("report", "council")),
    ),
)


def outcome(text: str, spec: ScoringSpec = SPEC) -> dict[str, float]:
    _, _, signals, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    return {p.id: s.outcome for p, s in zip(spec.points, signals, strict=True)}


def told(text: str) -> set[str]:
    return {k for k, v in outcome(text).items() if v == 1.0}


# --- a count then against a count now ------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind", "share"),
    [
        # told in the past tense, then a plain turn to now, the count now of the same thing
        ("They were putting forty runs a month on the vans. Now it's twenty.", "fewer", 50.0),
        ("Their allocation was about a hundred cages a season. This year they took seventy.",
         "fewer", 30.0),
        # a habit ("she'd sit down and write off"), a later season or month, last Christmas
        ("Every January she would sit down and write off around 450 towels. By the summer "
         "it was 270.", "fewer", 40.0),
        ("The invoice was forty thousand dollars in March. In May it came in at thirty.",
         "fewer", 25.0),
        ("Last Christmas each driver did about a hundred drops a shift. This Christmas they "
         "were doing a hundred and thirty.", "more", 30.0),
        # occasions counted as "times"
        ("Before, he went up to the laundry forty times in one month. Now twenty times.",
         "fewer", 50.0),
        # the count now first: "seven for every ten before", "where the year before"
        ("He's sending seven cages for every ten he sent before.", "fewer", 30.0),
        ("The bill came in at 18000, where the year before it was 24.", "fewer", 25.0),
        # "the year before" after the count then
        ("Elm sent back twenty crates the year before. This year it was twelve.", "fewer",
         40.0),
    ],
)
def test_a_count_now_against_a_count_then(text: str, kind: str, share: float) -> None:
    words, sentence = sentences(text)
    assert (kind, share) in counts_now(words, sentence).values()


@pytest.mark.parametrize(
    "text",
    [
        # another thing counted now ("drivers" after "vans")
        "In 2019 we were running 40 vans. Now we have 60 drivers.",
        # no turn to now
        "They were putting forty runs a month on the vans and twenty on the bikes.",
        # a multiple, not occasions
        "Before, the bags were 3 times heavier. Now 2 times.",
        # "may" as a verb is no later month; the plan is no count now
        "The invoice was forty thousand dollars in March. It may come in at thirty.",
    ],
)
def test_counts_without_a_then_and_a_now_tell_nothing(text: str) -> None:
    words, sentence = sentences(text)
    assert not counts_now(words, sentence)


def test_the_count_then_said_first_is_no_count_now() -> None:
    # "eleven the year before, and this year fourteen" is a rise, not a fall to eleven
    words, sentence = sentences("Colin's vans had eleven bumps the year before, and this "
                                 "year fourteen.")
    assert list(counts_now(words, sentence).values()) == [("more", 27.3)]


def test_a_count_story_names_the_message_whose_figure_it_is() -> None:
    # 40 -> 20 is half as often (a share the claim says in words), 450 -> 270 is 40%
    assert told("They were putting forty runs a month on the vans. Now it's twenty."
                ) == {"collections"}
    assert told("Every January she'd write off around 450. This year it was 270."
                ) == {"losses"}
    # a third fewer is no story of "half as often", nor of 40%
    assert not told("They were putting thirty runs a month on the vans. Now it's twenty.")


def test_half_as_often_claims_fewer_by_half() -> None:
    assert claim_kinds(["Drivers call half as often."])["fewer"] == "50.0"
    assert claim_kinds(["Drivers call less often."])["fewer"] is None


# --- a change from one figure to another ---------------------------------------------------

def test_a_change_in_thousands_and_whatever_its_verb() -> None:
    # "from twenty thousand to twenty-two" is 22 thousand: 10% more
    assert told("The cheque for the same rooms went from twenty thousand to twenty-two."
                ) == {"premium"}
    # "took one hotel from forty trips a month to twenty-one" (about half)
    assert "collections" in told("It took one hotel from forty trips a month to twenty-one.")
    # a change far from the message's figure is another change
    assert not told("The cheque for the same rooms went from twenty thousand to thirty.")
    # a change denied in its clause
    assert "collections" not in told("It does not take a hotel from forty trips a month "
                                     "to twenty-one.")


# --- two dates, two clock times, a day's work after days ----------------------------------

def test_two_dates_tell_the_days_between() -> None:
    words = tokens("on october the third the app pinged him and on the thirteenth the "
                   "dryer died")
    assert list(date_spans(words, [0] * len(words)).values()) == [10]
    story = ("On October the third the sensor pinged Mike that dryer four was shaking, and "
             "when it finally seized on the thirteenth the spare was already in.")
    assert told(story) == {"warning"}
    # "on the third attempt" is no date; two days is not ten
    assert not date_spans(*(lambda w: (w, [0] * len(w)))(tokens(
        "on the third attempt and on the fifth attempt")))
    assert not told("On October the third the sensor pinged Mike, and on the fifth the "
                    "dryer seized.")


def test_leaving_earlier_by_the_claims_hours() -> None:
    assert told("Since the spring, Maria is leaving at six instead of seven every evening."
                ) == {"housekeeping"}
    # three hours earlier is not an hour a day
    assert not told("Since the spring, Maria is leaving at four instead of seven.")


def test_a_time_of_day_earlier_than_it_used_to_be() -> None:
    words, sentence = sentences("The first rooms used to come up around two. Now the desk "
                                 "hands out keys at twenty past one.")
    assert list(clock_shifts(words, sentence).values()) == [pytest.approx(2 / 3, abs=0.01)]
    # an hour earlier home is an hour a day back
    assert "housekeeping" in told("Maria used to leave at seven. Now she is home by six.")
    # a timetable is no shift ("open at nine ... close at five"), nor a later time
    words, sentence = sentences("We open at nine. Now we close at five.")
    assert not clock_shifts(words, sentence)
    assert "housekeeping" not in told("Maria used to leave at six. Now she leaves at seven.")


def test_a_days_work_after_days_of_it() -> None:
    story = ("The council form used to eat five days of Sarah's June. This year, done "
             "between lunch and four o'clock.")
    assert "report" in told(story)
    # a day's work with no length before it to turn from, and nothing of the topic
    assert "report" not in told("The linen was folded between lunch and four o'clock.")


def test_one_speed_story_to_a_clause() -> None:
    spec = ScoringSpec(
        module="linenloop", version=1, pitch=None,
        points=(PointSpec("alerts", "A burst pipe alert reaches the engineer's phone within "
                          "15 minutes.", (), ("alert",)),
                PointSpec("overnight", "Dryers run overnight on their own.", (), ("dryer",))),
    )
    story = ("A hose split around eleven pm and by quarter past eleven Tom had a message on "
             "his mobile; he was back in bed by midnight.")
    got = outcome(story, spec)
    assert got["alerts"] == 1.0 and got["overnight"] < 1.0


# --- done once -----------------------------------------------------------------------------

def test_no_extra_trip_is_done_once() -> None:
    assert "returns" in told("Now when Marco drops off the fresh linen his screen says "
                             "the Swan has three stained bags, so they come back with him, "
                             "no extra trip.")
    # a trip that is still made
    assert "returns" not in told("Marco still makes an extra trip every Friday for the "
                                 "stained bags.")


# --- a sum out of a total, a part out of a whole -------------------------------------------

def test_a_sum_out_of_a_total() -> None:
    words = tokens("that is thirty-six grand in a year on linen spend of one point two "
                   "million")
    assert list(sum_shares(words, [0] * len(words)).values()) == [3.0]
    assert told("For a hundred-room hotel that's thirty-six grand in a year, on linen "
                "spend of roughly one point two million.") == {"credits"}
    # a sum "of it" is a share of the sum before it
    assert "credits" in told("The Grand spends about two million pounds a year on linen, "
                             "and last year sixty grand of it came back.")
    # a sum that is another share
    assert "credits" not in told("For a hundred-room hotel that's a hundred and twenty "
                                 "grand in a year, on linen spend of one point two million.")


def test_a_part_out_of_a_whole() -> None:
    words, sentence = sentences("Out of the last five hundred drops, ten turned up late.")
    assert list(part_shares(words, sentence).values()) == [98.0]
    words, sentence = sentences("Four hundred and ninety of the last five hundred drops "
                                 "were on time.")
    assert list(part_shares(words, sentence).values()) == [98.0]
    assert told("Out of the last five hundred drops at the Crown, ten turned up after "
                "check-in.") == {"on-time"}
    # ten in a hundred is not 98 in a hundred
    assert not told("Out of the last hundred drops at the Crown, ten turned up after "
                    "check-in.")


def test_a_share_of_all_is_a_claim_of_its_own() -> None:
    assert "share-of" in claim_kinds(["Nine out of ten guests get their first-choice "
                                      "pillow."])
    # a change in a share is not a share of all
    assert "share-of" not in claim_kinds(["Bookings are 60 percent higher."])


# --- what no longer happens ----------------------------------------------------------------

def test_what_no_longer_happens_after_how_it_used_to_be() -> None:
    spec = ScoringSpec(
        module="linenloop", version=1, pitch=None,
        points=(PointSpec("tracking", "Hotels see where every cage is, so nobody rings the "
                          "depot to chase.", (), ("cage",)),
                PointSpec("premium", "Hotels pay about 10% more for the premium finish.",
                          (), ("premium",))),
    )
    story = ("Housekeepers at the Crown used to spend half the morning on the phone to the "
             "depot asking where the sheets had got to. Nobody rings them now.")
    assert outcome(story, spec)["tracking"] == 1.0
    # the problem with nothing solving it: no turn to now
    assert outcome("Housekeepers at the Crown spend half the morning on the phone to the "
                   "depot asking where the sheets have got to.", spec)["tracking"] < 1.0
    # "before a call" is when, not how it was
    assert outcome("Before a call to the depot, nobody rings the hotel now.",
                   spec)["tracking"] < 1.0


def test_not_since_a_time_is_no_longer() -> None:
    spec = ScoringSpec(
        module="linenloop", version=1, pitch=None,
        points=(PointSpec("no-ladder", "Stock is counted by the scanner, so nobody climbs "
                          "the ladder into the loft.", ("no ladder needed",), ("ladder",)),),
    )
    assert outcome("Gary hasn't been up the ladder since March.", spec)["no-ladder"] == 1.0
    assert outcome("Gary was up the ladder in March.", spec)["no-ladder"] == 0.0


def test_what_stayed_as_it_was_is_protection() -> None:
    spec = ScoringSpec(
        module="linenloop", version=1, pitch=None,
        points=(PointSpec("locked", "Guest records cannot be deleted or encrypted by "
                          "ransomware.", (), ("records", "ransomware")),),
    )
    assert outcome("The hotel got hit in March, and the guest records were sitting there "
                   "exactly as they had been the night before.", spec)["locked"] == 1.0
    # another vendor's records, encrypted
    assert outcome("The hotel got hit in March with another vendor's system, and the guest "
                   "records were encrypted with everything else.", spec)["locked"] == 0.0
