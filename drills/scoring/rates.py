"""Rates: an amount said per a period ("an hour a day", "5,000 dollars a month") is the
same rate said per another period ("five hours a week", "sixty thousand dollars a
year"). Shared by the figure signal (figures) and the keyword share (coverage)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from drills.scoring.clauses import _Text
from drills.scoring.compiled import UNIT_SECONDS, _Point, seconds
from drills.text_normalize import Token, analyze

# A rate said per another period is the same rate: "five hours a week" is "an hour a
# day" over a working week (or seven over a calendar one); "ten minutes a day" is not.
DAY_S = 86400.0
_PERIODS = {"day": DAY_S, "week": 7 * DAY_S, "month": 30 * DAY_S, "year": 365 * DAY_S,
            "hour": 3600.0}
_PER_WORDS = frozenset({"per", "every", "each"})
SAME_RATE = 0.1  # rates within this part of each other are one


def _same_rate(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two rates are one, per calendar days or per working days (a week is
    five of them) alike."""
    def per_day(rate: tuple[float, float], working: bool) -> float:
        period = rate[1]
        if working and period == 7 * DAY_S:
            period = 5 * DAY_S
        return rate[0] / period
    return any(abs(per_day(a, w) - per_day(b, w)) <= SAME_RATE * per_day(b, w)
               for w in (False, True))


# A count said per a period is a rate too: "sixty thousand dollars a year" is "5,000
# dollars a month", "120 pounds a year" is "ten pounds a month"; "5k a year" is not.
_PERIOD_ADVERBS = {"daily": DAY_S, "weekly": 7 * DAY_S, "monthly": 30 * DAY_S,
                   "quarterly": 90 * DAY_S, "yearly": 365 * DAY_S, "annually": 365 * DAY_S}
_NAMED_PERIODS = {**_PERIODS, "quarter": 90 * DAY_S}
_THOUSANDS = frozenset({"grand", "k"})
COUNT_GAP = 3  # words at most between a count and its period ("24 more demos a month")
_GAP_STOPS = frozenset({"to", "or", "and", "versus", "vs", "from", "than", "of"})


def _count_period(words: Sequence[str], toks: Sequence[Token], j: int
                  ) -> tuple[float, int] | None:
    """The period said at token j ("a month", "per quarter", "every year", "monthly")
    in seconds, and the index of its figure token (j itself for a word), or None."""
    texts = [t.text for t in toks]
    w = texts[j]
    if w in _PERIOD_ADVERBS:
        return _PERIOD_ADVERBS[w], j
    if w in _PER_WORDS and j + 1 < len(texts) and texts[j + 1] in _NAMED_PERIODS:
        return _NAMED_PERIODS[texts[j + 1]], j + 1
    per = w in _PER_WORDS
    k = j + per
    if k + 1 < len(texts) and texts[k][:1].isdigit() and (
            period := seconds(texts[k], texts[k + 1])) and (
            per or words[toks[k].first].lower() in ("a", "an")):
        return period, k
    return None


def _count_rates(words: Sequence[str], toks: Sequence[Token]
                 ) -> dict[int, tuple[float, float, int]]:
    """Per token of a count said per a period, (the count, the period in seconds, the
    index of the period's token)."""
    out: dict[int, tuple[float, float, int]] = {}
    texts = [t.text for t in toks]
    for i, w in enumerate(texts):
        if not w[:1].isdigit() or (i + 1 < len(texts) and texts[i + 1] in UNIT_SECONDS):
            continue
        try:
            value = float(w)
        except ValueError:
            continue
        for j in range(i + 1, min(len(texts), i + 2 + COUNT_GAP)):
            found = _count_period(words, toks, j)
            if found is not None:
                out[i] = (value, found[0], found[1])
                break
            if texts[j][:1].isdigit() or texts[j] in _GAP_STOPS or texts[j] in _PER_WORDS:
                break
            if texts[j] in _THOUSANDS:
                value *= 1000  # "two and a half grand a quarter"
    return out


@lru_cache(maxsize=512)
def _point_count_rates(texts: tuple[str, ...]) -> tuple[tuple[float, float], ...]:
    """The counts per a period a message's texts state ("5,000 dollars a month")."""
    out: list[tuple[float, float]] = []
    for t in texts:
        words = t.split()
        out += [(c, per) for c, per, _ in _count_rates(words, analyze(words)).values()]
    return tuple(out)


