"""Tables of drill practice: drills, each rep's card per drill, raw review logs, settings.

A drill belongs to a range of module versions [since_version, until_version): a new version
that changes its message ends the range and starts a new drill, so teams still on the old
version keep practising the old line. A card holds one rep's FSRS state, denormalised so
the due queue is a single indexed query on (user_id, queue, due).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from drills.clock import utcnow

# DrillCard.queue: which queue a card waits in (an index column, like Anki's).
RETIRED = 0
NEW_QUEUE = 1
SCHEDULED = 2


class Drill(SQLModel, table=True):
    """One generated drill: a kind, the message or objection it teaches, what it shows."""

    __tablename__ = "drills"
    __table_args__ = (Index("ix_drills_module_kind_subject", "module_id", "kind", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE")
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    subject: str = Field(sa_column=Column(String(130), nullable=False))
    fingerprint: str = Field(sa_column=Column(String(64), nullable=False))
    since_version: int = Field(nullable=False)
    # The first version without this drill; None while the latest built version has it.
    until_version: int | None = None
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class DrillBuild(SQLModel, table=True):
    """How far a module's drills are built: versions are built in order, once."""

    __tablename__ = "drill_builds"

    module_id: int = Field(foreign_key="modules.id", primary_key=True, ondelete="CASCADE")
    version: int = Field(nullable=False)
    # Which generation of the drill builder built them (kinds.BUILDER_VERSION): a
    # newer builder adds the kinds it introduced to versions built before it existed.
    builder: int = Field(default=1, sa_column=Column(Integer, nullable=False,
                                                      server_default="1"))
    built_at: datetime = Field(default_factory=utcnow, nullable=False)


class DrillCard(SQLModel, table=True):
    """One rep's schedule for one drill. `reviews` doubles as the shown-state counter."""

    __tablename__ = "drill_cards"
    __table_args__ = (
        UniqueConstraint("user_id", "drill_id", name="uq_drill_cards_user_drill"),
        Index("ix_drill_cards_queue", "user_id", "queue", "due"),
        # New cards are introduced in id order: served from the index, no sort.
        Index("ix_drill_cards_queue_order", "user_id", "queue", "id"),
        Index("ix_drill_cards_drill", "drill_id"),
        # A rep's cards of one module: what judging their certification reads per answer.
        Index("ix_drill_cards_user_module", "user_id", "module_id", "queue"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    drill_id: int = Field(foreign_key="drills.id", ondelete="CASCADE")
    module_id: int = Field(foreign_key="modules.id", ondelete="CASCADE", index=True)
    # RETIRED once the rep's launched version no longer has the drill (history is kept).
    queue: int = Field(default=1, nullable=False)
    state: int = Field(default=0, nullable=False)
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = Field(nullable=False)
    last_review: datetime | None = None
    reviews: int = Field(default=0, nullable=False)
    lapses: int = Field(default=0, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class DrillReview(SQLModel, table=True):
    """A raw review log: enough to re-optimise FSRS parameters later."""

    __tablename__ = "drill_reviews"
    __table_args__ = (
        Index("ix_drill_reviews_user_at", "user_id", "reviewed_at"),
        Index("ix_drill_reviews_drill", "drill_id"),
        Index("ix_drill_reviews_card", "card_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="drill_cards.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    drill_id: int = Field(foreign_key="drills.id", ondelete="CASCADE")
    rating: int = Field(nullable=False)
    reviewed_at: datetime = Field(nullable=False)
    duration_ms: int | None = None
    # What was answered: "tap" (self-rated), "typed", "picked", "spoken" (a scored take).
    source: str = Field(sa_column=Column(String(16), nullable=False))
    answer: str | None = Field(default=None, sa_column=Column(String(500), nullable=True))
    correct: bool | None = None
    score: float | None = None  # a spoken attempt's 0-100 score, for spoken drills
    state_before: int = Field(nullable=False)
    state_after: int = Field(nullable=False)
    stability_after: float | None = None
    difficulty_after: float | None = None
    due_after: datetime = Field(nullable=False)


class ModuleSync(SQLModel, table=True):
    """The module version a rep's cards were last aligned with."""

    __tablename__ = "drill_module_syncs"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    module_id: int = Field(foreign_key="modules.id", primary_key=True, ondelete="CASCADE")
    version: int = Field(nullable=False)
    # The builder generation the rep's cards were aligned with: a newer one re-aligns them.
    builder: int = Field(default=1, sa_column=Column(Integer, nullable=False,
                                                      server_default="1"))
    synced_at: datetime = Field(default_factory=utcnow, nullable=False)


class PracticeStats(SQLModel, table=True):
    """Per rep: the streak of practice days and how many new cards today (UTC days)."""

    __tablename__ = "drill_practice_stats"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    last_day: date | None = None
    streak: int = Field(default=0, nullable=False)
    best_streak: int = Field(default=0, nullable=False)
    new_day: date | None = None
    new_count: int = Field(default=0, nullable=False)


class DrillSettings(SQLModel, table=True):
    """The organisation's drill settings (one row; the defaults apply until it exists)."""

    __tablename__ = "drill_settings"

    id: int = Field(default=1, primary_key=True)
    desired_retention: float = Field(default=0.9, nullable=False)
    new_per_day: int = Field(default=12, nullable=False)
    session_cards: int = Field(default=15, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
