"""Fast helpers for web tests: sign in without hashing, a known CSRF token, DB snapshots.

Signing in through the form costs an argon2 verification (~0.1 s); these create the
session or token row directly, which is what the form does after the password check.
"""

from __future__ import annotations

import string
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app.auth import create_api_token, create_invite, start_session
from app.clock import utcnow
from app.csrf import COOKIE as CSRF_COOKIE
from app.deps import SESSION_COOKIE
from app.metadata import metadata
from app.models import Role, User
from tests.factories import make_team, make_user

CSRF = "test-csrf-token-0123456789abcdefghijklmnop"


def with_csrf(client: TestClient) -> dict[str, str]:
    """Give the client a known CSRF cookie; returns the header that echoes it."""
    # (Sign-in sets a new token beside this one: compare every copy the jar holds.)
    if {c.value for c in client.cookies.jar if c.name == CSRF_COOKIE} != {CSRF}:
        client.cookies.delete(CSRF_COOKIE)  # drop one the server set, on whatever domain
        client.cookies.set(CSRF_COOKIE, CSRF)
    return {"X-CSRF-Token": CSRF}


def cookie_sign_in(client: TestClient, session: Session, user: User) -> TestClient:
    """Sign `client` in as `user` with a fresh browser session (no password check)."""
    token = start_session(session=session, user=user, days=14, now=utcnow())
    session.commit()
    client.cookies.delete(SESSION_COOKIE)
    client.cookies.set(SESSION_COOKIE, token)
    with_csrf(client)
    return client


def bearer(session: Session, user: User) -> dict[str, str]:
    """An Authorization header with a fresh API token for `user`."""
    raw, _ = create_api_token(session=session, user=user, days=30, now=utcnow())
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a refused request wrote nothing.

    Commits first: the test's own setup shares the request's session, and a handler's
    rollback would otherwise undo the setup too (in production each request has its own).
    """
    session.commit()
    session.expire_all()
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in metadata.sorted_tables:
        rows = session.connection().execute(select(table)).all()
        out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def build_world(session: Session) -> dict[str, Any]:
    """The objects the access table's rows act on (see tests/app/access_table.py)."""
    team = make_team(session, "Alpha")
    other_team = make_team(session, "Beta")
    people = {
        "rep": make_user(session, Role.REP, team=team),
        "rep_other": make_user(session, Role.REP, team=other_team),
        "manager": make_user(session, Role.MANAGER, manages=(team,)),
        "manager_other": make_user(session, Role.MANAGER, manages=(other_team,)),
        "marketing": make_user(session, Role.MARKETING),
        "admin": make_user(session, Role.ADMIN),
    }
    invitee = make_user(session, Role.MARKETING, password=False)
    invite = create_invite(session=session, user=invitee, hours=72, now=utcnow())
    _, token = create_api_token(session=session, user=people["rep"], days=30, now=utcnow())
    session.commit()
    w: dict[str, Any] = {"team_id": team.id, "team_name": team.name,
                         "other_team_id": other_team.id, "user_id": people["rep"].id,
                         "token_id": token.id, "token": invite, "people": people}
    for role, user in people.items():
        w[f"{role}_id"] = user.id
        w[f"{role}_email"] = user.email
    return w


def fill(path: str, world: dict[str, Any]) -> str:
    """A route's path template with the world's ids filled in."""
    names = [f for _, f, _, _ in string.Formatter().parse(path) if f]
    missing = [n for n in names if n not in world]
    assert not missing, f"{path}: give the row a setup= that provides {missing}"
    return path.format(**{n: world[n] for n in names})


def _value(spec: Any, world: dict[str, Any]) -> Any:
    return spec(world) if callable(spec) else spec


def send(client: TestClient, row: dict[str, Any], world: dict[str, Any],
         headers: dict[str, str], *, csrf_field: str | None = CSRF) -> Any:
    """Make the request an access-table row describes."""
    data = _value(row["form"], world)
    if csrf_field is not None and (data is not None or row["files"] is not None):
        data = {**(data or {}), "csrf_token": csrf_field}
    return client.request(
        row["method"], fill(row["path"], world), data=data, json=_value(row["json"], world),
        files=_value(row["files"], world), headers=headers, follow_redirects=False,
    )


def socket_outcome(client: TestClient, row: dict[str, Any], world: dict[str, Any],
                   headers: dict[str, str]) -> int:
    """Open the WebSocket an access-table row describes: 101 when the server accepts the
    caller (its first frame is not an error), else the close code it refused with."""
    import json

    url = fill(row["path"], world) + "?" + fill(row["query"] or "", world)
    with client.websocket_connect(url, headers=headers) as ws:
        first = json.loads(ws.receive_text())
        if first.get("type") != "error":
            return 101
        closing = ws.receive()
        assert first.get("detail"), first
        return int(closing.get("code", 1000))
