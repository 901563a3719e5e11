"""A rep answers a spoken drill by voice on a phone: the card, the recorder, the live
progress and the rating the take earned, then back to the session.

The fake microphone plays a WAV made at test time with espeak-ng (an answer to "We
already have antivirus"), resampled to 48 kHz with sox. Spoken cards are introduced after
the written ones, so the test makes the rep's card a review that has fallen due (the
state a rep is in a few days into a launch) straight in the live server's database.
Screenshots go to tests/_artifacts/spoken-*.png.
"""

from __future__ import annotations

import math
import sqlite3
import wave
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LIVE_DATA
from tests.browser.helpers import (
    finish_axe,
    flat_screenshot,
    horizontal_overflow,
    launch_with_microphone,
    microphone_phone,
    sign_in,
    speech_wav,
    watch_axe,
    watch_csp,
)
from tests.browser.test_sign_in import small_tap_targets

pytestmark = pytest.mark.browser

REP = "jordan@example.com"  # not the rep the other phone tests practise with
ANSWER = ("Antivirus only catches threats it already has a signature for, and most "
          "ransomware today is new. Shield replaces your antivirus, so you are not adding "
          "another agent. And even if an attack gets in, rollback restores machines in minutes.")
ANSWER_S: dict[str, float] = {}  # how long the fake microphone's file is


@pytest.fixture
def mic_phone(browser: Any, live_server: str,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    wav = speech_wav(ANSWER, tmp_path_factory.mktemp("spoken"), "answer")
    with wave.open(str(wav)) as w:
        ANSWER_S["s"] = w.getnframes() / w.getframerate()
    chromium = launch_with_microphone(browser, wav)
    context = microphone_phone(chromium)
    violations = watch_csp(context)
    inaccessible = watch_axe(context)
    try:
        yield context.new_page()
        assert violations == [], "CSP violations while recording:\n" + "\n".join(violations)
        finish_axe(context)
        assert inaccessible == [], "Accessibility (axe-core):\n" + "\n".join(inaccessible)
    finally:
        context.close()
        chromium.close()


def _make_spoken_card_due(email: str) -> int:
    """The rep's spoken card for 'We already have antivirus': a review due now."""
    with sqlite3.connect(LIVE_DATA["dir"] / "onmessage.db", timeout=30) as db:
        row = db.execute(
            "SELECT c.id, c.drill_id FROM drill_cards c JOIN drills d ON d.id = c.drill_id "
            "JOIN users u ON u.id = c.user_id WHERE u.email = ? AND d.kind = 'spoken' "
            "AND d.subject = 'already-have-antivirus' AND c.queue != 0", (email,)).fetchone()
        assert row, "the rep should have a spoken card once /drills synced them"
        # Reviewed four days ago with a three-day stability: due since yesterday.
        now = datetime.now(UTC).replace(tzinfo=None)
        db.execute("UPDATE drill_cards SET queue = 2, state = 2, stability = 3.0, "
                   "difficulty = 5.0, reviews = 1, due = ?, last_review = ? WHERE id = ?",
                   ((now - timedelta(days=1)).isoformat(" "),
                    (now - timedelta(days=4)).isoformat(" "), row[0]))
        return int(row[1])


def shot(page: Any, path: Path) -> None:
    flat_screenshot(page, path)


def test_rep_answers_a_spoken_drill_by_voice(mic_phone: Any, live_server: str,
                                             artifacts: Path) -> None:
    page = mic_phone
    sign_in(page, live_server, REP)
    page.goto(live_server + "/drills")  # syncs the rep's cards
    drill_id = _make_spoken_card_due(REP)
    page.goto(live_server + "/drills")
    card = page.locator(f".drill-card.kind-spoken[data-drill='{drill_id}']")
    card.wait_for()
    assert "We already have antivirus" in card.inner_text()
    assert horizontal_overflow(page) == 0 and small_tap_targets(page) == []
    shot(page, artifacts / "spoken-1-card.png")

    page.get_by_role("link", name="Record your answer").click()
    page.wait_for_url(f"**/drills/{drill_id}/record*")
    page.locator("#recorder[data-state='idle']").wait_for()  # recorder.js is ready
    shot(page, artifacts / "spoken-2-recorder.png")
    page.get_by_role("button", name="Start recording").click()
    page.get_by_role("button", name="Stop recording").wait_for()
    # The whole file (the answer, about 16 s, and its second of silence after), waited on
    # the page's own timer: a slow page on a loaded machine still records all of it.
    until = math.ceil(ANSWER_S["s"])
    page.wait_for_function(
        "([until]) => { const [m, s] = document.getElementById('rec-timer').textContent"
        ".split(':').map(Number); return m * 60 + s >= until; }", arg=[until], timeout=60_000)
    page.get_by_role("button", name="Stop recording").click()
    page.get_by_role("button", name="Submit for scoring").click()
    page.wait_for_url("**/attempts/*")
    shot(page, artifacts / "spoken-3-progress.png")
    rating = page.locator(".spoken-rating")
    rating.wait_for(timeout=90_000)
    shot(page, artifacts / "spoken-4-result.png")
    assert horizontal_overflow(page) == 0
    verdict = page.locator(".spoken-rating .fb-verdict").inner_text()
    assert any(label in verdict for label in ("Again", "Hard", "Good", "Easy"))
    assert "Comes back" in rating.inner_text()
    covered = page.locator(".result-item.is-covered").count()
    assert covered >= 2, page.locator(".result-list").inner_text()
    assert page.locator(".result-item q").count() >= 2  # quoted words for each point

    page.get_by_role("link", name="Back to practice").click()
    page.wait_for_url(live_server + "/drills")
    assert page.locator(f".drill-card[data-drill='{drill_id}']").count() == 0
    shot(page, artifacts / "spoken-5-back.png")
