"""JSON API for recorded attempts: upload a recording, poll its status and result, play it.

The phone's recorder uses this same endpoint with its session cookie and X-CSRF-Token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from app import audio_storage
from app.clock import utcnow
from app.deps import CurrentUser, SessionDep, SettingsDep
from app.errors import API_ERRORS
from app.pitch_pipeline import attempt_json, submit
from app.routes.pitches import (
    audio_response,
    practice_version,
    readable_attempt,
    resolve_pitch,
)
from app.users import Account
from drills import attempts
from drills.attempt_models import PitchAttempt
from drills.errors import InvalidInput, NotFound
from drills.models import Module
from drills.practice import get_card, require_answerable
from drills.spoken_drills import spoken_drill

router = APIRouter(prefix="/api/v1/attempts", tags=["attempts"], responses=API_ERRORS)


def _split_pitch(module: str | None, pitch: str | None) -> tuple[str, str]:
    """Accept `module` + `pitch`, or `pitch` as "module-slug/pitch-id"."""
    pitch = (pitch or "").strip()
    module = (module or "").strip()
    if not module and "/" in pitch:
        module, _, pitch = pitch.partition("/")
    if not module or not pitch:
        raise InvalidInput("Name the pitch: send `module` (the module's slug) and `pitch` "
                           "(the pitch id), or `pitch` as 'module-slug/pitch-id'.")
    return module, pitch


@router.post("", status_code=201, responses={200: {"description": "The same idempotency "
             "key was sent before: the attempt it created, unchanged."}})
async def create_attempt(
    account: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    audio: Annotated[UploadFile, File(description="The recording: WebM/Opus, MP4/AAC, Ogg, "
                                      "WAV, FLAC or MP3, 3 s to the configured limit.")],
    idempotency_key: Annotated[str, Form(description="A fresh UUID per attempt; a retry of "
                                         "the same upload sends the same one.")],
    module: Annotated[str | None, Form(description="The module's slug.")] = None,
    pitch: Annotated[str | None, Form(description="The pitch id.")] = None,
    drill: Annotated[int | None, Form(description="A spoken drill's id instead of a "
                                      "pitch.")] = None,
    shown_state: Annotated[str | None, Form(max_length=40, description="With `drill`: the "
                                            "card's shown_state from GET /api/v1/drills/"
                                            "due; a stale one is refused with 409.")] = None,
) -> Response:
    """Upload a recording for a pitch or a spoken drill; it is stored, then scored.

    A spoken drill's scored take answers the rep's card with the rating it earned.
    """
    key = attempts.clean_key(idempotency_key)
    if drill is not None:
        return await _create_drill_attempt(account, session, settings, audio, key, drill,
                                           shown_state)
    slug, pitch_id = _split_pitch(module, pitch)
    target = resolve_pitch(session, account, slug, pitch_id)
    existing = attempts.find_by_key(session=session, user_id=account.id, key=key)
    if existing is not None:
        # A retried upload: answer with what the first one created, store nothing.
        attempts.require_same_target(attempt=existing, module_id=target.module.id or 0,
                                     pitch_id=pitch_id, drill_id=None)
        return _answer(existing, slug, created=False)
    data = await audio_storage_read(audio, settings.max_upload_mb * 1024 * 1024)
    stored = await run_in_threadpool(
        audio_storage.store, data_dir=settings.data_dir, user_id=account.id, data=data,
        declared_type=audio.content_type, max_seconds=float(settings.max_recording_s))
    attempt, created = attempts.create(
        session=session, user_id=account.id, key=key, module_id=target.module.id or 0,
        module_version_id=target.version.id or 0, pitch_id=pitch_id, drill_id=None,
        audio=stored, now=utcnow())
    if not created:
        audio_storage.discard(data_dir=settings.data_dir, stored=stored)
        return _answer(attempt, slug, created=False)
    submit(session=session, attempt=attempt)
    return _answer(attempt, slug, created=True)


async def _create_drill_attempt(account: Account, session: SessionDep, settings: SettingsDep,
                                audio: UploadFile, key: str, drill_id: int,
                                shown_state: str | None) -> Response:
    # Only the rep who owns the card: anyone else's drill is simply not found.
    due = get_card(session=session, user_id=account.id, drill_id=drill_id)
    drill = spoken_drill(session=session, drill_id=drill_id)
    module = session.get(Module, drill.module_id)
    if module is None:
        raise NotFound(f"There is no drill {drill_id} in your practice.")
    existing = attempts.find_by_key(session=session, user_id=account.id, key=key)
    if existing is not None:
        # A retried upload (perhaps after the take already answered the card): same answer.
        attempts.require_same_target(attempt=existing, module_id=module.id or 0,
                                     pitch_id=None, drill_id=drill_id)
        return _answer(existing, module.slug, created=False)
    if not (shown_state or "").strip():
        raise InvalidInput("Send the card's shown_state with a spoken drill's recording.")
    now = utcnow()
    require_answerable(session=session, user_id=account.id, drill_id=drill_id,
                       shown_state=shown_state or "", now=now)
    version = practice_version(session, account, module)
    data = await audio_storage_read(audio, settings.max_upload_mb * 1024 * 1024)
    stored = await run_in_threadpool(
        audio_storage.store, data_dir=settings.data_dir, user_id=account.id, data=data,
        declared_type=audio.content_type, max_seconds=float(settings.max_recording_s))
    attempt, created = attempts.create(
        session=session, user_id=account.id, key=key, module_id=module.id or 0,
        module_version_id=version.id or 0, pitch_id=None, drill_id=due.drill.id,
        shown_state=shown_state, audio=stored, now=now)
    if not created:
        audio_storage.discard(data_dir=settings.data_dir, stored=stored)
        return _answer(attempt, module.slug, created=False)
    submit(session=session, attempt=attempt)
    return _answer(attempt, module.slug, created=True)


async def audio_storage_read(upload: UploadFile, limit: int) -> bytes:
    return await run_in_threadpool(audio_storage.read_capped, upload.file, limit)


def _answer(attempt: PitchAttempt, slug: str, *, created: bool) -> JSONResponse:
    body = {"id": attempt.id, "status": attempt.status, "created": created,
            "url": f"/attempts/{attempt.id}", "api_url": f"/api/v1/attempts/{attempt.id}",
            "module": slug, "pitch": attempt.pitch_id, "drill": attempt.drill_id}
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("/{attempt_id}")
def get_attempt(attempt_id: int, account: CurrentUser, session: SessionDep) -> dict[str, Any]:
    """Status; when done, `result` is the same object `onmessage score --json` prints."""
    attempt = readable_attempt(session, account, attempt_id)
    module = session.get(Module, attempt.module_id)
    return attempt_json(attempt, module_slug=module.slug if module else "")


@router.get("/{attempt_id}/audio", response_class=Response)
def get_attempt_audio(attempt_id: int, account: CurrentUser, session: SessionDep,
                      settings: SettingsDep) -> Response:
    """The stored recording (the rep, their managers and admins only)."""
    attempt = readable_attempt(session, account, attempt_id)
    return audio_response(settings.data_dir, attempt)
