"""A rep on a phone role-plays with the buyer: the buyer opens with the pitch, the rep
answers through Chromium's fake microphone, the answer is judged, the buyer raises an
objection or follows up, and the scored conversation opens with its turns.
Screenshots go to tests/_artifacts/roleplay-*.png.
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

ANSWER = ("Northwind Shield stops ransomware before a single file is encrypted. And if "
          "anything slips through, one click rolls every affected machine back to a clean "
          "state in under thirty seconds.")


@pytest.fixture(scope="module")
def mic_browser(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = launch_with_microphone(browser, speech_wav(ANSWER, tmp_path_factory.mktemp("r")))
    yield chromium
    chromium.close()


@pytest.fixture
def rep_phone(mic_browser: Any, live_server: str) -> Iterator[Any]:
    context = microphone_phone(mic_browser, width=390, height=844, timeout_ms=30_000)
    with csp_checked_page(context) as page:
        yield page


def answer(page: Any, turn: int) -> None:
    """Let the microphone speak until the answer shows words, then tap Done answering."""
    page.locator(".rp-answer").nth(turn).wait_for()
    try:
        page.wait_for_function(
            "([n]) => { const a = document.querySelectorAll('.rp-answer .rp-text')[n];"
            " return a && a.textContent.split(' ').length >= 8; }", arg=[turn], timeout=60_000)
    except Exception:
        raise AssertionError(page.locator("#roleplay").inner_text()) from None
    page.get_by_role("button", name="Done answering").click()
    page.locator(".rp-judged").nth(turn).wait_for(timeout=60_000)


def test_the_buyer_asks_the_rep_answers_and_the_conversation_is_scored(
        rep_phone: Any, live_server: str, artifacts: Path) -> None:
    page = rep_phone
    sign_in(page, live_server, "taylor@example.com")
    page.goto(live_server + "/pitches/northwind-shield-launch/ciso-elevator")
    page.get_by_role("link", name="Role-play with a buyer").click()
    page.wait_for_url(live_server + "/roleplay/northwind-shield-launch")
    page.get_by_role("button", name="Start the role-play").click()
    page.locator(".rp-buyer").first.wait_for()
    assert "CISO" in page.locator(".rp-buyer").first.inner_text()
    answer(page, 0)
    # the buyer's second line: a follow-up on a missed message, or the first objection
    page.locator(".rp-buyer").nth(1).wait_for()
    flat_screenshot(page, artifacts / "roleplay-1-turns.png")
    assert horizontal_overflow(page) == 0
    answer(page, 1)
    page.locator(".rp-buyer").nth(2).wait_for()
    flat_screenshot(page, artifacts / "roleplay-2-more.png")
    page.get_by_role("button", name="End and score").click()
    page.wait_for_url("**/attempts/*", timeout=60_000)
    page.get_by_role("heading", name="Role-play, turn by turn").wait_for()
    assert page.locator(".roleplay-turns .rp-turn").count() >= 2
    flat_screenshot(page, artifacts / "roleplay-3-result.png")
    assert horizontal_overflow(page) == 0


def test_marketing_page_for_the_buyer(laptop: Any, live_server: str, artifacts: Path) -> None:
    sign_in(laptop, live_server, "marketing@example.com")
    laptop.goto(live_server + "/modules/northwind-shield-launch/roleplay")
    laptop.get_by_role("heading", name="The buyer in role-plays").wait_for()
    assert laptop.locator("input[name=objection]").count() == 2
    flat_screenshot(laptop, artifacts / "roleplay-4-settings.png")
