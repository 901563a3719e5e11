"""A form the server could not read (its CSRF token had expired, or the person had been
signed out) goes back to its page marked for a refill, where app.js puts back what was
typed; the browser side is tests/browser/test_form_refill.py."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.csrf import COOKIE as CSRF_COOKIE
from app.models import Role, Team
from app.web import REFILL_COOKIE
from tests.app.helpers import CSRF, cookie_sign_in
from tests.factories import make_user

PAGE = "http://testserver/admin/teams"


def _refill(response: Any) -> str:  # (a TestClient response)
    """The page the response marks for a refill (its one refill cookie)."""
    cookies = [c for c in response.headers.get_list("set-cookie")
               if c.startswith(REFILL_COOKIE + "=")]
    assert len(cookies) == 1, cookies
    return str(cookies[0].split(";")[0].split("=", 1)[1]).strip('"')  # (quoted: a "/")


def test_an_expired_form_goes_back_to_its_page_marked_for_a_refill(
        served_client: TestClient, served_session: Session) -> None:
    admin = make_user(served_session, Role.ADMIN)
    cookie_sign_in(served_client, served_session, admin)
    served_client.cookies.delete(CSRF_COOKIE)
    served_client.cookies.set(CSRF_COOKIE, "renewed-at-sign-in-elsewhere-0123456789")
    r = served_client.post("/admin/teams", data={"name": "Typed", "csrf_token": CSRF},
                           headers={"Referer": PAGE}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/teams"
    assert _refill(r) == "/admin/teams"
    served_session.rollback()
    assert served_session.exec(select(Team).where(Team.name == "Typed")).first() is None
    page = served_client.get("/admin/teams")
    assert "<body" in page.text and " data-refill" in page.text
    assert "This form had expired, so nothing was sent" in page.text  # the notice
    assert REFILL_COOKIE in page.headers.get("set-cookie", "")  # cleared: shown once
    served_client.cookies.delete(REFILL_COOKIE)
    assert " data-refill" not in served_client.get("/admin/teams").text


def test_the_refill_waits_for_its_own_page(served_client: TestClient,
                                          served_session: Session) -> None:
    admin = make_user(served_session, Role.ADMIN)
    cookie_sign_in(served_client, served_session, admin)
    served_client.cookies.set(REFILL_COOKIE, "/admin/teams")
    other = served_client.get("/admin/users")
    assert " data-refill" not in other.text and REFILL_COOKIE not in other.headers.get(
        "set-cookie", "")
    assert " data-refill" in served_client.get("/admin/teams").text


def test_an_expired_htmx_request_says_reload_and_marks_the_page(
        served_client: TestClient, served_session: Session) -> None:
    admin = make_user(served_session, Role.ADMIN)
    cookie_sign_in(served_client, served_session, admin)
    r = served_client.post("/admin/teams", data={"name": "Typed"},
                           headers={"HX-Request": "true", "HX-Current-URL": PAGE,
                                    "X-CSRF-Token": "stale-token-stale-token-stale-token"})
    assert r.status_code == 403 and r.headers["HX-Retarget"] == "#toasts"
    assert "Reload the page" in r.text and "what you typed will be put back" in r.text
    assert _refill(r) == "/admin/teams"


def test_a_form_from_another_site_or_none_gets_the_error_page(
        served_client: TestClient, served_session: Session) -> None:
    admin = make_user(served_session, Role.ADMIN)
    cookie_sign_in(served_client, served_session, admin)
    for headers in ({}, {"Referer": "https://elsewhere.example/admin/teams"}):
        r = served_client.post("/admin/teams", data={"name": "Typed", "csrf_token": "x" * 30},
                               headers=headers, follow_redirects=False)
        assert r.status_code == 403 and "Reload the page" in r.text
        assert REFILL_COOKIE not in r.headers.get("set-cookie", "")


def test_a_form_sent_signed_out_comes_back_after_sign_in(
        served_client: TestClient, served_session: Session) -> None:
    admin = make_user(served_session, Role.ADMIN)
    served_client.get("/login")  # a CSRF cookie, as the page that held the form had
    token = served_client.cookies[CSRF_COOKIE]
    r = served_client.post("/admin/teams", data={"name": "Typed", "csrf_token": token},
                           headers={"Referer": PAGE}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/admin/teams"
    assert _refill(r) == "/admin/teams"
    assert " data-refill" not in served_client.get("/login?next=/admin/teams").text
    cookie_sign_in(served_client, served_session, admin)
    assert " data-refill" in served_client.get("/admin/teams").text
