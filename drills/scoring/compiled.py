"""A playbook's messages compiled into the matcher's form, once per spec.

Each message's statement and evidence phrases become weighted content keys (rarer
across messages: heavier), with the keys the phrase itself negates, the alternative it
rejects, its figures and their units of time; a statement with a detail also stands as
its main clause alone. Per message: its keywords (or, without any, its most distinctive
statement words), the words only it or only another message says, whether its evidence
contradicts its statement, and the kinds of benefit it claims. Per spec: the vocabulary
used to repair ASR spellings, split compounds and acronyms. Judging a transcript against
this form is drills/scoring/coverage.py.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np

from drills.embedding import SentenceEncoder
from drills.scoring.clauses import (
    _CLAUSE_CONJ,
    _NEG_CUES,
    _SOFT_CONJ,
    _negated_keys,
    _structure,
)
from drills.scoring.families import families
from drills.scoring.outcomes import claim_kinds
from drills.scoring.phrases import _Banned, _banned
from drills.scoring.share_words import (
    BARE_VERBS,
    HALF_SHARE,
    HALVING,
    RISES,
    says_halving,
)
from drills.scoring.spec import PointSpec, ScoringSpec
from drills.text_normalize import (
    Token,
    analyze,
    canonical,
    is_content,
    tokens,
)

AUTO_KEYWORDS = 2  # a message without keywords: this many statement words stand in

# units of time, as canonical keys ("nightly" -> "night", "weeks" -> "week")
_PERIOD_KEYS = frozenset(
    canonical(w)
    for w in ("minute", "hour", "day", "night", "week", "month", "quarter", "year", "second")
)


@dataclass(frozen=True, slots=True)
class _Phrase:
    keys: frozenset[str]
    weights: tuple[tuple[str, float], ...]
    total: float
    numbers: frozenset[str]
    neg_keys: frozenset[str]  # keys the phrase itself negates ("no hidden fees")
    rejected: frozenset[str]  # keys only in its contrast clause ("..., not per device")
    min_hits: int
    # a short duration the phrase states ("in under fifteen minutes"), which "fast" and
    # its everyday forms ("before her coffee went cold") also say
    quick: frozenset[str] = frozenset()
    units: frozenset[tuple[str, str]] = frozenset()  # (figure, unit of time) it says


@dataclass(frozen=True, slots=True)
class _Point:
    spec: PointSpec
    phrases: tuple[_Phrase, ...]
    keyword_keys: tuple[frozenset[str], ...]
    texts: tuple[str, ...] = ()  # statement and evidence, as written
    text_negated: tuple[bool, ...] = ()  # per text: it contains a negation itself
    numbers: frozenset[str] = frozenset()  # numbers in any of its texts
    periods: frozenset[str] = frozenset()  # units of time in any of its texts
    vocabulary: frozenset[str] = frozenset()  # every content key of its texts and keywords
    families: frozenset[int] = frozenset()  # the topic families its vocabulary names
    units: frozenset[tuple[str, str]] = frozenset()  # (figure, unit of time) of its texts
    # words only another message of the spec says ("fee" of the pricing message), and
    # those only this one says
    foreign: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()
    # its evidence contradicts its statement (a playbook error): never judged covered for
    # sure, a manager decides
    conflicted: bool = False
    # the kinds of benefit it claims (drills.scoring.outcomes), with a time scale for speed
    kinds: tuple[tuple[str, str | None], ...] = ()
    # the figures its texts and keywords state, with their kind (share, length, number)
    figures: frozenset[tuple[str, str]] = frozenset()
    # the words its texts deny and never assert ("spreadsheets" of "with no spreadsheets")
    denied: frozenset[str] = frozenset()
    # the content keys of its statement's first clause in order (what the claim is about
    # comes first: "The controlled drugs register keeps itself ..."), and of the rest
    opening_keys: tuple[str, ...] = ()
    later_keys: frozenset[str] = frozenset()
    # the content keys of each evidence phrase in order, figures left out (its opening
    # names a feature: "licence reporting straight from the meter readings")
    evidence_keys: tuple[tuple[str, ...], ...] = ()


@dataclass(slots=True)
class _Compiled:
    points: tuple[_Point, ...]
    forbidden: tuple[_Banned, ...]
    retired: tuple[_Banned, ...]
    vocabulary: frozenset[str]  # normalised surface words of the spec
    keys: frozenset[str]  # canonical keys of the spec
    fuzzy_choices: tuple[str, ...]  # long surface words, for ASR misspellings
    # adjacent word pairs of the spec, joined ("harshbraking"), with their two keys: for
    # a pair the ASR split or misheard across ("heart shraking")
    compounds: tuple[tuple[str, str, str], ...] = ()
    fuzzy_cache: dict[str, str | None] = field(default_factory=dict)
    # how much a content key says which message is meant (rarer across messages: more);
    # a word no message uses weighs the most
    idf: dict[str, float] = field(default_factory=dict)
    idf_unknown: float = 1.0
    idf_anchor: float = 0.0  # words weighing less are in every message (a product name)
    acronyms: tuple[str, ...] = ()  # the spec's acronyms ("ehr", "sla"), lower case
    percents: frozenset[float] = frozenset()  # the shares the spec states ("15 percent")
    # the spec's upper bounds on a length of time ("under 15 minutes", "within two
    # weeks"): (figure key, unit key, seconds), shortest first
    bounds: tuple[tuple[str, str, float], ...] = ()
    vectors: dict[int, np.ndarray] = field(default_factory=dict)  # per encoder

    def phrase_vectors(self, encoder: SentenceEncoder) -> np.ndarray:
        """Embeddings of every point's texts, in order (computed once per spec)."""
        key = id(encoder)
        if key not in self.vectors:
            self.vectors[key] = encoder.encode([t for p in self.points for t in p.texts])
        return self.vectors[key]


