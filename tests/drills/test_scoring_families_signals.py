"""Related words (topic families) in the keyword and headline signals, and multiples
("threefold", "by a factor of two", "clinics double booster visits") as figures that
conflict with a message's share."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals, score_transcript
from drills.transcript import Transcript

GROOMING = ScoringSpec(
    module="grooming",
    version=1,
    pitch=None,
    points=(
        PointSpec("repeat-visits",
                  "Salons see 25% more repeat grooming visits because reminders go out "
                  "by themselves.", (), ("repeat visits", "reminders")),
        PointSpec("deposits", "Deposits are taken at booking so empty chairs are paid for.",
                  (), ("deposits",)),
    ),
)


def covered(spec: ScoringSpec, text: str) -> dict[str, bool]:
    result = score_transcript(spec, Transcript.from_text(text), semantic=False)
    return {m.id: m.covered for m in result.messages}


def figures_said(spec: ScoringSpec, text: str) -> list[tuple[str, str]]:
    _, analysed, _, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    return [f for f in analysed.figures if f is not None]


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("Since the reminders go by themselves, repeat visits went up threefold.", "200"),
        ("Repeat grooming visits rise four-fold once reminders go out.", "300"),
        ("Repeat visits grow by a factor of two with the reminders.", "100"),
        ("The salons double repeat visits once reminders go out.", "100"),
        ("It will triple repeat visits.", "200"),
    ],
)
def test_a_multiple_is_the_share_it_adds(text: str, share: str) -> None:
    assert (share, "share") in figures_said(GROOMING, text)


@pytest.mark.parametrize(
    "text",
    [
        # a modifier, not a verb: no figure
        "There are no double bookings in the diary.",
        "Nobody is double-booked any more.",
        "We avoid double charges on deposits.",
        # a factor without a number, "times" as a frequency
        "Reminders are a big factor in repeat visits.",
        "Reminders go out four times a year.",
    ],
)
def test_no_multiple_where_none_is_claimed(text: str) -> None:
    assert not any(kind == "share" for _, kind in figures_said(GROOMING, text))


@pytest.mark.parametrize(
    "text",
    [
        "Reminders go out by themselves and repeat grooming visits went up threefold.",
        "Reminders go out by themselves and repeat grooming visits grow by a factor of two.",
        "Reminders go out by themselves and salons double repeat grooming visits.",
    ],
)
def test_a_multiple_said_for_a_quarter_more_weakens_the_credit(text: str) -> None:
    assert not covered(GROOMING, text)["repeat-visits"]


def test_the_messages_own_share_beside_the_same_words_is_credited() -> None:
    text = "Reminders go out by themselves and repeat grooming visits went up 25 percent."
    assert covered(GROOMING, text)["repeat-visits"]


# --- related words in the keyword and headline signals --------------------------------

READINGS = PointSpec("readings",
                     "Meter readings go into each building's monthly report automatically.",
                     (), ("meter readings", "report"))
ENERGY = ScoringSpec(module="energy", version=1, pitch=None, points=(
    READINGS,
    PointSpec("contracts", "Sites move to the cheapest supplier contract every year.", (),
              ("supplier contract",)),
))
# the same message beside one whose own word is "log": that word is the other's evidence
ENERGY_WITH_LEDGER = ScoringSpec(module="energy", version=1, pitch=None, points=(
    READINGS,
    PointSpec("ledger", "Every payment is kept in one log for the finance team.", (), ("log",)),
))


def signals(spec: ScoringSpec, text: str) -> tuple[float, float]:
    """The keyword and headline signals of the spec's first message."""
    _, _, sigs, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    return sigs[0].kw, sigs[0].head


