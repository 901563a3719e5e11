"""The figure signal: one of the message's own figures said as the rep's claim."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.transcript import Transcript

SPEC = ScoringSpec(
    module="claims",
    version=1,
    pitch=None,
    points=(
        PointSpec("adjuster-load",
                  "Each adjuster handles 40% more claims because the paperwork is filled in.",
                  (), ("adjusters", "paperwork")),
        PointSpec("photo-estimate",
                  "Policyholders get a repair estimate from photos in under 15 minutes.",
                  (), ("photos", "estimate")),
        PointSpec("calls", "Calls to the contact centre drop by half.", (), ("calls",)),
    ),
)


def figure(text: str) -> dict[str, float]:
    _, _, signals, _ = message_signals(SPEC, Transcript.from_text(text), semantic=False)
    return {p.id: s.figure for p, s in zip(SPEC.points, signals, strict=True)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Every adjuster carries forty per cent more claims since the forms are pre-filled.",
         "adjuster-load"),
        # a length within the message's bound ("under 15 minutes") is its figure
        ("They see the repair figure from their photos in about ten minutes.",
         "photo-estimate"),
    ],
)
def test_the_messages_own_figure_with_its_topic(text: str, message: str) -> None:
    assert figure(text) == {p.id: float(p.id == message) for p in SPEC.points}


@pytest.mark.parametrize(
    "text",
    [
        # another figure of the same kind beside it
        "Adjusters handle 40% more claims, up from 10% last year.",
        # the figure alone names nothing of the message
        "15 minutes sounds ambitious to most teams.",
        # attributed, or denied, in the same sentence
        "Some customers say adjusters handle 40% more claims, but don't count on that.",
        "Adjusters do not handle 40% more claims.",
        # asked
        "Can adjusters really handle 40% more claims?",
    ],
)
def test_no_figure_signal_where_it_is_not_the_reps_claim(text: str) -> None:
    assert max(figure(text).values()) == 0

