"""Shared fixtures: one database built by the migrations, each test in a rolled-back
transaction; the same suite runs on PostgreSQL when ONMESSAGE_TEST_DATABASE_URL is set."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from app.db import READ_ONLY, make_engine
from app.deps import get_session, mark_read_only, stream_session_opener
from app.main import create_app
from app.migrations import upgrade
from app.settings import Settings
from tests.shared_app import routes_of, warmed
from tests.workers import per_worker_pg

pytest_plugins = ["tests.served"]  # the app as `make run` serves it (see tests/served.py)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEST_SECRET = "test-secret-key-that-is-long-enough-for-production-0123456789"
# Tests that need the machine (and their worker's thread) to themselves: speech streamed in
# real time (Chromium's fake microphone, live Whisper passes), and the few below. `make
# test` runs them after the parallel pass, one at a time, in collection order.
REALTIME = ("tests/browser/test_live_pitch.py", "tests/browser/test_live_roleplay.py",
            "tests/browser/test_pitch_recording.py", "tests/browser/test_spoken_drill.py",
            "tests/live_practice/test_protocol.py", "tests/live_practice/test_roleplay.py",
            "tests/live_practice/test_spoken_drill.py",
            # measures how long a 10,000-row import holds the writer against the request's
            # own time: a parallel neighbour's load decides it, not the code
            "tests/live/test_imports_live.py",
            # runs its writes on this thread's own event loop, which a browser test that
            # ran first on the same worker (Playwright's loop) would be holding
            "tests/app/test_db_write.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(REALTIME):
            item.add_marker(pytest.mark.realtime)


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("ONMESSAGE_TEST_DATABASE_URL")
    if url:
        url = per_worker_pg(url)  # (pytest-xdist: a database per worker)
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    upgrade(url=database_url)
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    trans = conn.begin()
    yield conn
    trans.rollback()
    conn.close()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    # Commits inside the test (and in request handlers) release a SAVEPOINT; the outer
    # transaction is rolled back at the end so every test starts from the same state.
    with Session(bind=connection, join_transaction_mode="create_savepoint",
                 expire_on_commit=False) as s:
        yield s


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                    database_url=database_url, base_url="http://testserver")


@pytest.fixture(scope="session")
def _session_app(engine: Engine, database_url: str,
                 tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The application the `app` fixture hands every test. Built once because FastAPI
    builds a route's dependency analysis on the first request that reaches it, per app:
    an app per test paid that again on every page a test visited."""
    return warmed(create_app(Settings(environment="test", secret_key=TEST_SECRET,
                                      data_dir=tmp_path_factory.mktemp("app"),
                                      database_url=database_url,
                                      base_url="http://testserver"), engine=engine))


@pytest.fixture
def app(settings: Settings, engine: Engine, session: Session,
        _session_app: FastAPI) -> Iterator[FastAPI]:
    # The test's own app state (settings, a Database on them, an empty xAPI buffer) as
    # create_app makes it, served by the session's routes (tests/shared_app.py).
    with routes_of(_session_app, create_app(settings, engine=engine)) as application:
        yield _with_test_session(application, settings, session)


def _with_test_session(application: FastAPI, settings: Settings,
                       session: Session) -> FastAPI:
    def test_session(request: Request) -> Iterator[Session]:
        # As the served app does: a GET that writes (beyond drills bookkeeping) raises.
        mark_read_only(session, request, settings)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.info.pop(READ_ONLY, None)  # the test's own writes go on

    application.dependency_overrides[get_session] = test_session
    # A streamed response reads through the test's session too (its rows are not
    # committed, so another connection would not see them).
    application.dependency_overrides[stream_session_opener] = \
        lambda: lambda: contextlib.nullcontext(session)
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c