def _phrase_keys(text: str) -> tuple[list[str], set[str], set[str]]:
    """Content keys of a playbook phrase (contrast clauses left out), the keys it
    negates, and the keys of the alternative it rejects."""
    words = text.split()
    toks = analyze(words)
    st = _structure(words, toks)
    keys = [
        canonical(t.text) if is_content(t.text) and not st.contrast[i] else ""
        for i, t in enumerate(toks)
    ]
    ordered = list(dict.fromkeys(k for k in keys if k))
    # numbers are left out: "in three days instead of ten" does not make "from ten days
    # to three" a contradiction
    rejected = {
        canonical(t.text)
        for i, t in enumerate(toks)
        if st.contrast[i] and is_content(t.text) and not t.text[:1].isdigit()
    } - set(ordered)
    negated = _negated_keys(keys, st.negated, 0, len(toks), frozenset(ordered))
    # a key the phrase also says plainly is asserted: "a flat fee ..., with no extra
    # charge" claims a fee ("fee" and "charge" are one key)
    negated -= {k for k, neg in zip(keys, st.negated, strict=True) if k and not neg}
    return ordered, negated, rejected


_TIME_UNITS = frozenset({"seconds", "minutes", "hours", "days", "months"})
_RANGE_WORDS = frozenset({"to", "or", "versus", "vs"})


def _phrase_units(text: str) -> frozenset[tuple[str, str]]:
    toks = analyze(text.split())
    return frozenset((canonical(t.text), u) for t, u in zip(toks, figure_units(toks),
                                                             strict=True) if u)


def _per(toks: Sequence[Token], units: Sequence[str], j: int) -> bool:
    """Whether the length at j is the period of a count said just before it ("twenty
    files a week", normalised "20 files 7 days"): a rate, whose unit the figure it is
    compared with ("... to twenty-eight") does not take."""
    return any(toks[k].text[:1].isdigit() and not units[k] and is_content(toks[k + 1].text)
               and not toks[k + 1].text[:1].isdigit() and toks[k + 1].text not in _RANGE_WORDS
               for k in range(max(0, j - 3), j - 1))


