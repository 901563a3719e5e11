"""Checking typed and picked answers, and the FSRS rating each one earns.

Typed answers forgive spelling slips and word forms ("encrypt" for "encrypted"): the rep
remembered the idea, which is what the schedule measures. Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from drills.scheduling import Rating

ACCEPT = 85.0  # similarity (0-100) at which a typed answer counts as right
PARTIAL = 60.0  # below ACCEPT but at least this: the rep was close (rated Hard)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e")


@dataclass(frozen=True)
class Verdict:
    """How an answer was judged, the rating it earns and why."""

    rating: Rating
    correct: bool
    explanation: str


def normalise(text: str) -> str:
    """Case-folded words only: accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9%]+", text.casefold().replace("’", "'")))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> str:
    return " ".join(_stem(w) for w in text.split())


def check_typed(answer: str, expected: str) -> Verdict:
    """Judge a fill-the-gap answer against the blanked words."""
    got, want = normalise(answer), normalise(expected)
    if not got:
        return Verdict(Rating.AGAIN, False, f"The missing words were “{expected}”.")
    if got == want:
        return Verdict(Rating.GOOD, True, "Exactly right.")
    if _stems(got) == _stems(want):
        return Verdict(Rating.GOOD, True, f"Right (the playbook says “{expected}”).")
    score = fuzz.ratio(_stems(got), _stems(want))
    if score >= ACCEPT:
        return Verdict(Rating.GOOD, True, f"Right, mind the spelling: “{expected}”.")
    if score >= PARTIAL or fuzz.token_set_ratio(got, want) >= ACCEPT:
        return Verdict(Rating.HARD, False, f"Close: the playbook says “{expected}”.")
    return Verdict(Rating.AGAIN, False, f"Not quite: the missing words were “{expected}”.")


def check_pick(choice: str, options: list[dict[str, Any]]) -> Verdict | None:
    """Judge a pick-the-line choice; None when the choice is not one of the options."""
    chosen = next((o for o in options if o.get("id") == choice), None)
    if chosen is None:
        return None
    if chosen.get("correct"):
        return Verdict(Rating.GOOD, True, "On message.")
    return Verdict(Rating.AGAIN, False, str(chosen.get("why") or "That line is off message."))