def _count_rate_matches(text: _Text, points: Sequence[_Point]
                        ) -> tuple[dict[int, int], dict[int, set[int]]]:
    """Counts said per another period that are a rate a message states (per token of the
    count and of its period, that message's index, -1 where more than one state it), and
    the period tokens of a message's own count said per another period, at another rate
    ("5k a year" for "5,000 dollars a month"), with the indices of those messages."""
    stated = [(_point_count_rates(p.texts), i) for i, p in enumerate(points)]
    if not any(r for r, _ in stated):
        return {}, {}
    same: dict[int, int] = {}
    other: dict[int, set[int]] = {}
    for i, (count, per, j) in _count_rates(text.words, text.toks).items():
        owners = {o for rates, o in stated
                  if any(_same_rate((count, per), (c, p)) for c, p in rates)}
        if owners:
            owner = owners.pop() if len(owners) == 1 else -1
            same[i] = same[j] = owner
        else:
            wrong = {o for rates, o in stated for c, p in rates
                     if c == count and not _same_rate((count, per), (c, p))}
            if wrong:
                other[j] = wrong
    return same, other




def restates_count_rate(point: _Point, text: _Text, span: tuple[int, int]) -> bool:
    """Whether tokens span[0]..span[1]-1 say a count per a period that is a rate the
    message states, in another period ("120 pounds a year" for "10 pounds a month"):
    its figures there are the message's, though their digits differ."""
    rates = _point_count_rates(point.texts)
    if not rates:
        return False
    return any(span[0] <= i < span[1] and any(_same_rate((c, per), r) for r in rates)
               for i, (c, per, _) in _count_rates(text.words, text.toks).items())


# A speed said as a share of the time is a multiple: "in a third of the time" is "three
# times faster" (and "a quarter of the time it took" is "four times as fast").
SPEED_CLOSE = 0.12  # factors within this part of each other are one (33% is a third)
_FASTER = frozenset({"faster", "quicker", "fast", "quick", "sooner", "speedier"})


def _speed_factors(toks: Sequence[Token]) -> dict[int, tuple[float, str]]:
    """Per figure token of a speed, (the factor it says, its form: "time" for a share of
    the time, "times" for a multiple)."""
    texts = [t.text for t in toks]
    out: dict[int, tuple[float, str]] = {}
    for i, w in enumerate(texts[:-2]):
        try:
            value = float(w)
        except ValueError:
            continue
        if texts[i + 1] == "percent" and texts[i + 2 : i + 4] == ["the", "time"] and (
                0 < value < 100):
            out[i] = (100 / value, "time")
        elif texts[i + 1] == "times" and value > 1 and (
                texts[i + 2] in _FASTER or texts[i + 2 : i + 4] in (["as", "fast"],
                                                                   ["as", "quick"])):
            out[i] = (value, "times")
    return out


@lru_cache(maxsize=512)
def _point_speeds(texts: tuple[str, ...]) -> tuple[tuple[float, str], ...]:
    """The speeds a message's texts state, as (factor, form)."""
    out: list[tuple[float, str]] = []
    for t in texts:
        out += _speed_factors(analyze(t.split())).values()
    return tuple(out)


def speed_matches(text: _Text, points: Sequence[_Point]) -> dict[int, int]:
    """Per token of a speed said in the other form than a message states it, and the same
    factor, that message's index (-1 where more than one)."""
    stated = [(_point_speeds(p.texts), i) for i, p in enumerate(points)]
    if not any(s for s, _ in stated):
        return {}
    out: dict[int, int] = {}
    for j, (factor, form) in _speed_factors(text.toks).items():
        owners = {i for speeds, i in stated for f, fm in speeds
                  if fm != form and abs(f - factor) <= SPEED_CLOSE * f}
        if owners:
            out[j] = owners.pop() if len(owners) == 1 else -1
    return out


def restates(point: _Point, text: _Text, span: tuple[int, int]) -> bool:
    """Whether tokens span[0]..span[1]-1 say one of the message's figures in another
    form: a count per another period (restates_count_rate) or a speed ("in a third of
    the time" for "three times faster")."""
    if restates_count_rate(point, text, span):
        return True
    return bool(_point_speeds(point.texts)) and any(
        span[0] <= j < span[1] for j in speed_matches(text, (point,)))
