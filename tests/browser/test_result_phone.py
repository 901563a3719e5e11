"""A rep reads a scored pitch on a phone (390x844): the quotes that earned each message
(tap to hear them), the coaching for the missed one (an accepted phrasing and the proof
point), the score in one plain sentence and the note that the take ran short.
Screenshot: tests/_artifacts/result-phone.png.

The server is seeded with the demo organisation plus one scored attempt of Jordan Lee,
scored by the real scorer from a transcript with word times (tests/live_server.py runs
`seed` below in its own process, on the server's data directory).
"""

from __future__ import annotations

import math
import struct
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _require_browser
from tests.browser.helpers import flat_screenshot, horizontal_overflow, sign_in
from tests.live_server import REPO, demo_server

TAKE = ("Northwind Shield stops ransomware before a single file is encrypted. "
        "It watches behaviour, not signatures, so it catches attacks nobody has seen before. "
        "Honestly it is the product I would buy myself.")
QUOTE = "Northwind Shield stops ransomware before a single file is encrypted"
ID_FILE = "result-attempt-id.txt"


def seed(data_dir: str) -> None:
    """Score TAKE (one word every 0.4 s) against the demo's CISO pitch and store it as a
    finished attempt of Jordan Lee, with a tone as its recording."""
    from app.clock import utcnow
    from app.db import Database
    from app.settings import Settings
    from app.users import get_user_by_email
    from drills import attempts
    from drills.attempt_models import PitchAttempt
    from drills.modules import get_module, latest_published
    from drills.scoring import score_transcript, spec_from_playbook_dict
    from drills.transcript import Transcript, Word

    words = [Word(w, round(0.5 + i * 0.4, 2), round(0.8 + i * 0.4, 2), 0.9)
             for i, w in enumerate(TAKE.split())]
    seconds = 0.5 + len(words) * 0.4 + 0.5
    transcript = Transcript.from_words(words, duration_s=seconds)
    audio = Path(data_dir) / "result-take.wav"
    with wave.open(str(audio), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(i / 7)))
                               for i in range(int(seconds * 8000))))
    db = Database(Settings(data_dir=Path(data_dir)))
    now = utcnow()
    with db.session() as session:
        rep = get_user_by_email(session=session, email="jordan@example.com")
        module = get_module(session=session, slug="northwind-shield-launch")
        version = latest_published(session=session, module=module)
        assert rep is not None and version is not None
        spec = spec_from_playbook_dict(version.content, "ciso-elevator")
        result = score_transcript(spec, transcript, semantic=False)
        attempt = PitchAttempt(
            user_id=rep.id or 0, module_id=module.id or 0, module_version_id=version.id or 0,
            pitch_id="ciso-elevator", idempotency_key="browser-result-phone", status="done",
            audio_path=str(audio), audio_sha256="0" * 64, audio_size=audio.stat().st_size,
            content_type="audio/wav", duration_s=seconds,
            transcript=attempts.transcript_to_json(transcript), result=result.to_json_dict(),
            score=result.score, created_at=now, updated_at=now, finished_at=now)
        session.add(attempt)
        session.commit()
        (Path(data_dir) / ID_FILE).write_text(str(attempt.id))


def _seed(env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-c", "import sys; from tests.browser."
                           "test_result_phone import seed; seed(sys.argv[1])",
                           env["ONMESSAGE_DATA_DIR"]],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def result_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    _require_browser()
    data = tmp_path_factory.mktemp("result")
    with demo_server(data, _seed) as base:
        yield base, int((data / ID_FILE).read_text())


@pytest.fixture
def phone390(browser: Any) -> Iterator[Any]:
    from tests.browser.conftest import _page

    with _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
               has_touch=True, device_scale_factor=2) as page:
        yield page


def test_rep_reads_quotes_and_coaching_on_a_phone(result_server: tuple[str, int],
                                                  phone390: Any, artifacts: Path) -> None:
    (base, attempt_id), page = result_server, phone390
    sign_in(page, base, "jordan@example.com")
    page.goto(f"{base}/attempts/{attempt_id}")
    page.wait_for_selector("#attempt-audio")

    # The score in one plain sentence, and the short take said in words.
    assert page.locator(".score-explained").inner_text() == (
        "You conveyed 2 of 3 messages (the heavier ones count more), so the score is 71.")
    assert page.locator(".duration-note").inner_text().startswith(
        "Your take ran 13 s, shorter than the 45–75 s this pitch asks for")

    items = page.locator(".result-item")
    assert items.count() == 3
    covered = page.locator(".result-item.is-covered")
    assert covered.count() == 2
    # Each covered message quotes the exact words, with the moment they were said.
    quote = covered.nth(0).locator(".result-quote q")
    assert quote.inner_text() == QUOTE
    seek = covered.nth(0).locator(".result-quote .seek")
    assert seek.inner_text().strip() == "▶ 0:00"
    denial = covered.nth(1).locator(".result-quote q").inner_text()
    assert "not signatures" in denial  # the quote keeps its "not"

    # The missed message: its line, a phrasing that counts and the proof to cite.
    missed = page.locator(".result-item.is-missed")
    assert missed.count() == 1
    assert "one click rolls every affected machine back" in missed.inner_text()
    coach = missed.locator(".coach")
    assert coach.is_visible()
    assert "Also counts: “one-click rollback”" in coach.inner_text()
    assert "Proof to use: Contoso Health restored 340 laptops in 11 minutes" in coach.inner_text()

    # The quoted words are the highlighted ones in the transcript.
    marked = page.locator(".transcript .hl-evidence")
    assert " ".join(marked.all_inner_texts()).startswith(QUOTE)
    assert horizontal_overflow(page) == 0
    flat_screenshot(page, artifacts / "result-phone.png")

    # Tap the quote's time: the recording plays from there.
    covered.nth(1).locator(".result-quote .seek").click()
    start = float(covered.nth(1).locator(".result-quote .seek").get_attribute("data-seek") or 0)
    page.wait_for_function(f"() => Math.abs(document.getElementById('attempt-audio').currentTime"
                           f" - {start}) < 0.6")
