"""The live pitch page: the checklist ticks while the rep speaks (app/static/live.js)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app import audio_storage
from app.clock import utcnow
from app.deps import CurrentMarketing, CurrentUser, SessionDep, SettingsDep
from app.live import roleplay_settings
from app.live.socket import PATH, first_pitch
from app.pitches.service import resolve_pitch
from app.pitches.views import rubric
from app.web import redirect, render
from drills.errors import NotFound
from drills.modules import get_module, latest_published

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


@router.get("/modules/{slug}/roleplay")
def roleplay_settings_page(request: Request, slug: str, account: CurrentMarketing,
                           session: SessionDep) -> Response:
    """Marketing: which objections the module's buyer raises, and how persistent it is."""
    module = get_module(session=session, slug=slug)
    version = latest_published(session=session, module=module)
    if version is None:
        raise NotFound(f"Module '{slug}' has no published version yet.")
    saved = roleplay_settings.get(session=session, module_id=module.id or 0)
    chosen = saved.objections
    objections = [{"id": str(o["id"]), "text": str(o["objection"]),
                   "on": chosen is None or str(o["id"]) in chosen}
                  for o in version.content.get("objections") or ()]
    return render(request, "pitches/roleplay_settings.html",
                  {"module": module, "objections": objections,
                   "persistence": saved.persistence})


@router.post("/modules/{slug}/roleplay")
def roleplay_settings_submit(request: Request, slug: str, account: CurrentMarketing,
                             session: SessionDep,
                             objection: Annotated[list[str], Form()] = [],  # noqa: B006
                             persistence: Annotated[int, Form()] = 1) -> Response:
    """Save the buyer's settings (every objection ticked means all, future ones too)."""
    module = get_module(session=session, slug=slug)
    version = latest_published(session=session, module=module)
    if version is None:
        raise NotFound(f"Module '{slug}' has no published version yet.")
    every = [str(o["id"]) for o in version.content.get("objections") or ()]
    chosen = None if sorted(objection) == sorted(every) else [o for o in every if o in objection]
    roleplay_settings.update(session=session, module_id=module.id or 0,
                             content=version.content, objections=chosen,
                             persistence=persistence, by=account.id, now=utcnow())
    return redirect(request, f"/modules/{slug}/roleplay", notice="Role-play settings saved.")
