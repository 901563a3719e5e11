"""The live pitch page: the checklist ticks while the rep speaks (app/static/live.js)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import audio_storage
from app.deps import CurrentUser, SessionDep, SettingsDep
from app.live.socket import PATH, first_pitch
from app.routes.pitches import resolve_pitch, rubric
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/pitches/{slug}/{pitch_id}/live")
def live_page(request: Request, slug: str, pitch_id: str, account: CurrentUser,
              session: SessionDep, settings: SettingsDep) -> Response:
    """Live practice: Start, speak, watch the checklist, Stop for the scored result."""
    target = resolve_pitch(session, account, slug, pitch_id)
    return render(request, "pitches/live.html",
                  {"t": target, "rubric": rubric(target), "socket_path": PATH,
                   "live_enabled": settings.live_sessions > 0,
                   "max_seconds": settings.max_recording_s,
                   "min_seconds": int(audio_storage.MIN_SECONDS)})


@router.get("/roleplay/{slug}")
def roleplay_page(request: Request, slug: str, account: CurrentUser, session: SessionDep,
                  settings: SettingsDep) -> Response:
    """Buyer role-play: the buyer opens with the module's first pitch, then objections."""
    target = resolve_pitch(session, account, slug, first_pitch(session, account, slug))
    return render(request, "pitches/roleplay.html",
                  {"t": target, "socket_path": PATH,
                   "live_enabled": settings.live_sessions > 0,
                   "max_seconds": settings.max_recording_s,
                   "min_seconds": int(audio_storage.MIN_SECONDS)})
