"""The labelled evaluation set (tests/drills/eval/) must keep scoring well: a change to
the scorer that loses coverage F1 or phrase detection fails here. Figures and the list
of errors: `.venv/bin/python bench/scoring_eval.py`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import yaml

from drills.scoring import spec_from_playbook_dict

ROOT = Path(__file__).resolve().parents[2]
EVAL = Path(__file__).parent / "eval"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "scoring_eval", ROOT / "bench" / "scoring_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scoring_eval", module)
    spec.loader.exec_module(module)
    return module


def test_eval_set_is_well_formed() -> None:
    cases = yaml.safe_load((EVAL / "cases.yaml").read_text())["cases"]
    assert len(cases) >= 40
    assert len({c["id"] for c in cases}) == len(cases)
    playbooks = {c["playbook"] for c in cases}
    assert len(playbooks) >= 2
    for c in cases:
        pb = yaml.safe_load((EVAL / c["playbook"]).read_text())
        spec = spec_from_playbook_dict(pb, c.get("pitch"))
        ids = {p.id for p in spec.points}
        assert set(c.get("covered") or ()) <= ids, c["id"]
        assert set(c.get("forbidden") or ()) <= {f for f, _ in spec.forbidden}, c["id"]
        assert set(c.get("retired") or ()) <= {r for r, _ in spec.retired}, c["id"]
    tags = {t for c in cases for t in c.get("tags") or ()}
    assert {"paraphrase", "negation", "trap", "asr", "numbers"} <= tags


def test_eval_coverage_f1_and_phrase_detection() -> None:
    report = _bench().evaluate()
    errors = "\n".join(report.errors)
    assert report.coverage.f1 >= 0.90, errors
    assert report.phrases.precision >= 0.90, errors
    assert report.phrases.recall >= 0.90, errors
