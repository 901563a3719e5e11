"""What marketing sets for a module's buyer role-play (app/live/roleplay.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.clock import utcnow


class RolePlaySettings(SQLModel, table=True):
    """Which objections the buyer may raise, and how persistent it is. No row: every
    objection of the playbook, one follow-up per turn."""

    __tablename__ = "roleplay_settings"

    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE", primary_key=True)
    # objection ids in the order the buyer raises them; null: all, in the playbook's order
    objections: list[Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    persistence: int = Field(default=1, nullable=False)  # follow-ups per turn, 1-3
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
