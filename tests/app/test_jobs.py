"""The job queue: claims, crash recovery in-process, giving up, and the Redis (RQ) path."""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

import app.pitch_pipeline as pipeline
from app import jobs
from app.clock import utcnow
from app.db import Database
from app.job_models import JOB_RUNNING, Job
from app.job_store import announce_after_commit
from app.migrations import upgrade
from app.models import Role
from app.settings import Settings
from app.transcription import load_model
from app.write_lock import WriterLock
from drills import attempts
from drills.attempt_models import PitchAttempt
from tests.app.attempt_helpers import HARBOR_FLAC, FakeTranscriber, launched_harborguard, wav
from tests.conftest import TEST_SECRET
from tests.factories import make_team, make_user

REDIS_URL = os.environ.get("ONMESSAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def own_db(tmp_path: Path) -> Iterator[Database]:
    """A real, committed database file: workers open their own sessions on it."""
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    upgrade(url=url)
    settings = Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                        database_url=url)
    db = Database(settings)
    yield db
    db.engine.dispose()


def make_attempt(db: Database, audio: bytes, *, suffix: str = "wav",
                 ctype: str = "audio/wav") -> int:
    with db.session() as s:
        team = make_team(s)
        rep = make_user(s, Role.REP, team=team)
        _, version = launched_harborguard(s, team)
        folder = db.settings.data_dir / "recordings" / str(rep.id)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"take.{suffix}").write_bytes(audio)
        stored = attempts.StoredAudio(path=f"recordings/{rep.id}/take.{suffix}",
                                      sha256=hashlib.sha256(audio).hexdigest(),
                                      size=len(audio), content_type=ctype, duration_s=4.0)
        attempt, _ = attempts.create(session=s, user_id=rep.id or 0, key="job-test-key",
                                     module_id=version.module_id,
                                     module_version_id=version.id or 0,
                                     pitch_id="it-director", drill_id=None, audio=stored,
                                     now=utcnow())
        pipeline.submit(session=s, attempt=attempt)
        s.commit()
        assert attempt.id is not None
        return attempt.id


def job_of(db: Database, attempt_id: int) -> Job:
    with db.session() as s:
        from sqlmodel import select

        return s.exec(select(Job).where(Job.target_id == attempt_id)).one()


def attempt_of(db: Database, attempt_id: int) -> PitchAttempt:
    with db.session() as s:
        found = s.get(PitchAttempt, attempt_id)
        assert found is not None
        return found


def test_only_one_worker_wins_a_claim(own_db: Database) -> None:
    attempt_id = make_attempt(own_db, wav())
    job_id = job_of(own_db, attempt_id).id or 0
    now = utcnow()
    with own_db.session() as a, own_db.session() as b:
        first = jobs.claim(session=a, job_id=job_id, worker="a", now=now)
        second = jobs.claim(session=b, job_id=job_id, worker="b", now=now)
    assert first is not None and second is None
    # once the lease has run out (the worker died), another may claim it
    with own_db.session() as c:
        later = jobs.claim(session=c, job_id=job_id, worker="c",
                           now=now + timedelta(seconds=jobs.LEASE_S + 1))
    assert later is not None and later.attempts == 2


