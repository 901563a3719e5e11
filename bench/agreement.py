"""Machine-manager agreement, before and after the scorer learns from manager decisions.

    .venv/bin/python bench/agreement.py [--history 0.6] [--semantic]

Replays a history of decisions in time order. Each labelled transcript of the
evaluation set (tests/drills/eval/, both parts, in file order, one a day) stands for a
scored attempt that a manager then decided: the labels are the manager's judgements,
so every disagreement with the machine is an override. The first `--history` share of
the days only teaches; the later decisions are held back and each is judged twice:

* before learning: by the shipped scorer alone;
* after learning: with every decision made before that day (drills.scoring.learning:
  per-message recalibration and the overridden phrasings, per module version).

It prints the agreement (share of per-message judgements where machine and manager
agree) on the held-back decisions both ways, how many judgements learning changed and
how many of those changes were right. No threshold or rule is chosen here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from scoring_eval import load_cases  # noqa: E402

from drills.scoring import ScoreResult, score_transcript  # noqa: E402
from drills.scoring.learning import ManagerExample, learn  # noqa: E402
from drills.transcript import Transcript  # noqa: E402

START = date(2026, 9, 1)


@dataclass
class Tally:
    judgements: int = 0
    agree: int = 0

    def add(self, result: ScoreResult, manager: set[str]) -> None:
        for m in result.messages:
            self.judgements += 1
            self.agree += m.covered == (m.id in manager)

    @property
    def rate(self) -> float:
        return self.agree / self.judgements if self.judgements else 1.0


def examples_of(result: ScoreResult, manager: set[str], day: date) -> list[ManagerExample]:
    """A manager's decision on a scored attempt, as the scorer learns from it."""
    return [
        ManagerExample(
            message_id=m.id,
            covered=m.id in manager,
            machine_covered=m.covered,
            confidence=m.confidence,
            text=m.evidence if m.covered else (m.closest or m.evidence),
            decided_on=day,
        )
        for m in result.messages
    ]


def replay(history_share: float, *, semantic: bool, part: str = "all",
           verbose: bool = False) -> dict[str, float]:
    cases = load_cases(part=part)
    cut = int(len(cases) * history_share)
    decided: dict[tuple[str, int], list[ManagerExample]] = {}
    before, after = Tally(), Tally()
    changed = changed_right = overrides = 0
    for i, (case, spec) in enumerate(cases):
        day = START + timedelta(days=i)
        manager = set(case.get("covered") or ())
        transcript = Transcript.from_text(case["transcript"])
        key = (spec.module, spec.version)
        plain = score_transcript(spec, transcript, semantic=semantic)
        if i >= cut:
            learned = learn(decided.get(key, []))
            taught = score_transcript(spec, transcript, semantic=semantic, learned=learned)
            before.add(plain, manager)
            after.add(taught, manager)
            for a, b in zip(plain.messages, taught.messages, strict=True):
                if a.covered != b.covered:
                    changed += 1
                    changed_right += b.covered == (b.id in manager)
                    if verbose:
                        print(f"  {case['id']} {b.id}: {a.covered}->{b.covered} "
                              f"({'right' if b.covered == (b.id in manager) else 'WRONG'}) "
                              f"{b.learned}")
        # the manager decides the attempt as the machine scored it that day
        shown = plain if i < cut else taught
        examples = examples_of(shown, manager, day)
        overrides += sum(e.overridden for e in examples)
        decided.setdefault(key, []).extend(examples)
    return {
        "cases": len(cases),
        "history": cut,
        "held_back": len(cases) - cut,
        "overrides": overrides,
        "before": before.rate,
        "after": after.rate,
        "judgements": before.judgements,
        "changed": changed,
        "changed_right": changed_right,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=float, default=0.6,
                        help="share of the decisions that only teach (default 0.6)")
    parser.add_argument("--semantic", action="store_true",
                        help="with the embedding model, where installed")
    parser.add_argument("--part", default="all", choices=("all", "tuning", "heldout"),
                        help="which labelled cases to replay (default: all)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list each judgement learning changed")
    args = parser.parse_args()
    r = replay(args.history, semantic=args.semantic, part=args.part, verbose=args.verbose)
    print(f"decisions: {r['cases']} scored attempts in time order, one a day; the first "
          f"{r['history']} only teach, the later {r['held_back']} are held back "
          f"({r['judgements']:.0f} per-message judgements); {r['overrides']} overrides in all")
    print(f"agreement on held-back later decisions, before learning: {r['before']:.1%}")
    print(f"agreement on held-back later decisions, after learning:  {r['after']:.1%}")
    right = r["changed_right"]
    print(f"learning changed {r['changed']:.0f} judgements, {right:.0f} of them to agree "
          f"with the manager")


if __name__ == "__main__":
    main()
