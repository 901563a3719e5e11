"""`Database.write` with SQLite: at once on the event loop when no writer holds the lock,
otherwise waiting off the loop, and never stalling the loop behind another writer."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.db import Database, begin_write
from app.settings import Settings
from app.write_lock import WriterLock, fcntl
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.skipif(fcntl is None, reason="flock needs a POSIX system")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    database = Database(Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                                 database_url=url))
    with database.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE marks (thread TEXT)")
    return database


def insert(db: Database) -> str:
    """A short write, as the drill answers do it; returns the thread it ran on."""
    name = threading.current_thread().name
    with db.session() as session:
        begin_write(session)
        session.execute(text("INSERT INTO marks VALUES (:t)"), {"t": name})
        session.commit()
    return name


def marks(db: Database) -> int:
    with Session(db.engine) as session:
        return int(session.execute(text("SELECT count(*) FROM marks")).scalar_one())


def test_with_no_other_writer_the_write_runs_on_the_loop(db: Database) -> None:
    ran_on = asyncio.run(db.write(insert, db))
    assert ran_on == threading.current_thread().name and marks(db) == 1
    db.close_writer()


def test_a_held_lock_file_sends_the_write_to_the_writer_thread(db: Database) -> None:
    other = WriterLock.beside(db.engine.url.database)  # another process's writer, in effect
    assert other.try_acquire()

    async def main() -> str:
        write = asyncio.create_task(db.write(insert, db))
        await asyncio.sleep(0.2)
        assert not write.done() and marks(db) == 0  # waiting, and the loop is free
        other.release()
        return await asyncio.wait_for(write, 5)

    assert asyncio.run(main()).startswith("sqlite-writer") and marks(db) == 1
    db.close_writer()


def test_a_writer_without_the_lock_file_does_not_stall_the_loop(db: Database) -> None:
    # A command or job that writes without taking the lock file holds SQLite's lock: the
    # write must not sit in SQLite's busy handler on the event loop (30 s), but wait in
    # the writer thread, and land once the other writer commits.
    assert db.engine.url.database is not None
    raw = sqlite3.connect(db.engine.url.database, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    raw.execute("INSERT INTO marks VALUES ('command')")

    async def main() -> str:
        write = asyncio.create_task(db.write(insert, db))
        ticks = 0
        for _ in range(20):  # the loop keeps turning meanwhile
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks == 20 and not write.done()
        raw.execute("COMMIT")
        return await asyncio.wait_for(write, 10)

    assert asyncio.run(main()).startswith("sqlite-writer") and marks(db) == 2
    raw.close()
    db.close_writer()
