"""The weekly digest: what marketing and each manager read, in the app once per week, and
by email through a real SMTP server (aiosmtpd) when one is configured."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app import digest, jobs
from app.cli import cli
from app.db import Database
from app.migrations import upgrade
from app.models import InboxItem, Role, User
from app.settings import Settings, get_settings
from drills.drill_models import Drill, DrillCard, DrillReview
from drills.field_report_models import FieldReport
from drills.scheduling import REVIEW
from tests.certification.helpers import BASE, T0, launched, master
from tests.conftest import TEST_SECRET
from tests.factories import make_team, make_user

NOW = T0 + timedelta(days=3)


@dataclass
class People:
    marketing: User
    manager: User
    other_manager: User
    rep: User


def scenario(session: Session) -> People:
    """v1 launched this week with a one-day deadline the rep missed; one message is
    forgotten half the time; a manager of another team sees none of it."""
    rep, team, module = launched(session, now=T0, due_days=1)
    rep.name = "Rita Rep"
    session.add(rep)
    master(session, rep, module, T0)
    cards = session.exec(select(DrillCard, Drill).join(Drill, col(Drill.id) == DrillCard.drill_id)
                         .where(DrillCard.user_id == rep.id, Drill.kind != "objection")).all()
    by_subject = {drill.subject: (card, drill) for card, drill in cards}
    for subject, ratings in (("tested", [1, 3]), ("immutable", [3, 3])):
        if subject not in by_subject:
            continue
        card, drill = by_subject[subject]
        for i, rating in enumerate(ratings):
            session.add(DrillReview(card_id=card.id or 0, user_id=rep.id or 0,
                                    drill_id=drill.id or 0, rating=rating, source="tap",
                                    reviewed_at=T0 + timedelta(hours=i), state_before=REVIEW,
                                    state_after=REVIEW, due_after=T0 + timedelta(days=5)))
    marketing = make_user(session, Role.MARKETING, name="Mia Marketing")
    manager = make_user(session, Role.MANAGER, manages=(team,), name="Max Manager")
    other = make_user(session, Role.MANAGER, manages=(make_team(session),), name="Olga Other")
    session.add(FieldReport(user_id=rep.id, team_id=team.id, module_id=module.id, version=1,
                            message_id="tested", kind="pushback", note="", source="message",
                            status="new", created_at=NOW - timedelta(days=1),
                            updated_at=NOW - timedelta(days=1)))
    session.flush()
    return People(marketing, manager, other, rep)


def sections(d: digest.Digest) -> dict[str, list[str]]:
    return dict(d.sections)


def test_marketing_and_managers_each_get_their_view(session: Session) -> None:
    people = scenario(session)
    built = {d.user_id: d for d in digest.build_all(session=session, now=NOW, base_url=BASE)}
    assert set(built) >= {people.marketing.id, people.manager.id, people.other_manager.id}
    assert people.rep.id not in built

    mine = sections(built[people.manager.id or 0])
    assert any("v1 published" in line for line in mine["What changed"])
    assert any("v1 launched to" in line for line in mine["What changed"])
    assert [line for line in mine["Overdue"] if "Rita Rep" in line]
    assert "'tested'" in mine["Weakest message"][0]
    assert "50%" in mine["Weakest message"][0]

    theirs = sections(built[people.other_manager.id or 0])
    assert theirs["What changed"] == [] and theirs["Overdue"] == []
    assert theirs["Weakest message"] == []

    market = sections(built[people.marketing.id or 0])
    assert [line for line in market["Overdue"] if "Rita Rep" in line]
    assert market["New field reports"] == ["Harbor harbor-cert: 1"]
    assert mine["New field reports"] == ["Harbor harbor-cert: 1"]
    assert theirs["New field reports"] == []
    body = built[people.manager.id or 0].body
    assert body.startswith("What changed\n- ") and "- nothing this week" not in body


def test_digest_is_once_per_week_in_the_inbox(session: Session) -> None:
    people = scenario(session)
    digests = digest.build_all(session=session, now=NOW, base_url=BASE)
    first = digest.deliver_in_app(session=session, digests=digests, now=NOW)
    assert {d.user_id for d in first} >= {people.marketing.id, people.manager.id}
    again = digest.build_all(session=session, now=NOW + timedelta(hours=1), base_url=BASE)
    assert digest.deliver_in_app(session=session, digests=again, now=NOW) == []
    item = session.exec(select(InboxItem).where(InboxItem.user_id == people.manager.id,
                                                InboxItem.kind == digest.KIND)).one()
    assert item.dedupe_key == f"digest:{digest.week_of(NOW)}:{people.manager.id}"
    assert "Overdue" in item.body and item.link == "/certification/team"
    next_week = digest.build_all(session=session, now=NOW + timedelta(days=7), base_url=BASE)
    assert digest.deliver_in_app(session=session, digests=next_week, now=NOW)


# --- a real database, a real SMTP server -----------------------------------------------------


@pytest.fixture
def own_db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'digest.db'}"
    upgrade(url=url)
    db = Database(Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                           database_url=url, base_url=BASE))
    with db.session() as s:
        scenario(s)
        s.commit()
    yield db
    db.engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    controller_mod = pytest.importorskip(
        "aiosmtpd.controller", reason="aiosmtpd (dev extra) is needed for the SMTP test")
    received: list[Message] = []

    class Collect:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(message_from_bytes(envelope.content))
            return "250 OK"

    port = _free_port()
    controller = controller_mod.Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def with_smtp(db: Database, port: int | None) -> Database:
    update: dict[str, Any] = {"smtp_host": "127.0.0.1" if port else None,
                              "smtp_port": port or 25, "smtp_from": "digest@onmessage.test"}
    return Database(db.settings.model_copy(update=update), engine=db.engine)


def test_digest_is_emailed_through_smtp_once(own_db: Database,
                                             smtp_server: tuple[int, list[Message]]) -> None:
    port, received = smtp_server
    db = with_smtp(own_db, port)
    result = digest.send_weekly(db=db, now=NOW)
    assert result.created == 3 and result.emailed == 3, result.email_errors
    by_to = {m["To"]: m for m in received}
    manager_mail = next(m for to, m in by_to.items() if "Max" in str(m.get_payload()))
    assert manager_mail["From"] == "digest@onmessage.test"
    assert manager_mail["Subject"].startswith("OnMessage: Weekly digest")
    text = str(manager_mail.get_payload(decode=True), "utf-8")
    assert "Rita Rep" in text and f"{BASE}/certification/team" in text
    again = digest.send_weekly(db=db, now=NOW + timedelta(hours=2))
    assert (again.created, again.emailed) == (0, 0) and len(received) == 3


def test_smtp_down_keeps_the_in_app_digest(own_db: Database) -> None:
    db = with_smtp(own_db, _free_port())
    result = digest.send_weekly(db=db, now=NOW)
    assert result.created == 3 and result.emailed == 0
    assert result.email_errors and "SMTP 127.0.0.1" in result.email_errors[0]
    with own_db.session() as s:
        kinds = s.exec(select(InboxItem.kind).where(InboxItem.kind == digest.KIND)).all()
        assert len(kinds) == 3


def test_weekly_job_is_scheduled_with_the_service_and_sends(own_db: Database) -> None:
    assert jobs.DIGEST_KIND in [p.kind for p in jobs.SERVICE_PERIODIC]
    created = jobs.schedule_periodic(
        db=own_db, now=datetime.now(T0.tzinfo),
        periodic=[jobs.Periodic(jobs.DIGEST_KIND, jobs.DIGEST_EVERY_S)])
    assert jobs.run_job(own_db, created[0]) == "done"
    with own_db.session() as s:
        assert len(s.exec(select(InboxItem.id).where(InboxItem.kind == digest.KIND)).all()) == 3


def test_cli_dry_run_then_send(own_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ONMESSAGE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ONMESSAGE_DATABASE_URL", own_db.settings.resolved_database_url)
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "test")
    monkeypatch.setenv("ONMESSAGE_SECRET_KEY", TEST_SECRET)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        dry = runner.invoke(cli, ["digest", "send", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "Would consider 3 digest(s)" in dry.output and "What changed" in dry.output
        with own_db.session() as s:
            assert s.exec(select(InboxItem.id).where(InboxItem.kind == digest.KIND)).all() == []
        real = runner.invoke(cli, ["digest", "send"])
        assert "Sent 3 new digest(s) in-app, 0 by email." in real.output
        again = runner.invoke(cli, ["digest", "send"])
        assert "Sent 0 new digest(s) in-app" in again.output
    finally:
        get_settings.cache_clear()
