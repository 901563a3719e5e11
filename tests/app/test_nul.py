"""NUL characters are refused, once and everywhere: form fields, JSON bodies, the address.

PostgreSQL cannot store a NUL in text (a 500), and no person types one: every route that
takes text answers 422 "Text may not contain NUL characters" and writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Role, Team
from tests.app.access_table import ROUTES, Row
from tests.app.helpers import bearer, build_world, cookie_sign_in, send, snapshot, with_csrf
from tests.factories import make_user

MESSAGE = "Text may not contain NUL characters"


def with_nul(value: Any) -> Any:
    """`value` with a NUL in every string it holds."""
    if isinstance(value, str):
        return value + "\x00"
    if isinstance(value, dict):
        return {k: with_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_nul(v) for v in value]
    return value


def has_text(value: Any) -> bool:
    if isinstance(value, dict):
        return any(has_text(v) for v in value.values())
    if isinstance(value, list):
        return any(has_text(v) for v in value)
    return isinstance(value, str)


def _payload(spec: Any, world: dict[str, Any]) -> Any:
    return spec(world) if callable(spec) else spec


TEXT_ROWS = [row for row in ROUTES if row["method"] not in {"GET", "HEAD"}
             and (row["form"] is not None or row["json"] is not None)]


def _allowed_role(row: Row) -> str:
    for role in ("admin", "rep", "manager", "marketing", "anon"):
        if isinstance(row["expect"][role], int) and row["expect"][role] < 400:
            return role
    raise AssertionError(f"no role may call {row['method']} {row['path']}")


@pytest.mark.parametrize("row", TEXT_ROWS, ids=[f"{r['method']} {r['path']}" for r in TEXT_ROWS])
def test_every_text_route_refuses_nul(client: TestClient, session: Session, row: Row) -> None:
    world = build_world(session)
    if row["setup"] is not None:
        world.update(row["setup"](session, world))
        session.commit()
    form, body = _payload(row["form"], world), _payload(row["json"], world)
    if not has_text(form) and not has_text(body):
        pytest.skip("no text in this request")
    headers = with_csrf(client)
    role = _allowed_role(row)
    if role != "anon":
        user = world["people"][role]
        if row["auth"] == "bearer":
            headers.update(bearer(session, user))
        else:
            cookie_sign_in(client, session, user)
    before = snapshot(session)
    poisoned = {**row, "form": with_nul(form), "json": with_nul(body)}
    response = send(client, poisoned, world, headers)
    assert response.status_code == 422, response.text[:300]
    assert MESSAGE in response.text
    assert snapshot(session) == before


def test_api_answer_is_json_with_the_reason(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    response = client.post("/api/v1/teams", json={"name": "West\x00"},
                           headers=bearer(session, admin))
    assert response.status_code == 422
    assert response.json() == {"detail": f"{MESSAGE}."}
    nested = client.post("/api/v1/users", headers=bearer(session, admin), json={
        "email": "x@example.com", "name": "X", "roles": ["rep"], "team_id": None,
        "managed_team_ids": [], "note": {"deep": ["ok", "a\x00b"]}})
    assert nested.status_code == 422 and MESSAGE in nested.json()["detail"]


def test_a_backslash_u0000_typed_as_text_is_fine(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    name = "Team \\u0000 literally"  # a backslash, then "u0000": six ordinary characters
    response = client.post("/api/v1/teams", json={"name": name},
                           headers=bearer(session, admin))
    assert response.status_code == 201, response.text
    assert session.exec(select(Team).where(Team.name == name)).one()


def test_query_and_path_are_checked_too(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    assert client.get("/admin/users", params={"team": "1\x00"}).status_code == 422
    response = client.get("/modules/abc%00def")
    assert response.status_code == 422 and MESSAGE in response.text


def test_htmx_gets_a_toast(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    response = client.post("/admin/teams", data={"name": "North\x00"},
                           headers={"HX-Request": "true", **with_csrf(client)})
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#toasts" and MESSAGE in response.text


def test_the_body_of_a_get_is_left_unread(client: TestClient, session: Session) -> None:
    # A GET's body means nothing to any route, so it is not read (a form post redirected
    # as a GET keeps its content-type).
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    response = client.request("GET", "/admin/teams", content=b"name=North%00",
                              headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200


def test_half_a_surrogate_pair_is_refused_and_a_whole_one_is_text(
        served_client: TestClient, served_session: Session) -> None:
    """The API fuzzer's find: JSON can spell half of a UTF-16 pair, which no database
    stores as text (a 500 when written). Refused with a reason; an emoji, spelled as a
    whole pair, is ordinary text. Through the app as it is served."""
    admin = make_user(served_session, Role.ADMIN)
    auth = {**bearer(served_session, admin), "Content-Type": "application/json"}
    broken = served_client.post("/api/v1/teams", content=b'{"name": "West \\udac3 team"}',
                                headers=auth)
    assert broken.status_code == 422 and "unpaired surrogates" in broken.json()["detail"]
    whole = served_client.post("/api/v1/teams", content=b'{"name": "West \\ud83d\\ude80"}',
                               headers=auth)
    assert whole.status_code == 201, whole.text
    served_session.rollback()
    names = served_session.exec(select(Team.name)).all()
    assert "West \U0001f680" in names and not any("team" in n for n in names)


def test_a_team_name_with_non_ascii_capitals_is_a_conflict_the_second_time(
        served_client: TestClient, served_session: Session) -> None:
    """The API fuzzer's second find: a name with "À" created twice answered 500 (the
    case-insensitive look-up folded one side in Python, the other in SQLite)."""
    admin = make_user(served_session, Role.ADMIN)
    auth = bearer(served_session, admin)
    first = served_client.post("/api/v1/teams", json={"name": "Équipe Ouest À"}, headers=auth)
    assert first.status_code == 201, first.text
    again = served_client.post("/api/v1/teams", json={"name": "Équipe Ouest À"}, headers=auth)
    assert again.status_code == 409 and "already exists" in again.json()["detail"]


@pytest.mark.parametrize("inner", [b'"\\u0000"', b'"\\udac3"'])
def test_a_deeply_nested_body_is_refused_not_500(served_client: TestClient,
                                                 served_session: Session,
                                                 inner: bytes) -> None:
    """The abuse probe's find: a JSON body nested a few hundred levels deep parses, and the
    NUL check then recursed through it past Python's stack: a 500 on every JSON route, for
    any client, signed in or not. Through the app as it is served."""
    admin = make_user(served_session, Role.ADMIN)
    body = b"[" * 400 + inner + b"]" * 400
    for auth in ({}, bearer(served_session, admin)):
        r = served_client.post("/api/v1/teams", content=body,
                               headers={**auth, "Content-Type": "application/json"})
        assert r.status_code in (401, 422), r.text[:300]
        assert isinstance(r.json()["detail"], str)
