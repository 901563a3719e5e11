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
