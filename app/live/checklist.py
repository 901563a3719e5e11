"""Incremental scoring of the committed text: which messages have landed, which banned
phrases were said, and the pace, as events for the live checklist.

The batch scorer (`drills.scoring.score_transcript`) is run on a recent window of the
committed words only (the last WINDOW_WORDS), so each update costs the same at minute
five as at second five; a message said within that window is seen whole. Events are
monotonic: a message once reported covered stays ticked (the final result, scored on the
whole transcript, is the authority and may differ, e.g. a later "not" that negates it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drills.scoring import ScoringSpec, score_transcript
from drills.transcript import Transcript, Word

WINDOW_WORDS = 80  # longer than any one message as said, short enough to stay cheap
PACE_WINDOW_S = 20.0  # pace is measured over the last this many seconds of speech


@dataclass
class Checklist:
    """The live state of one take's checklist."""

    spec: ScoringSpec
    replacements: Mapping[str, str] = field(default_factory=dict)  # retired -> statement
    covered: set[str] = field(default_factory=set)
    phrases: set[tuple[str, float | None]] = field(default_factory=set)

    def update(self, committed: Sequence[Word]) -> list[dict[str, Any]]:
        """Score the recent committed words; the events not sent before."""
        if not committed:
            return []
        window = list(committed[-WINDOW_WORDS:])
        result = score_transcript(self.spec, Transcript.from_words(window, duration_s=None))
        events: list[dict[str, Any]] = []
        for m in result.messages:
            if m.covered and m.id not in self.covered:
                self.covered.add(m.id)
                events.append({"type": "covered", "message": m.id, "start": m.start,
                               "end": m.end, "quote": m.evidence})
        for kind, hits in (("forbidden", result.forbidden), ("retired", result.retired)):
            for hit in hits:
                key = (hit.phrase, hit.start)
                if key in self.phrases:
                    continue
                self.phrases.add(key)
                event: dict[str, Any] = {"type": "phrase", "kind": kind, "phrase": hit.phrase,
                                         "said": hit.said, "start": hit.start}
                if kind == "forbidden":
                    event["reason"] = hit.note
                else:
                    event["replaced_by"] = hit.note
                    event["say_instead"] = self.replacements.get(hit.note or "")
                events.append(event)
        pace = pace_event(self.spec, committed)
        if pace is not None:
            events.append(pace)
        return events


def pace_event(spec: ScoringSpec, committed: Sequence[Word]) -> dict[str, Any] | None:
    """Words per minute over the last PACE_WINDOW_S of speech, against the target band."""
    last = committed[-1].end
    if last is None:
        return None
    recent = [w for w in committed if w.start is not None and w.start >= last - PACE_WINDOW_S]
    if len(recent) < 4:
        return None
    span = last - float(recent[0].start or 0.0)
    if span <= 0:
        return None
    wpm = round(len(recent) / span * 60)
    lo, hi = spec.wpm_band
    pace = "slow" if wpm < lo else "fast" if wpm > hi else "on target"
    return {"type": "pace", "wpm": wpm, "band": [lo, hi], "pace": pace}