def figure_units(toks: Sequence[Token]) -> list[str]:
    """Per token, the unit of time a figure is said in ("" elsewhere): "24 hours" (a
    day) is not "an hour", though both say "1" after normalising. A figure without its
    own unit takes the one of the figure it is compared with ("from ten days (down) to
    three", "three or four days")."""
    n = len(toks)
    units = [""] * n
    for i in range(n):
        if toks[i].text[:1].isdigit() and i + 1 < n and toks[i + 1].text in _TIME_UNITS:
            units[i] = toks[i + 1].text
    for i in range(n):
        if not toks[i].text[:1].isdigit() or units[i]:
            continue
        before = [j for j in range(max(0, i - 5), i - 1) if units[j] and not _per(toks, units, j)]
        after = [j for j in range(i + 2, min(n, i + 4)) if units[j]]
        if i and toks[i - 1].text in _RANGE_WORDS and before:
            units[i] = units[before[-1]]
        elif i + 1 < n and toks[i + 1].text in _RANGE_WORDS and after:
            units[i] = units[after[0]]
    return units


SHARE, LENGTH, NUMBER = "share", "length", "number"
# A share of a whole ("forty percent of their week"), which a rise or a cut ("forty
# percent more claims") is not; a bare share ("tested, a hundred percent") may be either.
PART = "part"

# A cut by half said in words ("in half", "by about half", "half as often"), a share of
# 50% (share_words.halving_at); "half a day" is a length.
HALF = (HALF_SHARE, SHARE, "")


# A rise or a cut said as a multiple, as the share it adds or takes away: "clinics double
# their booster visits" is 100% more, not "a quarter more". The verb's bare form is a
# figure only before what it multiplies ("double your bookings"; not "double-booked").
_MULTIPLES = {w: v for w, v in RISES.items() if w not in BARE_VERBS} | {
    w: HALF_SHARE for w in HALVING - BARE_VERBS}
_MULTIPLE_VERBS = {w: v for w, v in RISES.items() if w in BARE_VERBS} | {
    w: HALF_SHARE for w in HALVING & BARE_VERBS}
# a multiple said as one word: "a threefold rise", "bookings went up tenfold"
_FOLDS = {
    "twofold": "100", "threefold": "200", "fourfold": "300", "fivefold": "400",
    "sixfold": "500", "tenfold": "900",
}  # fmt: skip
# what a bare multiplying verb follows where it is the verb and what it multiplies comes
# next without an article ("clinics double booster visits", "it will triple sales"), not
# a modifier ("no double bookings", "avoid double charges")
_VERB_AFTER = {
    "to", "will", "can", "could", "would", "should", "may", "might", "they", "we", "you",
    "it", "which", "that", "often", "easily", "typically", "usually", "nearly", "almost",
    "roughly", "more", "than",
}  # fmt: skip
# what a bare multiplying verb is followed by: what it multiplies, or nothing ("visits
# triple.", "bookings double within a year")
_MULTIPLIED = {
    "the", "their", "your", "our", "its", "his", "her", "what", "that", "it", "in",
    "within", "over", "after", "and",
}  # fmt: skip


def _multiple(toks: Sequence[Token], i: int) -> str | None:
    """The share a multiplying verb at i adds or takes ("100" for "doubled"), or None."""
    w = toks[i].text
    if w in _MULTIPLES:
        return _MULTIPLES[w]
    if w in _FOLDS:
        return _FOLDS[w]
    if w not in _MULTIPLE_VERBS:
        return None
    if i + 1 == len(toks) or toks[i + 1].text in _MULTIPLIED:
        return _MULTIPLE_VERBS[w]
    # before a bare noun, after a modal, a pronoun or its plural subject ("clinics
    # double booster visits"); never one hyphenated word ("double-booked")
    if i == 0 or toks[i + 1].first == toks[i].first or not is_content(toks[i + 1].text):
        return None
    before = toks[i - 1].text
    subject = before.endswith("s") and not before.endswith("ss") and is_content(before)
    return _MULTIPLE_VERBS[w] if before in _VERB_AFTER or subject else None


_COMPARED = {
    "more", "as", "faster", "quicker", "fewer", "less", "higher", "lower", "bigger",
    "larger", "better", "the", "what",
}  # fmt: skip


