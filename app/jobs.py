"""The job queue: persisted jobs, run in-process by default or by RQ workers over Redis.

Jobs are rows (app/job_store.py: enqueue, claim); their kinds and handlers are declared
in one place (app/job_kinds.py). This module runs them. While a job runs, a heartbeat
extends its lease; if the process dies, the lease runs out and the next worker (or this
one after a restart) claims it again: that is how a crash mid-job is resumed.

* In-process (default): a worker thread in the web process polls for claimable jobs and
  is woken at once when one of its database's sessions commits a new one.
* Redis (`ONMESSAGE_REDIS_URL`): the row is created the same way and its id is pushed to
  an RQ queue after commit; `onmessage worker` processes run them, so transcription
  scales out to other machines. A worker re-queues unfinished rows when it starts.

The app holds its queue (`app.state.jobs`, from `start_queue`): it is told about a
database's commits only while started, so two apps in one process never share one.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text, update
from sqlmodel import col, select

from app.clock import utcnow
from app.db import Database
from app.job_kinds import (
    DIGEST_EVERY_S,
    DIGEST_KIND,
    GIVE_UP,
    HANDLERS,
    NOTICE_MAIL_EVERY_S,
    NOTICE_MAIL_KIND,
    PERIODIC,
    SERVICE_PERIODIC,
    SWEEP_EVERY_S,
    SWEEP_KIND,
    XAPI_EVERY_S,
    XAPI_KIND,
    Periodic,
    run_certification_sweep,
    run_notice_mail,
    run_weekly_digest,
    run_xapi_flush,
)
from app.job_models import JOB_DONE, JOB_FAILED, JOB_QUEUED, JOB_RUNNING, Job
from app.job_store import (
    LEASE_S,
    GiveUp,
    Handler,
    announce_after_commit,
    claim,
    enqueue,
    next_claimable_ids,
    pending_count,
)
from app.settings import Settings
from app.transcription import load_model

__all__ = [
    "DIGEST_EVERY_S", "DIGEST_KIND", "HANDLERS", "LEASE_S", "NOTICE_MAIL_EVERY_S",
    "NOTICE_MAIL_KIND", "PERIODIC", "SERVICE_PERIODIC", "SWEEP_EVERY_S", "SWEEP_KIND",
    "XAPI_EVERY_S", "XAPI_KIND", "InProcessQueue", "Periodic", "RedisQueue", "claim",
    "enqueue", "run_certification_sweep", "run_job", "run_notice_mail",
    "run_weekly_digest", "run_xapi_flush", "schedule_periodic", "start_queue", "wait_for",
]

log = logging.getLogger("onmessage.jobs")

HEARTBEAT_S = 5.0
POLL_S = 2.0
RQ_QUEUE = "onmessage"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


# --- running one job ----------------------------------------------------------------------


class _Heartbeat:
    """Extends a running job's lease until stopped."""

    def __init__(self, db: Database, job_id: int) -> None:
        self.db, self.job_id = db, job_id
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat",
                                       daemon=True)

    def _run(self) -> None:
        while not self.stop_event.wait(HEARTBEAT_S):
            try:
                with self.db.background_write_turn(), self.db.session(write=True) as s:
                    now = utcnow()
                    s.execute(update(Job).where(col(Job.id) == self.job_id,
                                                col(Job.status) == JOB_RUNNING)
                              .values(heartbeat_at=now,
                                      locked_until=now + timedelta(seconds=LEASE_S)))
                    s.commit()
            except Exception:
                log.exception("heartbeat for job %s failed", self.job_id)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.thread.join(timeout=HEARTBEAT_S + 1)


def _finish(db: Database, job_id: int, *, status: str, error: str | None) -> None:
    # Reads then writes: in this thread's write turn, locked for writing up front.
    with db.background_write_turn(), db.session(write=True) as s:
        job = s.get(Job, job_id)
        if job is None:
            return
        now = utcnow()
        job.status = status
        job.last_error = error
        job.locked_until = None
        job.updated_at = now
        if status in (JOB_DONE, JOB_FAILED):
            job.finished_at = now
        s.add(job)
        s.commit()


