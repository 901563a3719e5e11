"""The rules (what is left to be certified) and the state machine, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certification import state as st
from certification.rules import (
    SIGNOFF_APPROVED,
    SIGNOFF_PENDING,
    PitchRule,
    Rule,
    Standing,
    evaluate,
    rule_from_json,
    rule_from_playbook,
)
from drills.errors import Conflict
from drills.playbook_format import parse_playbook
from tests.certification.helpers import playbook

NOW = datetime(2026, 3, 2, tzinfo=UTC)
RULE = Rule(drill_retention=0.85, pitch_score=80, manager_signoff=True, valid_days=180,
            pitches=(PitchRule("a", ("m1", "m2")), PitchRule("b", ("m3",)),
                     PitchRule("c", ("m1",))),
            messages=("m1", "m2", "m3"))


def test_summary_reads_like_the_issue() -> None:
    ev = evaluate(RULE, Standing(drill_share=0.712, drills=14, best={"a": 91, "b": 80, "c": 62},
                                 signoff=SIGNOFF_PENDING))
    assert ev.summary == ("drill readiness 71% of 85%, 2 of 3 pitches at 80+, "
                          "manager sign-off pending")
    assert not ev.practice_met and not ev.met
    assert (ev.drill_percent, ev.pitches_met, ev.pitches_required) == (71, 2, 3)


def test_thresholds_are_inclusive_and_percent_floors() -> None:
    ev = evaluate(RULE, Standing(drill_share=0.85, drills=20, best={"a": 80, "b": 80, "c": 80}))
    assert ev.practice_met and not ev.met  # sign-off still needed
    assert evaluate(RULE, Standing(drill_share=0.849, drills=20, best={})).drill_percent == 84
    done = evaluate(RULE, Standing(drill_share=0.9, drills=20, best={"a": 99, "b": 85, "c": 80},
                                   signoff=SIGNOFF_APPROVED))
    assert done.met and done.left == ""


def test_no_signoff_rule_has_no_signoff_requirement() -> None:
    rule = Rule(**{**RULE.__dict__, "manager_signoff": False})
    ev = evaluate(rule, Standing(drill_share=1.0, drills=3, best={"a": 90, "b": 90, "c": 90}))
    assert ev.met and [r.key for r in ev.requirements] == ["drills", "pitches"]


def test_renewal_asks_only_for_a_pitch_covering_the_changed_messages() -> None:
    ev = evaluate(RULE, Standing(drill_share=1.0, drills=3, best={"b": 95}), focus=("m2",))
    assert [r.met for r in ev.requirements] == [True, False, False]
    assert "drill readiness (changed messages)" in ev.summary
    ok = evaluate(RULE, Standing(drill_share=1.0, drills=3, best={"a": 80}), focus=("m2",))
    assert ok.practice_met and ok.pitches_required == 1


def test_rule_from_playbook_and_json_round_trip() -> None:
    rule = rule_from_playbook(parse_playbook(playbook(1)))
    assert rule.messages == ("immutable", "fast-restore", "tested")
    assert [p.id for p in rule.pitches] == ["elevator", "proof"]
    assert rule_from_json(rule.to_json()) == rule


def test_defaults_when_the_playbook_says_nothing() -> None:
    text = "format: 1\nmodule: x\nversion: 1\ntitle: X\nmessages:\n  - id: a\n    statement: A\n"
    rule = rule_from_playbook(parse_playbook(text))
    assert (rule.drill_retention, rule.pitch_score, rule.manager_signoff, rule.valid_days) == (
        0.85, 80, True, 180)
    assert rule.pitches == ()


@pytest.mark.parametrize(("frm", "to"), [
    (st.NOT_STARTED, st.IN_PROGRESS), (st.IN_PROGRESS, st.AWAITING_REVIEW),
    (st.AWAITING_REVIEW, st.CERTIFIED), (st.AWAITING_REVIEW, st.RETURNED),
    (st.RETURNED, st.AWAITING_REVIEW), (st.CERTIFIED, st.NEEDS_UPDATE),
    (st.NEEDS_UPDATE, st.LAPSED), (st.CERTIFIED, st.LAPSED), (st.LAPSED, st.IN_PROGRESS)])
def test_allowed_moves(frm: str, to: str) -> None:
    assert st.check(frm, to) == to


@pytest.mark.parametrize(("frm", "to"), [
    (st.CERTIFIED, st.CERTIFIED), (st.CERTIFIED, st.AWAITING_REVIEW),
    (st.NOT_STARTED, st.RETURNED), (st.RETURNED, st.NEEDS_UPDATE),
    (st.CERTIFIED, st.IN_PROGRESS), (st.LAPSED, st.NEEDS_UPDATE)])
def test_refused_moves(frm: str, to: str) -> None:
    with pytest.raises(Conflict):
        st.check(frm, to)


def facts(**kw: object) -> st.Facts:
    base: dict[str, object] = {"active": False, "requirements_met": False,
                               "signoff_required": True, "now": NOW, "due_at": None,
                               "valid_until": None}
    base.update(kw)
    return st.Facts(**base)  # type: ignore[arg-type]


def test_automatic_moves() -> None:
    assert st.automatic(st.NOT_STARTED, facts()) is None
    assert st.automatic(st.NOT_STARTED, facts(active=True)) == st.IN_PROGRESS
    # Met without a sign-off rule: certified by the machine alone.
    assert st.automatic(st.IN_PROGRESS, facts(requirements_met=True,
                                              signoff_required=False)) == st.CERTIFIED
    # Met but a manager must sign off: the rep submits; nothing automatic.
    assert st.automatic(st.IN_PROGRESS, facts(requirements_met=True)) is None
    assert st.automatic(st.AWAITING_REVIEW, facts(requirements_met=True,
                                                  signoff_required=False)) is None
    assert st.automatic(st.CERTIFIED, facts(valid_until=NOW)) == st.LAPSED
    assert st.automatic(st.CERTIFIED, facts(valid_until=NOW + timedelta(days=1))) is None
    assert st.automatic(st.NEEDS_UPDATE, facts(due_at=NOW - timedelta(seconds=1))) == st.LAPSED
    assert st.automatic(st.NEEDS_UPDATE, facts(due_at=NOW + timedelta(days=3))) is None


def test_overdue() -> None:
    assert st.is_overdue(st.IN_PROGRESS, NOW - timedelta(days=1), NOW)
    assert not st.is_overdue(st.IN_PROGRESS, NOW + timedelta(days=1), NOW)
    assert not st.is_overdue(st.CERTIFIED, NOW - timedelta(days=1), NOW)
    assert st.is_overdue(st.LAPSED, None, NOW)
