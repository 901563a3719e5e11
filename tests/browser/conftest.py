"""Browser test fixtures: the real server in a subprocess and headless Chromium.

Reusable by any browser test (mark it ``@pytest.mark.browser``; tests in this folder
are marked automatically):

``live_server``  (session) base URL of ``onmessage serve`` on a free port, started after
                 ``onmessage migrate`` and ``onmessage demo`` on a SQLite database in a
                 temporary data directory (ONMESSAGE_DEMO=1; tests/live_server.py). Demo
                 sign-ins use ``DEMO_PASSWORD``; see app/demo.py for the people. Stopped at
                 the end.
``browser``      (session) headless Debian Chromium (/usr/bin/chromium) via Playwright.
``phone``        a fresh page in a 360x740 touch phone context (scale 2).
``laptop``       a fresh page in a 1280x800 context.
                 Both fail the test on any Content-Security-Policy violation a page
                 reports (``tests.browser.helpers.watch_csp``) and on any WCAG 2.1 AA
                 violation axe-core finds on a page it loads or after an htmx swap
                 (``watch_axe``; axe-core comes from npm, see .ci/run).
``artifacts``    tests/_artifacts/ (gitignored), for screenshots you then look at.
``tests.browser.helpers``: ``sign_in(page, live_server, email)`` signs a demo person in
through the form; ``horizontal_overflow(page)`` measures sideways scrolling.

Everything is skipped, with the reason, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import REPO, demo_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "tests" / "_artifacts"
# The live server's data directory (its SQLite database is onmessage.db there), for tests
# that must arrange state no page can (e.g. a card that has fallen due).
LIVE_DATA: dict[str, Path] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is missing (pip install -e '.[dev]')")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    data = tmp_path_factory.mktemp("live")
    LIVE_DATA["dir"] = data
    with demo_server(data) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def _page(browser: Any, **context_args: Any) -> Iterator[Any]:
    from tests.browser.helpers import finish_axe, watch_axe, watch_csp

    context = browser.new_context(**context_args)
    context.set_default_timeout(15_000)
    violations = watch_csp(context)
    inaccessible = watch_axe(context)
    try:
        yield context.new_page()
        # Every browser test also checks that nothing it did broke the CSP, and that every
        # page it saw passes axe-core's WCAG 2.1 AA checks.
        assert violations == [], "CSP violations:\n" + "\n".join(violations)
        finish_axe(context)
        assert inaccessible == [], "Accessibility (axe-core):\n" + "\n".join(inaccessible)
    finally:
        context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    with _page(browser, viewport={"width": 360, "height": 740}, is_mobile=True,
               has_touch=True, device_scale_factor=2) as page:
        yield page


@pytest.fixture
def laptop(browser: Any) -> Iterator[Any]:
    with _page(browser, viewport={"width": 1280, "height": 800}) as page:
        yield page


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
