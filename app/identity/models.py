"""Enterprise identity tables: providers, SCIM tokens and resources, group mappings,
external identities and the provisioning log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.clock import utcnow


class IdentityProvider(SQLModel, table=True):
    """A configured sign-in provider (OIDC or SAML). Secrets live in `config` and are
    never rendered back (the admin page shows only whether one is set)."""

    __tablename__ = "identity_providers"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_column=Column(String(40), nullable=False, unique=True))
    kind: str = Field(sa_column=Column(String(8), nullable=False))  # "oidc" | "saml"
    name: str = Field(sa_column=Column(String(80), nullable=False))
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    enabled: bool = Field(default=True, nullable=False)
    # Create an account on the first sign-in of someone the directory has not pushed.
    jit: bool = Field(default=False, nullable=False)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_error_at: datetime | None = None
    last_sign_in_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class ScimToken(SQLModel, table=True):
    """A bearer token the directory (Okta, Entra ID) provisions with; only its hash is
    kept, and it is shown once."""

    __tablename__ = "scim_tokens"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(80), nullable=False))
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class ScimUser(SQLModel, table=True):
    """The directory's view of a provisioned account: its userName and externalId.
    The account itself (users row) keeps its history when the directory deletes it."""

    __tablename__ = "scim_users"
    __table_args__ = (Index("ix_scim_users_external_id", "external_id"),)

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    # Stored lower-cased: SCIM userName is case-insensitive (RFC 7643 4.1.1).
    user_name: str = Field(sa_column=Column(String(254), nullable=False, unique=True))
    external_id: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    given_name: str | None = Field(default=None, sa_column=Column(String(120), nullable=True))
    family_name: str | None = Field(default=None, sa_column=Column(String(120), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class DirectoryGroup(SQLModel, table=True):
    """A group pushed by the directory (SCIM Groups)."""

    __tablename__ = "directory_groups"
    __table_args__ = (Index("ix_directory_groups_external_id", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    external_id: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class DirectoryGroupMember(SQLModel, table=True):
    __tablename__ = "directory_group_members"

    group_id: int = Field(foreign_key="directory_groups.id", primary_key=True,
                          ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE",
                         index=True)


class GroupMapping(SQLModel, table=True):
    """A provider group (SCIM group display name, or a value of an OIDC/SAML group
    claim) and what its members get: a role, a team, and/or the team's management."""

    __tablename__ = "group_mappings"
    __table_args__ = (UniqueConstraint("group_name", "role", "team_id", "manages",
                                       name="uq_group_mappings_rule"),)

    id: int | None = Field(default=None, primary_key=True)
    group_name: str = Field(sa_column=Column(String(200), nullable=False, index=True))
    role: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="CASCADE")
    manages: bool = Field(default=False, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class ExternalIdentity(SQLModel, table=True):
    """Who an account is at a sign-in provider (OIDC `sub`, SAML NameID), and the groups
    that provider said it had at its last sign-in."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider_id", "subject",
                                       name="uq_external_identities_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="identity_providers.id", ondelete="CASCADE")
    subject: str = Field(sa_column=Column(String(255), nullable=False))
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    groups: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    last_sign_in_at: datetime | None = None


class SamlAssertionSeen(SQLModel, table=True):
    """Assertion ids already accepted, until they expire: a replay is refused."""

    __tablename__ = "saml_assertions_seen"

    assertion_id: str = Field(sa_column=Column(String(200), primary_key=True))
    expires_at: datetime = Field(nullable=False, index=True)


class ProvisioningEvent(SQLModel, table=True):
    """What the directory or a provider did or tried: created, changed, deactivated,
    refused, with the source (SCIM token name, provider) and the reason in words."""

    __tablename__ = "provisioning_events"
    __table_args__ = (Index("ix_provisioning_events_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, nullable=False)
    source: str = Field(sa_column=Column(String(120), nullable=False))
    action: str = Field(sa_column=Column(String(40), nullable=False))
    subject: str = Field(default="", sa_column=Column(String(254), nullable=False))
    user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    ok: bool = Field(default=True, nullable=False)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
