"""Run a coroutine from a test, whatever else this worker's thread is doing.

Under pytest-xdist a worker may have run a browser test first, and Playwright's sync API
keeps an event loop running on the main thread for the whole session; `asyncio.run` then
refuses to start. Such a test's coroutine runs on a thread of its own instead (and as
before, on this thread, when no loop is running).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-loop") as pool:
        return pool.submit(asyncio.run, coro).result()
