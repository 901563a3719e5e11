"""HEAD, which every server must answer as it answers GET, without the body (RFC 9110 9.3.2).

The abuse probe's find: every page and API route answered HEAD with 405 Method Not Allowed
(FastAPI routes take only the methods they name): an uptime monitor's HEAD /healthz read
the service as down, `curl -I` and link checkers read a shared credential link as broken.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Role
from tests.app.helpers import bearer, cookie_sign_in
from tests.factories import make_team, make_user


def _same_as_get(client: TestClient, path: str, **kwargs: object) -> None:
    get = client.get(path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
    head = client.head(path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
    assert head.status_code == get.status_code, (path, head.status_code, get.status_code)
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    assert head.headers.get("location") == get.headers.get("location")


def test_head_answers_as_get_does_without_the_body(served_client: TestClient,
                                                   served_session: Session) -> None:
    for path in ("/healthz", "/login", "/", "/static/app.css", "/no-such-page"):
        _same_as_get(served_client, path)  # signed out: a sign-in redirect for "/"
    rep = make_user(served_session, Role.REP, team=make_team(served_session))
    _same_as_get(served_client, "/api/v1/me", headers=bearer(served_session, rep))
    cookie_sign_in(served_client, served_session, rep)
    for path in ("/", "/drills", "/admin/users", "/attempts/999999"):
        _same_as_get(served_client, path)
    assert served_client.head("/").status_code == 200


def test_head_on_a_route_without_get_is_still_405(served_client: TestClient) -> None:
    response = served_client.head("/logout")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
