"""What the scorer learns from its managers' decisions (issue 13: "a scorer that learns").

Every manager decision on a scored attempt is a labelled example for each message of
that module version: the machine's confidence then, the words it quoted, and what the
manager judged. Two things are learned from them, both per message:

* **Phrasings.** Where a manager overrode the machine, the quoted words become an
  example: accepted (the manager said covered) or rejected (the manager said missed).
  A later attempt that says nearly the same words is judged like that example, and its
  result says so ("counted: close to a phrasing your manager accepted on 3 Dec").
* **Recalibration.** The machine's confidence is shifted on the log-odds scale by one
  offset per message, fitted to that message's decisions (agreements too) with a prior
  that keeps it at zero until several decisions point the same way. A message the
  machine keeps under-crediting (a hard-to-paraphrase claim) gets credited sooner.

Pure functions of their inputs: the caller (the app) reads the decisions; nothing here
touches a database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

MIN_DECISIONS = 3  # fewer decisions on a message than this: no recalibration
OFFSET_PRIOR = 1.0  # L2 prior on the offset (log-odds): a few decisions move it a little
MAX_OFFSET = 2.0  # never shift the log-odds further than this either way
SUPPORT_Z = 1.5  # an offset must be this many standard errors from zero to be used
# Recalibration is fitted on the decisions the scorer was not sure of: a story it could
# not read at all (confidence 0.02) is not a calibration error, and shifting every
# judgement of the message for it moves only the borderline ones, the wrong way.
RECALIBRATE_BAND = (0.1, 0.9)
PHRASE_MATCH_AT = 0.8  # share of an accepted phrasing's words a window must say
# A rejected phrasing blocks only a near word-for-word repeat: a trap ("patients want to
# book appointments the way they book restaurants") shares most words with real claims.
REJECTED_MATCH_AT = 0.95


@dataclass(frozen=True, slots=True)
class ManagerExample:
    """One manager decision on one message of one scored attempt."""

    message_id: str
    covered: bool  # what the manager judged
    machine_covered: bool  # what the machine had judged
    confidence: float  # the machine's confidence then
    text: str | None  # the words the machine quoted (None: it quoted nothing)
    decided_on: date
    machine_unsure: bool = False  # the machine marked it "manager to check"

    @property
    def overridden(self) -> bool:
        return self.covered != self.machine_covered

    @property
    def accepted_phrasing(self) -> bool:
        """A phrasing the manager counted that the scorer did not count with confidence
        (missed it, or left it to the manager): a candidate for the module's evidence."""
        return self.covered and bool(self.text) and (self.overridden or self.machine_unsure)


@dataclass(frozen=True, slots=True)
class LearnedPhrase:
    text: str
    accepted: bool
    decided_on: date


@dataclass(frozen=True, slots=True)
class MessageLearning:
    """What the decisions on one message teach: a log-odds offset and phrasings."""

    decisions: int = 0
    offset: float = 0.0
    phrases: tuple[LearnedPhrase, ...] = ()


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def shifted(p: float, offset: float) -> float:
    """A confidence moved by a log-odds offset."""
    return p if not offset else sigmoid(_logit(p) + offset)


def fit_offset(pairs: Sequence[tuple[float, bool]]) -> float:
    """The log-odds offset that best fits (machine confidence, manager label) pairs,
    under an L2 prior pulling it to 0 (a MAP estimate by Newton's method)."""
    if len(pairs) < MIN_DECISIONS:
        return 0.0
    z = [_logit(p) for p, _ in pairs]
    y = [1.0 if label else 0.0 for _, label in pairs]
    d = 0.0
    for _ in range(25):
        q = [sigmoid(zi + d) for zi in z]
        grad = sum(qi - yi for qi, yi in zip(q, y, strict=True)) + OFFSET_PRIOR * d
        hess = sum(qi * (1 - qi) for qi in q) + OFFSET_PRIOR
        step = grad / hess
        d -= step
        if abs(step) < 1e-6:
            break
    # Only a shift the decisions support: within about two standard errors of zero it is
    # as likely noise as a bias, and moving borderline judgements on noise costs agreement.
    hess = sum(sigmoid(zi + d) * (1 - sigmoid(zi + d)) for zi in z) + OFFSET_PRIOR
    if abs(d) * math.sqrt(hess) < SUPPORT_Z:
        return 0.0
    return max(-MAX_OFFSET, min(MAX_OFFSET, d))


def learn(examples: Iterable[ManagerExample]) -> dict[str, MessageLearning]:
    """Per message id, what its decisions teach (examples in any order)."""
    by_message: dict[str, list[ManagerExample]] = {}
    for ex in examples:
        by_message.setdefault(ex.message_id, []).append(ex)
    out: dict[str, MessageLearning] = {}
    for mid, exs in by_message.items():
        exs.sort(key=lambda e: e.decided_on)
        # the latest decision on the same words wins: managers change their minds
        phrases: dict[str, LearnedPhrase] = {}
        for ex in exs:
            if ex.overridden and ex.text and ex.text.strip():
                key = " ".join(ex.text.lower().split())
                phrases[key] = LearnedPhrase(ex.text, ex.covered, ex.decided_on)
        out[mid] = MessageLearning(
            decisions=len(exs),
            offset=fit_offset([(ex.confidence, ex.covered) for ex in exs
                               if RECALIBRATE_BAND[0] <= ex.confidence <= RECALIBRATE_BAND[1]]),
            phrases=tuple(phrases.values()),
        )
    return out


def when(d: date) -> str:
    """A decision's date as a rep reads it: "3 Dec"."""
    return f"{d.day} {d.strftime('%b')}"
