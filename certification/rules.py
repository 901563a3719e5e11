"""Certification rules and how far a rep is from meeting them (pure functions).

A rule comes from a published playbook's `certification:` block (with product defaults):
drills recalled at the retention target, the best score on every pitch at the pitch score,
and, when asked, a manager's sign-off. A renewal (`focus`) asks only about the messages a
new version changed: their drills and one pitch that covers them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from drills.playbook_format import Playbook


@dataclass(frozen=True)
class Criterion:
    """One rubric criterion a manager scores: the id forms and the API use, the label
    people read."""

    id: str
    label: str


# The product's criteria, for a playbook without `certification.rubric`.
DEFAULT_RUBRIC = (Criterion("message_accuracy", "Message accuracy"),
                  Criterion("clarity", "Clarity"), Criterion("confidence", "Confidence"),
                  Criterion("objection_handling", "Objection handling"))
RUBRIC_LABELS = {c.id: c.label for c in DEFAULT_RUBRIC}
RUBRIC_MIN, RUBRIC_MAX = 1, 5

# Sign-off, as the rules see it.
SIGNOFF_NONE = "none"  # nothing submitted yet
SIGNOFF_PENDING = "pending"
SIGNOFF_APPROVED = "approved"
SIGNOFF_RETURNED = "returned"


@dataclass(frozen=True)
class PitchRule:
    id: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """The thresholds of one module version."""

    drill_retention: float
    pitch_score: int
    manager_signoff: bool
    valid_days: int
    pitches: tuple[PitchRule, ...]
    messages: tuple[str, ...]
    rubric: tuple[Criterion, ...] = DEFAULT_RUBRIC

    @property
    def rubric_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.rubric)

    def to_json(self) -> dict[str, Any]:
        return {"drill_retention": self.drill_retention, "pitch_score": self.pitch_score,
                "manager_signoff": self.manager_signoff, "valid_days": self.valid_days,
                "pitches": [{"id": p.id, "messages": list(p.messages)} for p in self.pitches],
                "messages": list(self.messages),
                "rubric": [{"id": c.id, "label": c.label} for c in self.rubric]}


def rule_from_playbook(playbook: Playbook) -> Rule:
    """The rule a published playbook certifies against."""
    cert = playbook.certification
    all_ids = tuple(m.id for m in playbook.messages)
    pitches = tuple(PitchRule(p.id, tuple(p.messages) if p.messages is not None else all_ids)
                    for p in playbook.pitches)
    rubric = (tuple(Criterion(c.id, c.label) for c in cert.rubric) if cert.rubric is not None
              else DEFAULT_RUBRIC)
    return Rule(drill_retention=cert.drill_retention, pitch_score=cert.pitch_score,
                manager_signoff=cert.manager_signoff, valid_days=cert.valid_days,
                pitches=pitches, messages=all_ids, rubric=rubric)


def _label_of(criterion_id: str) -> str:
    return RUBRIC_LABELS.get(criterion_id, criterion_id.replace("_", " ").capitalize())


def _criterion(item: Any) -> Criterion:
    # Snapshots taken before criteria were configurable hold bare default ids.
    if isinstance(item, str):
        return Criterion(item, _label_of(item))
    return Criterion(str(item["id"]), str(item["label"]))


def criteria_shown(rule: Rule, scores: Mapping[str, Any] | None, *,
                   decided: bool) -> tuple[Criterion, ...]:
    """The criteria a review page shows: the rule's while it can be scored; once decided,
    the ones that were scored (a later version may have changed the criteria)."""
    if not decided or not scores:
        return rule.rubric
    known = {c.id: c for c in rule.rubric}
    return (tuple(c for c in rule.rubric if c.id in scores)
            + tuple(Criterion(k, _label_of(k)) for k in scores if k not in known))


def rule_from_json(data: Mapping[str, Any]) -> Rule:
    """Rebuild a rule from its stored snapshot."""
    return Rule(drill_retention=float(data["drill_retention"]),
                pitch_score=int(data["pitch_score"]),
                manager_signoff=bool(data["manager_signoff"]),
                valid_days=int(data["valid_days"]),
                pitches=tuple(PitchRule(str(p["id"]), tuple(p["messages"]))
                              for p in data["pitches"]),
                messages=tuple(data["messages"]),
                rubric=tuple(_criterion(c) for c in data.get("rubric") or ()) or DEFAULT_RUBRIC)


def required_pitches(rule: Rule, focus: Sequence[str] | None) -> tuple[PitchRule, ...]:
    """Every pitch; for a renewal, the pitches that cover a changed message."""
    if focus is None:
        return rule.pitches
    wanted = set(focus)
    return tuple(p for p in rule.pitches if wanted & set(p.messages))


@dataclass(frozen=True)
class Standing:
    """Where one rep stands on one module (the inputs the rules judge)."""

    drill_share: float  # share of the required drills recalled at the retention target
    drills: int  # how many drills that share is over (0: nothing to drill)
    best: Mapping[str, int]  # best pitch score per pitch id (counted attempts only)
    signoff: str = SIGNOFF_NONE


@dataclass(frozen=True)
class Requirement:
    key: str  # "drills" | "pitches" | "signoff"
    met: bool
    text: str


@dataclass(frozen=True)
class Evaluation:
    requirements: tuple[Requirement, ...]
    drill_percent: int
    pitches_met: int
    pitches_required: int

    @property
    def practice_met(self) -> bool:
        """Drills and pitches done (what the machine can judge on its own)."""
        return all(r.met for r in self.requirements if r.key != "signoff")

    @property
    def met(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def summary(self) -> str:
        return ", ".join(r.text for r in self.requirements)

    @property
    def left(self) -> str:
        """What is still to do, for a rep's home; empty when nothing is."""
        return ", ".join(r.text for r in self.requirements if not r.met)


