"""drill cards: an index by rep and module, for judging a certification on every answer

Revision ID: e71c3a9b5d20
Revises: a4d2c9e1f7b3
Create Date: 2026-12-04 22:30:00

A drill answer now re-judges the rep's certification on that module (drill readiness) in
its transaction, reading the rep's cards of the module. Without statistics SQLite chose
the module index, which holds every rep's cards of the module (66,000 rows at 200 reps);
(user_id, module_id, queue) finds the rep's few hundred directly.
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'e71c3a9b5d20'
down_revision: str | None = 'a4d2c9e1f7b3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_drill_cards_user_module", "drill_cards",
                    ["user_id", "module_id", "queue"])


def downgrade() -> None:
    op.drop_index("ix_drill_cards_user_module", table_name="drill_cards")
