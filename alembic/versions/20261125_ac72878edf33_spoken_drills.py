"""spoken drills: attempt shown state, builder generation

Existing builds and syncs get builder 1 (before spoken drills), so the next sync adds
spoken drills to versions already built and re-aligns each rep's cards.

Revision ID: ac72878edf33
Revises: cdfe6762da5b
Create Date: 2026-11-25 16:14:56.237802
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'ac72878edf33'
down_revision: str | None = 'cdfe6762da5b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('drill_builds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('builder', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('drill_module_syncs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('builder', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('pitch_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown_state', sa.String(length=40), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('pitch_attempts', schema=None) as batch_op:
        batch_op.drop_column('shown_state')

    with op.batch_alter_table('drill_module_syncs', schema=None) as batch_op:
        batch_op.drop_column('builder')

    with op.batch_alter_table('drill_builds', schema=None) as batch_op:
        batch_op.drop_column('builder')

