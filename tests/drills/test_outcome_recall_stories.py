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
from drills.scoring.outcomes import claim_kinds
from drills.transcript import Transcript

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
