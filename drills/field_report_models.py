"""Tables of the field feedback loop: what reps report about messages from real calls.

Users and teams are named by string foreign keys so that this package never imports the
web layer (as in `drills.models`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from drills.clock import utcnow


class FieldReport(SQLModel, table=True):
    """One rep's report from the field: how a message went, or an objection the playbook lacks.

    `team_id` is the reporter's team when they reported, so a manager keeps seeing the
    reports their team made even after the rep moves on. `message_id` names a message or
    an objection of `version`; it is empty for a missing-objection report.
    """

    __tablename__ = "field_reports"
    __table_args__ = (
        Index("ix_field_reports_module_version", "module_id", "version"),
        Index("ix_field_reports_user_created", "user_id", "created_at"),
        Index("ix_field_reports_team_created", "team_id", "created_at"),
        Index("ix_field_reports_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    version: int = Field(nullable=False)
    message_id: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    kind: str = Field(sa_column=Column(String(24), nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    source: str = Field(sa_column=Column(String(16), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    reply: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    replied_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    replied_at: datetime | None = None
    # The published version that changed the message in answer to this report.
    addressed_version: int | None = None
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
