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
