"""Turn a scored spoken drill into an FSRS rating, so recorded practice recurs like a card.

The rating answers "how well was this recalled?", so it follows message coverage and
the playbook's red lines, not delivery polish:

| rating    | when                                                                    |
|-----------|-------------------------------------------------------------------------|
| Again (1) | score < 50, or nothing covered, or an empty attempt                     |
| Hard (2)  | score 50-74, or any forbidden/retired phrase said (capped at Hard)      |
| Good (3)  | score 75-89                                                             |
| Easy (4)  | score >= 90, every message covered, no forbidden/retired phrase, and a  |
|           | fluent delivery (<= 3 fillers per 100 words when words were counted)    |

Pure: the same ScoreResult always gives the same rating.
"""

from __future__ import annotations

from enum import IntEnum

from drills.scoring import ScoreResult

AGAIN_BELOW = 50
GOOD_FROM = 75
EASY_FROM = 90
EASY_MAX_FILLERS_PER_100 = 3.0


class SpokenRating(IntEnum):
    """Values match FSRS's Rating (Again=1, Hard=2, Good=3, Easy=4)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def rate_spoken(result: ScoreResult) -> SpokenRating:
    """The FSRS rating for one scored spoken attempt (see the module table)."""
    covered = sum(1 for m in result.messages if m.covered)
    if result.delivery.words == 0 or covered == 0 or result.score < AGAIN_BELOW:
        return SpokenRating.AGAIN
    said_banned = bool(result.forbidden or result.retired)
    if said_banned or result.score < GOOD_FROM:
        return SpokenRating.HARD
    fluent = result.delivery.fillers_per_100_words <= EASY_MAX_FILLERS_PER_100
    if result.score >= EASY_FROM and covered == len(result.messages) and fluent:
        return SpokenRating.EASY
    return SpokenRating.GOOD


def rating_reason(result: ScoreResult, rating: SpokenRating) -> str:
    """Why a take earned its rating, in the rep's terms (the module table, case by case)."""
    covered = sum(1 for m in result.messages if m.covered)
    total = len(result.messages)
    points = f"{covered} of {total} point{'s' if total != 1 else ''}"
    if rating == SpokenRating.AGAIN:
        if result.delivery.words == 0:
            return "No words were heard, so this counts as not recalled."
        if covered == 0:
            return "None of the points was conveyed yet: read them below and try again soon."
        return (f"{points} conveyed (score {result.score}, under {AGAIN_BELOW}): "
                "it comes back soon.")
    if rating == SpokenRating.HARD:
        if result.forbidden or result.retired:
            said = [h.said for h in (*result.forbidden, *result.retired)]
            return (f"{points} conveyed, but you said “{'”, “'.join(said)}”, which the "
                    "playbook rules out: a red line caps the rating at Hard.")
        return f"{points} conveyed (score {result.score}, {GOOD_FROM} or more is Good)."
    if rating == SpokenRating.GOOD:
        if covered < total:
            return f"{points} conveyed (score {result.score}): cover all of them for Easy."
        return (f"Every point conveyed (score {result.score}); a smoother delivery "
                f"(≤ {EASY_MAX_FILLERS_PER_100:g} fillers per 100 words) earns Easy.")
    return "Every point conveyed, no red lines, fluent delivery."
