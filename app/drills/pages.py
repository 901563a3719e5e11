"""Drill pages: the phone session, a rep's progress, the team view, message difficulty and
the organisation's settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import audio_storage
from app.clock import utcnow
from app.deps import (
    CurrentAdmin,
    CurrentManager,
    CurrentMarketing,
    CurrentRep,
    SessionDep,
    SettingsDep,
)
from app.drills import service
from app.drills.sync import SyncedRep
from app.web import redirect, render
from drills.errors import Conflict, InvalidInput

router = APIRouter(include_in_schema=False)


@router.get("/drills")
def session_page(request: Request, account: SyncedRep, session: SessionDep) -> Response:
    return render(request, "drills/session.html",
                  service.stage(session, account, utcnow(), done=0))


@router.get("/drills/pack")
def offline_pack(request: Request, account: SyncedRep, session: SessionDep,
                 n: int = 0) -> Response:
    """The next due cards, each rendered as the session would show it, for the phone to
    keep (drills.js): with no connection it shows them in turn and queues the answers,
    which the server takes once each (a card's shown state refuses a replay)."""
    return render(request, "drills/_pack.html",
                  service.offline_pack(session, account, utcnow(), n))


@router.get("/drills/progress")
def progress_page(request: Request, account: SyncedRep, session: SessionDep) -> Response:
    now = utcnow()
    target, modules = service.rep_progress(session, account, now, launched=True)
    rows = [{"module": p.module, "m": p.mastery, "readiness": p.readiness} for p in modules]
    return render(request, "drills/progress.html", {
        "rows": rows, "target": target, **service.session_counts(session, account, now, 0)})


@router.get("/drills/team")
def team_page(request: Request, account: CurrentManager, session: SessionDep) -> Response:
    target, teams = service.team_progress(session, account, utcnow())
    return render(request, "drills/team.html", {"teams": teams, "target": target})


@router.get("/drills/modules/{slug}")
def difficulty_page(request: Request, slug: str, _account: CurrentMarketing,
                    session: SessionDep) -> Response:
    return render(request, "drills/difficulty.html", service.difficulty(session, slug))


@router.get("/admin/drills")
def settings_page(request: Request, _account: CurrentAdmin, session: SessionDep) -> Response:
    return render(request, "drills/settings.html", {"s": service.settings(session)})


@router.post("/admin/drills")
def save_settings(request: Request, account: CurrentAdmin, session: SessionDep,
                  desired_retention: Annotated[str, Form(max_length=40)],
                  new_per_day: Annotated[str, Form(max_length=40)],
                  session_cards: Annotated[str, Form(max_length=40)]) -> Response:
    try:
        retention, per_day, per_session = service.parse_settings_form(
            desired_retention, new_per_day, session_cards)
        service.save_settings(session, account, utcnow(), desired_retention=retention,
                              new_per_day=per_day, session_cards=per_session)
    except InvalidInput as exc:  # the form again, with what was typed and what to fix
        session.rollback()
        typed = {"desired_retention": desired_retention, "new_per_day": new_per_day,
                 "session_cards": session_cards}
        return render(request, "drills/settings.html", {"s": typed, "error": exc.detail},
                      status_code=422)
    return redirect(request, "/admin/drills", notice="Drill settings saved.")


@router.get("/drills/{drill_id}/record")
def record_spoken_page(request: Request, drill_id: int, account: CurrentRep,
                       session: SessionDep, settings: SettingsDep,
                       state: str | None = None) -> Response:
    """The recorder for one spoken drill card; the take answers the card once scored."""
    try:
        card = service.spoken_card(session, account, drill_id, state, utcnow())
    except Conflict as exc:
        return redirect(request, "/drills", notice=exc.detail)
    return render(request, "drills/record.html", {
        "card": card, "max_seconds": settings.max_recording_s,
        "min_seconds": int(audio_storage.MIN_SECONDS),
        "max_bytes": settings.max_upload_mb * 1024 * 1024})
