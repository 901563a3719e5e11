"""One set of routes for the whole test session (see `routes_of`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.testclient import TestClient


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


def warmed(app: FastAPI) -> FastAPI:
    """`app` with every route's dependency analysis built now, once (a request that
    matches no route tries them all), rather than in whichever test reaches each route
    first: a test that times a request would time that too."""
    with contextlib.closing(TestClient(app, base_url="http://testserver")) as client:
        client.get("/tests/no-such-route")  # (the 404 page, signed out)
    return app
