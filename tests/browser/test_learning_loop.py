"""The scorer's learning loop on a laptop: a manager reviews a pitch whose unsure judgement
comes first ("Manager to check"), judges it covered, approves; marketing then finds that
phrasing on the insights page and promotes it to evidence of the next version in one
click. Screenshots: tests/_artifacts/learning-review.png, learning-insights.png.

The server is seeded with the demo organisation plus Jordan Lee's mastered drills and
two pitches scored by the real scorer (tests/live_server.py runs `seed` below in its own
process); the CFO pitch, which says "one console" only as an outcome, is submitted.
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
from tests.browser.helpers import horizontal_overflow, jordan_with_drills_mastered, sign_in
from tests.live_server import REPO, demo_server

TAKES = {
    "ciso-elevator": ("Northwind Shield stops ransomware before a single file is encrypted. "
                      "It detects attacks by behaviour, not signatures, so it catches "
                      "threats nobody has seen before. If anything slips through, one click "
                      "rolls every affected machine back to a clean state in under 30 "
                      "seconds."),
    "cfo-business-case": ("Shield costs less than antivirus plus the incident response it "
                          "fails to prevent. Northwind Shield stops ransomware before a "
                          "single file is encrypted. Your whole estate, laptops to cloud "
                          "servers, sits in the one place for your IT team."),
}
ID_FILE = "learning-review-id.txt"


def seed(data_dir: str) -> None:


    from app.clock import utcnow
    from app.db import Database
    from app.settings import Settings
    from certification import service
    from drills import attempts
    from drills.attempt_models import PitchAttempt
    from drills.scoring import score_transcript, spec_from_playbook_dict
    from drills.transcript import Transcript, Word

    settings = Settings(data_dir=Path(data_dir))
    db = Database(settings)
    now = utcnow()
    with db.session() as session:
        rep, module, version = jordan_with_drills_mastered(session, now)
        made = {}
        for pitch_id, text in TAKES.items():
            words = [Word(w, round(0.5 + i * 0.4, 2), round(0.8 + i * 0.4, 2), 0.9)
                     for i, w in enumerate(text.split())]
            seconds = 0.5 + len(words) * 0.4 + 0.5
            transcript = Transcript.from_words(words, duration_s=seconds)
            audio = Path(data_dir) / f"{pitch_id}.wav"
            with wave.open(str(audio), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(8000)
                w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(i / 7)))
                                       for i in range(int(seconds * 8000))))
            result = score_transcript(spec_from_playbook_dict(version.content, pitch_id),
                                      transcript, semantic=False)
            attempt = PitchAttempt(
                user_id=rep.id, module_id=module.id or 0, module_version_id=version.id or 0,
                pitch_id=pitch_id, idempotency_key=f"learning-{pitch_id}", status="done",
                audio_path=str(audio), audio_sha256="0" * 64, audio_size=audio.stat().st_size,
                content_type="audio/wav", duration_s=seconds,
                transcript=attempts.transcript_to_json(transcript),
                result=result.to_json_dict(), score=result.score,
                sure_score=result.sure_score, created_at=now, updated_at=now,
                finished_at=now)
            session.add(attempt)
            session.flush()
            made[pitch_id] = attempt
        review = service.submit(session=session, user_id=rep.id,
                                attempt_id=made["cfo-business-case"].id or 0, now=now,
                                base_url=settings.base_url)
        session.commit()
        (Path(data_dir) / ID_FILE).write_text(str(review.id))


def _seed(env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-c", "import sys; from tests.browser."
                           "test_learning_loop import seed; seed(sys.argv[1])",
                           env["ONMESSAGE_DATA_DIR"]],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def learning_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    _require_browser()
    data = tmp_path_factory.mktemp("learning")
    with demo_server(data, _seed) as base:
        yield base, int((data / ID_FILE).read_text())


def test_a_managers_judgement_becomes_next_versions_evidence(
        learning_server: tuple[str, int], laptop: Any, artifacts: Path) -> None:
    (base, review_id), page = learning_server, laptop
    sign_in(page, base, "manager@example.com")
    page.goto(f"{base}/reviews/{review_id}")
    page.wait_for_selector("#decision-form")
    # The judgement the scorer is unsure of comes first, marked for the manager.
    first = page.locator(".judge-list .judge").first
    assert first.get_attribute("data-message") == "one-console"
    assert "Manager to check" in first.inner_text()
    assert "your judgement decides" in first.inner_text()
    page.locator("input[name='judge_one-console'][value='covered']").check(force=True)
    for key in ("message_accuracy", "clarity", "confidence", "objection_handling"):
        page.locator(f"input[name='rubric_{key}'][value='4']").check(force=True)
    assert horizontal_overflow(page) == 0
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / "learning-review.png"), full_page=True)
    page.get_by_role("button", name="Approve and certify").click()
    page.wait_for_url(base + "/reviews")

    # Marketing sees the phrasing the manager accepted and promotes it in one click.
    page.context.clear_cookies()
    sign_in(page, base, "marketing@example.com")
    page.goto(f"{base}/modules/northwind-shield-launch/insights")
    accepted = page.locator(".ins-accepted li")
    assert accepted.count() == 1
    quote = accepted.first.locator("q").inner_text()
    assert "laptops to cloud servers" in quote
    page.screenshot(path=str(artifacts / "learning-insights.png"), full_page=True)
    accepted.first.get_by_role("button", name="Add as evidence to the next version").click()
    page.wait_for_url(f"{base}/modules/northwind-shield-launch/insights**")
    toast = page.locator("#toasts .toast").last
    toast.wait_for()
    assert "to 'one-console' in the draft of version 3" in toast.inner_text()
    page.goto(f"{base}/modules/northwind-shield-launch/draft")
    assert quote in page.content()
