"""Certification state moves on events, in the event's transaction, and never on a read:
each event moves what it should; page views and API reads (through the app as `make run`
serves it) change nothing, and a read that tries to write raises."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.clock import utcnow
from app.db import READ_ONLY, WriteOnRead
from app.models import Role
from app.users import parse_users_csv, store_users, update_user
from certification import events, service, sweep
from certification import state as st
from certification.models import Certification, CertificationEvent, Credential
from certification.rules import readiness_percent
from drills.drill_models import DrillCard
from drills.modules import get_module
from tests.app.helpers import bearer, cookie_sign_in, snapshot
from tests.certification.helpers import (
    BASE,
    T0,
    cert_of,
    do_launch,
    launched,
    master,
    playbook,
    publish,
    scored,
)
from tests.factories import make_team, make_user


def test_a_launch_assigns_every_rep_at_once(session: Session) -> None:
    team = make_team(session)
    reps = [make_user(session, Role.REP, team=team) for _ in range(3)]
    version = publish(session, playbook(1))
    module = get_module(session=session, slug="harbor-cert")
    do_launch(session, module, version.version, team, T0)
    certs = service.for_users(session=session, user_ids=[r.id or 0 for r in reps])
    assert len(certs) == 3 and {c.state for c in certs} == {st.NOT_STARTED}
    # Judged at launch: the summary says what is left before anyone opens a page.
    assert all(c.summary.startswith("drill readiness 0% of 85%") for c in certs)


def test_a_rep_moved_into_a_launched_team_is_assigned_at_once(session: Session) -> None:
    _rep, team, module = launched(session)
    newcomer = make_user(session, Role.REP, team=make_team(session))
    assert service.for_users(session=session, user_ids=[newcomer.id or 0]) == []
    update_user(session=session, user_id=newcomer.id or 0, name=newcomer.name,
                email=newcomer.email, roles=[Role.REP], team_id=team.id, base_url=BASE)
    assert cert_of(session, newcomer, module).state == st.NOT_STARTED


def test_practice_moves_only_that_modules_certification(session: Session) -> None:
    rep, team, module = launched(session)
    publish(session, playbook(1, slug="other-cert"))
    other = get_module(session=session, slug="other-cert")
    do_launch(session, other, 1, team, T0)
    master(session, rep, module, T0)  # reports events.on_practice for `module` only
    assert cert_of(session, rep, module).state == st.IN_PROGRESS
    assert cert_of(session, rep, module).drill_percent == 100
    assert cert_of(session, rep, other).state == st.NOT_STARTED


def test_a_practice_that_moves_no_figure_writes_nothing(session: Session) -> None:
    rep, _team, module = launched(session)
    master(session, rep, module, T0)
    cert = cert_of(session, rep, module)
    before = (cert.progress_at, cert.updated_at)
    session.flush()
    events.on_practice(session=session, user_id=rep.id or 0, module_id=module.id or 0,
                       now=T0 + timedelta(minutes=5), base_url=BASE)
    assert cert not in session.dirty and (cert.progress_at, cert.updated_at) == before


def test_a_scored_pitch_certifies_where_no_signoff_is_needed(session: Session) -> None:
    rep, _team, module = launched(session, signoff=False)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    assert cert_of(session, rep, module).state == st.IN_PROGRESS
    scored(session, rep, module, 1, "proof", 85, T0)  # the event that meets the rule
    cert = cert_of(session, rep, module)
    assert cert.state == st.CERTIFIED and cert.certified_at == T0
    assert session.exec(select(Credential).where(Credential.certification_id == cert.id)).one()


@pytest.mark.parametrize("table", ["certifications", "drill_cards"])
def test_a_write_on_a_read_session_raises(session: Session, table: str) -> None:
    # Not even drills bookkeeping: a rep's cards are aligned in a write of their own
    # before the read (app/drills/sync.cards_synced).
    rep, _team, module = launched(session)
    master(session, rep, module, T0)
    cert = cert_of(session, rep, module)
    card = session.exec(select(DrillCard)).first()
    assert card is not None
    session.info[READ_ONLY] = "raise"
    try:
        if table == "drill_cards":
            card.queue = 1
            session.add(card)
        else:
            cert.summary = "changed by a page view"
            session.add(cert)
        with pytest.raises(WriteOnRead, match=table):
            session.flush()
        session.rollback()
    finally:
        session.info.pop(READ_ONLY, None)


def _ready_without_events(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[
        str, Any]:
    """A rep whose drills and pitches meet a no-sign-off rule, the pitches written straight
    into the table without reporting the event: what a derive-on-read page view used to
    turn into a certification and a signed credential."""
    now = utcnow()
    rep, team, module = launched(session, signoff=False, now=now)
    master(session, rep, module, now)
    cert = cert_of(session, rep, module)
    with monkeypatch.context() as patch:
        patch.setattr(events, "on_attempt_scored", lambda **_kw: [])
        scored(session, rep, module, 1, "elevator", 95, now)
        scored(session, rep, module, 1, "proof", 95, now)
    manager = make_user(session, Role.MANAGER, manages=(team,))
    admin = make_user(session, Role.ADMIN)
    session.commit()
    return {"rep": rep, "module": module, "cert": cert, "manager": manager, "admin": admin}


def test_page_views_change_no_certification(served_client: TestClient,
                                            served_session: Session,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    session, client = served_session, served_client
    w = _ready_without_events(session, monkeypatch)
    cert = w["cert"]
    assert cert.state == st.IN_PROGRESS
    cookie_sign_in(client, session, w["rep"])
    before = snapshot(session)  # (signing in wrote a browser session)
    for path in ("/", "/certification", f"/certification/{cert.id}", "/drills/progress",
                 "/api/v1/certifications", f"/api/v1/certifications/{cert.id}"):
        assert client.get(path).status_code == 200, path
    cookie_sign_in(client, session, w["manager"])
    mid = snapshot(session)
    for path in ("/", "/certification/team", "/certification/team.csv", "/drills/team",
                 f"/api/v1/certifications?team={cert.team_id}"):
        assert client.get(path).status_code == 200, path
    cookie_sign_in(client, session, w["admin"])
    late = snapshot(session)
    for path in ("/certification/overview", "/api/v1/certifications/overview"):
        assert client.get(path).status_code == 200, path
    after = snapshot(session)
    for table in ("certifications", "certification_events", "certification_credentials",
                  "inbox_items"):
        assert before[table] == mid[table] == late[table] == after[table], table
    assert session.get(Certification, cert.id).state == st.IN_PROGRESS  # type: ignore[union-attr]


def test_a_drill_answer_moves_the_certification_in_its_transaction(
        served_client: TestClient, served_session: Session) -> None:
    session, client = served_session, served_client
    now = utcnow()
    rep, _team, module = launched(session, now=now)
    session.commit()
    headers = bearer(session, rep)
    due = client.get("/api/v1/drills/due", headers=headers).json()["due"]
    first = due[0]
    r = client.post(f"/api/v1/drills/{first['drill_id']}/answers", headers=headers,
                    json={"rating": 3, "shown_state": first["shown_state"]})
    assert r.status_code == 200, r.text
    session.expire_all()
    cert = cert_of(session, rep, module)
    assert cert.state == st.IN_PROGRESS
    moves = session.exec(select(CertificationEvent).where(
        CertificationEvent.certification_id == cert.id,
        CertificationEvent.to_state == st.IN_PROGRESS)).all()
    assert len(moves) == 1 and moves[0].reason == "Started practising."


def test_the_sweep_assigns_reps_that_lack_a_launched_certification(session: Session) -> None:
    rep, team, module = launched(session)
    other = make_user(session, Role.REP, team=team)
    # A row lost before assignment moved to events (or to a crash): the sweep heals it.
    session.delete(cert_of(session, other, module))
    session.flush()
    result = sweep.run(session=session, now=T0, base_url=BASE)
    assert cert_of(session, other, module).state == st.NOT_STARTED
    assert result.lapsed == []
    assert events.assign_missing(session=session, now=T0, base_url=BASE) == []  # idempotent
    assert cert_of(session, rep, module).state == st.NOT_STARTED


def test_an_answer_judged_before_its_write_counts_as_judged_after(
        served_client: TestClient, served_session: Session) -> None:
    """The answer path judges the certification while reading (outside the writer's
    turn), counting the answered card as it will be; the stored figure must equal a
    judgement made after the write, answer after answer."""
    session, client = served_session, served_client
    now = utcnow()
    rep, _team, module = launched(session, now=now)
    master(session, rep, module, now - timedelta(days=40))  # learnt long ago: decayed, due
    for card in session.exec(select(DrillCard).where(DrillCard.user_id == rep.id)):
        card.stability, card.due = 5.0, now - timedelta(days=1)
        session.add(card)
    session.commit()
    headers = bearer(session, rep)
    figures = []
    for _ in range(4):  # the self-rated drills (recall, objection) of the three messages
        due = [c for c in client.get("/api/v1/drills/due?limit=50", headers=headers
                                     ).json()["due"] if c["kind"] in ("recall", "objection")]
        r = client.post(f"/api/v1/drills/{due[0]['drill_id']}/answers", headers=headers,
                        json={"rating": 4, "shown_state": due[0]["shown_state"]})
        assert r.status_code == 200, r.text
        session.expire_all()
        stored = cert_of(session, rep, module).drill_percent
        (fresh,) = service.judge(session=session, certs=[cert_of(session, rep, module)],
                                 now=utcnow())
        assert stored == readiness_percent(fresh.share, fresh.drills)
        session.rollback()
        figures.append(stored)
    assert figures == sorted(figures) and figures[-1] > figures[0]


def test_reps_imported_in_bulk_stand_where_one_created_does(session: Session) -> None:
    one, team, module = launched(session)
    session.flush()
    assert team.name
    parsed = parse_users_csv(("email,name,team,roles\n" + "".join(
        f"bulk{i}@example.com,Bulk {i},{team.name},rep\n" for i in range(30))).encode())
    result = store_users(session=session, parsed=parsed, base_url=BASE)
    certs = service.for_users(session=session, user_ids=result.created)
    assert len(certs) == 30
    single = cert_of(session, one, module)
    assert {(c.state, c.drill_percent, c.pitches_met, c.pitches_required, c.summary,
             c.version, c.due_at) for c in certs} == {
        (single.state, single.drill_percent, single.pitches_met, single.pitches_required,
         single.summary, single.version, single.due_at)}
    notes = session.exec(select(CertificationEvent).where(
        col(CertificationEvent.certification_id).in_([c.id for c in certs]))).all()
    assert len(notes) == 30 and all(n.reason.startswith("Assigned: version 1") for n in notes)
