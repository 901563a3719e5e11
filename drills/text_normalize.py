"""Text normalisation shared by every comparison the scorer makes.

A rep says "forty percent", Whisper writes "40%", the playbook says "40 %": all three
must compare equal. Everything here is pure and table-driven, so a playbook phrase and a
transcript go through exactly the same steps:

1. per word: lowercase, expand contractions ("don't" -> "do not"), turn symbols into
   words ("40%" -> "40 percent", "2x" -> "2 times", "$5" -> "5 dollars", "v2" ->
   "version 2", "#1" -> "number 1"), split hyphens and slashes ("per-seat" -> "per
   seat"), drop the remaining punctuation;
2. across words: number words become digits ("one hundred" -> "100"), known ASR
   splits are joined ("ransom wear" -> "ransomware", "sock two" -> "soc 2");
3. for content matching only: a light suffix stemmer plus a small table of business
   synonyms ("cuts", "reducing", "lowered" all become one key).

Each output token remembers which input words it came from, so the scorer can quote and
time exactly what was said.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# --- step 1: one word at a time -------------------------------------------------------

_CONTRACTIONS = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "here's": "here is",
    "what's": "what is",
    "who's": "who is",
    "he's": "he is",
    "she's": "she is",
    "where's": "where is",
    "how's": "how is",
    # the same without the apostrophe, as speech-to-text and quick typists write them
    # (only where the bare word is rarely another word: not "were", "its", "well", "id")
    "cant": "can not", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
    "couldnt": "could not", "shouldnt": "should not", "wouldnt": "would not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "wont": "will not",
    "youre": "you are", "theyre": "they are", "im": "i am", "ive": "i have",
    "youve": "you have", "weve": "we have", "theyve": "they have", "youll": "you will",
    "theyll": "they will", "thats": "that is", "theres": "there is", "whats": "what is",
}  # fmt: skip
_SUFFIX_CONTRACTIONS = (
    ("n't", " not"),
    ("'re", " are"),
    ("'ll", " will"),
    ("'ve", " have"),
    ("'d", " would"),
    ("'m", " am"),
    ("'s", ""),  # possessive: "company's" -> "company"
    ("s'", "s"),
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-"})
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_TIMES_RE = re.compile(r"^(\d+(?:\.\d+)?)x$")
_KILO_RE = re.compile(r"^(\d+(?:\.\d+)?)k$")
_CURRENCY_SIGNS = (("$", "dollars"), ("£", "pounds"), ("€", "euros"))
_MONEY_SCALE_RE = re.compile(r"^(\d+(?:\.\d+)?)(m|mn|bn|b)$")
_MONEY_SCALES = {"m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_VERSION_RE = re.compile(r"^v(\d+(?:\.\d+)?)$")  # "v2", as said: "version 2"
_DECIMAL_RE = re.compile(r"^\d+\.\d*0$")  # a decimal with trailing zeros
_RANK_RE = re.compile(r"^#(\d+)$")  # "#1", as said: "number 1"
_NUM_UNIT_RE = re.compile(
    r"^(\d+(?:\.\d+)?)(percent|pct|times|dollars?|hours?|hrs?|days?|weeks?|wks?|mins?|"
    r"minutes?|secs?|seconds?|months?|years?|yrs?|p)$")
_NON_WORD_RE = re.compile(r"[^\w\s.]+")
_STRAY_DOT_RE = re.compile(r"(?<!\d)\.|\.(?!\d)")


@lru_cache(maxsize=65536)  # pure, and every transcript says the same words again
def _clean_word(word: str) -> tuple[str, ...]:
    """Lowercase one word and turn it into zero or more plain tokens."""
    w = unicodedata.normalize("NFKC", word).translate(_QUOTES).lower().strip()
    core = w.strip("\"'()[]{}.,;:!?")
    if core in _CONTRACTIONS:
        w = _CONTRACTIONS[core]
    else:
        for suffix, repl in _SUFFIX_CONTRACTIONS:
            if core.endswith(suffix) and len(core) > len(suffix):
                w = core[: -len(suffix)] + repl
                break
    w = _THOUSANDS_RE.sub("", w)
    if m := _RANK_RE.match(w.strip("\"'()[]{}.,;:!?")):
        w = "number " + m.group(1)
    w = w.replace("%", " percent ").replace("&", " and ").replace("+", " plus ")
    money = next((name for sign, name in _CURRENCY_SIGNS if sign in w), None)
    if money is not None:  # "$5" -> "5 dollars", "£45" -> "45 pounds"
        for sign, _ in _CURRENCY_SIGNS:
            w = w.replace(sign, " ")
        w += " " + money
    w = w.replace("-", " ").replace("/", " ").replace("_", " ")
    w = _NON_WORD_RE.sub(" ", w)
    w = _STRAY_DOT_RE.sub(" ", w)
    out: list[str] = []
    for tok in w.split():
        if m := _TIMES_RE.match(tok):
            out += [m.group(1), "times"]
        elif m := _KILO_RE.match(tok):
            out.append(_fmt_number(float(m.group(1)) * 1000))
        elif money is not None and (m := _MONEY_SCALE_RE.match(tok)):
            # "$1.2m", "£3bn" (a bare "2m" may be metres)
            out.append(_fmt_number(float(m.group(1)) * _MONEY_SCALES[m.group(2)]))
        elif m := _VERSION_RE.match(tok):
            out += ["version", m.group(1)]
        elif m := _NUM_UNIT_RE.match(tok):
            out += [m.group(1), m.group(2)]
        else:
            out.append(tok)
    if "." in w:  # "2.0" is "2", "99.90" is "99.9"
        out = [t.rstrip("0").rstrip(".") if _DECIMAL_RE.match(t) else t for t in out]
    return tuple(out)


# --- step 2: across words --------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# ("mil" as said for million: "two mil", "a mil")
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "mil": 1_000_000,
           "billion": 1_000_000_000}
_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")

# Multi-word spellings Whisper (or a typist) produces for one term. Keys are token tuples
# after step 1 and number parsing; values replace them. Generic, not tied to a playbook:
# playbook-specific joins are handled by `join_to_vocabulary`.
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("per", "cent"): ("percent",),
    ("pct",): ("percent",),
    ("twice",): ("2", "times"),
    ("sock", "2"): ("soc", "2"),
    ("socks", "2"): ("soc", "2"),
    ("sox", "2"): ("soc", "2"),
    ("sock", "to"): ("soc", "2"),
    ("sock", "too"): ("soc", "2"),
    ("soc", "to"): ("soc", "2"),
    ("soc", "too"): ("soc", "2"),
    ("soc2",): ("soc", "2"),
    ("s", "o", "c"): ("soc",),
    ("ransom", "wear"): ("ransomware",),
    ("ransom", "ware"): ("ransomware",),
    ("ransomwear",): ("ransomware",),
    ("mal", "ware"): ("malware",),
    ("e", "mail"): ("email",),
    ("e", "mails"): ("emails",),
    ("data", "base"): ("database",),
    ("on", "boarding"): ("onboarding",),
    ("work", "flow"): ("workflow",),
    ("work", "flows"): ("workflows",),
    ("road", "map"): ("roadmap",),
    ("cyber", "security"): ("cybersecurity",),
    ("sass",): ("saas",),
    ("a", "i"): ("ai",),
    ("hippa",): ("hipaa",),
    ("hip", "a"): ("hipaa",),
    ("g", "d", "p", "r"): ("gdpr",),
    ("up", "time"): ("uptime",),
    ("set", "up", "fee"): ("setup", "fee"),
    ("log", "in"): ("login",),
    ("check", "out"): ("checkout",),
    ("dash", "board"): ("dashboard",),
    ("pay", "back"): ("payback",),
    ("e", "commerce"): ("ecommerce",),
    ("okay",): ("ok",),
    ("type", "ii"): ("type", "2"),
    ("type", "i"): ("type", "1"),
    # durations people say in words, as the digits a playbook writes
    # a time of day, not three months: "at a quarter past one"
    ("a", "quarter", "past"): ("a", "quarter", "past"),
    ("a", "quarter", "to"): ("a", "quarter", "to"),
    ("a", "quarter", "of", "an", "hour"): ("15", "minutes"),
    ("quarter", "of", "an", "hour"): ("15", "minutes"),
    ("a", "half", "hour"): ("30", "minutes"),
    ("quarter", "hour"): ("15", "minutes"),
    ("half", "an", "hour"): ("30", "minutes"),
    ("half", "a", "hour"): ("30", "minutes"),  # non-native speech, and Whisper's spelling
    ("half", "hour"): ("30", "minutes"),
    ("half", "a", "minute"): ("30", "seconds"),
    ("half", "minute"): ("30", "seconds"),
    ("a", "half", "minute"): ("30", "seconds"),
    ("half", "a", "second"): ("0.5", "seconds"),
    ("half", "a", "year"): ("6", "months"),
    ("half", "year"): ("6", "months"),
    ("a", "year", "and", "a", "half"): ("18", "months"),
    ("fortnight",): ("2", "weeks"),
    ("a", "dozen"): ("12",),
    ("a", "second", "time"): ("twice",),  # "nothing is keyed in a second time"
    # a quarter of a year (after "a quarter of an hour", which is longer and wins)
    ("half", "a", "day"): ("0.5", "days"),
    ("half", "day"): ("0.5", "days"),
    ("half", "a", "week"): ("3.5", "days"),
    ("a", "quarter", "hour"): ("15", "minutes"),
    ("a", "quarter"): ("3", "months"),
    # ... but a quarter more, fewer or of something is a share of it
    ("a", "quarter", "more"): ("25", "percent", "more"),
    ("a", "quarter", "fewer"): ("25", "percent", "fewer"),
    ("a", "quarter", "less"): ("25", "percent", "less"),
    ("a", "quarter", "of"): ("25", "percent", "of"),
    ("a", "quarter", "lower"): ("25", "percent", "lower"),
    ("a", "quarter", "higher"): ("25", "percent", "higher"),
    # ... or under what it was ("a quarter under last year's"; not "a quarter under the
    # new contract", three months)
    **{("a", "quarter", under, then): ("25", "percent", under, then)
       for under in ("under", "below") for then in ("last", "what", "before", "that")},
    ("a", "quarter", "cheaper"): ("25", "percent", "cheaper"),
    ("a", "quarter", "of", "the"): ("25", "percent", "of", "the"),
    ("a", "quarter", "of", "all"): ("25", "percent", "of", "all"),
    ("by", "a", "quarter"): ("by", "25", "percent"),
    # ... said as roughly that ("climb by about a quarter")
    ("by", "about", "a", "quarter"): ("by", "about", "25", "percent"),
    ("by", "around", "a", "quarter"): ("by", "around", "25", "percent"),
    ("by", "roughly", "a", "quarter"): ("by", "roughly", "25", "percent"),
    ("by", "nearly", "a", "quarter"): ("by", "nearly", "25", "percent"),
    ("by", "almost", "a", "quarter"): ("by", "almost", "25", "percent"),
    # ... not the clock ("ready by about a quarter to five")
    **{("by", h, "a", "quarter", w): ("by", h, "a", "quarter", w)
       for h in ("about", "around", "roughly", "nearly", "almost") for w in ("to", "past")},
    ("by", "a", "quarter", "to"): ("by", "a", "quarter", "to"),
    ("by", "a", "quarter", "past"): ("by", "a", "quarter", "past"),
    ("first", "quarter"): ("first", "3", "months"),
    ("one", "quarter"): ("3", "months"),
    ("1", "quarter"): ("3", "months"),
    # shares people say as fractions
    ("a", "third"): ("33", "percent"),
    ("one", "third"): ("33", "percent"),
    ("1", "third"): ("33", "percent"),
    ("33.3", "percent"): ("33", "percent"),
    ("by", "hand"): ("manual",),
    # work kept in a spreadsheet or on paper is done by hand (the word stays said too)
    ("in", "a", "spreadsheet"): ("in", "a", "spreadsheet", "manual"),
    ("in", "spreadsheets"): ("in", "spreadsheets", "manual"),
    ("with", "a", "spreadsheet"): ("with", "a", "spreadsheet", "manual"),
    ("on", "paper"): ("on", "paper", "manual"),
    ("on", "a", "clipboard"): ("on", "a", "clipboard", "manual"),
    # a fixed price is a flat one (while "fixed" alone is mostly "repaired")
    ("fixed", "price"): ("flat", "price"),
    ("fixed", "fee"): ("flat", "fee"),
    ("fixed", "amount"): ("flat", "amount"),
    ("fixed", "rate"): ("flat", "rate"),
    ("fixed", "cost"): ("flat", "cost"),
    # speed told as an everyday outcome (the scorer links "fast" to a short duration)
    ("in", "no", "time"): ("fast",),
    ("right", "away"): ("fast",),
    ("straight", "away"): ("fast",),
    ("in", "a", "flash"): ("fast",),
    ("in", "seconds"): ("fast",),
    ("a", "couple", "of", "seconds"): ("fast",),
    ("a", "few", "seconds"): ("fast",),
    ("in", "minutes"): ("fast",),
    ("within", "minutes"): ("fast",),
    ("minutes", "later"): ("fast",),
    ("blink", "of", "an", "eye"): ("fast",),
    ("coffee", "went", "cold"): ("fast",),
    ("coffee", "got", "cold"): ("fast",),
    ("coffee", "break"): ("fast",),
    ("before", "lunch"): ("fast",),
    ("by", "lunch"): ("fast",),
    ("by", "lunchtime"): ("fast",),
    # back at work after a failure: a restore
    ("working", "again"): ("restored",),
    ("running", "again"): ("restored",),
    ("back", "in", "business"): ("restored",),
    # round the clock
    ("24", "7"): ("day", "and", "night"),
    ("around", "the", "clock"): ("day", "and", "night"),
    ("round", "the", "clock"): ("day", "and", "night"),
    ("3", "nines"): ("99.9", "percent"),
    ("4", "nines"): ("99.99", "percent"),
    ("5", "nines"): ("99.999", "percent"),
    ("on", "line"): ("online",),
    # compound nouns whose first word is not a negation
    ("no", "shows"): ("noshows",),
    # a no-show told as what happened (the "not" is part of the noun, not a denial)
    ("did", "not", "turn", "up"): ("noshows",),
    ("did", "not", "show", "up"): ("noshows",),
    ("no", "show"): ("noshow",),
    ("no", "code"): ("nocode",),
    ("re", "mind", "ers"): ("reminders",),
    ("half", "a", "dozen"): ("6",),
    ("three", "quarters", "of", "an", "hour"): ("45", "minutes"),
    ("3", "quarters", "of", "an", "hour"): ("45", "minutes"),
    ("three", "quarters"): ("75", "percent"),
    ("3", "quarters"): ("75", "percent"),
    ("a", "quarter", "of", "a", "million"): ("250000",),
    ("quarter", "of", "a", "million"): ("250000",),
    ("half", "a", "million"): ("500000",),
    ("half", "a", "percent"): ("0.5", "percent"),
    # half as fast again is 50% faster (not "half as fast")
    ("half", "as", "fast", "again"): ("50", "percent", "faster"),
    ("half", "again", "as", "fast"): ("50", "percent", "faster"),
    # a part of one percent ("half of one percent", "a quarter of a percent")
    **{(*head, "of", one, "percent"): (value, "percent")
       for head, value in ((("half",), "0.5"), (("a", "half"), "0.5"),
                           (("a", "quarter"), "0.25"), (("a", "tenth"), "0.1"),
                           (("one", "tenth"), "0.1"))
       for one in ("one", "1", "a")},
    # data keyed in is typed ("nothing is keyed in a second time"; "key" alone is mostly
    # "important")
    ("key", "in"): ("type",), ("keys", "in"): ("types",), ("keyed", "in"): ("typed",),
    ("keying", "in"): ("typing",), ("rekey",): ("retype",), ("rekeyed",): ("retyped",),
    ("rekeying",): ("retyping",),
    # a "-ty" number that speech recognition split in two ("nine tee percent")
    **{(head, tail): (tens,) for tens, heads in (
        ("twenty", ("twen",)), ("thirty", ("thir",)), ("forty", ("four", "for")),
        ("fifty", ("fif",)), ("sixty", ("six",)), ("seventy", ("seven",)),
        ("eighty", ("eight", "eigh")), ("ninety", ("nine",)),
    ) for head in heads for tail in ("tee", "ty")},
}
# Units of time as quantities: seconds in one of each. A duration is converted to
# seconds and written in the largest unit that holds it whole ("two weeks" == "14 days"
# == "a fortnight", "90 seconds" == "1.5 minutes", "an hour and a half" == "90 minutes",
# "48 hours" == "2 days"), so the same length compares equal however it is said, while
# "half a day" (12 hours) stays unlike "an hour". Weeks are written as days (playbooks
# and reps count "14 days" more than "2 weeks"); months and years are calendar units, a
# month counted as 30 days only for whole multiples ("90 days" == "3 months").
_SECOND, _MINUTE, _HOUR, _DAY = 1.0, 60.0, 3600.0, 86400.0
_DURATION_UNITS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("second", "seconds", "sec", "secs"), ("seconds", _SECOND)),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), ("seconds", _MINUTE)),
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), ("seconds", _HOUR)),
    **dict.fromkeys(("day", "days"), ("seconds", _DAY)),
    **dict.fromkeys(("week", "weeks", "wk", "wks"), ("seconds", 7 * _DAY)),
    **dict.fromkeys(("month", "months"), ("months", 1.0)),
    **dict.fromkeys(("year", "years", "yr", "yrs"), ("months", 12.0)),
}
# the units a length in seconds is written in, largest first
_WHOLE_UNITS = (("days", _DAY), ("hours", _HOUR), ("minutes", _MINUTE), ("seconds", _SECOND))
_HALF = ("and", "a", "half")
# words Whisper writes for "two" before a unit of time ("too weeks")
_HOMOPHONE_TWO = {"too", "to"}
# per first word, the lengths of the phrases that start with it, longest first
_PHRASE_SIZES: dict[str, tuple[int, ...]] = {}
for _key in _PHRASES:
    _PHRASE_SIZES[_key[0]] = tuple(sorted({*_PHRASE_SIZES.get(_key[0], ()), len(_key)},
                                          reverse=True))


@dataclass(frozen=True, slots=True)
class Token:
    """A normalised token and the span of input words (inclusive) it came from."""

    text: str
    first: int
    last: int


def _fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@dataclass(slots=True)
class _NumberRun:
    """A run of number words being read: what is summed so far and the last word's kind
    (unit | tens | hundred | scale | point), which decides the words that may follow."""

    start: int
    total: float = 0.0
    current: float = 0.0
    last: str = ""


def _digit(toks: list[Token], k: int) -> int | None:
    """The digit a single-digit number word at `k` says ("five" -> 5), else None."""
    value = _UNITS.get(toks[k].text) if k < len(toks) else None
    return value if value is not None and value < 10 else None


def _next_is_scale(toks: list[Token], j: int) -> bool:
    return j + 1 < len(toks) and toks[j + 1].text in _SCALES


def _read_a(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    """The word "a" opens a run only before a scale: "a hundred", "a million"."""
    if j != run.start or not _next_is_scale(toks, j):
        return None
    run.current, run.last = 1, "unit"
    return j + 1


def _read_unit(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    value = _UNITS[toks[j].text]
    if run.last not in ("", "tens", "hundred", "scale"):
        return None
    if run.last == "tens" and value >= 10:
        return None  # "twenty twelve": a year-like pair, stop at the first
    run.current += value
    run.last = "unit"
    return j + 1


def _read_tens(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    if run.last not in ("", "hundred", "scale"):
        return None
    run.current += _TENS[toks[j].text]
    run.last = "tens"
    return j + 1


def _read_hundred(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    if run.last not in ("unit", "tens") or run.current >= 100:
        return None
    run.current *= 100
    run.last = "hundred"
    return j + 1


def _read_scale(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    """A scale ("thousand", "million", "billion") multiplies what is read so far."""
    if run.last not in ("unit", "tens", "hundred", "point"):
        return None
    run.total += run.current * _SCALES[toks[j].text]
    run.current, run.last = 0, "scale"
    return j + 1


def _read_and(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    """An "and" joins a scale to a unit or tens after it: "one hundred and twenty"."""
    nxt = toks[j + 1].text if j + 1 < len(toks) else None
    if run.last not in ("hundred", "scale") or nxt is None:
        return None
    return j + 1 if nxt in _UNITS or nxt in _TENS else None


def _read_point(toks: list[Token], j: int, run: _NumberRun) -> int | None:
    """A decimal point, "three point five": digits after it, one word each."""
    if run.last not in ("unit", "tens") or _digit(toks, j + 1) is None:
        return None
    frac, k, scale = 0.0, j + 1, 0.1
    while (digit := _digit(toks, k)) is not None:
        frac += digit * scale
        scale /= 10
        k += 1
    run.current += round(frac, 6)
    run.last = "point"
    return k


# how each kind of word extends a run; a word of no kind here ends it
_NUMBER_READERS = {
    "a": _read_a,
    "unit": _read_unit,
    "tens": _read_tens,
    "hundred": _read_hundred,
    "scale": _read_scale,
    "and": _read_and,
    "point": _read_point,
}


def _number_word_kind(word: str) -> str:
    if word in _UNITS:
        return "unit"
    if word in _TENS:
        return "tens"
    if word in _SCALES:
        return "hundred" if word == "hundred" else "scale"
    return word if word in ("a", "and", "point") else ""


def _digits_before_scale(toks: list[Token], i: int) -> bool:
    """Digits a scale word multiplies: "5 million", "1.5 thousand"."""
    return _NUMBER_RE.match(toks[i].text) is not None and _next_is_scale(toks, i)


def _starts_number(toks: list[Token], i: int) -> bool:
    t = toks[i].text
    if t in _UNITS or t in _TENS or (t == "a" and _next_is_scale(toks, i)):
        return True
    return _digits_before_scale(toks, i)


def _read_number(toks: list[Token], i: int) -> tuple[float, int]:
    """The value of the run of number words starting at `i`, and the index after it."""
    run, j = _NumberRun(i), i
    if _digits_before_scale(toks, i):
        run.current, run.last, j = float(toks[i].text), "unit", i + 1
    while j < len(toks):
        reader = _NUMBER_READERS.get(_number_word_kind(toks[j].text))
        end = reader(toks, j, run) if reader is not None else None
        if end is None:
            break
        j = end
    return run.total + run.current, j


def _spoken_times(toks: list[Token]) -> list[Token]:
    """A spoken multiplier, "2 x": the "x" becomes "times"."""
    for k in range(1, len(toks)):
        if toks[k].text == "x" and _NUMBER_RE.match(toks[k - 1].text):
            toks[k] = Token("times", toks[k].first, toks[k].last)
    return toks


def _parse_numbers(toks: list[Token]) -> list[Token]:
    """Replace runs of number words ("one hundred and twenty") with digits ("120"); "five
    grand" is 5000, and so is the bare figure it goes "to" ("from thirty grand a year to
    twenty")."""
    out: list[Token] = []
    i = 0
    grand_at = -GRAND_REACH - 1  # where the last figure said in "grand" was written
    while i < len(toks):
        words = _starts_number(toks, i)
        if not words and _NUMBER_RE.match(toks[i].text) is None:
            out.append(toks[i])
            i += 1
            continue
        value, j = _read_number(toks, i) if words else (float(toks[i].text), i + 1)
        scaled = True
        if j < len(toks) and toks[j].text == "grand":
            value, j, grand_at = value * 1000, j + 1, len(out)
        elif out and out[-1].text == "to" and len(out) - grand_at <= GRAND_REACH and (
                j == len(toks) or toks[j].text not in _SCALES):
            value *= 1000
        else:
            scaled = words  # digits said plainly stay as written
        text = _fmt_number(value) if scaled else toks[i].text
        out.append(Token(text, toks[i].first, toks[j - 1].last))
        i = j
    return _spoken_times(out)