_FACTOR = (("factor", "of"), ("multiplied", "by"), ("multiply", "by"), ("multiplies", "by"))


def _times(toks: Sequence[Token], i: int, k: str) -> str | None:
    """The share "N times more/as much", "N-fold", "by a factor of N" adds ("200" for
    three times), as a doubling does; None elsewhere ("four times an hour" is a
    frequency)."""
    if not k[:1].isdigit():
        return None
    fold = i + 1 < len(toks) and toks[i + 1].text == "fold"
    factor = i >= 2 and (toks[i - 2].text, toks[i - 1].text) in _FACTOR
    compared = i + 2 < len(toks) and toks[i + 1].text == "times" and (
        toks[i + 2].text in _COMPARED)
    if not (fold or factor or compared):
        return None
    try:
        value = float(k)
    except ValueError:
        return None
    return f"{(value - 1) * 100:g}" if value > 1 else None


def figure_kinds(toks: Sequence[Token], units: Sequence[str], keys: Sequence[str]
                 ) -> list[tuple[str, str] | None]:
    """Per token, (figure key, kind) where it is a figure, else None. "1" is a figure
    only as a length ("an hour"): "one click", "a single console" are no claims of
    amount. A multiplying verb ("doubled") is the share it adds."""
    out: list[tuple[str, str] | None] = []
    for i, k in enumerate(keys):
        multiple = _multiple(toks, i) if k and not k[:1].isdigit() else _times(toks, i, k)
        if multiple is not None:
            out.append((multiple, SHARE))
        elif not k or not k[:1].isdigit() or k == "0":
            out.append(None)
        elif i + 1 < len(toks) and toks[i + 1].text == "percent":
            of = i + 2 < len(toks) and toks[i + 2].text == "of"
            out.append((k, PART if of else SHARE))
        elif units[i]:
            out.append((k, LENGTH))
        elif k != "1":
            out.append((k, NUMBER))
        else:
            out.append(None)
    return out


def _point_figures(texts: Sequence[str]) -> frozenset[tuple[str, str]]:
    """The (figure, kind) pairs a message's texts state."""
    out: set[tuple[str, str]] = set()
    for text in texts:
        toks = analyze(text.split())
        keys = [canonical(t.text) if is_content(t.text) else "" for t in toks]
        out.update(f for f in figure_kinds(toks, figure_units(toks), keys) if f)
        if says_halving([t.text for t in toks]):
            out.add(HALF[:2])  # "support calls fall by half": "by a quarter" is another
    # a message's share of a whole is said by a bare share too ("one hundred percent of
    # backups": "we test them all, a hundred percent"), not the other way round
    out.update((k, SHARE) for k, kind in list(out) if kind == PART)
    return frozenset(out)


# Which way a share goes: "15% less fuel", "cut charges by 20%" down; "fuel prices went up
# fifteen percent", "15% more fuel" up (canonical keys).
_UP = frozenset(canonical(w) for w in (
    "more", "increase", "higher", "up", "rose", "gain", "extra", "climb", "jump"))
_DOWN = frozenset(canonical(w) for w in (
    "less", "fewer", "reduce", "lower", "down", "fall", "fell", "save"))
DIRECTION_BEFORE = 4  # tokens before a share where the verb that moves it is said


def _direction(words: Sequence[str], i: int) -> str:
    """"+" or "-" where the share at i (its "percent" next) is said as a rise or a cut,
    "" where it is not said which: the word after "percent", else the nearest before
    (`words`: the tokens' texts)."""
    for w in [*words[i + 2 : i + 3], *reversed(words[max(0, i - DIRECTION_BEFORE) : i])]:
        k = canonical(w)
        if k in _UP or k in _DOWN:
            return "+" if k in _UP else "-"
    return ""


