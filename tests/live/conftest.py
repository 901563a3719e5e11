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
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_server import demo_server, seed_pending_review
from tests.served import pg_database


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
    with pg_database(pg_url, "onmessage_live") as url:
        yield {"ONMESSAGE_DATABASE_URL": url}


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