GRAND_REACH = 6  # tokens from "N grand" to the "to M" that goes on in thousands


def _apply_phrases(toks: list[Token]) -> list[Token]:
    """Rewrite known multi-word ASR spellings to one canonical form."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        sizes = _PHRASE_SIZES.get(toks[i].text, ())
        for size in sizes:
            if size > n - i:
                continue
            key = tuple(t.text for t in toks[i : i + size])
            repl = _PHRASES.get(key)
            if repl is not None:
                first, last = toks[i].first, toks[i + size - 1].last
                out.extend(Token(r, first, last) for r in repl)
                i += size
                break
        else:
            out.append(toks[i])
            i += 1
    return out


# "within the week" bounds a length as "within a week" does; elsewhere "the week" names
# a week of the calendar ("later in the week"), no length
_WITHIN = frozenset({"within", "inside"})


def _amount(text: str, unit: str, before: str = "") -> float | None:
    """The number a token says before a unit of time: digits, "a"/"an" (one), "the"
    after "within" ("within the week"), or a homophone of "two" before a plural ("too
    weeks")."""
    if text in ("a", "an") or (text == "the" and before in _WITHIN and not unit.endswith("s")):
        return 1.0
    if text in _HOMOPHONE_TWO and unit.endswith("s"):
        return 2.0
    return float(text) if _NUMBER_RE.match(text) else None


def _duration_text(value: float, kind: str) -> tuple[str, str]:
    """A length of time as (figure, unit) in the largest unit holding it whole."""
    if kind == "months":
        if value != int(value):
            return _fmt_number(value * 30), "days"  # "a month and a half" is 45 days
        return _fmt_number(value), "months"
    days = value / _DAY
    if days >= 30 and days == int(days) and days % 30 == 0:
        return _fmt_number(days / 30), "months"
    for unit, size in _WHOLE_UNITS:
        if value >= size and (value / size) == int(value / size):
            return _fmt_number(value / size), unit
    for unit, size in _WHOLE_UNITS:  # a fraction of a second, or an odd fraction
        if value >= size:
            return _fmt_number(round(value / size, 2)), unit
    return _fmt_number(value), "seconds"


def _duration_at(texts: Sequence[str], before: str = "") -> tuple[float, str, int] | None:
    """The length of time the tokens `texts` start with: (amount, unit word, tokens
    used), or None. "N <unit>", "N and a half <unit>", "N <unit> and a half", "a couple
    of <unit>", "(within) the <unit>" (`before`: the word before them)."""
    lead = 3 if texts[:3] == ["a", "couple", "of"] else 2 if texts[:2] == ["couple", "of"] else 0
    rest = texts[lead:] if lead else texts
    if lead and rest[:1] and rest[0] in _DURATION_UNITS:
        return 2.0, rest[0], lead + 1
    if lead or len(rest) < 2:
        return None
    if len(rest) >= 5 and tuple(rest[1:4]) == _HALF and rest[4] in _DURATION_UNITS:
        amount = _amount(rest[0], rest[4])  # "two and a half hours"
        return (amount + 0.5, rest[4], 5) if amount is not None else None
    if rest[1] not in _DURATION_UNITS:
        return None
    amount = _amount(rest[0], rest[1], before)
    if amount is None:
        return None
    if tuple(rest[2:5]) == _HALF:  # "an hour and a half"
        return amount + 0.5, rest[1], 5
    whole = _in_smaller_unit(rest, amount)
    if whole is not None:  # "an hour and fifteen minutes" is 75 minutes
        return whole, rest[4], 5
    return amount, rest[1], 2


def _in_smaller_unit(rest: Sequence[str], amount: float) -> float | None:
    """"<amount> <unit> and <M> <smaller unit>" in smaller units ("an hour and fifteen
    minutes": 75), or None where `rest` says no such length."""
    if len(rest) < 5 or rest[2] != "and" or not _NUMBER_RE.match(rest[3]) or (
            rest[4] not in _DURATION_UNITS):
        return None
    (kind, size), (kind2, size2) = _DURATION_UNITS[rest[1]], _DURATION_UNITS[rest[4]]
    if kind != kind2 or size2 >= size:
        return None
    return amount * size / size2 + float(rest[3])


_PER = frozenset({"a", "an", "per", "every", "each"})
_PER_ADVERBS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
                "yearly": "year", "annually": "year"}


