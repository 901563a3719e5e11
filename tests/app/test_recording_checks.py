"""Checking an uploaded recording: complete or cut off in transit, and how long it really
is, found out quickly and off the request path that other requests wait on.

Recordings are made at run time (espeak-ng, sox, ffmpeg; see audio_tools.py).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app import audio_storage
from app.audio_storage import RecordingRejected
from app.db import Database
from app.main import create_app
from app.migrations import upgrade
from app.models import Role
from app.settings import Settings
from app.write_lock import WriterLock, fcntl
from tests.app import audio_tools
from tests.app.attempt_helpers import launched_harborguard
from tests.app.helpers import bearer
from tests.conftest import TEST_SECRET
from tests.factories import make_team, make_user
from tests.live_server import demo_server

CUT_OFF = "cut off during upload"
TOO_LONG = r"limit (is|of) 300 s"
SUFFIXES = ["webm", "ogg", "m4a", "wav", "flac"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("recordings")


@pytest.fixture(scope="module")
def takes(folder: Path) -> dict[str, bytes]:
    """A 13-s spoken take in every container we take, and as MediaRecorder's WebM."""
    wav = audio_tools.speech_wav(folder)
    out = {suffix: audio_tools.encode(wav, suffix).read_bytes() for suffix in SUFFIXES}
    out["mediarecorder"] = audio_tools.mediarecorder_webm(wav)
    return out


def store(data: bytes, data_dir: Path, *, max_seconds: float = 300) -> audio_storage.StoredAudio:
    return audio_storage.store(data_dir=data_dir, user_id=1, data=data, declared_type=None,
                               max_seconds=max_seconds)


# --- (8) a recording cut off in transit ---------------------------------------------------


@pytest.mark.parametrize("kind", [*SUFFIXES, "mediarecorder"])
def test_complete_recordings_are_accepted(kind: str, takes: dict[str, bytes],
                                          tmp_path: Path) -> None:
    stored = store(takes[kind], tmp_path)
    assert stored.duration_s == pytest.approx(13.1, abs=0.2)


@pytest.mark.parametrize("kind", [*SUFFIXES, "mediarecorder"])
@pytest.mark.parametrize("kept", [0.33, 0.9, 0.999])
def test_a_recording_cut_off_in_transit_is_refused(kind: str, kept: float,
                                                   takes: dict[str, bytes],
                                                   tmp_path: Path) -> None:
    whole = takes[kind]
    cut = (audio_tools.mediarecorder_cut(whole, kept) if kind == "mediarecorder"
           else int(len(whole) * kept))
    with pytest.raises(RecordingRejected, match=CUT_OFF) as refused:
        store(whole[:cut], tmp_path)
    assert "record again" in str(refused.value).lower()
    assert not list(tmp_path.rglob("*.*")), "nothing of a refused upload is kept"


def test_an_ogg_without_its_last_page_is_cut_off(takes: dict[str, bytes],
                                                  tmp_path: Path) -> None:
    # Cut exactly between two pages: every page is whole, but the stream never ended.
    whole = takes["ogg"]
    last_page = whole.rindex(b"OggS")
    with pytest.raises(RecordingRejected, match=CUT_OFF):
        store(whole[:last_page], tmp_path)


def test_the_api_refuses_a_cut_off_webm_with_a_message_the_rep_can_act_on(
        client: TestClient, session: Any, takes: dict[str, bytes]) -> None:
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    launched_harborguard(session, team)
    whole = takes["mediarecorder"]
    cut = audio_tools.mediarecorder_cut(whole, 1 / 3)  # not on a block boundary: see below
    response = client.post("/api/v1/attempts", headers=bearer(session, rep),
                           files={"audio": ("pitch.webm", whole[:cut], "audio/webm")},
                           data={"idempotency_key": "cut-off-0001", "module": "harborguard",
                                 "pitch": "it-director"})
    assert response.status_code == 422, response.text
    assert CUT_OFF in response.json()["detail"] and "Record again" in response.json()["detail"]


def test_a_cut_between_two_blocks_is_refused_by_the_size_the_phone_sent(
        client: TestClient, session: Any, takes: dict[str, bytes]) -> None:
    """A cut exactly where a WebM block ends leaves a whole-looking, shorter file; the
    phone sends the size it recorded, and the difference gives the cut away."""
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    launched_harborguard(session, team)
    whole = takes["mediarecorder"]
    boundary = audio_tools.mediarecorder_block_end(whole, 0.5)
    store(whole[:boundary], Path(client.app.state.settings.data_dir))  # looks whole alone
    response = client.post("/api/v1/attempts", headers=bearer(session, rep),
                           files={"audio": ("pitch.webm", whole[:boundary], "audio/webm")},
                           data={"idempotency_key": "cut-off-0002", "module": "harborguard",
                                 "pitch": "it-director", "audio_bytes": str(len(whole))})
    assert response.status_code == 422, response.text
    assert CUT_OFF in response.json()["detail"]
    whole_take = client.post("/api/v1/attempts", headers=bearer(session, rep),
                             files={"audio": ("pitch.webm", whole, "audio/webm")},
                             data={"idempotency_key": "whole-0003", "module": "harborguard",
                                   "pitch": "it-director", "audio_bytes": str(len(whole))})
    assert whole_take.status_code == 201, whole_take.text


