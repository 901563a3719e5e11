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
from app.deps import CurrentUser, DbDep, SessionDep, SettingsDep, writes_in_own_turn
from app.errors import API_ERRORS
from app.pitches import service
from app.pitches.views import audio_response
from drills import attempts
from drills.attempt_models import PitchAttempt

router = APIRouter(prefix="/api/v1/attempts", tags=["attempts"], responses=API_ERRORS)


@router.post("", status_code=201, responses={200: {"description": "The same idempotency "
             "key was sent before: the attempt it created, unchanged."}})
@writes_in_own_turn
async def create_attempt(
    account: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    db: DbDep,
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
    audio_bytes: Annotated[int | None, Form(ge=0, description="The recording's size in "
                                            "bytes as the client made it: a file that "
                                            "arrives shorter was cut off on the way and is "
                                            "refused with 422 (a cut can land where the "
                                            "container looks whole).")] = None,
) -> Response:
    """Upload a recording for a pitch or a spoken drill; it is stored, then scored.

    A spoken drill's scored take answers the rep's card with the rating it earned.
    """
    key = attempts.clean_key(idempotency_key)
    target = await db.run(service.upload_target, session, account, key, module=module,
                          pitch=pitch, drill=drill, shown_state=shown_state, now=utcnow())
    if target.existing is not None:  # a retried upload: what the first one created
        return _answer(target.existing, target.slug, created=False)
    # Read, check and store the recording outside any write turn, in a worker thread:
    # decoding a long (or hostile) file must hold up neither the event loop nor the other
    # writers, who with SQLite wait for one write turn at a time.
    data = await run_in_threadpool(audio_storage.read_capped, audio.file,
                                   settings.max_upload_mb * 1024 * 1024)
    audio_storage.require_sent_size(data, audio_bytes)
    stored = await run_in_threadpool(
        audio_storage.store, data_dir=settings.data_dir, user_id=account.id, data=data,
        declared_type=audio.content_type, max_seconds=float(settings.max_recording_s))
    attempt, created = await db.write(service.record_upload, session, account.id, key, target,
                                      stored, utcnow())
    if not created:
        audio_storage.discard(data_dir=settings.data_dir, stored=stored)
    return _answer(attempt, target.slug, created=created)


def _answer(attempt: PitchAttempt, slug: str, *, created: bool) -> JSONResponse:
    body = {"id": attempt.id, "status": attempt.status, "created": created,
            "url": f"/attempts/{attempt.id}", "api_url": f"/api/v1/attempts/{attempt.id}",
            "module": slug, "pitch": attempt.pitch_id, "drill": attempt.drill_id}
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("/{attempt_id}")
def get_attempt(attempt_id: int, account: CurrentUser, session: SessionDep) -> dict[str, Any]:
    """Status; when done, `result` is the same object `onmessage score --json` prints."""
    return service.attempt_status(session=session, account=account, attempt_id=attempt_id)


@router.get("/{attempt_id}/audio", response_class=Response)
def get_attempt_audio(attempt_id: int, account: CurrentUser, session: SessionDep,
                      settings: SettingsDep) -> Response:
    """The stored recording (the rep, their managers and admins only)."""
    attempt = service.readable_attempt(session, account, attempt_id)
    return audio_response(settings.data_dir, attempt)
