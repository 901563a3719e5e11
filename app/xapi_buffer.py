"""Drill answers' learning records, written a moment after the answers, in batches.

Drill answers are nearly all of the learning events. Built by the minutely job, a minute
of them was one burst of work that stalled the web process running it; written in each
answer's own transaction, they made SQLite's single writer hold its lock longer for every
answer (an index page keyed by a random id, and the outbox's other index pages, per
commit). Here each answer's statement is built on the request path, after its write
(tens of microseconds), and kept in memory; a few times a second the process writes what
it has in one short transaction. Nothing is lost if the process dies first: the minutely
job builds a statement for any review that has none (see app/xapi.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from app import xapi
from app.db import Database

log = logging.getLogger("onmessage.xapi")

FLUSH_EVERY_S = 0.25
Waiting = dict[str, Any] | xapi.PendingReview


class StatementBuffer:
    """Outbox rows (or drill reviews whose rows are built at writing) waiting to be
    written, and the task that writes them."""

    def __init__(self, db: Database, *, every_s: float = FLUSH_EVERY_S) -> None:
        self.db = db
        self.every_s = every_s
        self._rows: list[Waiting] = []
        self._task: asyncio.Task[None] | None = None

    def add(self, row: Waiting) -> None:
        """An outbox row, or a `xapi.PendingReview` (built when written: a drill answer
        then reads nothing for its learning record)."""
        self._rows.append(row)

    def take(self) -> list[Waiting]:
        """Everything waiting, which is then no longer kept here."""
        rows, self._rows = self._rows, []
        return rows

    async def flush(self) -> int:
        """Write what is waiting in one transaction; returns how many rows."""
        rows = self.take()
        if rows:
            await self.db.write(self._write, rows)
        return len(rows)

    def _write(self, rows: list[Waiting]) -> None:
        with self.db.session(write=True) as session:
            ready = [r for r in rows if isinstance(r, dict)]
            pending = [r for r in rows if isinstance(r, xapi.PendingReview)]
            xapi.store(session, ready + xapi.pending_rows(
                session, self.db.settings.base_url, pending))
            session.commit()

    def start(self) -> None:
        """Flush every `every_s` seconds on the running event loop, until `stop`."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every_s)
            await self._flush_or_log()

    async def _flush_or_log(self) -> None:
        try:
            await self.flush()
        except Exception:  # dropped: the minutely job writes these instead
            log.exception("could not write drill answers' learning records")

    async def stop(self) -> None:
        """Stop the task and write what is left (at shutdown). A buffer never started
        (tests) writes nothing: whoever added rows takes them."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        await self._flush_or_log()
