"""The table for recorded practice: pitch attempts, from upload to scored result.

An attempt row is committed (with its recording already on disk and checksummed) before
any processing starts, so nothing a rep recorded is lost if a worker dies (the job that
scores it is a row of the platform's queue, `app/job_models.py`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from drills.clock import utcnow


class AttemptStatus(StrEnum):
    """An attempt's state, in the order a successful attempt passes through them (stored
    as its text, so a row reads back as the plain string)."""

    UPLOADED = "uploaded"
    TRANSCRIBING = "transcribing"
    SCORING = "scoring"
    DONE = "done"
    FAILED = "failed"


# The names the code has always used for them.
UPLOADED, TRANSCRIBING, SCORING = (AttemptStatus.UPLOADED, AttemptStatus.TRANSCRIBING,
                                   AttemptStatus.SCORING)
DONE, FAILED = AttemptStatus.DONE, AttemptStatus.FAILED
ATTEMPT_STATES = tuple(AttemptStatus)
PENDING_STATES = (UPLOADED, TRANSCRIBING, SCORING)


class PitchAttempt(SQLModel, table=True):
    """One recorded attempt at a pitch (or a spoken drill), from upload to scored result."""

    __tablename__ = "pitch_attempts"
    __table_args__ = (
        # A phone retrying an upload sends the same key: it must get the same attempt back.
        UniqueConstraint("user_id", "idempotency_key", name="uq_pitch_attempts_user_key"),
        Index("ix_pitch_attempts_user_pitch", "user_id", "module_id", "pitch_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    module_version_id: int = Field(foreign_key="module_versions.id", ondelete="CASCADE")
    pitch_id: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    # A spoken drill's id when the attempt answers a drill (no FK: drills own that table).
    drill_id: int | None = Field(default=None, nullable=True)
    # The drill card's shown state when the rep started recording: the answer the scored
    # take gives carries it, so a double submit counts once (like a double tap).
    shown_state: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    idempotency_key: str = Field(sa_column=Column(String(100), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    failure_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    audio_path: str = Field(sa_column=Column(String(500), nullable=False))
    audio_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    audio_size: int = Field(nullable=False)
    content_type: str = Field(sa_column=Column(String(100), nullable=False))
    duration_s: float | None = None
    transcript: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    score: int | None = None
    # The score with "manager to check" judgements counted as missed (a manager's decision
    # on the attempt replaces it): what a module without sign-off certifies on.
    sure_score: int | None = None
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    finished_at: datetime | None = None