def test_keywords_said_in_words_of_their_field_count_half() -> None:
    # "consumption values" for "meter readings", "log" for "report"
    kw, _ = signals(ENERGY, "Consumption values go into each building's log automatically.")
    assert kw == pytest.approx(0.5)
    # one keyword said, the other in a word of its field
    kw, _ = signals(ENERGY, "Meter readings go straight into the log.")
    assert kw == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("spec", "text", "expected"),
    [
        # the field's words used for something else, with too few of the message's own
        (ENERGY, "Consumption values are high in winter, so keep a log.", 0.0),
        # denied
        (ENERGY, "Consumption values do not go into each building's log automatically.", 0.0),
        # a word of another field ("invoice" is money, "report" is paperwork)
        (ENERGY, "Usage figures go into each building's invoice automatically.", 0.25),
        # the related word is another message's own word
        (ENERGY_WITH_LEDGER, "Consumption values go into each building's log automatically.",
         0.25),
    ],
)
def test_no_related_keyword_credit_for_near_misses(spec: ScoringSpec, text: str,
                                                   expected: float) -> None:
    kw, _ = signals(spec, text)
    assert kw == pytest.approx(expected)


def test_a_headline_in_words_of_the_field_weighs_more_than_one_in_another_field() -> None:
    _, related = signals(ENERGY, "Meter readings in the building log.")
    _, unrelated = signals(ENERGY, "Meter readings in the building invoice.")
    _, taken = signals(ENERGY_WITH_LEDGER, "Meter readings in the building log.")
    assert related > unrelated
    assert taken == unrelated


def test_a_headline_still_needs_a_key_term_said() -> None:
    # every word related, none of the key terms: no headline
    _, head = signals(ENERGY, "Consumption values, monthly log.")
    assert head == 0.0


# --- a count per period compared with another count -----------------------------------


def _units_of(text: str) -> dict[str, str]:
    from drills.scoring.compiled import figure_units
    from drills.text_normalize import analyze

    toks = analyze(text.split())
    return {t.text: u for t, u in zip(toks, figure_units(toks), strict=True)
            if t.text[:1].isdigit()}


def test_a_count_compared_with_a_count_per_period_takes_no_unit() -> None:
    # "a day" is the period of "sixteen patients", not the unit of "twenty"
    units = _units_of("Nurses went from sixteen patients a day to twenty, same shifts.")
    assert units["20"] == ""
    units = _units_of("Drivers went from 9 drops an hour to 12 with the new routes.")
    assert units["12"] == ""


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        # lengths compared keep the unit they share
        ("The close went from ten days to three.", "3", "days"),
        ("Setup takes three or four days.", "3", "days"),
        ("From 14 days down to 5 with the portal.", "5", "days"),
    ],
)
def test_lengths_compared_share_their_unit(text: str, figure: str, unit: str) -> None:
    assert _units_of(text)[figure] == unit


# --- an outcome story that names several fields of one message -------------------------

METER_READINGS = PointSpec(
    "readings", "Meter readings from every site go into the monthly report automatically.",
    (), ("meter readings",))
TENANT_BILLS = PointSpec("tenant-bills",
                         "Tenants get their electricity bill automatically at month end.", (),
                         ("tenant bills",))
# shares the readings and paperwork fields with the readings message
LAB_FILE = PointSpec("lab-file", "Every test sample value is kept in the lab file automatically.",
                     (), ("lab file",))


def outcome(points: tuple[PointSpec, ...], text: str) -> dict[str, float]:
    spec = ScoringSpec(module="energy", version=1, pitch=None, points=points)
    _, _, sigs, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    return {p.id: s.outcome for p, s in zip(points, sigs, strict=True)}


def test_a_common_phrase_naming_two_fields_of_one_message_is_its_story() -> None:
    # readings ("consumption figures") and paperwork ("printout"): the meter readings'
    got = outcome((METER_READINGS, TENANT_BILLS),
                  "Nobody is copying consumption figures off a printout any more.")
    assert got == {"readings": 1.0, "tenant-bills": 0.0}


@pytest.mark.parametrize(
    ("points", "text"),
    [
        # one field only
        ((METER_READINGS, TENANT_BILLS), "Nobody is copying consumption figures any more."),
        ((METER_READINGS, TENANT_BILLS), "Nobody is copying anything off a printout any more."),
        # another message of the spec shares the same fields
        ((METER_READINGS, TENANT_BILLS, LAB_FILE),
         "Nobody is copying consumption figures off a printout any more."),
    ],
)
def test_fields_that_name_no_one_message_stay_half(points: tuple[PointSpec, ...],
                                                   text: str) -> None:
    assert outcome(points, text)["readings"] == 0.5


