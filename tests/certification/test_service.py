"""Certification services: assignment on launch, progress, sign-off, version-aware renewal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.models import Role
from certification import credentials, service
from certification import state as st
from certification.models import CertificationEvent, Credential, Review
from drills.errors import Conflict, InvalidInput, NotFound, NotPermitted
from drills.modules import get_module
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
from tests.factories import make_team, make_user


def certified_by_manager(session: Session) -> tuple:  # type: ignore[type-arg]
    rep, team, module = launched(session)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    proof = scored(session, rep, module, 1, "proof", 84, T0)
    refresh(session, rep, T0)
    review = service.submit(session=session, user_id=rep.id, attempt_id=proof.id, now=T0,
                            base_url=BASE)
    _, reader = manager_of(session, team)
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="approved",
                   rubric={"message_accuracy": 5, "clarity": 4, "confidence": 4,
                           "objection_handling": 3}, overrides={}, comment=None, now=T0,
                   base_url=BASE)
    return rep, team, module, reader


def test_launch_assigns_every_rep_and_progress_reads_the_rule(session: Session) -> None:
    rep, _team, module = launched(session)
    cert = cert_of(session, rep, module)
    assert cert.state == st.NOT_STARTED and cert.due_at is not None
    (p,) = refresh(session, rep, T0)
    assert p.evaluation.summary == ("drill readiness 0% of 85%, 0 of 2 pitches at 80+, "
                                    "manager sign-off needed")
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 91, T0)
    scored(session, rep, module, 1, "proof", 70, T0)
    (p,) = refresh(session, rep, T0 + timedelta(hours=1))
    assert p.cert.state == st.IN_PROGRESS
    assert p.evaluation.summary == ("drill readiness 100% of 85%, 1 of 2 pitches at 80+, "
                                    "manager sign-off needed")
    assert p.cert.summary == p.evaluation.summary and p.cert.best_score == 91


def test_rep_joining_later_gets_the_certification(session: Session) -> None:
    _rep, team, module = launched(session)
    late = make_user(session, Role.REP, team=team)  # assigned as they join, no page needed
    assert cert_of(session, late, module).state == st.NOT_STARTED


def test_submit_needs_drills_and_pitches_first(session: Session) -> None:
    rep, team, module = launched(session)
    attempt = scored(session, rep, module, 1, "elevator", 95, T0)
    with pytest.raises(Conflict, match="Not ready"):
        service.submit(session=session, user_id=rep.id, attempt_id=attempt.id, now=T0,
                       base_url=BASE)
    other = make_user(session, Role.REP, team=team)
    with pytest.raises(NotFound):
        service.submit(session=session, user_id=other.id, attempt_id=attempt.id, now=T0,
                       base_url=BASE)


def test_review_flow_approve_issues_a_credential(session: Session) -> None:
    rep, _team, module, _reader = certified_by_manager(session)
    cert = cert_of(session, rep, module)
    assert cert.state == st.CERTIFIED and cert.certified_version == 1
    assert cert.valid_until is not None
    (cred,) = session.exec(select(Credential).where(Credential.certification_id == cert.id))
    check = credentials.verify_stored(session=session, credential=cred, now=T0)
    assert check.status == "valid"
    states = [(e.from_state, e.to_state) for e in service.history(session=session,
                                                                  cert_id=cert.id)]
    assert (st.AWAITING_REVIEW, st.CERTIFIED) in states
    assert all(e.reason for e in session.exec(select(CertificationEvent)))


def test_return_then_resubmit_and_approve_twice_is_refused(session: Session) -> None:
    rep, team, module = launched(session)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    proof = scored(session, rep, module, 1, "proof", 90, T0, missed=("tested",))
    refresh(session, rep, T0)
    review = service.submit(session=session, user_id=rep.id, attempt_id=proof.id, now=T0,
                            base_url=BASE)
    with pytest.raises(Conflict):  # one pending submission at a time
        service.submit(session=session, user_id=rep.id, attempt_id=proof.id, now=T0,
                       base_url=BASE)
    _, reader = manager_of(session, team)
    with pytest.raises(InvalidInput):  # returning needs a comment
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="returned", rubric=None, overrides=None, comment=" ",
                       now=T0, base_url=BASE)
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="returned",
                   rubric={"clarity": 2}, overrides={"tested": True},
                   comment="Say the nightly test out loud.", now=T0, base_url=BASE)
    assert cert_of(session, rep, module).state == st.RETURNED
    assert review.overrides == {"tested": True}
    with pytest.raises(Conflict, match="already returned"):
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric=None, overrides=None, comment=None,
                       now=T0, base_url=BASE)
    with pytest.raises(Conflict, match="record a new take"):  # not the returned take
        service.submit(session=session, user_id=rep.id, attempt_id=proof.id,
                       now=T0 + timedelta(hours=1), base_url=BASE)
    (standing,) = service.progress(session=session, certs=[cert_of(session, rep, module)],
                                   now=T0)
    assert service.submittable_takes(session=session, progress=standing) == []
    new_take = scored(session, rep, module, 1, "proof", 88, T0 + timedelta(minutes=30))
    (standing,) = service.progress(session=session, certs=[cert_of(session, rep, module)],
                                   now=T0)
    assert service.submittable_takes(session=session, progress=standing) == [new_take]
    again = service.submit(session=session, user_id=rep.id, attempt_id=new_take.id,
                           now=T0 + timedelta(hours=1), base_url=BASE)
    assert cert_of(session, rep, module).state == st.AWAITING_REVIEW
    with pytest.raises(InvalidInput, match="every rubric"):
        service.decide(session=session, review_id=again.id, reviewer=reader,
                       decision="approved", rubric={"clarity": 4}, overrides=None,
                       comment=None, now=T0, base_url=BASE)


def test_managers_outside_the_team_and_withdrawn_reviews(session: Session) -> None:
    rep, team, module = launched(session)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    proof = scored(session, rep, module, 1, "proof", 90, T0)
    refresh(session, rep, T0)
    review = service.submit(session=session, user_id=rep.id, attempt_id=proof.id, now=T0,
                            base_url=BASE)
    _, outsider = manager_of(session, make_team(session))
    with pytest.raises(NotFound):
        service.decide(session=session, review_id=review.id, reviewer=outsider,
                       decision="approved", rubric=None, overrides=None, comment=None,
                       now=T0, base_url=BASE)
    self_review = service.Reader(user_id=rep.id, managed_team_ids=frozenset({team.id}),
                                 is_admin=False)
    with pytest.raises(NotPermitted):
        service.decide(session=session, review_id=review.id, reviewer=self_review,
                       decision="approved", rubric=None, overrides=None, comment=None,
                       now=T0, base_url=BASE)
    service.withdraw(session=session, review_id=review.id, user_id=rep.id, now=T0)
    assert cert_of(session, rep, module).state == st.IN_PROGRESS
    _, reader = manager_of(session, team)
    with pytest.raises(Conflict, match="withdrawn"):
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric=None, overrides=None, comment=None,
                       now=T0, base_url=BASE)
    assert session.get(Review, review.id).status == "withdrawn"


def test_no_signoff_rule_certifies_automatically(session: Session) -> None:
    rep, _team, module = launched(session, signoff=False)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    scored(session, rep, module, 1, "proof", 80, T0)
    (p,) = refresh(session, rep, T0)
    assert p.cert.state == st.CERTIFIED


def test_validity_expires_and_credential_says_expired(session: Session) -> None:
    rep, _team, _module, _ = certified_by_manager(session)
    later = T0 + timedelta(days=181)
    (p,) = refresh(session, rep, later)
    assert p.cert.state == st.LAPSED
    (cred,) = session.exec(select(Credential).where(Credential.user_id == rep.id))
    assert credentials.verify_stored(session=session, credential=cred, now=later).status == (
        "expired")


def test_v2_changing_one_of_three_messages_renews_only_that_message(session: Session) -> None:
    rep, team, module, reader = certified_by_manager(session)
    # A second module whose v2 changes only an objection: its certification stays valid.
    publish(session, playbook(1, slug="steady", signoff=False))
    steady = get_module(session=session, slug="steady")
    do_launch(session, steady, 1, team, T0)
    master(session, rep, steady, T0)
    scored(session, rep, steady, 1, "elevator", 90, T0)
    scored(session, rep, steady, 1, "proof", 90, T0)
    refresh(session, rep, T0)
    assert cert_of(session, rep, steady).state == st.CERTIFIED

    later = T0 + timedelta(days=10)
    publish(session, playbook(2, changed={"fast-restore": "Restore any server in five minutes."}),
            later)
    publish(session, playbook(2, slug="steady", signoff=False,
                              objection="Our backups are fine."), later)
    do_launch(session, module, 2, team, later)
    do_launch(session, steady, 2, team, later)

    cert = cert_of(session, rep, module)
    assert cert.state == st.NEEDS_UPDATE
    assert cert.renewal_messages == ["fast-restore"]
    assert cert.due_at is not None and cert.version == 2
    unchanged = cert_of(session, rep, steady)
    assert unchanged.state == st.CERTIFIED and unchanged.certified_version == 2
    (cred,) = session.exec(select(Credential).where(Credential.certification_id == cert.id))
    assert credentials.verify_stored(session=session, credential=cred, now=later).status == (
        "needs_update")

    # The renewal asks only for the changed message: its drills and one pitch covering it.
    progress = {p.cert.module_id: p for p in refresh(session, rep, later)}[module.id]
    assert progress.focus == ("fast-restore",)
    assert progress.evaluation.summary == ("drill readiness (changed messages) 0% of 85%, a pitch "
                                           "covering the changes at 80+, manager sign-off "
                                           "needed")
    # The old v1 pitch does not count; the 'proof' pitch does not cover the change.
    scored(session, rep, module, 2, "proof", 99, later)
    master(session, rep, module, later, subjects={"fast-restore"})
    progress = {p.cert.module_id: p for p in refresh(session, rep, later)}[module.id]
    assert not progress.evaluation.practice_met
    assert progress.evaluation.drill_percent == 100
    attempt = scored(session, rep, module, 2, "elevator", 88, later)
    progress = {p.cert.module_id: p for p in refresh(session, rep, later)}[module.id]
    assert progress.evaluation.practice_met
    review = service.submit(session=session, user_id=rep.id, attempt_id=attempt.id, now=later,
                            base_url=BASE)
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="approved",
                   rubric={"message_accuracy": 4, "clarity": 4, "confidence": 4,
                           "objection_handling": 4}, overrides=None, comment=None, now=later,
                   base_url=BASE)
    cert = cert_of(session, rep, module)
    assert cert.state == st.CERTIFIED and cert.certified_version == 2
    assert cert.renewal_messages is None
    creds = session.exec(select(Credential).where(Credential.certification_id == cert.id)
                         .order_by(Credential.id)).all()
    assert [c.status for c in creds] == ["superseded", "active"]


def test_missing_the_renewal_deadline_lapses(session: Session) -> None:
    rep, team, module, _ = certified_by_manager(session)
    later = T0 + timedelta(days=10)
    publish(session, playbook(2, changed={"tested": "We test every backup hourly."}), later)
    do_launch(session, module, 2, team, later, due_days=14)
    (p,) = refresh(session, rep, later + timedelta(days=15))
    assert p.cert.state == st.LAPSED and p.cert.renewal_messages is None
    assert st.is_overdue(p.cert.state, p.cert.due_at, later)


def test_share_over_time_single_scan_matches_the_replay(session: Session) -> None:
    from certification import reporting

    _rep, _team, module, _ = certified_by_manager(session)
    now = T0 + timedelta(days=20)
    fast = reporting.shares_over_time(session=session, now=now, weeks=4)[module.id]
    slow = reporting.share_over_time(session=session, module_id=module.id, now=now, weeks=4)
    assert [round(v, 3) for _, v in fast] == [round(v, 3) for _, v in slow]
    assert fast[-1][1] == 1.0
    svg = reporting.svg_chart(fast, label="Share <certified>")
    assert svg.startswith("<svg") and "&lt;certified&gt;" in svg


def test_refresh_writes_progress_only_when_it_changed(session: Session) -> None:
    rep, _team, module = launched(session)
    refresh(session, rep, T0)
    cert = cert_of(session, rep, module)
    first = cert.progress_at
    assert first == T0
    refresh(session, rep, T0 + timedelta(hours=1))
    assert cert.progress_at == first and cert not in session.dirty
    scored(session, rep, module, 1, "elevator", 90, T0 + timedelta(hours=2))  # the event
    assert cert.best_score == 90 and cert.progress_at == T0 + timedelta(hours=2)
