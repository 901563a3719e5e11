"""Tables of certification: rules per module version, each rep's certification per module,
every transition, manager reviews with their comments, and issued credentials.

Foreign keys name the platform and drills tables by string so this package imports neither
the web layer nor anything but the drills package's column defaults.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from drills.clock import utcnow


class CertificationRule(SQLModel, table=True):
    """The thresholds a module version certifies against, snapshot when first needed.

    Kept per version (not read live from the playbook) so that a certification always says
    which rule it was granted under, even if product defaults change later.
    """

    __tablename__ = "certification_rules"

    id: int | None = Field(default=None, primary_key=True)
    module_version_id: int = Field(foreign_key="module_versions.id", ondelete="CASCADE",
                                   unique=True)
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE", index=True)
    version: int = Field(nullable=False)
    drill_retention: float = Field(nullable=False)
    pitch_score: int = Field(nullable=False)
    manager_signoff: bool = Field(nullable=False)
    valid_days: int = Field(nullable=False)
    # Pitch ids (in playbook order) with the message ids each covers; message ids.
    pitches: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    messages: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    rubric: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class Certification(SQLModel, table=True):
    """One rep's certification on one module: its state, deadline and last progress."""

    __tablename__ = "certifications"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", name="uq_certifications_user_module"),
        # Team views look rows up by team; the admin overview counts states and overdue
        # rows per team and module from this index alone (it covers state and due date).
        Index("ix_certifications_team_module_state", "team_id", "module_id", "state",
              "due_at"),
        Index("ix_certifications_module_state", "module_id", "state"),
        # The share certified over time counts rows created by each week per module.
        Index("ix_certifications_module_created", "module_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    # Denormalised from the user so team views are one indexed query; kept in step on sync.
    team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    # The version the rep is working towards (their team's launched version).
    module_version_id: int = Field(foreign_key="module_versions.id", ondelete="CASCADE")
    version: int = Field(nullable=False)
    state: str = Field(sa_column=Column(String(20), nullable=False))
    due_at: datetime | None = None
    certified_at: datetime | None = None
    certified_version: int | None = None
    valid_until: datetime | None = None
    # Renewal: only these messages must be shown again (None means the whole module), and
    # pitch attempts count from this version on.
    renewal_messages: list[Any] | None = Field(default=None,
                                               sa_column=Column(JSON, nullable=True))
    counts_from_version: int = Field(default=1, nullable=False)
    # The manager's sign-off for the current round: none, pending, approved or returned.
    signoff: str = Field(default="none", sa_column=Column(String(16), nullable=False,
                                                           server_default="none"))
    # The last computed progress, so team views and exports read rows, not the schedule.
    drill_percent: int = Field(default=0, nullable=False)
    pitches_met: int = Field(default=0, nullable=False)
    pitches_required: int = Field(default=0, nullable=False)
    best_score: int | None = None
    summary: str = Field(default="", sa_column=Column(String(300), nullable=False,
                                                      server_default=""))
    progress_at: datetime | None = None  # when the figures above last changed
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class CertificationEvent(SQLModel, table=True):
    """One transition of a certification: who (None: the system), when and why."""

    __tablename__ = "certification_events"
    __table_args__ = (
        Index("ix_certification_events_cert_at", "certification_id", "at"),
        # Per module, and covering what the share over time reads (which transitions
        # entered or left a held state, and when) so that scan skips the reasons' text.
        Index("ix_certification_events_module_states_at", "module_id", "to_state",
              "from_state", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    certification_id: int = Field(foreign_key="certifications.id", ondelete="CASCADE")
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    from_state: str = Field(sa_column=Column(String(20), nullable=False))
    to_state: str = Field(sa_column=Column(String(20), nullable=False))
    at: datetime = Field(nullable=False)
    by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))


class Review(SQLModel, table=True):
    """A pitch attempt submitted for manager sign-off, and the manager's decision."""

    __tablename__ = "certification_reviews"
    __table_args__ = (
        Index("ix_certification_reviews_status_at", "status", "submitted_at"),
        Index("ix_certification_reviews_team_status", "team_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    certification_id: int = Field(foreign_key="certifications.id", ondelete="CASCADE",
                                  index=True)
    attempt_id: int = Field(foreign_key="pitch_attempts.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    status: str = Field(sa_column=Column(String(16), nullable=False))
    submitted_at: datetime = Field(nullable=False)
    decided_at: datetime | None = None
    reviewer_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    # {criterion: 1..5}; {message id: covered?} as the manager judged and as the machine did.
    rubric: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    overrides: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    machine: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # How many per-message judgements the machine made (set on submit) and how many the
    # manager overrode (set on decision): agreement rates sum these instead of reading
    # every review's JSON. Both follow from `machine` and `overrides`, fixed once decided.
    judgements: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                        server_default="0"))
    overridden: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                        server_default="0"))


class ReviewComment(SQLModel, table=True):
    """A comment pinned to a moment of the recording."""

    __tablename__ = "certification_review_comments"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="certification_reviews.id", ondelete="CASCADE",
                           index=True)
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    at_s: float | None = None
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class Credential(SQLModel, table=True):
    """An issued Open Badges 3.0 credential (VC-JWT) for one certification."""

    __tablename__ = "certification_credentials"

    id: int | None = Field(default=None, primary_key=True)
    jti: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    certification_id: int = Field(foreign_key="certifications.id", ondelete="CASCADE",
                                  index=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    version: int = Field(nullable=False)
    status: str = Field(sa_column=Column(String(16), nullable=False))
    issued_at: datetime = Field(nullable=False)
    valid_from: datetime = Field(nullable=False)
    valid_until: datetime = Field(nullable=False)
    revoked_at: datetime | None = None
    revoked_reason: str | None = Field(default=None, sa_column=Column(String(300), nullable=True))
    kid: str = Field(sa_column=Column(String(64), nullable=False))
    token: str = Field(sa_column=Column(Text, nullable=False))


class SigningKey(SQLModel, table=True):
    """The deployment's credential signing key (a private JWK), made once on first use.

    Kept in the database rather than the data directory so every worker and machine of a
    scaled-out deployment signs with the same key and publishes the same JWKS.
    """

    __tablename__ = "certification_signing_keys"

    id: int | None = Field(default=None, primary_key=True)
    kid: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    private_jwk: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    retired_at: datetime | None = None
