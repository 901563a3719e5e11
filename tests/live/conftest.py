"""Fixtures for tests against a real `onmessage serve` that need no browser.

``import_server``  (module) base URL of the server on the demo organisation in a temporary
                   data directory (see ``demo_server`` in tests/browser/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import demo_server


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("imports")) as base:
        yield base
