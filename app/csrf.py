"""CSRF protection: a per-browser token in a cookie, echoed by every unsafe request.

Forms send it as the ``csrf_token`` field, htmx and page scripts as the ``X-CSRF-Token``
header (set once on <body> with hx-headers). Bearer-token API calls carry no ambient
authority and are exempt; so is a non-form call without a session cookie (token creation).
Signing in replaces the token (`rotate`): one seen, or planted, before sign-in is no use
after it.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drills.errors import NotPermitted

SESSION_COOKIE = "om_session"
COOKIE = "om_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfFailed(NotPermitted):
    """The request did not carry this browser's CSRF token."""


def _cookie_header(token: str, *, secure: bool) -> str:
    return f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")


def rotate(request: Request, response: Response, *, secure: bool) -> None:
    """Give the browser a new token at sign-in (the middleware then leaves it alone)."""
    token = secrets.token_urlsafe(32)
    request.state.csrf_token = token
    response.headers.append("set-cookie", _cookie_header(token, secure=secure))


def _sets_token(message: Message) -> bool:
    prefix = f"{COOKIE}=".encode()
    return any(name == b"set-cookie" and value.startswith(prefix)
               for name, value in message.get("headers", []))


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header must not break the request
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}


def _bearer_without_cookies(scope: Scope) -> bool:
    """An API client (bearer token, no cookies): nothing a CSRF token could protect."""
    bearer = False
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            return False
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            bearer = True
    return bearer


class CsrfCookieMiddleware:
    """Gives each browser a CSRF token and exposes it as ``request.state.csrf_token``."""

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _bearer_without_cookies(scope):
            # No cookie for it to set, and every drill answer is such a request: skip
            # minting a token (pages rendered for it get an empty one; unsafe bearer
            # requests are exempt from the check).
            scope.setdefault("state", {})["csrf_token"] = ""
            await self.app(scope, receive, send)
            return
        existing = _cookies(scope).get(COOKIE)
        token = existing if existing and 20 <= len(existing) <= 100 else secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token

        async def send_with_cookie(message: Message) -> None:
            if (message["type"] == "http.response.start" and token != existing
                    and not _sets_token(message)):  # (a sign-in has set a new one)
                cookie = _cookie_header(token, secure=self.secure).encode()
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _is_saml_acs(path: str) -> bool:
    """The SAML assertion consumer (/sso/{slug}/acs): the identity provider's page posts
    there cross-site and cannot know our token; the assertion's signature, its audience,
    recipient, time window and one-time use are what protect it (app/identity/saml.py)."""
    parts = path.split("/")
    return len(parts) == 4 and parts[1] == "sso" and parts[3] == "acs"


async def verify_csrf(request: Request) -> None:
    """Dependency on every route: reject unsafe requests without the right token."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if _is_saml_acs(request.url.path):
        return
    content_type = request.headers.get("content-type", "")
    is_form = content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
    # Without a session cookie there is no ambient authority to abuse; forms are still
    # checked so that sign-in itself cannot be forged.
    if SESSION_COOKIE not in request.cookies and not is_form:
        return
    expected = request.cookies.get(COOKIE, "")
    sent: Any = request.headers.get(HEADER)
    if not sent and is_form:
        form = await request.form()
        sent = form.get(FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise CsrfFailed(
            "This form has expired or was opened in another window. "
            "Reload the page and try again."
        )
