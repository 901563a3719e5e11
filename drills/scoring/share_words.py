"""Shares said in words rather than figures: a cut by half ("in half", "halving") and a
rise told as a multiplying verb ("doubled", "tripling"). One reading, used both for what a
message's texts state (compiled) and for the kind of outcome they claim (outcomes)."""

from __future__ import annotations

from collections.abc import Sequence

HALF_SHARE = "50"
HALVING = frozenset({"halve", "halves", "halved", "halving"})
# a rise told as a verb of multiplying, as the share it adds ("doubled" is 100% more)
RISES = {
    "double": "100", "doubles": "100", "doubled": "100", "doubling": "100",
    "triple": "200", "triples": "200", "tripled": "200", "tripling": "200",
    "quadruple": "300", "quadruples": "300", "quadrupled": "300", "quadrupling": "300",
}  # fmt: skip
# the forms that are also modifiers ("double-booked", "no double charges"): a figure only
# where they stand as the verb (compiled._multiple reads which)
BARE_VERBS = frozenset({"double", "doubles", "triple", "triples", "quadruple", "quadruples",
                        "halve", "halves"})
# what may stand between "by" and "half": a hedge ("comes down by about half")
ROUGHLY = frozenset({"about", "around", "roughly", "nearly", "almost", "approximately",
                     "over", "well", "just", "some"})
_AS_OFTEN = frozenset({"often", "much", "many", "long", "frequently"})


def halving_at(words: Sequence[str], i: int) -> bool:
    """Whether words[i] says a cut by half: "halved", "in half", "by about half", "half
    as often" (not "half past", nor "half the time", which is a part)."""
    w = words[i]
    if w in HALVING:
        return True
    if w != "half" or words[i + 1 : i + 2] == ["past"]:
        return False
    if words[i + 1 : i + 2] == ["as"] and words[i + 2 : i + 3] and words[i + 2] in _AS_OFTEN:
        return True  # "visit apiaries half as often"
    j = i - 1
    while j >= 0 and i - j <= 2 and words[j] in ROUGHLY:
        j -= 1
    return j >= 0 and words[j] in ("in", "by")


def says_halving(words: Sequence[str]) -> bool:
    """Whether any of the words says a cut by half (halving_at)."""
    return any(halving_at(words, i) for i in range(len(words)))
