"""Accounts, teams, roles and the inbox: the tables every layer may name.

The bottom of the import order (accounts <- drills <- certification <- app): the domains
import these models instead of re-declaring the tables by name. Sign-in state (sessions,
tokens, invites) stays with the platform in app/models.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from accounts.clock import utcnow


class Role(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    MARKETING = "marketing"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.REP: "Rep",
    Role.MANAGER: "Manager",
    Role.MARKETING: "Marketing",
    Role.ADMIN: "Admin",
}


class Team(SQLModel, table=True):
    __tablename__ = "teams"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(120), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased so that look-ups and the unique constraint ignore case.
    email: str = Field(sa_column=Column(String(254), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(120), nullable=False))
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = Field(default=True, nullable=False)
    team_id: int | None = Field(
        default=None, foreign_key="teams.id", index=True, ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    last_login_at: datetime | None = None


class UserRole(SQLModel, table=True):
    __tablename__ = "user_roles"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(sa_column=Column(String(20), primary_key=True))


class TeamManager(SQLModel, table=True):
    __tablename__ = "team_managers"

    team_id: int = Field(foreign_key="teams.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE", index=True)


class InboxItem(SQLModel, table=True):
    """An in-app message to one person: a launch, a review, a reminder."""

    __tablename__ = "inbox_items"
    __table_args__ = (Index("ix_inbox_items_user_read", "user_id", "read_at"),
                      Index("ix_inbox_items_unemailed", "emailed_at", "created_at"))

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: str = Field(max_length=40)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=2000)
    link: str | None = Field(default=None, max_length=500)
    # Lets a producer avoid sending the same notice twice (e.g. launch 12 to user 3).
    dedupe_key: str | None = Field(default=None, max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    read_at: datetime | None = None
    # The email outbox (see app/notice_mail.py): set when claimed for sending, cleared
    # again (and an attempt counted) when the send failed.
    emailed_at: datetime | None = None
    email_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
