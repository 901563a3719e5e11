"""The models and the migrations agree, and the migrations run down and up again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
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


def test_review_agreement_counts_are_back_filled(tmp_path: Path) -> None:
    # Reviews written before the counts existed get them from their JSON on upgrade.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "bd1837bee311")
    rows = [  # (status, machine, overrides) -> judgements, overridden
        ("approved", '{"a": true, "b": false, "c": true}', '{"b": true}'),
        ("returned", '{"a": false}', "{}"),
        ("pending", '{"a": true, "b": true}', None),
        ("approved", "{}", "null"),
    ]
    with sqlite3.connect(tmp_path / "old.db") as db:  # ids need no parents: keys are off
        db.executemany(
            "INSERT INTO certification_reviews (certification_id, attempt_id, user_id, "
            "module_id, status, submitted_at, machine, overrides) "
            "VALUES (1, 1, 1, 1, ?, '2026-01-01 00:00:00.000000', ?, ?)", rows)
    upgrade(url=url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            counts = conn.execute(text("SELECT judgements, overridden FROM "
                                       "certification_reviews ORDER BY id")).all()
        assert [tuple(c) for c in counts] == [(3, 1), (1, 0), (2, 0), (0, 0)]
        assert _diff(engine) == []
    finally:
        engine.dispose()
