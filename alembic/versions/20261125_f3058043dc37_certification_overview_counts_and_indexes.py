"""certification overview: review agreement counts (back-filled) and covering indexes

Revision ID: f3058043dc37
Revises: bd1837bee311
Create Date: 2026-11-25 18:30:39.545210

Reviews gain `judgements` (the machine's per-message verdicts) and `overridden` (how many
of them the manager changed), so the agreement rate is a SUM rather than a parse of every
review's JSON; existing rows are back-filled from `machine` and `overrides`. The team and
event indexes are widened to cover what the admin overview counts.
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'f3058043dc37'
down_revision: str | None = 'bd1837bee311'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_reviews = sa.table("certification_reviews", sa.column("id", sa.Integer),
                    sa.column("machine", sa.JSON), sa.column("overrides", sa.JSON),
                    sa.column("judgements", sa.Integer), sa.column("overridden", sa.Integer))


def backfill_review_counts(conn: sa.Connection) -> int:
    """Set both counts of every review from its JSON; returns how many rows were read."""
    by_counts: dict[tuple[int, int], list[int]] = defaultdict(list)
    n = 0
    for rid, machine, overrides in conn.execute(
            sa.select(_reviews.c.id, _reviews.c.machine, _reviews.c.overrides)):
        by_counts[(len(machine or {}), len(overrides or {}))].append(rid)
        n += 1
    # Few distinct (judgements, overridden) pairs: one UPDATE per pair and chunk of ids.
    for (judged, overridden), ids in by_counts.items():
        for i in range(0, len(ids), 500):
            conn.execute(_reviews.update().where(_reviews.c.id.in_(ids[i:i + 500]))
                         .values(judgements=judged, overridden=overridden))
    return n


def upgrade() -> None:
    with op.batch_alter_table('certification_reviews', schema=None) as batch_op:
        for name in ('judgements', 'overridden'):
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0',
                                          nullable=False))
    backfill_review_counts(op.get_bind())

    # New indexes first, so lookups by module or team always have one.
    with op.batch_alter_table('certification_events', schema=None) as batch_op:
        batch_op.create_index('ix_certification_events_module_states_at',
                              ['module_id', 'to_state', 'from_state', 'at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_certification_events_module_id'))

    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index('ix_certifications_team_module_state',
                              ['team_id', 'module_id', 'state', 'due_at'], unique=False)
        batch_op.create_index('ix_certifications_module_created', ['module_id', 'created_at'],
                              unique=False)
        batch_op.drop_index(batch_op.f('ix_certifications_team_module'))


def downgrade() -> None:
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certifications_team_module'),
                              ['team_id', 'module_id'], unique=False)
        batch_op.drop_index('ix_certifications_module_created')
        batch_op.drop_index('ix_certifications_team_module_state')

    with op.batch_alter_table('certification_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_events_module_id'), ['module_id'],
                              unique=False)
        batch_op.drop_index('ix_certification_events_module_states_at')

    with op.batch_alter_table('certification_reviews', schema=None) as batch_op:
        batch_op.drop_column('overridden')
        batch_op.drop_column('judgements')
