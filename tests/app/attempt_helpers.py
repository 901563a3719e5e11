"""Helpers for the pitch-attempt tests: a launched module, audio bytes, a fake transcriber."""

from __future__ import annotations

import io
import math
import struct
import wave
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.clock import utcnow
from app.models import Team
from drills.models import Module, ModuleVersion
from drills.modules import import_playbook, launch
from drills.transcript import Transcript, Word

REPO = Path(__file__).resolve().parents[2]
AUDIO = REPO / "tests" / "fixtures" / "audio"
HARBOR_YAML = REPO / "tests" / "drills" / "eval" / "harborguard.yaml"
HARBOR_FLAC = AUDIO / "harborguard-it-director.flac"

GOOD_PITCH = ("Our backups are immutable, so ransomware cannot encrypt or delete them. "
              "You can restore a whole server in under fifteen minutes. "
              "We test one hundred percent of backups for recoverability every night.")


def launched_harborguard(session: Session, team: Team) -> tuple[Module, ModuleVersion]:
    """The eval playbook `harborguard` published and launched to a team."""
    now = utcnow()
    version = import_playbook(session=session, data=HARBOR_YAML.read_bytes(),
                              filename="harborguard.yaml", by=None, now=now)
    module = session.get(Module, version.module_id)
    assert module is not None and team.id is not None
    launch(session=session, module=module, version=None, team_ids=[team.id], due_at=None,
           by=None, now=now)
    session.commit()
    return module, version


def wav(seconds: float = 4.0, *, rate: int = 16000, amplitude: int = 8000) -> bytes:
    """A mono 16-bit WAV: a 220 Hz tone, or silence with amplitude=0."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = (struct.pack("<h", int(amplitude * math.sin(2 * math.pi * 220 * i / rate)))
                  for i in range(int(seconds * rate)))
        w.writeframes(b"".join(frames))
    return buf.getvalue()


def timed(text: str, *, start: float = 0.5, step: float = 0.4) -> Transcript:
    """A transcript with evenly spaced word times (what Whisper gives, minus the errors)."""
    words = [Word(t, round(start + i * step, 2), round(start + i * step + 0.3, 2), 0.9)
             for i, t in enumerate(text.split())]
    return Transcript.from_words(words, duration_s=start + len(words) * step + 0.5)


class FakeTranscriber:
    """Stands in for Whisper: returns a fixed transcript and remembers the prompt terms."""

    def __init__(self, text: str = GOOD_PITCH) -> None:
        self.text = text
        self.calls: list[dict[str, Any]] = []

    def __call__(self, path: Any, *, vocabulary: Any = (), model: Any = None) -> Transcript:
        self.calls.append({"path": Path(path), "vocabulary": list(vocabulary)})
        return timed(self.text) if self.text else Transcript.from_words([], duration_s=4.0)
