"""Benefits told as stories whose figures the listener works out (drills/scoring/
outcomes.py, outcome_counts.py, outcome_signal.py): a claim said as a verb of halving or
doubling, a count then said with "before" after it, two prices set against each other,
a part out of "every" whole, an alarm told as it goes off.

The messages are written for this file, on a product no evaluation playbook describes
(a laundry service for gyms), and each story has a near miss beside it that must stay
missed.
"""

from __future__ import annotations

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.scoring.outcome_counts import clock_spans, counts_now, part_shares
from drills.scoring.outcomes import claim_kinds, told_outcomes
from drills.text_normalize import tokens
from drills.transcript import Transcript
from tests.drills.outcome_helpers import sentences

SPEC = ScoringSpec(
    module="towelrun",
    version=1,
    pitch=None,
    points=(
        PointSpec("unpaid", "Members who owe are reminded automatically, halving the fees "
                  "left unpaid.", (), ("reminder", "fee")),
        PointSpec("stock", "Gyms order about 25% fewer spare towels.", (), ("towel",)),
    ),
)


def outcome(text: str, spec: ScoringSpec = SPEC) -> dict[str, float]:
    _, _, signals, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    return {p.id: s.outcome for p, s in zip(spec.points, signals, strict=True)}


def test_a_verb_of_halving_or_doubling_is_the_claims_figure() -> None:
    assert claim_kinds(["Fees left unpaid are halved."])["fewer"] == "50.0"
    assert claim_kinds(["Complaints are cut in half."])["fewer"] == "50.0"
    assert claim_kinds(["Late fees drop by half."])["fewer"] == "50.0"
    assert claim_kinds(["Doubling the sign-ups."])["more"] == "100.0"
    assert claim_kinds(["Fees left unpaid are reduced."])["fewer"] is None


def test_a_story_whose_counts_halve_tells_a_halving_claim() -> None:
    said = outcome("One club used to carry about twelve grand in dues nobody had paid. "
                   "Now it's six.")
    assert said["unpaid"] == 1.0
    # a third less is no halving
    assert outcome("One club used to carry about twelve grand in dues nobody had paid. "
                   "Now it's eight.")["unpaid"] == 0.0


def counts(text: str) -> dict[str, tuple[str, float]]:
    words, sentence = sentences(text)
    return {words[k]: v for k, v in counts_now(words, sentence).items()}


def test_a_count_then_said_with_before_after_it() -> None:
    assert counts("Four hundred towels a month before, three hundred now.") == {
        "300": ("fewer", 25.0)}
    # "before" that opens a phrase of time sets no count in the past
    assert counts("Four hundred towels before the summer rush, three hundred in it.") == {}


def test_a_count_set_against_another_with_against_or_versus() -> None:
    assert counts("The new gym pays fifty pounds a member against forty at the old one.") == {
        "50": ("more", 25.0)}
    assert counts("They now pay fifty pounds a member, before forty.") == {
        "50": ("more", 25.0)}
    # a count against a limit of something else is no comparison of two counts
    assert counts("We logged thirty visits against an allowance of a hundred.") == {}


def test_the_count_after_instead_of_is_no_count_now() -> None:
    said = counts("They used to lose four hundred towels a year, and now it's three "
                  "hundred, so this year they ordered sixty new ones instead of eighty.")
    assert said == {"300": ("fewer", 25.0), "60": ("fewer", 25.0)}


def test_a_setting_told_with_still_is_no_old_way() -> None:
    said = outcome("While the members were still in the changing room, the club was "
                   "ordering three hundred towels a month instead of four hundred.")
    assert said["stock"] == 1.0
    assert outcome("The club still orders three hundred towels a month instead of four "
                   "hundred.")["stock"] == 0.0


def parts(text: str) -> dict[str, float]:
    words, sentence = sentences(text)
    return {words[k]: v for k, v in part_shares(words, sentence).items()}


def test_a_part_of_every_whole_and_a_share_of_all() -> None:
    assert parts("Three of every four members rent a locker.") == {"3": 75.0}
    assert parts("Eighty percent of new members rent a locker.") == {"80": 80.0}
    assert parts("Lockers offered at sign-up that three in four take.") == {"75": 75.0}
    assert parts("Locker fees went up 20 percent take it or leave it.") == {}
    # the size of a change is no part of a whole
    assert parts("It cut by thirty percent of the old cost.") == {}


