"""The change signal: a benefit told as a before/after contrast about its message."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.transcript import Transcript

SPEC = ScoringSpec(
    module="fleet",
    version=1,
    pitch=None,
    points=(
        PointSpec("safety", "Harsh-braking alerts and driver coaching reduce accidents.",
                  ("coaching drivers on hard braking means fewer crashes",), ("coaching",)),
        PointSpec("fuel", "Fleets use fifteen percent less fuel within the first quarter.",
                  (), ("fuel",)),
        PointSpec("flat-price", "Pricing is one flat fee per company, not per device.",
                  ("adding devices never changes your bill",), ("flat fee",)),
    ),
)


def change(text: str) -> dict[str, float]:
    _, _, signals, _ = message_signals(SPEC, Transcript.from_text(text), semantic=False)
    return {p.id: s.change for p, s in zip(SPEC.points, signals, strict=True)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Their insurer used to get a call about a bent van most weeks. This year they've "
         "had two, since the drivers got their coaching nudges.", "safety"),
        ("Drivers who braked hard no longer get away with it; the coaching sorts it.",
         "safety"),
        ("One customer went from 200 laptops to 350 and their bill stayed a flat fee.",
         "flat-price"),
    ],
)
def test_a_contrast_about_the_topic_is_a_change(text: str, message: str) -> None:
    got = change(text)
    assert got[message] > 0
    assert all(v < got[message] for k, v in got.items() if k != message)


@pytest.mark.parametrize(
    "text",
    [
        # no contrast: the topic alone
        "Drivers get coaching when they brake hard.",
        # "used to" as "accustomed"
        "Drivers are used to coaching and hard braking alerts.",
        # a contrast that denies the claim
        "The drivers still brake hard, coaching or not, and they no longer listen.",
        # a question
        "Do drivers who brake hard still get coaching, or not anymore?",
        # another figure than the message's: "from ten to twelve percent" of fuel
        "Fuel use went from ten to twelve percent of the fleet's costs.",
    ],
)
def test_no_change_without_a_contrast_about_the_topic(text: str) -> None:
    assert max(change(text).values()) == 0
