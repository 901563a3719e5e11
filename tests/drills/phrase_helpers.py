"""Shared by the phrase-framing tests: whether a forbidden or retired phrase counts as said."""

from __future__ import annotations

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript


def phrase_said(kind: str, phrase: str, text: str) -> bool:
    """Whether `text` says `phrase` (a playbook's `kind`: forbidden or retired) as the
    rep's own claim, in a one-message spec."""
    banned = ((phrase, None),)
    spec = ScoringSpec(
        module="m", version=1, pitch=None,
        points=(PointSpec(id="a", statement="Backups run every night."),),
        forbidden=banned if kind == "forbidden" else (),
        retired=banned if kind == "retired" else (),
    )
    result = score_transcript(spec, Transcript.from_text(text))
    return bool(result.forbidden if kind == "forbidden" else result.retired)
