"""JSON API for drill practice; the phone page calls the same endpoints through htmx.

An htmx request (HX-Request: true) gets the page's stage fragment instead of JSON, so the
page and API clients share one code path, one set of checks and one error vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from app import xapi
from app.clock import utcnow
from app.db import begin_write
from app.deps import (
    CurrentAdmin,
    CurrentRep,
    CurrentUser,
    DbDep,
    SessionDep,
    writes_in_own_turn,
)
from app.errors import API_ERRORS, api_error
from app.routes.drill_support import SyncedRep, account_in_sync, sync_account
from app.routes.drills import stage_response
from app.users import Account
from app.web import is_htmx, render
from app.xapi_buffer import StatementBuffer
from certification import events as certification_events
from certification import service as certification_service
from certification.service import Answered, Judged
from drills.answer_feedback import answer_feedback
from drills.errors import DomainError
from drills.practice import (
    AnswerResult,
    PreparedAnswer,
    answer,
    card_view,
    due_count,
    due_queue,
    get_settings,
    new_left_today,
    prepare_answer,
    queue_counts,
    record_answer,
    streak,
    update_settings,
)
from drills.progress import mastery_for

router = APIRouter(prefix="/api/v1/drills", tags=["drills"], responses=API_ERRORS)


class DueOut(BaseModel):
    due: list[dict[str, Any]] = Field(description="Cards in the order to show them. Self-rated "
                                      "kinds (recall, objection) include what to reveal.")
    due_count: int
    new_left_today: int
    streak: int
    next_due_at: str | None


class AnswerIn(BaseModel):
    rating: int | None = Field(None, description="1 Again, 2 Hard, 3 Good, 4 Easy: for recall "
                               "and objection drills.")
    answer: str | None = Field(None, max_length=500, description="The typed words (fill the "
                               "gap) or the option id (pick the line).")
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


class SettingsIO(BaseModel):
    desired_retention: float = Field(0.9, ge=0.7, le=0.97)
    new_per_day: int = Field(12, ge=0, le=200)
    session_cards: int = Field(15, ge=3, le=60)


def _htmx_error(request: Request, exc: DomainError) -> Response:
    # An htmx call to the API shows the problem as a toast rather than swapping JSON in.
    from app.errors import status_for

    response = render(request, "partials/toast.html", {"message": exc.detail, "kind": "error"},
                      status_code=status_for(exc))
    response.headers.update({"HX-Retarget": "#toasts", "HX-Reswap": "beforeend"})
    return response


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
        return stage_response(request, session, account, now, done=n)
    settings = get_settings(session=session)
    queue = due_queue(session=session, user_id=account.id, now=now, limit=limit,
                      settings=settings)
    counts = queue_counts(session=session, user_id=account.id, now=now)
    new_left = new_left_today(session=session, user_id=account.id, now=now, settings=settings)
    return DueOut(
        due=[card_view(d, reveal=True) for d in queue],
        due_count=counts.due_count(new_left),
        new_left_today=new_left,
        streak=streak(session=session, user_id=account.id, now=now),
        next_due_at=counts.next_due.isoformat() if counts.next_due else None)


@router.post("/{drill_id}/answers", response_model=AnswerOut,
             responses={404: api_error(404, "Unknown drill, or not in your practice"),
                        409: api_error(409, "Stale shown_state (double tap), not due, "
                                       "retired, or today's new cards used up"),
                        422: api_error(422, "Rating out of range, or the wrong kind of "
                                       "answer for this drill")})
@writes_in_own_turn
async def post_answer(request: Request, drill_id: int, body: AnswerIn, account: CurrentRep,
                      session: SessionDep, db: DbDep,
                      n: Annotated[int, Query(ge=0, le=1000)] = 0) -> Any:
    """Answer one due drill; returns the new due date and feedback."""
    now = utcnow()
    try:
        # Check and schedule first, reading only; the writer's turn (one SQLite writer at
        # a time) is then taken just for the writes: a card changed meanwhile gets a 409.
        base_url = db.settings.base_url
        if db.is_sqlite:
            checked = await db.run(_prepare, session, account, drill_id, body, now)
            result = await db.write(_record, session, account, drill_id, body, checked,
                                    base_url, now)
        else:  # no single writer to wait for: check and write in one trip to a thread
            result, checked = await db.write(_prepare_and_record, session, account, drill_id,
                                             body, base_url, now)
    except DomainError as exc:
        if is_htmx(request):
            return _htmx_error(request, exc)
        raise
    if checked is not None and result.review is not None:  # its learning record, batched
        statements: StatementBuffer = request.app.state.statements
        statements.add(xapi.PendingReview(result.review, result.drill, now))
    out = answer_feedback(result, now)
    if is_htmx(request):
        return await db.run(stage_response, request, session, account, now, done=n + 1,
                            result=out)
    return AnswerOut(drill_id=drill_id, kind=out["kind"], rating=out["rating"],
                     rating_label=out["rating_label"], correct=out["correct"],
                     explanation=out["explanation"], due=out["due"], interval=out["interval"],
                     state=out["state"], shown_state=out["shown_state"], feedback=out)


@dataclass(frozen=True)
class _Checked:
    """An answer checked and scheduled while reading."""

    answer: PreparedAnswer
    # The rep's certification on the module as it will stand once the answer is written,
    # judged while reading so the writer's turn only applies it (None: judged in the
    # write, after the answer is written).
    judged: list[Judged] | None


def _prepare(session: Session, account: Account, drill_id: int, body: AnswerIn,
             now: datetime, *, judge_first: bool = True) -> _Checked | None:
    """The checked answer, or None when the rep's cards must first be aligned with a new
    launch (that writes, so it happens in the write turn). `judge_first`: judge the
    certification now, while reading (SQLite: the single writer's turn stays short)."""
    checked = None
    if account_in_sync(session, account):
        prepared = prepare_answer(session=session, user_id=account.id, drill_id=drill_id,
                                  shown_state=body.shown_state, rating=body.rating,
                                  answer=body.answer, now=now, duration_ms=body.duration_ms)
        drill = prepared.drill
        judged = certification_events.judge_practice(session=session, now=now, answered=Answered(
            user_id=account.id, module_id=drill.module_id, drill_id=drill.id or 0,
            subject=drill.subject, since_version=drill.since_version,
            until_version=drill.until_version, after=prepared.after)) \
            if drill.kind != "spoken" and judge_first else None
        checked = _Checked(prepared, judged)
    session.commit()  # end the read before waiting to write (SQLite cannot upgrade it)
    return checked


def _record(session: Session, account: Account, drill_id: int, body: AnswerIn,
            checked: _Checked | None, base_url: str, now: datetime) -> AnswerResult:
    begin_write(session)
    try:
        if checked is not None:
            result = record_answer(session=session, prepared=checked.answer)
        else:  # (its learning record is left to the minutely job)
            sync_account(session, account, now)
            result = answer(session=session, user_id=account.id, drill_id=drill_id,
                            shown_state=body.shown_state, rating=body.rating,
                            answer=body.answer, now=now, duration_ms=body.duration_ms)
        # The certification moves with the answer, in its transaction (only that module's).
        certification_events.on_practice(session=session, user_id=account.id,
                                         module_id=result.drill.module_id, now=now,
                                         base_url=base_url,
                                         judged=checked.judged if checked else None)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _prepare_and_record(session: Session, account: Account, drill_id: int, body: AnswerIn,
                        base_url: str, now: datetime) -> tuple[AnswerResult, _Checked | None]:
    # No single writer to keep short: the certification is judged once, in the write,
    # rather than judged while reading and then checked again under the row lock.
    checked = _prepare(session, account, drill_id, body, now, judge_first=False)
    return _record(session, account, drill_id, body, checked, base_url, now), checked


@router.get("/progress")
def progress(account: SyncedRep, session: SessionDep) -> dict[str, Any]:
    """The rep's mastery per module, streak and what is due."""
    now = utcnow()
    target = get_settings(session=session).desired_retention
    mastery = mastery_for(session=session, user_ids=[account.id], now=now, target=target)
    ready = certification_service.readiness(session=session, user_ids=[account.id])
    return {"target": target, "streak": streak(session=session, user_id=account.id, now=now),
            "due_count": due_count(session=session, user_id=account.id, now=now),
            "modules": [{"module_id": m.module_id, "drills": m.drills, "mastered": m.mastered,
                         "seen": m.seen, "mastery": round(m.share, 3),
                         # The certification's figure (the one every page shows).
                         "drill_readiness": ready.get((account.id, m.module_id))}
                        for m in mastery.values()]}


@router.get("/settings", response_model=SettingsIO)
def read_settings(_account: CurrentUser, session: SessionDep) -> Any:
    """The organisation's drill settings."""
    row = get_settings(session=session)
    return SettingsIO(desired_retention=row.desired_retention, new_per_day=row.new_per_day,
                      session_cards=row.session_cards)


@router.put("/settings", response_model=SettingsIO)
def write_settings(body: SettingsIO, account: CurrentAdmin, session: SessionDep) -> Any:
    """Change the desired retention and daily limits (admins)."""
    row = update_settings(session=session, desired_retention=body.desired_retention,
                          new_per_day=body.new_per_day, session_cards=body.session_cards,
                          by=account.id, now=utcnow())
    return SettingsIO(desired_retention=row.desired_retention, new_per_day=row.new_per_day,
                      session_cards=row.session_cards)