def _rate_at(texts: Sequence[str]) -> tuple[float, str, int] | None:
    """A rate the tokens `texts` start with, as the interval between two events:
    "4 times an hour" (every 15 minutes), "twice a day" (written "2 times" before):
    (amount of the unit, unit word, tokens used), or None. ("once a month" stays as
    it is said: "once", "1 months".)"""
    if len(texts) >= 4 and texts[1] == "times" and texts[2] in _PER and (
            texts[3] in _DURATION_UNITS) and _NUMBER_RE.match(texts[0]):
        count = float(texts[0])
        return (1.0 / count, texts[3], 4) if count > 0 else None
    if len(texts) >= 3 and texts[1] == "times" and texts[2] in _PER_ADVERBS and (
            _NUMBER_RE.match(texts[0])):  # "twice daily" is "twice a day"
        count = float(texts[0])
        return (1.0 / count, _PER_ADVERBS[texts[2]], 3) if count > 0 else None
    return None


def _durations(toks: list[Token]) -> list[Token]:
    """Write every length of time as one figure and one unit per kind (_duration_text),
    the figure spanning the words of the amount and the unit those of the unit; a rate
    ("four times an hour") as the interval it says ("every 15 minutes")."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        texts = [t.text for t in toks[i : i + 7]]
        rate = _rate_at(texts)
        if rate is not None:
            amount, unit_word, used = rate
            kind, factor = _DURATION_UNITS[unit_word]
            figure, unit = _duration_text(amount * factor, kind)
            last = toks[i + used - 1]
            out += [Token("every", toks[i].first, toks[i].last),
                    Token(figure, toks[i].first, toks[i + used - 2].last),
                    Token(unit, last.first, last.last)]
            i += used
            continue
        found = _duration_at(texts, toks[i - 1].text if i else "")
        if found is None:
            out.append(toks[i])
            i += 1
            continue
        amount, unit_word, used = found
        kind, factor = _DURATION_UNITS[unit_word]
        figure, unit = _duration_text(amount * factor, kind)
        at_unit = next(j for j in range(i, i + used) if toks[j].text == unit_word)
        out.append(Token(figure, toks[i].first, toks[max(i, at_unit - 1)].last))
        out.append(Token(unit, toks[at_unit].first, toks[i + used - 1].last))
        i += used
    return out


# A share said as a ratio or a fraction is a percentage: "nine in ten", "3 out of 4",
# "two thirds", "a fifth". ("a quarter" and "half" are left to the phrases above: they
# are more often lengths of time.)
_DENOMINATORS = {
    "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
_RATIO_WORDS = (("in",), ("out", "of"), ("out", "of", "every"), ("in", "every"), ("per",))
RATIO_MAX = 1000  # "5 in 2024" is no ratio
_BARE_SCALES = {"hundred": "100", "thousand": "1000"}
_PLURAL_LETTER = re.compile(r"^[a-z]s$")  # "Is" of "A P Is"


def _percent(part: float, whole: float) -> str:
    """The percentage, whole; under one percent to two significant figures ("one in a
    thousand" is 0.1%, not 0%)."""
    share = 100 * part / whole
    return _fmt_number(float(f"{share:.2g}") if share < 1 else round(share))


def _shares(toks: list[Token]) -> list[Token]:
    """Write a ratio ("N in M", "N out of M") or a fraction ("two thirds") as "P percent"."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        part = 1.0 if tok.text in ("a", "an") else (
            float(tok.text) if _NUMBER_RE.match(tok.text) else None)
        if part is not None and i + 1 < n and toks[i + 1].text in _DENOMINATORS and (
                tok.text[:1].isdigit() or toks[i + 1].text[-1] != "s"):
            whole = _DENOMINATORS[toks[i + 1].text]
            if part < whole:
                out += [Token(_percent(part, whole), tok.first, tok.last),
                        Token("percent", toks[i + 1].first, toks[i + 1].last)]
                i += 2
                continue
        if part is not None and tok.text[:1].isdigit():
            ratio = _ratio_at(toks, i, part)
            if ratio is not None:
                value, j, noun = ratio
                out += [Token(value, tok.first, tok.last),
                        Token("percent", toks[i + 1].first, toks[j - 1].last)]
                if noun >= 0:
                    out.append(toks[noun])  # "1 pound in every 20": "5 percent pound"
                i = j
                continue
        out.append(tok)
        i += 1
    return out


# A share of money said as so much of each unit: "five pence in the pound", "ten cents on
# the dollar"
_PER_HUNDRED = (("pence", "in", "the", "pound"), ("p", "in", "the", "pound"),
                ("cents", "on", "the", "dollar"), ("cents", "in", "the", "dollar"))


_MONEY = frozenset({"pound", "pounds", "quid", "dollar", "dollars", "euro", "euros", "penny",
                    "cent", "cents", "buck", "bucks"})


def _ratio_at(toks: list[Token], i: int, part: float) -> tuple[str, int, int] | None:
    """The percentage "N in M" (or "N things in every M", "N pence in the pound") at i
    says, where it ends, and the noun said between (-1 for none); None where it says
    none."""
    for per in _PER_HUNDRED:
        j = i + 1 + len(per)
        if j <= len(toks) and tuple(t.text for t in toks[i + 1 : j]) == per and part < 100:
            return _fmt_number(part), j, -1
    noun = toks[i + 1].text if i + 1 < len(toks) else ""
    # "one pound in every twenty", "two orders out of every hundred": a noun between,
    # where "every" or "out of" says a ratio ("four stores in twelve cities" says none)
    skip = 1 if noun.isalpha() and noun not in _DURATION_UNITS and noun not in (
        "in", "out", "per") else 0
    for words in sorted(_RATIO_WORDS, key=len, reverse=True):
        if skip and "every" not in words and words[0] != "out" and (
                noun not in _MONEY or words == ("per",)):
            continue  # ("one pound in twenty" says a share as "one pound in every twenty";
            # "five dollars per thousand views" is a price)
        j = i + 1 + skip + len(words)
        if j >= len(toks) or tuple(t.text for t in toks[i + 1 + skip : j]) != words:
            continue
        whole_text = toks[j].text
        whole_text = _BARE_SCALES.get(whole_text, whole_text)  # "one per thousand"
        if not _NUMBER_RE.match(whole_text):
            return None
        whole = float(whole_text)
        after = toks[j + 1].text if j + 1 < len(toks) else ""
        if not 0 < part < whole <= RATIO_MAX or after in _DURATION_UNITS:
            return None
        # "nine times out of ten" is 90%, no multiple
        return _percent(part, whole), j + 1, i + 1 if skip and noun != "times" else -1
    return None


def _spelled_letters(toks: list[Token]) -> list[Token]:
    """Letters spelled out ("s l a", "S.L.A.", "A P I", "A P Is") as the one word they
    spell: a run of 3-6 single letters, or of two that are not the words "a" and "I";
    a last letter with a plural "s" ("Is" of "A P Is") ends the run."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        j = i
        while j < n and j - i < 6 and len(toks[j].text) == 1 and toks[j].text.isalpha():
            j += 1
        run = [t.text for t in toks[i:j]]
        plural = j > i + 1 and j < n and _PLURAL_LETTER.match(toks[j].text) is not None
        letters = run + ([toks[j].text[0]] if plural else [])
        if len(letters) >= 3 or (len(letters) == 2 and not set(letters) & {"a", "i"}):
            end = j + plural
            word = "".join(letters) + ("s" if plural else "")
            out.append(Token(word, toks[i].first, toks[end - 1].last))
            i = end
            continue
        out.append(toks[i])
        i += 1
    return out


_MONEY_WORDS = frozenset(name for _, name in _CURRENCY_SIGNS)


def _money_before_scale(toks: list[Token]) -> list[Token]:
    """"$1.2 million" is cleaned to "1.2 dollars million": put the currency after the
    scale, so that the number reads as 1200000 ("1.2 million dollars"); and "1.2M
    dollars" is 1200000 dollars."""
    out = list(toks)
    for i in range(len(out) - 1):  # "1.2M dollars", "3bn pounds" (the currency says so)
        m = _MONEY_SCALE_RE.match(out[i].text)
        if m and out[i + 1].text in _MONEY:
            value = float(m.group(1)) * _MONEY_SCALES[m.group(2)]
            out[i] = Token(_fmt_number(value), out[i].first, out[i].last)
    for i in range(len(out) - 2):
        a, cur, scale = out[i : i + 3]
        if cur.text in _MONEY_WORDS and scale.text in _SCALES and _NUMBER_RE.match(a.text) and (
                cur.first == a.first):
            out[i + 1] = Token(scale.text, scale.first, scale.last)
            out[i + 2] = Token(cur.text, scale.first, scale.last)
    return out


# Ordinals said in words after a tens word ("the twenty-first", "the twenty-second of
# May"): a day of the month, not "20 first" or twenty seconds. "second" is an ordinal
# only beside a month ("a twenty-second delay" is 20 seconds).
_ORDINALS = {
    "first": (1, "st"), "second": (2, "nd"), "third": (3, "rd"), "fourth": (4, "th"),
    "fifth": (5, "th"), "sixth": (6, "th"), "seventh": (7, "th"), "eighth": (8, "th"),
    "ninth": (9, "th"),
}  # fmt: skip
_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})  # fmt: skip


