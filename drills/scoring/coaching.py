"""Words a rep can act on, from a stored scoring result: a plain one-sentence reading of
the score, a note when the take ran outside the pitch's duration range, and per missed
message what to say next time (the canonical line, one accepted phrasing, the proof).

Pure functions of the stored result (the `onmessage score --json` object) and the
playbook's points, so pages, the API and spoken drills say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from drills.scoring.result import (
    FORBIDDEN_PENALTY,
    RETIRED_PENALTY,
    StoredDelivery,
    StoredResult,
)


@dataclass(frozen=True, slots=True)
class Coaching:
    """What to say next time for one missed message."""

    line: str  # the canonical line (the message's statement)
    phrasing: str | None  # one other phrasing the playbook accepts
    proof: str | None  # the proof point to cite


def coaching_for(point: Any) -> Coaching:
    """From a playbook point (anything with statement, evidence and proof)."""
    evidence: Sequence[str] = getattr(point, "evidence", ()) or ()
    return Coaching(line=str(point.statement),
                    phrasing=str(evidence[0]) if evidence else None,
                    proof=getattr(point, "proof", None) or None)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def explain_score(result: StoredResult, rep: str | None = None) -> str:
    """The score in one plain sentence ("You conveyed 2 of 3 messages; one forbidden
    phrase cost 15 points, so the score is 52."). The formula stays one tap away. With
    `rep` (a manager reading someone's take), the sentence names them instead of "You"."""
    messages = result.messages
    said = sum(1 for m in messages if m.covered)
    forbidden = len({h.phrase for h in result.forbidden})
    retired = len({h.phrase for h in result.retired})
    weighted = any(m.weight != 1 for m in messages)
    text = f"{rep or 'You'} conveyed {said} of {_plural(len(messages), 'message')}"
    if weighted and messages:
        text += " (the heavier ones count more)"
    costs = []
    if forbidden:
        costs.append(f"{_plural(forbidden, 'forbidden phrase')} cost "
                     f"{forbidden * FORBIDDEN_PENALTY} points")
    if retired:
        costs.append(f"{_plural(retired, 'retired phrase')} cost "
                     f"{retired * RETIRED_PENALTY} points")
    if costs:
        text += "; " + " and ".join(costs)
    return f"{text}, so the score is {result.score}."


def _clock(seconds: float) -> str:
    s = int(seconds)  # whole seconds down, as the page's clock shows the length
    return f"{s // 60}:{s % 60:02d}" if s >= 60 else f"{s} s"


def duration_note(delivery: StoredDelivery, rep: str | None = None) -> str | None:
    """A sentence when the take ran outside the pitch's duration range, else None; with
    `rep`, about their take rather than "Your take"."""
    target, took = delivery.duration_target, delivery.duration_s
    if not target or took is None or delivery.duration_ok is not False:
        return None
    lo, hi = float(target[0]), float(target[1])
    whose = f"{rep}'s" if rep else "Your"
    if took < lo:
        return (f"{whose} take ran {_clock(took)}, shorter than the {lo:g}–{hi:g} s this "
                "pitch asks for: give each message its proof point.")
    return (f"{whose} take ran {_clock(took)}, longer than the {lo:g}–{hi:g} s this pitch "
            "asks for: lead with the messages and cut the rest.")
