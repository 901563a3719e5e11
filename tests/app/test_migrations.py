"""The models and the migrations agree, and the migrations run down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from alembic import command
from app.db import make_engine
from app.metadata import metadata
from app.migrations import alembic_config, upgrade


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, metadata))


def test_models_match_the_migrated_database(engine: Engine) -> None:
    # `engine` is the session's test database, built by `alembic upgrade head`.
    differences = _diff(engine)
    assert differences == [], (
        "The models and the migrations disagree; write a migration "
        f"(alembic revision --autogenerate). Differences: {differences}"
    )


def test_compare_notices_a_missing_table(tmp_path: Path) -> None:
    # The check above can fail: an empty database differs from the models.
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        differences = _diff(engine)
    finally:
        engine.dispose()
    added = {d[1].name for d in differences if isinstance(d, tuple) and d[0] == "add_table"}
    assert {"users", "teams", "auth_sessions"} <= added


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url=url)
    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"users", "teams", "user_roles", "team_managers", "invites"} <= tables

        command.downgrade(alembic_config(url), "base")
        engine.dispose()
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        upgrade(url=url)
        engine.dispose()
        assert tables <= set(inspect(engine).get_table_names())
        assert _diff(engine) == []
    finally:
        engine.dispose()
