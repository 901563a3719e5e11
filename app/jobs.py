"""The job queue: persisted jobs, run in-process by default or by RQ workers over Redis.

Every job is a row in `jobs` (drills.attempt_models.Job) and takes ids only; the handler
opens its own session. Whoever runs a job first *claims* it with one conditional UPDATE
(queued, or running with an expired lease), so a job is run by one worker at a time and
a duplicate notification is harmless. While it runs, a heartbeat extends the lease; if
the process dies, the lease runs out and the next worker (or this one after a restart)
claims it again: that is how a crash mid-job is resumed.

* In-process (default): a worker thread in the web process polls for claimable jobs and
  is woken at once when a request commits a new one.
* Redis (`ONMESSAGE_REDIS_URL`): the row is created the same way and its id is pushed to
  an RQ queue after commit; `onmessage worker` processes run them, so transcription
  scales out to other machines. A worker re-queues unfinished rows when it starts.

Jobs are enqueued after commit (a worker must never look for a row that is not there
yet): `enqueue()` remembers the id on the session and an `after_commit` hook hands it on.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, event, or_, text, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from app.clock import utcnow
from app.db import Database
from app.settings import Settings
from drills.attempt_models import JOB_DONE, JOB_FAILED, JOB_QUEUED, JOB_RUNNING, Job

log = logging.getLogger("onmessage.jobs")

LEASE_S = 30.0  # a running job whose heartbeat stops is claimable again after this
HEARTBEAT_S = 5.0
POLL_S = 2.0
RQ_QUEUE = "onmessage"
_PENDING_KEY = "onmessage_jobs_after_commit"

Handler = Callable[[Database, int], None]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of one kind: f(db, target_id)."""
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn
    return register


class Dispatcher(Protocol):
    def notify(self, job_id: int) -> None: ...


_dispatchers: list[Dispatcher] = []


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


# --- enqueue, after commit ---------------------------------------------------------------


def enqueue(*, session: Session, kind: str, target_id: int, now: datetime,
            max_attempts: int = 3) -> Job:
    """Persist a job; workers are told about it only once the transaction commits."""
    job = Job(kind=kind, target_id=target_id, status=JOB_QUEUED, max_attempts=max_attempts,
              created_at=now, updated_at=now)
    session.add(job)
    session.flush()
    assert job.id is not None
    session.info.setdefault(_PENDING_KEY, []).append(job.id)
    return job


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    ids = session.info.pop(_PENDING_KEY, None)
    if not ids:
        return
    for dispatcher in list(_dispatchers):
        for job_id in ids:
            try:
                dispatcher.notify(job_id)
            except Exception:  # the row is committed: a sweep or a restart still runs it
                log.exception("could not hand job %s to the queue", job_id)


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_PENDING_KEY, None)


# --- claiming and running ------------------------------------------------------------------


def claimable(now: datetime) -> Any:
    """The condition for a job that may be claimed now."""
    return or_(col(Job.status) == JOB_QUEUED,
               (col(Job.status) == JOB_RUNNING) & (col(Job.locked_until) < now))


def claim(*, session: Session, job_id: int, worker: str, now: datetime) -> Job | None:
    """Take a job for this worker (one UPDATE, so two workers never both win)."""
    result = session.execute(
        update(Job).where(col(Job.id) == job_id, claimable(now))
        .values(status=JOB_RUNNING, worker=worker, attempts=Job.attempts + 1,
                locked_until=now + timedelta(seconds=LEASE_S), heartbeat_at=now,
                updated_at=now))
    won = getattr(result, "rowcount", 0) == 1
    job = session.get(Job, job_id, populate_existing=True) if won else None
    session.commit()  # (read before the commit: no second transaction to begin)
    return job


def next_claimable_ids(*, session: Session, now: datetime, limit: int = 20) -> list[int]:
    """Ids of jobs waiting or abandoned, oldest first."""
    rows = session.exec(select(Job.id).where(claimable(now))
                        .order_by(col(Job.id)).limit(limit)).all()
    return [r for r in rows if r is not None]


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


