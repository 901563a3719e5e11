"""Small factories for tests: people, teams and signed-in clients."""

from __future__ import annotations

import itertools
import re

from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session

from app.models import Role, Team, User
from app.users import create_team, create_user

PASSWORD = "correct-horse-battery"
# A real argon2 hash with light parameters: verification reads the cost from the hash, so
# sign-ins in tests stay fast while exercising the production code path.
_HASH = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),)).hash(PASSWORD)
_seq = itertools.count(1)


def make_team(session: Session, name: str | None = None) -> Team:
    return create_team(session=session, name=name or f"Team {next(_seq)}")


def make_user(
    session: Session,
    *roles: Role,
    team: Team | None = None,
    manages: tuple[Team, ...] = (),
    email: str | None = None,
    name: str | None = None,
    password: bool = True,
) -> User:
    n = next(_seq)
    roles = roles or (Role.REP,)
    if Role.REP in roles and team is None:
        team = make_team(session)
    user = create_user(session=session, email=email or f"user{n}@example.com",
                       name=name or f"User {n}", roles=roles,
                       team_id=team.id if team else None,
                       managed_team_ids=[t.id for t in manages if t.id is not None])
    if password:
        user.password_hash = _HASH
        session.add(user)
    session.flush()
    return user


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if match:
        return match.group(1)
    token = client.cookies.get("om_csrf")
    assert token, f"no CSRF token on {path}"
    return token


def sign_in(client: TestClient, user: User, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": token, "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def api_token(client: TestClient, user: User, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": password})
    assert response.status_code == 201, response.text
    return str(response.json()["token"])