def test_in_process_worker_resumes_a_job_after_a_crash(
        own_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeTranscriber()
    monkeypatch.setattr(pipeline, "transcribe", fake)
    attempt_id = make_attempt(own_db, wav())
    # Simulate a worker that claimed the job, started transcribing, then died.
    with own_db.session() as s:
        job = s.get(Job, job_of(own_db, attempt_id).id)
        attempt = s.get(PitchAttempt, attempt_id)
        assert job is not None and attempt is not None
        job.status, job.attempts, job.worker = JOB_RUNNING, 1, "dead-worker"
        job.locked_until = utcnow() - timedelta(seconds=1)  # its lease ran out
        attempts.transition(session=s, attempt=attempt, to="transcribing", now=utcnow())
        s.add(job)
        s.commit()
    queue = jobs.InProcessQueue(own_db, poll_s=0.05)  # a restarted process
    queue.start()
    try:
        assert jobs.wait_for(lambda: attempt_of(own_db, attempt_id).status == "done", 10)
    finally:
        queue.stop()
    job = job_of(own_db, attempt_id)
    assert job.status == "done" and job.attempts == 2 and job.worker != "dead-worker"
    assert attempt_of(own_db, attempt_id).score == 100
    assert len(fake.calls) == 1


def _as_left_by_a_crash(db: Database, attempt_id: int) -> None:
    """The job claimed by a worker that died while Whisper ran (its lease has run out)."""
    with db.session() as s:
        job = s.get(Job, job_of(db, attempt_id).id)
        attempt = s.get(PitchAttempt, attempt_id)
        assert job is not None and attempt is not None
        job.status, job.attempts, job.worker = JOB_RUNNING, 1, "dead-worker"
        job.locked_until = utcnow() - timedelta(seconds=1)
        attempts.transition(session=s, attempt=attempt, to="transcribing", now=utcnow())
        s.add(job)
        s.commit()


def _someone_writes(db: Database) -> None:
    """Another connection commits a write (the job's heartbeat does every 5 s; requests,
    commands and other jobs at any time)."""
    assert db.engine.url.database is not None
    raw = sqlite3.connect(db.engine.url.database, isolation_level=None, timeout=5)
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE jobs SET heartbeat_at = ?", (str(utcnow()),))  # (a real change)
        raw.execute("COMMIT")
    finally:
        raw.close()


@pytest.mark.parametrize("resumed", [False, True], ids=["fresh", "resumed"])
def test_no_transaction_stays_open_while_whisper_runs(
        own_db: Database, monkeypatch: pytest.MonkeyPatch, resumed: bool) -> None:
    attempt_id = make_attempt(own_db, wav())
    if resumed:
        _as_left_by_a_crash(own_db, attempt_id)
    held: list[int] = []
    fake = FakeTranscriber()

    def transcribing(path: Any, **kwargs: Any) -> Any:
        held.append(own_db.engine.pool.checkedout())  # (the heartbeat's first beat is at 5 s)
        _someone_writes(own_db)  # would make a snapshot held across this call stale
        return fake(path, **kwargs)

    monkeypatch.setattr(pipeline, "transcribe", transcribing)
    assert jobs.run_job(own_db, job_of(own_db, attempt_id).id or 0) == "done", \
        job_of(own_db, attempt_id).last_error
    assert held == [0], "the job's session must hold no connection while Whisper runs"
    assert attempt_of(own_db, attempt_id).score == 100


def test_a_write_between_the_jobs_read_and_its_first_write_does_not_fail_it(
        own_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    attempt_id = make_attempt(own_db, wav())
    real_verify = pipeline.verify

    def verify_while_someone_writes(**kwargs: Any) -> bool:
        found = real_verify(**kwargs)
        _someone_writes(own_db)
        return found

    monkeypatch.setattr(pipeline, "verify", verify_while_someone_writes)
    monkeypatch.setattr(pipeline, "transcribe", FakeTranscriber())
    assert jobs.run_job(own_db, job_of(own_db, attempt_id).id or 0) == "done", \
        job_of(own_db, attempt_id).last_error


def test_a_lock_error_recording_the_transcript_is_retried_in_turn_not_transcribed_again(
        own_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    attempt_id = make_attempt(own_db, wav())
    fake = FakeTranscriber()
    monkeypatch.setattr(pipeline, "transcribe", fake)
    real_record = attempts.record_transcript
    in_turn: list[bool] = []

    def locked_once(**kwargs: Any) -> PitchAttempt:
        other = WriterLock.beside(own_db.engine.url.database)
        in_turn.append(not other.try_acquire())  # the job holds the writers' lock file
        if not in_turn[-1]:
            other.release()
        if len(in_turn) == 1:  # a writer that takes no turn held SQLite's lock too long
            raise OperationalError("UPDATE pitch_attempts", {},
                                   sqlite3.OperationalError("database is locked"))
        return real_record(**kwargs)

    monkeypatch.setattr(attempts, "record_transcript", locked_once)
    assert jobs.run_job(own_db, job_of(own_db, attempt_id).id or 0) == "done", \
        job_of(own_db, attempt_id).last_error
    assert in_turn == [True, True] and len(fake.calls) == 1


def test_a_new_job_runs_as_soon_as_it_is_committed(
        own_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "transcribe", FakeTranscriber())
    queue = jobs.InProcessQueue(own_db, poll_s=30)  # polling alone would be far too slow
    queue.start()
    try:
        attempt_id = make_attempt(own_db, wav())
        assert jobs.wait_for(lambda: attempt_of(own_db, attempt_id).status == "done", 10)
    finally:
        queue.stop()


@pytest.mark.parametrize("fails", [False, True])
def test_the_worker_warms_up_before_its_first_job_and_survives_a_failed_warm_up(
        own_db: Database, monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    order: list[str] = []
    fake = FakeTranscriber()

    def transcribe(*args: Any, **kwargs: Any) -> Any:
        order.append("job")
        return fake(*args, **kwargs)

    def warm_up() -> None:
        order.append("warm-up")
        if fails:
            raise RuntimeError("no model here")

    monkeypatch.setattr(pipeline, "transcribe", transcribe)
    attempt_id = make_attempt(own_db, wav())  # queued before the worker starts
    queue = jobs.InProcessQueue(own_db, poll_s=30, warm_up=warm_up)
    queue.start()
    try:
        assert jobs.wait_for(lambda: attempt_of(own_db, attempt_id).status == "done", 10)
    finally:
        queue.stop()
    assert order == ["warm-up", "job"]


def test_the_service_loads_the_configured_model_as_it_starts(own_db: Database) -> None:
    settings = own_db.settings.model_copy(update={"environment": "development",
                                                  "whisper_model": "base.en"})
    warm = jobs.warm_up_for(settings)
    assert isinstance(warm, functools.partial)
    assert warm.func is load_model and warm.args == ("base.en",)
    assert jobs.warm_up_for(own_db.settings) is None  # tests load the model where needed
    assert jobs.warm_up_for(settings.model_copy(update={"whisper_preload": False})) is None


def test_a_job_that_keeps_crashing_gives_up_and_fails_the_attempt(
        own_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("model exploded")

    monkeypatch.setattr(pipeline, "transcribe", boom)
    attempt_id = make_attempt(own_db, wav())
    job_id = job_of(own_db, attempt_id).id or 0
    outcomes = [jobs.run_job(own_db, job_id) for _ in range(3)]
    assert outcomes == ["queued", "queued", "failed"]
    failed = attempt_of(own_db, attempt_id)
    assert failed.status == "failed" and "Retry" in (failed.failure_reason or "")
    assert "model exploded" in (job_of(own_db, attempt_id).last_error or "")
    assert jobs.run_job(own_db, job_id) is None  # nothing left to claim


def test_jobs_are_not_announced_before_commit(own_db: Database) -> None:
    seen: list[int] = []

    class Spy:
        def notify(self, job_id: int) -> None:
            seen.append(job_id)

    stop_announcing = announce_after_commit(own_db, Spy())
    try:
        with own_db.session() as s:
            job = jobs.enqueue(session=s, kind="noop", target_id=1, now=utcnow())
            s.flush()
            assert seen == []
            s.rollback()
        assert seen == []
        with own_db.session() as s:
            job = jobs.enqueue(session=s, kind="noop", target_id=1, now=utcnow())
            s.commit()
        assert seen == [job.id]
    finally:
        stop_announcing()


def _redis_or_skip() -> None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({exc}); start redis-server "
                    "to test the Redis-backed queue")


@pytest.mark.redis
@pytest.mark.whisper
def test_redis_queue_and_worker_process_score_a_real_recording(own_db: Database) -> None:
    _redis_or_skip()
    queue = jobs.RedisQueue(REDIS_URL, own_db)
    queue.start()  # the web process's side: committed jobs go to Redis
    try:
        attempt_id = make_attempt(own_db, HARBOR_FLAC.read_bytes(), suffix="flac",
                                  ctype="audio/flac")
    finally:
        queue.stop()
    env = {**os.environ, "ONMESSAGE_REDIS_URL": REDIS_URL,
           "ONMESSAGE_DATABASE_URL": own_db.settings.resolved_database_url,
           "ONMESSAGE_DATA_DIR": str(own_db.settings.data_dir),
           "ONMESSAGE_ENVIRONMENT": "test", "ONMESSAGE_SECRET_KEY": TEST_SECRET}
    # `onmessage worker --burst` drains the queue and exits (a separate process, as in
    # production; other test runs' stale ids are claimed by nobody and skipped).
    proc = subprocess.run([sys.executable, "-m", "app.cli", "worker", "--burst"], env=env,
                          capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr[-2000:]
    done = attempt_of(own_db, attempt_id)
    assert done.status == "done", (done.failure_reason, proc.stderr[-2000:])
    assert done.score is not None and done.score >= 60
    assert job_of(own_db, attempt_id).status == "done"
