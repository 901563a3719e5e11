"""Sign in, sign out, invite acceptance and password change (HTML pages)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import csrf
from app.auth import (
    BadCredentials,
    TooManyAttempts,
    accept_invite,
    change_password,
    end_session,
    get_invite,
    start_session,
)
from app.clock import utcnow
from app.deps import (
    SESSION_COOKIE,
    CurrentUser,
    OptionalAccount,
    SessionDep,
    SettingsDep,
    client_address,
)
from app.identity.sso import password_allowed
from app.identity.sso_buttons import sign_in_buttons
from app.models import User
from app.people import service
from app.settings import Settings
from app.web import redirect, render, safe_next
from drills.errors import DomainError, InvalidInput

router = APIRouter(include_in_schema=False)

# With password sign-in turned off (single sign-on only), a password could never be used:
# the sign-in form and an invite say how to sign in instead.
# On the sign-in page itself, where the single sign-on buttons are shown above the form.
PASSWORD_OFF = ("Password sign-in is turned off for this organisation: use your company's "
                "single sign-on button above.")
# On an invitation, which sets no password when sign-in is single sign-on only.
SSO_ONLY = ("This workspace signs in with your company's single sign-on, not a password: "
            "use the sign-in page's single sign-on button.")


def _signed_in(request: Request, user: User, settings: Settings, session: SessionDep,
               target: str, notice: str | None = None) -> Response:
    token = start_session(session=session, user=user, days=settings.session_days, now=utcnow(),
                          user_agent=request.headers.get("user-agent"))
    response = redirect(request, target, notice=notice)
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_days * 86400,
                        httponly=True, samesite="lax", secure=settings.secure_cookies, path="/")
    csrf.rotate(request, response, secure=settings.secure_cookies)
    return response


def _login_context(session: SessionDep, settings: Settings) -> dict[str, object]:
    """What every rendering of the sign-in page shows: single sign-on buttons, and
    whether the password form is for everyone or only break-glass admins."""
    return {"demo": settings.demo, "providers": sign_in_buttons(session),
            "password_sign_in": settings.password_sign_in}


@router.get("/login")
def login_page(request: Request, account: OptionalAccount, session: SessionDep,
               settings: SettingsDep, next: str | None = None) -> Response:
    if account is not None:
        return redirect(request, safe_next(next))
    return render(request, "auth/login.html",
                  {"next": safe_next(next), "email": "", **_login_context(session, settings)})


@router.post("/login")
def login_submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=1000)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    # No length limit here: safe_next sends an over-long one home instead of refusing
    # the sign-in for a field nobody sees.
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = service.sign_in_with_password(
            session=session, settings=settings, email=email, password=password,
            address=client_address(request), now=utcnow(), password_off=PASSWORD_OFF)
    except (BadCredentials, TooManyAttempts) as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        page = render(request, "auth/login.html",
                      {"next": safe_next(next), "email": email[:254], "error": exc.detail,
                       **_login_context(session, settings)}, status_code=status)
        if isinstance(exc, TooManyAttempts):
            page.headers["Retry-After"] = str(exc.retry_after_s)
        return page
    return _signed_in(request, user, settings, session, safe_next(next))


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(session=session, token=token)
    response = redirect(request, "/login", notice="You are signed out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/invite/{token}")
def invite_page(request: Request, token: str, session: SessionDep,
                settings: SettingsDep) -> Response:
    _, user = get_invite(session=session, token=token, now=utcnow())
    return render(request, "auth/invite.html", {
        "token": token, "invited": user, "sso_only": not password_allowed(settings, user.email)})


@router.post("/invite/{token}")
def invite_submit(
    request: Request,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    password: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    _, invited = get_invite(session=session, token=token, now=utcnow())
    if not password_allowed(settings, invited.email):
        return render(request, "auth/invite.html", {"token": token, "invited": invited,
                                                    "sso_only": True, "error": SSO_ONLY},
                      status_code=409)
    try:
        user = accept_invite(session=session, token=token, password=password, confirm=confirm,
                             now=utcnow())
    except InvalidInput as exc:
        return render(request, "auth/invite.html",
                      {"token": token, "invited": invited, "error": exc.detail}, status_code=422)
    return _signed_in(request, user, settings, session, "/",
                      notice=f"Welcome, {user.name}. Your password is set.")


@router.get("/account/password")
def password_page(request: Request, account: CurrentUser) -> Response:
    return render(request, "auth/password.html", {})


@router.post("/account/password")
def password_submit(
    request: Request,
    account: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    current: Annotated[str, Form(max_length=1000)] = "",
    new: Annotated[str, Form(max_length=1000)] = "",
    confirm: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    try:
        change_password(session=session, user=account.user, current=current, new=new,
                        confirm=confirm)
    except DomainError as exc:
        return render(request, "auth/password.html", {"error": exc.detail}, status_code=422)
    return _signed_in(request, account.user, settings, session, "/",
                      notice="Your password is changed. Other devices were signed out.")
