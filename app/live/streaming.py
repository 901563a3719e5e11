"""Streaming transcription: a rolling window of audio with a committed prefix.

Each pass runs Whisper over the audio after the last trim point (at most about
`trim_s` + a few seconds, so a pass costs the same at minute five as at second five:
Whisper pads every window to 30 s anyway). Words that two successive passes agree on
(the common prefix of their hypotheses, after what is already committed) are committed
and never change; the rest is shown as a partial. Once the window is longer than
`trim_s`, the audio before the end of the last committed sentence is dropped, and the
committed words go into the next pass's prompt so Whisper keeps the thread.

On stop, one last pass over the tail commits everything it hears. The committed words
plus that tail are the take's transcript: with absolute times, like the batch
transcription's, so the batch scorer can be run on it unchanged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from app.transcription import SAMPLE_RATE, build_prompt
from drills.scoring import PointSpec
from drills.transcript import Word

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

TRIM_S = 8.0  # the window is cut back to the last committed sentence past this length
MAX_WINDOW_S = 25.0  # ... and to the last committed word past this (Whisper sees 30 s)
SILENT_KEEP_S = 2.0  # a window with no words keeps only this much (a word may be starting)
MIN_PASS_S = 1.0  # a shorter window is mostly a word cut in half: wait for more
QUIET_DBFS = -40.0  # quieter than this after the last pass: no words were missed
PROMPT_WORDS = 40  # committed words carried into the next pass's prompt
TAIL_MATCH_S = 1.5  # how far Whisper's time for a committed word may drift between passes
TOKENS_PER_S = 6  # a ceiling on Whisper tokens per second of speech (fast talk is ~4)
_NORM_RE = re.compile(r"[^\w']+")
_SENTENCE_END = re.compile(r"[.!?]['\")\]]*$")


def live_vocabulary(title: str, points: Sequence[PointSpec]) -> list[str]:
    """The prompt terms for one take: the module's title and the keywords of the points
    the take is judged on. Fewer than the batch job's (every term of the module): each
    pass pays for the prompt, and a long comma list primes tiny.en to answer in lists."""
    terms = [title, *(k for p in points for k in p.keywords)]
    return [t for t in dict.fromkeys(terms) if t]


def norm(text: str) -> str:
    """A word as passes are compared: lower case, no punctuation."""
    return _NORM_RE.sub("", text.lower())


def _quiet(samples: np.ndarray) -> bool:
    """Whether no 50 ms stretch of these samples is louder than QUIET_DBFS."""
    if len(samples) == 0:
        return True
    window = SAMPLE_RATE // 20
    whole = len(samples) // window * window
    parts = [samples[:whole].reshape(-1, window)] if whole else []
    levels = [float(np.sqrt(np.mean(np.square(p), axis=1)).max()) for p in parts]
    if whole < len(samples):
        levels.append(float(np.sqrt(np.mean(np.square(samples[whole:])))))
    peak = max(levels)
    return peak <= 0 or 20 * np.log10(peak) < QUIET_DBFS


@dataclass
class PassResult:
    """What one pass changed: newly committed words and the current tentative tail."""

    committed: list[Word] = field(default_factory=list)
    tentative: list[Word] = field(default_factory=list)
    seconds: float = 0.0  # audio received when the pass started


class RollingTranscriber:
    """The streaming state of one take. `add` is called from the event loop; `step` and
    `finish` from one worker thread at a time (the caller never overlaps them)."""

    def __init__(self, model: WhisperModel, *, vocabulary: Sequence[str] = (),
                 trim_s: float = TRIM_S, beam_size: int = 1) -> None:
        self.model = model
        self.terms = build_prompt(vocabulary)
        self.trim_s = trim_s
        self.beam_size = beam_size
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._window = np.zeros(0, dtype=np.float32)
        self.window_start = 0.0  # seconds into the take where the window begins
        self.received = 0  # samples received in all
        self.committed: list[Word] = []
        self._hypothesis: list[Word] = []  # the last pass's words after the committed ones
        self._last_seen = 0.0  # the end of the audio the last pass heard, in seconds
        self._heard_since_pass = False  # a loud stretch arrived after the last pass began
        self._quiet_passes = 0  # passes in a row with nothing new heard
        self._commit_lock = threading.Lock()  # a pass's commit vs. closing without it
        self._confirming = False  # the pass in flight heard nothing new since the last
        self._closed = False

    @property
    def seconds(self) -> float:
        return self.received / SAMPLE_RATE

    def add(self, samples: np.ndarray) -> None:
        """Append float32 mono 16 kHz samples."""
        loud = not _quiet(samples)
        with self._lock:
            self._chunks.append(samples.astype(np.float32, copy=False))
            self.received += len(samples)
            self._heard_since_pass = self._heard_since_pass or loud

    def needs_pass(self) -> bool:
        """Whether a pass could change anything: something was heard since the last one,
        or its tentative words wait for a second pass to agree (twice at most in a
        silence). In a pause the pump rests, which leaves the CPU to other takes."""
        return self._heard_since_pass or (bool(self._hypothesis) and self._quiet_passes < 2)

    def _take_window(self) -> tuple[np.ndarray, float]:
        with self._lock:
            if self._chunks:
                self._window = np.concatenate([self._window, *self._chunks])
                self._chunks = []
            return self._window, self.window_start

    def _prompt(self) -> str | None:
        tail = " ".join(w.text for w in self.committed[-PROMPT_WORDS:])
        parts = [p for p in (self.terms, tail) if p]
        return " ".join(parts) or None

    def _transcribe(self, audio: np.ndarray, offset: float, beam_size: int) -> list[Word]:
        options: dict[str, Any] = {
            "beam_size": beam_size, "word_timestamps": True, "vad_filter": False,
            "condition_on_previous_text": False, "initial_prompt": self._prompt(),
            # One decode per pass: no temperature fallback (a pass that goes wrong is
            # simply not agreed with by the next), and no runaway repetition: speech is
            # well under TOKENS_PER_S.
            "temperature": 0.0,
            "max_new_tokens": int(len(audio) / SAMPLE_RATE * TOKENS_PER_S) + 8,
        }
        if getattr(self.model.model, "is_multilingual", False):
            options["language"] = "en"
        segments, _info = self.model.transcribe(audio, **options)
        words = []
        for segment in segments:
            for w in segment.words or ():
                text = w.word.strip()
                if text:
                    words.append(Word(text=text, start=round(offset + float(w.start), 3),
                                      end=round(offset + float(w.end), 3),
                                      probability=round(float(w.probability), 4)))
        return words

    def _after_committed(self, words: list[Word]) -> list[Word]:
        """The pass's words that are new. The window still holds audio of committed words,
        and Whisper's times drift by a word or so, so the committed tail is found in the
        pass by its text first; by time only when it is not there."""
        if not self.committed:
            return words
        last_end = self.committed[-1].end or 0.0
        said = [norm(w.text) for w in words]
        for n in (3, 2, 1):
            tail = [norm(w.text) for w in self.committed[-n:]]
            if len(tail) < n:
                continue
            # where the pass says the tail, near where it was committed (a common word
            # like "the" also occurs earlier in the window)
            found = [(abs((words[i + n - 1].end or 0.0) - last_end), i)
                     for i in range(len(words) - n + 1) if said[i:i + n] == tail]
            near = [f for f in found if f[0] <= TAIL_MATCH_S]
            if near:
                return words[min(near)[1] + n:]
        return [w for w in words if (w.start or 0.0) > last_end - 0.1]

    def step(self) -> PassResult:
        """One pass: commit what this pass and the last agree on; trim the window."""
        with self._lock:
            heard, self._heard_since_pass = self._heard_since_pass, False
        audio, offset = self._take_window()
        seconds = offset + len(audio) / SAMPLE_RATE
        if len(audio) < SAMPLE_RATE * MIN_PASS_S:
            self._heard_since_pass = self._heard_since_pass or heard
            return PassResult(seconds=seconds)
        self._last_seen = seconds
        self._quiet_passes = 0 if heard else self._quiet_passes + 1
        with self._commit_lock:
            self._confirming = not heard and bool(self._hypothesis)
        try:
            heard_words = self._transcribe(audio, offset, self.beam_size)
        finally:
            self._confirming = False
        with self._commit_lock:
            if self._closed:  # the take ended without waiting for this pass
                return PassResult(seconds=seconds)
            words = self._after_committed(heard_words)
            agreed = 0
            for old, new in zip(self._hypothesis, words, strict=False):
                if norm(old.text) != norm(new.text):
                    break
                agreed += 1
            newly = words[:agreed]
            self.committed += newly
            self._hypothesis = words[agreed:]
            self._trim(seconds, heard=bool(words))
            return PassResult(committed=newly, tentative=list(self._hypothesis),
                              seconds=seconds)

    def close_while_confirming(self) -> list[Word] | None:
        """End the take at once if the pass in flight only re-reads silence to confirm
        the last pass's words (nothing was heard since): those words are final, so they
        are committed and the pass's answer is ignored. None when a pass must be waited
        for (or finish() run)."""
        with self._commit_lock:
            if not self._confirming or self._chunks_heard():
                return None
            self._closed = True
            self.committed += self._hypothesis
            self._hypothesis = []
            return list(self.committed)

    def _chunks_heard(self) -> bool:
        with self._lock:
            return self._heard_since_pass

    def _trim(self, seconds: float, *, heard: bool) -> None:
        length = seconds - self.window_start
        cut: float | None = None
        if not heard and not self.committed and length > self.trim_s:
            cut = seconds - SILENT_KEEP_S
        elif length > self.trim_s and self.committed:
            ends = [w.end for w in self.committed
                    if _SENTENCE_END.search(w.text) and (w.end or 0) > self.window_start]
            if ends:
                cut = ends[-1]
            elif length > MAX_WINDOW_S:
                cut = self.committed[-1].end
            if not heard and cut is None:
                cut = seconds - SILENT_KEEP_S
        if cut is None or cut <= self.window_start:
            return
        with self._lock:
            drop = int((cut - self.window_start) * SAMPLE_RATE)
            self._window = self._window[drop:]
            self.window_start += drop / SAMPLE_RATE

    def finish(self, beam_size: int | None = None) -> list[Word]:
        """The last pass over the tail: everything it hears is committed. Returns the
        take's words.

        When nothing but silence arrived after the last pass began (the rep finished,
        then tapped Stop), that pass already heard the whole tail: its words are
        committed as they are and no pass is needed, which is what makes the result
        arrive at once."""
        audio, offset = self._take_window()
        after_last = audio[max(0, int((self._last_seen - offset) * SAMPLE_RATE)):]
        if self._last_seen > 0 and _quiet(after_last):
            self.committed += self._hypothesis
        elif len(audio) >= SAMPLE_RATE // 4:
            tail = self._transcribe(audio, offset, beam_size or self.beam_size)
            self.committed += self._after_committed(tail)
        self._hypothesis = []
        return list(self.committed)
