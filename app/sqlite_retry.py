"""Replays a safe request as a writer when SQLite refused its write mid-way.

Some pages do bookkeeping while reading (a rep's cards are synced with new launches, a
certification's progress is refreshed). Such a GET starts a read transaction; if another
connection writes first, SQLite refuses the upgrade to a write at once ("database is
locked") instead of waiting. A GET has no body and no effect until it commits, so it is
replayed once as a writer: it then queues for the write lock like any POST.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REPLAYABLE = frozenset({"GET", "HEAD"})
FORCE_WRITE = "force_write"
KEEP = ("csrf_token",)  # set by the outer CSRF middleware, valid for the replay too


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


class ReplayLockedReadsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in REPLAYABLE:
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started or not is_lock_error(exc):
                raise
            # Start clean: what the first try cached (the account, its session) is gone.
            state = scope.setdefault("state", {})
            kept = {k: state[k] for k in KEEP if k in state}
            state.clear()
            state.update(kept, **{FORCE_WRITE: True})
            await self.app(scope, receive, send)
