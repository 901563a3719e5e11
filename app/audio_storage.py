"""Storing recordings: sniff what the bytes really are, check them, write them with a checksum.

A recording is written (and fsynced) under `data_dir/recordings` before its attempt is
committed, so a crash can lose neither the row nor the file the row points to. What can be
known at upload is refused at upload with a clear message (empty, oversized, not audio,
labelled as one format but another, cut off in transit, silent, too short, too long);
what can only be known later (Whisper heard no words) fails the attempt with a reason
instead. Whether a file is whole is read from its container (app/audio_containers.py);
its length from its header when declared, else by decoding it, never past the limit.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app import audio_containers
from app.audio_containers import Layout
from drills.attempts import StoredAudio
from drills.errors import InvalidInput

log = logging.getLogger(__name__)

RECORDINGS = "recordings"
MIN_SECONDS = 3.0
SILENCE_DBFS = -50.0  # loudest 50 ms window below this: nothing was picked up

# Canonical content type per family, and the file extension we store it under.
EXTENSIONS = {"audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a", "audio/wav": "wav",
              "audio/flac": "flac", "audio/mpeg": "mp3"}
LABELS = {"webm": "WebM", "ogg": "Ogg", "m4a": "MP4/M4A", "wav": "WAV", "flac": "FLAC",
          "mp3": "MP3"}

# What browsers and tools actually send, mapped to the family. Chrome labels its own
# recordings video/webm at times and iOS Safari audio/mp4 or video/mp4, so both count.
ALIASES = {
    "audio/webm": "audio/webm", "video/webm": "audio/webm",
    "audio/ogg": "audio/ogg", "application/ogg": "audio/ogg", "audio/opus": "audio/ogg",
    "audio/mp4": "audio/mp4", "video/mp4": "audio/mp4", "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4", "audio/aac": "audio/mp4", "audio/x-mp4": "audio/mp4",
    "video/quicktime": "audio/mp4",
    "audio/wav": "audio/wav", "audio/x-wav": "audio/wav", "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/flac": "audio/flac", "audio/x-flac": "audio/flac",
    "audio/mpeg": "audio/mpeg", "audio/mp3": "audio/mpeg", "audio/x-mpeg": "audio/mpeg",
}
# Labels that say nothing about the format: the bytes decide.
UNLABELLED = {"", "application/octet-stream", "binary/octet-stream"}


class RecordingRejected(InvalidInput):
    """An upload that is not a usable recording; the message says what to do."""


class RecordingTooLarge(RecordingRejected):
    """A recording over the upload size limit (413, not 422: the size is the problem)."""


def sniff(head: bytes) -> str | None:
    """The audio family of a file from its first bytes, or None if it is none we take."""
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm"  # EBML: WebM/Matroska
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "audio/mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return None


def check_content_type(declared: str | None, head: bytes) -> str:
    """The real content type; refuses non-audio bytes and a label that contradicts them."""
    if not head:
        raise RecordingRejected("The recording is empty. Record again and resubmit.")
    actual = sniff(head)
    label = (declared or "").split(";")[0].strip().lower()
    if actual is None:
        raise RecordingRejected(
            "This file is not a recording we can read. Upload WebM, Ogg, MP4/M4A, WAV, FLAC "
            "or MP3 audio.")
    family = ALIASES.get(label)
    if label not in UNLABELLED and family is None:
        raise RecordingRejected(
            f"The upload is labelled {label!r}, which is not an audio type; send it as "
            f"{actual}.")
    if family is not None and family != actual:
        raise RecordingRejected(
            f"The upload is labelled {label} but the file is {LABELS[EXTENSIONS[actual]]} "
            f"audio. Send it with its real type ({actual}).")
    return actual


CUT_OFF = ("The recording was cut off during upload: the file ends part-way through. "
           "Record again and resubmit.")
# CPU time one upload's decoding may take. Decoding stops once the audio passes the length
# limit, and the upload's size is capped, so a real take (up to 300 s) takes well under a
# second; this is the backstop for a file whose frames are unusually costly. It is counted
# per decoding thread, between frames (a frame is a bounded piece of work), rather than by
# a separate process under RLIMIT_CPU: that would cost an interpreter start (~0.2 s) per
# upload for a guarantee the frame-by-frame check already gives, and the job decodes the
# same file in-process later anyway.
PROBE_CPU_S = 5.0


def load_decoder() -> None:
    """Import the decoder (at start-up: a first import in a request would hold the
    interpreter lock, and so every other request, for a fifth of a second)."""
    import av  # noqa: F401
    import numpy  # noqa: F401


def check_complete(data: bytes, content_type: str) -> Layout:
    """Refuse a file cut off in transit; returns the length its header declares."""
    try:
        return audio_containers.inspect(data, content_type)
    except audio_containers.Truncated as exc:
        raise RecordingRejected(CUT_OFF) from exc


@dataclass(frozen=True)
class Probe:
    """What decoding the recording (up to the length limit) tells us."""

    duration_s: float
    peak_dbfs: float


def too_long(*, seconds: float | None, max_seconds: float) -> RecordingRejected:
    """The refusal of a take over the limit (`seconds` None: decoding stopped at the limit)."""
    if seconds is None:
        return RecordingRejected(f"The recording is longer than the limit of "
                                 f"{max_seconds:.0f} s. Record a shorter take.")
    return RecordingRejected(f"The recording is {seconds:.0f} s long; the limit is "
                             f"{max_seconds:.0f} s. Record a shorter take.")


class _Meter:
    """Samples decoded so far and the loudest 50 ms window among them."""

    def __init__(self) -> None:
        self.samples = 0
        self.rate = 0
        self.peak = 0.0

    @property
    def seconds(self) -> float:
        return self.samples / self.rate if self.rate else 0.0

    def add(self, frame: Any) -> None:
        import numpy as np

        self.rate = frame.sample_rate or self.rate
        data = frame.to_ndarray().astype(np.float32)
        if data.ndim > 1:
            data = data.reshape(-1) if data.shape[0] == 1 else data.mean(axis=0)
        if frame.format.name.startswith("s16"):
            data /= 32768.0
        elif frame.format.name.startswith("s32"):
            data /= 2147483648.0
        self.samples += frame.samples
        window = max(1, int((self.rate or 16000) * 0.05))
        self.peak = max(self.peak, _loudest(data, window))


def _loudest(data: Any, window: int) -> float:
    """The RMS level of the loudest `window`-sample stretch of `data` (the last may be short)."""
    import numpy as np

    whole = len(data) // window * window
    levels = [0.0]
    if whole:
        levels.append(float(np.sqrt(np.mean(np.square(data[:whole].reshape(-1, window)),
                                            axis=1)).max()))
    if whole < len(data):
        levels.append(float(np.sqrt(np.mean(np.square(data[whole:])))))
    return max(levels)


def _declared_seconds(container: Any, stream: Any, family: str | None) -> float | None:
    """The length the container's header gives, where it is read from the header or the
    file's end (an MP3's is guessed from its bit rate, so it is not used)."""
    if family == "audio/mpeg":
        return None
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return container.duration / 1_000_000 if container.duration else None


def probe(path: Path, *, max_seconds: float, family: str | None = None,
          layout: Layout | None = None) -> Probe:
    """Decode the recording, up to the length limit: its length and its loudest 50 ms window.

    Decoding (not trusting headers) is what finds the length of MediaRecorder's WebM,
    which often has none in its header. A file longer than the limit is refused as soon
    as its header or its decoded audio says so, so a few MB that decode to hours cost no
    more than a take at the limit. A FLAC that decodes to fewer samples than its header
    declares was cut off.
    """
    import av

    expected = layout.samples if layout is not None else None
    meter = _Meter()
    deadline = time.thread_time() + PROBE_CPU_S
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise RecordingRejected("The file has no audio track. Record again.")
            stream = container.streams.audio[0]
            declared = _declared_seconds(container, stream, family)
            if declared is not None and declared > max_seconds:
                raise too_long(seconds=declared, max_seconds=max_seconds)
            for frame in container.decode(stream):
                meter.add(frame)
                if meter.seconds > max_seconds:
                    raise too_long(seconds=None, max_seconds=max_seconds)
                if time.thread_time() > deadline:
                    raise RecordingRejected("This recording takes too long to read. Record "
                                            "again, or send it as WebM/Opus or MP4/AAC.")
    except RecordingRejected:
        raise
    except (av.FFmpegError, UnicodeDecodeError, ValueError, OSError) as exc:
        if expected and meter.samples < expected:
            raise RecordingRejected(CUT_OFF) from exc
        # The decoder's words name the file's path on the server: logged, not shown.
        log.info("unplayable recording refused: %s", exc)
        raise RecordingRejected(
            "The recording is damaged or cut off and cannot be played. Record again."
        ) from exc
    if expected and meter.samples < expected:
        raise RecordingRejected(CUT_OFF)
    if meter.samples == 0 or meter.rate == 0:
        raise RecordingRejected("The recording contains no sound. Record again.")
    dbfs = 20 * math.log10(meter.peak) if meter.peak > 0 else -120.0
    return Probe(duration_s=meter.seconds, peak_dbfs=round(dbfs, 1))


def check_probe(result: Probe, *, max_seconds: float) -> None:
    """Refuse recordings that are too short, too long or silent."""
    if result.duration_s < MIN_SECONDS:
        raise RecordingRejected(
            f"The recording is only {result.duration_s:.1f} s long; a pitch needs at least "
            f"{MIN_SECONDS:.0f} seconds. Record again.")
    if result.duration_s > max_seconds:
        raise too_long(seconds=result.duration_s, max_seconds=max_seconds)
    if result.peak_dbfs < SILENCE_DBFS:
        raise RecordingRejected(
            "The recording is silent: the microphone picked nothing up. Check that the "
            "browser may use the microphone, then record again.")


def read_capped(stream: BinaryIO, limit: int) -> bytes:
    """Read an upload, refusing it as soon as it passes the size limit."""
    parts: list[bytes] = []
    size = 0
    while chunk := stream.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise RecordingTooLarge(
                f"The recording is larger than {limit // (1024 * 1024)} MB. Record a shorter "
                "take.")
        parts.append(chunk)
    return b"".join(parts)


def require_sent_size(data: bytes, sent_bytes: int | None) -> None:
    """Refuse a recording that arrived with fewer (or more) bytes than the client says it
    sent. The container check cannot see a cut that lands exactly between two WebM blocks;
    this catches it whenever the client tells us the size (our phone page always does)."""
    if sent_bytes is not None and sent_bytes != len(data):
        raise RecordingRejected(CUT_OFF)


def resolve(data_dir: Path, stored_path: str) -> Path:
    """The file of a stored recording (paths are kept relative to the data directory)."""
    p = Path(stored_path)
    return p if p.is_absolute() else data_dir / p


def store(*, data_dir: Path, user_id: int, data: bytes, declared_type: str | None,
          max_seconds: float) -> StoredAudio:
    """Check a recording and write it durably; returns what the attempt row records.

    Runs in a worker thread, outside any database write turn: decoding takes a while.
    """
    content_type = check_content_type(declared_type, data[:64])
    layout = check_complete(data, content_type)
    if layout.seconds is not None and layout.seconds > max_seconds:
        raise too_long(seconds=layout.seconds, max_seconds=max_seconds)
    folder = data_dir / RECORDINGS / str(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
    final = folder / name
    tmp = folder / (name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        found = probe(tmp, max_seconds=max_seconds, family=content_type, layout=layout)
        check_probe(found, max_seconds=max_seconds)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, final)  # atomic: the final name only ever holds a complete file
    return StoredAudio(path=str(final.relative_to(data_dir)),
                       sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                       content_type=content_type, duration_s=round(found.duration_s, 3))


def discard(*, data_dir: Path, stored: StoredAudio) -> None:
    """Remove a stored file that no attempt ended up pointing to (a lost idempotency race)."""
    resolve(data_dir, stored.path).unlink(missing_ok=True)


def verify(*, data_dir: Path, stored_path: str, sha256: str) -> bool:
    """Whether the file on disk still has the checksum recorded at upload."""
    path = resolve(data_dir, stored_path)
    if not path.is_file():
        return False
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest() == sha256
