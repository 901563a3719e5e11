"""A manager reviews a submitted pitch on a laptop: the queue, the recording with its
transcript (tap a word to seek), a comment pinned to that moment, an override, the rubric,
approve; then the team heatmap and the rep's certificate. Screenshots go to
tests/_artifacts/review-*.png.

The server is seeded (in its own data directory) with the demo organisation plus one rep,
Jordan Lee, whose drills are mastered and whose scored pitch waits for sign-off.
"""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _require_browser
from tests.browser.helpers import horizontal_overflow, jordan_with_drills_mastered, sign_in
from tests.live_server import demo_server, seed_pending_review

PITCH = [
    ("stops-ransomware", "Northwind Shield stops ransomware before a single file is encrypted."),
    (None, "So your team is not cleaning up after an attack, they never see one."),
    ("behavioural-detection", "It watches behaviour, not signatures, so it catches attacks "
                              "nobody has seen before."),
    (None, "And if something does slip through, you are covered."),
]


def _tone(path: Path, seconds: float) -> None:
    rate = 8000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 180 * i
                                                                     / rate)))
                               for i in range(int(seconds * rate))))


def seed(data_dir: str) -> None:
    """Master Jordan's drills, record two scored pitches and submit the elevator pitch."""
    from datetime import timedelta

    from app.clock import utcnow
    from app.db import Database
    from app.settings import Settings
    from certification import service
    from drills.attempt_models import DONE, PitchAttempt
    from drills.scoring import Delivery

    settings = Settings(data_dir=Path(data_dir))
    db = Database(settings)
    now = utcnow()
    with db.session() as session:
        rep, module, version = jordan_with_drills_mastered(session, now)
        words: list[list[Any]] = []
        spans: dict[str, tuple[float, float, str]] = {}
        t = 0.6
        for mid, sentence in PITCH:
            start = t
            for token in sentence.split():
                words.append([token, round(t, 2), round(t + 0.32, 2), 0.93])
                t += 0.38
            if mid:
                spans[mid] = (round(start, 2), round(t - 0.06, 2), sentence)
            t += 0.5
        audio = Path(data_dir) / "review-take.wav"
        _tone(audio, t + 1)
        attempts = {}
        for pitch_id, ids, score in (("ciso-elevator", ["stops-ransomware",
                                                        "behavioural-detection", "rollback"],
                                      82),
                                     ("cfo-business-case", ["lower-total-cost",
                                                            "stops-ransomware", "one-console"],
                                      86)):
            messages = [{"id": i, "covered": i in spans, "confidence": 0.91 if i in spans else 0.2,
                         "evidence": spans[i][2] if i in spans else None,
                         "start": spans[i][0] if i in spans else None,
                         "end": spans[i][1] if i in spans else None,
                         "missed_reason": None if i in spans else "not said", "weight": 1.0}
                        for i in ids]
            attempt = PitchAttempt(
                user_id=rep.id, module_id=module.id or 0, module_version_id=version.id or 0,
                pitch_id=pitch_id, idempotency_key=f"browser-seed-{pitch_id}", status=DONE,
                audio_path=str(audio), audio_sha256="0" * 64, audio_size=audio.stat().st_size,
                content_type="audio/wav", duration_s=t + 1, score=score,
                transcript={"text": " ".join(w[0] for w in words), "duration_s": t + 1,
                            "words": words},
                result={"score": score, "messages": messages, "forbidden": [], "retired": [],
                        # The seeded words' own figures, in the scorer's shape.
                        "delivery": Delivery(
                            duration_s=round(t + 1, 1), words=len(words),
                            wpm=round(len(words) / (t + 1) * 60), fillers=0,
                            fillers_per_100_words=0.0, longest_pause_s=0.56, pauses=0,
                            long_pauses=0, hesitations=0).to_json_dict(),
                        "formula": "seeded for the browser test"},
                created_at=now - timedelta(hours=3), updated_at=now, finished_at=now)
            session.add(attempt)
            session.flush()
            attempts[pitch_id] = attempt
        service.submit(session=session, user_id=rep.id,
                       attempt_id=attempts["ciso-elevator"].id or 0, now=now,
                       base_url=settings.base_url)
        session.commit()


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()

    with demo_server(tmp_path_factory.mktemp("review"), seed_pending_review) as base:
        yield base


def test_a_review_fits_a_320_px_phone(review_server: str, phone: Any,
                                      artifacts: Path) -> None:
    """On the narrowest phone a manager can still judge the pitch: nothing runs off the
    side (the page was 52 px too wide), the score sits beside what it means, and the 1-5
    rubric choices and the Pin button are 44 px touch targets."""
    base, page = review_server, phone
    page.set_viewport_size({"width": 320, "height": 740})
    sign_in(page, base, "manager@example.com")
    page.goto(base + "/reviews")
    page.get_by_role("link", name="Jordan Lee").click()
    page.wait_for_selector("#decision-form")
    assert horizontal_overflow(page) == 0
    chip = page.locator(".review-score .score-chip").bounding_box()
    label = page.locator(".review-score small").bounding_box()
    assert chip is not None and label is not None
    assert label["x"] > chip["x"] + chip["width"]  # beside the chip, not under it
    for target in (page.locator(".rubric-scale span").first,
                   page.get_by_role("button", name="Pin")):
        box = target.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 320
    page.screenshot(path=str(artifacts / "review-phone-320.png"), full_page=True)