@lru_cache(maxsize=512)
def _stated_directions(texts: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """The (share, direction) pairs a message's texts state ("15% less" -> ("15", "-"))."""
    out = set()
    for t in texts:
        words = [x.text for x in analyze(t.split())]
        for i, w in enumerate(words):
            if w[:1].isdigit() and i + 1 < len(words) and words[i + 1] == "percent":
                d = _direction(words, i)
                if d:
                    out.add((canonical(w), d))
    return frozenset(out)


_SHORT_UNITS = frozenset(canonical(w) for w in ("second", "minute", "hour"))
SHORT_MINUTES = 60  # a duration up to this many minutes (or any in seconds) is "fast"


def _quick_keys(keys: Sequence[str]) -> frozenset[str]:
    """The keys of a short duration in a phrase ("15", "minut"), or none."""
    units = [k for k in keys if k in _SHORT_UNITS]
    if not units:
        return frozenset()
    figures = [k for k in keys if k[:1].isdigit()]
    try:
        values = [float(f) for f in figures]
    except ValueError:
        return frozenset()
    unit = units[0]
    limit = SHORT_MINUTES if unit == canonical("minute") else (
        1 if unit == canonical("hour") else math.inf)
    if any(v > limit for v in values):
        return frozenset()
    return frozenset(units) | frozenset(figures)


def _contradicts(statement: str, evidence: str) -> bool:
    """Whether an evidence phrase denies its own statement (or the other way round): its
    contrast clause rejects the other's words or the figure the other asserts ("the
    close takes ten days, not three" for "cuts the close from ten days to three")."""
    s_keys, _, s_rej = _phrase_keys(statement)
    e_keys, _, e_rej = _phrase_keys(evidence)
    if e_rej & set(s_keys) or s_rej & set(e_keys):
        return True
    s_said, s_denied = _figures(statement)
    e_said, e_denied = _figures(evidence)
    return bool(e_denied & s_said) or bool(s_denied & e_said)


def _figures(text: str) -> tuple[set[str], set[str]]:
    """The figures a phrase asserts, and those it rejects (in a contrast clause, or the
    old value of "from ten days to three")."""
    words = text.split()
    toks = analyze(words)
    st = _structure(words, toks)
    said: set[str] = set()
    denied: set[str] = set()
    for i, t in enumerate(toks):
        if not t.text[:1].isdigit() or t.text == "0":
            continue
        old = i > 0 and toks[i - 1].text == "from"
        (denied if st.contrast[i] or old else said).add(t.text)
    return said - denied, denied


MAIN_CLAUSE_MIN_KEYS = 3  # a main clause shorter than this is not a claim on its own
_CONDITIONS = {"if", "when", "whenever", "unless", "once", "while"}


def _main_clause(statement: str) -> str | None:
    """The statement's main clause (the one with the most content words) when it has
    others, such as a detail or a consequence; None for a one-clause statement."""
    words = statement.split()
    toks = analyze(words)
    st = _structure(words, toks)
    if len(st.clauses) < 2:
        return None
    counts = [(0, 0, 0)]
    for s, e, _ in st.clauses:
        if toks[s].text in _SOFT_CONJ or toks[s].text in _CLAUSE_CONJ or toks[
                s].text in _CONDITIONS:
            continue  # a continuation, a consequence or a condition: not the main claim
        keys = {canonical(t.text) for i, t in enumerate(toks[s:e], s)
                if is_content(t.text) and not st.contrast[i]}
        counts.append((len(keys), s, e))
    n, s, e = max(counts)
    total = len({canonical(t.text) for i, t in enumerate(toks)
                 if is_content(t.text) and not st.contrast[i]})
    # at least half the statement: a list item ("One console covers every laptop, ...")
    # is not its claim; but the only clause beside a consequence or a condition is
    # ("It syncs with your existing EHR, so nobody types patient data twice")
    only = len(counts) == 2
    if n < MAIN_CLAUSE_MIN_KEYS or n >= total or (n < 0.5 * total and not only):
        return None
    return " ".join(words[toks[s].first : toks[e - 1].last + 1]).strip(" ,;:.")


@dataclass(frozen=True, slots=True)
class _KeyWeights:
    """How much a content key says which message is meant: the document frequency of
    each key over the spec's messages, and their number."""

    df: dict[str, int]
    n: int

    def weight(self, key: str) -> float:
        return 0.5 + math.log(1 + self.n / self.df.get(key, 1))

    def anchor(self) -> float:
        """Words weighing less than this are in every message (a product name)."""
        n = self.n
        return self.weight("") if n == 1 else 0.5 + math.log(1 + n / (n - 0.5))


def _key_weights(
    analysed: list[list[tuple[list[str], set[str], set[str]]]], n_points: int
) -> _KeyWeights:
    # Document frequency over points: a word in every message (the product name) is weak.
    df: dict[str, int] = {}
    for phrases in analysed:
        for key in {k for keys, _, _ in phrases for k in keys}:
            df[key] = df.get(key, 0) + 1
    return _KeyWeights(df=df, n=max(n_points, 1))


_CONSEQUENCE_CONJ = {"so", "because"}


def _consequence(statement: str) -> str | None:
    """The consequence of a statement told as "X, so Y" or "X, saving Y" (or the
    mechanism of "Y because X"), from its conjunction to the end: the buyer's side of
    the claim, which conveys the message on its own ("calls to the contact centre drop
    by half")."""
    words = statement.split()
    toks = analyze(words)
    st = _structure(words, toks)
    for s, _, _ in st.clauses[1:]:
        first = toks[s].text
        # "..., saving an hour a day", "..., catching three times more fraud": a
        # participle tells the consequence with its verb
        participle = first.endswith("ing") and len(first) > 5 and first.isalpha()
        if first not in _CONSEQUENCE_CONJ and not participle:
            continue
        start = s if participle else s + 1 + (s + 1 < len(toks) and toks[s + 1].text == "that")
        keys = {canonical(t.text) for t in toks[start:] if is_content(t.text)}
        if start >= len(toks) or len(keys) < MAIN_CLAUSE_MIN_KEYS:
            return None
        return " ".join(words[toks[start].first :]).strip(" ,;:.")
    return None


def _compile_phrase(keys: Any, neg: Any, rejected: Any, text: str,
                    weights: _KeyWeights) -> _Phrase:
    """One statement or evidence phrase, its keys weighed by how rare they are."""
    weighed = tuple((k, weights.weight(k)) for k in keys)
    return _Phrase(keys=frozenset(keys), weights=weighed, total=sum(w for _, w in weighed),
                   numbers=frozenset(k for k in keys if k[:1].isdigit() and k != "0"),
                   neg_keys=frozenset(neg), rejected=frozenset(rejected),
                   # a long phrase needs at least 40% of its words before it is weighed
                   min_hits=max(1, math.ceil(0.4 * len(keys))),
                   quick=_quick_keys(keys), units=_phrase_units(text))


def _point_phrases(p: PointSpec, phrases_keys: list[tuple[list[str], set[str], set[str]]],
                   weights: _KeyWeights) -> list[_Phrase]:
    """The phrases a message is matched on: its statement and evidence that have content
    words, and the statement's main clause alone where it has a detail."""
    compiled_phrases: list[_Phrase] = []
    for text, (keys, neg, rejected) in zip((p.statement, *p.evidence), phrases_keys,
                                           strict=True):
        if not keys:
            continue
        compiled_phrases.append(_compile_phrase(keys, neg, rejected, text, weights))
    main = _main_clause(p.statement)
    if main is not None and compiled_phrases:
        # The claim without its secondary detail ("Dispatchers see every vehicle on
        # a live map" of "..., updated every ten seconds") conveys the message too.
        compiled_phrases.append(_compile_phrase(*_phrase_keys(main), main, weights))
    consequence = _consequence(p.statement)
    if consequence is not None and compiled_phrases:
        # "..., so calls to the contact centre drop by half": told alone, from the
        # buyer's side, the consequence conveys the message too
        compiled_phrases.append(_compile_phrase(*_phrase_keys(consequence), consequence,
                                                weights))
    return compiled_phrases


def _point_keywords(p: PointSpec, compiled_phrases: list[_Phrase]
                    ) -> tuple[frozenset[str], ...]:
    """The keys of each of the message's keywords, or its most distinctive statement
    words where the playbook gives none."""
    kw = tuple(frozenset(canonical(t) for t in tokens(k) if is_content(t)) for k in p.keywords)
    if not any(kw) and compiled_phrases:
        # No keywords in the playbook: the coverage model was fitted with them, so
        # a message without any would always look less sure. Its statement's most
        # distinctive words stand in for them.
        ranked = sorted(compiled_phrases[0].weights, key=lambda kw_: -kw_[1])
        kw = tuple(frozenset((k,)) for k, _ in ranked[:AUTO_KEYWORDS])
    return kw


def _compile_point(p: PointSpec, phrases_keys: list[tuple[list[str], set[str], set[str]]],
                   weights: _KeyWeights) -> _Point:
    """One message: its phrases, keywords, and what its texts say about figures, periods,
    negation, kinds of benefit, and whether its evidence contradicts its statement."""
    compiled_phrases = _point_phrases(p, phrases_keys, weights)
    kw = _point_keywords(p, compiled_phrases)
    texts = (p.statement, *p.evidence)
    conflicted = any(_contradicts(p.statement, ev) for ev in p.evidence)
    vocabulary = frozenset(k for ph in compiled_phrases for k in ph.keys) | frozenset(
        k for kws in kw for k in kws)
    return _Point(
        spec=p,
        phrases=tuple(compiled_phrases),
        keyword_keys=tuple(k for k in kw if k),
        texts=texts,
        text_negated=tuple(any(t in _NEG_CUES for t in tokens(x)) for x in texts),
        numbers=frozenset(n for ph in compiled_phrases for n in ph.numbers),
        periods=frozenset(k for ph in compiled_phrases for k in ph.keys)
        & _PERIOD_KEYS,
        vocabulary=vocabulary,
        families=families(vocabulary),
        conflicted=conflicted,
        kinds=tuple(claim_kinds(texts).items()),
        units=frozenset(u for ph in compiled_phrases for u in ph.units),
        figures=_point_figures((*texts, *p.keywords)),
        denied=frozenset().union(*(ph.neg_keys for ph in compiled_phrases)) - frozenset(
            ).union(*(ph.keys - ph.neg_keys for ph in compiled_phrases)),
        evidence_keys=tuple(tuple(k for k in keys if not k[:1].isdigit())
                            for keys, _, _ in phrases_keys[1:]),
        **_statement_keys(p.statement),
    )


def _statement_keys(statement: str) -> dict[str, Any]:
    """The content keys of the statement's first clause in order, and those of the rest
    (figures left out): `opening_keys` and `later_keys` of its _Point."""
    words = statement.split()
    toks = analyze(words)
    st = _structure(words, toks)
    end = st.clauses[0][1] if st.clauses else len(toks)
    keys = [canonical(t.text) if is_content(t.text) and not st.contrast[i] else ""
            for i, t in enumerate(toks)]
    first = tuple(dict.fromkeys(k for k in keys[:end] if k and not k[:1].isdigit()))
    rest = frozenset(k for k in keys[end:] if k and not k[:1].isdigit()) - set(first)
    return {"opening_keys": first, "later_keys": rest}


def _with_owners(points: list[_Point]) -> list[_Point]:
    """Each message with the words only it says (own) and those only another says
    (foreign)."""
    # a word only one message says is that message's: next to it, a word this message
    # shares is used for the other claim ("a single flat fee" is not "a single console")
    owner: dict[str, int] = {}
    for i, point in enumerate(points):
        for k in point.vocabulary:
            owner[k] = i if k not in owner else -1
    return [dataclasses.replace(
        point,
        foreign=frozenset(k for k, o in owner.items() if o not in (-1, i) and not k[:1].isdigit()),
        own=frozenset(k for k, o in owner.items() if o == i and not k[:1].isdigit()))
        for i, point in enumerate(points)]


def _spec_texts(spec: ScoringSpec) -> list[str]:
    """Every text the spec writes (statements, evidence, keywords, forbidden and retired
    phrases): the words a transcript's words are repaired towards."""
    all_texts = [t for p in spec.points for t in (p.statement, *p.evidence)]
    all_texts += [k for p in spec.points for k in p.keywords]
    all_texts += [f for f, _ in spec.forbidden] + [r for r, _ in spec.retired]
    return all_texts


@lru_cache(maxsize=128)
def _compile(spec: ScoringSpec) -> _Compiled:
    texts_per_point = [(p.statement, *p.evidence) for p in spec.points]
    analysed = [[_phrase_keys(text) for text in texts] for texts in texts_per_point]
    weights = _key_weights(analysed, len(spec.points))
    points = _with_owners([_compile_point(p, phrases_keys, weights) for p, phrases_keys
                           in zip(spec.points, analysed, strict=True)])
    all_texts = _spec_texts(spec)
    vocab = frozenset(t for text in all_texts for t in tokens(text))
    keys = frozenset(canonical(t) for t in vocab if is_content(t))
    return _Compiled(
        points=tuple(points),
        forbidden=tuple(_banned(f, reason) for f, reason in spec.forbidden),
        retired=tuple(_banned(r, by) for r, by in spec.retired),
        vocabulary=vocab,
        keys=keys,
        fuzzy_choices=tuple(sorted(t for t in vocab if len(t) >= 6 and t.isalpha())),
        compounds=_compounds(all_texts),
        idf={k: weights.weight(k) for k in weights.df},
        idf_unknown=weights.weight(""),
        idf_anchor=weights.anchor(),
        acronyms=_acronyms(all_texts),
        percents=_percents(all_texts),
        bounds=_bounds(all_texts),
    )


# Words that make the length of time after them an upper bound
_BOUND_WORDS = frozenset({"under", "within", "inside", "below"})
_BOUND_PAIRS = frozenset({("less", "than"), ("no", "more"), ("fewer", "than"), ("up", "to")})
UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0,
                "months": 30 * 86400.0}


