"""enterprise identity: sign-in providers, SCIM tokens, users and groups, group
mappings, external identities, SAML replay memory and the provisioning log

Revision ID: b7d41e9c2a60
Revises: 5b1e0c7d9a24
Create Date: 2026-12-05 00:10:01

All new tables: the accounts themselves stay in `users`, so a person the directory
deactivates or deletes keeps their history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'b7d41e9c2a60'
down_revision: str | None = '5b1e0c7d9a24'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('directory_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('display_name')
    )
    with op.batch_alter_table('directory_groups', schema=None) as batch_op:
        batch_op.create_index('ix_directory_groups_external_id', ['external_id'])

    op.create_table('identity_providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('jit', sa.Boolean(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_sign_in_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('saml_assertions_seen',
    sa.Column('assertion_id', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('assertion_id')
    )
    with op.batch_alter_table('saml_assertions_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saml_assertions_seen_expires_at'), ['expires_at'])

    op.create_table('scim_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('group_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('manages', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_name', 'role', 'team_id', 'manages', name='uq_group_mappings_rule')
    )
    with op.batch_alter_table('group_mappings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_mappings_group_name'), ['group_name'])

    op.create_table('directory_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['directory_groups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'user_id')
    )
    with op.batch_alter_table('directory_group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_group_members_user_id'), ['user_id'])

    op.create_table('external_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_sign_in_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['provider_id'], ['identity_providers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('provider_id', 'subject', name='uq_external_identities_subject')
    )
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_identities_user_id'), ['user_id'])

    op.create_table('provisioning_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('provisioning_events', schema=None) as batch_op:
        batch_op.create_index('ix_provisioning_events_at', ['at'])

    op.create_table('scim_users',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('user_name', sa.String(length=254), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('given_name', sa.String(length=120), nullable=True),
    sa.Column('family_name', sa.String(length=120), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id'),
    sa.UniqueConstraint('user_name')
    )
    with op.batch_alter_table('scim_users', schema=None) as batch_op:
        batch_op.create_index('ix_scim_users_external_id', ['external_id'])



def downgrade() -> None:
    with op.batch_alter_table('scim_users', schema=None) as batch_op:
        batch_op.drop_index('ix_scim_users_external_id')

    op.drop_table('scim_users')
    with op.batch_alter_table('provisioning_events', schema=None) as batch_op:
        batch_op.drop_index('ix_provisioning_events_at')

    op.drop_table('provisioning_events')
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_identities_user_id'))

    op.drop_table('external_identities')
    with op.batch_alter_table('directory_group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_group_members_user_id'))

    op.drop_table('directory_group_members')
    with op.batch_alter_table('group_mappings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_mappings_group_name'))

    op.drop_table('group_mappings')
    op.drop_table('scim_tokens')
    with op.batch_alter_table('saml_assertions_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saml_assertions_seen_expires_at'))

    op.drop_table('saml_assertions_seen')
    op.drop_table('identity_providers')
    with op.batch_alter_table('directory_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_directory_groups_external_id')

    op.drop_table('directory_groups')
