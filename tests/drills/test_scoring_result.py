"""The typed stored result: what the scorer writes validates back field for field, older
results (without the newer keys) validate with defaults, a broken one is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drills.errors import InvalidInput
from drills.scoring import score_transcript, spec_from_playbook_dict, stored_result
from drills.transcript import Transcript, Word

EVAL = Path(__file__).parent / "eval"


def test_what_the_scorer_writes_validates_back_unchanged() -> None:
    spec = spec_from_playbook_dict(yaml.safe_load((EVAL / "ledgerly-close.yaml").read_text()),
                                   "cfo-elevator")
    text = ("Ledgerly cuts the month-end close from ten days to three. Um, we used to sell "
            "per-seat pricing. Payback, maybe, in six months?")
    words = [Word(w, 0.5 + i * 0.4, 0.8 + i * 0.4, 0.9) for i, w in enumerate(text.split())]
    written = score_transcript(spec, Transcript.from_words(words, duration_s=12.0)
                               ).to_json_dict()
    typed = stored_result(written)
    assert typed.model_dump(mode="json") == written
    close = typed.message("fast-close")
    assert close is not None and close.covered and close.start == 0.5
    assert typed.message("nope") is None


def test_an_older_result_validates_with_defaults() -> None:
    old = {"score": 50, "messages": [{"id": "a", "covered": True, "confidence": 0.9,
                                      "evidence": "said", "start": None, "end": None,
                                      "missed_reason": None, "weight": 1.0}]}
    typed = stored_result(old)
    assert typed.score == 50 and typed.messages[0].check is False
    assert typed.messages[0].learned is None and typed.notes == () and typed.sure_score is None
    assert typed.delivery.duration_ok is None
    assert stored_result(None).messages == ()


def test_a_broken_result_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match=r"unreadable at messages\.0\.covered"):
        stored_result({"messages": [{"id": "a", "covered": "perhaps"}]})