def _ordinal_dates(toks: list[Token]) -> list[Token]:
    """"twenty-first" as "21st"; "twenty-second" as "22nd" only beside a month ("the
    twenty-second of May", "May the twenty-second")."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        tens, nxt = toks[i].text, toks[i + 1].text if i + 1 < n else ""
        if tens in _TENS and nxt in _ORDINALS:
            after = [t.text for t in toks[i + 2 : i + 4]]
            before = [t.text for t in toks[max(0, i - 2) : i]]
            # "May the twenty-second", "the twenty-second May", "... of May"
            named = after[1:2] if after[:1] == ["of"] else after[:1]
            month = bool(set(before) & _MONTHS) or bool(set(named) & _MONTHS)
            if nxt != "second" or month:
                value, suffix = _ORDINALS[nxt]
                out.append(Token(f"{_TENS[tens] + value}{suffix}", toks[i].first,
                                 toks[i + 1].last))
                i += 2
                continue
        out.append(toks[i])
        i += 1
    return out


def _and_a_half(toks: list[Token]) -> list[Token]:
    """A number and a half as one number: "one and a half times" is 1.5 times, "one and a
    half million" 1500000 (lengths of time are read so too: "2.5 hours")."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if _NUMBER_RE.match(t.text) and i + 3 < n and tuple(
                x.text for x in toks[i + 1 : i + 4]) == _HALF:
            value, j = float(t.text) + 0.5, i + 4
            if j < n and toks[j].text in _SCALES:
                value, j = value * _SCALES[toks[j].text], j + 1
            out.append(Token(_fmt_number(value), t.first, toks[j - 1].last))
            i = j
            continue
        out.append(t)
        i += 1
    return out


