"""JSON API of the inbox: what the signed-in person has been told, and marking it read.

Everyone has an inbox (reps hear launches, returns, certifications and reminders;
managers hear sign-off requests and overdue digests), and each person only ever sees and
marks their own items.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.clock import utcnow
from app.deps import CurrentUser, SessionDep, SettingsDep
from app.errors import API_ERRORS, api_error
from app.inbox.service import get_item, list_inbox, mark_read, unread_count
from app.models import InboxItem

router = APIRouter(prefix="/api/v1/inbox", tags=["api"], responses=API_ERRORS)


class InboxItemOut(BaseModel):
    id: int
    kind: str = Field(description="What the item is about, e.g. launch, "
                      "certification_returned, certification_certified, certification_due, "
                      "certification_overdue, certification_update, certification_review.")
    title: str
    body: str
    link: str | None = Field(description="Where to act on it, relative to the service.")
    url: str | None = Field(description="`link` as a full address (the configured base URL).")
    created_at: datetime
    read_at: datetime | None


class InboxOut(BaseModel):
    items: list[InboxItemOut] = Field(description="Newest first.")
    unread: int = Field(description="Unread items in the whole inbox, not only this page.")


class MarkedOut(BaseModel):
    marked: int = Field(description="How many items this call marked as read.")
    unread: int


def _out(item: InboxItem, base_url: str) -> InboxItemOut:
    assert item.id is not None
    url = f"{base_url.rstrip('/')}{item.link}" if item.link else None
    return InboxItemOut(id=item.id, kind=item.kind, title=item.title, body=item.body,
                        link=item.link, url=url, created_at=item.created_at,
                        read_at=item.read_at)


@router.get("", response_model=InboxOut)
def read_inbox(account: CurrentUser, session: SessionDep, settings: SettingsDep,
               unread_only: Annotated[bool, Query(description="Only items not read yet.")] = False,
               limit: Annotated[int, Query(ge=1, le=200)] = 50) -> InboxOut:
    """The caller's inbox, newest first."""
    items = list_inbox(session=session, user_id=account.id, limit=limit,
                       unread_only=unread_only)
    return InboxOut(items=[_out(i, settings.base_url) for i in items],
                    unread=unread_count(session=session, user_id=account.id))


@router.post("/read", response_model=MarkedOut)
def read_all(account: CurrentUser, session: SessionDep) -> MarkedOut:
    """Mark every item of the caller's inbox as read."""
    marked = mark_read(session=session, user_id=account.id, item_id=None, now=utcnow())
    return MarkedOut(marked=marked, unread=0)


@router.post("/{item_id}/read", response_model=InboxItemOut,
             responses={404: api_error(404, "No such item in your inbox")})
def read_one(item_id: int, account: CurrentUser, session: SessionDep,
             settings: SettingsDep) -> InboxItemOut:
    """Mark one item as read (again is fine); another person's item is not found."""
    mark_read(session=session, user_id=account.id, item_id=item_id, now=utcnow())
    return _out(get_item(session=session, user_id=account.id, item_id=item_id),
                settings.base_url)
