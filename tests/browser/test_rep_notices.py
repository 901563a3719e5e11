"""The rep hears every decision, on the phone: a manager returns the pitch on a laptop,
the rep's inbox shows it with the comment, opening it marks it read and lands on the
certification page that asks for a new take. Screenshots: tests/_artifacts/notice-*.png.

The server is the demo organisation plus Jordan Lee's pitch waiting for sign-off
(`seed_pending_review`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _require_browser
from tests.browser.helpers import horizontal_overflow, sign_in
from tests.live_server import demo_server, seed_pending_review

COMMENT = "Open with the ransomware point, then the rollback."


@pytest.fixture(scope="module")
def notice_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    with demo_server(tmp_path_factory.mktemp("notices"), seed_pending_review) as base:
        yield base


def test_a_returned_pitch_reaches_the_rep_on_the_phone(notice_server: str, laptop: Any,
                                                       phone: Any, artifacts: Path) -> None:
    base = notice_server
    sign_in(laptop, base, "manager@example.com")
    laptop.goto(base + "/reviews")
    laptop.get_by_role("link", name="Jordan Lee").click()
    laptop.wait_for_selector("#decision-form")
    laptop.get_by_label("Comment to the rep").fill(COMMENT)
    laptop.get_by_role("button", name="Return with comments").click()
    laptop.wait_for_url(re.compile(r".*/reviews(\?.*)?$"))

    sign_in(phone, base, "jordan@example.com")
    # On a phone the inbox is the tab bar's (the top bar's copy is for wider screens).
    inbox_link = phone.locator(".tabbar a[href='/inbox']")
    assert re.search(r"\d+\s+unread", inbox_link.inner_text())
    inbox_link.click()
    phone.wait_for_url(base + "/inbox")
    item = phone.locator(".list-item.unread").filter(has_text="returned your pitch")
    item.wait_for()
    assert COMMENT in item.inner_text()
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(artifacts / "notice-1-inbox-phone.png"), full_page=True)

    item.get_by_role("button").click()
    phone.wait_for_url(re.compile(r".*/certification/\d+$"))
    assert phone.locator(".cert-state").first.inner_text().strip().lower() == "returned"
    record = phone.get_by_role("link", name="Record a new take")
    assert record.is_visible()
    assert COMMENT in phone.locator("body").inner_text()  # the comment, with the history
    phone.screenshot(path=str(artifacts / "notice-2-certification-phone.png"), full_page=True)

    phone.goto(base + "/inbox")
    opened = phone.locator(".list-item").filter(has_text="returned your pitch")
    assert "unread" not in (opened.get_attribute("class") or "")
