"""Fast helpers for web tests: sign in without hashing, a known CSRF token, DB snapshots.

Signing in through the form costs an argon2 verification (~0.1 s); these create the
session or token row directly, which is what the form does after the password check.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app.auth import create_api_token, start_session
from app.clock import utcnow
from app.csrf import COOKIE as CSRF_COOKIE
from app.deps import SESSION_COOKIE
from app.metadata import metadata
from app.models import User

CSRF = "test-csrf-token-0123456789abcdefghijklmnop"


def with_csrf(client: TestClient) -> dict[str, str]:
    """Give the client a known CSRF cookie; returns the header that echoes it."""
    if client.cookies.get(CSRF_COOKIE) != CSRF:
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
    """Every row of every table, to show that a refused request wrote nothing."""
    session.expire_all()
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in metadata.sorted_tables:
        rows = session.connection().execute(select(table)).all()
        out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out
