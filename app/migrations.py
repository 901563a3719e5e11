"""Apply migrations programmatically (CLI, `make run`, tests)."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from alembic import command
from app.paths import alembic_dir, alembic_ini


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(alembic_ini()))
    cfg.set_main_option("script_location", str(alembic_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine | None = None, *, url: str | None = None,
            connection: Connection | None = None, revision: str = "head") -> None:
    """Bring the database to `revision` (default: the latest)."""
    cfg = alembic_config(url or (str(engine.url.render_as_string(hide_password=False))
                                 if engine is not None else None))
    if connection is not None:
        cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)
