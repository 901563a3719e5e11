"""The input to scoring: what was said, and (for recordings) when each word was said.

A transcript comes either from the transcription adapter (words with timestamps and
probabilities) or from plain text (a typed answer, a `.txt` file given to the CLI), in
which case nothing is timed and every time-based figure in the score is null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word as the recogniser heard it (text keeps its punctuation)."""

    text: str
    start: float | None = None
    end: float | None = None
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """The full text plus its words; `duration_s` is the recording's length when known."""

    text: str
    words: tuple[Word, ...]
    duration_s: float | None = None

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """A transcript of typed text: whitespace-separated words, no timings."""
        words = tuple(Word(m.group(0)) for m in _WORD_RE.finditer(text))
        return cls(text=text.strip(), words=words, duration_s=None)

    @classmethod
    def from_words(
        cls, words: list[Word] | tuple[Word, ...], duration_s: float | None
    ) -> Transcript:
        """A transcript built from recognised words; the text is the words joined."""
        clean = tuple(w for w in words if w.text.strip())
        text = " ".join(w.text.strip() for w in clean)
        return cls(text=text, words=clean, duration_s=duration_s)

    @property
    def timed(self) -> bool:
        """Whether every word carries start and end times (only then are pauses known)."""
        return bool(self.words) and all(
            w.start is not None and w.end is not None for w in self.words
        )
