"""Request dependencies: the session that owns the transaction, and who is asking."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlmodel import Session

from app.auth import user_for_api_token, user_for_session
from app.clock import utcnow
from app.csrf import SAFE_METHODS, SESSION_COOKIE
from app.db import READ_ONLY, Database
from app.models import Role
from app.settings import Settings
from app.users import Account, load_account
from drills.errors import DomainError, NotPermitted


class NotSignedIn(DomainError):
    """No valid session or token: the person must sign in (again)."""


# Dependencies that touch no database are `async def`: FastAPI runs a plain `def`
# dependency in the thread pool, a hop that costs more than the work it does.


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _finish(session: Session, *, commit: bool) -> None:
    """Commit (or roll back) and close, always closing."""
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def _forget_session(request: Request) -> None:
    """The error handler renders after this session is closed: page chrome must not read
    through it (the page reads the account's plain values and opens its own session)."""
    request.state.db_session = None


# Set on an endpoint that waits for its write turn itself (see `writes_in_own_turn`).
_OWN_TURN = "_onmessage_own_write_turn"

E = TypeVar("E", bound=Callable[..., Any])


def writes_in_own_turn(endpoint: E) -> E:
    """Mark an endpoint that reads without waiting to write, then writes only through
    `db.write(...)` (or inside `async with db.write_turn()`). Its request session starts
    as a reader, so with SQLite the single-writer lock is held only for the writes, not
    for the whole request. The endpoint must write nothing any other way."""
    setattr(endpoint, _OWN_TURN, True)
    return endpoint


def mark_read_only(session: Session, request: Request, settings: Settings) -> None:
    """A GET or HEAD reads: writing anything but drills bookkeeping raises (development,
    tests) or is logged (production). State moves on events, never on a page view."""
    if request.method in ("GET", "HEAD"):
        session.info[READ_ONLY] = "log" if settings.environment == "production" else "raise"


async def get_session(request: Request,
                      db: Annotated[Database, Depends(get_db)]) -> AsyncIterator[Session]:
    """One transaction per request: services flush, this commits or rolls back."""
    # A read never writes (the guard below), so it never waits for a writer's turn.
    write = (request.method not in SAFE_METHODS
             and not getattr(request.scope.get("endpoint"), _OWN_TURN, False))
    async with db.write_turn() if write else contextlib.nullcontext():
        session = db.session(write=write)
        mark_read_only(session, request, db.settings)
        try:
            yield session
        except BaseException:
            _forget_session(request)
            await db.run(_finish, session, commit=False)
            raise
        if not session.in_transaction():
            # The endpoint ended its transaction itself (a drill answer on PostgreSQL):
            # nothing to send, so no trip to the thread pool (about 60 us of CPU each).
            session.close()
            return
        # Commit and close in one step: while this request holds the write gate, every
        # extra trip to the thread pool waits behind the event loop's other work.
        await db.run(_finish, session, commit=True)


# scope="function": commit before the response is sent, so a failed commit is an error
# the client sees rather than a success that was silently lost.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DbDep = Annotated[Database, Depends(get_db)]

# Opens a session for a response that reads as it streams (a download of 40,000 rows),
# after the request's own session has been closed: `with opener() as session: ...`.
SessionOpener = Callable[[], contextlib.AbstractContextManager[Session]]


async def stream_session_opener(db: DbDep) -> SessionOpener:
    return db.session


StreamSessions = Annotated[SessionOpener, Depends(stream_session_opener)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def optional_account(request: Request, session: SessionDep,
                           db: DbDep) -> Account | None:
    """The signed-in account from a bearer token or the session cookie, if any."""
    cached = getattr(request.state, "account", None)
    if cached is not None:
        return cached
    return await db.run(resolve_account, request, session)


def resolve_account(request: Request, session: Session) -> Account | None:
    """The account of the request's bearer token or session cookie (None: signed out)."""
    now = utcnow()
    token = bearer_token(request)
    if token is not None:
        found = user_for_api_token(session=session, token=token, now=now)
        if found is None:
            raise NotSignedIn("This API token is invalid, expired or revoked. "
                              "Create a new one with POST /api/v1/tokens.")
        user = found
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        found_user = user_for_session(session=session, token=cookie, now=now)
        if found_user is None:
            request.state.session_expired = True
            return None
        user = found_user
    account = load_account(session=session, user=user)
    request.state.account = account
    request.state.db_session = session  # lets page chrome (inbox count) read without a dep
    return account


OptionalAccount = Annotated[Account | None, Depends(optional_account)]


async def current_account(request: Request, account: OptionalAccount) -> Account:
    if account is None:
        if getattr(request.state, "session_expired", False):
            raise NotSignedIn("Your session has expired. Sign in again to continue.")
        raise NotSignedIn("Sign in to continue.")
    return account


CurrentUser = Annotated[Account, Depends(current_account)]


def require_roles(*roles: Role) -> Callable[[Account], Awaitable[Account]]:
    """A dependency that lets through only accounts holding one of these roles."""
    names = " or ".join(r.value for r in roles)

    async def check(account: CurrentUser) -> Account:
        if not account.has(*roles):
            raise NotPermitted(f"This page is for {names} accounts.")
        return account

    return check


CurrentAdmin = Annotated[Account, Depends(require_roles(Role.ADMIN))]
CurrentManager = Annotated[Account, Depends(require_roles(Role.MANAGER, Role.ADMIN))]
CurrentMarketing = Annotated[Account, Depends(require_roles(Role.MARKETING, Role.ADMIN))]
CurrentRep = Annotated[Account, Depends(require_roles(Role.REP))]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
