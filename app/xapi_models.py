"""The xAPI outbox: one row per learning record, kept after it is sent (for export).

A statement's id is a UUID derived from the deployment's base URL and its source event
(e.g. drill review 42), and (source_kind, source_id) is unique: building statements twice, or on two
machines at once, cannot produce a second row, and re-sending one to an LRS is idempotent
because the LRS sees the same statement id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.clock import utcnow


class XapiStatement(SQLModel, table=True):
    """One xAPI statement built from a source event, and its delivery state."""

    __tablename__ = "xapi_statements"
    __table_args__ = (
        # The sender's question: unsent rows whose next try is due, oldest first.
        Index("ix_xapi_statements_unsent", "sent_at", "next_attempt_at"),
        Index("ix_xapi_statements_timestamp", "timestamp"),
        # An event is recorded once, however often (or wherever) statements are built.
        UniqueConstraint("source_kind", "source_id", name="uq_xapi_statements_source"),
    )

    id: str = Field(sa_column=Column(String(36), primary_key=True))
    # The event it records: its table's kind (drill_review, pitch_attempt, review,
    # certification) and row id.
    source_kind: str = Field(sa_column=Column(String(20), nullable=False))
    source_id: int = Field(nullable=False)
    user_id: int | None = Field(default=None, nullable=True)
    verb: str = Field(sa_column=Column(String(200), nullable=False))
    timestamp: datetime = Field(nullable=False)
    statement: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    sent_at: datetime | None = None
    attempts: int = Field(default=0, nullable=False)
    next_attempt_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
