"""drills cards review logs

Revision ID: 6e30a335f59c
Revises: 2243b7127133
Create Date: 2026-11-25 15:46:53.947177
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '6e30a335f59c'
down_revision: str | None = '2243b7127133'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('drill_practice_stats',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.Column('streak', sa.Integer(), nullable=False),
    sa.Column('best_streak', sa.Integer(), nullable=False),
    sa.Column('new_day', sa.Date(), nullable=True),
    sa.Column('new_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('drill_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desired_retention', sa.Float(), nullable=False),
    sa.Column('new_per_day', sa.Integer(), nullable=False),
    sa.Column('session_cards', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('drill_builds',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('built_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('module_id')
    )
    op.create_table('drill_module_syncs',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('synced_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'module_id')
    )
    op.create_table('drills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=130), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('since_version', sa.Integer(), nullable=False),
    sa.Column('until_version', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drills', schema=None) as batch_op:
        batch_op.create_index('ix_drills_module_kind_subject', ['module_id', 'kind', 'subject'], unique=False)

    op.create_table('drill_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('drill_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('queue', sa.Integer(), nullable=False),
    sa.Column('state', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=True),
    sa.Column('stability', sa.Float(), nullable=True),
    sa.Column('difficulty', sa.Float(), nullable=True),
    sa.Column('due', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_review', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('lapses', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['drill_id'], ['drills.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'drill_id', name='uq_drill_cards_user_drill')
    )
    with op.batch_alter_table('drill_cards', schema=None) as batch_op:
        batch_op.create_index('ix_drill_cards_drill', ['drill_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drill_cards_module_id'), ['module_id'], unique=False)
        batch_op.create_index('ix_drill_cards_queue', ['user_id', 'queue', 'due'], unique=False)

    op.create_table('drill_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('drill_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.String(length=500), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('state_before', sa.Integer(), nullable=False),
    sa.Column('state_after', sa.Integer(), nullable=False),
    sa.Column('stability_after', sa.Float(), nullable=True),
    sa.Column('difficulty_after', sa.Float(), nullable=True),
    sa.Column('due_after', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['drill_cards.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['drill_id'], ['drills.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drill_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_drill_reviews_card', ['card_id'], unique=False)
        batch_op.create_index('ix_drill_reviews_drill', ['drill_id'], unique=False)
        batch_op.create_index('ix_drill_reviews_user_at', ['user_id', 'reviewed_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('drill_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_drill_reviews_user_at')
        batch_op.drop_index('ix_drill_reviews_drill')
        batch_op.drop_index('ix_drill_reviews_card')

    op.drop_table('drill_reviews')
    with op.batch_alter_table('drill_cards', schema=None) as batch_op:
        batch_op.drop_index('ix_drill_cards_queue')
        batch_op.drop_index(batch_op.f('ix_drill_cards_module_id'))
        batch_op.drop_index('ix_drill_cards_drill')

    op.drop_table('drill_cards')
    with op.batch_alter_table('drills', schema=None) as batch_op:
        batch_op.drop_index('ix_drills_module_kind_subject')

    op.drop_table('drills')
    op.drop_table('drill_module_syncs')
    op.drop_table('drill_builds')
    op.drop_table('drill_settings')
    op.drop_table('drill_practice_stats')
