"""Evaluate transcript scoring against the labelled set in tests/drills/eval/.

    .venv/bin/python bench/scoring_eval.py [--verbose] [--runs 300]

The set has two parts, split once and kept apart:

* tuning: cases.yaml and tuning-*.yaml, plus the tuning half of whisper.yaml, whisper-extra.yaml and
  whisper-phrases.yaml (forbidden/retired phrases as Whisper writes them). Rules
  and the coverage model's coefficients (bench/train_scoring_model.py) are chosen on
  this part only.
* validation: validation*.yaml, each written by another hand at the same time as a
  tuning batch (validation.yaml with tuning-2.yaml, and so on) and kept from whoever
  changes the scorer. It says whether a change made on the tuning part holds on wording
  its author never saw, so it is used to accept or reject changes and never to fit them;
  having been looked at that way, it is reported apart from the held-out part. Its
  errors are listed only with --show-validation-errors.
* held-out: heldout*.yaml (heldout-2 to -7 are later batches, each on playbooks of
  their own) and the held-out half of whisper.yaml, each written before any tuning on
  it. Its errors are listed only with --show-heldout-errors, so tuning cannot lean on
  them by accident.

For each part it prints message-coverage precision/recall/F1 (per message judgement),
forbidden/retired phrase precision/recall, the same per family of speech, a reliability
table of the coverage confidence, and then the time to score a two-minute transcript
(~300 words) against 12 messages (median and p95) and the embedding model's memory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drills.embedding import get_encoder  # noqa: E402
from drills.scoring import (  # noqa: E402
    PointSpec,
    ScoringSpec,
    _compile,
    score_transcript,
    spec_from_playbook_dict,
)
from drills.transcript import Transcript  # noqa: E402

EVAL_DIR = ROOT / "tests" / "drills" / "eval"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    coverage: Counts = field(default_factory=Counts)
    phrases: Counts = field(default_factory=Counts)
    cases: int = 0
    judgements: int = 0
    correct_cases: int = 0
    errors: list[str] = field(default_factory=list)
    by_tag: dict[str, list[int]] = field(default_factory=dict)  # tag -> [right, total]
    by_family: dict[str, Counts] = field(default_factory=dict)  # coverage per family
    phrases_by_family: dict[str, Counts] = field(default_factory=dict)
    by_file: dict[str, tuple[Counts, Counts]] = field(default_factory=dict)  # coverage, phrases
    # (confidence, judged covered, truly covered) per message judgement
    judged: list[tuple[float, bool, bool]] = field(default_factory=list)


PARTS = ("tuning", "validation", "heldout")
# The case files of each part; whisper*.yaml files split theirs case by case ("split").
_PART_FILES = {
    "tuning": ("cases.yaml", "tuning-*.yaml"),
    "validation": ("validation*.yaml",),
    "heldout": ("heldout*.yaml",),
}


def part_cases(part: str, folder: Path = EVAL_DIR) -> list[dict[str, Any]]:
    """The labelled cases of one part ("tuning", "validation", "heldout" or "all")."""
    if part == "all":
        return [c for p in PARTS for c in part_cases(p, folder)]
    mains = [f for pattern in _PART_FILES[part] for f in sorted(folder.glob(pattern))]
    cases = []
    for main in mains:  # cases.yaml, tuning-2.yaml, ...; heldout.yaml, heldout-2.yaml, ...
        cases += [{**c, "file": main.name} for c in yaml.safe_load(main.read_text())["cases"]]
    for whisper in sorted(folder.glob("whisper*.yaml")):  # whisper.yaml, whisper-extra.yaml
        cases += [{**c, "file": whisper.name} for c in yaml.safe_load(whisper.read_text())["cases"]
                  if c["split"] == part]
    return cases


def load_cases(
    folder: Path = EVAL_DIR, part: str = "tuning"
) -> list[tuple[dict[str, Any], ScoringSpec]]:
    """Each labelled case of a part with the ScoringSpec it is judged against."""
    playbooks: dict[str, dict[str, Any]] = {}
    out = []
    for case in part_cases(part, folder):
        name = case["playbook"]
        if name not in playbooks:
            playbooks[name] = yaml.safe_load((folder / name).read_text())
        out.append((case, spec_from_playbook_dict(playbooks[name], case.get("pitch"))))
    return out


def evaluate(
    folder: Path = EVAL_DIR, part: str = "tuning", *, semantic: bool = True
) -> EvalReport:
    report = EvalReport()
    for case, spec in load_cases(folder, part):
        transcript = Transcript.from_text(case["transcript"])
        result = score_transcript(spec, transcript, semantic=semantic)
        expected = set(case.get("covered") or ())
        family = str(case.get("family") or "other")
        fam = report.by_family.setdefault(family, Counts())
        fam_p = report.phrases_by_family.setdefault(family, Counts())
        file_c, file_p = report.by_file.setdefault(str(case.get("file")), (Counts(), Counts()))
        ok = True
        for m in result.messages:
            report.judgements += 1
            want = m.id in expected
            report.judged.append((m.confidence, m.covered, want))
            fam.tp += m.covered and want
            fam.fp += m.covered and not want
            fam.fn += want and not m.covered
            file_c.tp += m.covered and want
            file_c.fp += m.covered and not want
            file_c.fn += want and not m.covered
            if m.covered and want:
                report.coverage.tp += 1
            elif m.covered:
                report.coverage.fp += 1
                ok = False
                report.errors.append(
                    f"{case['id']}: {m.id} covered (false positive) "
                    f"conf={m.confidence} by {m.evidence!r}"
                )
            elif want:
                report.coverage.fn += 1
                ok = False
                report.errors.append(
                    f"{case['id']}: {m.id} missed ({m.missed_reason}) "
                    f"conf={m.confidence} best={m.evidence!r}"
                )
        for kind in ("forbidden", "retired"):
            want_p = set(case.get(kind) or ())
            got_p = {h.phrase for h in getattr(result, kind)}
            report.phrases.tp += len(want_p & got_p)
            report.phrases.fp += len(got_p - want_p)
            report.phrases.fn += len(want_p - got_p)
            fam_p.tp += len(want_p & got_p)
            fam_p.fp += len(got_p - want_p)
            fam_p.fn += len(want_p - got_p)
            file_p.tp += len(want_p & got_p)
            file_p.fp += len(got_p - want_p)
            file_p.fn += len(want_p - got_p)
            for p in sorted(got_p ^ want_p):
                ok = False
                what = "false alarm" if p in got_p else "missed"
                report.errors.append(f"{case['id']}: {kind} {p!r} {what}")
        report.cases += 1
        report.correct_cases += ok
        for tag in case.get("tags") or ():
            right_total = report.by_tag.setdefault(tag, [0, 0])
            right_total[0] += ok
            right_total[1] += 1
    return report


def _timing_spec() -> ScoringSpec:
    """12 messages: both eval playbooks plus two extra, as one module."""
    points: list[PointSpec] = []
    forbidden: list[tuple[str, str]] = []
    retired: list[tuple[str, str | None]] = []
    for name in ("ledgerly-close.yaml", "harborguard.yaml"):
        spec = spec_from_playbook_dict(yaml.safe_load((EVAL_DIR / name).read_text()))
        points += spec.points
        forbidden += spec.forbidden
        retired += spec.retired
    points += [
        PointSpec(
            "onboarding",
            "New customers are live within two weeks of signing.",
            ("up and running in fourteen days",),
            ("two weeks",),
        ),
        PointSpec(
            "support",
            "A named engineer answers support tickets within an hour.",
            ("real engineer replies in under an hour",),
            ("support",),
        ),
    ]
    assert len(points) == 12
    return ScoringSpec("timing", 1, None, tuple(points), tuple(forbidden), tuple(retired))


def _two_minute_transcript(cases: Iterable[dict[str, Any]]) -> Transcript:
    words: list[str] = []
    for case in cases:
        words += case["transcript"].split()
        if len(words) >= 300:
            break
    return Transcript.from_text(" ".join(words[:300]))


def _stats(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def time_scoring(runs: int = 300) -> dict[str, float]:
    """Time one 300-word transcript against 12 messages, every signal on.

    "fresh": the encoder's text cache is emptied before each run, so every clause is
    embedded again (a new attempt). "cached": the clause embeddings are reused (the same
    attempt scored again, e.g. on a new playbook version). The playbook's own phrases are
    embedded once per spec in both."""
    spec = _timing_spec()
    transcript = _two_minute_transcript(c for c, _ in load_cases(part="tuning"))
    _compile.cache_clear()
    encoder = get_encoder()
    load_s = encoder.load_seconds if encoder is not None else 0.0
    t0 = time.perf_counter()
    score_transcript(spec, transcript)  # cold: compiles the spec, embeds its phrases
    cold = (time.perf_counter() - t0) * 1000
    cached, fresh = [], []
    for i in range(runs):
        if encoder is not None and i % 5 == 0:  # fewer fresh runs: each costs ~10x
            encoder.clear_cache()
            t0 = time.perf_counter()
            score_transcript(spec, transcript)
            fresh.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        score_transcript(spec, transcript)
        cached.append((time.perf_counter() - t0) * 1000)
    lexical = []
    for _ in range(max(10, runs // 5)):
        t0 = time.perf_counter()
        score_transcript(spec, transcript, semantic=False)
        lexical.append((time.perf_counter() - t0) * 1000)
    out = {
        "words": float(len(transcript.words)),
        "messages": float(len(spec.points)),
        "cold_ms": cold,
        "load_s": load_s,
        "model_mb": (encoder.nbytes / 1e6) if encoder is not None else 0.0,
    }
    out["median_ms"], out["p95_ms"] = _stats(cached)
    out["lexical_median_ms"], out["lexical_p95_ms"] = _stats(lexical)
    if fresh:
        out["fresh_median_ms"], out["fresh_p95_ms"] = _stats(fresh)
    return out


def _reliability(judged: list[tuple[float, bool, bool]]) -> list[str]:
    """Confidence bins: how many judgements, and how often the message was truly said."""
    rows = []
    for lo, hi in ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)):
        inside = [truth for conf, _, truth in judged if lo <= conf < hi]
        if inside:
            rows.append(
                f"    confidence {lo:.1f}-{min(hi, 1.0):.1f}: {len(inside):4d} judgements, "
                f"truly covered {sum(inside) / len(inside):.2f}"
            )
    return rows


def print_part(name: str, r: EvalReport, show_errors: bool) -> None:
    c, p = r.coverage, r.phrases
    print(f"== {name}: {r.cases} cases ({r.correct_cases} fully right), {r.judgements} judgements")
    print(
        f"coverage: precision {c.precision:.3f}  recall {c.recall:.3f}  F1 {c.f1:.3f}  "
        f"(tp {c.tp}, fp {c.fp}, fn {c.fn})"
    )
    print(
        f"phrases (forbidden+retired): precision {p.precision:.3f}  recall {p.recall:.3f}  "
        f"(tp {p.tp}, fp {p.fp}, fn {p.fn})"
    )
    print("by family (coverage P/R/F1, then phrases P/R where the family has any):")
    for fam in sorted(r.by_family):
        fc, fp = r.by_family[fam], r.phrases_by_family[fam]
        line = (
            f"    {fam:16s} P {fc.precision:.2f} R {fc.recall:.2f} F1 {fc.f1:.2f} "
            f"(tp {fc.tp}, fp {fc.fp}, fn {fc.fn})"
        )
        if fp.tp + fp.fp + fp.fn:
            line += f"   phrases P {fp.precision:.2f} R {fp.recall:.2f}"
        print(line)
    print("by file (coverage P/R/F1, phrases P/R):")
    for name in sorted(r.by_file):
        fc, fp = r.by_file[name]
        print(f"    {name:20s} P {fc.precision:.2f} R {fc.recall:.2f} F1 {fc.f1:.2f} "
              f"(tp {fc.tp}, fp {fc.fp}, fn {fc.fn})   phrases P {fp.precision:.2f} "
              f"R {fp.recall:.2f}")
    print("reliability (coverage confidence vs truth):")
    for row in _reliability(r.judged):
        print(row)
    if show_errors:
        print("errors:" if r.errors else "errors: none")
        for e in r.errors:
            print("  " + e)
    else:
        print(f"errors: {len(r.errors)} (not listed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list tuning errors")
    parser.add_argument(
        "--show-heldout-errors", action="store_true", help="list held-out errors (not for tuning)"
    )
    parser.add_argument(
        "--show-validation-errors", action="store_true",
        help="list validation errors (for the lead deciding on a change, not for tuning)",
    )
    parser.add_argument("--runs", type=int, default=300, help="timing runs")
    args = parser.parse_args()

    print_part("tuning", evaluate(part="tuning"), args.verbose)
    validation = evaluate(part="validation")
    if validation.cases:
        print_part("validation", validation, args.show_validation_errors)
    print_part("held-out", evaluate(part="heldout"), args.show_heldout_errors)
    for part in PARTS:
        if not part_cases(part):
            continue
        c = evaluate(part=part, semantic=False).coverage
        print(
            f"without the embedding model (lexical model), {part}: coverage precision "
            f"{c.precision:.3f}  recall {c.recall:.3f}  F1 {c.f1:.3f}"
        )
    t = time_scoring(args.runs)
    head = f"timing: {int(t['words'])} words x {int(t['messages'])} messages"
    if t["model_mb"]:
        print(
            f"{head}, every signal, clause embeddings cached: median {t['median_ms']:.1f} ms, "
            f"p95 {t['p95_ms']:.1f} ms ({args.runs} runs)"
        )
        print(
            f"{head}, every signal, clauses embedded afresh: median "
            f"{t['fresh_median_ms']:.1f} ms, p95 {t['fresh_p95_ms']:.1f} ms"
        )
        print(
            f"embedding model: all-MiniLM-L6-v2 (numpy), weights {t['model_mb']:.1f} MB, "
            f"loaded once in {t['load_s']:.2f} s; first call incl. spec compile and "
            f"phrase embeddings {t['cold_ms']:.0f} ms"
        )
    else:
        print("embedding model: NOT INSTALLED (lexical scoring only; `make semantic` installs it)")
    print(
        f"{head}, lexical signals only: median {t['lexical_median_ms']:.1f} ms, "
        f"p95 {t['lexical_p95_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
