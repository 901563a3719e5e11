"""Pitch attempts: create (idempotently), move through the states, record the result.

Plain values in, rows out; the web layer stores the recording and decides who is asking.
Access is decided here from plain values (owner id, the reader's id, managed team ids,
whether they are an admin) so the rule lives in one place for pages, API and audio.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from accounts.policy import Policy
from drills.attempt_models import (
    DONE,
    FAILED,
    SCORING,
    TRANSCRIBING,
    UPLOADED,
    PitchAttempt,
)
from drills.errors import Conflict, InvalidInput, NotFound
from drills.scoring import ScoreResult
from drills.transcript import Transcript

MAX_KEY = 100

# Allowed moves; anything else is a bug or a stale worker and is refused.
_NEXT: dict[str, tuple[str, ...]] = {
    UPLOADED: (TRANSCRIBING, FAILED),
    TRANSCRIBING: (TRANSCRIBING, SCORING, FAILED),  # a resumed job transcribes again
    SCORING: (TRANSCRIBING, SCORING, DONE, FAILED),
    FAILED: (UPLOADED,),  # retry
    DONE: (),
}


@dataclass(frozen=True)
class StoredAudio:
    """A recording already written to storage (the web layer does that before creating)."""

    path: str
    sha256: str
    size: int
    content_type: str
    duration_s: float | None


def clean_key(raw: str | None) -> str:
    """Validate an idempotency key: 8-100 visible ASCII characters."""
    key = (raw or "").strip()
    if not 8 <= len(key) <= MAX_KEY or not key.isascii() or not key.isprintable():
        raise InvalidInput("The idempotency key must be 8 to 100 visible ASCII characters "
                           "(a UUID is a good choice).")
    return key


def find_by_key(*, session: Session, user_id: int, key: str) -> PitchAttempt | None:
    """The attempt this user already created with this idempotency key, if any."""
    return session.exec(select(PitchAttempt).where(
        PitchAttempt.user_id == user_id, PitchAttempt.idempotency_key == key)).first()


def require_same_target(*, attempt: PitchAttempt, module_id: int, pitch_id: str | None,
                        drill_id: int | None) -> PitchAttempt:
    """Refuse an idempotency key reused for a different pitch (a client bug, not a retry)."""
    if (attempt.module_id, attempt.pitch_id, attempt.drill_id) != (module_id, pitch_id,
                                                                    drill_id):
        raise Conflict("This idempotency key was already used for a different pitch or "
                       "drill; send a new key for a new attempt.")
    return attempt


def create(*, session: Session, user_id: int, key: str, module_id: int, module_version_id: int,
           pitch_id: str | None, drill_id: int | None, audio: StoredAudio,
           now: datetime, shown_state: str | None = None) -> tuple[PitchAttempt, bool]:
    """Create an attempt, or return the one made with the same key: (attempt, created)."""
    existing = find_by_key(session=session, user_id=user_id, key=key)
    if existing is not None:
        return require_same_target(attempt=existing, module_id=module_id, pitch_id=pitch_id,
                                   drill_id=drill_id), False
    attempt = PitchAttempt(
        user_id=user_id, module_id=module_id, module_version_id=module_version_id,
        pitch_id=pitch_id, drill_id=drill_id, shown_state=shown_state,
        idempotency_key=key, status=UPLOADED,
        audio_path=audio.path, audio_sha256=audio.sha256, audio_size=audio.size,
        content_type=audio.content_type, duration_s=audio.duration_s,
        created_at=now, updated_at=now,
    )
    try:
        # A savepoint, so that losing a race with a concurrent retry of the same upload
        # leaves the outer transaction usable and we can return the winner's attempt.
        with session.begin_nested():
            session.add(attempt)
            session.flush()
    except IntegrityError:
        winner = find_by_key(session=session, user_id=user_id, key=key)
        if winner is None:
            raise
        return winner, False
    return attempt, True


def get(*, session: Session, attempt_id: int) -> PitchAttempt:
    """Return an attempt by id or raise NotFound."""
    attempt = session.get(PitchAttempt, attempt_id)
    if attempt is None:
        raise NotFound(f"There is no attempt {attempt_id}.")
    return attempt


def can_read(*, attempt: PitchAttempt, owner_team_id: int | None, reader: Policy) -> bool:
    """Only the rep, managers of the rep's team and admins may read an attempt."""
    return reader.may_read(owner_id=attempt.user_id, team_id=owner_team_id)


def require_readable(*, attempt: PitchAttempt, owner_team_id: int | None,
                     reader: Policy) -> PitchAttempt:
    """Raise NotFound (never revealing that it exists) unless the reader may see it."""
    if not can_read(attempt=attempt, owner_team_id=owner_team_id, reader=reader):
        raise NotFound(f"There is no attempt {attempt.id}.")
    return attempt


