"""Every decision reaches the rep: the inbox API (reps and managers read and mark their own
items) and the notices emailed through a real SMTP server (aiosmtpd) when SMTP is set,
exactly once, retried when the server was down. Through the app as it is served."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import Message
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app import jobs, notice_mail
from app.clock import utcnow
from app.db import Database
from app.main import create_app
from app.models import InboxItem, Role
from app.settings import Settings
from certification import service
from tests.app.helpers import CSRF, bearer, cookie_sign_in
from tests.app.test_digest import _free_port, smtp_server  # noqa: F401 (a fixture)
from tests.certification.helpers import launched, manager_of, master, scored
from tests.factories import make_team, make_user


def _returned(session: Session) -> dict[str, Any]:
    """A rep whose pitch their manager returned with a comment (committed)."""
    now = utcnow()
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 92, now)
    proof = scored(session, rep, module, 1, "proof", 86, now)
    manager, reader = manager_of(session, team)
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                            now=now, base_url="http://testserver")
    service.decide(session=session, review_id=review.id or 0, reviewer=reader,
                   decision="returned", rubric=None, overrides=None,
                   comment="Lead with the restore time, then the proof.", now=now,
                   base_url="http://testserver")
    session.commit()
    return {"rep": rep, "manager": manager, "module": module}


def test_the_rep_reads_the_return_through_the_api_and_marks_it_read(
        served_client: TestClient, served_session: Session) -> None:
    w = _returned(served_session)
    rep_auth = bearer(served_session, w["rep"])
    inbox = served_client.get("/api/v1/inbox", headers=rep_auth)
    assert inbox.status_code == 200, inbox.text
    body = inbox.json()
    returned = next(i for i in body["items"] if i["kind"] == "certification_returned")
    assert "Lead with the restore time" in returned["body"]
    assert returned["url"] == f"http://testserver{returned['link']}"
    assert returned["read_at"] is None and body["unread"] == len(body["items"]) >= 1

    marked = served_client.post(f"/api/v1/inbox/{returned['id']}/read", headers=rep_auth)
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    after = served_client.get("/api/v1/inbox?unread_only=true", headers=rep_auth).json()
    assert returned["id"] not in [i["id"] for i in after["items"]]
    assert after["unread"] == body["unread"] - 1

    # The manager has their own inbox (the sign-off request), and cannot touch the rep's.
    manager_auth = bearer(served_session, w["manager"])
    theirs = served_client.get("/api/v1/inbox", headers=manager_auth).json()["items"]
    assert [i["kind"] for i in theirs] == ["certification_review"]
    refused = served_client.post(f"/api/v1/inbox/{returned['id']}/read",
                                 headers=manager_auth)
    assert refused.status_code == 404 and "inbox" in refused.json()["detail"]

    everything = served_client.post("/api/v1/inbox/read", headers=rep_auth).json()
    assert everything == {"marked": after["unread"], "unread": 0}


def _with_smtp(settings: Settings, port: int) -> Database:
    return Database(settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "notices@onmessage.test"}))


def test_notices_are_emailed_once_with_what_to_do(
        served_settings: Settings, served_session: Session,
        smtp_server: tuple[int, list[Message]]) -> None:  # noqa: F811
    port, received = smtp_server
    w = _returned(served_session)
    db = _with_smtp(served_settings, port)
    run = notice_mail.send_pending(db=db, now=utcnow())
    assert (run.claimed, run.sent, run.failed) == (2, 2, 0), run.errors
    by_to = {m["To"]: m for m in received}
    to_rep = by_to[w["rep"].email]
    assert to_rep["Subject"].startswith("OnMessage: ") and "returned your pitch" in \
        to_rep["Subject"]
    text = str(to_rep.get_payload(decode=True), "utf-8")
    assert "Lead with the restore time" in text and "Record a new take" in text
    assert "http://testserver/certification/" in text
    assert "sign-off" in by_to[w["manager"].email]["Subject"]
    # Launch notices stay in the app only; nothing is sent twice.
    again = notice_mail.send_pending(db=db, now=utcnow())
    assert again.claimed == 0 and len(received) == 2


def test_a_notice_waits_for_the_smtp_server_and_is_sent_when_it_is_back(
        served_settings: Settings, served_session: Session,
        smtp_server: tuple[int, list[Message]]) -> None:  # noqa: F811
    port, received = smtp_server
    _returned(served_session)
    down = notice_mail.send_pending(db=_with_smtp(served_settings, _free_port()),
                                    now=utcnow())
    assert (down.claimed, down.sent, down.failed) == (2, 0, 2)
    assert down.errors and "SMTP 127.0.0.1" in down.errors[0]
    served_session.rollback()
    attempts = served_session.exec(select(InboxItem.email_attempts, InboxItem.emailed_at).where(
        col(InboxItem.kind).in_(notice_mail.EMAILED_KINDS))).all()
    assert sorted(attempts) == [(1, None), (1, None)]
    back = notice_mail.send_pending(db=_with_smtp(served_settings, port), now=utcnow())
    assert (back.sent, len(received)) == (2, 2)


def test_without_smtp_nothing_is_claimed_and_old_notices_are_never_mailed(
        served_settings: Settings, served_session: Session,
        smtp_server: tuple[int, list[Message]]) -> None:  # noqa: F811
    port, received = smtp_server
    _returned(served_session)
    assert notice_mail.send_pending(db=Database(served_settings), now=utcnow()).claimed == 0
    # SMTP configured three days later: the notices are too old to be worth an email.
    later = notice_mail.send_pending(db=_with_smtp(served_settings, port),
                                     now=utcnow() + timedelta(days=3))
    assert later.claimed == 0 and received == []


def test_the_mail_job_runs_with_the_service(served_settings: Settings) -> None:
    assert jobs.NOTICE_MAIL_KIND in [p.kind for p in jobs.SERVICE_PERIODIC]
    assert jobs.HANDLERS[jobs.NOTICE_MAIL_KIND] is jobs.run_notice_mail


@pytest.mark.parametrize("role", [Role.MARKETING, Role.ADMIN])
def test_every_role_has_an_inbox(served_client: TestClient, served_session: Session,
                                 role: Role) -> None:
    person = make_user(served_session, role, team=make_team(served_session))
    answer = served_client.get("/api/v1/inbox", headers=bearer(served_session, person))
    assert answer.status_code == 200 and answer.json() == {"items": [], "unread": 0}


def test_invites_for_everyone_not_joined_are_emailed_when_smtp_is_set(
        served_settings: Settings, served_session: Session,
        smtp_server: tuple[int, list[Message]]) -> None:  # noqa: F811
    port, received = smtp_server
    admin = make_user(served_session, Role.ADMIN)
    waiting = [make_user(served_session, Role.REP, team=make_team(served_session),
                         name=f"New Rep {i}") for i in range(2)]
    for person in waiting:
        person.password_hash = None  # imported, never joined
        served_session.add(person)
    served_session.commit()
    app = create_app(served_settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "invites@onmessage.test"}))
    with TestClient(app, base_url="http://testserver") as client:
        cookie_sign_in(client, served_session, admin)
        page = client.post("/admin/invites", data={"csrf_token": CSRF})
        assert page.status_code == 200, page.text
        assert "Emailed 2 of 2 invites" in page.text
        by_to = {m["To"]: m for m in received}
        assert set(by_to) == {p.email for p in waiting}
        text = str(by_to[waiting[0].email].get_payload(decode=True), "utf-8")
        link = re.search(r"http://testserver(/invite/\S+)", text)
        assert link and "New Rep 0" in text
        assert client.get(link.group(1)).status_code == 200  # the emailed link works
