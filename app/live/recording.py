"""A live take's audio, and the attempt it becomes.

The take is kept as it arrived: 16 kHz PCM is written as a WAV, MediaRecorder chunks as
the WebM they make up. Either is stored by `app.audio_storage.store`, the upload's own
check-and-write, so a live take is an attempt like an uploaded one: same files, same row,
same scoring (`app.pitch_pipeline.record_and_score`), so review, certification, insights
and xAPI need no case of their own. The row, its transcript and its result are written in
one transaction: a take is either a scored attempt or nothing.
"""

from __future__ import annotations

import io
import uuid
import wave
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlmodel import Session

from app.clock import utcnow
from app.db import begin_write
from app.live.protocol import BAD_INPUT, SAMPLE_RATE, LiveError
from app.live.roleplay_cards import answer_objection_cards
from app.live.webm_stream import WebmOpusStream
from app.pitch_pipeline import record_and_score
from drills import attempts
from drills.attempt_models import TRANSCRIBING, PitchAttempt
from drills.attempts import StoredAudio
from drills.models import ModuleVersion
from drills.scoring import ScoringSpec
from drills.transcript import Transcript

CUT_OFF = ("The live take was cut off after {seconds:.0f} s (the connection closed before "
           "Stop). The recording so far is kept: tap Retry to score it, or record a new "
           "take.")


class TakeAudio:
    """The bytes of one take and the samples decoded from them so far."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self._parts: list[bytes] = []
        self.size = 0
        self._decoded = 0  # samples handed out so far
        self._pending: list[np.ndarray] = []
        self._webm = WebmOpusStream() if fmt == "webm" else None

    def add(self, data: bytes) -> None:
        if self.fmt == "pcm_s16le":
            if len(data) % 2:
                raise LiveError(BAD_INPUT, "A PCM frame must hold whole 16-bit samples (an "
                                "even number of bytes).")
            self._pending.append(np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768)
        elif self._webm is not None:
            self._pending.append(self._webm.feed(data))
        self._parts.append(data)
        self.size += len(data)

    @property
    def received_s(self) -> float:
        """Seconds of audio received (PCM: exact; WebM: as far as decoded)."""
        if self.fmt == "pcm_s16le":
            return self.size / 2 / SAMPLE_RATE
        return (self._decoded + sum(len(p) for p in self._pending)) / SAMPLE_RATE

    def drain(self) -> np.ndarray:
        """The samples received since the last call, float32 mono 16 kHz."""
        out = np.concatenate(self._pending) if self._pending else np.zeros(0, np.float32)
        self._pending = []
        self._decoded += len(out)
        return out

    def file(self) -> tuple[bytes, str]:
        """The recording as stored: (bytes, content type)."""
        if self.fmt == "webm":
            return b"".join(self._parts), "audio/webm"
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(b"".join(self._parts))
        return buf.getvalue(), "audio/wav"


@dataclass(frozen=True)
class LiveTarget:
    """What the take is for (plain values, read before the take starts)."""

    user_id: int
    module_id: int
    module_slug: str
    version_id: int
    pitch_id: str | None
    spec: ScoringSpec  # what the take is scored against (the pitch's or the drill's rubric)
    drill_id: int | None = None  # a spoken drill answered live, with the card's shown state
    shown_state: str | None = None


def _create(session: Session, target: LiveTarget, stored: StoredAudio) -> PitchAttempt:
    attempt, _ = attempts.create(
        session=session, user_id=target.user_id, key=f"live-{uuid.uuid4().hex}",
        module_id=target.module_id, module_version_id=target.version_id,
        pitch_id=target.pitch_id, drill_id=target.drill_id, shown_state=target.shown_state,
        audio=stored, now=utcnow())
    return attempt


def record_take(session: Session, target: LiveTarget, stored: StoredAudio,
                transcript: Transcript, base_url: str,
                extra: dict[str, Any] | None = None) -> PitchAttempt:
    """The short write: the attempt, its transcript and its scored result, in one commit.
    `extra` joins the result object (a role-play's turns and judgements)."""
    begin_write(session)
    try:
        version = session.get(ModuleVersion, target.version_id)
        assert version is not None
        attempt = _create(session, target, stored)
        attempts.transition(session=session, attempt=attempt, to=TRANSCRIBING, now=utcnow())
        record_and_score(session, attempt, version, transcript, base_url)
        if extra and extra.get("roleplay"):
            answer_objection_cards(session=session, user_id=target.user_id,
                                   module_id=target.module_id, content=version.content,
                                   turns=extra["roleplay"]["turns"], now=utcnow())
        if extra:
            attempt.result = {**(attempt.result or {}), **extra}  # (a new dict: JSON column)
            session.add(attempt)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return attempt


def record_cut_off(session: Session, target: LiveTarget, stored: StoredAudio,
                   seconds: float) -> PitchAttempt:
    """A take whose connection closed mid-way: kept as a failed attempt the rep can retry
    (the upload pipeline then scores the stored recording) or leave."""
    begin_write(session)
    try:
        attempt = _create(session, target, stored)
        attempts.fail(session=session, attempt=attempt, reason=CUT_OFF.format(seconds=seconds),
                      now=utcnow())
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return attempt
