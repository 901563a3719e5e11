"""Security headers on every response: a strict Content-Security-Policy and friends.

The policy allows scripts and styles from this origin only: no inline script, no inline
event handlers, no ``style=`` attributes, no eval (htmx's hx-on needs eval, so templates
use data- attributes and app/static/*.js instead). Recordings are listened back from
``blob:`` URLs before upload, hence ``media-src blob:``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# A year; no includeSubDomains: other hosts of the deployment's domain are not ours to pin.
HSTS = "max-age=31536000"


def security_headers(*, https: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-frame-options", "DENY"),  # for browsers that predate frame-ancestors
        ("x-content-type-options", "nosniff"),
        # Invite links carry a token in their path: never send a path to another site.
        ("referrer-policy", "same-origin"),
    ]
    if https:
        headers.append(("strict-transport-security", HSTS))
    return [(k.encode(), v.encode()) for k, v in headers]


# Pages and API answers are made for the person who asked: none is stored by a browser or
# a proxy (after sign-out, Back at a shared computer showed the last person's page from the
# cache). A route that chose its own caching (a recording, the public credential pages)
# keeps it; the static files, the same for everyone, are revalidated by their ETag.
NO_STORE = (b"cache-control", b"no-store")
STATIC_PREFIX = "/static/"


class SecurityHeadersMiddleware:
    """Adds the headers to every HTTP response (pages, API, static files, errors) unless
    the response set one of them itself; and no-store to each but a static file's."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.headers = security_headers(https=https)
        self.uncached = [*self.headers, NO_STORE]  # (built once, not per request)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.headers if scope["path"].startswith(STATIC_PREFIX) else self.uncached

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in added if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
