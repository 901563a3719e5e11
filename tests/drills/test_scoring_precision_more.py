"""Precision by kind, more: a figure of the message's kind that is not its own, said
beside its mechanism (a share said as "about half", or told as two counts: "was forty
thousand, now thirty-four"); a change told as two counts that is another message's
figure; a list item that only names what the claim is about ("a controlled drugs
register"); a key term of the message denied in the words that match it; its topic
named where the sentence says nothing changes ("same as now"); a release still to come.
Every sentence here was written for this file (none comes from the eval set), each miss
beside a near form that must still count as covered."""

from __future__ import annotations

import pytest

from drills.scoring import message_signals
from drills.transcript import Transcript
from tests.drills.scoring_helpers import eval_spec, judged_covered


def covered(playbook: str, message: str, text: str, pitch: str | None = None) -> bool:
    return judged_covered(eval_spec(playbook, pitch), message, text)


# (playbook, pitch, message, said with another figure or only named, said as its claim)
PAIRS = [
    # a share said as a different share beside the mechanism ("about half" for 30%)
    ("vinedrip", "owner-elevator", "water-use",
     "Since the probes in each block decide when the drip lines run, water use falls by "
     "roughly half.",
     "Since the probes in each block decide when the drip lines run, water use falls by "
     "roughly thirty percent."),
    # ... or as two counts, then and now ("was fifty thousand, now forty-five" is 10%)
    ("vinedrip", "owner-elevator", "pump-energy",
     "The pumping moves to the night tariff: the power bill was fifty thousand, now "
     "forty-five thousand.",
     "The pumping moves to the night tariff: the power bill was forty thousand, now "
     "thirty thousand."),
    ("vinedrip", "owner-elevator", "pump-energy",
     "The pumps run on the cheap night tariff, and the electricity bill went from eighty "
     "thousand to seventy-two thousand.",
     "The pumps run on the cheap night tariff, and the electricity bill went from eighty "
     "thousand to sixty thousand."),
    # "half as often" is a half, not 40%
    ("hivecount", "owner-elevator", "winter-losses",
     "Brood temperature warns you about weak colonies over winter, and you lose half as "
     "many hives.",
     "Brood temperature warns you about weak colonies over winter, and you lose forty "
     "percent fewer hives."),
    # a list item that only names what the claim is about
    ("pawchart", "vet-floor", "controlled-drugs",
     "Three things: dictated notes, results straight from the analyser, and a controlled "
     "drugs register.",
     "Three things: dictated notes, results straight from the analyser, and a controlled "
     "drugs register that keeps itself up to date."),
    # a key term of the message denied in the words that match it
    ("kegtrack", "owner-elevator", "deposit-billing",
     "Deposits, no, those don't go on the invoice, you still bill them yourself.",
     "Deposits go on the invoice and get charged without anyone chasing."),
    # its topic named where the sentence says nothing changes
    ("pawchart", "vet-floor", "controlled-drugs",
     "The controlled drugs register is a paper book your nurses fill in, same as now.",
     "The controlled drugs register keeps itself up to date, so inspections are easy."),
    # a release still to come
    ("pawchart", "owner-elevator", "insurance-claims",
     "Direct claims to pet insurers are coming in the summer release.",
     "Direct claims to pet insurers go out from the invoice, so owners never pay up front."),
    # ... said of the claim before it
    ("pawchart", "owner-elevator", "insurance-claims",
     "Claims straight to the insurer from the invoice, that's arriving in the autumn release.",
     "Claims go straight to the insurer from the invoice, that's been live since the spring."),
]


@pytest.mark.parametrize(("playbook", "pitch", "message", "miss", "near"), PAIRS)
def test_miss_and_near_form(playbook: str, pitch: str, message: str, miss: str,
                            near: str) -> None:
    assert not covered(playbook, message, miss, pitch), miss
    assert covered(playbook, message, near, pitch), near


# the same change told in other ways: the count then first or the count now first
LINKS = [
    "{then} thousand down to {now} thousand",
    "is {now} thousand, down from {then} thousand",
    "fell to {now} thousand from {then} thousand",
    "is {now} thousand instead of {then} thousand",
    "was {then} grand last year and {now} grand this year",
    "is {now} thousand where it was {then} thousand",
]


@pytest.mark.parametrize("link", LINKS)
def test_a_change_told_as_two_counts_in_other_words(link: str) -> None:
    text = "We moved the pumping onto the cheap night tariff, and the electricity bill {}."
    wrong = text.format(link.format(then="forty", now="thirty-four"))  # 15%, not a quarter
    right = text.format(link.format(then="forty", now="thirty"))
    assert not covered("vinedrip", "pump-energy", wrong, "owner-elevator"), wrong
    assert covered("vinedrip", "pump-energy", right, "owner-elevator"), right


def test_two_counts_that_are_no_change_give_no_share() -> None:
    """A range or two unrelated counts is no change: "vineyards from twenty to four
    hundred hectares", "forty blocks and thirty-four staff"."""
    from drills.scoring.figures import _pair_shares

    spec = eval_spec("vinedrip", "owner-elevator")
    for text in ("We work with vineyards from twenty to four hundred hectares.",
                 "They have forty blocks and thirty-four staff, and forty to fifty pickers."):
        compiled, analysed, _, _ = message_signals(spec, Transcript.from_text(text),
                                                   semantic=False)
        assert not _pair_shares(analysed, compiled.points), text


def test_a_change_told_as_two_counts_is_the_share_it_comes_to() -> None:
    """"From twenty thousand to twenty-two" is a 10% rise: the figure of the message of
    10% more per tonne, and not the quarter cut of the electricity bill."""
    from drills.scoring.figures import _pair_shares

    spec = eval_spec("vinedrip", "owner-elevator")
    text = ("The winery's cheque for the same grapes went from twenty thousand to "
            "twenty-two.")
    compiled, analysed, _, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    shares = set(_pair_shares(analysed, compiled.points).values())
    assert shares == {("10", "share", "")}
    text = "Their power bill was forty thousand, now thirty thousand."
    compiled, analysed, _, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    assert set(_pair_shares(analysed, compiled.points).values()) == {("25", "share", "")}
    # a count said as a bound gives no share ("to under ten")
    text = "The power bill went from about twelve thousand to under ten thousand."
    compiled, analysed, _, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
    assert not _pair_shares(analysed, compiled.points)


def test_the_wrong_story_figure_does_not_credit_the_electricity_bill() -> None:
    text = ("Calder Hill kept the vines thirsty after veraison. The winery's cheque for the "
            "same grapes went from twenty thousand to twenty-two.")
    assert not covered("vinedrip", "pump-energy", text, "owner-elevator")


def test_a_denial_the_claim_itself_makes_is_no_denial_of_it() -> None:
    """"You don't chase unreturned kegs anymore" denies the chasing, which the message
    denies too; the deposits are still on the invoice."""
    text = ("Deposits are charged on the invoice automatically, and you don't chase "
            "unreturned kegs anymore.")
    assert covered("kegtrack", "deposit-billing", text, "owner-elevator")
