"""Shared by the scoring tests that judge their own sentences: whether a message counts as
covered, against a spec of the test's own or an eval playbook (tests/drills/eval/), on the
lexical model (the product's default and the one the eval's floors are set on)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from drills.scoring import ScoringSpec, score_transcript, spec_from_playbook_dict
from drills.transcript import Transcript

EVAL = Path(__file__).parent / "eval"


@cache
def eval_spec(playbook: str, pitch: str | None = None) -> ScoringSpec:
    """An eval playbook's spec for `pitch` (every message where None), read once."""
    return spec_from_playbook_dict(
        yaml.safe_load((EVAL / f"{playbook}.yaml").read_text()), pitch)


def judged_covered(spec: ScoringSpec, message: str, text: str) -> bool:
    """Whether `text` covers the message `message` of `spec`."""
    result = score_transcript(spec, Transcript.from_text(text), semantic=False)
    return next(m.covered for m in result.messages if m.id == message)


def covered(playbook: str, pitch: str | None, message: str, text: str) -> bool:
    """Whether `text` covers `message` of an eval playbook's `pitch`."""
    return judged_covered(eval_spec(playbook, pitch), message, text)
