"""The demo rep does a short drill session on a 360 px phone: every kind, one card at a
time, feedback after each, and the home then shows the streak."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import horizontal_overflow, sign_in
from tests.browser.test_sign_in import small_tap_targets

pytestmark = pytest.mark.browser

CARDS = 9  # enough to meet recall, objection and pick cards (new cards come recall-first)


def _kind(page: Any) -> str:
    return str(page.locator(".drill-card").first.get_attribute("class"))


def _wait_gone(page: Any, drill_id: str | None) -> None:
    """Wait until the answered card has been swapped out of the stage."""
    page.wait_for_function(
        "id => !document.querySelector(`.drill-card[data-drill='${id}']`)", arg=drill_id)


def test_rep_completes_a_drill_session_on_a_phone(live_server: str, phone: Any,
                                                  artifacts: Path) -> None:
    sign_in(phone, live_server, "rep@example.com")
    practice = phone.locator("a.practice-card")
    assert practice.is_visible()
    assert "drills due" in practice.inner_text()
    phone.screenshot(path=str(artifacts / "drills-home-before.png"), full_page=True)
    practice.click()
    phone.wait_for_url(live_server + "/drills")
    seen: set[str] = set()
    for n in range(CARDS):
        card = phone.locator(".drill-card").first
        card.wait_for()
        classes = _kind(phone)
        kind = next(k for k in ("recall", "objection", "gap", "pick") if f"kind-{k}" in classes)
        drill_id = card.get_attribute("data-drill")
        first_of_kind = kind not in seen
        seen.add(kind)
        assert horizontal_overflow(phone) == 0, f"card {n} ({kind}) scrolls sideways"
        assert small_tap_targets(phone) == [], kind
        if first_of_kind:
            phone.screenshot(path=str(artifacts / f"drills-{kind}.png"), full_page=True)
        if kind in ("recall", "objection"):
            phone.locator(".drill-reveal > summary").click()
            phone.locator(".rate-3").wait_for()
            if first_of_kind:
                phone.screenshot(path=str(artifacts / f"drills-{kind}-revealed.png"),
                                 full_page=True)
            phone.locator(".rate-3").click()
            _wait_gone(phone, drill_id)
            continue
        if kind == "gap":
            phone.locator("#gap-answer").fill("ransomware")
            phone.get_by_role("button", name="Check").click()
        else:
            phone.locator(".pick").nth(1).click()
        _wait_gone(phone, drill_id)
        phone.locator(".drill-feedback").wait_for()
        assert "Comes back" in phone.locator(".drill-feedback").inner_text()
        if first_of_kind:
            phone.screenshot(path=str(artifacts / f"drills-{kind}-feedback.png"), full_page=True)
            assert phone.locator(".drill-actions .button").first.is_visible()
        phone.locator(".drill-actions .button").first.click()
    assert {"recall", "objection", "pick"} <= seen
    phone.goto(live_server + "/")
    streak = phone.locator(".practice-streak")
    assert "1-day streak" in streak.inner_text()
    phone.screenshot(path=str(artifacts / "drills-home-after.png"), full_page=True)
    phone.goto(live_server + "/drills/progress")
    assert phone.get_by_role("heading", name="My progress").is_visible()
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(artifacts / "drills-progress.png"), full_page=True)