KITCHEN = ScoringSpec(
    module="pantryeye",
    version=1,
    pitch=None,
    points=(
        PointSpec("fire-alarm", "If a fryer overheats, the heat sensor sounds the kitchen alarm "
                  "and shows which station on the pass screen.", (), ("fryer", "sensor")),
        PointSpec("stock-live", "What is left of each ingredient is shown live on the tablet, "
                  "so the chef stops selling a dish before running out.", (),
                  ("stock", "ingredient")),
    ),
)


def test_an_alarm_told_as_it_goes_off_is_the_alarm_messages_story() -> None:
    said = outcome("Friday night a pan of oil went up in flames, and before anyone had even "
                   "turned round the siren over the door was wailing.", KITCHEN)
    assert said == {"fire-alarm": 1.0, "stock-live": 0.0}
    # an alarm that went off with nothing of the product in it: the old way
    assert outcome("The siren over the door still goes off every time someone makes "
                   "toast.", KITCHEN)["fire-alarm"] == 0.0


GREENHOUSE = ScoringSpec(
    module="glasswatch",
    version=1,
    pitch=None,
    points=(
        PointSpec("auto-vents", "When the glasshouse overheats, the roof vents open "
                  "automatically, so nobody sits up watching the thermometer.", (),
                  ("vent", "roof")),
        PointSpec("late-fees", "Buyers who pay late are charged the fee on the next invoice "
                  "automatically.", (), ("invoice", "fee")),
        PointSpec("yield", "Growers pick about 12% more per square metre.", (), ("yield",)),
    ),
)


def test_a_machine_that_came_on_by_itself_while_people_slept() -> None:
    said = outcome("In June it hit thirty-five degrees at two in the afternoon and the "
                   "roof fans came on their own.", GREENHOUSE)
    assert said["auto-vents"] == 1.0
    assert outcome("In August the manager slept right through the hottest night in the "
                   "glasshouse.",
                   GREENHOUSE)["auto-vents"] == 1.0
    # a person who switched their own kit on did the work
    assert outcome("The pickers switched on their own radios.", GREENHOUSE) == {
        "auto-vents": 0.0, "late-fees": 0.0, "yield": 0.0}


def test_nobody_has_to_chase_them_speaks_of_those_named_before() -> None:
    said = outcome("The buyers who pay late, the fee is just on the next bill. Nobody has "
                   "to chase them.", GREENHOUSE)
    assert said["late-fees"] == 1.0


def test_the_end_of_a_span_of_the_clock_is_no_count() -> None:
    said = counts("The heating bill used to be twenty thousand. The boilers now run from "
                  "midnight to five, and the bill came in at fifteen.")
    assert said == {"15": ("fewer", 25.0)}


def spans(text: str) -> list[float]:
    words, sentence = sentences(text)
    return list(clock_spans(words, sentence).values())


def test_times_said_as_minutes_to_the_hour() -> None:
    assert spans("Quarter to seven, she walks in. Never been before. Scans the code on "
                 "her phone. Five to seven she's on a bike.") == [0.167]
    assert spans("Saturday, like half six this lad walks in, signs up on his phone, and "
                 "at twenty to seven he's on a bike.") == [0.167]
    # a range of minutes, and a timetable, are no two moments of a story
    assert spans("It takes five to ten minutes, and then you wait ten to fifteen.") == []
    assert spans("The desk is staffed nine to five. The gym closes at ten.") == []


GYM = ScoringSpec(
    module="gymgate",
    version=1,
    pitch=None,
    points=(
        PointSpec("join-online", "A new member joins and pays online and can be training "
                  "within 10 minutes, with no visit to the desk.", (), ("join", "member")),
        PointSpec("towels", "Gyms order about 25% fewer spare towels.", (), ("towel",)),
    ),
)


def test_a_negation_far_back_in_a_run_on_clause_is_another_acts() -> None:
    said = outcome("saturday like half six this lad walks in never been to a gym in his "
                   "life signs up on his phone picks a plan taps his card and at twenty to "
                   "seven hes on a bike", GYM)
    assert said["join-online"] == 1.0
    assert outcome("saturday at half six this lad walks in and he still could not get on "
                   "a bike by twenty to seven", GYM)["join-online"] == 0.0