def _percent(x: float) -> int:
    return int(x * 100 + 1e-9)  # floor: never show 85% for 84.6%, which does not pass


READINESS_NAME = "Drill readiness"
READINESS_DEFINITION = (
    "the share of this module's drills you would recall now at the module's target "
    "retention (during a renewal: the drills of the changed messages), as of your last "
    "practice; a module with nothing to drill counts as ready")


def readiness_percent(share: float, drills: int) -> int:
    """Drill readiness as a whole percent (floored): the one drill figure every page, the
    CSV and the API show, computed from the share of drills recalled at the target."""
    return _percent(share) if drills else 100


def evaluate(rule: Rule, standing: Standing, *, focus: Sequence[str] | None = None) -> Evaluation:
    """Judge a standing against a rule (a renewal passes `focus`, the changed messages)."""
    reqs: list[Requirement] = []
    target = _percent(rule.drill_retention)
    have = readiness_percent(standing.drill_share, standing.drills)
    what = ("drill readiness (changed messages)" if focus is not None
            else "drill readiness")
    # Judged on the figure people see, so "84% of 85%" never passes and "85%" always does.
    drills_met = have >= target
    reqs.append(Requirement("drills", drills_met, f"{what} {have}% of {target}%"))
    pitches = required_pitches(rule, focus)
    passed = [p for p in pitches if standing.best.get(p.id, -1) >= rule.pitch_score]
    if focus is not None and pitches:
        # Renewal: one pitch that covers the changed messages is enough.
        ok = bool(passed)
        reqs.append(Requirement("pitches", ok, f"a pitch covering the changes at "
                                f"{rule.pitch_score}+" + (" done" if ok else "")))
        met_count, required = (1 if ok else 0), 1
    elif pitches:
        n = len(pitches)
        reqs.append(Requirement("pitches", len(passed) == n,
                                f"{len(passed)} of {n} pitch{'es' if n != 1 else ''} at "
                                f"{rule.pitch_score}+"))
        met_count, required = len(passed), n
    else:
        met_count, required = 0, 0
    if rule.manager_signoff:
        text = {SIGNOFF_PENDING: "manager sign-off pending",
                SIGNOFF_APPROVED: "manager signed off",
                SIGNOFF_RETURNED: "returned by your manager"}.get(
                    standing.signoff, "manager sign-off needed")
        reqs.append(Requirement("signoff", standing.signoff == SIGNOFF_APPROVED, text))
    return Evaluation(requirements=tuple(reqs), drill_percent=have, pitches_met=met_count,
                      pitches_required=required)
