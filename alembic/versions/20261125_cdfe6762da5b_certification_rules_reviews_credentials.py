"""certification rules reviews credentials

Revision ID: cdfe6762da5b
Revises: 4a116885c29a
Create Date: 2026-11-25 16:05:08.895193
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'cdfe6762da5b'
down_revision: str | None = '4a116885c29a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('certification_signing_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('private_jwk', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kid')
    )
    op.create_table('certification_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_version_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('drill_retention', sa.Float(), nullable=False),
    sa.Column('pitch_score', sa.Integer(), nullable=False),
    sa.Column('manager_signoff', sa.Boolean(), nullable=False),
    sa.Column('valid_days', sa.Integer(), nullable=False),
    sa.Column('pitches', sa.JSON(), nullable=False),
    sa.Column('messages', sa.JSON(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_version_id'], ['module_versions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('module_version_id')
    )
    with op.batch_alter_table('certification_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_rules_module_id'), ['module_id'], unique=False)

    op.create_table('certifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('module_version_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('certified_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('certified_version', sa.Integer(), nullable=True),
    sa.Column('valid_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('renewal_messages', sa.JSON(), nullable=True),
    sa.Column('counts_from_version', sa.Integer(), nullable=False),
    sa.Column('signoff', sa.String(length=16), server_default='none', nullable=False),
    sa.Column('drill_percent', sa.Integer(), nullable=False),
    sa.Column('pitches_met', sa.Integer(), nullable=False),
    sa.Column('pitches_required', sa.Integer(), nullable=False),
    sa.Column('best_score', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=300), server_default='', nullable=False),
    sa.Column('progress_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_version_id'], ['module_versions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'module_id', name='uq_certifications_user_module')
    )
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index('ix_certifications_module_state', ['module_id', 'state'], unique=False)
        batch_op.create_index('ix_certifications_team_module', ['team_id', 'module_id'], unique=False)

    op.create_table('certification_credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('valid_from', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('valid_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_reason', sa.String(length=300), nullable=True),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('jti')
    )
    with op.batch_alter_table('certification_credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_credentials_certification_id'), ['certification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certification_credentials_user_id'), ['user_id'], unique=False)

    op.create_table('certification_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=20), nullable=False),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('certification_events', schema=None) as batch_op:
        batch_op.create_index('ix_certification_events_cert_at', ['certification_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_certification_events_module_id'), ['module_id'], unique=False)

    op.create_table('certification_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('rubric', sa.JSON(), nullable=True),
    sa.Column('overrides', sa.JSON(), nullable=True),
    sa.Column('machine', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['pitch_attempts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('certification_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_reviews_certification_id'), ['certification_id'], unique=False)
        batch_op.create_index('ix_certification_reviews_status_at', ['status', 'submitted_at'], unique=False)
        batch_op.create_index('ix_certification_reviews_team_status', ['team_id', 'status'], unique=False)

    op.create_table('certification_review_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('at_s', sa.Float(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['certification_reviews.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('certification_review_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_review_comments_review_id'), ['review_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('certification_review_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_review_comments_review_id'))

    op.drop_table('certification_review_comments')
    with op.batch_alter_table('certification_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_certification_reviews_team_status')
        batch_op.drop_index('ix_certification_reviews_status_at')
        batch_op.drop_index(batch_op.f('ix_certification_reviews_certification_id'))

    op.drop_table('certification_reviews')
    with op.batch_alter_table('certification_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_events_module_id'))
        batch_op.drop_index('ix_certification_events_cert_at')

    op.drop_table('certification_events')
    with op.batch_alter_table('certification_credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_credentials_user_id'))
        batch_op.drop_index(batch_op.f('ix_certification_credentials_certification_id'))

    op.drop_table('certification_credentials')
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_index('ix_certifications_team_module')
        batch_op.drop_index('ix_certifications_module_state')

    op.drop_table('certifications')
    with op.batch_alter_table('certification_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_rules_module_id'))

    op.drop_table('certification_rules')
    op.drop_table('certification_signing_keys')
