"""The scoring result: as the scorer writes it (`ScoreResult`, frozen dataclasses whose
`to_json_dict` is the `onmessage score --json` contract) and as it is stored and read
back (`StoredResult`, a typed model that every reader validates instead of reading keys
by hand).

Results stored by earlier versions lack the newer keys (`check`, `learned`, `closest`,
`notes`, `sure_score`...): they validate with defaults. Keys this model does not know
are kept out of the typed view but not an error (a newer writer, a drill's outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drills.errors import InvalidInput
from drills.scoring.spec import DEFAULT_WPM_BAND

FORBIDDEN_PENALTY = 15  # score points lost per distinct forbidden phrase said
RETIRED_PENALTY = 10  # score points lost per distinct retired phrase said

# --- as written -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageResult:
    id: str
    covered: bool
    confidence: float
    evidence: str | None
    start: float | None
    end: float | None
    # None when covered; else "negated" | "distanced" | "partial" | "not said"
    missed_reason: str | None
    weight: float
    check: bool = False  # in the uncertain band: a manager should look at it
    signals: dict[str, float] = field(default_factory=dict)  # what the model weighed
    # how the managers' earlier decisions changed this judgement, in words (else None)
    learned: str | None = None
    # missed: the sentence nearest to it, so that a manager who judges it covered
    # teaches the scorer those words (not shown to the rep as evidence)
    closest: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "covered": self.covered,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "missed_reason": self.missed_reason,
            "weight": self.weight,
            "check": self.check,
            "signals": dict(self.signals),
            "learned": self.learned,
            "closest": self.closest,
        }


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A forbidden or retired phrase, as actually said."""

    phrase: str
    said: str
    start: float | None
    end: float | None
    note: str | None  # the reason (forbidden) or the replacing message id (retired)

    def to_json_dict(self, note_key: str) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "said": self.said,
            "start": self.start,
            "end": self.end,
            note_key: self.note,
        }


@dataclass(frozen=True, slots=True)
class Delivery:
    duration_s: float | None
    words: int
    wpm: int | None
    fillers: int
    fillers_per_100_words: float
    longest_pause_s: float | None
    pauses: int | None  # gaps > PAUSE_S
    long_pauses: int | None  # gaps > LONG_PAUSE_S
    hesitations: int | None  # pauses mid-sentence: where a dropped "um" usually hides
    filler_words: dict[str, int] = field(default_factory=dict)
    wpm_band: tuple[int, int] = DEFAULT_WPM_BAND
    pace: str | None = None  # "slow" | "on target" | "fast"
    duration_target: tuple[float, float] | None = None
    duration_ok: bool | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "words": self.words,
            "wpm": self.wpm,
            "fillers": self.fillers,
            "fillers_per_100_words": self.fillers_per_100_words,
            "longest_pause_s": self.longest_pause_s,
            "pauses": self.pauses,
            "long_pauses": self.long_pauses,
            "hesitations": self.hesitations,
            "filler_words": dict(self.filler_words),
            "wpm_band": list(self.wpm_band),
            "pace": self.pace,
            "duration_target": list(self.duration_target) if self.duration_target else None,
            "duration_ok": self.duration_ok,
        }


@dataclass(frozen=True, slots=True)
class ScoreResult:
    module: str
    version: int
    pitch: str | None
    score: int
    transcript: str
    messages: tuple[MessageResult, ...]
    forbidden: tuple[PhraseHit, ...]
    retired: tuple[PhraseHit, ...]
    delivery: Delivery
    formula: str
    judged_by: str = "semantic"  # which coverage model ran: "semantic" | "lexical"
    # why the judgements may not mean much: too few words, not English
    notes: tuple[str, ...] = ()
    # the score with the "manager to check" covered messages counted as missed
    sure_score: int | None = None

    @property
    def covered_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.messages if m.covered)

    def to_json_dict(self) -> dict[str, Any]:
        """The `onmessage score --json` contract (plus a few documented extra keys)."""
        return {
            "module": self.module,
            "version": self.version,
            "pitch": self.pitch,
            "score": self.score,
            "transcript": self.transcript,
            "messages": [m.to_json_dict() for m in self.messages],
            "forbidden": [h.to_json_dict("reason") for h in self.forbidden],
            "retired": [h.to_json_dict("replaced_by") for h in self.retired],
            "delivery": self.delivery.to_json_dict(),
            "formula": self.formula,
            # "lexical": the embedding model is not installed; paraphrase is judged on
            # shared words only
            "judged_by": self.judged_by,
            "notes": list(self.notes),
            "sure_score": self.sure_score,
        }


