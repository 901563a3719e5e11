"""The labelled evaluation set (tests/drills/eval/) must keep scoring well: a change to
the scorer that loses coverage F1 or phrase detection fails here. Figures and the list
of errors: `.venv/bin/python bench/scoring_eval.py`.

The held-out part is checked for shape and for a floor only: its figures are reported,
never tuned on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import yaml

from drills.scoring import spec_from_playbook_dict

ROOT = Path(__file__).resolve().parents[2]
EVAL = Path(__file__).parent / "eval"

# Floors, raised as the scorer improves (the figures themselves are in the commit log).
# The tuning part took in tuning-2.yaml on 5 Dec, a fresh batch by another hand, before
# any rule was written for it: 0.967 -> 0.946 that day (tuning-2.yaml alone 0.82), then
# 0.958 after that day's rules. tuning-3.yaml (two more playbooks, outcome-heavy, another
# hand) joined on 5 Dec evening before any rule was written for it: 0.958 -> 0.938
# (tuning-3.yaml alone 0.75); 0.971 after that evening's outcome, framing and figure work.
# tuning-5.yaml (schoolhop, kegtrack and four older playbooks, outcome-heavy, a fourth
# hand) joined on 6 Dec before any rule was written for it: 0.971 -> 0.947 (alone 0.75);
# 0.964 after the outcome work on it (alone 0.89; validation 0.870 -> 0.874), 0.973 with
# the units, framing and phrase work merged (alone 0.91; validation 0.876).
# tuning-6.yaml (vinedrip, hivecount and two older playbooks, a sixth hand) joined at stop 25
# before any rule was written for it: 0.976 -> 0.958 (alone 0.80); 0.971 after that stop's
# precision, outcome, phrase and forms work (alone 0.93; validation 0.878 -> 0.882).
# tuning-7.yaml (tidelog, storenest and two older playbooks, an eighth hand) and
# tuning-8.yaml (phrase-focused, spincount and two of those, a tenth hand) joined at stop 26
# before any rule was written for them: tuning-7 alone 0.74, tuning-8 alone 0.83 (phrases
# 0.74/0.74); 0.97 and 0.92 (phrases 1.00/0.96) after that stop's work, the part 0.970
# (validation 0.882 -> 0.888).
# tuning-9.yaml (doughplan and pistecast, phrase- and outcome-heavy, an eleventh hand)
# joined at stop 27 before any rule was written for it: alone 0.80 (phrases 0.80/0.67),
# the part 0.970 -> 0.960; 0.90 (phrases 1.00/1.00) after that stop's work, the part 0.966
# (validation 0.888, unchanged).
TUNING_F1 = 0.96
# The validation part (validation*.yaml): kept from whoever changes the scorer, used to
# accept or reject a change. 0.886 when written, 0.899 at the end of 5 Dec; with
# validation-2.yaml (written with tuning-3, outcome-heavy) 0.824; with validation-3.yaml
# (phrase-focused) 0.864; 0.885 after that evening's work. validation-4.yaml (35 cases, two
# more playbooks, ratecheck and keyward, a fifth hand, the mix of speech) joined
# unseen on 6 Dec: 0.80 alone, 0.870 together.
VALIDATION_F1 = 0.87
# The held-out part as a whole (heldout*.yaml and the held-out Whisper cases). On 5 Dec:
# heldout.yaml F1 0.94, the held-out Whisper cases 0.74, heldout-2.yaml (written that day
# on three playbooks no rule was written for) 0.77; together 0.87 (0.88 at the end of 5 Dec).
# heldout-3.yaml (66 cases, two more playbooks, a third hand, the mix of speech)
# joined that evening, unseen by anyone who changes the scorer: 0.85 alone, 0.867 together;
# 0.87 alone and 0.893 together after that evening's work. heldout-4.yaml (60 cases on
# two more playbooks, sunbid and roomready, a fifth hand, outcome-heavy) was written on
# 6 Dec and kept out of every tree the scorer was changed in until that day's work was
# merged: 0.72 alone on the scorer of that morning (0.860 together), 0.75 after it (0.872).
# heldout-5.yaml (57 cases on two more playbooks, chillmark and laneready, a seventh hand,
# the mix of speech) was written at stop 25 and kept out of every tree the scorer
# was changed in until that stop's work was merged: 0.70 alone on the scorer of that
# stop's start (0.842 together), 0.74 after it (0.849). heldout-6.yaml (60 cases on two
# more playbooks, liftwatch and poolsense, a ninth hand, the mix of speech) was
# written at stop 26 and kept out of every tree the scorer was changed in until that stop's
# work was merged: 0.71 alone on the scorer of that stop's start (0.829 together) and 0.71
# after it (0.824 together: the stop's rules, gated on tuning and validation, lost five
# held-out true positives elsewhere). The floor came down with the harder batch.
# heldout-7.yaml (60 cases on kilnwise and tenantloop, a twelfth hand) was written at stop
# 27 and kept out of every tree the scorer was changed in until that stop's work was
# merged: 0.77 alone before and after it (phrases 0.60/0.60 both), the part 0.817 -> 0.818.
HELDOUT_F1 = 0.81
# Phrases (forbidden+retired, tuning part): 0.963/0.956 with tuning-4.yaml (phrase-focused,
# another hand) on 5 Dec, 1.000/0.960 after that day's phrase framing work.
PHRASE_PR = 0.95


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
    bench = _bench()
    tuning, heldout = bench.part_cases("tuning"), bench.part_cases("heldout")
    validation = bench.part_cases("validation")
    cases = tuning + validation + heldout
    assert len(cases) >= 200
    assert len(heldout) >= 60
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["playbook"] for c in cases}) >= 4
    assert sum(c.get("family") == "whisper" for c in cases) >= 30
    # the same transcript never sits in two parts
    texts = [{c["transcript"] for c in part} for part in (tuning, validation, heldout)]
    assert not (texts[0] & texts[1] or texts[0] & texts[2] or texts[1] & texts[2])
    for c in cases:
        assert c.get("family"), c["id"]
        pb = yaml.safe_load((EVAL / c["playbook"]).read_text())
        spec = spec_from_playbook_dict(pb, c.get("pitch"))
        ids = {p.id for p in spec.points}
        assert set(c.get("covered") or ()) <= ids, c["id"]
        assert set(c.get("forbidden") or ()) <= {f for f, _ in spec.forbidden}, c["id"]
        assert set(c.get("retired") or ()) <= {r for r, _ in spec.retired}, c["id"]
    families = {c["family"] for c in cases}
    assert {
        "paraphrase", "outcome", "units", "framing", "clause-negation", "trap", "asr",
        "list", "phrase", "whisper",
    } <= families  # fmt: skip


def test_eval_coverage_f1_and_phrase_detection() -> None:
    bench = _bench()
    report = bench.evaluate(part="tuning")
    errors = "\n".join(report.errors)
    assert report.coverage.f1 >= TUNING_F1, errors
    assert report.phrases.precision >= PHRASE_PR, errors
    assert report.phrases.recall >= PHRASE_PR, errors


def test_validation_part_stays_above_its_floor() -> None:
    report = _bench().evaluate(part="validation")
    assert report.cases >= 50
    assert report.coverage.f1 >= VALIDATION_F1  # errors deliberately not shown


def test_heldout_part_stays_above_its_floor() -> None:
    report = _bench().evaluate(part="heldout")
    assert report.coverage.f1 >= HELDOUT_F1  # errors deliberately not shown
