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
from app.pitch_pipeline import attempt_json, submit
from app.routes.pitches import audio_response, readable_attempt, resolve_pitch
from drills import attempts
from drills.errors import InvalidInput
from drills.models import Module

router = APIRouter(prefix="/api/v1/attempts", tags=["attempts"])


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
) -> Response:
    """Upload a recording for a pitch; it is stored, then transcribed and scored."""
    key = attempts.clean_key(idempotency_key)
    if drill is not None:
        raise InvalidInput("Spoken drill attempts are not available yet; send a pitch.")
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


async def audio_storage_read(upload: UploadFile, limit: int) -> bytes:
    return await run_in_threadpool(audio_storage.read_capped, upload.file, limit)


def _answer(attempt: Any, slug: str, *, created: bool) -> JSONResponse:
    body = {"id": attempt.id, "status": attempt.status, "created": created,
            "url": f"/attempts/{attempt.id}", "api_url": f"/api/v1/attempts/{attempt.id}",
            "module": slug, "pitch": attempt.pitch_id}
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