def run_job(db: Database, job_id: int, *, worker: str | None = None) -> str | None:
    """Claim and run one job; returns its final status, or None if it was not claimable.

    An exception in the handler puts the job back in the queue until it has used its
    attempts; then the job fails and the handler's `on_give_up` (if any) records why.
    """
    with db.background_write_turn(), db.session(write=True) as s:
        job = claim(session=s, job_id=job_id, worker=worker or worker_name(), now=utcnow())
    if job is None:
        return None
    fn = HANDLERS.get(job.kind)
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
            give_up = GIVE_UP.get(job.kind)
            if give_up is not None:
                give_up(db, job.target_id, error)
            return JOB_FAILED
        _finish(db, job_id, status=JOB_QUEUED, error=error)
        return JOB_QUEUED
    _finish(db, job_id, status=JOB_DONE, error=None)
    return JOB_DONE


GiveUp = Callable[[Database, int, str], None]
GIVE_UP: dict[str, GiveUp] = {}


def on_give_up(kind: str) -> Callable[[GiveUp], GiveUp]:
    """Register what to record when a job of this kind has failed for good."""
    def register(fn: GiveUp) -> GiveUp:
        GIVE_UP[kind] = fn
        return fn
    return register


def pending_count(db: Database) -> int:
    """Jobs queued or running (for the health check)."""
    with db.session() as s:
        return len(s.exec(select(Job.id).where(
            col(Job.status).in_([JOB_QUEUED, JOB_RUNNING]))).all())


# --- the in-process worker -----------------------------------------------------------------