def transition(*, session: Session, attempt: PitchAttempt, to: str, now: datetime,
               reason: str | None = None) -> PitchAttempt:
    """Move an attempt to the next state (refusing impossible moves)."""
    if to not in _NEXT.get(attempt.status, ()):
        raise Conflict(f"Attempt {attempt.id} is {attempt.status}; it cannot become {to}.")
    attempt.status = to
    attempt.updated_at = now
    attempt.failure_reason = reason if to == FAILED else None
    if to in (DONE, FAILED):
        attempt.finished_at = now
    session.add(attempt)
    session.flush()
    return attempt


def transcript_to_json(transcript: Transcript) -> dict[str, Any]:
    """The stored form of a transcript: text, duration and timed words."""
    return {
        "text": transcript.text,
        "duration_s": transcript.duration_s,
        "words": [[w.text, w.start, w.end, w.probability] for w in transcript.words],
    }


def transcript_from_json(data: dict[str, Any]) -> Transcript:
    """Rebuild a Transcript from its stored form."""
    from drills.transcript import Word

    words = [Word(text=w[0], start=w[1], end=w[2], probability=w[3]) for w in data["words"]]
    return Transcript(text=data["text"], words=tuple(words), duration_s=data.get("duration_s"))


def record_transcript(*, session: Session, attempt: PitchAttempt, transcript: Transcript,
                      now: datetime) -> PitchAttempt:
    """Keep the transcript (so a crash while scoring does not transcribe again) and move on."""
    attempt.transcript = transcript_to_json(transcript)
    return transition(session=session, attempt=attempt, to=SCORING, now=now)


def record_result(*, session: Session, attempt: PitchAttempt, result: ScoreResult,
                  now: datetime) -> PitchAttempt:
    """Save the scored result and mark the attempt done."""
    attempt.result = result.to_json_dict()
    attempt.score = result.score
    attempt.sure_score = result.sure_score
    return transition(session=session, attempt=attempt, to=DONE, now=now)


def fail(*, session: Session, attempt: PitchAttempt, reason: str, now: datetime) -> PitchAttempt:
    """Mark an attempt failed with a reason the rep can act on (the audio is kept)."""
    return transition(session=session, attempt=attempt, to=FAILED, now=now, reason=reason)


def reopen(*, session: Session, attempt: PitchAttempt, now: datetime) -> PitchAttempt:
    """Put a failed attempt back in the queue (its recording is still on disk)."""
    if attempt.status != FAILED:
        raise Conflict("Only a failed attempt can be retried.")
    attempt.transcript = None
    attempt.result = None
    attempt.score = None
    attempt.finished_at = None
    return transition(session=session, attempt=attempt, to=UPLOADED, now=now)


def previous_on_pitch(*, session: Session, attempt: PitchAttempt,
                      limit: int = 10) -> Sequence[PitchAttempt]:
    """The same rep's other attempts on the same pitch (or drill), newest first."""
    query = select(PitchAttempt).where(
        PitchAttempt.user_id == attempt.user_id, PitchAttempt.module_id == attempt.module_id,
        PitchAttempt.id != attempt.id)
    if attempt.drill_id is not None:
        query = query.where(PitchAttempt.drill_id == attempt.drill_id)
    else:
        query = query.where(PitchAttempt.pitch_id == attempt.pitch_id)
    return session.exec(query.order_by(col(PitchAttempt.created_at).desc(),
                                       col(PitchAttempt.id).desc()).limit(limit)).all()


def list_for_user(*, session: Session, user_id: int, module_ids: Iterable[int] | None = None,
                  limit: int = 50) -> Sequence[PitchAttempt]:
    """A rep's attempts, newest first (optionally only on some modules)."""
    query = select(PitchAttempt).where(PitchAttempt.user_id == user_id)
    if module_ids is not None:
        query = query.where(col(PitchAttempt.module_id).in_(list(module_ids)))
    return session.exec(query.order_by(col(PitchAttempt.created_at).desc(),
                                       col(PitchAttempt.id).desc()).limit(limit)).all()


def best_scores(*, session: Session, user_id: int,
                module_id: int) -> dict[str, int]:
    """The best done score per pitch id for one rep on one module."""
    rows = session.exec(select(PitchAttempt.pitch_id, PitchAttempt.score).where(
        PitchAttempt.user_id == user_id, PitchAttempt.module_id == module_id,
        PitchAttempt.status == DONE, col(PitchAttempt.pitch_id).is_not(None))).all()
    best: dict[str, int] = {}
    for pitch_id, score in rows:
        if pitch_id is not None and score is not None:
            best[pitch_id] = max(best.get(pitch_id, 0), score)
    return best
