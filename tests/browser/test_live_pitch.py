"""A rep on a phone practises a pitch live through Chromium's fake microphone: the
checklist ticks while the microphone is still speaking, a forbidden phrase flashes, and
Stop opens the scored result. Screenshots go to tests/_artifacts/live-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import (
    csp_checked_page,
    flat_screenshot,
    horizontal_overflow,
    launch_with_microphone,
    microphone_phone,
    sign_in,
    speech_wav,
)

LIVE = "/pitches/northwind-shield-launch/ciso-elevator/live"
PITCH = ("Northwind Shield stops ransomware before a single file is encrypted. "
         "It is unhackable. And if anything slips through, one click rolls every affected "
         "machine back to a clean state in under thirty seconds.")


@pytest.fixture(scope="module")
def mic_browser(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = launch_with_microphone(browser, speech_wav(PITCH, tmp_path_factory.mktemp("m")))
    yield chromium
    chromium.close()


@pytest.fixture
def rep_phone(mic_browser: Any, live_server: str) -> Iterator[Any]:
    context = microphone_phone(mic_browser, width=390, height=844, timeout_ms=20_000)
    with csp_checked_page(context) as page:
        yield page


def test_the_checklist_ticks_while_the_rep_speaks_then_stop_scores(
        rep_phone: Any, live_server: str, artifacts: Path) -> None:
    page = rep_phone
    sign_in(page, live_server, "sam@example.com")
    page.goto(live_server + "/pitches/northwind-shield-launch/ciso-elevator")
    page.get_by_role("link", name="Practise live").click()
    page.wait_for_url(live_server + LIVE)
    flat_screenshot(page, artifacts / "live-1-ready.png")
    assert horizontal_overflow(page) == 0

    page.get_by_role("button", name="Start live take").click()
    page.get_by_role("button", name="Stop and score").wait_for()
    # A message ticks while the take is still live (Stop is still on screen)
    page.locator(".live-item.is-covered").first.wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Stop and score").is_visible()
    assert page.locator("#live-count").inner_text().startswith(("1 of", "2 of", "3 of"))
    page.locator(".live-pace.has-pace").wait_for(timeout=30_000)
    flat_screenshot(page, artifacts / "live-2-ticking.png")
    # "unhackable" flashes with the reason it is banned
    page.locator("#live-flash:not([hidden])").wait_for(timeout=60_000)
    assert "unhackable" in page.locator("#live-flash").inner_text().lower()
    flat_screenshot(page, artifacts / "live-3-flash.png")

    page.get_by_role("button", name="Stop and score").click()
    page.wait_for_url("**/attempts/*", timeout=60_000)
    page.locator(".score-ring").wait_for(timeout=30_000)
    flat_screenshot(page, artifacts / "live-4-result.png")
    assert horizontal_overflow(page) == 0
    assert page.locator(".result-item.is-covered").count() >= 1