def test_shown_while_it_is_still_arriving_is_seen_as_it_happens() -> None:
    said = outcome("Tuesday the tablet counted the chef's oil allowance down as it came "
                   "in.", KITCHEN)
    assert said == {"fire-alarm": 0.0, "stock-live": 1.0}
    assert outcome("The old tablet showed nothing as the delivery came through.",
                   KITCHEN)["stock-live"] == 0.0
    # someone arriving is no thing shown as it arrives
    assert outcome("As the new head chef came in last spring, we changed the menu.",
                   KITCHEN) == {"fire-alarm": 0.0, "stock-live": 0.0}


FERRY = ScoringSpec(
    module="quaypass",
    version=1,
    pitch=None,
    points=(
        PointSpec("manifest", "The passenger manifest is sent to the port before the ferry "
                  "berths, so nobody queues at the ticket office.", (), ("manifest",)),
        PointSpec("logbook", "The engine logbook fills itself in, so the paperwork takes five "
                  "minutes a crossing.", (), ("logbook",)),
    ),
)


def test_nobody_queues_is_a_claim_of_no_wait_told_as_the_queue_skipped() -> None:
    assert claim_kinds(["So nobody queues at the ticket office."]).get("speed", 0) is None
    assert "speed" not in claim_kinds(["Patients pay without queueing."])
    said = outcome("Friday the ferry tied up and the drivers walked straight off the "
                   "jetty instead of standing in line with forms.", FERRY)
    assert said == {"manifest": 1.0, "logbook": 0.0}
    assert outcome("Friday the drivers were standing in line with forms for an hour.",
                   FERRY)["manifest"] == 0.0


STOCKTAKE = ScoringSpec(
    module="shelfscan",
    version=1,
    pitch=None,
    points=(
        PointSpec("stock-count", "The weekly stock count takes twenty minutes instead of an "
                  "afternoon, because every shelf scans itself.", (), ("stock", "shelf")),
        PointSpec("towels", "Gyms order about 25% fewer spare towels.", (), ("towel",)),
    ),
)


def test_a_length_that_shrinks_from_a_whole_one_to_a_short_one() -> None:
    said = outcome("And the end-of-week stocktake, well, that goes from a whole afternoon to "
                   "about twenty minutes.", STOCKTAKE)
    assert said["stock-count"] == 1.0
    # longer, not shorter
    assert outcome("And the end-of-week stocktake, well, that goes from twenty minutes to "
                   "a whole afternoon.", STOCKTAKE)["stock-count"] == 0.0


def test_an_alarm_in_a_story_of_nothing_the_product_does_tells_no_live_view() -> None:
    spec = ScoringSpec(module="vanmap", version=1, pitch=None, points=(
        PointSpec("live-map", "Dispatchers see every van live on a map.", (), ("map", "van")),
        PointSpec("towels", "Gyms order about 25% fewer spare towels.", (), ("towel",)),
    ))
    assert outcome("At the Christmas party the fire alarm went off twice.", spec) == {
        "live-map": 0.0, "towels": 0.0}


def test_a_haul_or_an_arrival_is_no_harm_caught_in_time() -> None:
    assert "protected" not in told_outcomes(tokens("the catch goes straight to the market"))
    assert "protected" not in told_outcomes(tokens(
        "this lad pulls up outside never been to us before"))
    assert "protected" in told_outcomes(tokens("the bad payment was caught before it left"))
    assert "protected" in told_outcomes(tokens("the refund was stopped before it went out"))


def test_a_share_no_message_states_tells_only_of_a_message_it_names() -> None:
    spec = ScoringSpec(module="vanfuel", version=1, pitch=None, points=(
        PointSpec("complaints", "Customers complain less, because every delivery is "
                  "tracked.", (), ("complaint",)),
        PointSpec("fuel", "Route planning cuts fuel per van by 12%.", (), ("fuel", "route")),
    ))
    assert outcome("The drivers now sit at fifty instead of sixty on the motorway.",
                   spec) == {"complaints": 0.0, "fuel": 0.0}
    assert outcome("Complaints used to come in at forty a week. Now it's ten.",
                   spec)["complaints"] == 1.0


def test_before_a_time_of_day_sets_no_count_then() -> None:
    assert counts("The depot now ships fifty orders before nine every morning.") == {}
