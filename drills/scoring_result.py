"""The scoring result as it is stored (`PitchAttempt.result`, the `onmessage score --json`
object), as a typed model that readers validate instead of reading keys by hand.

Results stored by earlier versions lack the newer keys (`check`, `learned`, `closest`,
`notes`, `sure_score`...): they validate with defaults. Keys this model does not know
are kept out of the typed view but not an error (a newer writer, a drill's outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drills.errors import InvalidInput


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


def stored_result(data: Mapping[str, Any] | None) -> StoredResult:
    """Validate a stored result; InvalidInput (naming the bad field) if it is broken."""
    try:
        return StoredResult.model_validate(dict(data or {}))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "result"
        raise InvalidInput(f"The stored scoring result is unreadable at {where}: "
                           f"{first['msg']}.") from None
