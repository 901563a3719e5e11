"""Sign-in state (the platform tables); accounts, teams, roles and the inbox are
accounts.models', named here too for the platform's many callers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from accounts.models import ROLE_LABELS, InboxItem, Role, Team, TeamManager, User, UserRole
from app.clock import utcnow


class AuthSession(SQLModel, table=True):
    """A browser sign-in. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "auth_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    expires_at: datetime = Field(nullable=False)
    user_agent: str | None = Field(default=None, max_length=300)


class ApiToken(SQLModel, table=True):
    """A bearer token for API clients; revocable and expiring."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(default="api", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    expires_at: datetime = Field(nullable=False)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class Invite(SQLModel, table=True):
    """A single-use link that lets a new user set their password."""

    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    expires_at: datetime = Field(nullable=False)
    used_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, kept briefly to rate-limit by account and by address."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    address: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, nullable=False)


__all__ = [
    "ROLE_LABELS",
    "ApiToken",
    "AuthSession",
    "InboxItem",
    "Invite",
    "LoginFailure",
    "Role",
    "Team",
    "TeamManager",
    "User",
    "UserRole",
]
