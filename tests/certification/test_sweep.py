"""The periodic sweep with a fixed clock: lapses on validity and on a missed renewal
deadline, overdue and due-soon reminders, manager digests, and nothing sent twice."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from app.models import InboxItem, Role, Team, User
from certification import state as st
from certification import sweep
from certification.models import CertificationEvent
from drills.models import Module
from tests.certification.helpers import (
    MESSAGES,
    T0,
    cert_of,
    do_launch,
    launched,
    master,
    playbook,
    publish,
    refresh,
    scored,
)
from tests.factories import make_user


def inbox(session: Session, user: User) -> list[InboxItem]:
    return list(session.exec(select(InboxItem).where(InboxItem.user_id == user.id)
                             .order_by(col(InboxItem.id))).all())


def certified(session: Session, slug: str = "harbor-cert") -> tuple[User, Module]:
    """A rep certified at T0 on a module that needs no sign-off (valid 180 days)."""
    rep, _team, module = launched(session, slug=slug, signoff=False)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    scored(session, rep, module, 1, "proof", 90, T0)
    refresh(session, rep, T0)
    assert cert_of(session, rep, module).state == st.CERTIFIED
    return rep, module


def last_event(session: Session, cert_id: int) -> CertificationEvent:
    return session.exec(select(CertificationEvent).where(
        CertificationEvent.certification_id == cert_id)
        .order_by(col(CertificationEvent.id).desc())).first()  # type: ignore[return-value]


def test_validity_ends_certification_lapses_by_the_system_once(session: Session) -> None:
    rep, module = certified(session)
    cert = cert_of(session, rep, module)
    expiring = sweep.run(session=session, now=T0 + timedelta(days=170))
    assert expiring.lapsed == [] and cert.state == st.CERTIFIED
    assert [n.kind for n in expiring.notices] == ["certification_expiring"]
    assert expiring.notices[0].link == f"/certification/{cert.id}"

    result = sweep.run(session=session, now=T0 + timedelta(days=181))
    assert result.lapsed == [cert.id]
    assert cert.state == st.LAPSED
    event = last_event(session, cert.id or 0)
    assert (event.from_state, event.to_state, event.by_id) == (st.CERTIFIED, st.LAPSED, None)
    assert "validity ended" in event.reason
    kinds = [i.kind for i in inbox(session, rep)]
    assert kinds.count("certification_lapsed") == 1
    assert kinds.count("certification_expiring") == 1

    again = sweep.run(session=session, now=T0 + timedelta(days=181, hours=1))
    assert again.lapsed == [] and again.sent == 0
    events = session.exec(select(CertificationEvent).where(
        CertificationEvent.certification_id == cert.id,
        CertificationEvent.to_state == st.LAPSED)).all()
    assert len(events) == 1
    assert len(inbox(session, rep)) == len(kinds)


def test_missed_renewal_deadline_lapses_and_update_notice_lists_only_changed(
        session: Session) -> None:
    rep, module = certified(session)
    team = session.get(Team, rep.team_id)
    assert team is not None
    changed = "Restore a whole server in under five minutes."
    publish(session, playbook(2, signoff=False, changed={"fast-restore": changed}),
            T0 + timedelta(days=30))
    do_launch(session, module, 2, team, T0 + timedelta(days=30), due_days=14)
    cert = cert_of(session, rep, module)
    assert cert.state == st.NEEDS_UPDATE
    deadline = T0 + timedelta(days=44)

    first = sweep.run(session=session, now=T0 + timedelta(days=31))
    assert first.lapsed == [] and cert.state == st.NEEDS_UPDATE
    (update,) = [i for i in inbox(session, rep) if i.kind == "certification_update"]
    assert changed in update.body and f"{deadline:%d %b %Y}" in update.title
    assert MESSAGES["immutable"] not in update.body and MESSAGES["tested"] not in update.body
    assert update.link == f"/certification/{cert.id}"

    # Three days before the deadline: a reminder; past it, the renewal lapses.
    sweep.run(session=session, now=deadline - timedelta(days=2))
    assert any(i.kind == "certification_due" for i in inbox(session, rep))
    result = sweep.run(session=session, now=deadline + timedelta(minutes=1))
    assert result.lapsed == [cert.id] and cert.state == st.LAPSED
    event = last_event(session, cert.id or 0)
    assert event.from_state == st.NEEDS_UPDATE and event.by_id is None
    assert "deadline passed" in event.reason
    assert sweep.run(session=session, now=deadline + timedelta(hours=2)).sent == 0


def test_overdue_reps_get_a_notice_and_managers_one_digest_a_day(session: Session) -> None:
    rep, team, module = launched(session, due_days=21)
    second = make_user(session, Role.REP, team=team, name="Second Rep")
    refresh(session, second, T0)
    manager = make_user(session, Role.MANAGER, manages=(team,), name="Maya Manager")
    due = T0 + timedelta(days=21)

    before = sweep.run(session=session, now=due - timedelta(days=1))
    assert {n.kind for n in before.notices} == {"certification_due"}
    assert inbox(session, manager) == []

    result = sweep.run(session=session, now=due + timedelta(hours=1))
    assert result.lapsed == []  # overdue is not lapsed: the rep can still certify
    assert cert_of(session, rep, module).state == st.NOT_STARTED
    for person in (rep, second):
        overdue = [i for i in inbox(session, person) if i.kind == "certification_overdue"]
        assert len(overdue) == 1 and overdue[0].link.startswith("/certification/")
    (digest,) = inbox(session, manager)
    assert digest.kind == "certification_team_overdue" and digest.title.startswith("2 reps")
    assert rep.name in digest.body and "Second Rep" in digest.body
    assert digest.link == f"/certification/team?team={team.id}"

    # Later the same day: nothing new. The next day: one more digest, no repeat to reps.
    assert sweep.run(session=session, now=due + timedelta(hours=5)).sent == 0
    next_day = sweep.run(session=session, now=due + timedelta(days=1))
    assert next_day.sent == 1
    assert len(inbox(session, manager)) == 2
    assert len([i for i in inbox(session, rep) if i.kind == "certification_overdue"]) == 1


def test_inactive_reps_get_no_reminders(session: Session) -> None:
    rep, _team, _module = launched(session, due_days=2)
    rep.is_active = False
    session.add(rep)
    session.flush()
    result = sweep.run(session=session, now=T0 + timedelta(days=1))
    assert result.notices == [] and inbox(session, rep) == []


def test_sweep_returns_notices_without_sending(session: Session) -> None:
    rep, _team, _module = launched(session, due_days=2)
    found = sweep.sweep(session=session, now=T0 + timedelta(days=1))
    assert [n.user_id for n in found.notices] == [rep.id]
    assert inbox(session, rep) == []