# --- a thing that does its work on itself ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "automatic"),
    [
        ("the rota updates itself every night", True),
        ("the stock list reorders itself when the shelf runs low", True),
        # the emphatic "itself" of a noun, a plural's "themselves", "pays for itself"
        ("the product itself is cheap", False),
        ("the process itself is fine", False),
        ("the invoices themselves are unchanged", False),
        ("it pays for itself", False),
    ],
)
def test_a_verb_on_itself_tells_work_done_without_people(text: str, automatic: bool) -> None:
    from drills.scoring.outcomes import AUTOMATIC, told_outcomes

    assert (AUTOMATIC in told_outcomes(text.split())) is automatic


# --- nobody's time at a manual task; "any more" names no message -----------------------

REBOOKING = PointSpec(
    "rebooking", "Clients get automatic texts, bringing back 20% more grooming visits.", (),
    ("texts",))
STOCK = PointSpec(
    "stock", "Stock counts from the scanner go into the system automatically with no retyping.",
    (), ("stock counts",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nobody sits there typing shelf counts into the system any more.", 1.0),
        ("No manager spends the evening typing stock counts in.", 1.0),
        ("Nobody spends hours chasing stock counts.", 1.0),
        # no time at a task: spending less on something, sitting on something
        ("No manager spends less on heating the stock room.", 0.0),
        ("No manager sits on the stock counts.", 0.0),
    ],
)
def test_nobodys_time_at_the_task_tells_it_done_for_them(text: str, expected: float) -> None:
    assert outcome((REBOOKING, STOCK), text)["stock"] == expected


def test_any_more_is_no_word_of_a_message_claiming_more() -> None:
    # "more" of "20% more grooming visits" says the kind of change, not its topic
    assert outcome((REBOOKING, STOCK), "Nobody sits there typing figures in any more.")[
        "rebooking"] == 0.0


# --- a share beside the cue that is one message's own figure ---------------------------

PARTS = PointSpec(
    "parts-billed",
    "Every part fitted is billed, recovering about 4% of revenue that used to slip through.",
    (), ("parts", "billing"))
WARRANTY = PointSpec(
    "warranty", "Warranty claims go to the manufacturer from the invoice, so customers no "
    "longer pay up front and wait for a refund.", (), ("warranty",))


def test_a_share_beside_the_cue_names_the_message_it_is_the_figure_of() -> None:
    # "invoice" is the warranty message's word; "four pence in the pound" is the 4%
    got = outcome((PARTS, WARRANTY), "Whatever the mechanic puts in ends up on the invoice, "
                  "so about four pence in the pound stops leaking.")
    assert got == {"parts-billed": 1.0, "warranty": 0.0}


def test_a_share_that_is_no_messages_figure_names_none() -> None:
    got = outcome((PARTS, WARRANTY), "Whatever the mechanic puts in ends up on the invoice, "
                  "so about nine pence in the pound stops leaking.")
    assert got["parts-billed"] == 0.0


# --- "by about a quarter": a share, not three months -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("repeat visits climb by about a quarter", ["by", "about", "25", "percent"]),
        ("costs fell by nearly a quarter", ["by", "nearly", "25", "percent"]),
        # the clock, hedged or not
        ("ready by about a quarter to five", ["by", "about", "a", "quarter", "to", "5"]),
        ("ready by a quarter past five", ["by", "a", "quarter", "past", "5"]),
    ],
)
def test_a_hedged_quarter_after_by_is_a_share(text: str, expected: list[str]) -> None:
    from drills.text_normalize import analyze

    words = [t.text for t in analyze(text.split())]
    assert words[-len(expected):] == expected


def test_a_rise_by_about_a_quarter_is_the_messages_share() -> None:
    text = "Reminders go out by themselves and repeat grooming visits climb by about a quarter."
    assert ("25", "share") in figures_said(GROOMING, text)
    assert covered(GROOMING, text)["repeat-visits"]
