"""CSRF: every state-changing request needs this browser's token; bearer calls do not."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.csrf import COOKIE as CSRF_COOKIE
from app.csrf import _is_saml_acs
from app.models import Role, Team
from tests.app.access_table import ROUTES, Row
from tests.app.helpers import (
    CSRF,
    bearer,
    build_world,
    cookie_sign_in,
    send,
    snapshot,
    with_csrf,
)
from tests.factories import PASSWORD, csrf_of, make_user

# The SAML assertion consumer is exempt by design: the IdP posts there cross-site and
# cannot know the token; the assertion's signature protects it (tests/identity/test_saml.py).
# A WebSocket (method WS) opens with a GET handshake and carries no form: the live socket
# refuses a cookie from another site's page by its Origin (tests/live_practice).
UNSAFE = [row for row in ROUTES if row["method"] not in {"GET", "HEAD", "OPTIONS", "WS"}
          and not _is_saml_acs(row["path"])]


def _allowed_role(row: Row) -> str:
    """A signed-in role the row lets through, so only the CSRF check can refuse it."""
    for role in ("admin", "rep", "manager", "marketing"):
        if isinstance(row["expect"][role], int) and row["expect"][role] < 400:
            return role
    if row["path"].startswith("/scim/"):
        # No person may call SCIM (it takes a SCIM token): a cookie call without the
        # CSRF token is still refused for CSRF first, before it reaches the token check.
        return "admin"
    raise AssertionError(f"no role may call {row['method']} {row['path']}")


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    return build_world(session)


@pytest.mark.parametrize("forged", [False, True], ids=["missing", "forged"])
@pytest.mark.parametrize("row", UNSAFE, ids=[f"{r['method']} {r['path']}" for r in UNSAFE])
def test_unsafe_request_without_the_token_is_refused(
    client: TestClient, session: Session, world: dict[str, Any], row: Row, forged: bool
) -> None:
    if row["setup"] is not None:
        world.update(row["setup"](session, world))
        session.commit()
    cookie_sign_in(client, session, world["people"][_allowed_role(row)])
    before = snapshot(session)
    headers = {"X-CSRF-Token": "forged-token-forged-token-forged-token"} if forged else {}
    response = send(client, row, world, headers,
                    csrf_field="forged-token-forged-token-forged" if forged else None)
    assert response.status_code == 403, response.text[:300]
    assert "Reload the page" in response.text
    assert snapshot(session) == before


def test_the_token_without_its_cookie_is_refused(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    client.cookies.delete(CSRF_COOKIE)
    response = client.post("/admin/teams", data={"name": "No cookie", "csrf_token": CSRF},
                           headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert response.status_code == 403
    assert session.exec(select(Team).where(Team.name == "No cookie")).first() is None


def test_sign_in_form_needs_the_token(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    client.get("/login")  # the browser now holds a CSRF cookie
    response = client.post("/login", data={"email": rep.email, "password": "x"},
                           follow_redirects=False)
    assert response.status_code == 403 and "om_session" not in response.cookies


def test_form_field_and_htmx_header_both_work(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    by_form = client.post("/admin/teams", data={"name": "By form", "csrf_token": CSRF},
                          follow_redirects=False)
    assert by_form.status_code == 303
    by_htmx = client.post("/admin/teams", data={"name": "By htmx"},
                          headers={"HX-Request": "true", "X-CSRF-Token": CSRF},
                          follow_redirects=False)
    assert by_htmx.status_code == 204 and by_htmx.headers["HX-Redirect"].startswith("/admin/")
    names = set(session.exec(select(Team.name)).all())
    assert {"By form", "By htmx"} <= names


def test_htmx_without_the_token_gets_a_toast(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    response = client.post("/admin/teams", data={"name": "Nope"},
                           headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#toasts"
    assert 'class="toast toast-error"' in response.text and "Reload the page" in response.text


def test_pages_carry_the_token_for_htmx(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    page = client.get("/admin/teams").text
    assert f'hx-headers=\'{{"X-CSRF-Token": "{CSRF}"}}\'' in page
    assert f'name="csrf_token" value="{CSRF}"' in page


def test_bearer_api_calls_are_exempt(app: Any, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    headers = bearer(session, admin)
    with TestClient(app) as fresh:  # no cookies at all
        response = fresh.post("/api/v1/teams", json={"name": "Bearer team"}, headers=headers)
        assert response.status_code == 201, response.text
        # An API client without cookies is not handed one: no token is minted for it.
        assert "set-cookie" not in response.headers
        assert "set-cookie" not in fresh.get("/api/v1/drills/settings", headers=headers).headers
        # A browser (no bearer) still gets its token cookie.
        assert CSRF_COOKIE in fresh.get("/login").headers.get("set-cookie", "")
        fresh.cookies.clear()
        # Even next to a browser's cookies, the bearer token is the authority.
        fresh.cookies.set(CSRF_COOKIE, CSRF)
        again = fresh.post("/api/v1/teams", json={"name": "Bearer team 2"}, headers=headers)
        assert again.status_code == 201


def test_cookie_authenticated_json_post_needs_the_header(client: TestClient,
                                                        session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    refused = client.post("/api/v1/teams", json={"name": "Cookie team"})
    assert refused.status_code == 403
    assert "Reload the page" in refused.json()["detail"]
    plain = client.post("/api/v1/teams", content=b'{"name": "Cookie team"}',
                        headers={"content-type": "text/plain"})
    assert plain.status_code == 403
    assert session.exec(select(Team).where(Team.name == "Cookie team")).first() is None
    allowed = client.post("/api/v1/teams", json={"name": "Cookie team"},
                          headers={"X-CSRF-Token": CSRF})
    assert allowed.status_code == 201


def test_token_creation_without_cookies_is_allowed(app: Any, session: Session) -> None:
    rep = make_user(session, Role.REP)
    with TestClient(app) as fresh:
        response = fresh.post("/api/v1/tokens",
                              json={"email": rep.email, "password": "correct-horse-battery"})
        assert response.status_code == 201


def test_refused_request_writes_nothing(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    with_csrf(client)
    before = snapshot(session)
    client.post("/admin/users/new", data={"email": "x@example.com", "name": "X",
                                          "roles": "marketing", "csrf_token": "wrong" * 5})
    assert snapshot(session) == before


def _cookie(client: TestClient) -> str | None:
    values = [c.value for c in client.cookies.jar if c.name == CSRF_COOKIE]
    assert len(values) <= 1, values
    return values[0] if values else None


def test_sign_in_rotates_the_token(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    seen = csrf_of(client)  # what the sign-in page showed (or a cookie someone planted)
    response = client.post("/login", data={"email": rep.email, "password": PASSWORD,
                                           "csrf_token": seen}, follow_redirects=False)
    assert response.status_code == 303
    fresh = _cookie(client)
    assert fresh and fresh != seen
    # The token from before sign-in no longer works, as a form field or a header...
    stale = client.post("/logout", data={"csrf_token": seen}, follow_redirects=False)
    assert stale.status_code == 403
    assert client.post("/logout", headers={"X-CSRF-Token": seen}).status_code == 403
    # ...while the pages now carry the new one, which does.
    assert csrf_of(client, "/account/password") == fresh
    out = client.post("/logout", data={"csrf_token": fresh}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"


def test_setting_a_password_from_an_invite_rotates_the_token(client: TestClient,
                                                            session: Session) -> None:
    from app.auth import create_invite
    from app.clock import utcnow

    user = make_user(session, Role.MARKETING, password=False)
    token = create_invite(session=session, user=user, hours=72, now=utcnow())
    session.commit()
    seen = csrf_of(client, f"/invite/{token}")
    done = client.post(f"/invite/{token}", data={"password": "a-brand-new-password",
                                                 "confirm": "a-brand-new-password",
                                                 "csrf_token": seen}, follow_redirects=False)
    assert done.status_code == 303
    assert _cookie(client) not in (None, seen)
    assert client.post("/logout", data={"csrf_token": seen},
                       follow_redirects=False).status_code == 403