class InProcessQueue:
    """A worker thread in the web process; wakes on commit, polls for abandoned jobs."""

    def __init__(self, db: Database, *, poll_s: float = POLL_S,
                 periodic: Sequence[Periodic] = ()) -> None:
        self.db = db
        self.poll_s = poll_s
        self.periodic = tuple(periodic)
        self._slots: dict[str, int] = {}  # the last slot scheduled per kind, by this process
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.name = worker_name()

    def notify(self, job_id: int) -> None:
        self.wake.set()

    def start(self) -> None:
        _dispatchers.append(self)
        self.thread = threading.Thread(target=self._loop, name="onmessage-jobs", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.wake.set()
        if self in _dispatchers:
            _dispatchers.remove(self)
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
                if run_job(self.db, job_id, worker=self.name) is not None:
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

    def _loop(self) -> None:
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


@dataclass(frozen=True)
class Periodic:
    """A job kind run once per `every_s` seconds; its target id is the time slot's number."""

    kind: str
    every_s: float

    def slot(self, now: datetime) -> int:
        return int(now.timestamp() // self.every_s)


SWEEP_KIND = "certification_sweep"
SWEEP_EVERY_S = 15 * 60.0  # expiry and reminders are day-scale; a quarter hour is prompt
PERIODIC: tuple[Periodic, ...] = (Periodic(SWEEP_KIND, SWEEP_EVERY_S),)
XAPI_KIND = "xapi_flush"
XAPI_EVERY_S = 60.0  # learning records reach the LRS within a minute or so
DIGEST_KIND = "weekly_digest"
# Hourly: the digest goes out once per ISO week (InboxItem.dedupe_key), at the first run
# of the week, so a process that was down on Monday still sends it when it comes back.
DIGEST_EVERY_S = 3600.0
NOTICE_MAIL_KIND = "notice_mail"
NOTICE_MAIL_EVERY_S = 60.0  # a returned pitch or a certification reaches the inbox at once
# Everything the web process schedules by itself (PERIODIC stays the sweep alone, as
# `onmessage certification sweep` and its tests know it).
SERVICE_PERIODIC: tuple[Periodic, ...] = (*PERIODIC, Periodic(XAPI_KIND, XAPI_EVERY_S),
                                          Periodic(DIGEST_KIND, DIGEST_EVERY_S),
                                          Periodic(NOTICE_MAIL_KIND, NOTICE_MAIL_EVERY_S))
_KEEP_PERIODIC = timedelta(days=2)  # finished periodic rows kept this long, then deleted
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


@handler(SWEEP_KIND)
def run_certification_sweep(db: Database, slot: int) -> None:
    """Lapse certifications whose clock ran out and send the reminders now due."""
    from certification import sweep

    now = utcnow()
    with db.session(write=True) as s:
        result = sweep.run(session=s, now=now, base_url=db.settings.base_url)
        # Periodic rows are bookkeeping only: drop old finished ones so they do not pile up.
        s.execute(delete(Job).where(col(Job.kind).in_([p.kind for p in SERVICE_PERIODIC]),
                                    col(Job.status) == JOB_DONE,
                                    col(Job.finished_at) < now - _KEEP_PERIODIC))
        s.commit()
    log.info("certification sweep (slot %s): %d lapsed, %d notice(s) sent", slot,
             len(result.lapsed), result.sent)


@handler(XAPI_KIND)
def run_xapi_flush(db: Database, slot: int) -> None:
    """Turn new learning events into xAPI statements and send what is due to the LRS."""
    from app import xapi

    added, sent = xapi.flush(db=db, now=utcnow)
    if added or sent.sent or sent.failed:
        log.info("xapi (slot %s): %d recorded, %d sent, %d failed, %d waiting", slot, added,
                 sent.sent, sent.failed, sent.waiting)


@handler(DIGEST_KIND)
def run_weekly_digest(db: Database, slot: int) -> None:
    """Send this week's digest to marketing and managers who have not had it yet."""
    from app.digest import send_weekly

    result = send_weekly(db=db, now=utcnow())
    if result.created:
        log.info("weekly digest (slot %s): %d in-app, %d emailed", slot, result.created,
                 result.emailed)


@handler(NOTICE_MAIL_KIND)
def run_notice_mail(db: Database, slot: int) -> None:
    """Email the inbox notices that need a person to act (only with SMTP configured)."""
    from app.notice_mail import send_pending

    result = send_pending(db=db, now=utcnow())
    if result.claimed:
        log.info("notice mail (slot %s): %d sent, %d failed", slot, result.sent, result.failed)


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
    """Pushes committed job ids to RQ; `onmessage worker` processes run them."""

    url: str

    def _queue(self) -> Any:
        from redis import Redis
        from rq import Queue

        return Queue(RQ_QUEUE, connection=Redis.from_url(self.url))

    def notify(self, job_id: int) -> None:
        # job_timeout: a 5-minute recording transcribes in well under this on a small CPU.
        self._queue().enqueue(rq_entry, job_id, job_timeout=600, result_ttl=3600,
                              failure_ttl=86400)

    def start(self) -> None:
        _dispatchers.append(self)

    def stop(self, timeout: float = 0) -> None:
        if self in _dispatchers:
            _dispatchers.remove(self)

    def requeue_unfinished(self, db: Database) -> int:
        """Push every claimable job again (after a crash, or jobs committed while Redis
        was down); a duplicate is harmless because only one run can claim it."""
        with db.session() as s:
            ids = next_claimable_ids(session=s, now=utcnow(), limit=10_000)
        for job_id in ids:
            self.notify(job_id)
        return len(ids)


def start_queue(settings: Settings, db: Database) -> InProcessQueue | RedisQueue:
    """The queue this deployment uses, started."""
    import app.pitch_pipeline  # noqa: F401  (registers the job handlers)

    queue: InProcessQueue | RedisQueue
    # Tests run the periodic sweep themselves (with a fixed clock), never behind their back.
    periodic = () if settings.environment == "test" else SERVICE_PERIODIC
    queue = (RedisQueue(settings.redis_url) if settings.redis_url
             else InProcessQueue(db, periodic=periodic))
    queue.start()
    return queue


def run_worker(settings: Settings, *, burst: bool = False) -> None:
    """Serve the Redis queue in this process (the model is loaded once, here)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    import app.pitch_pipeline  # noqa: F401  (registers the job handlers)

    if not settings.redis_url:
        raise RuntimeError("Set ONMESSAGE_REDIS_URL to run a worker; without it jobs run "
                           "inside the web process.")
    connection = Redis.from_url(settings.redis_url)
    db = _worker_db(settings)
    requeued = RedisQueue(settings.redis_url).requeue_unfinished(db)
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


def queue_depth(settings: Settings) -> dict[str, Any]:
    """Jobs waiting or running, for the health check (empty when no queue runs here)."""
    try:
        if settings.redis_url:
            from redis import Redis
            from rq import Queue

            q = Queue(RQ_QUEUE, connection=Redis.from_url(settings.redis_url, socket_timeout=2))
            return {"waiting": q.count}
        for d in _dispatchers:
            if isinstance(d, InProcessQueue) and d.db.settings is settings:
                return {"pending": pending_count(d.db),
                        "worker_alive": bool(d.thread and d.thread.is_alive())}
    except Exception as exc:  # a health check reports, it does not raise
        return {"depth_error": str(exc)[:200]}
    return {}
