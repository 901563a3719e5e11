"""Outcomes told as two figures: a count before and one now, a sum out of a total, a part
out of a whole, the days between two weekdays or two dates, the hours between two times.

A story often gives the figures and leaves the share to the listener: "Hollow Oak used
to write off four hundred and fifty barrels a year ... last year it was a hundred and
fifty" (a fall of two thirds), "they were putting forty runs a month on the ute. Now it's
twenty" (half), "paid about three hundred grand less on two million" (15%), "sixty-two
grand in a year, on turnover of one point two million" (5%), "out of the last five
hundred drops, ten were late" (98% on time), "asks on Monday, has the answer on
Wednesday" (two days), "pinged on October the third ... the swarm came on the
thirteenth" (ten days ahead). Each reading here works on the
outcome words of a transcript (drills/scoring/outcomes.py outcome_words) and its sentence
numbers, and says where the story tells it and what share or length it comes to; the
outcome signal (outcome_signal.py) then holds that figure to the message's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from drills.text_normalize import STOPWORDS

# Words that set a count in the past or the plan ("used to lose 300", "before, we lost
# 300", "were going to spend sixty grand") and words that turn to how it is now or how
# it turned out ("now", "ended up spending forty-eight").
_THEN_WORDS = frozenset({"used", "before", "previously", "formerly", "going", "planned",
                         "budgeted", "expected", "expecting"})
_NOW_WORDS = frozenset({"now", "today", "nowadays", "since", "these", "ended", "actually"})
_THIS_YEAR = (("last", "year"), ("this", "year"))
_MULTIPLIERS = {"grand": 1000.0, "k": 1000.0, "thousand": 1000.0, "million": 1e6}
# after a figure: a unit that makes it no count of things (a share, a length of time)
_NOT_COUNTS = frozenset({"percent", "%", "times", "seconds", "second", "minutes", "minute",
                         "hours", "hour", "days", "day", "weeks", "week", "months", "month",
                         "years", "year", "o", "am", "pm", "p", "a"})
_HOW_OFTEN = frozenset({"every", "each", "per"})
_RANGE_TO = frozenset({"to", "till", "until", "and"})
_NAMED_TIMES = frozenset({"midnight", "noon", "midday", "dawn", "dusk", "sunrise", "sunset"})
_CLOCK_AT = frozenset({"at", "till", "until"})
# after "# times": a multiple ("3 times more", "twice as", "4 times the price")
_COMPARATIVES = frozenset({"more", "less", "as", "faster", "slower", "longer", "shorter",
                           "higher", "lower", "bigger", "smaller", "cheaper", "quicker",
                           "larger", "greater", "over", "the", "what", "fewer", "better"})
MAX_SENTENCES = 2  # a count now at most two sentences after the count it is set against
LOOKBACK = 6  # tokens before a count in which its "used to" or "before" is said
_YEAR_FROM, _YEAR_TO = 1900, 2100  # a four-digit figure in this range is a year


def _multiplier(words: Sequence[str], i: int) -> float:
    return _MULTIPLIERS.get(words[i + 1], 1.0) if i + 1 < len(words) else 1.0


def is_multiple(words: Sequence[str], i: int) -> bool:
    """Whether "times" at words[i] makes a multiple ("3 times more", "4 times the price",
    "3 times heavier"), not a count of occasions ("forty times in a month", "now twenty
    times")."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    return nxt in _COMPARATIVES or (len(nxt) > 4 and nxt.endswith("er"))  # "3 times heavier"


def _in_thousands(then: float, now: float) -> bool:
    """Whether a bare count after a sum in thousands goes on in thousands: "sixty grand
    ... ended up spending forty-eight" (the normaliser writes "60000 ... 48"; "60 k" is
    left as two words and comes here as 60000 too, by `_figure`)."""
    return then >= 1000 and then % 1000 == 0 and 1 <= now < 1000 and then / 10 <= now * 1000

def _figure(words: Sequence[str], i: int) -> float | None:
    """The count words[i] says, with "grand" or "thousand" after it applied; None where it
    is no figure, a year, a share or a length of time, or how often."""
    w = words[i]
    if not w.replace(".", "", 1).isdigit():
        return None
    value = float(w)
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt == "times" and not is_multiple(words, i + 1):
        nxt = ""  # "forty times in a month": how many occasions ("3 times more" is a ratio)
    if nxt == "a" and words[i + 2 : i + 3] not in (["m"], []):
        nxt = ""  # "fifty a morning": a count a time, not "seven a m" (a time of day)
    if nxt in _NOT_COUNTS or (i and words[i - 1] in _HOW_OFTEN
                              and list(words[i - 2 : i]) != ["for", "every"]):
        return None  # (but "seven for every ten he took before" counts both)
    if "." not in w and len(w) == 4 and _YEAR_FROM <= value <= _YEAR_TO and not _counts_things(
            words, i):
        return None
    if i and words[i - 1] in _CLOCK_AT and value <= 12 and (nxt in STOPWORDS or not nxt
                                                            or nxt in _BACK_WORDS):
        return None  # "leaving at six instead of seven": a time of day, not a count
    if i > 1 and words[i - 1] in _RANGE_TO and words[i - 2] in _NAMED_TIMES and value <= 12:
        return None  # "from midnight to five": the end of a span of the clock
    return value * _multiplier(words, i)


# before a year: "in 2000", "since 2019", "by 2030"
_YEAR_LEADS = frozenset({"in", "since", "of", "by", "from", "until", "till", "before", "after",
                         "during", "to", "and", "early", "late", "mid", "summer", "winter",
                         "spring", "autumn", "fall"})
_NOT_PLURALS = frozenset({"was", "is", "has", "as", "us", "this", "its", "his", "does"})


def _counts_things(words: Sequence[str], i: int) -> bool:
    """Whether a four-digit figure in the range of years counts the plural noun after it:
    a round one ("two thousand loaves", "twenty-one hundred parcels"; not "2024 prices")
    with no word before it that sets a year ("in 2000")."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    plural = nxt.isalpha() and len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith(
        ("ss", "us", "is")) and nxt not in _NOT_PLURALS
    return plural and float(words[i]) % 100 == 0 and not (i and words[i - 1] in _YEAR_LEADS)


def _set_then(words: Sequence[str], i: int) -> bool:
    """Whether the count at i is said of the past: "used to write off 450", "before, every
    year we lose 300", "the year before it was 450"."""
    before = words[max(0, i - LOOKBACK) : i]
    return bool(_THEN_WORDS & set(before)) or ("year" in before and "before" in words[i : i + 1])


def _turns_now(words: Sequence[str], i: int, j: int) -> bool:
    """Whether the words between two counts turn to the present ("now", "last year it
    was", "these days")."""
    between = words[i + 1 : j]
    return bool(_NOW_WORDS & set(between)) or any(
        (a, b) in _THIS_YEAR for a, b in pairwise(between)) or turns_now_plainly(words, i, j)


def counts_now(words: Sequence[str], sentence: Sequence[int]) -> dict[int, tuple[str, float]]:
    """Where a story sets a count now against a count then ("used to lose 450 ... last
    year it was 150"): the position of the count now, whether it fell ("fewer") or rose
    ("more"), and by what share of the count then (in percent). A count told in the past
    tense ("they were putting forty runs a month on the ute") is a count then where the
    story turns to now in so many words ("now it's twenty", "this year they took 70")
    and the count now is said of the same thing (no other noun after it)."""
    figures = [(i, f) for i in range(len(words)) if (f := _figure(words, i)) is not None]
    pairs = _now_then_pairs(words, sentence, figures)
    # the count right after "instead of" or "against" ("bought 80 instead of 100") is the
    # count then of its pair, no count now of an earlier one
    thens = {j for i, j, _ in pairs
             if words[j - 2 : j] in (["instead", "of"], ["rather", "than"])
             or _compared(words, i, j)}
    out: dict[int, tuple[str, float]] = {}
    for k, (i, then) in enumerate(figures):
        if not then or i in thens:
            continue
        said_then = _set_then(words, i) or _then_after(words, sentence, i)
        if not said_then and not _told_past(words, sentence, i):
            continue
        for j, now in figures[k + 1 :]:
            if sentence[j] - sentence[i] > MAX_SENTENCES:
                break
            if j in thens:
                continue
            if _multiplier(words, j) == 1.0 and _in_thousands(then, now):
                now *= 1000  # "sixty grand ... forty-eight": grand too
            if not said_then and (j in out or not (turns_now_plainly(words, i, j)
                                                   and _same_thing(words, sentence, i, j))):
                continue  # (a count now is set against the first count then told)
            if now != then and (_turns_now(words, i, j) or not said_then
                                or _now_after(words, sentence, j)):
                kind = "fewer" if now < then else "more"
                out[j] = (kind, round(abs(then - now) / then * 100, 1))
                break
    out.update({i: change for i, _, change in pairs})
    return out


# after a count: it was so before, said as an afterthought ("two thousand five hundred
# litres a run before, twenty-two hundred now")
_THEN_AFTER = frozenset({"before", "previously", "formerly", "beforehand"})
THEN_AFTER_REACH = 5  # tokens from a count to the "before" said after it
# what may follow such a "before": the sentence's end, the count now, or a turn to it
_AFTER_BEFORE = frozenset({"now", "and", "but", "today", "nowadays", "these", "this"})


def _then_after(words: Sequence[str], sentence: Sequence[int], i: int) -> bool:
    """Whether the count at i is said of the past by a "before" after it that ends its
    clause ("2500 litres a run before, 2200 now"), not one that opens a phrase of time
    ("50 forms before the deadline")."""
    for k in range(i + 1, min(len(words), i + THEN_AFTER_REACH + 1)):
        if sentence[k] != sentence[i] or (k > i + 1 and _figure(words, k) is not None):
            return False
        if words[k] in _THEN_AFTER:
            nxt = words[k + 1] if k + 1 < len(words) else ""
            return (not nxt or sentence[k + 1] != sentence[k] or nxt in _AFTER_BEFORE
                    or nxt[:1].isdigit())
    return False


def _now_after(words: Sequence[str], sentence: Sequence[int], j: int) -> bool:
    """Whether the count at j is said of now by a word right after it ("2200 now",
    "eight these days")."""
    after = [w for k, w in enumerate(words[j + 1 : j + 3], j + 1) if sentence[k] == sentence[j]]
    return bool(after) and (after[0] in _PLAIN_NOW or after[:2] == ["these", "days"])


# A count said in the past tense or as a habit ("was", "were putting", "she'd sit down
# and write off"): how it was, where a plain turn to now follows
_PAST_MARKERS = frozenset({"was", "were", "would", "used", "before", "previously",
                           "formerly", "had", "did"})
# a plain turn to now between two counts ("now", "these days", "this year", "this July")
_PLAIN_NOW = frozenset({"now", "nowadays", "today"})
_THIS_WHAT = frozenset({"year", "season", "month", "week", "spring", "summer", "autumn",
                        "winter", "january", "february", "march", "april", "may", "june",
                        "july", "august", "september", "october", "november", "december",
                        "days", "time", "harvest", "term", "quarter", "christmas", "easter"})


def _told_past(words: Sequence[str], sentence: Sequence[int], i: int) -> bool:
    """Whether the count at i is said in a sentence told in the past or as a habit, before
    the count ("their allocation was about 100 megalitres", "every January she would sit
    down and write off 450")."""
    j = i
    while j > 0 and sentence[j - 1] == sentence[i]:
        j -= 1
    k = i
    while k + 1 < len(words) and sentence[k + 1] == sentence[i]:
        k += 1
    # "last Christmas ... 100", "20 crowns the year before"
    return bool(_PAST_MARKERS & set(words[j:i])) or any(
        a == "last" and b in _THIS_WHAT for a, b in pairwise(words[j:i])) or any(
        a in _PERIOD_BEFORE and b == "before" for a, b in pairwise(words[i : k + 1]))


def turns_now_plainly(words: Sequence[str], i: int, j: int) -> bool:
    """Whether the words between two counts turn to now in so many words: "now", "these
    days", "this year", "this July", "last year it was", "by the summer"."""
    between = words[i + 1 : j]
    if _later_month(words, i, between):
        return True
    return bool(_PLAIN_NOW & set(between)) or any(
        (a == "this" and b in _THIS_WHAT) or (a, b) in _THIS_YEAR or (a, b) == ("these", "days")
        for a, b in pairwise(between)) or any(
        # "by the summer it was 140", "by March they were down to"
        a == "by" and (b in _THIS_WHAT or (b == "the" and c in _THIS_WHAT))
        for a, b, c in zip(between, [*between[1:], ""], [*between[2:], "", ""], strict=False))


_MONTH_ORDER = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")


def _later_month(words: Sequence[str], i: int, between: Sequence[str]) -> bool:
    """Whether the words between two counts name a month after the one the count then is
    said in ("forty thousand dollars in March. In May it came in at thirty")."""
    def months(ws: Sequence[str]) -> list[str]:
        # ("may" is a month only after "in", "by", "this", ...: not "it may")
        return [w for k, w in enumerate(ws) if w in _MONTH_ORDER and (
            w != "may" or (k and ws[k - 1] in _ON_DATE | {"in", "this", "last", "since"}))]

    then = months(words[max(0, i - LOOKBACK) : i + 4])
    later = months(between)
    return bool(then and later) and _MONTH_ORDER.index(later[-1]) > _MONTH_ORDER.index(then[0])


def _same_thing(words: Sequence[str], sentence: Sequence[int], i: int, j: int) -> bool:
    """Whether the count now at j is said of what the count then at i counts: the same
    word after it, or no noun of its own ("now it's twenty", "this year they took 70";
    not "40 vans ... now 60 drivers")."""
    k = j + 1 + (words[j + 1 : j + 2] in (["times"], ["grand"], ["thousand"], ["k"]))
    after = words[k] if k < len(words) and sentence[k] == sentence[j] else ""
    said = words[i + 1 : i + 3]
    return not after or after in said or after in STOPWORDS or after.isdigit()


_BACK_WORDS = frozenset({"used", "instead", "rather", "previously", "formerly"})
# after the count then: it was so before ("seven for every ten he took before")
_BEFORE_AFTER = frozenset({"before", "previously", "formerly"})
_PERIOD_BEFORE = frozenset({"year", "month", "season", "week", "day", "time"})
_CONTRAST = frozenset({"where", "whereas", "while", "against", "compared", "versus"})


_COMPARED = frozenset({"against", "versus", "vs"})
# after an hour of the clock: "before nine every morning", "before six tomorrow"
_AFTER_TIME = frozenset({"every", "each", "tomorrow", "tonight", "today", "am", "pm", "o",
                         "sharp", "most", "on"})
NOW_BEFORE_REACH = 3  # tokens before a count in which the "now" that sets it is said


def _compared(words: Sequence[str], i: int, j: int) -> bool:
    """Whether the count at j is set right after the count at i as the one it beats or
    falls short of ("fifty-four a crate against fifty", "80 versus 100", "now eleven
    thousand a truck, before ten"): a comparison word just before the second count."""
    lead = words[j - 1] if j else ""
    if lead in _COMPARED or (j > 1 and words[j - 2] == "compared" and lead in ("to", "with")):
        return True
    after = words[j + 1] if j + 1 < len(words) else ""
    if lead == "before" and float(words[j]) <= 12 and (
            not after or after in STOPWORDS or after in _AFTER_TIME):
        return False  # "now ships fifty orders before nine": a time of day
    return lead == "before" and "now" in words[max(0, i - NOW_BEFORE_REACH) : i]


def _now_then_pairs(words: Sequence[str], sentence: Sequence[int],
                    figures: Sequence[tuple[int, float]]
                    ) -> list[tuple[int, int, tuple[str, float]]]:
    """The count now said first, the count then after it in the same sentence ("buys
    400 casks instead of 500", "150 a year where they used to lose 450", "54 a crate
    against 50"): the positions of the count now and of the count then, and the change
    as counts_now gives it."""
    out: list[tuple[int, int, tuple[str, float]]] = []
    for (i, now), (j, then) in pairwise(figures):
        if sentence[i] != sentence[j] or not then or now == then or _set_then(words, i):
            continue
        if _multiplier(words, j) == 1.0 and _in_thousands(now, then):
            then *= 1000  # "came in at 18000, where the year before it was 24"
        between = words[i + 1 : j]
        if turns_now_plainly(words, i, j):
            continue  # "eleven the year before, and this year fourteen": then, now
        if _BACK_WORDS & set(between) or (_CONTRAST & set(between) and any(
                a in _PERIOD_BEFORE and b == "before" for a, b in pairwise(between))) or (
                "every" in between and _BEFORE_AFTER & set(words[j + 1 : j + 5])) or (
                _compared(words, i, j)):
            # "18000 where the year before it was 24000"; "7 megalitres for every 10 he
            # took before"
            kind = "fewer" if now < then else "more"
            out.append((i, j, (kind, round(abs(then - now) / then * 100, 1))))
    return out


def ratio_share(words: Sequence[str], start: int, end: int, limit: int) -> float | None:
    """The share a sum said in words[start:end] is of a total said after it ("300 grand
    less on two million", "dropped by 150000 pounds on a budget of 1000000"): in percent,
    or None where no larger total follows "on", "of" or "out of" before `limit`."""
    part = next((f for i in range(start, end) if (f := _figure(words, i)) is not None), None)
    if not part:
        return None
    for i in range(end, min(limit, end + 8)):
        if words[i] not in ("on", "of"):
            continue
        for j in range(i + 1, min(limit, i + 6)):
            total = _figure(words, j)
            if total is not None and total > part:
                return round(part / total * 100, 1)
    return None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MIN_BETWEEN = 3  # tokens between two weekdays: "Monday and Thursday" is a timetable


def weekday_spans(words: Sequence[str], sentence: Sequence[int]) -> dict[int, int]:
    """Where a story tells how long something took by two weekdays ("filled it in on a
    Tuesday evening, and by the Thursday she had a yes"): the position of the later
    weekday and the days from the first to it."""
    days = [(i, _WEEKDAYS.index(w)) for i, w in enumerate(words) if w in _WEEKDAYS]
    out: dict[int, int] = {}
    for (i, a), (j, b) in pairwise(days):
        if j - i <= MIN_BETWEEN or sentence[j] - sentence[i] > 1 or a == b:
            continue
        out[j] = (b - a) % 7
    return out


# --- clock times -------------------------------------------------------------------------

_PAST = {"half": 0.5, "quarter": 0.25}
# words that may follow a bare hour ("in at nine and ...", "by twelve she had ...")
_AFTER_HOUR = frozenset({"", "and", "in", "on", "that", "the", "she", "he", "they", "we",
                         "it", "her", "his", "their", "sharp", "this", "next", "so", "but",
                         "then", "when", "a", "with", "at", "by", "now", "nowadays",
                         "last", "every"})
_AT = frozenset({"at", "by", "before", "until", "till"})
MAX_HOURS = 12.0  # a story told by two clock times spans less than half a day
MIN_APART = 3  # tokens between two times: "nine to five" is a timetable
STORY_SENTENCES = 3  # sentences from a time to a later one told as a story's next moment


# before a time said the British way ("like half ten", "about twenty to eleven")
_ROUGHLY_TIME = frozenset({"like", "about", "around", "just", "roughly"})
_TO_MINUTES = frozenset({"5", "10", "20", "25"})  # "twenty to eleven": minutes to the hour


def _hour_to(words: Sequence[str], i: int, lead: bool) -> tuple[float, int] | None:
    """A time said as minutes to the hour or the British "half ten" at words[i]
    ("quarter to ten", "twenty to eleven", "half ten"), in hours, with where it ends; a
    bare "five to ten" or "half ten" only where it leads (after "at", "like", or opening
    its sentence) and a figure of minutes, days or the like does not follow it."""
    w = words[i]
    if w == "quarter" and words[i + 1 : i + 2] == ["to"]:
        k, minutes = i + 2, 15
    elif lead and w in _TO_MINUTES and words[i + 1 : i + 2] == ["to"]:
        k, minutes = i + 2, int(w)
    elif lead and w == "half":
        k, minutes = i + 1, -30
    else:
        return None
    hour = words[k] if k < len(words) else ""
    after = words[k + 1] if k + 1 < len(words) else ""
    if not hour.isdigit() or not 0 < int(hour) <= 12 or (
            w != "quarter" and after not in _AFTER_HOUR and after not in _STORY_SUBJECTS):
        return None
    return int(hour) - minutes / 60, k + 1


def _hour(words: Sequence[str], i: int, lead: bool = False) -> tuple[float, int] | None:
    """The time of day said at words[i] ("9 o clock", "3pm", "half past 12", "10 past 9",
    "at 9 and", "quarter to 10"), in hours, with where it ends; None where it says no
    time. `lead`: words[i] opens its sentence (see _hour_to)."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    to = _hour_to(words, i, lead or (i > 0 and words[i - 1] in _AT | _ROUGHLY_TIME))
    if to is not None:
        return to
    if w[:-2].isdigit() and w.endswith(("am", "pm")) and 0 < int(w[:-2]) <= 12:
        return int(w[:-2]) % 12 + (12.0 if w.endswith("pm") else 0.0), i + 1
    if w.isdigit() and nxt in ("minute", "minutes") and words[i + 2 : i + 3] == ["past"]:
        got = _hour(words, i + 1)  # "1 minute past 3"
        return (got[0] - 1 + int(w) / 60, got[1]) if got else None
    if (w in _PAST or w.isdigit() or w in ("minute", "minutes")) and nxt == "past" and (
            i + 2 < len(words) and words[i + 2].isdigit() and 0 < int(words[i + 2]) <= 12):
        minutes = _PAST.get(w, 1.0) if not w.isdigit() else int(w) / 60
        return int(words[i + 2]) + minutes, i + 3
    if w in _PAST and nxt.isdigit() and 0 < int(nxt) <= 12 and i and words[i - 1] in _AT:
        return int(nxt) + _PAST[w], i + 2  # "by half nine": half past nine
    if not w.isdigit() or not 0 < int(w) <= 12:
        return None
    if nxt == "o" or (i and words[i - 1] in _AT and nxt in _AFTER_HOUR):
        return float(w), i + 1
    return None


def _done_by(words: Sequence[str], j: int, end: int) -> bool:
    """Whether the later time is when something was done ("lodged by half past twelve",
    "at one minute past three she already saw it"), not the next item of a timetable
    ("open at nine and close at five")."""
    return (j > 0 and words[j - 1] in ("by", "before")) or "already" in words[end : end + 4] or (
        end < len(words) and words[end] in _STORY_SUBJECTS)


# a subject right after a time: a moment of a story ("five to ten she's wheeling boxes
# in", "at twenty to eleven he's at the barrier"), not a timetable's next item
_STORY_SUBJECTS = frozenset({"she", "he", "they", "shes", "hes", "theyre"})


def clock_spans(words: Sequence[str], sentence: Sequence[int]) -> dict[int, float]:
    """Where a story tells how long something took by two clock times ("stopped for
    examination at three o'clock, and at one minute past three she saw it"): the position
    of the later time and the hours from the first to it."""
    times: list[tuple[int, int, float]] = []
    i = 0
    while i < len(words):
        got = _hour(words, i, lead=not i or sentence[i] != sentence[i - 1])
        if got is None:
            i += 1
            continue
        times.append((i, got[1], got[0]))
        i = got[1]
    out: dict[int, float] = {}
    for (i, end, a), (j, later, b) in pairwise(times):
        apart = MIN_APART - (words[j - 1] in ("by", "before"))  # "at six, and by seven"
        # (a terse story told in short sentences: "Quarter to ten, she pulls up. ... Five
        # to ten she's wheeling boxes in.")
        reach = STORY_SENTENCES if later < len(words) and words[later] in _STORY_SUBJECTS else 1
        if j - end < apart or sentence[j] - sentence[i] > reach or not _done_by(
                words, j, later):
            continue
        elapsed = (b - a) % 12 if b != a else 0.0
        if 0 < elapsed < MAX_HOURS:
            out[j] = round(elapsed, 3)
    return out


# --- dates -------------------------------------------------------------------------------

_ORDINALS = {w: n for n, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth"), 1)}
_ORDINALS.update({"seconds": 2, "thirtieth": 30})  # ("twenty-second" is written "20 seconds")
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july",
                     "august", "september", "october", "november", "december"})
_ON_DATE = frozenset({"on", "by", "until", "till", "from", "to", "of"})
MAX_DATE_DAYS = 31  # a story told by two dates of a month spans less than a month


def _day_of_month(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """The day of the month said from words[i] ("the 3rd", "the thirteenth", "the 20
    first" for "the twenty-first", "the 20 seconds" for "the twenty-second"), with where
    it ends; None where it is no date: after "the" that follows "on", "by", a month or
    the like, or before "of" and a month ("on the third attempt" is no date)."""
    if not i or words[i - 1] != "the":
        return None
    w = words[i]
    day, end = None, i + 1
    if w[:-2].isdigit() and w.endswith(("st", "nd", "rd", "th")):
        day = int(w[:-2])
    elif w in _ORDINALS and w != "seconds":
        day = _ORDINALS[w]
    elif w in ("20", "30") and i + 1 < len(words) and words[i + 1] in _ORDINALS and (
            _ORDINALS[words[i + 1]] < 10):
        day, end = int(w) + _ORDINALS[words[i + 1]], i + 2
    if day is None or not 0 < day <= MAX_DATE_DAYS:
        return None
    before = words[i - 2] if i > 1 else ""
    after = words[end : end + 2]
    if after[:1] and after[0] not in STOPWORDS and after[0] not in _MONTHS and not (
            after[0][:1].isdigit()):
        return None  # "on the third attempt": an ordinal of a thing, not a date
    if before in _ON_DATE or before in _MONTHS or (
            after[:1] == ["of"] and after[1:] and after[1] in _MONTHS):
        return day, end
    return None


def date_spans(words: Sequence[str], sentence: Sequence[int]) -> dict[int, int]:
    """Where a story tells how long ahead or how long after by two dates of a month ("on
    October the third the app pinged ... when the first warm spell came on the
    thirteenth"): the position of the later date and the days from the first to it."""
    dates: list[tuple[int, int]] = []
    for i in range(len(words)):
        got = _day_of_month(words, i)
        if got is not None:
            dates.append((i, got[0]))
    out: dict[int, int] = {}
    for (i, a), (j, b) in pairwise(dates):
        if sentence[j] - sentence[i] > 1:
            continue
        ma, mb = _month_of(words, i), _month_of(words, j)
        if ma is not None and mb is not None and _DAYS_BEFORE[ma] + a > _DAYS_BEFORE[mb] + b:
            # two dates of named months, the later told earlier in the year after a turn
            # to this time ("the year before, on the eighth of December ... this time, on
            # the twenty-eighth of November"): that many days sooner
            early = _DAYS_BEFORE[ma] + a - (_DAYS_BEFORE[mb] + b)
            if 0 < early <= MAX_DATE_DAYS and _THIS_TIME & set(words[i + 1 : j]):
                out[j] = early
            continue
        if b <= a:
            continue
        out[j] = b - a
    return out


_MONTH_LIST = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_DAYS_BEFORE = dict(zip(_MONTH_LIST, (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334),
                        strict=True))
# a turn from the time before to this time ("this time", "this year", "now")
_THIS_TIME = frozenset({"this", "now", "today", "nowadays"})
MONTH_REACH = 3  # tokens from a day of the month to its month ("the 8th of december")


def _month_of(words: Sequence[str], i: int) -> str | None:
    """The month named with the day of the month at i ("the 8th of December", "December
    the 8th"), or None."""
    near = [*words[i + 1 : i + 1 + MONTH_REACH], *words[max(0, i - MONTH_REACH) : i]]
    return next((w for w in near if w in _DAYS_BEFORE), None)


# --- a sum out of a total ----------------------------------------------------------------

_MONEY_UNITS = frozenset({"pounds", "pound", "dollars", "dollar", "euros", "euro", "quid",
                          "bucks", "grand", "k"})
_TOTALS = frozenset({"turnover", "revenue", "revenues", "sales", "takings", "budget",
                     "income", "spend", "billing", "billings", "fees", "bill", "payroll"})
MIN_SUM = 1000.0  # a sum of money told in the story, not a count of things


def sum_shares(words: Sequence[str], sentence: Sequence[int]) -> dict[int, float]:
    """Where a story tells a sum of money as part of a total, leaving the share to the
    listener ("that's sixty-two grand in a year, on turnover of one point two million":
    5.2%): the position of the sum and its share of the total, in percent. The sum is
    money (a unit of money after it, or a total named as turnover, revenue, budget...)."""
    out: dict[int, float] = {}
    for i in range(len(words)):
        part = _figure(words, i)
        if part is None or part < MIN_SUM:
            continue
        end = _sentence_end(sentence, i)
        share = ratio_share(words, i, i + 1, end)
        money = bool(words[i + 1 : i + 2]) and words[i + 1] in _MONEY_UNITS
        if share is None and words[i + 1 : i + 3] in (["of", "it"], ["of", "that"]):
            # "ships five million pounds a year ... got two hundred grand of it back"
            share, money = _share_of_before(words, sentence, i, part)
        if share is None:
            continue
        if money or _TOTALS & set(words[i + 1 : min(end, i + 12)]):
            out[i] = share
    return out


def _share_of_before(words: Sequence[str], sentence: Sequence[int], i: int,
                     part: float) -> tuple[float | None, bool]:
    """The share a sum said "of it" is of the larger sum said before it, in its sentence
    or the one before ("ships five million pounds a year, and we got two hundred grand of
    it back": 4%), and whether that sum is said as money."""
    for j in range(i - 1, -1, -1):
        if sentence[i] - sentence[j] > 1:
            break
        total = _figure(words, j)
        if total is not None and total > part and total >= MIN_SUM:
            return round(part / total * 100, 1), words[j + 1] in _MONEY_UNITS
    return None, False


def _sentence_end(sentence: Sequence[int], i: int) -> int:
    j = i
    while j < len(sentence) and sentence[j] == sentence[i]:
        j += 1
    return j


# --- a part out of a whole ---------------------------------------------------------------

_WHOLE_LEADS = frozenset({"the", "last", "first", "every", "each", "all", "our", "their", "its"})
PART_REACH = 10  # tokens from "out of the last 500 drops" to the part told after it


def _whole_after(words: Sequence[str], k: int) -> int | None:
    """The position of the whole said from words[k] on ("the last 500", "every 100")."""
    while k < len(words) and words[k] in _WHOLE_LEADS:
        k += 1
    return k if k < len(words) and _whole(words, k) else None


def _whole(words: Sequence[str], k: int) -> float | None:
    """The whole a part is out of, at words[k]: a count, even after "every" ("two of
    every three", which _figure reads as how often)."""
    if k and words[k - 1] in _HOW_OFTEN:
        return _figure([*words[: k - 1], "the", *words[k:]], k)
    return _figure(words, k)


# before a share: it is the size of a change, not a part of a whole
_CHANGE_LEADS = frozenset({"by", "cut", "cuts", "save", "saves", "saved", "saving", "off",
                           "down", "up", "lose", "lost", "to"})


# after a share of people: what they choose ("two in three take it", written "67 percent
# take it"), a part of all of them as much as "67 percent of them"
_CHOOSING = frozenset({"take", "takes", "took", "choose", "chooses", "chose", "pick", "picks",
                       "picked", "opt", "opts", "opted", "buy", "buys", "bought", "renew",
                       "renews", "renewed", "sign", "signs", "signed", "accept", "accepts",
                       "accepted", "add", "adds", "added"})


def part_shares(words: Sequence[str], sentence: Sequence[int]) -> dict[int, float]:
    """Where a story tells a rate as a part out of a whole, leaving the share to the
    listener ("ten out of the last five hundred turned up outside the slot", "out of the
    last 500 drops, 10 were late", "490 in every 500", "18 of our 20 sites"): the
    position of the part and the
    larger of its share and the rest's (98 for ten late in five hundred: how reliable)."""
    out: dict[int, float] = {}

    def add(at: int, part: float, whole: float) -> None:
        if 0 < part < whole:
            share = part / whole * 100
            out[at] = round(max(share, 100 - share), 1)

    for i in range(len(words) - 2):
        if words[i + 1] in ("percent", "%") and (
                words[i + 2] == "of" or words[i + 2] in _CHOOSING) and words[i].replace(
                ".", "", 1).isdigit() and not (i and words[i - 1] in _CHANGE_LEADS):
            # "sixty-six percent of new tenants take it" (said "two thirds of"): a part of
            # all of them, not a change ("cut by 30 percent of the cost")
            add(i, float(words[i]), 100.0)
            continue
        if i and words[i] == "of" and _figure(words, i - 1) is not None:
            # "490 of the last 500 drops", "18 of our 20 sites"
            w = _whole_after(words, i + 1)
            if w is not None:
                add(i - 1, _figure(words, i - 1) or 0.0, _whole(words, w) or 0.0)
            continue
        if (words[i], words[i + 1]) == ("out", "of") or (words[i], words[i + 1]) == (
                "in", "every"):
            w = _whole_after(words, i + 2 if words[i] == "out" else i + 1)
            if w is None:
                continue
            whole = _whole(words, w) or 0.0
            if i and (part := _figure(words, i - 1)) is not None:
                add(i - 1, part, whole)  # "10 out of 500"
                continue
            for j in range(w + 1, min(len(words), w + PART_REACH)):
                if sentence[j] != sentence[w]:
                    break
                part = _figure(words, j)
                if part is not None:
                    add(j, part, whole)  # "out of the last 500 drops, 10 were late"
                    break
    return out


def clock_shifts(words: Sequence[str], sentence: Sequence[int]) -> dict[int, float]:
    """Where a story sets a time of day now against the time it used to be ("the first
    rooms used to come up around two. Now the desk hands out keys at a quarter past one",
    "home by six now; she used to leave at seven"): the position of the time now and how
    many hours earlier it is."""
    times: list[tuple[int, float]] = []
    i = 0
    while i < len(words):
        got = _hour(words, i) if not (i and words[i - 1] in _ROUGHLY_AT) else _hour(
            [*words[: i - 1], "at", *words[i:]], i)
        if got is None:
            i += 1
            continue
        times.append((i, got[0]))
        i = max(got[1], i + 1)
    out: dict[int, float] = {}
    for (i, a), (j, b) in pairwise(times):
        if sentence[j] - sentence[i] > MAX_SENTENCES:
            continue
        if _told_past(words, sentence, i) and turns_now_plainly(words, i, j):
            then, now = a, b  # how it used to be, then how it is
        elif _BACK_WORDS & set(words[i + 1 : j]) or (
                _told_past(words, sentence, j) and not _told_past(words, sentence, i)):
            then, now, j = b, a, i  # how it is, then how it used to be
        else:
            continue
        earlier = then - now
        if 0 < earlier < MAX_HOURS:
            out[j] = round(earlier, 3)
    return out


_ROUGHLY_AT = frozenset({"around", "about", "roughly"})  # "around two" as "at two"
