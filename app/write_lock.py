"""One SQLite writer at a time across the server's worker processes.

SQLite lets one connection write at a time. Within a process, writing requests queue on
an asyncio lock (`Database.write_gate`); across the processes of `onmessage serve
--workers N` they used to meet only in SQLite's busy handler, which polls with growing
sleeps (up to 100 ms each) and so turns a 1 ms wait into tens of milliseconds. Here a
writer takes an exclusive `flock` on a file next to the database first: the kernel wakes
the next waiter the moment the lock is released. Where `fcntl` does not exist (Windows) or
the database is in memory, only the in-process queue and the busy handler remain.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


class WriterLock:
    """An exclusive lock file shared by every process writing one SQLite database."""

    def __init__(self, path: Path | None) -> None:
        self.path = path if fcntl is not None else None
        self._fd: int | None = None

    @classmethod
    def beside(cls, database: str | None) -> WriterLock:
        """The lock for a SQLite file (`database` as in its URL; none for in-memory)."""
        if not database or database == ":memory:" or database.startswith("file:"):
            return cls(None)
        return cls(Path(database).with_name(Path(database).name + ".writer-lock"))

    def _file(self) -> int:
        # Opened on first use, in the process that uses it (workers are started after the
        # app object may have been built).
        if self._fd is None:
            assert self.path is not None
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd

    @contextmanager
    def held_blocking(self) -> Iterator[None]:
        """Hold the lock for the block, waiting in this thread (not on an event loop)."""
        if self.path is None:
            yield
            return
        self._acquire()
        try:
            yield
        finally:
            self._release()

    def try_acquire(self) -> bool:
        """Take the lock if no writer holds it right now, without waiting; the caller
        must `release` it."""
        return self.path is not None and self._try_acquire()

    def release(self) -> None:
        self._release()

    def _try_acquire(self) -> bool:
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _acquire(self) -> None:
        fcntl.flock(self._file(), fcntl.LOCK_EX)

    def _release(self) -> None:
        fcntl.flock(self._file(), fcntl.LOCK_UN)

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Hold the lock for the block. Callers are already serialised within the process
        (one holder per process at a time), so waiting happens in one thread at most."""
        if self.path is None:
            yield
            return
        if not self._try_acquire():
            waiting = asyncio.get_running_loop().run_in_executor(None, self._acquire)
            try:
                await asyncio.shield(waiting)
            except asyncio.CancelledError:
                # The request went away while the thread waits: give the lock back as soon
                # as the thread gets it, or no writer of this process would ever run again.
                waiting.add_done_callback(self._release_after_wait)
                raise
        try:
            yield
        finally:
            self._release()

    def _release_after_wait(self, waited: asyncio.Future[None]) -> None:
        if not waited.cancelled() and waited.exception() is None:
            self._release()
