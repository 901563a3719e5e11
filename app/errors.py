"""Maps domain errors to responses in one place.

A page request gets an error page, an htmx request a toast fragment, an API request
JSON ``{"detail": "...", ...}`` (`ErrorBody`, declared for every API route through
`API_ERRORS`); never a catch-all that hides bugs.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.audio_storage import RecordingTooLarge
from app.auth import BadCredentials, TooManyAttempts
from app.csrf import SAFE_METHODS, SESSION_COOKIE, CsrfFailed
from app.db import Database
from app.deps import NotSignedIn, resolve_account
from app.identity.scim.errors import error_response as scim_error_response
from app.inbox.service import unread_count
from app.security_headers import security_headers
from app.uploads import UploadTooLarge
from app.users import CsvImportError
from app.web import ask_refill, is_htmx, login_url, redirect, render, safe_next
from drills.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    InvalidPlaybook,
    NotFound,
    NotPermitted,
)

log = logging.getLogger(__name__)

STATUS: list[tuple[type[DomainError], int]] = [
    (NotSignedIn, 401),
    (BadCredentials, 401),
    (TooManyAttempts, 429),
    (NotFound, 404),
    (NotPermitted, 403),
    (Conflict, 409),
    # Before InvalidInput (their base): an oversized upload is 413 Content Too Large.
    (UploadTooLarge, 413),
    (RecordingTooLarge, 413),
    (InvalidInput, 422),
]

TITLES = {400: "Bad request", 401: "Sign in needed", 403: "Not allowed", 404: "Not found",
          405: "Not allowed", 409: "Already done", 413: "Too large", 422: "Check your input",
          429: "Slow down", 500: "Something went wrong"}


# --- the API's error body, as documented -------------------------------------------------


class FieldProblem(BaseModel):
    loc: list[str | int] = Field(description='Where, e.g. ["body", "roles", 0].')
    msg: str
    type: str


class LineProblem(BaseModel):
    line: int
    message: str


class PlaybookProblem(BaseModel):
    path: str = Field(description="Where in the playbook, e.g. messages[2].id.")
    message: str


class ErrorBody(BaseModel):
    """Every error the API answers: `detail` says what went wrong and what to do; some
    errors add their particulars."""

    model_config = ConfigDict(extra="forbid")

    detail: str
    fields: list[FieldProblem] | None = Field(
        None, description="Request validation (422): each field missing or invalid.")
    errors: list[LineProblem] | None = Field(
        None, description="A CSV import (422): the problem on each line listed.")
    error_count: int | None = Field(
        None, description="A CSV import (422): how many lines had problems in all.")
    file: str | None = Field(None, description="A playbook import (422): the file.")
    problems: list[PlaybookProblem] | None = Field(
        None, description="A playbook import (422): the problems listed.")
    problem_count: int | None = Field(
        None, description="A playbook import (422): how many problems were found in all.")
    note: str | None = Field(
        None, description="An import (422): says when only some problems are listed.")
    items: list[str] | None = Field(
        None, description="The particulars (errors or problems) as readable lines.")


API_ERROR_STATUSES = (401, 403, 404, 409, 413, 422, 429)
_WHEN = {
    401: "Not signed in: no bearer token, or one invalid, expired or revoked; or a wrong "
         "email and password.",
    403: "Signed in, but not allowed this (or a cookie call without its CSRF token).",
    404: "No such thing, or none you may see.",
    409: "Clashes with the current state: already exists, already done, changed meanwhile.",
    413: "An upload larger than the limit.",
    422: "Invalid: a field missing or malformed, text with a NUL character, or a rule of "
         "the request's subject.",
    429: "Too many failed sign-ins: wait Retry-After seconds.",
}


def api_error(status: int, description: str | None = None) -> dict[str, Any]:
    """One documented error response; a route may describe its own case."""
    return {"model": ErrorBody, "description": description or _WHEN[status]}


# The API routers' default `responses=`: what every API route may answer.
API_ERRORS: dict[int | str, dict[str, Any]] = {s: api_error(s) for s in API_ERROR_STATUSES}


def status_for(exc: DomainError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/healthz"


def _form_source(request: Request) -> str | None:
    """The page of this site a form (or htmx request) was sent from, if it says so."""
    source = urlsplit(request.headers.get("hx-current-url") or request.headers.get("referer")
                      or "")
    if not source.path or source.netloc != request.url.netloc:
        return None
    path = safe_next(source.path + (f"?{source.query}" if source.query else ""))
    return None if path == "/" and source.path != "/" else path




# A form refused for its CSRF token: opened before the person signed in again (which
# renews the token), or the browser lost its cookie. Nothing of it was read.
EXPIRED_FORM = "This form had expired, so nothing was sent: send it again."
EXPIRED_HTMX = ("This page had expired, so nothing was sent. Reload the page and try again: "
                "what you typed will be put back.")


def _expired_form(request: Request) -> Response | None:
    """A plain form goes back to its page, where app.js puts back what was typed (the
    error page left only "reload", which lost it); an htmx request says to reload, and
    that reload puts it back. None where the page is unknown (no or foreign Referer):
    the error page then."""
    if wants_json(request) or request.method in SAFE_METHODS:
        return None
    source = _form_source(request)
    if source is None:
        return None
    if is_htmx(request):
        response = error_response(request, 403, EXPIRED_HTMX)
    else:
        response = redirect(request, source, notice=EXPIRED_FORM)
    ask_refill(request, response, source)
    return response


def error_response(request: Request, status: int, detail: str,
                   extra: dict[str, Any] | None = None) -> Response:
    if request.url.path.startswith("/scim/"):  # a directory client reads SCIM's format
        return scim_error_response(status, detail)
    headers: dict[str, str] = {}
    if status == 429:
        headers["Retry-After"] = str((extra or {}).pop("retry_after_s", 900))
    if wants_json(request):
        body: dict[str, Any] = {"detail": detail, **(extra or {})}
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(body, status_code=status, headers=headers)
    if status == 401:
        # Sign-in leads back to the page asked for, or for a form sent from a page (signed
        # out meanwhile, in another tab or by expiry) to that page, where the person can
        # send it again, not home. A page of another site is never a destination.
        source = None if request.method == "GET" else _form_source(request)
        target = request.url.path if request.method == "GET" else source or "/"
        response = redirect(request, login_url(target),
                            notice=detail if "expired" in detail else None)
        if source is not None and request.method not in SAFE_METHODS:
            ask_refill(request, response, source)  # what was typed comes back there
        if is_htmx(request):
            response.status_code = 401  # htmx still follows HX-Redirect
        return response
    if is_htmx(request):
        # Swapped into the toast region whatever the original target was.
        headers.update({"HX-Retarget": "#toasts", "HX-Reswap": "beforeend"})
        response = render(request, "partials/toast.html",
                          {"message": detail, "kind": "error"}, status_code=status)
        response.headers.update(headers)
        return response
    response = render(request, "error.html",
                      {"status": status, "title": TITLES.get(status, "Error"),
                       "detail": detail, "items": (extra or {}).get("items", [])},
                      status_code=status)
    response.headers.update(headers)
    return response


def _chrome_in_own_session(request: Request, db: Database) -> None:
    with db.session() as session:
        account = getattr(request.state, "account", None)
        if account is None:  # no route matched: nothing has looked at the cookie yet
            account = resolve_account(request, session)
            request.state.db_session = None
        if account is not None:
            request.state.unread = unread_count(session=session, user_id=account.id)


async def _load_page_chrome(request: Request) -> None:
    """An error page shows who is signed in and their inbox count, like any page. The
    request's own session is closed by now (or never opened, when no route matched), so
    they are read in a short session of its own."""
    if (wants_json(request) or is_htmx(request)
            or getattr(request.state, "db_session", None) is not None):
        return
    if (getattr(request.state, "account", None) is None
            and not request.cookies.get(SESSION_COOKIE)):
        return
    db: Database = request.app.state.db
    try:
        await db.run(_chrome_in_own_session, request, db)
    except (SQLAlchemyError, DomainError):  # the page still answers, signed out
        log.warning("error page: could not read the signed-in person", exc_info=True)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if isinstance(exc, CsrfFailed) and (expired := _expired_form(request)) is not None:
            return expired
        await _load_page_chrome(request)
        extra: dict[str, Any] = {}
        if isinstance(exc, CsvImportError):
            extra["errors"] = [{"line": line, "message": msg} for line, msg in exc.errors]
            extra["error_count"] = exc.total
            extra["items"] = [f"Line {line}: {msg}" for line, msg in exc.errors]
            _add_note(extra, exc.note)
        if isinstance(exc, InvalidPlaybook):
            extra["file"] = exc.filename
            extra["problems"] = [{"path": p.path, "message": p.message} for p in exc.problems]
            extra["problem_count"] = exc.total
            extra["items"] = [str(p) for p in exc.problems]
            _add_note(extra, exc.note)
        if isinstance(exc, TooManyAttempts):
            extra["retry_after_s"] = exc.retry_after_s
        return error_response(request, status_for(exc), exc.detail, extra)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        await _load_page_chrome(request)
        if request.url.path.startswith("/scim/"):
            return scim_error_response(400, "The request is malformed: " + "; ".join(
                str(e.get("msg", "invalid")) for e in exc.errors()), "invalidSyntax")
        parts = []
        for err in exc.errors():
            field = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
            parts.append(f"{field}: {err.get('msg', 'invalid')}")
        if wants_json(request):  # the detail is a sentence here too, as ErrorBody says
            return JSONResponse({"detail": "Some fields were missing or invalid: "
                                 + "; ".join(parts), "fields": jsonable_errors(exc)},
                                status_code=422)
        return error_response(request, 422, "Some fields were missing or invalid.",
                              {"items": parts})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        await _load_page_chrome(request)
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        if exc.status_code == 413 and exc.detail == BODY_LIMIT_DETAIL:
            # The request body passed the app-wide limit before any route read it.
            limit = request.app.state.settings.max_upload_mb + BODY_MARGIN_MB
            detail = (f"The request is larger than {limit} MB, the most this service "
                      "accepts. Send a smaller file.")
        if exc.status_code == 404 and not wants_json(request):
            detail = "There is nothing at this address. Check the link, or go back home."
        response = error_response(request, exc.status_code, detail)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # A bug: Starlette logs the traceback after this answers. The person still gets
        # a page (or JSON) that says what to do, never a bare "Internal Server Error".
        detail = ("Something went wrong on our side and nothing was saved. Try again; "
                  "if it keeps happening, tell your admin the time it happened.")
        try:
            await _load_page_chrome(request)
            response = error_response(request, 500, detail)
        except Exception:  # the page itself cannot render: plain words, still no trace
            log.exception("the error page failed to render")
            response = PlainTextResponse(detail, status_code=500)
        # Starlette sends this answer from its outermost middleware, past the one that adds
        # the security headers to every other response: add them here.
        https = bool(getattr(request.app.state, "settings", None)
                     and request.app.state.settings.secure_cookies)
        for name, value in security_headers(https=https):
            response.headers.setdefault(name.decode(), value.decode())
        return response


# What Starlette's request-body limit (set app-wide in `app.main`) says when it stops a body.
BODY_LIMIT_DETAIL = "Content Too Large"
# Above the upload limit: a recording just over it gets the route's own, more specific 413.
BODY_MARGIN_MB = 1


def _add_note(extra: dict[str, Any], note: str | None) -> None:
    """Say that only some problems are listed (JSON `note`, and the page's last item)."""
    if note:
        extra["note"] = note
        extra["items"].append(f"… {note}")


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append({"loc": list(err.get("loc", ())), "msg": err.get("msg"),
                    "type": err.get("type")})
    return out
