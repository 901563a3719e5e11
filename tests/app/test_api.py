"""The JSON API: bearer tokens, the caller, users and teams, docs, and the error shape."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth import GENERIC_FAILURE
from app.clock import utcnow
from app.models import ApiToken, Role, User
from app.settings import Settings
from tests.app.helpers import bearer, cookie_sign_in, count
from tests.factories import PASSWORD, api_token, make_team, make_user


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- tokens ------------------------------------------------------------


def test_create_token_and_use_it(client: TestClient, session: Session,
                                 settings: Settings) -> None:
    team = make_team(session, "West")
    rep = make_user(session, Role.REP, team=team)
    response = client.post("/api/v1/tokens", json={"email": rep.email, "password": PASSWORD,
                                                   "name": "my phone"})
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("om_") and isinstance(body["id"], int)
    expires = datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (utcnow() + timedelta(days=settings.token_days))) < timedelta(minutes=1)
    row = session.get(ApiToken, body["id"])
    assert row is not None and row.token_hash != body["token"]  # only the hash is stored

    me = client.get("/api/v1/me", headers=auth(body["token"]))
    assert me.status_code == 200
    assert me.json() == {"id": rep.id, "email": rep.email, "name": rep.name, "roles": ["rep"],
                         "team": {"id": team.id, "name": "West"}, "managed_teams": [],
                         "is_active": True}


def test_wrong_password_and_unknown_email_get_the_same_401(client: TestClient,
                                                           session: Session) -> None:
    rep = make_user(session, Role.REP)
    wrong = client.post("/api/v1/tokens", json={"email": rep.email, "password": "nope"})
    unknown = client.post("/api/v1/tokens", json={"email": "x@example.com", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": GENERIC_FAILURE}
    assert wrong.headers["WWW-Authenticate"] == "Bearer"


def test_token_requests_are_rate_limited(client: TestClient, session: Session,
                                         settings: Settings) -> None:
    settings.login_free_failures = 2
    rep = make_user(session, Role.REP)
    for _ in range(2):
        assert client.post("/api/v1/tokens",
                           json={"email": rep.email, "password": "nope"}).status_code == 401
    blocked = client.post("/api/v1/tokens", json={"email": rep.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= settings.login_backoff_seconds
    assert "Too many failed sign-ins" in blocked.json()["detail"]
    assert count(session, ApiToken) == 0


def test_bad_bearer_tokens_are_401(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    session.commit()  # a refused request rolls back what the test had not committed
    for header in ({"Authorization": "Bearer om_made-up"}, {"Authorization": "Bearer "}, {}):
        response = client.get("/api/v1/me", headers=header)
        assert response.status_code == 401, header
        assert response.headers["content-type"].startswith("application/json")
        assert "detail" in response.json()
    token = api_token(client, rep)
    row = session.exec(select(ApiToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    expired = client.get("/api/v1/me", headers=auth(token))
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]


def test_revoke_current_and_by_id(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    first = api_token(client, rep)
    second = api_token(client, rep)
    second_id = session.exec(select(ApiToken.id).order_by(ApiToken.id.desc())).first()  # type: ignore[union-attr]

    assert client.delete(f"/api/v1/tokens/{second_id}", headers=auth(first)).status_code == 204
    assert client.get("/api/v1/me", headers=auth(second)).status_code == 401
    assert client.get("/api/v1/me", headers=auth(first)).status_code == 200
    # Revoking twice is harmless.
    assert client.delete(f"/api/v1/tokens/{second_id}", headers=auth(first)).status_code == 204

    assert client.delete("/api/v1/tokens/current", headers=auth(first)).status_code == 204
    assert client.get("/api/v1/me", headers=auth(first)).status_code == 401


def test_cannot_revoke_someone_elses_token(client: TestClient, session: Session) -> None:
    rep, other = make_user(session, Role.REP), make_user(session, Role.ADMIN)
    theirs = bearer(session, rep)
    their_id = session.exec(select(ApiToken.id).where(ApiToken.user_id == rep.id)).one()
    response = client.delete(f"/api/v1/tokens/{their_id}", headers=bearer(session, other))
    assert response.status_code == 404 and response.json() == {"detail": "No such token."}
    assert client.get("/api/v1/me", headers=theirs).status_code == 200
    assert client.delete("/api/v1/tokens/99999", headers=theirs).status_code == 404


def test_revoke_current_needs_a_bearer_token(client: TestClient, session: Session) -> None:
    cookie_sign_in(client, session, make_user(session, Role.REP))
    response = client.delete("/api/v1/tokens/current", headers={"X-CSRF-Token":
                                                                client.cookies["om_csrf"]})
    assert response.status_code == 403 and "bearer token" in response.json()["detail"]


def test_list_tokens_shows_only_yours(client: TestClient, session: Session) -> None:
    rep, other = make_user(session, Role.REP), make_user(session, Role.REP)
    mine = bearer(session, rep)
    bearer(session, rep)
    bearer(session, other)
    response = client.get("/api/v1/tokens", headers=mine)
    assert response.status_code == 200
    listed = response.json()
    owned = set(session.exec(select(ApiToken.id).where(ApiToken.user_id == rep.id)).all())
    assert {t["id"] for t in listed} == owned and len(listed) == 2
    assert all("token" not in t and "token_hash" not in t for t in listed)


def test_cookie_session_works_for_reads(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    cookie_sign_in(client, session, rep)
    assert client.get("/api/v1/me").json()["email"] == rep.email


# --- users and teams ------------------------------------------------------------


def test_admin_lists_and_creates_users(client: TestClient, session: Session) -> None:
    west, east = make_team(session, "West"), make_team(session, "East")
    admin = make_user(session, Role.ADMIN)
    make_user(session, Role.REP, team=west, name="Wendy")
    make_user(session, Role.MANAGER, manages=(west, east), name="Max")
    headers = bearer(session, admin)
    everyone = client.get("/api/v1/users", headers=headers).json()
    assert {u["name"] for u in everyone} >= {"Wendy", "Max"}
    max_ = next(u for u in everyone if u["name"] == "Max")
    assert {t["name"] for t in max_["managed_teams"]} == {"West", "East"}
    in_west = client.get("/api/v1/users", params={"team_id": west.id}, headers=headers).json()
    assert [u["name"] for u in in_west] == ["Wendy"]

    created = client.post("/api/v1/users", headers=headers, json={
        "email": "New@Example.com", "name": "New Rep", "roles": ["rep"], "team_id": east.id})
    assert created.status_code == 201
    assert created.json()["email"] == "new@example.com"
    assert created.json()["team"] == {"id": east.id, "name": "East"}


def test_user_api_errors(client: TestClient, session: Session) -> None:
    team = make_team(session)
    admin = make_user(session, Role.ADMIN)
    headers = bearer(session, admin)
    before = count(session, User)
    dup = client.post("/api/v1/users", headers=headers, json={
        "email": admin.email, "name": "Dup", "roles": ["admin"]})
    assert dup.status_code == 409 and "already exists" in dup.json()["detail"]
    no_team = client.post("/api/v1/users", headers=headers, json={
        "email": "r@example.com", "name": "R", "roles": ["rep"]})
    assert no_team.status_code == 422
    assert no_team.json() == {"detail": "A rep must belong to a team; choose one."}
    bad_role = client.post("/api/v1/users", headers=headers, json={
        "email": "r@example.com", "name": "R", "roles": ["boss"], "team_id": team.id})
    assert bad_role.status_code == 422
    assert bad_role.json()["fields"][0]["loc"] == ["body", "roles", 0]
    too_long = client.post("/api/v1/users", headers=headers, json={
        "email": "r@example.com", "name": "R" * 121, "roles": ["marketing"]})
    assert too_long.status_code == 422 and "at most 120" in too_long.json()["detail"]
    no_such_team = client.post("/api/v1/users", headers=headers, json={
        "email": "r@example.com", "name": "R", "roles": ["rep"], "team_id": 99999})
    assert no_such_team.status_code == 404
    assert count(session, User) == before


def test_non_admins_cannot_manage_users(client: TestClient, session: Session) -> None:
    manager = make_user(session, Role.MANAGER)
    response = client.get("/api/v1/users", headers=bearer(session, manager))
    assert response.status_code == 403 and response.json() == {
        "detail": "This page is for admin accounts."}


def test_teams_visible_by_role(client: TestClient, session: Session) -> None:
    west, east = make_team(session, "West"), make_team(session, "East")
    people = {
        "admin": make_user(session, Role.ADMIN),
        "marketing": make_user(session, Role.MARKETING),
        "manager": make_user(session, Role.MANAGER, manages=(east,)),
        "rep": make_user(session, Role.REP, team=west),
    }
    expected = {"admin": {"West", "East"}, "marketing": {"West", "East"},
                "manager": {"East"}, "rep": {"West"}}
    for role, user in people.items():
        names = {t["name"] for t in client.get("/api/v1/teams",
                                               headers=bearer(session, user)).json()}
        assert names == expected[role], role


def test_team_members_and_creation(client: TestClient, session: Session) -> None:
    west, east = make_team(session, "West"), make_team(session, "East")
    make_user(session, Role.REP, team=west, name="Wendy")
    gone = make_user(session, Role.REP, team=west, name="Gone")
    gone.is_active = False
    session.add(gone)
    manager = bearer(session, make_user(session, Role.MANAGER, manages=(west,)))
    members = client.get(f"/api/v1/teams/{west.id}/members", headers=manager)
    assert [m["name"] for m in members.json()] == ["Wendy"]
    assert client.get(f"/api/v1/teams/{east.id}/members", headers=manager).status_code == 403
    assert client.get("/api/v1/teams/99999/members", headers=manager).status_code == 404

    admin = bearer(session, make_user(session, Role.ADMIN))
    created = client.post("/api/v1/teams", headers=admin, json={"name": "North"})
    assert created.status_code == 201 and created.json()["name"] == "North"
    dup = client.post("/api/v1/teams", headers=admin, json={"name": "north"})
    assert dup.status_code == 409 and "already exists" in dup.json()["detail"]
    assert client.post("/api/v1/teams", headers=manager, json={"name": "X"}).status_code == 403


# --- docs and errors ------------------------------------------------------------


def test_openapi_and_docs_load(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert {"/api/v1/tokens", "/api/v1/me", "/api/v1/users", "/api/v1/teams"} <= set(paths)
    assert not any(p.startswith("/admin") for p in paths)  # pages stay out of the API docs
    # No docs UI (it needs a CDN and inline script): the old address leads to the schema.
    docs = client.get("/api/docs", follow_redirects=False)
    assert docs.headers["location"] == "/api/v1/openapi.json"


def test_api_errors_are_json_detail(client: TestClient, session: Session) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and set(missing.json()) == {"detail"}
    wrong_method = client.put("/api/v1/me")
    assert wrong_method.status_code == 405 and "detail" in wrong_method.json()
    invalid = client.post("/api/v1/tokens", json={"email": "a@example.com"})
    assert invalid.status_code == 422
    assert invalid.json()["fields"][0]["loc"] == ["body", "password"]
    assert invalid.json()["detail"] == ("Some fields were missing or invalid: "
                                        "password: Field required")
    not_json = client.post("/api/v1/tokens", content=b"{", headers={
        "content-type": "application/json"})
    assert not_json.status_code == 422 and "detail" in not_json.json()
