"""A message's figure taken back, or replaced by one another message states, is not the
message: "route planning cuts fuel costs, though I can't promise 20%" does not claim
20%, and "support calls fall by a quarter" is not "by half" even where another message
of the module states a quarter."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

SPEC = ScoringSpec(
    module="fleet",
    version=1,
    pitch=None,
    points=(
        PointSpec("fuel", "Route planning cuts fuel costs by 20%.", (),
                  ("route planning", "fuel")),
        PointSpec("restore", "Any lost file is restored in under 15 minutes.", (), ("restore",)),
        PointSpec("bookings", "Reminders bring back 25% more bookings.", (),
                  ("reminders", "bookings")),
        PointSpec("calls", "Support calls fall by half.", (), ("support calls",)),
        PointSpec("miles", "Route optimisation cuts empty miles in half.", (),
                  ("route optimisation", "empty miles")),
    ),
    forbidden=(),
    retired=(),
)


def covered(text: str, message: str) -> bool:
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == message).covered


@pytest.mark.parametrize(("message", "text"), [
    ("fuel", "Route planning cuts fuel costs, though I can't promise 20%."),
    ("fuel", "Route planning cuts your fuel bill, but I won't promise you twenty percent."),
    ("fuel", "Route planning cuts fuel costs, I can't say it'll be 20% for you."),
    ("fuel", "route planning cuts fuel costs I wouldn't bank on twenty percent though"),
    ("bookings", "Reminders bring back more bookings, though maybe not 25% for a small clinic."),
    ("restore", "Lost files come back, though I can't promise fifteen minutes."),
])
def test_a_figure_taken_back_is_not_claimed(message: str, text: str) -> None:
    assert not covered(text, message)


@pytest.mark.parametrize(("message", "text"), [
    ("fuel", "Route planning cuts fuel costs by 20%, I promise you that."),
    ("fuel", "Route planning cuts fuel costs by about 20%, give or take."),
    ("restore", "Lost files are restored in under fifteen minutes, I can promise that."),
    # a denied bound is the promise itself
    ("restore", "It's not fifteen minutes, restores take under fifteen minutes."),
])
def test_a_figure_kept_is_claimed(message: str, text: str) -> None:
    assert covered(text, message)


@pytest.mark.parametrize(("message", "text", "said"), [
    # "by half" and "in half" are the message's figure: another share is another claim,
    # even one the bookings message states (a quarter)
    ("calls", "support calls fall by a quarter", False),
    ("calls", "support calls fall by 25%", False),
    ("calls", "support calls fall by fifty percent", True),
    ("calls", "support calls fall by roughly half", True),
    ("miles", "route optimisation cuts empty miles by sixty percent", False),
    ("miles", "route optimisation halves the empty miles", True),
    ("miles", "route optimisation took our empty miles from a hundred to fifty five", True),
])
def test_a_halving_message_holds_its_figure(message: str, text: str, said: bool) -> None:
    assert covered(text, message) is said
