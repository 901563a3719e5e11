"""A claim given to others or asked, then confirmed by the rep in the same sentence, is
the rep's claim ("the brochure claims X, and in my experience that's right", "people ask
if X, and yes, it does"); one the rep only heard is not ("X, or so I'm told").
Sentences written for the mechanism, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

_SPEC = ScoringSpec(
    module="m", version=1, pitch=None,
    points=(
        PointSpec(id="fast", statement="Restores finish in under 15 minutes.",
                  keywords=("restore",)),
        PointSpec(id="price", statement="One flat price per site, with no per-user fees.",
                  keywords=("flat price", "per user")),
    ),
)


def _fast(text: str) -> bool:
    result = score_transcript(_SPEC, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == "fast").covered


@pytest.mark.parametrize(("text", "covered"), [
    ("The brochure claims restores finish in under fifteen minutes, and in my experience "
     "that's right.", True),
    ("People always ask if restores really finish in under fifteen minutes, and yes, they "
     "do.", True),
    ("The brochure claims restores finish in under fifteen minutes, which is true.", True),
    # not confirmed, or confirmed only to be denied
    ("The brochure claims restores finish in under fifteen minutes.", False),
    ("People ask if restores finish in under fifteen minutes, and they don't.", False),
    ("The brochure claims restores finish in under fifteen minutes, and that isn't right.",
     False),
    # only heard
    ("Restores finish in under fifteen minutes, or so I'm told.", False),
    ("Restores finish in under fifteen minutes, I hear.", False),
    ("Restores finish in under fifteen minutes, I promise.", True),
])
def test_a_claim_confirmed_or_only_heard(text: str, covered: bool) -> None:
    assert _fast(text) is covered
