"""A job resumed after the server is killed mid-transcription (the real server, real Whisper).

The recording is long enough (~78 s) that Whisper runs for several of the job's 5-s
heartbeats: each heartbeat is a write, which is what turned a read transaction left open
across transcription into "database is locked" when the transcript was recorded.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.app import audio_tools
from tests.live_server import seed_demo, serving

pytestmark = pytest.mark.whisper

REP = {"email": "rep@example.com", "password": "onmessage-demo"}


def _poll(http: httpx.Client, attempt_id: int, until: set[str], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = http.get(f"/api/v1/attempts/{attempt_id}").json()
        if body["status"] in until or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


@contextlib.contextmanager
def _signed_in(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as http:
        token = http.post("/api/v1/tokens", json=REP).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        yield http


def test_a_job_killed_while_transcribing_resumes_after_a_restart_and_is_scored(
        tmp_path: Path) -> None:
    audio_tools.require("espeak-ng", "sox", "ffmpeg")
    take = audio_tools.encode(audio_tools.speech_wav(tmp_path, repeat=6), "webm")
    data = tmp_path / "data"
    data.mkdir()
    env = seed_demo(data)
    with serving(data, env) as server, _signed_in(server.base) as http:
        created = http.post("/api/v1/attempts",
                            files={"audio": ("pitch.webm", take.read_bytes(), "audio/webm")},
                            data={"idempotency_key": str(uuid.uuid4()),
                                  "module": "northwind-shield-launch",
                                  "pitch": "ciso-elevator"})
        assert created.status_code == 201, created.text
        attempt_id = created.json()["id"]
        assert created.json()["status"] == "uploaded"
        running = _poll(http, attempt_id, {"transcribing", "scoring", "done", "failed"}, 60)
        assert running["status"] == "transcribing", running
        time.sleep(2)  # well inside Whisper's run (it takes 10 s or more here)
        assert _poll(http, attempt_id, set(), 0)["status"] == "transcribing"
        server.process.kill()  # kill -9: no shutdown, the job's lease is left to run out
        server.process.wait()
    with serving(data, env, log_name="server-restarted.log") as server, \
            _signed_in(server.base) as http:
        # Claimable once the dead worker's lease (30 s) has run out, then transcribed again.
        final = _poll(http, attempt_id, {"done", "failed"}, 300)
        log = server.log.read_text()
    assert final["status"] == "done", (final, log[-3000:])
    assert final["score"] is not None and final["duration_s"] > 60
    db = sqlite3.connect(data / "onmessage.db")
    try:
        job = db.execute("SELECT status, attempts FROM jobs WHERE kind = 'pitch_attempt' "
                         "AND target_id = ?", (attempt_id,)).fetchone()
    finally:
        db.close()
    assert tuple(job) == ("done", 2), "one run killed, then one resumed run that succeeded"
