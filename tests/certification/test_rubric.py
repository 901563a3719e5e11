"""Rubric criteria per module (`certification.rubric`): the rule, its snapshot, decisions
scored against them, and the agreement counts a review keeps."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import Session, select

from certification import reporting, service
from certification import state as st
from certification.models import CertificationRule, Review
from certification.rules import DEFAULT_RUBRIC, Criterion, criteria_shown, rule_from_json
from drills.errors import InvalidInput
from tests.certification.helpers import (
    BASE,
    T0,
    cert_of,
    do_launch,
    launched,
    manager_of,
    master,
    playbook,
    publish,
    refresh,
    scored,
)

CUSTOM = ["Discovery questions", "{id: next-step, label: \"Next step agreed\"}"]
CRITERIA = (Criterion("discovery_questions", "Discovery questions"),
            Criterion("next-step", "Next step agreed"))


def submitted(session: Session,
              rubric: list[str] | None = CUSTOM) -> tuple:  # type: ignore[type-arg]
    rep, team, module = launched(session, rubric=rubric)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    proof = scored(session, rep, module, 1, "proof", 85, T0, missed=("tested",))
    refresh(session, rep, T0)
    review = service.submit(session=session, user_id=rep.id, attempt_id=proof.id, now=T0,
                            base_url=BASE)
    _, reader = manager_of(session, team)
    return rep, team, module, review, reader


def test_the_rule_and_its_snapshot_carry_the_playbooks_criteria(session: Session) -> None:
    rep, _team, module, review, _ = submitted(session)
    rule = service.review_rules(session=session, reviews=[review], now=T0)[review.id]
    assert rule.rubric == CRITERIA
    row = session.exec(select(CertificationRule).where(
        CertificationRule.module_id == module.id)).one()
    assert row.rubric == [{"id": "discovery_questions", "label": "Discovery questions"},
                          {"id": "next-step", "label": "Next step agreed"}]
    assert cert_of(session, rep, module).state == st.AWAITING_REVIEW


def test_snapshots_from_before_configurable_criteria_still_read() -> None:
    rule = rule_from_json({"drill_retention": 0.85, "pitch_score": 80,
                           "manager_signoff": True, "valid_days": 180, "pitches": [],
                           "messages": [], "rubric": ["message_accuracy", "clarity",
                                                      "confidence", "objection_handling"]})
    assert rule.rubric == DEFAULT_RUBRIC
    assert rule_from_json({"drill_retention": 0.85, "pitch_score": 80,
                           "manager_signoff": True, "valid_days": 180, "pitches": [],
                           "messages": []}).rubric == DEFAULT_RUBRIC


def test_a_playbook_without_rubric_scores_the_default_criteria(session: Session) -> None:
    *_, review, reader = submitted(session, rubric=None)
    with pytest.raises(InvalidInput, match="missing: clarity"):
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric={"message_accuracy": 4}, overrides=None,
                       comment=None, now=T0, base_url=BASE)


def test_decisions_score_the_modules_own_criteria(session: Session) -> None:
    rep, _team, module, review, reader = submitted(session)
    # The product's default criteria are unknown to this module.
    with pytest.raises(InvalidInput) as unknown:
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric={"clarity": 4}, overrides=None,
                       comment=None, now=T0, base_url=BASE)
    assert unknown.value.detail == (
        "Unknown rubric criterion 'clarity'; this module scores discovery_questions "
        "(Discovery questions), next-step (Next step agreed).")
    with pytest.raises(InvalidInput) as missing:
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric={"discovery_questions": 4},
                       overrides=None, comment=None, now=T0, base_url=BASE)
    assert "missing: next-step (Next step agreed)" in missing.value.detail
    assert review.status == service.PENDING
    assert cert_of(session, rep, module).state == st.AWAITING_REVIEW
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="approved",
                   rubric={"discovery_questions": 4, "next-step": "5"},
                   overrides={"tested": True}, comment=None, now=T0, base_url=BASE)
    assert review.rubric == {"discovery_questions": 4, "next-step": 5}
    assert cert_of(session, rep, module).state == st.CERTIFIED


def test_a_version_that_changes_only_the_criteria_applies_to_a_pending_review(
        session: Session) -> None:
    rep, team, module, review, reader = submitted(session)
    v2 = publish(session, playbook(2, rubric=["Discovery questions", "Tone"]))
    do_launch(session, module, v2.version, team, T0)
    assert cert_of(session, rep, module).state == st.AWAITING_REVIEW  # no message changed
    rule = service.review_rules(session=session, reviews=[review], now=T0)[review.id]
    assert [c.id for c in rule.rubric] == ["discovery_questions", "tone"]
    with pytest.raises(InvalidInput, match="Unknown rubric criterion 'next-step'"):
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric={"discovery_questions": 4, "next-step": 4},
                       overrides=None, comment=None, now=T0, base_url=BASE)
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="approved",
                   rubric={"discovery_questions": 4, "tone": 3}, overrides=None,
                   comment=None, now=T0, base_url=BASE)
    # Decided: the page shows what was scored, even when a later version renames things.
    later = replace(rule, rubric=(Criterion("tone", "Tone"),))
    shown = criteria_shown(later, review.rubric, decided=True)
    assert [(c.id, c.label) for c in shown] == [("tone", "Tone"), (
        "discovery_questions", "Discovery questions")]
    assert criteria_shown(later, None, decided=False) == later.rubric


def test_reviews_keep_their_agreement_counts(session: Session) -> None:
    *_, review, reader = submitted(session, rubric=None)
    assert (review.judgements, review.overridden) == (1, 0)  # the proof pitch: one message
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="approved",
                   rubric={c.id: 4 for c in DEFAULT_RUBRIC},
                   overrides={"tested": True}, comment=None, now=T0, base_url=BASE)
    assert (review.judgements, review.overridden) == (1, 1)
    (agree,) = reporting.agreement(session=session).values()
    assert (agree.reviews, agree.judgements, agree.agreed, agree.rate) == (1, 1, 0, 0.0)
    assert session.exec(select(Review)).one().overridden == 1
