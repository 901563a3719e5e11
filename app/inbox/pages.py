"""The inbox page: what the signed-in person has been told, and marking it read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.clock import utcnow
from app.deps import CurrentUser, SessionDep, SettingsDep
from app.inbox.service import list_inbox, mark_read
from app.web import redirect, render, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/inbox")
def inbox_page(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    items = list_inbox(session=session, user_id=account.id)
    return render(request, "inbox.html", {"items": items})


@router.post("/inbox/read")
def inbox_read_all(request: Request, account: CurrentUser, session: SessionDep,
                   settings: SettingsDep) -> Response:
    mark_read(session=session, user_id=account.id, item_id=None, now=utcnow())
    return redirect(request, "/inbox", notice="All caught up.")


@router.post("/inbox/{item_id}/read")
def inbox_read_one(request: Request, item_id: int, account: CurrentUser,
                   session: SessionDep,
                   next: Annotated[str | None, Form(max_length=500)] = None) -> Response:
    """Mark an item read; with `next` (the item's page, a path on this site), open it."""
    mark_read(session=session, user_id=account.id, item_id=item_id, now=utcnow())
    return redirect(request, safe_next(next) if next else "/inbox")
