"""A denial of the claim's opposite asserts the claim: "no more matching invoices by
hand" says they are matched automatically, where "matching is still done by hand" says
they are not. Sentences written for the mechanism, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

_SPEC = ScoringSpec(
    module="m", version=1, pitch=None,
    points=(
        PointSpec(id="auto", statement="Invoices are matched to purchase orders automatically.",
                  keywords=("invoices", "match")),
        PointSpec(id="mobile", statement="Approvers sign off from their phone.",
                  keywords=("approve", "phone")),
    ),
)


@pytest.mark.parametrize(("text", "covered"), [
    ("There's no more matching invoices to purchase orders by hand; it's automatic.", True),
    ("No more matching invoices against purchase orders by hand.", True),
    ("Invoices are still matched to purchase orders by hand.", False),
    ("We don't match invoices to purchase orders automatically.", False),
])
def test_the_opposite_denied_says_the_claim(text: str, covered: bool) -> None:
    result = score_transcript(_SPEC, Transcript.from_text(text), semantic=False)
    auto = next(m for m in result.messages if m.id == "auto")
    assert auto.covered is covered, (auto.confidence, auto.missed_reason)
