"""The pitch job: transcribe a stored recording with the module's vocabulary, score it, save.

Each stage commits, so the rep's progress page moves (uploaded → transcribing → scoring →
done) and a resumed job skips what is already saved (a transcript survives a crash while
scoring). No transaction is open while Whisper runs; each stage's write is a short
transaction of its own, taken in the background writers' turn. Problems the rep can fix
fail the attempt with a reason and keep the audio; a retry puts it back in the queue.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.audio_storage import resolve, verify
from app.clock import utcnow
from app.db import Database, begin_write, is_lock_error
from app.job_store import enqueue
from app.settings import DEFAULT_BASE_URL
from app.transcription import AudioError, transcribe
from certification import events as certification_events
from certification.learning import learned_for
from drills import attempts
from drills.attempt_models import DONE, FAILED, SCORING, TRANSCRIBING, UPLOADED, PitchAttempt
from drills.models import ModuleVersion
from drills.scoring import score_transcript
from drills.spoken_drills import answer_card_with_take, spec_for_attempt
from drills.transcript import Transcript

log = logging.getLogger("onmessage.pitch")

JOB_KIND = "pitch_attempt"
Transcriber = Callable[..., Transcript]
WriteTurn = Callable[[], AbstractContextManager[object]]
WRITE_TRIES = 5  # turns a stage's write waits for before the job fails (and is retried)

_TERM_RE = re.compile(r"\b(?:[A-Z][\w-]*[A-Z\d][\w-]*|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+|"
                      r"[A-Z]{2,}\s?\d+|\w*\d\w*)\b")

NO_SPEECH = ("We couldn't hear any words in this recording. Check that the right microphone "
             "is selected, speak close to the phone and try again.")
UNREADABLE = ("We couldn't read this recording ({detail}). Retry once; if it fails again, "
              "record a new take.")
AUDIO_MISSING = ("The recording's file is missing or changed on the server, so it can't be "
                 "scored. Record a new take, and tell your admin.")
GAVE_UP = ("Something went wrong while scoring this recording ({detail}). Your recording is "
           "kept: tap Retry.")


def vocabulary(content: dict[str, Any], pitch_id: str | None = None) -> list[str]:
    """Terms to prime Whisper with: product names, jargon and keywords of the module.
    For a pitch, the messages it must cover come first: the prompt holds only so many
    words (`MAX_PROMPT_WORDS`), and those are the terms the take will be judged on."""
    terms = _terms_in(content.get("title") or "")
    for m in _pitch_messages_first(content, pitch_id):
        terms += _message_terms(m)
    for o in content.get("objections") or ():
        for r in o.get("response") or ():
            terms += _keywords(r)
    return _names_first(terms)


def _pitch_messages_first(content: dict[str, Any], pitch_id: str | None) -> list[Any]:
    """The module's messages, the pitch's own (in its order) before the rest."""
    messages = [m for m in content.get("messages") or () if isinstance(m, dict)]
    pitch = next((p for p in content.get("pitches") or ()
                  if isinstance(p, dict) and p.get("id") == pitch_id), None)
    wanted = [str(i) for i in (pitch or {}).get("messages") or ()]
    if not wanted:
        return messages
    by_id = {str(m.get("id")): m for m in messages}
    first = [by_id[i] for i in dict.fromkeys(wanted) if i in by_id]
    return first + [m for m in messages if m not in first]


def _terms_in(text: object) -> list[str]:
    """Product names and jargon a text writes: capitalised, acronyms, with digits."""
    return [m.group(0) for m in _TERM_RE.finditer(str(text))]


def _keywords(item: dict[str, Any]) -> list[str]:
    return [str(k) for k in item.get("keywords") or ()]


def _message_terms(message: dict[str, Any]) -> list[str]:
    """A message's keywords, then the terms of its statement and its evidence."""
    terms = _keywords(message)
    for text in [message.get("statement") or "", *(message.get("evidence") or ())]:
        terms += _terms_in(text)
    return terms