# --- as stored and read back ----------------------------------------------------------

class _Stored(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StoredMessage(_Stored):
    id: str
    covered: bool
    confidence: float = 0.0
    evidence: str | None = None
    start: float | None = None
    end: float | None = None
    missed_reason: str | None = None  # "negated" | "distanced" | "partial" | "not said"
    weight: float = 1.0
    check: bool = False  # "manager to check"
    signals: dict[str, float] = Field(default_factory=dict)
    learned: str | None = None  # how managers' earlier decisions changed it
    closest: str | None = None  # missed: the sentence nearest to it (for learning)


class StoredPhrase(_Stored):
    phrase: str
    said: str = ""
    start: float | None = None
    end: float | None = None
    reason: str | None = None  # forbidden
    replaced_by: str | None = None  # retired


class StoredDelivery(_Stored):
    duration_s: float | None = None
    words: int = 0
    wpm: int | None = None
    fillers: int = 0
    fillers_per_100_words: float = 0.0
    longest_pause_s: float | None = None
    pauses: int | None = None
    long_pauses: int | None = None
    hesitations: int | None = None
    filler_words: dict[str, int] = Field(default_factory=dict)
    wpm_band: tuple[int, int] | None = None
    pace: str | None = None
    duration_target: tuple[float, float] | None = None
    duration_ok: bool | None = None


class StoredResult(_Stored):
    module: str = ""
    version: int = 0
    pitch: str | None = None
    score: int = 0
    transcript: str = ""
    messages: tuple[StoredMessage, ...] = ()
    forbidden: tuple[StoredPhrase, ...] = ()
    retired: tuple[StoredPhrase, ...] = ()
    delivery: StoredDelivery = Field(default_factory=StoredDelivery)
    formula: str = ""
    judged_by: str = "lexical"
    notes: tuple[str, ...] = ()
    sure_score: int | None = None

    def message(self, message_id: str) -> StoredMessage | None:
        return next((m for m in self.messages if m.id == message_id), None)

    @property
    def covered_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.messages if m.covered)

    def verdicts(self) -> dict[str, bool]:
        """The scorer's covered/missed verdict per message."""
        return {m.id: m.covered for m in self.messages}

    @property
    def penalty(self) -> int:
        """Score points lost to the distinct forbidden and retired phrases said."""
        return (FORBIDDEN_PENALTY * len({h.phrase for h in self.forbidden})
                + RETIRED_PENALTY * len({h.phrase for h in self.retired}))


def stored_result(data: Mapping[str, Any] | None) -> StoredResult:
    """Validate a stored result; InvalidInput (naming the bad field) if it is broken."""
    try:
        return StoredResult.model_validate(dict(data or {}))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "result"
        raise InvalidInput(f"The stored scoring result is unreadable at {where}: "
                           f"{first['msg']}.") from None


def adjusted_score(result: StoredResult | Mapping[str, Any], judged: Mapping[str, bool]) -> int:
    """A stored result's score with some messages judged covered or missed by a person:
    the same formula as `score_transcript` (weighted share covered, minus the penalties for
    the banned phrases said), so a manager's override moves the score it would have."""
    typed = result if isinstance(result, StoredResult) else stored_result(result)
    total = sum(m.weight or 1 for m in typed.messages)
    got = sum(m.weight or 1 for m in typed.messages if judged.get(m.id, m.covered))
    base = 100 * got / total if total else 0.0
    return max(0, min(100, round(base - typed.penalty)))
