"""How it was said: pace, fillers ("like" only in filler use), pauses, duration."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drills.scoring.clauses import _CLAUSE_END_RE, _SENT_END_RE, _round
from drills.scoring.result import Delivery
from drills.scoring.spec import ScoringSpec
from drills.transcript import Transcript

PAUSE_S = 0.3  # a gap between words longer than this is a pause
LONG_PAUSE_S = 1.0  # ... and longer than this a long one

_SINGLE_FILLERS = {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "mm", "mhm"}
_DETERMINERS = {
    "a", "the", "this", "that", "what", "which", "any", "some", "every", "each", "one",
    "all", "these", "those", "no", "same", "our", "your", "their", "my", "his", "her",
    "its", "another", "certain", "different",
}  # fmt: skip
_KNOW_OBJECTS = {
    "what", "that", "how", "why", "if", "whether", "who", "where", "when", "the", "a",
    "an", "our", "your", "this", "it", "them", "him", "her", "me", "us", "about", "more",
    "each", "everything", "all", "which", "their", "those", "these", "his", "anything",
}  # fmt: skip
_KNOW_NOT_FILLER_BEFORE = {
    "do", "did", "if", "don't", "didn't", "not", "will", "would", "may", "might",
    "could", "should", "to", "let", "you'll", "i", "we", "they", "doesn't",
}  # fmt: skip
_LIKE_VERBS = {
    "would", "i", "we", "you", "they", "looks", "look", "feel", "feels", "just", "seems",
    "sounds", "things", "something", "anything", "much", "really", "don't", "didn't",
    "d", "'d", "i'd", "we'd", "you'd", "they'd", "more", "exactly", "not", "is", "was",
}  # fmt: skip
_WORD_CLEAN_RE = re.compile(r"[^\w']+")


_SINGLE_FILLER_NAMES = {"umm": "um", "uhh": "uh", "uhm": "um", "erm": "er", "ahh": "ah",
                        "mm": "hmm", "mhm": "hmm"}  # the spelling each is counted under


def _count_fillers(words: Sequence[str]) -> dict[str, int]:
    """Count fillers a listener would hear as fillers, not every "like" or "kind of"."""
    low = [_WORD_CLEAN_RE.sub("", w.lower().replace("’", "'")) for w in words]
    comma_after = [w.rstrip().endswith((",", "...", "…", "-", "—")) for w in words]
    sent_end = [bool(_SENT_END_RE.search(w)) for w in words]
    counts: dict[str, int] = {}
    for i in range(len(low)):
        k = _filler_at(low, comma_after, sent_end, i)
        if k is not None:
            counts[k] = counts.get(k, 0) + 1
    return counts


def _filler_at(low: list[str], comma_after: list[bool], sent_end: list[bool], i: int
               ) -> str | None:
    """The filler the word at i ends ("um", "like", "you know", "kind of"), or None."""
    w = low[i]
    prev = low[i - 1] if i else ""
    if w in _SINGLE_FILLERS:
        return w if w in ("um", "uh", "er", "ah", "hmm") else _SINGLE_FILLER_NAMES[w]
    if w == "like":
        return "like" if _like_is_filler(low, comma_after, sent_end, i) else None
    nxt = low[i + 1] if i + 1 < len(low) else ""
    before = low[i - 2] if i >= 2 else ""
    if w == "know" and prev == "you":
        if (
            comma_after[i]
            or sent_end[i]
            or (nxt not in _KNOW_OBJECTS and before not in _KNOW_NOT_FILLER_BEFORE)
        ):
            return "you know"
    elif w == "mean" and prev == "i":
        start_of_clause = i < 2 or comma_after[i - 2] or sent_end[i - 2]
        if comma_after[i] or (
            start_of_clause
            and before not in ("what", "that")
            and nxt not in ("it", "that", "to", "what")
        ):
            return "i mean"
    elif w == "of" and prev in ("sort", "kind") and before not in _DETERMINERS:
        return f"{prev} of"  # "what kind of tool" is not a filler
    return None


def _like_is_filler(low: list[str], comma_after: list[bool], sent_end: list[bool], i: int
                    ) -> bool:
    """Whether "like" at i is a filler: set off by a comma, after another filler, or
    opening a clause where it is neither a verb nor a comparison ("like the old one")."""
    prev = low[i - 1] if i else ""
    nxt = low[i + 1] if i + 1 < len(low) else ""
    boundary_before = i == 0 or comma_after[i - 1] or sent_end[i - 1]
    return bool(
        comma_after[i]
        or prev in _SINGLE_FILLERS
        or prev == "like"
        or (boundary_before and prev not in _LIKE_VERBS and nxt not in ("a", "an", "the"))
    )


def _max_word_s(text: str) -> float:
    """A generous upper bound on how long a word takes to say (digits read as words)."""
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return 0.3 + 0.08 * letters + 0.25 * digits


def _delivery(spec: ScoringSpec, transcript: Transcript) -> Delivery:
    words = transcript.words
    n = len(words)
    fillers = _count_fillers([w.text for w in words])
    total_fillers = sum(fillers.values())
    duration = transcript.duration_s
    longest = pauses = long_pauses = hesitations = None
    wpm: int | None = None
    if transcript.timed:
        starts = [float(w.start) for w in words if w.start is not None]
        ends = [float(w.end) for w in words if w.end is not None]
        # Whisper stretches the word before a silence over it ("3." lasting 1.7 s), which
        # would hide the pause; cap each word at a generous spoken length for gaps.
        spoken_ends = [
            min(e, s + _max_word_s(w.text)) for s, e, w in zip(starts, ends, words, strict=True)
        ]
        gaps = [max(0.0, starts[i + 1] - spoken_ends[i]) for i in range(n - 1)]
        longest = round(max(gaps), 2) if gaps else 0.0
        pauses = sum(1 for g in gaps if g > PAUSE_S)
        long_pauses = sum(1 for g in gaps if g > LONG_PAUSE_S)
        hesitations = sum(
            1
            for i, g in enumerate(gaps)
            if g > PAUSE_S
            and not _SENT_END_RE.search(words[i].text)
            and not _CLAUSE_END_RE.search(words[i].text)
        )
        if duration is None:
            duration = ends[-1]
        # Rate over the speech itself: leading/trailing silence is not slow talking.
        span = ends[-1] - starts[0]
        if span > 0:
            wpm = round(n / span * 60)
    elif duration:
        wpm = round(n / duration * 60) if n else 0
    pace = None
    if wpm is not None:
        lo, hi = spec.wpm_band
        pace = "slow" if wpm < lo else "fast" if wpm > hi else "on target"
    duration_ok = None
    if duration is not None and spec.duration_target is not None:
        duration_ok = spec.duration_target[0] <= duration <= spec.duration_target[1]
    return Delivery(
        duration_s=_round(duration, 1),
        words=n,
        wpm=wpm,
        fillers=total_fillers,
        fillers_per_100_words=round(total_fillers * 100 / n, 1) if n else 0.0,
        longest_pause_s=longest,
        pauses=pauses,
        long_pauses=long_pauses,
        hesitations=hesitations,
        filler_words=dict(sorted(fillers.items())),
        wpm_band=spec.wpm_band,
        pace=pace,
        duration_target=spec.duration_target,
        duration_ok=duration_ok,
    )

