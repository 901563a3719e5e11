"""A read that shows a rep's drills first aligns their cards with new launches in a write
of its own: the read itself never writes, so it never needs SQLite to upgrade a read to a
write (which fails at once when another writer came first) and nothing replays it.
Through the app as it is served."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Role
from app.settings import Settings
from drills.drill_models import DrillCard
from tests.app.helpers import bearer, cookie_sign_in
from tests.certification.helpers import do_launch, launched, playbook, publish
from tests.factories import make_user


def _cards(session: Session, user_id: int) -> int:
    session.rollback()
    return len(session.exec(select(DrillCard.id).where(DrillCard.user_id == user_id)).all())


def test_a_new_launch_reaches_the_rep_on_their_next_read(
        served_client: TestClient, served_session: Session) -> None:
    rep, team, _module = launched(served_session)
    served_session.commit()
    auth = bearer(served_session, rep)
    assert _cards(served_session, rep.id or 0) == 0  # nothing synced yet
    due = served_client.get("/api/v1/drills/due?limit=5", headers=auth)
    assert due.status_code == 200 and due.json()["due"], due.text
    first = _cards(served_session, rep.id or 0)
    assert first > 0

    other = publish(served_session, playbook(1, slug="second-module"))
    from drills.modules import get_module
    do_launch(served_session, get_module(session=served_session, slug="second-module"),
              other.version, team, other.published_at)
    served_session.commit()
    for path in ("/", "/drills", "/drills/progress"):
        cookie_sign_in(served_client, served_session, rep)
        page = served_client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
    assert _cards(served_session, rep.id or 0) > first


def test_the_sync_waits_for_another_writer_instead_of_failing(
        served_client: TestClient, served_session: Session,
        served_settings: Settings) -> None:
    if served_settings.resolved_database_url.startswith("postgresql"):
        pytest.skip("SQLite's single writer is what this is about")
    rep, _team, _module = launched(served_session)
    served_session.commit()
    auth = bearer(served_session, rep)
    # Another process (the CLI, a job) holds SQLite's write lock for a moment.
    path = served_settings.resolved_database_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, holder.execute, args=("COMMIT",))
    release.start()
    started = time.monotonic()
    due = served_client.get("/api/v1/drills/due?limit=1", headers=auth)
    waited = time.monotonic() - started
    release.join()
    holder.close()
    assert due.status_code == 200 and due.json()["due"], due.text
    assert waited >= 0.9  # it waited for the lock, and then synced


def test_a_manager_page_read_writes_nothing(served_client: TestClient,
                                            served_session: Session) -> None:
    _rep, team, _module = launched(served_session)
    manager = make_user(served_session, Role.MANAGER, manages=(team,))
    served_session.commit()
    cookie_sign_in(served_client, served_session, manager)
    assert served_client.get("/").status_code == 200
