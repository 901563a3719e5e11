"""The persisted queue's rows: enqueue a job, claim it, find the claimable ones.

Every job is a row in `jobs` (app.job_models.Job) and takes ids only; the handler opens
its own session. Whoever runs a job first *claims* it with one conditional UPDATE
(queued, or running with an expired lease), so a job is run by one worker at a time and
a duplicate notification is harmless.

Jobs are announced after commit (a worker must never look for a row that is not there
yet): `enqueue()` remembers the id on the session, and a queue started on a database
(`announce_after_commit`) hands the ids on once that session commits. This module knows
no job kinds: what runs them is declared in app/job_kinds.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import event, or_, update
from sqlmodel import Session, col, select

from app.job_models import JOB_QUEUED, JOB_RUNNING, Job

if TYPE_CHECKING:
    from app.db import Database

log = logging.getLogger("onmessage.jobs")

LEASE_S = 30.0  # a running job whose heartbeat stops is claimable again after this
_PENDING_KEY = "onmessage_jobs_after_commit"

Handler = Callable[["Database", int], None]  # runs one job: f(db, target_id)
GiveUp = Callable[["Database", int, str], None]  # records why a job failed for good


class Dispatcher(Protocol):
    def notify(self, job_id: int) -> None: ...


def enqueue(*, session: Session, kind: str, target_id: int, now: datetime,
            max_attempts: int = 3) -> Job:
    """Persist a job; a queue is told about it only once the transaction commits."""
    job = Job(kind=kind, target_id=target_id, status=JOB_QUEUED, max_attempts=max_attempts,
              created_at=now, updated_at=now)
    session.add(job)
    session.flush()
    assert job.id is not None
    session.info.setdefault(_PENDING_KEY, []).append(job.id)
    return job


def announce_after_commit(db: Database, dispatcher: Dispatcher) -> Callable[[], None]:
    """Tell `dispatcher` about the jobs that `db`'s sessions enqueue, once each commits;
    returns the function that stops it (a queue's `stop`)."""
    def after_commit(session: Session) -> None:
        for job_id in session.info.get(_PENDING_KEY, ()):
            try:
                dispatcher.notify(job_id)
            except Exception:  # the row is committed: a sweep or a restart still runs it
                log.exception("could not hand job %s to the queue", job_id)

    def forget(session: Session, transaction: Any) -> None:
        # After every after_commit listener ran (or after a rollback): announced once.
        if transaction.parent is None:
            session.info.pop(_PENDING_KEY, None)

    event.listen(db.sessions, "after_commit", after_commit)
    event.listen(db.sessions, "after_transaction_end", forget)

    def stop() -> None:
        event.remove(db.sessions, "after_commit", after_commit)
        event.remove(db.sessions, "after_transaction_end", forget)

    return stop


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


def pending_count(session: Session) -> int:
    """Jobs queued or running (for the health check)."""
    return len(session.exec(select(Job.id).where(
        col(Job.status).in_([JOB_QUEUED, JOB_RUNNING]))).all())
