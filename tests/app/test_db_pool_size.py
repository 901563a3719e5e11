"""ONMESSAGE_DB_POOL_SIZE sets how many PostgreSQL connections a process keeps at most, so
an operator can keep processes x pool under the server's max_connections."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.db import Database
from app.settings import Settings

URL = "postgresql+psycopg://onmessage@127.0.0.1:5432/unused"  # never connected to here


def test_the_setting_sizes_the_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONMESSAGE_DB_POOL_SIZE", "7")
    db = Database(Settings(data_dir=tmp_path, database_url=URL))
    try:
        assert db.engine.pool.size() == 7  # type: ignore[attr-defined]
    finally:
        db.engine.dispose()
    monkeypatch.delenv("ONMESSAGE_DB_POOL_SIZE")
    default = Database(Settings(data_dir=tmp_path, database_url=URL))
    assert default.engine.pool.size() == 30  # type: ignore[attr-defined]
    default.engine.dispose()


def test_a_pool_of_nothing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, database_url=URL, db_pool_size=0)
