"""HEAD answered as GET is, without the body (RFC 9110 9.3.2: every server must).

FastAPI's routes take only the methods they name, so HEAD on any page or API route was
405 Method Not Allowed: an uptime monitor's HEAD /healthz saw the service down, a link
checker saw a shared credential link broken. Rather than a HEAD on every route (which
would double the OpenAPI document's operations), a HEAD request is routed as GET here and
its body dropped; the headers (status, type, length, location) are GET's. A route with no
GET still answers 405 with its Allow header. Outer middleware and the access log still
see HEAD.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def headers_only(message: Message) -> None:
            nonlocal ended
            if message["type"] == "http.response.body":
                if ended:
                    return
                ended = True  # the first body message ends the answer, with no bytes
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
