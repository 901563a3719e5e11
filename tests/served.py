"""The app as `make run` serves it, for the tests of error paths, access and journeys.

The ordinary `app` fixture shares the test's rolled-back connection with the app through a
dependency override: fast, but it wires the session differently from the served app, and
a whole class of bugs (every signed-in error page answered 500 while the suite passed)
lived in that difference. These fixtures build the app with `create_app(settings)` and
nothing else: its own engine, the real `get_session` dependency, the lifespan. Each test
gets a database of its own, cloned from one built by the migrations:

``served_settings``  settings of a fresh database (SQLite: `onmessage.db` in the test's
                     data directory, as `make run` has it; PostgreSQL when
                     ONMESSAGE_TEST_DATABASE_URL is set: a database cloned from a template)
``served_app``       `create_app(served_settings)`, no overrides
``served_client``    a TestClient of it, lifespan started (the job queue runs)
``served_session``   a session of the test's own on the same database, for arranging
                     state; its commits are real, so the app sees them. End its
                     transaction (commit or rollback) before reading what the app wrote.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.db import make_engine
from app.main import create_app
from app.migrations import upgrade
from app.settings import Settings
from tests.shared_app import routes_of, warmed
from tests.workers import per_worker_pg, pg_admin

SECRET = "served-test-secret-key-long-enough-for-production-0123456789"
PG_TEMPLATE = "served_template"


@contextlib.contextmanager
def pg_database(pg_url: str, prefix: str, template: str | None = None) -> Iterator[str]:
    """A database of its own on the PostgreSQL server of `pg_url` (a clone of `template`
    if given), dropped afterwards; yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = pg_admin(pg_url)
    clone = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{clone}'))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def served_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database built once by the migrations: a file path (SQLite) or a database name."""
    pg_url = os.environ.get("ONMESSAGE_TEST_DATABASE_URL")
    if not pg_url:
        path = tmp_path_factory.mktemp("served") / "template.db"
        upgrade(url=f"sqlite:///{path}")
        yield str(path)
        return
    # Named after the test database (one per xdist worker): runs on other databases of
    # the server, and other workers, have their own.
    template = f"{make_url(per_worker_pg(pg_url)).database}_{PG_TEMPLATE}"
    admin = pg_admin(pg_url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{template}"'))
    template_url = make_url(pg_url).set(database=template)
    upgrade(url=template_url.render_as_string(hide_password=False))
    yield template
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def served_settings(tmp_path: Path, served_template: str) -> Iterator[Settings]:
    pg_url = os.environ.get("ONMESSAGE_TEST_DATABASE_URL")
    data = tmp_path / "data"
    data.mkdir()
    if not pg_url:
        shutil.copyfile(served_template, data / "onmessage.db")
        yield Settings(environment="test", secret_key=SECRET, data_dir=data,
                       base_url="http://testserver")
        return
    with pg_database(pg_url, "onmessage_t", template=served_template) as url:
        yield Settings(environment="test", secret_key=SECRET, data_dir=data,
                       database_url=url, base_url="http://testserver")


@pytest.fixture(scope="session")
def _served_routes(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data = tmp_path_factory.mktemp("served-routes")
    return warmed(create_app(Settings(environment="test", secret_key=SECRET, data_dir=data,
                                      base_url="http://testserver")))


@pytest.fixture
def served_app(served_settings: Settings, _served_routes: FastAPI) -> Iterator[FastAPI]:
    fresh = create_app(served_settings)
    with routes_of(_served_routes, fresh) as application:
        assert not application.dependency_overrides
        yield application
    fresh.state.db.engine.dispose()


@pytest.fixture
def served_client(served_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(served_app, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def served_session(served_settings: Settings) -> Iterator[Session]:
    engine = make_engine(served_settings.resolved_database_url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()
