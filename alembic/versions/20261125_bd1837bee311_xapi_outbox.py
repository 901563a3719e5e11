"""xapi outbox: learning records kept for export and sent to an LRS

Revision ID: bd1837bee311
Revises: c59f2d86ba5d
Create Date: 2026-11-25 16:54:28.616379
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'bd1837bee311'
down_revision: str | None = 'c59f2d86ba5d'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('xapi_statements',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('verb', sa.String(length=200), nullable=False),
    sa.Column('timestamp', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('statement', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_kind', 'source_id', name='uq_xapi_statements_source')
    )
    with op.batch_alter_table('xapi_statements', schema=None) as batch_op:
        batch_op.create_index('ix_xapi_statements_timestamp', ['timestamp'], unique=False)
        batch_op.create_index('ix_xapi_statements_unsent', ['sent_at', 'next_attempt_at'],
                              unique=False)



def downgrade() -> None:
    with op.batch_alter_table('xapi_statements', schema=None) as batch_op:
        batch_op.drop_index('ix_xapi_statements_unsent')
        batch_op.drop_index('ix_xapi_statements_timestamp')

    op.drop_table('xapi_statements')
