"""Precision of forbidden and retired phrases on wording the frames had not met: whose
words a phrase is (drills.scoring.phrases), and what the rep does with it
(drills.scoring.phrase_framing). Sentences written for these mechanisms, positive and
negative, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript


def _said(kind: str, phrase: str, text: str) -> bool:
    banned = ((phrase, None),)
    spec = ScoringSpec(
        module="m", version=1, pitch=None,
        points=(PointSpec(id="a", statement="Backups run every night."),),
        forbidden=banned if kind == "forbidden" else (),
        retired=banned if kind == "retired" else (),
    )
    result = score_transcript(spec, Transcript.from_text(text))
    return bool(result.forbidden if kind == "forbidden" else result.retired)


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # another subject is another claim, however close the letters
    ("we know people at customs", "Some brokers hint that they know people at customs.",
     False),
    ("we know people at customs", "So, do you know people at customs, she asked.", False),
    ("you can fire your accountant", "With this they can fire their accountant.", False),
    # the same subject, in another number, or a possessive changed: the same claim
    ("we know people at customs", "I know people at customs, trust me.", True),
    ("we know people at customs", "Between us, we know people at customs.", True),
    ("replaces your adjusters", "It replaces the adjusters entirely.", True),
    ("you can fire your accountant", "Honestly, you can fire your accountant.", True),
])
def test_a_phrase_with_a_subject_pronoun_needs_that_subject(
        phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said
