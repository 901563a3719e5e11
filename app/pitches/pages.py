"""Recorded pitch practice on the phone: pick a pitch, read the rubric, record, see the result.

The recorder page uploads to `POST /api/v1/attempts` (session cookie + X-CSRF-Token), so
the page and the API share one upload path; these routes render pages and fragments.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import audio_storage
from app.deps import CurrentUser, SessionDep, SettingsDep
from app.pitches import service
from app.pitches.views import audio_response, rubric
from app.web import redirect, render
from drills.attempt_models import DONE, FAILED

router = APIRouter(include_in_schema=False)


@router.get("/pitches")
def pitches_page(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    """Every pitch of the modules launched to this person's teams, with their best score."""
    return render(request, "pitches/index.html",
                  {**service.pitch_groups(session=session, account=account), "target": None})


@router.get("/pitches/{slug}/{pitch_id}")
def rubric_page(request: Request, slug: str, pitch_id: str, account: CurrentUser,
                session: SessionDep) -> Response:
    """The rubric first: what will be scored, before a word is recorded."""
    target = service.resolve_pitch(session, account, slug, pitch_id)
    prior = service.prior_takes(session=session, account=account, target=target)
    return render(request, "pitches/rubric.html",
                  {"t": target, "rubric": rubric(target), "prior": prior})


@router.get("/pitches/{slug}/{pitch_id}/record")
def record_page(request: Request, slug: str, pitch_id: str, account: CurrentUser,
                session: SessionDep, settings: SettingsDep) -> Response:
    """The recorder: timer, level meter, listen back, re-record, submit."""
    target = service.resolve_pitch(session, account, slug, pitch_id)
    return render(request, "pitches/record.html",
                  {"t": target, "rubric": rubric(target),
                   "max_seconds": settings.max_recording_s,
                   "min_seconds": int(audio_storage.MIN_SECONDS),
                   "max_bytes": settings.max_upload_mb * 1024 * 1024})


@router.get("/attempts/{attempt_id}")
def attempt_page(request: Request, attempt_id: int, account: CurrentUser,
                 session: SessionDep) -> Response:
    """Live progress while the attempt is processed, then the explained result."""
    attempt = service.readable_attempt(session, account, attempt_id)
    return render(request, "pitches/attempt.html",
                  service.attempt_context(session=session, account=account, attempt=attempt))


@router.get("/attempts/{attempt_id}/status")
def attempt_status(request: Request, attempt_id: int, account: CurrentUser,
                   session: SessionDep) -> Response:
    """The progress fragment htmx polls; once finished it reloads the page for the result."""
    attempt = service.readable_attempt(session, account, attempt_id)
    if attempt.status in (DONE, FAILED) and request.headers.get("hx-request") == "true":
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return render(request, "pitches/attempt.html",
                  service.attempt_context(session=session, account=account, attempt=attempt),
                  block="progress")


@router.get("/attempts/{attempt_id}/audio")
def attempt_audio(attempt_id: int, account: CurrentUser, session: SessionDep,
                  settings: SettingsDep) -> Response:
    """Play the recording (same access as the attempt)."""
    attempt = service.readable_attempt(session, account, attempt_id)
    return audio_response(settings.data_dir, attempt)


@router.post("/attempts/{attempt_id}/retry")
def retry_submit(request: Request, attempt_id: int, account: CurrentUser,
                 session: SessionDep) -> Response:
    """Process a failed attempt's recording again (only its owner)."""
    service.retry_attempt(session=session, account=account, attempt_id=attempt_id)
    return redirect(request, f"/attempts/{attempt_id}")