def _names_first(terms: list[str]) -> list[str]:
    """Proper names first: they are what Whisper misspells; common keywords matter less.
    Each term once."""
    names = [t for t in terms if any(c.isupper() or c.isdigit() for c in t)]
    rest = [t for t in terms if t not in names]
    return list(dict.fromkeys(names + rest))


def submit(*, session: Session, attempt: PitchAttempt) -> None:
    """Queue an uploaded attempt for transcription and scoring (runs after commit)."""
    assert attempt.id is not None
    enqueue(session=session, kind=JOB_KIND, target_id=attempt.id, now=utcnow())


def _load(session: Session, attempt_id: int) -> tuple[PitchAttempt, ModuleVersion] | None:
    attempt = session.get(PitchAttempt, attempt_id, populate_existing=True)
    if attempt is None:
        return None
    version = session.get(ModuleVersion, attempt.module_version_id)
    if version is None:
        return None
    return attempt, version


def _write(session: Session, turn: WriteTurn, attempt_id: int,
           step: Callable[[PitchAttempt], object]) -> PitchAttempt:
    """One short write transaction, in this writer's turn: the attempt is read again under
    the write lock, `step` changes it, and it is committed.

    A lock error means a writer that takes no turn (a command, another deployment's
    process) held SQLite's lock past the busy timeout: nothing was written, so the step
    waits for another turn instead of failing the job (which would transcribe again).
    """
    for tries in range(1, WRITE_TRIES + 1):
        with turn():
            begin_write(session)
            try:
                attempt = session.get(PitchAttempt, attempt_id, populate_existing=True)
                assert attempt is not None
                step(attempt)
                session.commit()
                return attempt
            except OperationalError as exc:
                session.rollback()
                if not is_lock_error(exc) or tries == WRITE_TRIES:
                    raise
                log.warning("attempt %s: database locked, writing again in the next turn",
                            attempt_id)
            except BaseException:
                session.rollback()
                raise
    raise AssertionError("unreachable")


def process_attempt(*, session: Session, attempt_id: int, data_dir: Path,
                    model: str | None = None, transcriber: Transcriber | None = None,
                    turn: WriteTurn = contextlib.nullcontext,
                    base_url: str = DEFAULT_BASE_URL) -> PitchAttempt | None:
    """Run one attempt to done or failed, committing after each stage.

    No transaction stays open while Whisper runs: the reads are ended first and each stage
    is written in its own short transaction, taken in `turn` (the job passes the
    database's `background_write_turn`). A read transaction held across transcription
    would pin a snapshot that any commit meanwhile (the job's own heartbeat, every 5 s)
    makes stale, and SQLite refuses to turn a stale read into a write: "database is locked".
    """
    loaded = _load(session, attempt_id)
    session.commit()  # end the read: the session holds no connection from here
    if loaded is None:
        log.warning("attempt %s is gone; nothing to do", attempt_id)
        return None
    attempt, version = loaded
    if attempt.status in (DONE, FAILED):
        return attempt  # a duplicate delivery of a finished job

    def write(step: Callable[[PitchAttempt], object]) -> PitchAttempt:
        return _write(session, turn, attempt_id, step)

    def fail(reason: str) -> PitchAttempt:
        return write(lambda a: attempts.fail(session=session, attempt=a, reason=reason,
                                             now=utcnow()))

    if attempt.transcript is None or attempt.status in (UPLOADED, TRANSCRIBING):
        if not verify(data_dir=data_dir, stored_path=attempt.audio_path,
                      sha256=attempt.audio_sha256):
            return fail(AUDIO_MISSING)
        if attempt.status != TRANSCRIBING:
            attempt = write(lambda a: attempts.transition(session=session, attempt=a,
                                                          to=TRANSCRIBING, now=utcnow()))
        try:
            transcript = (transcriber or transcribe)(
                resolve(data_dir, attempt.audio_path),
                vocabulary=vocabulary(version.content, attempt.pitch_id), model=model)
        except AudioError as exc:
            log.warning("attempt %s: %s", attempt.id, exc)
            return fail(UNREADABLE.format(detail=exc.reason))
        if not transcript.words:
            return fail(NO_SPEECH)
        attempt = write(lambda a: attempts.record_transcript(
            session=session, attempt=a, transcript=transcript, now=utcnow()))
    # One transaction: the attempt is done exactly when its drill card is answered, so a
    # job that dies before the commit answers nothing and its rerun answers once.
    return write(lambda a: _score(session, a, version, base_url))


