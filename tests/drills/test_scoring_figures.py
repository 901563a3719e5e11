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



def test_another_length_before_the_unit_a_match_starts_with_counts_against() -> None:
    # the evidence phrase has no figure and its match begins at "hours": the figure
    # just before it ("half a day" is 12 hours) is another length than the message's
    from drills.scoring import PointSpec, ScoringSpec, message_signals
    from drills.transcript import Transcript

    spec = ScoringSpec(module="m", version=1, pitch=None, points=(
        PointSpec("four-hours", "Refunds are paid within four hours of the request.",
                  ("hours from request to refund",), ("refunds",)),
        PointSpec("portal", "Customers track every order in one portal.", (), ("portal",)),
    ))

    def lex(text: str) -> float:
        _, _, signals, _ = message_signals(spec, Transcript.from_text(text), semantic=False)
        return signals[0].values()["lex"]

    assert lex("It is twelve hours from request to refund.") < lex(
        "It is hours from request to refund.")