def seconds(figure: str, unit: str) -> float | None:
    """A length of time in seconds ("15", "minutes" -> 900), or None."""
    try:
        return float(figure) * UNIT_SECONDS[unit]
    except (ValueError, KeyError):
        return None


def _bounds(texts: Sequence[str]) -> tuple[tuple[str, str, float], ...]:
    """The upper bounds on lengths of time the spec's texts state."""
    found = set()
    for text in texts:
        toks = tokens(text)
        for i in range(len(toks) - 1):
            length = seconds(toks[i], toks[i + 1])
            before = toks[max(0, i - 3) : i]
            if length is None or not (
                    set(before) & _BOUND_WORDS or any(p in _BOUND_PAIRS for p in pairwise(before))):
                continue
            found.add((canonical(toks[i]), canonical(toks[i + 1]), length))
    return tuple(sorted(found, key=lambda b: (b[2], b)))


def _percents(texts: Sequence[str]) -> frozenset[float]:
    """The shares the spec's texts state, as numbers ("15%" -> 15.0)."""
    found: set[float] = set()
    for text in texts:
        toks = tokens(text)
        found.update(float(a) for a, b in pairwise(toks)
                     if b == "percent" and a.replace(".", "", 1).isdigit())
    return frozenset(found)


ACRONYM_LETTERS = (2, 6)


def _acronyms(texts: Sequence[str]) -> tuple[str, ...]:
    """Words the playbook writes in capitals ("EHR", "SLA", "HIPAA")."""
    found = {w.strip(".,;:!?()\"'").lower() for text in texts for w in text.split()
             if w.strip(".,;:!?()\"'").isupper() and w.strip(".,;:!?()\"'").isalpha()
             and ACRONYM_LETTERS[0] <= len(w.strip(".,;:!?()\"'")) <= ACRONYM_LETTERS[1]}
    return tuple(sorted(found))


COMPOUND_MIN_LEN = 10  # joined pairs shorter than this are too easy to confuse


def _compounds(texts: Sequence[str]) -> tuple[tuple[str, str, str], ...]:
    found: dict[str, tuple[str, str, str]] = {}
    for text in texts:
        toks = tokens(text)
        for a, b in pairwise(toks):
            joined = a + b
            if (a.isalpha() and b.isalpha() and is_content(a) and is_content(b)
                    and len(joined) >= COMPOUND_MIN_LEN):
                found.setdefault(joined, (joined, canonical(a), canonical(b)))
    return tuple(found.values())