def run_job(db: Database, job_id: int, *, worker: str | None = None,
            handlers: Mapping[str, Handler] = HANDLERS,
            give_up: Mapping[str, GiveUp] = GIVE_UP) -> str | None:
    """Claim and run one job; returns its final status, or None if it was not claimable.

    An exception in the handler puts the job back in the queue until it has used its
    attempts; then the job fails and its kind's give-up (app/job_kinds.py) records why.
    """
    with db.background_write_turn(), db.session(write=True) as s:
        job = claim(session=s, job_id=job_id, worker=worker or worker_name(), now=utcnow())
    if job is None:
        return None
    fn = handlers.get(job.kind)
    if fn is None:
        _finish(db, job_id, status=JOB_FAILED, error=f"no handler for job kind {job.kind!r}")
        return JOB_FAILED
    try:
        with _Heartbeat(db, job_id):
            fn(db, job.target_id)
    except Exception as exc:
        log.exception("job %s (%s %s) failed", job_id, job.kind, job.target_id)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if job.attempts >= job.max_attempts:
            _finish(db, job_id, status=JOB_FAILED, error=error)
            record = give_up.get(job.kind)
            if record is not None:
                record(db, job.target_id, error)
            return JOB_FAILED
        _finish(db, job_id, status=JOB_QUEUED, error=error)
        return JOB_QUEUED
    _finish(db, job_id, status=JOB_DONE, error=None)
    return JOB_DONE


# --- the in-process worker -----------------------------------------------------------------


class InProcessQueue:
    """A worker thread in the web process; wakes when its database commits a job, polls
    for abandoned ones, and runs each with the handler of its kind."""

    def __init__(self, db: Database, *, poll_s: float = POLL_S,
                 periodic: Sequence[Periodic] = (),
                 handlers: Mapping[str, Handler] = HANDLERS,
                 give_up: Mapping[str, GiveUp] = GIVE_UP,
                 warm_up: Callable[[], object] | None = None) -> None:
        self.db = db
        self.poll_s = poll_s
        self.warm_up = warm_up  # run once in the worker thread, before its first job
        self.periodic = tuple(periodic)
        self.handlers, self.give_up = handlers, give_up
        self._stop_announcing: Callable[[], None] | None = None
        self._slots: dict[str, int] = {}  # the last slot scheduled per kind, by this process
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.name = worker_name()

    def notify(self, job_id: int) -> None:
        self.wake.set()

    def start(self) -> None:
        self._stop_announcing = announce_after_commit(self.db, self)
        self.thread = threading.Thread(target=self._loop, name="onmessage-jobs", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.wake.set()
        if self._stop_announcing is not None:
            self._stop_announcing()
            self._stop_announcing = None
        if self.thread is not None:
            self.thread.join(timeout=timeout)

    def run_pending(self) -> int:
        """Run every claimable job once; returns how many were run."""
        ran = 0
        while not self.stopping.is_set():
            with self.db.session() as s:
                ids = next_claimable_ids(session=s, now=utcnow())
            if not ids:
                return ran
            for job_id in ids:
                if self.stopping.is_set():
                    break
                if run_job(self.db, job_id, worker=self.name, handlers=self.handlers,
                           give_up=self.give_up) is not None:
                    ran += 1
        return ran

    def schedule(self) -> list[int]:
        """Enqueue periodic jobs whose slot came round (the database is asked only then)."""
        now = utcnow()
        due = [p for p in self.periodic if self._slots.get(p.kind) != p.slot(now)]
        if not due:
            return []
        created = schedule_periodic(db=self.db, now=now, periodic=due)
        for p in due:
            self._slots[p.kind] = p.slot(now)
        return created

    def depth(self) -> dict[str, Any]:
        """Jobs waiting or running, and whether the worker thread lives (health check)."""
        with self.db.session() as s:
            pending = pending_count(s)
        return {"pending": pending, "worker_alive": bool(self.thread and self.thread.is_alive())}

    def _loop(self) -> None:
        if self.warm_up is not None:
            try:
                self.warm_up()
            except Exception:  # the job that needs it fails with the reason, and is retried
                log.exception("job worker warm-up failed")
        # On start this picks up whatever a previous process left unfinished: queued jobs
        # at once, running ones as soon as their lease has run out.
        while not self.stopping.is_set():
            try:
                self.schedule()
                self.run_pending()
            except Exception:  # a database hiccup must not kill the worker thread
                log.exception("job loop error")
            self.wake.wait(self.poll_s)
            self.wake.clear()


# --- periodic jobs ---------------------------------------------------------------------


_SCHEDULE_LOCK = 0x6F6E6D73  # "onms": any fixed number, the same in every process


def schedule_periodic(*, db: Database, now: datetime,
                      periodic: Sequence[Periodic] = PERIODIC) -> list[int]:
    """Enqueue the current slot's run of each periodic job unless a process already did;
    returns the ids of the jobs this call created.

    Every web process asks, so one run per slot must win: the check and the insert share
    one write transaction (SQLite takes its single write lock up front; PostgreSQL takes a
    transaction-scoped advisory lock), and the job is then claimed by exactly one worker.
    """
    created: list[int] = []
    with db.session(write=True) as s:
        if db.engine.dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEDULE_LOCK})
        for p in periodic:
            slot = p.slot(now)
            found = s.exec(select(Job.id).where(Job.kind == p.kind, Job.target_id == slot)
                           ).first()
            if found is None:
                # One attempt: if a run fails, the next slot's run is the retry.
                job = enqueue(session=s, kind=p.kind, target_id=slot, now=now, max_attempts=1)
                assert job.id is not None
                created.append(job.id)
        s.commit()
    return created