def test_a_refused_decision_keeps_what_the_manager_set(review_server: str, laptop: Any,
                                                      artifacts: Path) -> None:
    """Approve without the rubric, return without a comment: each is refused with a toast
    that says why (422), and the overrides, scores and comment already set stay."""
    base, page = review_server, laptop
    sign_in(page, base, "manager@example.com")
    page.goto(base + "/reviews")
    page.get_by_role("link", name="Jordan Lee").click()
    page.wait_for_selector("#decision-form")
    review_url = page.url
    page.locator("input[name='judge_rollback'][value='covered']").check(force=True)
    page.locator("input[name='rubric_clarity'][value='4']").check(force=True)
    page.get_by_label("Comment to the rep").fill("Keep this text.")
    with page.expect_response(lambda r: "/decision" in r.url) as answer:
        page.get_by_role("button", name="Approve and certify").click()
    assert answer.value.status == 422
    toast = page.locator("#toasts .toast").last
    toast.wait_for()
    assert "rubric" in toast.inner_text().lower() or "score" in toast.inner_text().lower()
    assert page.url == review_url
    assert page.locator("input[name='judge_rollback'][value='covered']").is_checked()
    assert page.locator("input[name='rubric_clarity'][value='4']").is_checked()
    assert page.get_by_label("Comment to the rep").input_value() == "Keep this text."
    page.screenshot(path=str(artifacts / "review-0-refused.png"), full_page=True)

    page.get_by_label("Comment to the rep").fill("")
    with page.expect_response(lambda r: "/decision" in r.url) as answer:
        page.get_by_role("button", name="Return with comments").click()
    assert answer.value.status == 422
    page.locator("#toasts .toast").filter(has_text="Say what to work on").wait_for()
    assert page.locator("input[name='rubric_clarity'][value='4']").is_checked()


def test_manager_reviews_and_approves_on_a_laptop(review_server: str, laptop: Any,
                                                   artifacts: Path) -> None:
    base, page = review_server, laptop
    sign_in(page, base, "manager@example.com")
    page.get_by_role("link", name="Review queue").first.click()
    page.wait_for_url(base + "/reviews")
    item = page.get_by_role("link", name="Jordan Lee")
    assert item.count() == 1
    page.screenshot(path=str(artifacts / "review-1-queue.png"), full_page=True)
    item.click()
    page.wait_for_selector("#review-audio")
    page.wait_for_function("() => document.getElementById('review-audio').readyState >= 1")
    page.screenshot(path=str(artifacts / "review-2-page.png"), full_page=True)
    assert horizontal_overflow(page) == 0

    # The transcript is one tab stop (not one per word); arrow keys move word by word.
    assert page.locator("#review-transcript [data-start][tabindex='0']").count() == 1
    page.locator("#review-transcript [data-start]").first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement === document.querySelectorAll("
                         "'#review-transcript [data-start]')[1]")
    assert page.locator(".review-delivery").get_by_text("words/min").is_visible()
    assert "Excellent" in page.locator(".rubric-key").inner_text()

    # Tap a transcript word: the recording seeks there and the word is highlighted.
    word = page.locator("#review-transcript [data-start]").nth(12)
    start = float(word.get_attribute("data-start") or 0)
    word.click()
    page.wait_for_function(f"() => Math.abs(document.getElementById('review-audio').currentTime - "
                           f"{start}) < 0.6")
    page.evaluate("document.getElementById('review-audio').pause()")
    page.wait_for_selector("#review-transcript .is-now")
    # A comment pinned to that moment arrives in the list without a reload.
    page.get_by_label("Comment at").fill("Good: the behaviour point lands. Slow down here.")
    page.get_by_role("button", name="Pin").click()
    pin = page.locator("#pins .pin").filter(has_text="behaviour point lands")
    pin.wait_for()
    assert f"{int(start) // 60}:{int(start) % 60:02d}" in pin.inner_text()

    # The machine missed 'rollback'; the manager heard it and overrides; scores the rubric.
    page.locator("input[name='judge_rollback'][value='covered']").check(force=True)
    for key, score in (("message_accuracy", 4), ("clarity", 4), ("confidence", 3),
                       ("objection_handling", 4)):
        page.locator(f"input[name='rubric_{key}'][value='{score}']").check(force=True)
    page.get_by_label("Comment to the rep").fill("Solid. Say the rollback outright next time.")
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays at the top of the shot
    page.screenshot(path=str(artifacts / "review-3-scored.png"), full_page=True)
    page.get_by_role("button", name="Approve and certify").click()
    page.wait_for_url(base + "/reviews")
    assert "Jordan Lee is certified" in page.inner_text("#toasts")
    assert page.get_by_text("Nothing waiting").is_visible()

    page.goto(base + "/certification/team")
    cell = page.locator("td.hm-certified")
    assert cell.count() >= 1
    page.screenshot(path=str(artifacts / "review-4-heatmap.png"), full_page=True)
    assert horizontal_overflow(page) == 0
    cell.first.locator("a").click()
    page.get_by_role("link", name="certificate").first.click()
    page.wait_for_selector(".certificate")
    assert "Jordan Lee" in page.inner_text(".cert-holder")
    page.screenshot(path=str(artifacts / "review-5-certificate.png"), full_page=True)
