"""Fit the coverage model (drills/scoring_model.json) on the tuning part of the eval set.

    .venv/bin/python bench/train_scoring_model.py [--lexical-only | --semantic-only]

For every message judgement of the tuning part (cases.yaml and the tuning half of
whisper.yaml) it takes the scorer's signals and the label, and fits two L2-regularised
logistic regressions by Newton's method: "semantic" (every signal) and "lexical" (no
embedding; used where the model package is absent). The held-out part is never read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from scoring_eval import load_cases  # noqa: E402

from drills.coverage_model import LEXICAL_FEATURES, MODEL_FILE, SEMANTIC_FEATURES  # noqa: E402
from drills.scoring import message_signals  # noqa: E402
from drills.transcript import Transcript  # noqa: E402

L2 = 1.0  # ridge on the coefficients (not the intercept)
# The threshold is chosen on the tuning part (best F1 of the semantic model); the
# "manager to check" band is the 0.2 either side of it, where the model is unsure, and
# always holds 0.3-0.7: a calibrated probability there is unsure whatever the threshold.
THRESHOLDS = (0.4, 0.425, 0.45, 0.475, 0.5, 0.55, 0.6, 0.65, 0.7)
F1_TOLERANCE = 0.002
CHECK_HALF_WIDTH = 0.2
UNSURE = (0.3, 0.7)


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * L2
    reg[-1, -1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg @ w
        hess = (xb.T * (p * (1 - p))) @ xb + reg + np.eye(len(w)) * 1e-9
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def main() -> None:
    # --lexical-only: refit the lexical model alone (no embedding model here); the
    # semantic model already in the file is kept as it is. --semantic-only: the other
    # way round (the lexical model's coefficients were accepted on the validation part;
    # the semantic one's must follow its features when they change)
    lexical_only = "--lexical-only" in sys.argv[1:]
    semantic_only = "--semantic-only" in sys.argv[1:]
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    cases = load_cases(part="tuning")
    for case, spec in cases:
        _, _, signals, encoder = message_signals(spec, Transcript.from_text(case["transcript"]),
                                                 semantic=not lexical_only)
        if encoder is None and not lexical_only:
            raise SystemExit("the embedding model is not installed (make semantic), "
                             "or pass --lexical-only")
        want = set(case.get("covered") or ())
        for point, sig in zip(spec.points, signals, strict=True):
            rows.append(sig.values())
            labels.append(int(point.id in want))
    y = np.array(labels, dtype=float)
    out: dict[str, object] = {
        "about": "Coverage model for drills/scoring/, fitted by bench/train_scoring_model.py "
        "on the tuning part of tests/drills/eval (never the held-out part).",
    }
    trained_on = {"cases": len(cases), "judgements": len(labels), "covered": int(y.sum())}
    shipped = json.loads(MODEL_FILE.read_text())
    for name, features in (("semantic", SEMANTIC_FEATURES), ("lexical", LEXICAL_FEATURES)):
        if (lexical_only and name == "semantic") or (semantic_only and name == "lexical"):
            out[name] = shipped[name]
            continue
        x = np.array([[r[f] for f in features] for r in rows])
        coef, intercept = _fit(x, y)
        p = 1.0 / (1.0 + np.exp(-(x @ coef + intercept)))
        f1s: dict[float, float] = {}
        for at in THRESHOLDS:
            pred = p >= at
            tp = int((pred & (y == 1)).sum())
            fp = int((pred & (y == 0)).sum())
            fn = int((~pred & (y == 1)).sum())
            f1s[at] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            print(f"{name}: covered at {at}: tuning F1 {f1s[at]:.3f} (tp {tp}, fp {fp}, fn {fn})")
        # the highest threshold within half a point of the best F1: fewer confident wrong
        # credits (at 0.45 a wrong figure, "from ten days to seven", scored 0.45)
        top = max(f1s.values())
        best_at = max(at for at, f1 in f1s.items() if f1 >= top - F1_TOLERANCE)
        chosen = {
            "covered_at": best_at,
            "check_band": [
                round(min(best_at - CHECK_HALF_WIDTH, UNSURE[0]), 2),
                round(max(min(best_at + CHECK_HALF_WIDTH, 0.95), UNSURE[1]), 2),
            ],
        }
        for f, c in zip(features, coef, strict=True):
            print(f"    {f:13s} {c:+.3f}")
        print(f"    {'intercept':13s} {intercept:+.3f}")
        out[name] = {
            "trained_on": trained_on,  # each model says what it was fitted on
            "features": list(features),
            "coef": [round(float(c), 4) for c in coef],
            "intercept": round(intercept, 4),
            **chosen,
        }
    MODEL_FILE.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