# --- Redis (RQ) ----------------------------------------------------------------------------


def rq_entry(job_id: int) -> str | None:
    """What an RQ worker runs: the persisted job, by id, against the configured database."""
    from app.settings import get_settings

    return run_job(_worker_db(get_settings()), job_id)


_worker_dbs: dict[str, Database] = {}


def _worker_db(settings: Settings) -> Database:
    key = settings.resolved_database_url
    if key not in _worker_dbs:
        _worker_dbs[key] = Database(settings)
    return _worker_dbs[key]


@dataclass
class RedisQueue:
    """Pushes the job ids that `db` commits to RQ; `onmessage worker` processes run them."""

    url: str
    db: Database
    _stop_announcing: Callable[[], None] | None = field(default=None, repr=False)

    def _queue(self) -> Any:
        from redis import Redis
        from rq import Queue

        return Queue(RQ_QUEUE, connection=Redis.from_url(self.url))

    def notify(self, job_id: int) -> None:
        # job_timeout: a 5-minute recording transcribes in well under this on a small CPU.
        self._queue().enqueue(rq_entry, job_id, job_timeout=600, result_ttl=3600,
                              failure_ttl=86400)

    def start(self) -> None:
        self._stop_announcing = announce_after_commit(self.db, self)

    def stop(self, timeout: float = 0) -> None:
        if self._stop_announcing is not None:
            self._stop_announcing()
            self._stop_announcing = None

    def depth(self) -> dict[str, Any]:
        """Jobs waiting in Redis (health check)."""
        from redis import Redis
        from rq import Queue

        q = Queue(RQ_QUEUE, connection=Redis.from_url(self.url, socket_timeout=2))
        return {"waiting": q.count}

    def requeue_unfinished(self) -> int:
        """Push every claimable job again (after a crash, or jobs committed while Redis
        was down); a duplicate is harmless because only one run can claim it."""
        with self.db.session() as s:
            ids = next_claimable_ids(session=s, now=utcnow(), limit=10_000)
        for job_id in ids:
            self.notify(job_id)
        return len(ids)


def warm_up_for(settings: Settings) -> Callable[[], object] | None:
    """What the in-process worker does before its first job: load the Whisper model (about
    a second of CPU), so that the first rep's upload does not wait for it. A job that comes
    meanwhile waits, as it would have. Tests load the model only where they transcribe."""
    if settings.environment == "test" or not settings.whisper_preload:
        return None
    return functools.partial(load_model, settings.whisper_model)


def start_queue(settings: Settings, db: Database) -> InProcessQueue | RedisQueue:
    """The queue this deployment uses, started (the app keeps it: `app.state.jobs`)."""
    queue: InProcessQueue | RedisQueue
    # Tests run the periodic sweep themselves (with a fixed clock), never behind their back.
    periodic = () if settings.environment == "test" else SERVICE_PERIODIC
    queue = (RedisQueue(settings.redis_url, db) if settings.redis_url
             else InProcessQueue(db, periodic=periodic, warm_up=warm_up_for(settings)))
    queue.start()
    return queue


def run_worker(settings: Settings, *, burst: bool = False) -> None:
    """Serve the Redis queue in this process (the model is loaded once, here)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    if not settings.redis_url:
        raise RuntimeError("Set ONMESSAGE_REDIS_URL to run a worker; without it jobs run "
                           "inside the web process.")
    connection = Redis.from_url(settings.redis_url)
    db = _worker_db(settings)
    requeued = RedisQueue(settings.redis_url, db).requeue_unfinished()
    if requeued:
        log.info("re-queued %d unfinished job(s)", requeued)
    # SimpleWorker runs jobs in this process instead of forking one per job, so the
    # Whisper model stays loaded between jobs.
    worker = SimpleWorker([Queue(RQ_QUEUE, connection=connection)], connection=connection)
    worker.work(burst=burst, with_scheduler=False)


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll until predicate() is true or the timeout passes (tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def queue_depth(queue: InProcessQueue | RedisQueue | None) -> dict[str, Any]:
    """Jobs waiting or running, for the health check (empty when no queue runs here)."""
    if queue is None:
        return {}
    try:
        return queue.depth()
    except Exception as exc:  # a health check reports, it does not raise
        return {"depth_error": str(exc)[:200]}
