"""inbox items: when each was emailed, so notices reach people by email exactly once

Revision ID: 5b1e0c7d9a24
Revises: 5c0e7a91d2f4
Create Date: 2026-12-05 00:40:00

Certification notices (returned, certified, due soon, overdue, needs renewal...) are
emailed when SMTP is configured. The inbox row is the outbox: a periodic job claims rows
with no `emailed_at`, sends them and keeps the claim; a failed send releases the claim and
counts an attempt. Rows from before this revision count as emailed, so configuring SMTP
later never sends a backlog.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '5b1e0c7d9a24'
down_revision: str | None = '5c0e7a91d2f4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_items") as batch:
        batch.add_column(sa.Column("emailed_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                   nullable=True))
        batch.add_column(sa.Column("email_attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
    op.execute("UPDATE inbox_items SET emailed_at = created_at")
    op.create_index("ix_inbox_items_unemailed", "inbox_items", ["emailed_at", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_items_unemailed", table_name="inbox_items")
    with op.batch_alter_table("inbox_items") as batch:
        batch.drop_column("email_attempts")
        batch.drop_column("emailed_at")
