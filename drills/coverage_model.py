"""The calibrated model that turns a message's signals into "covered" and a confidence.

The signals (drills/scoring/) are the lexical overlap of the best clean window, the
best overlap of a window that negates or distances the claim, the sentence-embedding
cosine of the best clean window and of the best negated/framed one, and whether that
window's numbers agree with the message's. A logistic regression weighs them; its
coefficients are data (`scoring_model.json`, next to this file), fitted on the tuning
part of the evaluation set by `bench/train_scoring_model.py`, never hand-set here.

Two models ship: "semantic" (every signal) and "lexical" (no embedding), used when the
embedding model is not installed, so scoring degrades rather than breaks.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("scoring_model.json")

SEMANTIC_FEATURES = (
    "lex",  # best lexical coverage (0..1) of a window that asserts the message
    "lex_bad",  # best lexical coverage of a window that negates or distances it
    "cos",  # best embedding cosine of a clean window (not framed, negation-compatible)
    "cos_hi",  # max(0, cos - 0.5): the part of the cosine that says "same claim"
    "cos_bad",  # best cosine of a framed or negation-incompatible window
    "lex_cos",  # lex x cos: shared words AND the same meaning (keyword traps have one)
    "num_match",  # the best-cosine window says one of the message's numbers
    "num_conflict",  # ... or only other numbers, where the message has some
    "num_missing",  # ... or no number at all, where the message has some
    "kw",  # share of the playbook's keyword terms said in one clean window
    "head",  # a short plain clause made of the message's own words (terse speech, lists)
    "outcome",  # a clause tells the kind of outcome the message claims (scoring.outcomes)
    "kw_only",  # the best lexical match says only the message's key terms, not its claim
    "change",  # a before/after contrast told about the message's topic (change_signal)
    "figure",  # one of the message's own figures said plainly (scoring.figures)
)
LEXICAL_FEATURES = ("lex", "lex_bad", "kw", "head", "outcome", "kw_only", "change", "figure")


@dataclass(frozen=True, slots=True)
class LogisticModel:
    name: str
    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    covered_at: float = 0.5  # probability at or above which a message counts as covered
    check_band: tuple[float, float] = (0.3, 0.7)  # [lo, hi): "manager to check"

    def probability(self, signals: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            c * float(signals.get(f, 0.0)) for f, c in zip(self.features, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class CoverageModels:
    semantic: LogisticModel
    lexical: LogisticModel


def _model(name: str, d: Mapping[str, Any], default: Sequence[str]) -> LogisticModel:
    features = tuple(str(f) for f in d.get("features", default))
    coef = tuple(float(c) for c in d["coef"])
    if len(coef) != len(features):
        raise ValueError(f"{MODEL_FILE.name}: {name} has {len(coef)} coefficients")
    lo, hi = d.get("check_band", (0.3, 0.7))
    return LogisticModel(
        name,
        features,
        coef,
        float(d["intercept"]),
        covered_at=float(d.get("covered_at", 0.5)),
        check_band=(float(lo), float(hi)),
    )


@lru_cache(maxsize=1)
def load_models() -> CoverageModels:
    """The shipped models (read once per process)."""
    data = json.loads(MODEL_FILE.read_text())
    return CoverageModels(
        semantic=_model("semantic", data["semantic"], SEMANTIC_FEATURES),
        lexical=_model("lexical", data["lexical"], LEXICAL_FEATURES),
    )
