"""Running the async socket clients from synchronous tests.

Each call gets an event loop of its own in a fresh thread: in a full run the browser
tests' Playwright (sync API) keeps a loop running in the main thread, where `asyncio.run`
refuses to start another."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-client") as pool:
        return pool.submit(asyncio.run, coro).result()
