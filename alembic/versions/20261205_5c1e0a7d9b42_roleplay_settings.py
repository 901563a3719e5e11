"""roleplay settings: which objections a module's buyer raises and how persistent it is

Revision ID: 5c1e0a7d9b42
Revises: b7d41e9c2a60
Create Date: 2026-12-05 01:00:00

Set by marketing per module (PUT /api/v1/modules/{slug}/roleplay); read when a live
role-play starts (app/live). No row means every objection and one follow-up per turn.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '5c1e0a7d9b42'
down_revision: str | None = 'b7d41e9c2a60'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roleplay_settings",
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("objections", sa.JSON(), nullable=True),
        sa.Column("persistence", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["module_id"], ["modules.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("module_id"),
    )


def downgrade() -> None:
    op.drop_table("roleplay_settings")
