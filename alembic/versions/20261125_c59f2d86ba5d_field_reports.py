"""field reports

Revision ID: c59f2d86ba5d
Revises: ac72878edf33
Create Date: 2026-11-25 16:52:29.168387
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'c59f2d86ba5d'
down_revision: str | None = 'ac72878edf33'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('field_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.Column('replied_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('addressed_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replied_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('field_reports', schema=None) as batch_op:
        batch_op.create_index('ix_field_reports_module_version', ['module_id', 'version'], unique=False)
        batch_op.create_index('ix_field_reports_status', ['status'], unique=False)
        batch_op.create_index('ix_field_reports_team_created', ['team_id', 'created_at'], unique=False)
        batch_op.create_index('ix_field_reports_user_created', ['user_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('field_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_field_reports_user_created')
        batch_op.drop_index('ix_field_reports_team_created')
        batch_op.drop_index('ix_field_reports_status')
        batch_op.drop_index('ix_field_reports_module_version')

    op.drop_table('field_reports')
