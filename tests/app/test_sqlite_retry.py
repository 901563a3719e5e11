"""A safe request whose write SQLite refused is replayed once, as a writer."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.sqlite_retry import FORCE_WRITE, ReplayLockedReadsMiddleware


def locked() -> OperationalError:
    return OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))


def make_app(calls: list[bool], error: Exception) -> Starlette:
    async def page(request: Request) -> PlainTextResponse:
        forced = bool(getattr(request.state, FORCE_WRITE, False))
        calls.append(forced)
        if not forced:
            request.state.account = "cached by the first try"
            raise error
        assert not hasattr(request.state, "account")  # the replay starts clean
        return PlainTextResponse("ok")

    async def post(request: Request) -> PlainTextResponse:
        calls.append(False)
        raise error

    app = Starlette(routes=[Route("/", page), Route("/p", post, methods=["POST"])])
    app.add_middleware(ReplayLockedReadsMiddleware)
    return app


def test_a_locked_read_is_replayed_as_a_writer() -> None:
    calls: list[bool] = []
    client = TestClient(make_app(calls, locked()))
    response = client.get("/")
    assert response.status_code == 200 and response.text == "ok"
    assert calls == [False, True]


def test_other_errors_and_unsafe_requests_are_not_replayed() -> None:
    calls: list[bool] = []
    client = TestClient(make_app(calls, RuntimeError("boom")), raise_server_exceptions=False)
    assert client.get("/").status_code == 500
    assert calls == [False]
    calls.clear()
    client = TestClient(make_app(calls, locked()), raise_server_exceptions=False)
    assert client.post("/p").status_code == 500  # a POST already locked for writing
    assert calls == [False]
