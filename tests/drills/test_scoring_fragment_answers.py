"""A feature named and answered in the same breath ("Photo proof, not yet.", "Arrival
texts, that's next year.") is not claimed; the one answered yes, or said as a claim, is.
Sentences written for the mechanism, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

_SPEC = ScoringSpec(
    module="m", version=1, pitch=None,
    points=(
        PointSpec(id="map", statement="Dispatchers see every van on a live map.",
                  keywords=("live map", "dispatch")),
        PointSpec(id="proof", statement="Drivers capture proof of delivery with a photo.",
                  keywords=("proof of delivery", "photo")),
        PointSpec(id="eta", statement="Customers get a text with the arrival time.",
                  keywords=("text", "arrival")),
    ),
)


def _covered(text: str) -> set[str]:
    result = score_transcript(_SPEC, Transcript.from_text(text), semantic=False)
    return {m.id for m in result.messages if m.covered}


@pytest.mark.parametrize(("text", "covered"), [
    ("Live map, yes. Photo proof, not yet. Arrival texts, that's next year.", {"map"}),
    ("Photo proof of delivery, not yet.", set()),
    ("Arrival time texts for customers, that's on the roadmap.", set()),
    ("Drivers capture proof of delivery with a photo today; arrival texts, not yet.",
     {"proof"}),
    ("Customers get a text with the arrival time, and that's live now.", {"eta"}),
])
def test_a_name_answered_in_the_same_breath(text: str, covered: set[str]) -> None:
    assert _covered(text) == covered