# Working time: "two working days" is 2 days, but five of them (or "a working week")
# are a week, as ten are a fortnight: "within five business days" is "within a week".
_WORKING = frozenset({"working", "business", "work"})
WORKING_WEEK = 5


def _working_time(toks: list[Token]) -> list[Token]:
    """"N working days" as "N days" (whole working weeks as weeks: "5 working days" is 7
    days), "N working weeks" as N weeks (the qualifier's span joins the unit's), after
    an amount ("a", digits, "couple of")."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        unit = toks[i + 1].text if i + 1 < n else ""
        prev = out[-1].text if out else ""
        amount = prev in ("a", "an", "of") or _NUMBER_RE.match(prev) is not None
        if t.text in _WORKING and amount and unit in ("day", "days", "week", "weeks"):
            days = float(prev) if _NUMBER_RE.match(prev) else None
            weeks = 1.0 if prev in ("a", "an") else days
            if unit.startswith("day") and days and days % WORKING_WEEK == 0:
                weeks = days / WORKING_WEEK  # whole working weeks: "5 working days" is "a week"
            elif unit.startswith("day"):
                weeks = None
                out.append(Token(unit, t.first, toks[i + 1].last))
            if weeks is not None:
                a = out.pop()
                out += [Token(_fmt_number(weeks * 7), a.first, a.last),
                        Token("days", t.first, toks[i + 1].last)]
            elif not unit.startswith("day"):
                out += [t, toks[i + 1]]  # "of working weeks": no count to scale
            i += 2
            continue
        out.append(t)
        i += 1
    return out


_RANGE = frozenset({"or", "to"})


def _ranges(toks: list[Token]) -> list[Token]:
    """A range of lengths said with one unit ("ten or twelve minutes", "2 to 3 days"):
    the first figure takes the unit too ("10 minutes or 12 minutes"), where it is the
    smaller (not a change, "from ten to seven days")."""
    out: list[Token] = []
    n = len(toks)
    for i, t in enumerate(toks):
        out.append(t)
        if i + 3 < n and _NUMBER_RE.match(t.text) and toks[i + 1].text in _RANGE and (
                _NUMBER_RE.match(toks[i + 2].text)) and toks[i + 3].text in _DURATION_UNITS \
                and float(t.text) < float(toks[i + 2].text) and (
                i == 0 or toks[i - 1].text != "from"):
            unit = toks[i + 3]
            out.append(Token(unit.text, unit.first, unit.last))
    return out


_POSSESSED = frozenset({"the", "what", "their", "our", "your", "its", "his", "her"})


def _percent_multiples(toks: list[Token]) -> list[Token]:
    """A share over a hundred of what was ("three hundred percent of the leads they used
    to") is that multiple: "3 times the leads"."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if i + 3 < n and _NUMBER_RE.match(t.text) and float(t.text) > 100 and (
                toks[i + 1].text == "percent" and toks[i + 2].text == "of"
                and toks[i + 3].text in _POSSESSED):
            out += [Token(_fmt_number(float(t.text) / 100), t.first, t.last),
                    Token("times", toks[i + 1].first, toks[i + 2].last)]
            i += 3
            continue
        out.append(t)
        i += 1
    return out


# A multiple under two is told as the share it adds as often: "1.5 times faster", "one
# and a half times as fast" and "fifty percent faster" are one claim.
_AS_COMPARED = {"fast": "faster", "quick": "quicker", "many": "more", "much": "more",
                "high": "higher", "big": "bigger"}
_COMPARATIVES = frozenset({*_AS_COMPARED.values(), "better", "larger", "greater"})


def _small_multiples(toks: list[Token]) -> list[Token]:
    """"N times faster" or "N times as fast" for 1 < N < 2 as "P percent faster"."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if i + 2 < n and _NUMBER_RE.match(t.text) and 1 < float(t.text) < 2 and (
                toks[i + 1].text == "times"):
            word, used = toks[i + 2].text, 3
            if word == "as" and i + 3 < n and toks[i + 3].text in _AS_COMPARED:
                word, used = _AS_COMPARED[toks[i + 3].text], 4
            if word in _COMPARATIVES:
                last = toks[i + used - 1]
                out += [Token(_fmt_number(round((float(t.text) - 1) * 100, 2)), t.first,
                              t.last),
                        Token("percent", toks[i + 1].first, toks[i + 1].last),
                        Token(word, toks[i + 2].first, last.last)]
                i += used
                continue
        out.append(t)
        i += 1
    return out


# Time saved or spent each week, told per working day where that is a round length:
# "five hours a week" is "an hour a day" (five working days), "ten hours a week" two.
_EACH = frozenset({"per", "every", "each"})
HALF_HOUR = 1800.0


def _weekly_as_daily(words: Sequence[str], toks: list[Token]) -> list[Token]:
    """"N hours a week" (or minutes; "per", "every", "each week") as the length a day
    over five working days, where that is a whole number of half hours."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        size = {"hours": _HOUR, "minutes": _MINUTE}.get(toks[i + 1].text) if i + 1 < n else None
        if size is not None and _NUMBER_RE.match(t.text) and i + 3 < n:
            a, b = toks[i + 2], toks[i + 3]
            weekly = (a.text == "7" and b.text == "days" and words[a.first].lower() in (
                "a", "an")) or (a.text in _EACH and b.text == "week")
            daily = float(t.text) * size / WORKING_WEEK
            if weekly and daily and daily % HALF_HOUR == 0:
                figure, unit = _duration_text(daily, "seconds")
                out += [Token(figure, t.first, t.last), Token(unit, toks[i + 1].first,
                                                              toks[i + 1].last)]
                out += ([Token("1", a.first, a.last), Token("days", b.first, b.last)]
                        if a.text == "7" else [a, Token("day", b.first, b.last)])
                i += 4
                continue
        out.append(t)
        i += 1
    return out


# A share of the time is how often, no part of a whole ("forty percent of the leads" is
# not "forty percent more"); a system "up" (or online) so much of the time is its uptime.
_UP_STATES = frozenset({"up", "online", "available"})
_OF_THE_TIME = ("percent", "of", "the", "time")


def _share_of_time(toks: list[Token]) -> list[Token]:
    """"N percent of the time" as "N percent the time"; "up N percent of the time" (or
    "online") as "N percent uptime"."""
    out: list[Token] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if _NUMBER_RE.match(t.text) and tuple(x.text for x in toks[i + 1 : i + 5]) == (
                _OF_THE_TIME):
            up = bool(out) and out[-1].text in _UP_STATES
            if up and out[-1].text != "available":
                out.pop()
            out += [t, toks[i + 1]]
            out += [Token("uptime", toks[i + 2].first, toks[i + 4].last)] if up else [
                toks[i + 3], toks[i + 4]]
            i += 5
            continue
        said_half = _half_the_time(toks, i)
        if said_half:  # "half the time" is "50 percent the time", as "a quarter of" is
            out += [Token("50", t.first, t.last), Token("percent", t.first, t.last)]
            i += said_half - 2
            continue
        out.append(t)
        i += 1
    return out


def _half_the_time(toks: list[Token], i: int) -> int:
    """The tokens "half the time" or "half of the time" at i take (0 where not said)."""
    if toks[i].text != "half":
        return 0
    rest = tuple(x.text for x in toks[i + 1 : i + 4])
    if rest[:2] == ("the", "time"):
        return 3
    return 4 if rest == ("of", "the", "time") else 0


def _dozens(toks: list[Token]) -> list[Token]:
    """"N dozen" is N times twelve ("two dozen demos": 24); "a dozen" is a phrase."""
    out: list[Token] = []
    for tok in toks:
        if tok.text == "dozen" and out and _NUMBER_RE.match(out[-1].text):
            out[-1] = Token(_fmt_number(float(out[-1].text) * 12), out[-1].first, tok.last)
            continue
        out.append(tok)
    return out


def analyze(words: Sequence[str]) -> list[Token]:
    """Normalise a sequence of words (e.g. transcript words) into tokens with spans."""
    toks = [Token(t, i, i) for i, w in enumerate(words) for t in _clean_word(w)]
    toks = _apply_phrases(_spelled_letters(toks))  # first: "sock two" must see "two"
    if _TENS.keys() & {t.text for t in toks}:
        toks = _ordinal_dates(toks)
    toks = _parse_numbers(_money_before_scale(toks))  # before it is "2"...
    toks = _apply_phrases(toks)  # ...and "sock 2" after
    said = {t.text for t in toks}
    if "dozen" in said:
        toks = _dozens(toks)
    if "half" in said:
        toks = _and_a_half(toks)
    if _WORKING & said:
        toks = _working_time(toks)
    if _RANGE & said:
        toks = _ranges(toks)
    toks = _durations(toks)
    if said & {"week", "weeks"}:
        toks = _weekly_as_daily(words, toks)
    toks = _shares(toks)
    if {"percent", "times"} & {t.text for t in toks}:
        toks = _small_multiples(_percent_multiples(toks))
    return _share_of_time(toks) if "time" in said else toks


def tokens(text: str) -> list[str]:
    """The normalised tokens of a text."""
    return [t.text for t in analyze(text.split())]


def normalize(text: str) -> str:
    """The normalised form of a text: lowercase, no punctuation, digits for numbers."""
    return " ".join(tokens(text))


def squash(text: str) -> str:
    """The normalised text without spaces, for comparing split/joined spellings."""
    return "".join(tokens(text))


# --- step 3: word forms for content matching ------------------------------------------

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "as",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "into",
        "onto",
        "from",
        "to",
        "in",
        "on",
        "out",
        "over",
        "under",
        "within",
        "up",
        "down",
        "off",
        "again",
        "further",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "would",
        "should",
        "could",
        "can",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "just",
        "very",
        "really",
        "also",
        "too",
        "quite",
        "rather",
        "pretty",
        "some",
        "any",
        "such",
        "own",
        "other",
        "than",
        "s",
        "t",
        "get",
        "gets",
        "got",
        "getting",
        "let",
        "lets",
        "make",
        "makes",
        "made",
        "like",
        "um",
        "uh",
        "er",
        "ah",
        "erm",
        "hmm",
        "mm",
        "oh",
        "yeah",
        "yes",
        "well",
        "okay",
        "ok",
        "actually",
        "basically",
        "literally",
        "thing",
        "things",
        "stuff",
        "kind",
        "sort",
        "lot",
        "lots",
        "way",
        "say",
        "says",
        "said",
        "tell",
        "know",
        "think",
        "mean",
        "going",
        "gonna",
        "want",
        "wanna",
        "need",
        "needs",
        "one's",
        "whether",
        "itself",
        "themselves",
        "yourself",
        "ourselves",
    ]
)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "nowhere",
    ]
)

