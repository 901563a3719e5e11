"""One set of routes for the whole test session (see `routes_of`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fastapi import FastAPI


@contextlib.contextmanager
def routes_of(shared: FastAPI, fresh: FastAPI) -> Iterator[FastAPI]:
    """`fresh` (a `create_app(...)` of this test) served by the routes and middleware of
    `shared`, an app of the whole session: its state (settings, database, job queue, xAPI
    buffer), which is all a request reads of the app, is `fresh`'s for the block.

    Why: this FastAPI builds a route's dependency analysis on the first request matched
    against it, per app, so an app per test paid it again for every route tried (about
    a second for a request to a route late in the table). If `fresh` would build other
    middleware (secure cookies), it is served by its own routes instead."""
    if fresh.state.settings.secure_cookies != shared.state.settings.secure_cookies:
        yield fresh
        return
    own_state, shared.state = shared.state, fresh.state
    try:
        yield shared
    finally:
        shared.dependency_overrides.clear()
        shared.state = own_state
