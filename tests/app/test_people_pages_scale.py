"""The admin's people pages read a person's roles with everyone's, not one query each.

The abuse probe's find: with the 10,000 people a users import may bring, the page of a team
of three took 5 s (it read every person's roles, one query a person, to list who could
manage it), the users list 6.6 s and GET /api/v1/users 4.3 s. Counted here as the
statements a request runs, which must not grow with the number of people.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app.models import Role, Team
from tests.app.helpers import bearer, cookie_sign_in
from tests.factories import make_team, make_user


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """The queries the app runs inside the block (not the job queue's polls, which the
    app's lifespan runs on the same engine whenever they fall due, nor BEGINs)."""
    seen: list[str] = []
    engine = app.state.db.engine

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("SELECT") and "FROM jobs" not in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _add_people(session: Session, team: Team, n: int) -> None:
    """`n` reps on `team` and a manager of it; and `n` reps on teams of their own, with a
    manager of each (the API's people name their team and the teams they manage)."""
    for _ in range(n):
        make_user(session, Role.REP, team=team)
        own = make_team(session)
        make_user(session, Role.REP, team=own)
        make_user(session, Role.MANAGER, manages=(own,))
    make_user(session, Role.MANAGER, manages=(team,))
    session.commit()


def test_people_pages_run_as_many_statements_for_many_people_as_for_few(
        served_client: TestClient, served_session: Session, served_app: FastAPI) -> None:
    admin = make_user(served_session, Role.ADMIN)
    small = make_team(served_session, "Small")
    crowd = make_team(served_session, "Crowd")
    make_user(served_session, Role.REP, team=small)
    headers = bearer(served_session, admin)
    cookie_sign_in(served_client, served_session, admin)
    paths = [f"/admin/teams/{small.id}", "/admin/users", f"/admin/users?team={crowd.id}"]
    api_paths = ["/api/v1/users", f"/api/v1/teams/{crowd.id}/members"]

    def counts() -> dict[str, int]:
        out = {}
        for path in paths + api_paths:
            with statements(served_app) as seen:
                kw = {"headers": headers} if path in api_paths else {}
                response = served_client.get(path, **kw)  # type: ignore[arg-type]
            assert response.status_code == 200, (path, response.text[:300])
            out[path] = len(seen)
        return out

    _add_people(served_session, crowd, 3)
    few = counts()
    _add_people(served_session, crowd, 40)
    many = counts()
    assert many == few
