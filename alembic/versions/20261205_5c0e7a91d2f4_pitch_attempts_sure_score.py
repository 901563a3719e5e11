"""pitch attempts: the score counting only judgements the scorer is sure of

Revision ID: 5c0e7a91d2f4
Revises: e71c3a9b5d20
Create Date: 2026-12-05 00:40:00

A message judged covered in the uncertain band ("manager to check") never decides a
certification alone: a module that needs no manager sign-off counts each pitch's
`sure_score` (those judgements counted as missed until a manager confirms them).
Attempts scored before this revision have none and count their score as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5c0e7a91d2f4'
down_revision: str | None = 'e71c3a9b5d20'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pitch_attempts") as batch:
        batch.add_column(sa.Column("sure_score", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pitch_attempts") as batch:
        batch.drop_column("sure_score")