# Word forms that no suffix rule reaches.
_IRREGULAR = {
    "ran": "run", "ate": "eat", "went": "go", "gone": "go", "saw": "see", "seen": "see",
    "did": "do", "done": "do", "paid": "pay", "bought": "buy", "sold": "sell",
    "spent": "spend", "grew": "grow", "grown": "grow", "kept": "keep", "lost": "lose",
    "won": "win", "built": "build", "brought": "bring", "chose": "choose",
    "chosen": "choose", "cheaper": "cheap", "cheapest": "cheap", "faster": "fast",
    "fastest": "fast", "quicker": "quick", "bigger": "big", "biggest": "big",
    "larger": "large", "smaller": "small", "lower": "low", "lowest": "low",
    "higher": "high", "highest": "high", "better": "good", "best": "good",
    "worse": "bad", "worst": "bad", "fewer": "less", "least": "less", "data": "data",
    "children": "child", "people": "person", "men": "man", "women": "woman",
    "los": "loss",  # "lose", "lost", "losing": the loss a message cuts ("lose fewer hives")
}  # fmt: skip

# Business synonyms a reviewer would accept as the same word. Deliberately small: each
# group is a set of words that are interchangeable in a sales claim.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("reduce", "cut", "lower", "low", "decrease", "slash", "shrink", "trim", "drop",
     "halve", "minimise", "minimize"),
    ("increase", "boost", "raise", "grow", "lift", "double", "triple", "maximise",
     "maximize", "rise"),
    ("fast", "quick", "rapid", "speedy", "swift", "quickly", "fastly", "rapidly"),
    ("customer", "client", "buyer", "account"),
    ("rep", "seller", "salesperson", "salesman", "saleswoman", "ae"),
    ("team", "staff", "crew", "squad", "employee", "worker", "personnel", "workforce"),
    ("cost", "price", "spend", "expense", "pricing", "fee", "charge", "bill", "pay"),
    ("cheap", "inexpensive", "affordable", "budget"),
    ("device", "machine", "endpoint", "computer"),
    ("all", "every", "each", "whole", "entire", "everyone", "everybody"),
    ("same", "single", "consistent", "identical", "uniform", "unified"),
    ("help", "enable", "empower", "support"),
    ("start", "begin", "kick", "launch"),
    ("secure", "protect", "safeguard", "safe", "security", "protection"),
    ("guarantee", "promise", "warranty"),
    ("big", "large", "huge", "major", "massive"),
    ("small", "tiny", "little", "minor"),
    ("minute", "min", "mins"),
    ("hour", "hr", "hrs"),
    ("dollar", "buck", "usd"),
    ("percent", "percentage"),
    ("automatic", "automate", "automatically", "automation", "automated", "auto"),
    ("setup", "install", "installation", "deploy", "deployment", "implement",
     "implementation", "rollout"),
    ("error", "mistake", "bug", "defect"),
    ("show", "prove", "demonstrate", "evidence"),
    ("company", "business", "organisation", "organization", "firm", "enterprise"),
    ("free", "complimentary", "included", "include"),
    ("buy", "purchase"),
    ("use", "utilise", "utilize", "leverage", "employ"),
    ("stop", "prevent", "block", "halt"),
    ("easy", "simple", "effortless", "straightforward"),
    ("month", "monthly"),
    ("year", "annual", "annually", "yearly"),
    ("day", "daily"),
    ("week", "weekly"),
    ("night", "nightly", "overnight"),
    ("change", "alter", "modify", "edit", "tamper"),
    ("delete", "erase", "wipe", "remove", "destroy"),
    ("book", "schedule", "reserve", "booking", "appointment"),
    ("text", "sms"),
    ("online", "website", "web", "internet", "app"),
    ("accident", "crash", "collision", "incident"),
    ("fuel", "diesel", "petrol", "gas", "gasoline"),
    ("vehicle", "van", "truck", "lorry", "car"),
    ("restore", "recover", "recovery"),
    ("sync", "synchronise", "synchronize", "integrate", "integration", "connect"),
    ("encrypt", "encryption", "encrypted"),
    ("auditor", "audit"),
    ("match", "reconcile", "reconciliation", "pair"),
    ("invoice", "bill"),
    ("instant", "immediate", "immediately", "instantly"),
    # general business words, for playbooks the groups above were not written for
    ("revenue", "turnover", "income"),
    ("profit", "margin", "earnings"),
    ("outage", "downtime"),
    ("contract", "agreement"),
    ("problem", "issue"),
    ("fix", "resolve", "solve", "repair"),
    ("alert", "notify", "notification", "warn", "warning"),
    ("monitor", "track", "tracking"),
    ("accurate", "precise", "exact"),
    ("reliable", "dependable"),
    ("complete", "finish", "finished", "done"),
    ("hire", "recruit", "recruitment"),
    ("delivery", "shipment", "shipping", "dispatch"),
    ("inventory", "stock"),
    ("document", "paperwork", "file"),
    ("data", "information", "record"),
    ("approve", "approval", "authorise", "authorize"),
    ("doctor", "clinician", "physician"),
    ("phone", "telephone", "mobile", "smartphone", "cellphone"),
    ("child", "kid", "pupil"),
    ("expire", "lapse"),
)  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stemmer: enough that "cuts", "cutting" and "cut" agree."""
    w = _IRREGULAR.get(word, word)
    if len(w) <= 3 or not w.isalpha():
        return w
    w = _strip_inflection(_strip_plural(w))
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    return _settle_ending(_strip_derivation(w))


def _strip_plural(w: str) -> str:
    """Plural "-s": "companies" -> "company", "boxes" -> "box"; not "boss", "bus"."""
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _strip_inflection(w: str) -> str:
    """The first of "-ingly", "-edly", "-ing", "-ed" that leaves three letters."""
    for suffix in ("ingly", "edly", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return _undouble(w[: -len(suffix)])
    return w


def _undouble(w: str) -> str:
    """A doubled last letter: "cutting" -> "cutt" -> "cut"; not "ll"/"ss" ("selling")."""
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    return w


def _strip_derivation(w: str) -> str:
    """Derivational endings: "reconciliation" ~ "reconcile", "integrated" ~ "integrate"."""
    for suffix, keep in (("iation", 5), ("ation", 4), ("ition", 4), ("ate", 5), ("at", 5)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            return w[: -len(suffix)]
    return w


def _settle_ending(w: str) -> str:
    """A final "y" written "i", final "e"s dropped: "guarantee" ~ "guaranteed"."""
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    while w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


# a four-letter word with a silent final "e" after one vowel and one consonant: its
# "-ing" and "-ed" forms lose the "e" ("save", "saving"), so its content key does too
_SILENT_E = re.compile(r"^[^aeiou][aeiouy][^aeiouwxy]e$")


# Irregular past forms, for content keys only ("anything gets held" says "alerts on
# holds"); the cue lists of other modules match on stem() and keep their own tables.
# Not the ones that are also other words: "left", "led" (a sales lead), "fed", "shot".
_PAST_FORMS = {
    "held": "hold", "sent": "send", "told": "tell", "took": "take", "taken": "take",
    "made": "make", "found": "find", "gave": "give", "given": "give", "caught": "catch",
    "thought": "think", "felt": "feel", "met": "meet", "wrote": "write", "written": "write",
    "knew": "know", "known": "know", "drove": "drive", "driven": "drive", "spoke": "speak",
    "spoken": "speak", "broke": "break", "broken": "break", "fell": "fall",
    "fallen": "fall", "rose": "rise", "risen": "rise", "began": "begin", "begun": "begin",
    "shown": "show", "flew": "fly", "flown": "fly", "stood": "stand",
    "understood": "understand", "lent": "lend", "meant": "mean", "heard": "hear",
    "said": "say", "froze": "freeze", "frozen": "freeze", "forgot": "forget",
    "forgotten": "forget", "came": "come", "became": "become", "hung": "hang",
    "sought": "seek", "taught": "teach", "dealt": "deal", "sped": "speed",
}  # fmt: skip


def _content_stem(word: str) -> str:
    """The stem a content key starts from: stem() of the present form, with a short
    word's silent "e" dropped, so "save", "saves", "saving" and "saved" agree ("sav").
    Kept out of stem(), whose short forms phrase matching compares by spelling
    ("Lite")."""
    s = stem(_PAST_FORMS.get(word, word))
    return s[:-1] if _SILENT_E.match(s) else s


# Derivational endings on a stem, longest first, and what each leaves: "reduction" and
# "reduce", "compliant" and "compliance", "visibility" and "visible", "verification" and
# "verify" share a root. English word formation, not a list of cases.
_DERIVATIONS = (
    ("abiliti", "abl"), ("ibiliti", "ibl"), ("uction", "uc"), ("ific", "if"), ("ment", ""),
    ("ness", ""), ("iti", ""), ("ion", ""), ("anc", ""), ("enc", ""), ("ant", ""),
    ("ent", ""), ("abl", ""), ("ibl", ""), ("ysis", "ys"), ("iv", ""), ("ac", ""),
    # nouns of verbs in -al ("arrival", "renewal", "proposal", "denial") and adjectives
    # in -ial ("financial"); not every "-al" ("general" is no "generate")
    ("val", "v"), ("wal", "w"), ("sal", "s"), ("ial", ""),
)  # fmt: skip
ROOT_MIN = 5  # a root shorter than this says too little ("pay" of "payment")


def _strip_one_derivation(w: str) -> str | None:
    for suffix, keep in _DERIVATIONS:
        if w.endswith(suffix) and len(w) - len(suffix) + len(keep) >= ROOT_MIN:
            return w[: -len(suffix)] + keep
    return None


@lru_cache(maxsize=65536)
def derivational_root(key: str) -> str:
    """The root of a canonical key's word family, one derivational ending removed (a
    final "i" of a stem first, where no ending is found): the same for "reduction" and
    "reduce", "efficiency" and "efficient", "predictable" and "predict". British and
    American spellings agree ("optimise", "optimize"). Keys shorter than ROOT_MIN, and
    numbers, are their own root."""
    if len(key) < ROOT_MIN or not key.isalpha():
        return key
    root = _strip_one_derivation(key)
    if root is None and key.endswith("i") and len(key) > ROOT_MIN:
        root = _strip_one_derivation(key[:-1]) or key[:-1]
    root = root or key
    for suffix in ("abl", "ibl"):  # "reliability" -> "reliable" -> "reli"(able)
        if root.endswith(suffix) and len(root) - len(suffix) >= ROOT_MIN:
            root = root[: -len(suffix)]
    while root.endswith("e") and len(root) > ROOT_MIN:
        root = root[:-1]  # the stem's final "e" is dropped: "management" ~ "manage"
    if root.endswith("our"):
        root = root[:-3] + "or"
    return root.replace("iz", "is").replace("yz", "ys")


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        head = _content_stem(group[0])
        for word in group:
            table.setdefault(_content_stem(_IRREGULAR.get(word, word)), head)
    return table


_SYNONYMS = _build_synonyms()


@lru_cache(maxsize=65536)
def canonical(token: str) -> str:
    """The key a content word is matched on: its stem, folded to a synonym group, or
    else to the root of its word family ("arrival" and "arrives", "compliance" and
    "compliant" share a key)."""
    s = _content_stem(token)
    if s not in _SYNONYMS:
        s = _IRREGULAR.get(s, s)  # "lowered" -> "lower" -> "low"
    if s in _SYNONYMS:
        return _SYNONYMS[s]
    root = derivational_root(s)
    return _SYNONYMS.get(root, root)


def is_content(token: str) -> bool:
    """Whether a normalised token carries meaning (not a stopword or a negation)."""
    if token[:1].isdigit():
        return True  # numbers are the claims reps get wrong, so they always count
    return len(token) > 1 and token not in STOPWORDS and token not in NEGATIONS


def content_keys(text: str) -> list[str]:
    """The canonical keys of a text's content words, in order."""
    return [canonical(t) for t in tokens(text) if is_content(t)]


