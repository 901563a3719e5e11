"""The live suite: probes replayed over HTTP against `onmessage serve`, started the way
`make run` starts it (migrate, demo, serve, in a data directory of its own).

``live_db``     (module) extra server settings: none on SQLite; with
                ONMESSAGE_TEST_DATABASE_URL set, a fresh PostgreSQL database of its own
``import_server`` (module) the plain demo organisation
``demo``        (module) base URL of a served demo organisation in which Jordan Lee's
                scored pitch waits for sign-off (see tests/browser/test_manager_review.py)
``tests.live.http``: `signed_in(base, email)` an httpx client signed in through the form.

Every test in this folder is marked `live`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.live_server import REPO, demo_server
from tests.served import _pg_admin


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="module")
def live_db() -> Iterator[dict[str, str]]:
    pg_url = os.environ.get("ONMESSAGE_TEST_DATABASE_URL")
    if not pg_url:
        yield {}
        return
    name = f"onmessage_live_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin(pg_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        yield {"ONMESSAGE_DATABASE_URL": url}
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed_pending_review(env: dict[str, str]) -> None:
    """Jordan Lee (West) has mastered drills and a scored pitch waiting for sign-off."""
    done = subprocess.run([sys.executable, "-c", "import sys; from tests.browser."
                           "test_manager_review import seed; seed(sys.argv[1])",
                           env["ONMESSAGE_DATA_DIR"]],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, live_db: dict[str, str]) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("live"), seed_pending_review,
                     settings=live_db) as base:
        yield base


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory,
                  live_db: dict[str, str]) -> Iterator[str]:
    """The plain demo organisation, for the big-import probes."""
    with demo_server(tmp_path_factory.mktemp("imports"), settings=live_db) as base:
        yield base
