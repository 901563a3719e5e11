"""Sign-in, sign-out, rate limits, cookies, expired sessions, invites, password change."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth import (
    GENERIC_FAILURE,
    BadCredentials,
    RateLimits,
    TooManyAttempts,
    authenticate,
    create_invite,
)
from app.clock import utcnow
from app.deps import SESSION_COOKIE
from app.main import create_app
from app.models import ApiToken, AuthSession, Invite, LoginFailure, Role, User
from app.settings import Settings
from app.users import create_user, set_active
from tests.app.helpers import CSRF, bearer, cookie_sign_in, count, with_csrf
from tests.factories import PASSWORD, make_user, sign_in


def login(client: TestClient, email: str, password: str, next_: str = "/", **headers: str):
    with_csrf(client)
    return client.post("/login", data={"email": email, "password": password, "next": next_,
                                       "csrf_token": CSRF},
                       headers=headers, follow_redirects=False)


def alert_of(html: str) -> str:
    start = html.index('class="alert"')
    return html[html.index(">", start) + 1: html.index("</p>", start)]


# --- sign in and out ---------------------------------------------------------------------


def test_sign_in_then_out(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    response = login(client, rep.email.upper(), PASSWORD)  # emails ignore case
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert client.get("/", follow_redirects=False).status_code == 200
    assert count(session, AuthSession) == 1

    with_csrf(client)  # sign-in gave the browser a new token; use a known one
    out = client.post("/logout", data={"csrf_token": CSRF}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert count(session, AuthSession) == 0
    assert SESSION_COOKIE not in client.cookies
    page = client.get("/login")
    assert "You are signed out." in page.text
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_sign_in_with_stolen_cookie_after_sign_out_fails(client: TestClient,
                                                         session: Session) -> None:
    rep = make_user(session, Role.REP)
    login(client, rep.email, PASSWORD)
    cookie = client.cookies[SESSION_COOKIE]
    with_csrf(client)
    assert client.post("/logout", data={"csrf_token": CSRF}).status_code == 200
    client.cookies.set(SESSION_COOKIE, cookie)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_and_unknown_email_look_the_same(client: TestClient,
                                                        session: Session) -> None:
    rep = make_user(session, Role.REP)
    wrong = login(client, rep.email, "not-the-password")
    unknown = login(client, "nobody@example.com", "not-the-password")
    no_password_yet = make_user(session, Role.REP, password=False)
    invited = login(client, no_password_yet.email, "not-the-password")
    assert wrong.status_code == unknown.status_code == invited.status_code == 401
    assert alert_of(wrong.text) == alert_of(unknown.text) == alert_of(invited.text)
    assert alert_of(wrong.text) == GENERIC_FAILURE
    assert SESSION_COOKIE not in client.cookies
    # The email is kept in the form so the person can fix a typo.
    assert f'value="{rep.email}"' in wrong.text


# --- sign-in throttling: per account and address, growing pauses; per address ---------------

ELSEWHERE = "198.51.100.7"  # someone else's address (TEST-NET-2)
LIMITS = RateLimits(free_failures=2, backoff_seconds=10, backoff_max_seconds=60,
                    per_address=1000, window_minutes=15)


def attempt(session: Session, user: User, password: str, address: str,
            at: datetime) -> str | int:
    """'ok', 'wrong', or the seconds to wait, for one sign-in at `at`."""
    try:
        authenticate(session=session, email=user.email, password=password, address=address,
                     limits=LIMITS, now=at)
    except BadCredentials:
        return "wrong"
    except TooManyAttempts as exc:
        return exc.retry_after_s
    return "ok"


def test_pauses_grow_with_each_failure_of_an_account_from_an_address(session: Session) -> None:
    rep = make_user(session, Role.REP)
    t = utcnow()
    seconds = timedelta(seconds=1)
    assert attempt(session, rep, "wrong", "10.0.0.1", t) == "wrong"
    assert attempt(session, rep, "wrong", "10.0.0.1", t) == "wrong"  # two go unpaused
    # Then 10 s, doubling each failure (20, 40), at most 60 s; the right password waits too.
    assert attempt(session, rep, PASSWORD, "10.0.0.1", t) == 10
    assert attempt(session, rep, PASSWORD, "10.0.0.1", t + 9 * seconds) == 1
    assert attempt(session, rep, "wrong", "10.0.0.1", t + 10 * seconds) == "wrong"
    assert attempt(session, rep, PASSWORD, "10.0.0.1", t + 10 * seconds) == 20
    assert attempt(session, rep, "wrong", "10.0.0.1", t + 30 * seconds) == "wrong"
    assert attempt(session, rep, PASSWORD, "10.0.0.1", t + 30 * seconds) == 40
    assert attempt(session, rep, "wrong", "10.0.0.1", t + 70 * seconds) == "wrong"
    assert attempt(session, rep, PASSWORD, "10.0.0.1", t + 70 * seconds) == 60  # not 80
    # Any other address is not paused, and neither is another account from this one.
    assert attempt(session, rep, PASSWORD, "10.0.0.2", t + 70 * seconds) == "ok"
    other = make_user(session, Role.REP)
    assert attempt(session, other, PASSWORD, "10.0.0.1", t + 70 * seconds) == "ok"
    assert attempt(session, rep, PASSWORD, "10.0.0.1", t + 130 * seconds) == "ok"


def test_the_owner_signing_in_does_not_reset_anothers_pause(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    t = utcnow()
    for _ in range(2):
        assert attempt(session, admin, "guess", ELSEWHERE, t) == "wrong"
    assert attempt(session, admin, "guess", ELSEWHERE, t) == 10
    assert attempt(session, admin, PASSWORD, "10.0.0.1", t) == "ok"
    assert attempt(session, admin, "guess", ELSEWHERE, t) == 10  # still paused
    mine = session.exec(select(LoginFailure).where(LoginFailure.address == "10.0.0.1")).all()
    assert mine == []


def test_failures_are_forgotten_after_a_day(session: Session) -> None:
    rep = make_user(session, Role.REP)
    old = utcnow() - timedelta(days=1, seconds=1)
    for _ in range(9):
        session.add(LoginFailure(email=rep.email, address="10.0.0.1", at=old))
    session.flush()
    assert attempt(session, rep, PASSWORD, "10.0.0.1", utcnow()) == "ok"
    assert session.exec(select(LoginFailure)).all() == []  # and swept on success


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(
        app, client: TestClient, session: Session,  # type: ignore[no-untyped-def]
        settings: Settings) -> None:
    admin = make_user(session, Role.ADMIN)
    with TestClient(app, client=(ELSEWHERE, 40000)) as attacker:
        refused = [login(attacker, admin.email, f"guess-{n}").status_code for n in range(12)]
    assert refused[:settings.login_free_failures] == [401] * settings.login_free_failures
    assert refused[-1] == 429  # the attacker's address is paused for this account...
    assert login(client, admin.email, PASSWORD).status_code == 303  # ...its owner is not


def test_a_pause_says_how_long(client: TestClient, session: Session,
                               settings: Settings) -> None:
    settings.login_free_failures = 3
    rep = make_user(session, Role.REP)
    other = make_user(session, Role.REP)
    for _ in range(3):
        assert login(client, rep.email, "wrong-password").status_code == 401
    blocked = login(client, rep.email, PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.text
    assert re.search(r"Wait 1[0-5] seconds", blocked.text), alert_of(blocked.text)
    assert 0 < int(blocked.headers["Retry-After"]) <= 15
    assert SESSION_COOKIE not in client.cookies
    # Another account from the same address is not paused.
    assert login(client, other.email, PASSWORD).status_code == 303


@pytest.mark.parametrize(("seconds", "words"), [
    (1, "1 second"), (15, "15 seconds"), (60, "1 minute"), (61, "2 minutes"),
    (900, "15 minutes")])
def test_wait_words(seconds: int, words: str) -> None:
    assert f"Wait {words} " in TooManyAttempts(seconds).detail


def test_failures_per_address_are_rate_limited(client: TestClient, session: Session,
                                               settings: Settings) -> None:
    settings.login_max_failures_per_address = 3
    rep = make_user(session, Role.REP)
    for n in range(3):
        assert login(client, f"guess{n}@example.com", "guess").status_code == 401
    blocked = login(client, rep.email, PASSWORD)
    assert blocked.status_code == 429 and "Too many failed sign-ins" in blocked.text
    assert "Wait 15 minutes" in blocked.text
    with TestClient(client.app, client=(ELSEWHERE, 40000)) as elsewhere:
        assert login(elsewhere, rep.email, PASSWORD).status_code == 303


def test_per_address_failures_outside_the_window_do_not_count(
        client: TestClient, session: Session, settings: Settings) -> None:
    settings.login_max_failures_per_address = 2
    rep = make_user(session, Role.REP)
    old = utcnow() - timedelta(minutes=settings.login_failure_window_minutes + 1)
    for n in range(5):
        session.add(LoginFailure(email=f"guess{n}@example.com", address="testclient", at=old))
    session.commit()
    assert login(client, rep.email, PASSWORD).status_code == 303


def test_success_clears_the_failures_from_that_address(client: TestClient,
                                                       session: Session) -> None:
    rep = make_user(session, Role.REP)
    login(client, rep.email, "wrong-password")
    assert login(client, rep.email, PASSWORD).status_code == 303
    assert session.exec(select(LoginFailure).where(LoginFailure.email == rep.email)).all() == []


# --- cookies -----------------------------------------------------------------------------


def _set_cookies(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for header in response.headers.get_list("set-cookie"):
        out[header.split("=", 1)[0]] = header.lower()
    return out


def test_session_cookie_flags_over_http(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    client.cookies.clear()
    response = client.post("/login", data={"email": rep.email, "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 403  # no CSRF cookie yet: the form must be loaded first
    response = login(client, rep.email, PASSWORD)
    cookie = _set_cookies(response)[SESSION_COOKIE]
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie
    csrf_cookie = _set_cookies(TestClient(client.app).get("/login"))["om_csrf"]
    assert "httponly" in csrf_cookie and "samesite=lax" in csrf_cookie


def test_session_cookie_is_secure_over_https(settings: Settings, engine, session: Session,
                                             app) -> None:  # type: ignore[no-untyped-def]
    settings.base_url = "https://onmessage.example.com"
    secure_app = create_app(settings, engine=engine)
    secure_app.dependency_overrides = app.dependency_overrides
    rep = make_user(session, Role.REP)
    with TestClient(secure_app, base_url="https://testserver") as client:
        first = client.get("/login")
        assert "secure" in _set_cookies(first)["om_csrf"]
        response = login(client, rep.email, PASSWORD)
        assert response.status_code == 303
        cookie = _set_cookies(response)[SESSION_COOKIE]
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


# --- expired sessions ----------------------------------------------------------------------


def _expire_sessions(session: Session, user: User) -> None:
    for row in session.exec(select(AuthSession).where(AuthSession.user_id == user.id)):
        row.expires_at = utcnow() - timedelta(minutes=1)
        session.add(row)
    session.commit()


def test_expired_session_mid_form_redirects_to_sign_in(client: TestClient,
                                                      session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    assert client.get("/admin/teams").status_code == 200
    _expire_sessions(session, admin)
    response = client.post("/admin/teams", data={"name": "Late team", "csrf_token": CSRF},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Your session has expired" in page.text
    assert client.get("/admin/teams", follow_redirects=False).headers["location"] == (
        "/login?next=/admin/teams")


def test_expired_session_on_htmx_gets_401_with_hx_redirect(client: TestClient,
                                                          session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    _expire_sessions(session, admin)
    response = client.post("/admin/teams", data={"name": "Late team"},
                           headers={"HX-Request": "true", "X-CSRF-Token": CSRF},
                           follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_expired_session_on_the_home_page(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    cookie_sign_in(client, session, rep)
    _expire_sessions(session, rep)
    response = client.get("/")
    assert response.url.path == "/login" and "Your session has expired" in response.text


# --- invites -------------------------------------------------------------------------------


def _invited(session: Session, hours: int = 72) -> tuple[User, str]:
    user = make_user(session, Role.MARKETING, password=False)
    token = create_invite(session=session, user=user, hours=hours, now=utcnow())
    session.commit()
    return user, token


def _accept(client: TestClient, token: str, password: str, confirm: str | None = None):
    with_csrf(client)
    return client.post(f"/invite/{token}", data={"password": password,
                                                 "confirm": password if confirm is None
                                                 else confirm, "csrf_token": CSRF},
                       follow_redirects=False)


def test_invite_sets_the_password_once(client: TestClient, session: Session) -> None:
    user, token = _invited(session)
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200 and user.email in page.text

    done = _accept(client, token, "a-brand-new-password")
    assert done.status_code == 303 and SESSION_COOKIE in client.cookies
    assert "Your password is set" in client.get("/").text
    session.refresh(user)
    assert user.password_hash

    client.cookies.clear()
    again = client.get(f"/invite/{token}")
    assert again.status_code == 409 and "already been used" in again.text
    reused = _accept(client, token, "another-password-123")
    assert reused.status_code == 409 and "already been used" in reused.text
    assert login(client, user.email, "a-brand-new-password").status_code == 303


def test_expired_and_unknown_invites_say_so(client: TestClient, session: Session) -> None:
    _, token = _invited(session, hours=1)
    invite = session.exec(select(Invite)).first()
    assert invite is not None
    invite.expires_at = utcnow() - timedelta(seconds=1)
    session.add(invite)
    session.commit()
    expired = client.get(f"/invite/{token}")
    assert expired.status_code == 409 and "expired" in expired.text
    posted = _accept(client, token, "a-brand-new-password")
    assert posted.status_code == 409 and "expired" in posted.text
    unknown = client.get("/invite/not-a-real-token")
    assert unknown.status_code == 404 and "not valid" in unknown.text


def test_a_new_invite_replaces_the_old_one(client: TestClient, session: Session) -> None:
    user, first = _invited(session)
    create_invite(session=session, user=user, hours=72, now=utcnow())
    session.commit()
    assert client.get(f"/invite/{first}").status_code == 409


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("a-brand-new-password", "a-different-password", "do not match"),
    ("short", "short", "at least 10 characters"),
    (" padded-password ", " padded-password ", "spaces"),
])
def test_bad_new_password_keeps_the_invite(client: TestClient, session: Session,
                                          password: str, confirm: str, message: str) -> None:
    user, token = _invited(session)
    response = _accept(client, token, password, confirm)
    assert response.status_code == 422 and message in response.text
    assert SESSION_COOKIE not in client.cookies
    session.refresh(user)
    assert user.password_hash is None
    assert client.get(f"/invite/{token}").status_code == 200
    assert _accept(client, token, "a-brand-new-password").status_code == 303


# --- password change -------------------------------------------------------------------------


def _change(client: TestClient, current: str, new: str, confirm: str | None = None):
    return client.post("/account/password",
                       data={"current": current, "new": new,
                             "confirm": new if confirm is None else confirm,
                             "csrf_token": CSRF}, follow_redirects=False)


def test_password_change_checks_the_current_one(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    before = rep.password_hash
    cookie_sign_in(client, session, rep)
    wrong = _change(client, "not-my-password", "a-brand-new-password")
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    mismatch = _change(client, PASSWORD, "a-brand-new-password", "something-else-1")
    assert mismatch.status_code == 422 and "do not match" in mismatch.text
    same = _change(client, PASSWORD, PASSWORD)
    assert same.status_code == 422 and "different" in same.text
    session.refresh(rep)
    assert rep.password_hash == before


def test_password_change_signs_out_elsewhere(app, client: TestClient,  # type: ignore[no-untyped-def]
                                            session: Session) -> None:
    rep = make_user(session, Role.REP)
    sign_in(client, rep)
    with TestClient(app) as phone:
        cookie_sign_in(phone, session, rep)
        token_header = bearer(session, rep)
        assert phone.get("/", follow_redirects=False).status_code == 200
        assert client.get("/api/v1/me", headers=token_header).status_code == 200

        with_csrf(client)
        done = _change(client, PASSWORD, "a-brand-new-password")
        assert done.status_code == 303
        assert client.get("/", follow_redirects=False).status_code == 200  # still signed in
        assert phone.get("/", follow_redirects=False).status_code == 303
        assert client.get("/api/v1/me", headers=token_header).status_code == 401
        assert all(t.revoked_at is not None for t in session.exec(
            select(ApiToken).where(ApiToken.user_id == rep.id)))
    client.cookies.clear()
    assert login(client, rep.email, PASSWORD).status_code == 401
    assert login(client, rep.email, "a-brand-new-password").status_code == 303


# --- deactivation -------------------------------------------------------------------------------


def test_deactivated_user_is_locked_out(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    cookie_sign_in(client, session, rep)
    token_header = bearer(session, rep)
    set_active(session=session, user_id=rep.id or 0, active=False)
    session.commit()
    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me", headers=token_header).status_code == 401
    client.cookies.clear()
    refused = login(client, rep.email, PASSWORD)
    assert refused.status_code == 401 and alert_of(refused.text) == GENERIC_FAILURE


def test_deactivated_user_cannot_use_an_invite(client: TestClient, session: Session) -> None:
    user = create_user(session=session, email="leaver@example.com", name="Leaver",
                       roles=[Role.MARKETING])
    token = create_invite(session=session, user=user, hours=72, now=utcnow())
    set_active(session=session, user_id=user.id or 0, active=False)
    session.commit()
    response = client.get(f"/invite/{token}")
    assert response.status_code == 409 and "not active" in response.text


# --- open redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", "javascript:alert(1)", "evil.example",
])
def test_next_cannot_leave_the_site(client: TestClient, session: Session, target: str) -> None:
    rep = make_user(session, Role.REP)
    page = client.get("/login", params={"next": target})
    assert 'name="next" value="/"' in page.text
    response = login(client, rep.email, PASSWORD, next_=target)
    assert response.status_code == 303 and response.headers["location"] == "/"
    again = client.get("/login", params={"next": target}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/"


def test_next_keeps_a_local_path(client: TestClient, session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    response = login(client, admin.email, PASSWORD, next_="/admin/teams?x=1")
    assert response.headers["location"] == "/admin/teams?x=1"


def test_an_over_long_next_leads_home_and_never_stops_the_sign_in(
        served_client: TestClient, served_session: Session) -> None:
    """The abuse probe's find: /login?next= with a path of over 2,000 characters put it in
    the form as it was, and the form's sign-in then answered 422 "next: String should have
    at most 2000 characters": the right password, and no way in. An address that long is
    no page of ours to go back to; the sign-in goes ahead and leads home."""
    rep = make_user(served_session, Role.REP)
    served_session.commit()
    target = "/drills?" + "q=x&" * 600
    page = served_client.get("/login", params={"next": target})
    assert page.status_code == 200 and 'name="next" value="/"' in page.text
    response = login(served_client, rep.email, PASSWORD, next_=target)
    assert response.status_code == 303 and response.headers["location"] == "/"
    # A path of ordinary length still leads back to it.
    with_csrf(served_client)
    served_client.post("/logout", data={"csrf_token": CSRF})
    back = login(served_client, rep.email, PASSWORD, next_="/drills?q=x")
    assert back.status_code == 303 and back.headers["location"] == "/drills?q=x"
