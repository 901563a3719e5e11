"""The persisted job queue's table: one row per unit of background work.

A job row is what a worker claims, with a lease (`locked_until`) that a heartbeat
extends, so a job whose worker crashed is picked up again once the lease runs out. Jobs
are the platform's (app/jobs.py runs them); the domains never see this table.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from app.clock import utcnow


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


JOB_QUEUED, JOB_RUNNING = JobStatus.QUEUED, JobStatus.RUNNING
JOB_DONE, JOB_FAILED = JobStatus.DONE, JobStatus.FAILED


class Job(SQLModel, table=True):
    """A unit of background work, persisted so that a restart resumes what was unfinished."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_locked", "status", "locked_until"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    target_id: int = Field(nullable=False)
    status: str = Field(sa_column=Column(String(16), nullable=False))
    attempts: int = Field(default=0, nullable=False)
    max_attempts: int = Field(default=3, nullable=False)
    locked_until: datetime | None = None
    heartbeat_at: datetime | None = None
    worker: str | None = Field(default=None, sa_column=Column(String(120), nullable=True))
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    finished_at: datetime | None = None
