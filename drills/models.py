"""Tables of the practice domain: playbook modules, their versions and launches.

Foreign keys to users and teams name the platform tables by string so that this package
never imports the web layer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from drills.clock import utcnow

DRAFT = "draft"
PUBLISHED = "published"


class Module(SQLModel, table=True):
    """A body of messaging, identified by a slug that is stable across versions."""

    __tablename__ = "modules"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class ModuleVersion(SQLModel, table=True):
    """One version of a module: a mutable draft, or an immutable published version.

    `content` is the playbook as JSON data (the file's shape); `diff` is the change from the
    previous published version, stored at publish time because drills and certification
    decide what must be relearned from it.
    """

    __tablename__ = "module_versions"
    __table_args__ = (
        UniqueConstraint("module_id", "version", name="uq_module_versions_module_version"),
        Index("ix_module_versions_module_status", "module_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    version: int = Field(nullable=False)
    status: str = Field(sa_column=Column(String(16), nullable=False))
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    diff: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    published_at: datetime | None = None
    published_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class Launch(SQLModel, table=True):
    """A published version launched to one team with a due date.

    The active launch of a module for a team is the one not replaced; launching a newer
    version replaces it. Reps who join the team later are covered because assignments are
    read from the team's launches, not copied per rep.
    """

    __tablename__ = "launches"
    __table_args__ = (Index("ix_launches_team_active", "team_id", "replaced_at"),)

    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE", index=True)
    module_version_id: int = Field(foreign_key="module_versions.id", ondelete="CASCADE")
    team_id: int = Field(foreign_key="teams.id", ondelete="CASCADE")
    due_at: datetime | None = None
    launched_at: datetime = Field(default_factory=utcnow, nullable=False)
    launched_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    replaced_at: datetime | None = None


class LearnedVersion(SQLModel, table=True):
    """The version of a module a rep last acknowledged reading ("what's new" baseline)."""

    __tablename__ = "learned_versions"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    module_id: int = Field(foreign_key="modules.id", primary_key=True, ondelete="CASCADE")
    version: int = Field(nullable=False)
    at: datetime = Field(default_factory=utcnow, nullable=False)
