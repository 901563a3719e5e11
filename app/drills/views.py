"""HTML the drill pages and the API's htmx answers share: the session's stage fragment
and an error shown as a toast."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from app.drills import service
from app.errors import status_for
from app.users import Account
from app.web import render
from drills.errors import DomainError


def stage_fragment(request: Request, session: Session, account: Account, now: datetime, *,
                   done: int, feedback: dict[str, Any] | None = None) -> Response:
    """The session's stage: a card, the feedback on an answer, or the wrap-up."""
    ctx = service.stage(session, account, now, done=done, feedback=feedback)
    return render(request, "drills/session.html", ctx, block="stage")


def error_toast(request: Request, exc: DomainError) -> Response:
    """An htmx call to the API shows the problem as a toast rather than swapping JSON in."""
    response = render(request, "partials/toast.html", {"message": exc.detail, "kind": "error"},
                      status_code=status_for(exc))
    response.headers.update({"HX-Retarget": "#toasts", "HX-Reswap": "beforeend"})
    return response
