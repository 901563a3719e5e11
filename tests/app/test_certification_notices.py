"""Certification notices and upkeep through the platform: managers told of a submission,
the periodic job and the CLI run the sweep, and admins revoke credentials."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app import jobs
from app.cli import cli
from app.clock import utcnow
from app.db import Database
from app.job_models import JOB_DONE, Job
from app.migrations import upgrade
from app.models import InboxItem, Role, User
from app.settings import Settings, get_settings
from certification import service
from certification import state as st
from certification.models import CertificationEvent, Credential, Review
from tests.app.helpers import CSRF, cookie_sign_in, snapshot
from tests.certification.helpers import (
    BASE,
    cert_of,
    launched,
    master,
    refresh,
    scored,
)
from tests.conftest import TEST_SECRET
from tests.factories import make_team, make_user


def inbox(session: Session, user: User) -> list[InboxItem]:
    return list(session.exec(select(InboxItem).where(InboxItem.user_id == user.id)
                             .order_by(col(InboxItem.id))).all())


# --- the manager hears of a submission ----------------------------------------------------


def test_managers_of_the_team_are_told_of_a_submission(session: Session) -> None:
    now = utcnow()
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 92, now)
    proof = scored(session, rep, module, 1, "proof", 86, now)
    manager = make_user(session, Role.MANAGER, manages=(team,))
    co_manager = make_user(session, Role.MANAGER, manages=(team,))
    outsider = make_user(session, Role.MANAGER, manages=(make_team(session),))
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                            now=now, base_url=BASE)
    for person in (manager, co_manager):
        (item,) = inbox(session, person)
        assert item.kind == "certification_review" and item.link == f"/reviews/{review.id}"
        # The pitch as people know it (its prompt), not the playbook's id "proof".
        assert rep.name in item.title and "“Convince the IT director.”" in item.body
    assert inbox(session, outsider) == [] and inbox(session, rep) == []
    history = service.history(session=session, cert_id=review.certification_id)
    assert any("“Convince the IT director.”" in e.reason for e in history)
    assert not any("'proof'" in e.reason for e in history)


def test_the_manager_follows_the_notice_to_the_review(client: TestClient,
                                                      session: Session) -> None:
    now = utcnow()
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 92, now)
    proof = scored(session, rep, module, 1, "proof", 86, now)
    manager = make_user(session, Role.MANAGER, manages=(team,))
    session.commit()
    cookie_sign_in(client, session, rep)
    cert = cert_of(session, rep, module)
    r = client.post(f"/certification/{cert.id}/submit",
                    data={"attempt_id": str(proof.id), "csrf_token": CSRF},
                    headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert r.status_code == 303, r.text
    (item,) = inbox(session, manager)
    cookie_sign_in(client, session, manager)
    assert client.get(item.link or "").status_code == 200
    review = session.exec(select(Review).where(Review.user_id == rep.id)).one()
    assert item.link == f"/reviews/{review.id}"


# --- the periodic job and the CLI run the sweep -------------------------------------------


@pytest.fixture
def own_db(tmp_path: Path) -> Iterator[Database]:
    """A real, committed database file: the job opens its own sessions on it."""
    url = f"sqlite:///{tmp_path / 'sweep.db'}"
    upgrade(url=url)
    settings = Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                        database_url=url)
    db = Database(settings)
    yield db
    db.engine.dispose()


def expired_certification(db: Database) -> dict[str, int]:
    """A rep certified 200 days ago on a module valid for 180: its clock ran out."""
    past = utcnow() - timedelta(days=200)
    with db.session() as s:
        rep, _team, module = launched(s, signoff=False, now=past)
        master(s, rep, module, past)
        scored(s, rep, module, 1, "elevator", 90, past)
        scored(s, rep, module, 1, "proof", 90, past)
        refresh(s, rep, past)
        cert = cert_of(s, rep, module)
        assert cert.state == st.CERTIFIED
        s.commit()
        return {"rep": rep.id or 0, "cert": cert.id or 0}


def state_and_inbox(db: Database, ids: dict[str, int]) -> tuple[str, list[str]]:
    with db.session() as s:
        cert = s.get(service.Certification, ids["cert"])
        assert cert is not None
        kinds = sorted(s.exec(select(InboxItem.kind).where(InboxItem.user_id == ids["rep"])))
        return cert.state, kinds


def test_periodic_job_is_scheduled_once_per_slot_and_runs_the_sweep(own_db: Database) -> None:
    ids = expired_certification(own_db)
    now = utcnow()
    created = jobs.schedule_periodic(db=own_db, now=now)
    assert len(created) == 1
    # Another process (or this one again) in the same slot adds nothing.
    assert jobs.schedule_periodic(db=own_db, now=now) == []
    queue = jobs.InProcessQueue(own_db, periodic=jobs.PERIODIC)
    assert queue.run_pending() == 1
    state, kinds = state_and_inbox(own_db, ids)
    assert state == st.LAPSED and kinds.count("certification_lapsed") == 1
    with own_db.session() as s:
        job = s.get(Job, created[0])
        assert job is not None and job.kind == jobs.SWEEP_KIND and job.status == JOB_DONE
        event = s.exec(select(CertificationEvent).where(
            CertificationEvent.certification_id == ids["cert"],
            CertificationEvent.to_state == st.LAPSED)).one()
        assert event.by_id is None  # the system
    # The worker's own schedule() asks the database only when a new slot comes round; the
    # next slot's run finds nothing more to do or send.
    queue.schedule()
    assert queue.schedule() == []
    later = jobs.PERIODIC[0].every_s
    jobs.schedule_periodic(db=own_db, now=now + timedelta(seconds=later))
    queue.run_pending()
    assert state_and_inbox(own_db, ids) == (state, kinds)


def test_web_process_schedules_the_sweep_outside_tests(own_db: Database) -> None:
    queue = jobs.start_queue(own_db.settings, own_db)
    try:
        assert isinstance(queue, jobs.InProcessQueue) and queue.periodic == ()
    finally:
        queue.stop()
    live = own_db.settings.model_copy(update={"environment": "development"})
    queue = jobs.start_queue(live, own_db)
    try:
        assert isinstance(queue, jobs.InProcessQueue)
        assert [p.kind for p in queue.periodic] == [p.kind for p in jobs.SERVICE_PERIODIC]
        assert jobs.SWEEP_KIND in [p.kind for p in queue.periodic]
        assert jobs.wait_for(lambda: state_of_jobs(own_db) == [JOB_DONE], timeout=10)
    finally:
        queue.stop()


def state_of_jobs(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.exec(select(Job.status).where(Job.kind == jobs.SWEEP_KIND)))


@pytest.fixture
def cli_env(own_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    for name in list(os.environ):
        if name.startswith("ONMESSAGE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ONMESSAGE_DATABASE_URL", own_db.settings.resolved_database_url)
    monkeypatch.setenv("ONMESSAGE_DATA_DIR", str(own_db.settings.data_dir))
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "test")
    monkeypatch.setenv("ONMESSAGE_SECRET_KEY", TEST_SECRET)
    get_settings.cache_clear()
    yield own_db
    get_settings.cache_clear()


def test_cli_sweep_dry_run_then_for_real_then_nothing_new(cli_env: Database) -> None:
    ids = expired_certification(cli_env)
    runner = CliRunner()
    dry = runner.invoke(cli, ["certification", "sweep", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would lapse 1 certification(s)" in dry.output
    # (The rep was told when they were certified; nothing about the lapse yet.)
    assert state_and_inbox(cli_env, ids) == (st.CERTIFIED, ["certification_certified"])

    real = runner.invoke(cli, ["certification", "sweep"])
    assert real.exit_code == 0, real.output
    assert "Lapsed 1 certification(s); sent 1 new notice(s)." in real.output
    assert state_and_inbox(cli_env, ids) == (st.LAPSED, ["certification_certified",
                                                         "certification_lapsed"])

    again = runner.invoke(cli, ["certification", "sweep"])
    assert "Lapsed 0 certification(s); sent 0 new notice(s)." in again.output


# --- admins revoke credentials --------------------------------------------------------------


def certified_rep(session: Session) -> dict[str, Any]:
    now = utcnow()
    rep, team, module = launched(session, signoff=False, now=now)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 90, now)
    scored(session, rep, module, 1, "proof", 90, now)
    refresh(session, rep, now)
    cred = session.exec(select(Credential).where(Credential.user_id == rep.id)).one()
    manager = make_user(session, Role.MANAGER, manages=(team,))
    admin = make_user(session, Role.ADMIN)
    session.commit()
    return {"rep": rep, "module": module, "cred": cred, "manager": manager, "admin": admin}


def test_admin_revokes_through_the_api_and_verification_says_revoked(
        client: TestClient, session: Session) -> None:
    w = certified_rep(session)
    jti = w["cred"].jti
    public = TestClient(client.app)
    assert public.get(f"/api/v1/credentials/{jti}/verification").json()["status"] == "valid"

    for who in ("rep", "manager"):
        cookie_sign_in(client, session, w[who])
        before = snapshot(session)
        refused = client.post(f"/api/v1/credentials/{jti}/revoke",
                              json={"reason": "Nope"}, headers={"X-CSRF-Token": CSRF})
        assert refused.status_code == 403
        assert snapshot(session) == before
    anon = public.post(f"/api/v1/credentials/{jti}/revoke", json={"reason": "Nope"})
    assert anon.status_code in (401, 403)

    cookie_sign_in(client, session, w["admin"])
    blank = client.post(f"/api/v1/credentials/{jti}/revoke", json={"reason": "   "},
                        headers={"X-CSRF-Token": CSRF})
    assert blank.status_code == 422
    unknown = client.post("/api/v1/credentials/nope/revoke", json={"reason": "x"},
                          headers={"X-CSRF-Token": CSRF})
    assert unknown.status_code == 404
    done = client.post(f"/api/v1/credentials/{jti}/revoke",
                       json={"reason": "Issued to the wrong person"},
                       headers={"X-CSRF-Token": CSRF})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "revoked"
    assert done.json()["revoked_reason"] == "Issued to the wrong person"
    again = client.post(f"/api/v1/credentials/{jti}/revoke", json={"reason": "Second"},
                        headers={"X-CSRF-Token": CSRF})
    assert again.json()["revoked_reason"] == "Issued to the wrong person"  # idempotent

    status = public.get(f"/api/v1/credentials/{jti}/verification").json()
    assert status["status"] == "revoked" and status["revoked_at"] is not None
    assert public.post("/api/v1/credentials/verify",
                       json={"token": w["cred"].token}).json()["status"] == "revoked"
    session.expire_all()
    cert = cert_of(session, w["rep"], w["module"])
    assert cert.state == st.CERTIFIED  # the certification stands; its public proof is withdrawn
    notes = [e.reason for e in service.history(session=session, cert_id=cert.id or 0)]
    assert any("revoked: Issued to the wrong person" in n for n in notes)


def test_admin_revokes_from_the_verification_page(client: TestClient,
                                                  session: Session) -> None:
    w = certified_rep(session)
    jti = w["cred"].jti
    cookie_sign_in(client, session, w["manager"])
    assert "Revoke this credential" not in client.get(f"/credentials/{jti}").text
    cookie_sign_in(client, session, w["admin"])
    page = client.get(f"/credentials/{jti}")
    assert "Revoke this credential" in page.text and f'/credentials/{jti}/revoke' in page.text
    r = client.post(f"/credentials/{jti}/revoke",
                    data={"reason": "Issued in error", "csrf_token": CSRF},
                    headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/credentials/{jti}"
    after = client.get(f"/credentials/{jti}")
    assert "Revoked" in after.text and "Revoke this credential" not in after.text
    assert "Issued in error" in after.text
    public = TestClient(client.app)
    assert "Revoked" in public.get(f"/credentials/{jti}").text
    assert "Issued in error" not in public.get(f"/credentials/{jti}").text
