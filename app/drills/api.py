"""JSON API for drill practice; the phone page calls the same endpoints through htmx.

An htmx request (HX-Request: true) gets the page's stage fragment instead of JSON, so the
page and API clients share one code path, one set of checks and one error vocabulary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.clock import utcnow
from app.deps import (
    CurrentAdmin,
    CurrentRep,
    CurrentUser,
    DbDep,
    SessionDep,
    writes_in_own_turn,
)
from app.drills import service
from app.drills.sync import SyncedRep
from app.drills.views import error_toast, stage_fragment
from app.errors import API_ERRORS, api_error
from app.users import Account
from app.web import is_htmx
from drills.errors import DomainError
from drills.kinds import KINDS

router = APIRouter(prefix="/api/v1/drills", tags=["drills"], responses=API_ERRORS)


# What the schema says of each kind comes from the registry (drills/kinds/): the kinds
# the rep rates (a spoken drill too, when its rep cannot speak) and what the others take.
_RATED = ", ".join(k.kind for k in KINDS.values() if k.judge is None)
_ANSWERS = " or ".join(k.answer_doc for k in KINDS.values() if k.judge is not None)


class DueOut(BaseModel):
    due: list[dict[str, Any]] = Field(description="Cards in the order to show them. Self-rated "
                                      f"kinds ({_RATED}) include what to reveal.")
    due_count: int
    new_left_today: int
    streak: int
    next_due_at: str | None


class AnswerIn(BaseModel):
    rating: int | None = Field(None, description="1 Again, 2 Hard, 3 Good, 4 Easy: for "
                               f"the self-rated kinds ({_RATED}).")
    answer: str | None = Field(None, max_length=500,
                               description=f"{_ANSWERS[:1].upper()}{_ANSWERS[1:]}.")
    shown_state: str = Field(min_length=1, max_length=40, description="The card's shown_state "
                             "from GET /due; a stale one (double tap, replay) is refused "
                             "with 409.")
    duration_ms: int | None = Field(None, ge=0, le=3_600_000)


class AnswerOut(BaseModel):
    drill_id: int
    kind: str
    rating: int
    rating_label: str
    correct: bool | None
    explanation: str | None
    due: str
    interval: str
    state: str
    shown_state: str
    feedback: dict[str, Any]
    next: DueOut | None = Field(None, description="With ?next=N: what GET /due?limit=N "
                                "answers now that this card is done, so a client goes on to "
                                "the next card without another request.")


class SettingsIO(BaseModel):
    desired_retention: float = Field(0.9, ge=0.7, le=0.97)
    new_per_day: int = Field(12, ge=0, le=200)
    session_cards: int = Field(15, ge=3, le=60)


# The two calls a rep makes for every card run their database work through `db.run`
# (on the event loop with SQLite, no thread hop): they are most of the service's traffic.


@router.get("/due", response_model=DueOut)
async def due(request: Request, account: SyncedRep, session: SessionDep, db: DbDep,
              limit: Annotated[int, Query(ge=1, le=100)] = 20,
              n: Annotated[int, Query(ge=0, le=1000, description="Cards done this session "
                                      "(the page's counter).")] = 0) -> Any:
    """The signed-in rep's next due drills."""
    return await db.run(_due, request, account, session, limit, n)


def _due(request: Request, account: Account, session: Session, limit: int, n: int) -> Any:
    now = utcnow()
    if is_htmx(request):
        return stage_fragment(request, session, account, now, done=n)
    return _due_out(session, account, now, limit)


def _due_out(session: Session, account: Account, now: datetime, limit: int) -> DueOut:
    return _due_model(service.due_cards(session, account, now, limit))


def _due_model(cards: service.DueCards) -> DueOut:
    return DueOut(due=cards.due, due_count=cards.due_count,
                  new_left_today=cards.new_left_today, streak=cards.streak,
                  next_due_at=cards.next_due_at)


@router.post("/{drill_id}/answers", response_model=AnswerOut,
             responses={404: api_error(404, "Unknown drill, or not in your practice"),
                        409: api_error(409, "Stale shown_state (double tap), not due, "
                                       "retired, or today's new cards used up"),
                        422: api_error(422, "Rating out of range, or the wrong kind of "
                                       "answer for this drill")})
@writes_in_own_turn
async def post_answer(request: Request, drill_id: int, body: AnswerIn, account: CurrentRep,
                      session: SessionDep, db: DbDep,
                      n: Annotated[int, Query(ge=0, le=1000)] = 0,
                      next_cards: Annotated[int, Query(
                          alias="next", ge=0, le=100,
                          description="Also return the next N due cards (0: none).")] = 0,
                      ) -> Any:
    """Answer one due drill; returns the new due date and feedback (and, asked with ?next=N,
    the next due cards: one request per card)."""
    now = utcnow()
    given = service.GivenAnswer(shown_state=body.shown_state, rating=body.rating,
                                answer=body.answer, duration_ms=body.duration_ms)
    htmx = is_htmx(request)
    try:
        out, following = await service.answer_card(
            db, session, account, drill_id, given, now, request.app.state.statements,
            next_cards=0 if htmx else next_cards)
    except DomainError as exc:
        if htmx:
            return error_toast(request, exc)
        raise
    if htmx:
        return await db.run(stage_fragment, request, session, account, now, done=n + 1,
                            feedback=out)
    return AnswerOut(drill_id=drill_id, kind=out["kind"], rating=out["rating"],
                     rating_label=out["rating_label"], correct=out["correct"],
                     explanation=out["explanation"], due=out["due"], interval=out["interval"],
                     state=out["state"], shown_state=out["shown_state"], feedback=out,
                     next=_due_model(following) if following is not None else None)


@router.get("/progress")
def progress(account: SyncedRep, session: SessionDep) -> dict[str, Any]:
    """The rep's mastery per module, streak and what is due."""
    now = utcnow()
    target, modules = service.rep_progress(session, account, now, launched=False)
    practice = service.rep_home(session, account, now)
    return {"target": target, "streak": practice["drill_streak"],
            "due_count": practice["drills_due"],
            "modules": [{"module_id": p.module_id, "drills": m.drills, "mastered": m.mastered,
                         "seen": m.seen, "mastery": round(m.share, 3),
                         # The certification's figure (the one every page shows).
                         "drill_readiness": p.readiness}
                        for p in modules if (m := p.mastery) is not None]}


@router.get("/settings", response_model=SettingsIO)
def read_settings(_account: CurrentUser, session: SessionDep) -> Any:
    """The organisation's drill settings."""
    row = service.settings(session)
    return SettingsIO(desired_retention=row.desired_retention, new_per_day=row.new_per_day,
                      session_cards=row.session_cards)


@router.put("/settings", response_model=SettingsIO)
def write_settings(body: SettingsIO, account: CurrentAdmin, session: SessionDep) -> Any:
    """Change the desired retention and daily limits (admins)."""
    row = service.save_settings(session, account, utcnow(),
                                desired_retention=body.desired_retention,
                                new_per_day=body.new_per_day, session_cards=body.session_cards)
    return SettingsIO(desired_retention=row.desired_retention, new_per_day=row.new_per_day,
                      session_cards=row.session_cards)