def _score(session: Session, attempt: PitchAttempt, version: ModuleVersion,
           base_url: str) -> None:
    assert attempt.status == SCORING and attempt.transcript is not None
    transcript = attempts.transcript_from_json(attempt.transcript)
    # judged with what the managers' decisions on this module version teach
    learned = learned_for(session=session, module_version_id=attempt.module_version_id)
    spec = spec_for_attempt(session=session, attempt=attempt, content=version.content)
    result = score_transcript(spec, transcript, learned=learned)
    now = utcnow()
    attempts.record_result(session=session, attempt=attempt, result=result, now=now)
    # A spoken drill's take answers its card in the same commit.
    answer_card_with_take(session=session, attempt=attempt, result=result, now=now)
    # A new best may meet the rule: the certification moves in the same commit.
    certification_events.on_attempt_scored(session=session, attempt=attempt, now=now,
                                           base_url=base_url)


def record_and_score(session: Session, attempt: PitchAttempt, version: ModuleVersion,
                     transcript: Transcript, base_url: str) -> None:
    """Keep a transcript made elsewhere (a live take's, app/live) and score it as the job
    does, in the caller's transaction: the attempt must be transcribing."""
    attempts.record_transcript(session=session, attempt=attempt, transcript=transcript,
                               now=utcnow())
    _score(session, attempt, version, base_url)


def run_pitch_job(db: Database, attempt_id: int) -> None:
    """The job entry point: ids in, its own session; it writes in the background turn."""
    with db.session() as session:
        process_attempt(session=session, attempt_id=attempt_id,
                        data_dir=db.settings.data_dir, model=db.settings.whisper_model,
                        turn=db.background_write_turn, base_url=db.settings.base_url)


def give_up_pitch_job(db: Database, attempt_id: int, error: str) -> None:
    """After the last failed try, tell the rep (the job row keeps the full error)."""
    with db.background_write_turn(), db.session(write=True) as session:
        attempt = session.get(PitchAttempt, attempt_id)
        if attempt is None or attempt.status in (DONE, FAILED):
            return
        attempts.fail(session=session, attempt=attempt,
                      reason=GAVE_UP.format(detail=error.split(":", 1)[0]), now=utcnow())
        session.commit()


def retry(*, session: Session, attempt: PitchAttempt) -> PitchAttempt:
    """Queue a failed attempt again; its stored recording is processed afresh."""
    attempts.reopen(session=session, attempt=attempt, now=utcnow())
    submit(session=session, attempt=attempt)
    return attempt


def attempt_json(attempt: PitchAttempt, *, module_slug: str) -> dict[str, Any]:
    """The API's view of an attempt: status, and when done the CLI's result object."""
    out: dict[str, Any] = {
        "id": attempt.id, "status": attempt.status, "module": module_slug,
        "pitch": attempt.pitch_id, "drill": attempt.drill_id,
        "created_at": attempt.created_at.isoformat(),
        "duration_s": attempt.duration_s,
        "audio": {"sha256": attempt.audio_sha256, "size": attempt.audio_size,
                  "content_type": attempt.content_type,
                  "url": f"/api/v1/attempts/{attempt.id}/audio"},
    }
    if attempt.status == FAILED:
        out["failure_reason"] = attempt.failure_reason
    if attempt.status == DONE:
        out["score"] = attempt.score
        result = dict(attempt.result or {})
        drill = result.pop("drill", None)
        out["result"] = result  # the CLI's object, unchanged
        if drill is not None:
            out["drill_answer"] = drill  # the rating it earned and whether it counted
    return out


def stage_names() -> Sequence[tuple[str, str]]:
    """The progress steps shown to the rep."""
    return ((UPLOADED, "Uploaded"), (TRANSCRIBING, "Transcribing"), (SCORING, "Scoring"),
            (DONE, "Done"))
