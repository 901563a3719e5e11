"""drill cards: an index that serves a rep's new cards in introduction order

Revision ID: a4d2c9e1f7b3
Revises: f3058043dc37
Create Date: 2026-11-25 19:30:00

The next new card is the rep's lowest-id card in the new queue. The (user_id, queue, due)
index found those cards but left them to be sorted by id on every "next drill" request;
(user_id, queue, id) returns the first one directly.
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'a4d2c9e1f7b3'
down_revision: str | None = 'f3058043dc37'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_drill_cards_queue_order", "drill_cards", ["user_id", "queue", "id"])


def downgrade() -> None:
    op.drop_index("ix_drill_cards_queue_order", table_name="drill_cards")
