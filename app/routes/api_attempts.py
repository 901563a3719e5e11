"""JSON API for recorded attempts: upload a recording, poll its status and result, play it.

The phone's recorder uses this same endpoint with its session cookie and X-CSRF-Token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session

from app import audio_storage
from app.clock import utcnow
from app.db import begin_write
from app.deps import CurrentUser, DbDep, SessionDep, SettingsDep, writes_in_own_turn
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
from drills.attempts import StoredAudio
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


@dataclass(frozen=True)
class _Target:
    """What an upload is for, checked while reading; `existing` answers a retried upload."""

    slug: str
    module_id: int
    version_id: int
    pitch_id: str | None = None
    drill_id: int | None = None
    shown_state: str | None = None
    existing: PitchAttempt | None = None


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
    now = utcnow()
    if drill is not None:
        target = await db.run(_drill_target, session, account, key, drill, shown_state, now)
    else:
        target = await db.run(_pitch_target, session, account, key, module, pitch)
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
    attempt, created = await db.write(_create, session, account.id, key, target, stored,
                                      utcnow())
    if not created:
        audio_storage.discard(data_dir=settings.data_dir, stored=stored)
    return _answer(attempt, target.slug, created=created)


def _pitch_target(session: Session, account: Account, key: str, module: str | None,
                  pitch: str | None) -> _Target:
    slug, pitch_id = _split_pitch(module, pitch)
    target = resolve_pitch(session, account, slug, pitch_id)
    module_id = target.module.id or 0
    existing = attempts.find_by_key(session=session, user_id=account.id, key=key)
    if existing is not None:
        attempts.require_same_target(attempt=existing, module_id=module_id,
                                     pitch_id=pitch_id, drill_id=None)
    session.commit()  # end the read before the upload is checked (SQLite cannot upgrade it)
    return _Target(slug=slug, module_id=module_id, version_id=target.version.id or 0,
                   pitch_id=pitch_id, existing=existing)


def _drill_target(session: Session, account: Account, key: str, drill_id: int,
                  shown_state: str | None, now: datetime) -> _Target:
    # Only the rep who owns the card: anyone else's drill is simply not found.
    due = get_card(session=session, user_id=account.id, drill_id=drill_id)
    drill = spoken_drill(session=session, drill_id=drill_id)
    module = session.get(Module, drill.module_id)
    if module is None:
        raise NotFound(f"There is no drill {drill_id} in your practice.")
    existing = attempts.find_by_key(session=session, user_id=account.id, key=key)
    version_id = 0
    if existing is not None:
        # A retried upload (perhaps after the take already answered the card): same answer.
        attempts.require_same_target(attempt=existing, module_id=module.id or 0,
                                     pitch_id=None, drill_id=drill_id)
    else:
        if not (shown_state or "").strip():
            raise InvalidInput("Send the card's shown_state with a spoken drill's recording.")
        require_answerable(session=session, user_id=account.id, drill_id=drill_id,
                           shown_state=shown_state or "", now=now)
        version_id = practice_version(session, account, module).id or 0
    session.commit()  # end the read before the upload is checked (SQLite cannot upgrade it)
    return _Target(slug=module.slug, module_id=module.id or 0, version_id=version_id,
                   drill_id=due.drill.id, shown_state=shown_state, existing=existing)


def _create(session: Session, user_id: int, key: str, target: _Target, stored: StoredAudio,
            now: datetime) -> tuple[PitchAttempt, bool]:
    """The short write: the attempt row and its job (or the attempt a concurrent retry of
    the same upload created first)."""
    begin_write(session)
    try:
        attempt, created = attempts.create(
            session=session, user_id=user_id, key=key, module_id=target.module_id,
            module_version_id=target.version_id, pitch_id=target.pitch_id,
            drill_id=target.drill_id, shown_state=target.shown_state, audio=stored, now=now)
        if created:
            submit(session=session, attempt=attempt)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return attempt, created


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
