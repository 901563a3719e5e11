"""THE ACCESS MATRIX: every route x every role gets the status in tests/app/access_table.py.

A route the table does not list fails `test_every_route_is_in_the_access_table`: add a
row there (the module docstring says how).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.routing import WebSocketRoute

from app.db import begin_write
from tests.app.access_table import LOGIN, ROLES, ROUTES, WS, Row
from tests.app.helpers import (
    bearer,
    build_world,
    cookie_sign_in,
    send,
    socket_outcome,
    with_csrf,
)

# Served by FastAPI or Starlette themselves, not by our code: checked in test_api.py.
NOT_IN_TABLE = {"/static", "/api/v1/openapi.json", "/docs/oauth2-redirect"}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, HEAD left out."""
    try:  # FastAPI >= 0.16x keeps included routers as nodes; this flattens them
        from fastapi.routing import iter_route_contexts

        routes: list[Any] = list(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - older FastAPI
        routes = list(app.routes)
    out = set()
    for r in routes:
        path = getattr(r, "path", None)
        if path is None or path in NOT_IN_TABLE:
            continue
        route = getattr(r, "route", r)  # (a RouteContext wraps the route)
        if isinstance(route, WebSocketRoute):
            out.add((WS, path))
            continue
        for method in getattr(r, "methods", None) or {"*"}:
            if method != "HEAD":
                out.add((method, path))
    return out


def test_every_route_is_in_the_access_table(app: FastAPI) -> None:
    served = app_routes(app)
    listed = [(row["method"], row["path"]) for row in ROUTES]
    assert len(listed) == len(set(listed)), "a route is listed twice in access_table.py"
    missing = sorted(served - set(listed))
    assert not missing, (
        "These routes are not in tests/app/access_table.py; add a row for each "
        f"(who may call it and what they get): {missing}")
    stale = sorted(set(listed) - served)
    assert not stale, f"access_table.py lists routes the app does not serve: {stale}"


def test_rows_name_every_role_and_the_other_team() -> None:
    for row in ROUTES:
        assert set(row["expect"]) == set(ROLES), row["path"]
        if "{" in row["path"]:
            assert row["explicit_others"], (
                f"{row['method']} {row['path']} takes an id: give rep_other= and "
                "manager_other= explicitly")


@pytest.fixture
def world(served_session: Session) -> dict[str, Any]:
    # The served app's jobs start with its lifespan and may write meanwhile: on SQLite a
    # transaction that read first cannot take the write lock once another writer has
    # committed (it fails at once, "database is locked", seen once in a full run), so
    # this one takes it up front and waits its turn instead.
    begin_write(served_session)
    return build_world(served_session)


CASES = [pytest.param(row, role, id=f"{row['method']} {row['path']} as {role}")
         for row in ROUTES for role in ROLES]


# Through the app as `make run` serves it (tests/served.py): its own engine and session
# dependency, a database of its own per case.
@pytest.mark.parametrize(("row", "role"), CASES)
def test_access(served_client: TestClient, served_session: Session, world: dict[str, Any],
                row: Row, role: str) -> None:
    client, session = served_client, served_session
    if row["setup"] is not None:
        world.update(row["setup"](session, world))
        session.commit()
    headers = with_csrf(client)
    if role != "anon":
        user = world["people"][role]
        if row["auth"] == "bearer":
            headers.update(bearer(session, user))
        else:
            cookie_sign_in(client, session, user)
    expected = row["expect"][role]
    where = f"{row['method']} {row['path']} as {role}"
    if row["method"] == WS:
        got = socket_outcome(client, row, world, headers)
        assert got == expected, f"{where}: expected {expected}, got {got}"
        return
    response = send(client, row, world, headers)
    if expected == LOGIN:
        assert response.status_code == 303, f"{where}: {response.status_code}"
        assert response.headers["location"].startswith("/login"), where
        return
    assert response.status_code == expected, (
        f"{where}: expected {expected}, got {response.status_code}: {response.text[:300]}")
    assert response.status_code < 500
    if row["path"].startswith("/api/") and response.status_code >= 400:
        assert "detail" in response.json(), where
