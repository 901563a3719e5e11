"""The SQLite writer lock shared by the server's worker processes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from app.write_lock import WriterLock, fcntl
from tests.async_run import run_async

pytestmark = pytest.mark.skipif(fcntl is None, reason="flock needs a POSIX system")


def test_lock_file_sits_beside_the_database(tmp_path: Path) -> None:
    lock = WriterLock.beside(str(tmp_path / "onmessage.db"))
    assert lock.path == tmp_path / "onmessage.db.writer-lock"
    assert WriterLock.beside(":memory:").path is None
    assert WriterLock.beside(None).path is None


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    # Two lock objects open the file separately, exactly as two worker processes do.
    first, second = WriterLock(tmp_path / "w.lock"), WriterLock(tmp_path / "w.lock")
    order: list[str] = []

    async def other_writer() -> None:
        async with second.held():
            order.append("second")

    async def main() -> None:
        async with first.held():
            task = asyncio.create_task(other_writer())
            await asyncio.sleep(0.2)
            assert order == []  # still waiting, and the event loop was free meanwhile
            order.append("first")
        await asyncio.wait_for(task, 5)

    run_async(main())
    assert order == ["first", "second"]


def test_a_cancelled_waiter_does_not_keep_the_lock(tmp_path: Path) -> None:
    first, second = WriterLock(tmp_path / "w.lock"), WriterLock(tmp_path / "w.lock")

    async def main() -> None:
        async with first.held():
            waiter = asyncio.create_task(second.held().__aenter__())
            await asyncio.sleep(0.1)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
        # The abandoned wait got the lock after `first` let go, and gave it back.
        await asyncio.sleep(0.2)
        async with asyncio.timeout(2), second.held():
            pass

    run_async(main())


def test_waits_for_a_writer_in_another_process(tmp_path: Path) -> None:
    # The other process holds the lock until told to let go (no timing: a loaded machine
    # may be slow either side, but the order of events is what the lock guarantees).
    path = tmp_path / "w.lock"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys\n"
        f"fd = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "sys.stdin.readline()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert holder.stdin is not None
    events: list[str] = []

    async def writer() -> None:
        async with WriterLock(path).held():
            events.append("acquired")

    async def main() -> None:
        task = asyncio.create_task(writer())
        await asyncio.sleep(0.2)
        assert events == []  # still waiting, and the event loop was free meanwhile
        events.append("released")
        holder.stdin.write("go\n")  # the holder exits, and the kernel drops its lock
        holder.stdin.flush()
        await asyncio.wait_for(task, 10)

    run_async(main())
    holder.wait(timeout=10)
    assert events == ["released", "acquired"]