def join_to_vocabulary(toks: list[Token], vocabulary: Iterable[str]) -> list[Token]:
    """Join adjacent tokens whose concatenation is a vocabulary word ("lead gen" style
    splits the ASR made of a term the playbook writes as one word)."""
    vocab = {v for v in vocabulary if len(v) >= 6}
    if not vocab:
        return toks
    # Candidates by their first three letters ("pay slip" for "payslips"), so the fuzzy
    # test runs on a handful only.
    by_prefix: dict[str, list[str]] = {}
    for v in sorted(vocab):  # (sorted: of two equally close words, the same one each time)
        by_prefix.setdefault(v[:3], []).append(v)
    out: list[Token] = []
    i = 0
    while i < len(toks):
        a = toks[i].text
        if i + 1 < len(toks) and a not in vocab and a[:3] in by_prefix:
            b = toks[i + 1].text
            joined = a + b
            # the same word in the other number: "pay slip" for "payslips"
            match = next((v for v in (joined, joined + "s", joined.removesuffix("s"))
                          if v in vocab), None)
            if match is None and len(joined) >= 9 and b not in vocab and b.isalpha():
                # "recovery ability" ~ "recoverability": one or two letters off
                best = max(by_prefix[a[:3]], key=lambda v: fuzz.ratio(joined, v))
                if fuzz.ratio(joined, best) >= 90:
                    match = best
            if match is not None and b not in vocab:
                out.append(Token(match, toks[i].first, toks[i + 1].last))
                i += 2
                continue
        out.append(toks[i])
        i += 1
    return out