# --- (2) a recording that decodes to hours ------------------------------------------------


@pytest.fixture(scope="module")
def bombs(folder: Path) -> dict[str, bytes]:
    """Ten hours of silent FLAC (~70 KB): with its length in the header, and without."""
    bomb = audio_tools.silent_flac(folder / "bomb.flac", hours=10).read_bytes()
    return {"declared": bomb, "undeclared": audio_tools.without_length(bomb)}


@pytest.mark.parametrize("kind", ["declared", "undeclared"])
def test_a_bomb_is_refused_after_decoding_no_more_than_the_limit(
        kind: str, bombs: dict[str, bytes], tmp_path: Path) -> None:
    started = time.thread_time()  # this thread's CPU: a busy machine does not decide it
    with pytest.raises(RecordingRejected, match=TOO_LONG):
        store(bombs[kind], tmp_path)
    assert time.thread_time() - started < 1.0
    assert not list(tmp_path.rglob("*.*"))


def test_probing_takes_no_write_turn_and_runs_off_the_event_loop(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, takes: dict[str, bytes]) -> None:
    if fcntl is None:
        pytest.skip("the writers' lock file needs flock (POSIX)")
    url = f"sqlite:///{tmp_path / 'own.db'}"
    upgrade(url=url)
    settings = Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                        database_url=url)
    app = create_app(settings)  # the real request session: writers take their turn
    db: Database = app.state.db
    with db.session() as s:
        team = make_team(s)
        rep = make_user(s, Role.REP, team=team)
        launched_harborguard(s, team)
        headers = bearer(s, rep)
    seen: dict[str, bool] = {}
    real_probe = audio_storage.probe

    def watched_probe(*args: Any, **kwargs: Any) -> audio_storage.Probe:
        other_writer = WriterLock.beside(db.engine.url.database)
        seen["writers_free"] = other_writer.try_acquire()
        if seen["writers_free"]:
            other_writer.release()
        try:
            asyncio.get_running_loop()
            seen["off_loop"] = False
        except RuntimeError:
            seen["off_loop"] = True
        return real_probe(*args, **kwargs)

    monkeypatch.setattr(audio_storage, "probe", watched_probe)
    response = TestClient(app).post(  # (no lifespan: no job worker picks the attempt up)
        "/api/v1/attempts", headers=headers,
        files={"audio": ("pitch.webm", takes["mediarecorder"], "audio/webm")},
        data={"idempotency_key": "own-turn-0001", "module": "harborguard",
              "pitch": "it-director"})
    assert response.status_code == 201, response.text
    assert seen == {"writers_free": True, "off_loop": True}
    db.close_writer()
    db.engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("live-bomb")) as base:
        yield base


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


@pytest.mark.parametrize("kind", ["declared", "undeclared"])
def test_a_bomb_is_refused_at_once_and_other_requests_go_on(
        kind: str, bombs: dict[str, bytes], server: str) -> None:
    http = httpx.Client(base_url=server, timeout=120)
    token = http.post("/api/v1/tokens", json={"email": "rep@example.com",
                                               "password": "onmessage-demo"}).json()["token"]
    stalls: list[float] = []
    done = threading.Event()

    def meanwhile() -> None:  # sign-ins (a write) and health checks, one after another
        with httpx.Client(base_url=server, timeout=120) as other:
            while not done.is_set():
                took, signed_in = _timed(lambda: other.post(
                    "/api/v1/tokens", json={"email": "alex@example.com",
                                            "password": "onmessage-demo"}))
                assert signed_in.status_code == 201, signed_in.text
                stalls.append(took)
                stalls.append(_timed(lambda: urllib.request.urlopen(server + "/healthz",
                                                                     timeout=120))[0])

    worker = threading.Thread(target=meanwhile)
    worker.start()
    try:
        time.sleep(0.3)
        took, refused = _timed(lambda: http.post(
            "/api/v1/attempts", headers={"Authorization": f"Bearer {token}"},
            files={"audio": ("pitch.flac", bombs[kind], "audio/flac")},
            data={"idempotency_key": str(uuid.uuid4()), "module": "northwind-shield-launch",
                  "pitch": "ciso-elevator"}))
        time.sleep(0.3)
    finally:
        done.set()
        worker.join(timeout=120)
    assert refused.status_code == 422, refused.text
    assert re.search(TOO_LONG, refused.json()["detail"]), refused.text
    assert took < 2.0, f"the bomb took {took:.1f} s to refuse"
    assert stalls and max(stalls) < 1.0, f"a request waited {max(stalls):.2f} s meanwhile"
