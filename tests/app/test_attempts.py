"""Recorded attempts over HTTP: upload checks, idempotency, the pipeline, pages and access."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.job_models import Job
from app.models import Role
from app.pitch_pipeline import NO_SPEECH, process_attempt, vocabulary
from app.settings import Settings
from drills.attempt_models import PitchAttempt
from tests.app.attempt_helpers import (
    HARBOR_FLAC,
    FakeTranscriber,
    launched_harborguard,
    wav,
)
from tests.app.helpers import cookie_sign_in, count
from tests.factories import make_team, make_user

CONTRACT = {"module", "version", "pitch", "score", "transcript", "messages", "forbidden",
            "retired", "delivery"}


@pytest.fixture
def rep_world(session: Session, client: TestClient) -> dict[str, Any]:
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    module, version = launched_harborguard(session, team)
    cookie_sign_in(client, session, rep)
    return {"team": team, "rep": rep, "module": module, "version": version}


def post(client: TestClient, data: bytes = b"", *, key: str = "key-00000001",
         ctype: str = "audio/wav", pitch: str = "it-director", name: str = "take.wav") -> Any:
    return client.post("/api/v1/attempts",
                       files={"audio": (name, data or wav(), ctype)},
                       data={"idempotency_key": key, "module": "harborguard", "pitch": pitch},
                       headers={"X-CSRF-Token": client.cookies.get("om_csrf") or ""})


def test_upload_stores_audio_with_checksum_and_queues_a_job(
        client: TestClient, session: Session, settings: Settings,
        rep_world: dict[str, Any]) -> None:
    audio = wav(4.5)
    response = post(client, audio)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "uploaded" and body["url"] == f"/attempts/{body['id']}"
    attempt = session.get(PitchAttempt, body["id"])
    assert attempt is not None
    stored = settings.data_dir / attempt.audio_path
    assert stored.read_bytes() == audio
    assert attempt.audio_sha256 == hashlib.sha256(audio).hexdigest()
    assert attempt.content_type == "audio/wav" and attempt.duration_s == pytest.approx(4.5)
    job = session.exec(select(Job).where(Job.target_id == attempt.id)).one()
    assert job.status == "queued" and job.kind == "pitch_attempt"


def test_retry_with_the_same_key_returns_the_same_attempt(
        client: TestClient, session: Session, settings: Settings,
        rep_world: dict[str, Any]) -> None:
    first = post(client, key="same-key-123")
    again = post(client, key="same-key-123")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert count(session, PitchAttempt) == 1 and count(session, Job) == 1
    files = list((settings.data_dir / "recordings").rglob("*.wav"))
    assert len(files) == 1, "a retried upload must not store a second copy"
    other = post(client, key="same-key-123", pitch="compliance-call")
    assert other.status_code == 409


@pytest.mark.parametrize(("data", "ctype", "message"), [
    (b"", "audio/wav", "empty"),
    (b"just some notes, not audio at all" * 20, "audio/wav", "not a recording"),
    (b"just some notes" * 20, "text/plain", "not a recording"),
    (None, "audio/webm", "labelled audio/webm but the file is WAV"),
    (None, "image/png", "not an audio type"),
    ("short", "audio/wav", "at least 3"),
    ("silent", "audio/wav", "silent"),
    ("truncated", "audio/flac", "cut off during upload"),
])
def test_bad_uploads_get_a_clear_4xx_and_store_nothing(
        client: TestClient, session: Session, settings: Settings, rep_world: dict[str, Any],
        data: Any, ctype: str, message: str) -> None:
    payload = {None: wav(), "short": wav(1.5), "silent": wav(4, amplitude=0),
               "truncated": HARBOR_FLAC.read_bytes()[:3000]}.get(data, data)
    response = client.post(
        "/api/v1/attempts", files={"audio": ("take", payload, ctype)},
        data={"idempotency_key": "bad-upload-1", "module": "harborguard",
              "pitch": "it-director"},
        headers={"X-CSRF-Token": client.cookies.get("om_csrf") or ""})
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]
    assert count(session, PitchAttempt) == 0
    assert not list((settings.data_dir / "recordings").rglob("*.*")) if (
        settings.data_dir / "recordings").exists() else True


def test_too_long_and_oversized_uploads_are_refused(
        client: TestClient, settings: Settings, rep_world: dict[str, Any]) -> None:
    settings.max_recording_s = 10
    long = post(client, wav(11, rate=8000), key="too-long-0001")
    assert long.status_code == 422 and "limit is 10 s" in long.json()["detail"]
    settings.max_upload_mb = 1
    big = post(client, wav(40), key="too-big-00001")
    assert big.status_code == 413 and "larger than 1 MB" in big.json()["detail"]


def test_unknown_pitch_and_unlaunched_module_are_404(
        client: TestClient, session: Session, rep_world: dict[str, Any]) -> None:
    assert post(client, pitch="no-such-pitch").status_code == 404
    outsider = make_user(session, Role.REP)
    cookie_sign_in(client, session, outsider)
    assert post(client, key="outsider-key-1").status_code == 404


def test_pipeline_scores_and_the_api_returns_the_cli_result(
        client: TestClient, session: Session, settings: Settings,
        rep_world: dict[str, Any]) -> None:
    attempt_id = post(client).json()["id"]
    fake = FakeTranscriber()
    done = process_attempt(session=session, attempt_id=attempt_id,
                           data_dir=settings.data_dir, transcriber=fake)
    assert done is not None and done.status == "done" and done.score == 100
    assert "HarborGuard" in fake.calls[0]["vocabulary"]
    body = client.get(f"/api/v1/attempts/{attempt_id}").json()
    assert body["status"] == "done" and body["score"] == 100
    assert set(body["result"]) >= CONTRACT
    assert [m["id"] for m in body["result"]["messages"]] == [
        "immutable", "fast-restore", "tested-nightly"]
    assert all(m["covered"] and m["start"] is not None for m in body["result"]["messages"])
    page = client.get(f"/attempts/{attempt_id}")
    assert page.status_code == 200
    assert "100" in page.text and "How this score was worked out" in page.text
    assert 'data-seek="' in page.text and "hl-evidence" in page.text
    status = client.get(f"/attempts/{attempt_id}/status", headers={"HX-Request": "true"})
    assert status.headers.get("HX-Refresh") == "true"
    audio = client.get(f"/attempts/{attempt_id}/audio", headers={"Range": "bytes=0-99"})
    assert audio.status_code == 206 and len(audio.content) == 100


def test_progress_fragment_polls_until_done(
        client: TestClient, rep_world: dict[str, Any]) -> None:
    attempt_id = post(client).json()["id"]
    page = client.get(f"/attempts/{attempt_id}")
    assert "Scoring your pitch" in page.text and "every 1s" in page.text
    fragment = client.get(f"/attempts/{attempt_id}/status", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "stage-now" in fragment.text


def test_no_speech_fails_with_a_reason_and_retry_requeues(
        client: TestClient, session: Session, settings: Settings,
        rep_world: dict[str, Any]) -> None:
    attempt_id = post(client).json()["id"]
    failed = process_attempt(session=session, attempt_id=attempt_id,
                             data_dir=settings.data_dir, transcriber=FakeTranscriber(""))
    assert failed is not None and failed.status == "failed"
    assert failed.failure_reason == NO_SPEECH
    page = client.get(f"/attempts/{attempt_id}")
    assert "hear any words" in page.text and "Retry scoring" in page.text
    api = client.get(f"/api/v1/attempts/{attempt_id}").json()
    assert api["status"] == "failed" and api["failure_reason"] == NO_SPEECH
    response = client.post(f"/attempts/{attempt_id}/retry",
                           data={"csrf_token": client.cookies.get("om_csrf")},
                           follow_redirects=False)
    assert response.status_code == 303
    session.expire_all()
    assert session.get(PitchAttempt, attempt_id).status == "uploaded"  # type: ignore[union-attr]
    assert count(session, Job) == 2
    again = process_attempt(session=session, attempt_id=attempt_id,
                            data_dir=settings.data_dir, transcriber=FakeTranscriber())
    assert again is not None and again.status == "done"


def test_missing_audio_fails_the_attempt(
        client: TestClient, session: Session, settings: Settings,
        rep_world: dict[str, Any]) -> None:
    attempt_id = post(client).json()["id"]
    attempt = session.get(PitchAttempt, attempt_id)
    assert attempt is not None
    Path(settings.data_dir / attempt.audio_path).write_bytes(b"changed")
    out = process_attempt(session=session, attempt_id=attempt_id, data_dir=settings.data_dir,
                          transcriber=FakeTranscriber())
    assert out is not None and out.status == "failed" and "missing or changed" in (
        out.failure_reason or "")


def test_previous_attempts_and_pages_for_the_rep(
        client: TestClient, session: Session, settings: Settings,
        rep_world: dict[str, Any]) -> None:
    ids = []
    for i, text in enumerate(["Backups are immutable so ransomware cannot delete them.",
                              None]):
        attempt_id = post(client, key=f"history-key-{i}").json()["id"]
        process_attempt(session=session, attempt_id=attempt_id, data_dir=settings.data_dir,
                        transcriber=FakeTranscriber(text) if text else FakeTranscriber())
        ids.append(attempt_id)
    page = client.get(f"/attempts/{ids[1]}")
    assert "Earlier attempts on this pitch" in page.text and f"/attempts/{ids[0]}" in page.text
    listing = client.get("/pitches")
    assert "best 100" in listing.text and "/pitches/harborguard/it-director" in listing.text
    rubric = client.get("/pitches/harborguard/it-director")
    assert "How it is scored" in rubric.text and "30–60 seconds" in rubric.text
    assert "The formula" in rubric.text
    record = client.get("/pitches/harborguard/it-director/record")
    assert "/static/recorder.js" in record.text and 'data-pitch="it-director"' in record.text


def test_managers_read_their_reps_attempts_others_do_not(
        client: TestClient, session: Session, rep_world: dict[str, Any]) -> None:
    attempt_id = post(client).json()["id"]
    manager = make_user(session, Role.MANAGER, manages=(rep_world["team"],))
    stranger = make_user(session, Role.MANAGER, manages=(make_team(session),))
    cookie_sign_in(client, session, manager)
    assert client.get(f"/api/v1/attempts/{attempt_id}").status_code == 200
    cookie_sign_in(client, session, stranger)
    assert client.get(f"/api/v1/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/attempts/{attempt_id}/audio").status_code == 404


def test_vocabulary_lists_product_names_first() -> None:
    import yaml

    from tests.app.attempt_helpers import HARBOR_YAML

    terms = vocabulary(yaml.safe_load(HARBOR_YAML.read_text()))
    assert terms[0] == "HarborGuard" and "ransomware" in terms


def test_vocabulary_puts_the_pitch_messages_terms_first() -> None:
    content = {
        "title": "Vault",
        "messages": [
            {"id": "speed", "statement": "Restores in minutes", "keywords": ["restore"]},
            {"id": "audit", "statement": "Passes a SOC 2 audit", "keywords": ["auditor"]},
        ],
        "pitches": [{"id": "ciso", "prompt": "Pitch a CISO", "messages": ["audit"]}],
    }
    pitched = vocabulary(content, "ciso")
    assert pitched.index("auditor") < pitched.index("restore")
    assert "restore" in pitched  # the rest still follow, as the prompt has room
    # Without a pitch, or for a pitch naming no messages, the talk-track order holds.
    assert vocabulary(content).index("restore") < vocabulary(content).index("auditor")
    assert vocabulary(content, "unknown") == vocabulary(content)


@pytest.mark.whisper
def test_real_recording_end_to_end(client: TestClient, session: Session, settings: Settings,
                                   rep_world: dict[str, Any]) -> None:
    response = post(client, HARBOR_FLAC.read_bytes(), ctype="audio/flac", name="take.flac")
    assert response.status_code == 201, response.text
    done = process_attempt(session=session, attempt_id=response.json()["id"],
                           data_dir=settings.data_dir)
    assert done is not None and done.status == "done", done and done.failure_reason
    assert done.result is not None and done.score is not None and done.score >= 60
    assert any(m["covered"] for m in done.result["messages"])
