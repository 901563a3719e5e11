"""Message coverage: the signals a message was conveyed, and the calibrated judgement.

* The transcript is cut into windows: clauses, pairs of neighbouring clauses, short
  sentences, and overlapping fixed-size windows inside long unpunctuated runs.
* Each window is compared with the message statement and each evidence phrase on
  normalised content words (stems, synonyms, number forms, ASR spellings): the weighted
  share of the phrase's content words the window says. Words shared by many messages
  weigh less (a product name alone proves nothing), numbers must agree ("20%" is not
  "40%"), and keyword hits add a small bonus only on top of real overlap.
* A window that negates the phrase is not evidence: negation cues scoped over the
  matched words must have the same parity as in the phrase itself ("no hidden fees" is
  matched by "without hidden fees", not by "there are hidden fees").
* With the embedding model, the cosine similarity of the clean windows is one more
  signal. The coverage model (drills/scoring_model.json) weighs them all.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

import numpy as np
from rapidfuzz import fuzz, process

from drills.coverage_model import LogisticModel
from drills.embedding import SentenceEncoder
from drills.scoring.clauses import (
    _FRAMING,
    _NEG_CUES,
    NEG_SCOPE,
    _contains,
    _quote,
    _Structure,
    _structure,
    _Text,
)
from drills.scoring.compiled import (
    _PERIOD_KEYS,
    COMPOUND_MIN_LEN,
    PART,
    UNIT_SECONDS,
    _Compiled,
    _Phrase,
    _phrase_keys,
    _Point,
    _stated_directions,
    figure_kinds,
    figure_units,
    seconds,
)
from drills.scoring.families import families
from drills.scoring.learning import PHRASE_MATCH_AT as LEARNED_MATCH_AT
from drills.scoring.learning import (
    REJECTED_MATCH_AT,
    LearnedPhrase,
    MessageLearning,
    shifted,
    when,
)
from drills.scoring.rates import restates
from drills.scoring.result import MessageResult
from drills.text_normalize import (
    Token,
    analyze,
    canonical,
    is_content,
    join_to_vocabulary,
)
from drills.transcript import Transcript

COVERED_AT = 0.70  # lexical confidence at or above which a match is a plain "said"
PARTIAL_AT = 0.40  # below COVERED_AT but at least this: reported as "partial"
KEYWORD_BONUS = 0.10  # at most this much confidence from keyword hits...
KEYWORD_BONUS_MIN_OVERLAP = 0.5  # ...and only once half the phrase is already said
CROSS_SENTENCE = 0.9  # a match whose words sit in two sentences counts this much

# Opposites, as canonical keys: a window that plainly says the opposite of one of the
# phrase's words denies the phrase.
_ANTONYM_PAIRS = (
    ("automatic", "manual"), ("fast", "slow"), ("easy", "hard"), ("easy", "difficult"),
    ("easy", "complicated"), ("cheap", "expensive"), ("online", "offline"),
    ("increase", "reduce"), ("secure", "insecure"),
)
_ANTONYMS = {canonical(a): canonical(b) for a, b in _ANTONYM_PAIRS} | {
    canonical(b): canonical(a) for a, b in _ANTONYM_PAIRS if canonical(b) not in
    {canonical(x) for x, _ in _ANTONYM_PAIRS}}
_FAST = canonical("fast")
_SLOW_UNITS = frozenset({"hours", "days", "months"})  # not what "fast" means


# --- transcript analysis --------------------------------------------------------------


def _expand_acronyms(toks: Sequence[Token], keys: list[str], compiled: _Compiled) -> None:
    """Give the words an acronym stands for the acronym's key: "electronic health
    record" says "EHR", "service level agreement" says "SLA" (small words skipped)."""
    if not compiled.acronyms:
        return
    n = len(toks)
    for i in range(n):
        if not keys[i]:
            continue
        for acro in compiled.acronyms:
            j, letter = i, 0
            while j < n and letter < len(acro):
                word = toks[j].text
                if keys[j] and word[:1] == acro[letter]:
                    letter += 1
                elif keys[j] or j == i:
                    break
                j += 1
            if letter == len(acro) and j - i >= len(acro):
                keys[i] = canonical(acro)
                for k in range(i + 1, j):
                    keys[k] = ""
                break


COMPOUND_MATCH_AT = 85  # rapidfuzz ratio for a misheard pair


def _repair_pairs(toks: Sequence[Token], keys: list[str], compiled: _Compiled) -> None:
    """Give a misheard pair of words ("heart shraking") the keys of the spec's pair it
    sounds like ("harsh braking"), when either word is not a spec word already."""
    if not compiled.compounds:
        return
    joined_choices = [c[0] for c in compiled.compounds]
    for i in range(len(toks) - 1):
        a, b = toks[i].text, toks[i + 1].text
        if not (keys[i] and keys[i + 1] and a.isalpha() and b.isalpha()):
            continue
        if keys[i] in compiled.keys and keys[i + 1] in compiled.keys:
            continue
        joined = a + b
        if len(joined) < COMPOUND_MIN_LEN:
            continue
        cache_key = f"{a} {b}"
        if cache_key not in compiled.fuzzy_cache:
            best = process.extractOne(joined, joined_choices, scorer=fuzz.ratio,
                                      score_cutoff=COMPOUND_MATCH_AT)
            compiled.fuzzy_cache[cache_key] = best[0] if best else None
        hit = compiled.fuzzy_cache[cache_key]
        if hit is not None:
            _, k1, k2 = next(c for c in compiled.compounds if c[0] == hit)
            keys[i], keys[i + 1] = k1, k2


def _key_for(token: str, compiled: _Compiled) -> str:
    """Canonical key of a transcript token, repairing ASR misspellings of spec words."""
    key = canonical(token)
    if key in compiled.keys or len(token) < 6 or not token.isalpha():
        return key
    cache = compiled.fuzzy_cache
    if token not in cache:
        best = process.extractOne(token, compiled.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=85)
        cache[token] = canonical(best[0]) if best else None
    fixed = cache[token]
    return fixed if fixed is not None else key


_NEGATIVE_PREFIXES = ("un", "non")


def _negative_prefixes(
    toks: Sequence[Token], keys: list[str], st: _Structure, compiled: _Compiled
) -> _Structure:
    """A word that is a playbook word with a negative prefix ("untested", "non-stop")
    says that word, negated: "not a single backup goes untested" says "tested"."""
    flips = []
    for i, t in enumerate(toks):
        if not keys[i] or canonical(t.text) in compiled.keys:
            continue  # (the key may be a fuzzy repair already: "untested" ~ "tested")
        for prefix in _NEGATIVE_PREFIXES:
            rest = t.text[len(prefix):].lstrip("-")
            if t.text.startswith(prefix) and len(rest) >= 4 and canonical(rest) in compiled.keys:
                keys[i] = canonical(rest)
                flips.append(i)
                break
    if not flips:
        return st
    negated = list(st.negated)
    for i in flips:
        if negated[i]:
            # a double negative ("not a single backup goes untested"): the whole denied
            # stretch is asserted after all
            s = next(cs for cs, ce, _ in st.clauses if cs <= i < ce)
            for j in range(s, i + 1):
                negated[j] = False
        else:
            negated[i] = True
    return dataclasses.replace(st, negated=tuple(negated))


# Words that make a figure approximate ("about a sixth", "roughly 30 percent")
_APPROXIMATELY = frozenset({"about", "around", "roughly", "nearly", "almost", "approximately",
                            "some", "circa", "close", "approx"})
SHARE_TOLERANCE = 2.5  # percentage points an approximate share may be off...
SHARE_RELATIVE = 0.15  # ...and at most this part of the share (or of what it leaves)


def _approximate_shares(words: Sequence[str], toks: Sequence[Token], keys: list[str],
                        compiled: _Compiled) -> None:
    """An approximate share said near one of the spec's ("about a sixth", 17%, for
    "fifteen percent"; "roughly 88 percent" for 90) counts as the spec's: a share said
    as a fraction, or with "about", "roughly", "nearly"... is not a different figure.
    An exact figure ("12 percent") stays what it is."""
    if not compiled.percents:
        return
    for i in range(len(toks) - 1):
        figure = keys[i]
        if not figure[:1].isdigit() or toks[i + 1].text != "percent" or (
                figure in compiled.keys):
            continue
        # "percent" written for a fraction or a ratio ("a sixth", "nine in ten")
        said = words[toks[i + 1].first].lower()
        fraction = "%" not in said and not said.startswith(("percent", "per", "pct"))
        hedged = any(t.text in _APPROXIMATELY for t in toks[max(0, i - 3) : i])
        if _range_share(toks, keys, i, compiled.percents):
            continue
        if not (fraction or hedged):
            continue
        try:
            value = float(figure)
        except ValueError:
            continue
        # the tolerance shrinks near 0 and 100 percent: "about 99%" is not "99.9%"
        near = [p for p in compiled.percents if abs(p - value) <= min(
            SHARE_TOLERANCE, SHARE_RELATIVE * min(p, 100 - p))]
        if len(near) == 1:
            keys[i] = canonical(f"{near[0]:g}")


def _range_share(toks: Sequence[Token], keys: list[str], i: int,
                 percents: frozenset[float]) -> bool:
    """A range of shares around one of the spec's ("between eleven and thirteen
    percent", "eleven to thirteen percent" for 12%) says it: both ends become it. Not
    "from 11 to 13 percent", a change."""
    if i < 2 or toks[i - 1].text not in ("and", "to"):
        return False
    before = toks[i - 3].text if i >= 3 else ""
    if (toks[i - 1].text == "and") != (before == "between") or before == "from":
        return False
    try:
        lo, hi = float(keys[i - 2]), float(keys[i])
    except ValueError:
        return False
    inside = [p for p in percents if lo < p < hi]
    if len(inside) != 1:
        return False
    keys[i - 2], keys[i] = "", canonical(f"{inside[0]:g}")
    return True


# Words after "a quarter" that make it a cut of a quarter, not three months: "a quarter
# off the power bill", "a quarter cheaper"
_CUT_AFTER = frozenset({"off", "cheaper", "down", "smaller", "shorter", "saved"})


def _quarter_cut(words: Sequence[str], toks: list[Token], keys: list[str]) -> None:
    """"A quarter off the bill" is a share of 25%, which the normaliser read as three
    months ("a quarter" alone is a quarter of a year)."""
    for i in range(len(toks) - 2):
        if toks[i].text != "3" or toks[i + 1].text != "months" or (
                toks[i + 2].text not in _CUT_AFTER):
            continue
        said = [w.lower() for w in words[toks[i].first : toks[i + 1].last + 1]]
        if said[-1:] != ["quarter"]:
            continue
        toks[i] = dataclasses.replace(toks[i], text="25")
        toks[i + 1] = dataclasses.replace(toks[i + 1], text="percent")
        keys[i], keys[i + 1] = "25", canonical("percent")


BOUND_RANGE = 10  # a length within a bound is at least this fraction (1/10) of it
SAME_LENGTH = 0.1  # lengths in two units this close are one ("8 weeks", "2 months")


def _rate(toks: Sequence[Token], keys: Sequence[str], i: int, words: Sequence[str]) -> bool:
    """Whether the length at i is a rate, not a length of time: after "every", or "a
    week" after an amount ("a dozen empty chairs a week", "twenty calls a day")."""
    if i and toks[i - 1].text == "every":
        return True  # "every 15 minutes", "four times an hour": a frequency
    return words[toks[i].first].lower() in ("a", "an") and any(
        k[:1].isdigit() for k in keys[max(0, i - 4) : i])


def _within_bounds(words: Sequence[str], toks: Sequence[Token], keys: list[str],
                   units: list[str], compiled: _Compiled) -> None:
    """A length of time the spec does not state itself, said where the spec states
    one, takes that one's keys: a length within 10% of it in another unit ("two months"
    for "eight weeks", 60 days and 56), or else within one of its upper bounds: "ten days
    later" is "within two weeks", "about five minutes" is "under ten minutes" (the
    shortest bound it is within, and not ten times shorter than)."""
    stated = {u for p in compiled.points for u in p.units}  # (figure, unit) pairs
    if not compiled.bounds and not stated:
        return
    lengths = [(f, u, length) for f, u in stated if (length := seconds(f, u))]
    for i in range(len(toks) - 1):
        figure = keys[i]
        if not units[i] or not figure[:1].isdigit() or (figure, units[i]) in stated or (
                not keys[i + 1]):
            continue
        length = seconds(figure, units[i])
        if length is None or length <= 0 or _rate(toks, keys, i, words):
            continue
        # the same length, rounded another way: calendar months are not 4 weeks
        same = next(((f, u) for f, u, other in lengths
                     if u != units[i] and abs(other - length) <= SAME_LENGTH * other), None)
        if same is not None:
            keys[i], keys[i + 1], units[i] = same[0], canonical(same[1]), same[1]
            continue
        # the same order of time: "five days" is within "six months", but no one says
        # so to claim a payback period
        bound = next((b for b in compiled.bounds if b[2] / BOUND_RANGE <= length <= b[2]),
                     None)
        if bound is not None:
            keys[i], keys[i + 1] = bound[0], bound[1]
            units[i] = next(u for u in UNIT_SECONDS if canonical(u) == bound[1])


# Abbreviations a rep says and a playbook may spell out ("the ETA texts" for "a text with
# the arrival time"), by the words they stand for
_ABBREVIATIONS = {
    "eta": "estimated time of arrival", "roi": "return on investment",
    "kpi": "key performance indicator", "sla": "service level agreement",
    "asap": "as soon as possible", "faq": "frequently asked questions",
    "po": "purchase order", "tco": "total cost of ownership", "sso": "single sign on",
    "mfa": "multi factor authentication", "eod": "end of day", "pto": "paid time off",
    "yoy": "year over year", "rfp": "request for proposal", "hr": "human resources",
}  # fmt: skip


def _spell_out(toks: Sequence[Token], vocabulary: frozenset[str]) -> list[Token]:
    """A common abbreviation the playbook does not use itself, as the words it stands
    for, each from the abbreviation's word: "ETAs" -> "estimated time of arrival"."""
    out: list[Token] = []
    for tok in toks:
        word = tok.text
        base = word[:-1] if word.endswith("s") and word[:-1] in _ABBREVIATIONS else word
        if base in _ABBREVIATIONS and word not in vocabulary and base not in vocabulary:
            out.extend(Token(w, tok.first, tok.last) for w in _ABBREVIATIONS[base].split())
        else:
            out.append(tok)
    return out


def _analyze_transcript(transcript: Transcript, compiled: _Compiled) -> _Text:
    words = tuple(w.text for w in transcript.words)
    toks = join_to_vocabulary(_spell_out(analyze(words), compiled.vocabulary),
                              compiled.vocabulary)
    st = _structure(words, toks, compiled.vocabulary)
    all_keys = [_key_for(t.text, compiled) if is_content(t.text) else "" for t in toks]
    st = _negative_prefixes(toks, all_keys, st, compiled)
    _expand_acronyms(toks, all_keys, compiled)
    _repair_pairs(toks, all_keys, compiled)
    _approximate_shares(words, toks, all_keys, compiled)
    _quarter_cut(words, toks, all_keys)
    units = figure_units(toks)
    _within_bounds(words, toks, all_keys, units, compiled)
    return _Text(
        words=words,
        toks=toks,
        keys=[k if not st.contrast[i] else "" for i, k in enumerate(all_keys)],
        all_keys=all_keys,
        structure=st,
        starts=[w.start for w in transcript.words],
        ends=[w.end for w in transcript.words],
        units=units,
        # what "whether 3 lines or 300" lets vary is no figure claimed
        figures=[None if st.whatever and st.whatever[i] else f
                 for i, f in enumerate(figure_kinds(toks, units, all_keys))],
    )


def _units(text: _Text) -> list[tuple[int, int]]:
    """Token windows [s, e) to judge: clauses, clause pairs, sentences, long-run windows."""
    clauses = text.structure.clauses
    units: set[tuple[int, int]] = {(s, e) for s, e, _ in clauses}
    for (a, _, kind), (_, b, _) in pairwise(clauses):
        # a question and its answer are not one claim: "restore a server? 15 minutes"
        if kind != "question" and b - a <= 40:
            units.add((a, b))
    sent_start = 0
    for i, (_, e, kind) in enumerate(clauses):
        if kind != "clause":
            if i - sent_start >= 2 and e - clauses[sent_start][0] <= 40:
                units.add((clauses[sent_start][0], e))
            sent_start = i + 1
    # Long unpunctuated runs (typed notes, a transcript without punctuation).
    for a, b in list(units):
        if b - a > 24:
            units.update((k, min(k + 16, b)) for k in range(a, b - 8, 8))
    return sorted(units)


# --- message coverage -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Detail:
    """What _judge reads of a window that says enough of a phrase (_window_detail)."""

    at: dict[str, list[int]]  # key -> its positions, in order
    neg_keys: frozenset[str]  # keys negated in it
    plain_keys: frozenset[str]  # keys not negated in it
    varied: frozenset[str]  # keys among what "whether A or B" lets vary
    contrast_keys: frozenset[str]  # all_keys of its contrast clauses
    framing: bool  # says a framing that denies the claim beside it (_FRAMING)
    slow: bool  # says a figure in a unit that "fast" does not mean (_SLOW_UNITS)


@dataclass(slots=True)
class _Window:
    """What the judgements read of one window [s, e), whichever message they judge:
    read once per transcript (_window), not once per message and phrase."""

    framed: bool  # a token of it is framed (asked, hedged, someone else's words)
    negated: bool  # a token of it is negated
    plain: frozenset[str]  # all_keys said outside a negation (contrast clauses included)
    denied: frozenset[str]  # all_keys said under one
    said: frozenset[str]  # both
    figures: frozenset[str]  # the figures of `plain`, "0" left out
    timed: frozenset[tuple[str, str]]  # (figure key, unit of time) of each timed figure
    detail: _Detail | None = None  # filled on first use: few windows need it


def _window(text: _Text, unit: tuple[int, int]) -> _Window:
    """text's facts of the window `unit`, computed on first use."""
    win = text.windows.get(unit)
    if win is not None:
        return win
    s, e = unit
    st = text.structure
    all_keys, neg = text.all_keys, st.negated
    plain = frozenset(all_keys[i] for i in range(s, e) if all_keys[i] and not neg[i])
    denied = frozenset(all_keys[i] for i in range(s, e) if all_keys[i] and neg[i])
    win = _Window(
        framed=bool(st.framed) and any(st.framed[s:e]),
        negated=any(neg[s:e]),
        plain=plain,
        denied=denied,
        said=plain | denied,
        figures=frozenset(k for k in plain if k[:1].isdigit() and k != "0"),
        timed=frozenset((all_keys[i], text.units[i]) for i in range(s, e) if text.units[i])
        if text.units else frozenset(),
    )
    text.windows[unit] = win
    return win


def _window_detail(text: _Text, unit: tuple[int, int]) -> _Detail:
    """The rest of text's facts of the window `unit`, computed on first use."""
    win = _window(text, unit)
    if win.detail is not None:
        return win.detail
    s, e = unit
    st = text.structure
    keys, neg = text.keys, st.negated
    at: dict[str, list[int]] = {}
    for i in range(s, e):
        if keys[i]:
            at.setdefault(keys[i], []).append(i)
    unit_texts = [t.text for t in text.toks[s:e]]
    present = set(unit_texts)
    win.detail = _Detail(
        at=at,
        neg_keys=frozenset(keys[i] for i in range(s, e) if neg[i]),
        plain_keys=frozenset(keys[i] for i in range(s, e) if not neg[i]),
        varied=frozenset(keys[i] for i in range(s, e) if st.whatever[i])
        if st.whatever else frozenset(),
        contrast_keys=frozenset(text.all_keys[i] for i in range(s, e) if st.contrast[i]),
        framing=any(f[0] in present and _contains(unit_texts, f) for f in _FRAMING),
        slow=bool(text.units) and any(text.units[i] in _SLOW_UNITS for i in range(s, e)),
    )
    return win.detail


@dataclass(slots=True)
class _Match:
    confidence: float
    negated: bool
    span: tuple[int, int]  # token indices, inclusive
    hits: int  # phrase words said
    framed: bool = False  # asked, hedged, attributed to others, a denied promise
    said: frozenset[str] = frozenset()  # which


def _judge(
    phrase: _Phrase,
    kw: tuple[frozenset[str], ...],
    text: _Text,
    unit: tuple[int, int],
    unit_keys: frozenset[str],
    foreign: frozenset[str] = frozenset(),
    own: frozenset[str] = frozenset(),
) -> _Match | None:
    """How well one window says one phrase: None where it says too few of its words (or
    mixes a framed clause with a plain one), else the confidence, whether the window
    denies the phrase, whether it is framed, and where it says it."""
    if _too_few(phrase, unit_keys):
        return None
    hits, where, clash = _said_keys(phrase, text, unit, unit_keys, foreign, own)
    related: frozenset[str] = frozenset()
    if len(hits) < phrase.min_hits:
        if len(hits) < RELATED_MIN_DIRECT:
            return None
        # a paraphrase in words of the same fields ("blood values into the patient
        # file" for "blood results into the pet's record"): each counts half
        related = _related(phrase.keys - hits, unit_keys - phrase.keys)
        if len(hits) + len(related) < phrase.min_hits:
            return None
    conf = _word_share(phrase, text, unit, hits)
    shown = _shown_on(phrase, hits)
    if shown:
        related = related | shown
    if related:
        conf += RELATED_WEIGHT * sum(w for k, w in phrase.weights if k in related) / phrase.total
    conf = _contradicted(conf, phrase, text, unit, unit_keys, clash)
    if kw and conf >= KEYWORD_BONUS_MIN_OVERLAP:
        conf += KEYWORD_BONUS * sum(1 for k in kw if k <= unit_keys) / len(kw)
    win = _window(text, unit)
    at = _window_detail(text, unit).at
    positions = sorted(i for k in where for i in at.get(k, ()))
    negated, positions = _denies(phrase, text, unit, unit_keys, hits, positions)
    framed = win.framed and any(text.structure.framed[i] for i in positions)
    sentence = text.structure.sentence
    if framed and not all(text.structure.framed[i] for i in positions):
        # framed in one clause, plain in the next ("competitors take ten days; we close
        # in three", "people ask if it takes all day, it takes fifteen minutes"): each
        # part is judged on its own, not this mix of the two
        return None
    if sentence and sentence[positions[0]] != sentence[positions[-1]]:
        conf *= CROSS_SENTENCE  # one claim is rarely split over two sentences

    return _Match(
        confidence=min(conf, 1.0),
        negated=negated,
        span=(positions[0], positions[-1]),
        hits=len(hits),
        framed=framed,
        said=frozenset(hits),
    )


def _too_few(phrase: _Phrase, unit_keys: frozenset[str]) -> bool:
    """Whether a window says too few of the phrase's words for _judge to weigh: the
    common case, answered without its steps, where the words said can only shrink, or
    gain the phrase's short duration (only where the window says "fast")."""
    quick = len(phrase.quick) if _FAST in unit_keys else 0
    return len(phrase.keys & unit_keys) + quick < min(phrase.min_hits, RELATED_MIN_DIRECT)


def _said_keys(
    phrase: _Phrase, text: _Text, unit: tuple[int, int], unit_keys: frozenset[str],
    foreign: frozenset[str], own: frozenset[str],
) -> tuple[frozenset[str], frozenset[str], set[str]]:
    """The phrase's words the window says (hits), the keys whose words are quoted
    (where), and the phrase's figures whose unit the window contradicts (clash)."""
    hits = phrase.keys & unit_keys
    if foreign and unit_keys & foreign:
        hits -= _taken(hits, text, unit, foreign, own)
    where = hits
    if phrase.quick and _FAST in unit_keys and not phrase.quick & unit_keys:
        hits |= phrase.quick  # "before her coffee went cold" says "in under 15 minutes"
        where = hits | {_FAST}
    clash = _unit_clash(phrase.units, text, unit)
    if clash:
        hits, where = hits - clash, where - clash  # "an hour" is not the 1 of "24 hours"
    return hits, where, clash


RELATED_MIN_DIRECT = 2  # words of the phrase itself a paraphrase by related words needs
RELATED_WEIGHT = 0.5  # a word of the same field, for a word of the phrase


# The screen a claim is seen on, and the verbs of seeing: "dispatchers see the vans
# live" says "dispatchers see every van on a live map" but for the map itself, a medium
_DISPLAY_KEYS = frozenset(canonical(w) for w in (
    "map", "dashboard", "screen", "display", "view", "portal", "app"))
_SEEING_KEYS = frozenset(canonical(w) for w in (
    "see", "watch", "view", "track", "follow", "monitor", "show", "spot"))
_QUANTIFIER_KEYS = frozenset(canonical(w) for w in ("every", "each", "all", "any"))


def _shown_on(phrase: _Phrase, hits: frozenset[str]) -> frozenset[str]:
    """The display the phrase names, where the window says its verb of seeing and what
    is seen but not the display: "see the vans live" for "see every van on a live
    map" (counted as a related word, half), where every other word is said but "every"
    ("dispatchers see each van" says nothing of the map's being live)."""
    display = (phrase.keys & _DISPLAY_KEYS) - hits
    if not display or not phrase.keys & _SEEING_KEYS & hits:
        return frozenset()
    seen = phrase.keys - _DISPLAY_KEYS - _SEEING_KEYS
    return display if (len(seen & hits) >= RELATED_MIN_DIRECT
                       and seen - hits <= _QUANTIFIER_KEYS) else frozenset()


def _family_pairs(left: Iterable[str], right: Iterable[str]) -> frozenset[str]:
    """The keys of `left` (in order) paired, one each, with a key of `right` (the first
    unpaired, in order) that names one of their topic families."""
    out = set()
    free = sorted(right)
    for k in sorted(left):
        fam = families((k,))
        match = next((w for w in free if families((w,)) & fam), None) if fam else None
        if match is not None:
            out.add(k)
            free.remove(match)
    return frozenset(out)


def _related(missing: frozenset[str], said: frozenset[str]) -> frozenset[str]:
    """The phrase's missing keys whose topic family a key said (not of the phrase)
    names, one said key for each."""
    return _family_pairs(missing, said)


def _word_share(
    phrase: _Phrase, text: _Text, unit: tuple[int, int], hits: frozenset[str]
) -> float:
    """The weighted share of the phrase's words said, damped for short phrases."""
    said = sum(w for k, w in phrase.weights if k in hits)
    total = phrase.total
    if phrase.rejected:
        # the same alternative turned down ("..., not the number of machines"): those
        # words agree with the phrase too, where a garbled word ("terror night" for
        # "data") left the claim a word short
        agreed = phrase.rejected & _window_detail(text, unit).contrast_keys
        if agreed:
            extra = len(agreed) * phrase.total / len(phrase.keys)
            said, total = said + extra, total + extra
    conf = said / total
    # Shorter phrases prove less: one shared word is not a message.
    conf *= min(1.0, 0.55 + 0.15 * len(phrase.keys))
    return conf


def _contradicted(
    conf: float, phrase: _Phrase, text: _Text, unit: tuple[int, int],
    unit_keys: frozenset[str], clash: set[str],
) -> float:
    """The confidence lowered where the window's figures, periods or speeds are not the
    phrase's: another figure contradicts it, a missing one only weakens it."""
    missing = phrase.numbers - unit_keys
    if clash:
        missing |= clash
    if missing:
        other = bool(clash) or any(
            k[:1].isdigit() and k != "0" and k not in phrase.numbers for k in unit_keys)
        conf *= 0.5 if other else 0.8  # "20%" contradicts "40%"; no number is weaker
    periods = phrase.keys & _PERIOD_KEYS
    if periods and not periods & unit_keys and unit_keys & _PERIOD_KEYS:
        conf *= 0.5  # "once a month" contradicts "every night", as "20%" does "40%"
    elif _FAST in phrase.keys and _FAST not in unit_keys and _window_detail(text, unit).slow:
        conf *= 0.5  # "wiped in about an hour" is not "wiped in seconds"
    return conf


def _denies(
    phrase: _Phrase, text: _Text, unit: tuple[int, int], unit_keys: frozenset[str],
    hits: frozenset[str], positions: list[int],
) -> tuple[bool, list[int]]:
    """Whether the window denies what the phrase asserts (or asserts what it denies,
    the alternative it rejects, its opposite), and the positions that say it: only the
    last clause's where an earlier clause's denial does not reach it."""
    win = _window_detail(text, unit)
    w_neg = win.neg_keys & hits
    if phrase.neg_keys & hits:
        # a claim that is itself a denial ("backups nobody can change"): the window must
        # deny what it denies, or let it vary ("whether it's 3 lines or 300" for "no
        # extra charge for additional lines"); which other words fall under the
        # window's negation is word order ("nobody can change your backups")
        negated = bool((phrase.neg_keys & hits) - w_neg - win.varied)
    else:
        negated = bool(w_neg & hits)
    opposite = {_ANTONYMS[k] for k in phrase.keys - hits if k in _ANTONYMS}
    denied_opposite = bool(opposite & unit_keys) and _opposite_denied(opposite, text, unit)
    if negated:
        rescued = _said_after_denial(phrase, text, unit, hits)
        if rescued is not None:
            negated, positions = False, rescued
        elif denied_opposite:
            # what is denied is the opposite of the claim's missing word: "no more
            # matching invoices by hand" for "matched automatically"
            negated = False
    if not negated and phrase.rejected:
        # asserting the alternative the message rejects: "pricing is per device"
        negated = bool((phrase.rejected & unit_keys) - win.neg_keys)
    if not negated and not phrase.neg_keys:
        negated = win.framing
    if not negated and opposite & unit_keys and not denied_opposite:
        # the opposite said plainly: "matching is still done by hand" for "matched
        # automatically", "restores are slow" for "fast restores"
        negated = bool(opposite & win.plain_keys)
    return negated, positions


# Words that, between a denial and the claim's opposite, leave the opposite outside
# it: "we never match invoices except by hand", "nothing but manual matching"
_EXCEPTING = frozenset({"except", "but", "only", "than", "besides", "apart"})


def _opposite_denied(opposite: set[str], text: _Text, unit: tuple[int, int]) -> bool:
    """Whether the claim's opposite is denied: "no more matching invoices by hand", and
    past the reach of the denial's words, at the end of the clause it denies ("You'll
    never have to match an invoice to a purchase order by hand again"); not "we never
    match invoices except by hand", nor "it's not automatic, you do it by hand" (two
    clauses)."""
    s, e = unit
    st = text.structure
    for cs, ce, _ in st.clauses:
        lo, hi = max(s, cs), min(e, ce)
        for i in range(lo, hi):
            if text.keys[i] not in opposite:
                continue
            denial = next((j for j in range(lo, i + 1) if st.negated[j]), None)
            if denial is not None and not any(
                    t.text in _EXCEPTING for t in text.toks[denial:i]):
                return True
    return False


def _said_after_denial(
    phrase: _Phrase, text: _Text, unit: tuple[int, int], hits: frozenset[str]
) -> list[int] | None:
    """The positions of the phrase's words said last, where they say it on their own
    after a denied part; None where the denial reaches them."""
    # Negation is scoped to its clause: in "ask not what X, ask what Y" (or the same
    # run on without commas) the words said last, after the denied part, may still
    # say the phrase on their own.
    s, e = unit
    last = {text.keys[i]: i for i in range(s, e) if text.keys[i] in hits}
    if not last:  # the words that hit are not plain words here (a figure's, a unit's)
        return None
    last_neg = {k for k, i in last.items() if text.structure.negated[i]}
    first_last = min(last.values())
    if not (last_neg ^ phrase.neg_keys) & hits and not any(
        text.structure.negated[i] and text.keys[i] in hits
        for i in range(first_last, max(last.values()) + 1)
    ):
        return sorted(last.values())
    return None


def _unit_clash(units: frozenset[tuple[str, str]], text: _Text,
                unit: tuple[int, int]) -> set[str]:
    """The figures of `units` (a phrase's) that the window says only in another unit of
    time."""
    if not units or not text.units:
        return set()
    said = _window(text, unit).timed
    return {f for f, u in units
            if (f, u) not in said and any(g == f and v != u for g, v in said)}


TAKEN_WITHIN = 2  # tokens either side


def _taken(hits: frozenset[str], text: _Text, unit: tuple[int, int],
           foreign: frozenset[str], own: frozenset[str]) -> set[str]:
    """The hits said only among more of another message's own words than of this one's:
    "single" in "a single flat fee" belongs to the pricing claim, not to "a single
    dashboard"; "password" in "change a forgotten password" stays this message's."""
    s, e = unit
    at = _window_detail(text, unit).at
    balance = text.balance.get((foreign, own))
    if balance is None:
        balance = text.balance[foreign, own] = list(accumulate(
            ((k in foreign) - (k in own) for k in text.keys), initial=0))
    taken = set()
    for k in hits:
        for i in at.get(k, ()):
            if balance[min(e, i + TAKEN_WITHIN + 1)] <= balance[max(s, i - TAKEN_WITHIN)]:
                break  # said here among as many of this message's words or more
        else:
            if k in at:
                taken.add(k)
    return taken


def _better(a: _Match, b: _Match) -> bool:
    """Higher confidence wins; then more matched words (the fuller quote); then the
    tighter quote."""
    return (a.confidence, a.hits, b.span[1] - b.span[0]) > (
        b.confidence,
        b.hits,
        a.span[1] - a.span[0],
    )


@dataclass(slots=True)
class _Signals:
    """What the scorer saw for one message, before the model weighs it."""

    best: _Match | None  # best lexical match that asserts the message
    best_bad: _Match | None  # best lexical match that negates or distances it
    cos: float = 0.0
    cos_bad: float = 0.0
    cos_span: tuple[int, int] | None = None  # token span of the best clean window
    kw_span: tuple[int, int] | None = None  # the window that said the most keywords
    num_match: bool = False
    num_conflict: bool = False
    num_missing: bool = False  # the message has figures; the best window says none
    kw: float = 0.0  # share of the keyword terms said in one clean window
    head: float = 0.0  # a short plain clause made of the message's own words ("Live map.")
    head_span: tuple[int, int] | None = None
    outcome: float = 0.0  # a clause tells the kind of outcome the message claims
    kw_only: bool = False  # the best match says only the message's key terms
    outcome_span: tuple[int, int] | None = None
    change: float = 0.0  # a before/after contrast told about its topic (change_signal)
    figure: float = 0.0  # one of its own figures said plainly (figures)
    change_span: tuple[int, int] | None = None

    def values(self) -> dict[str, float]:
        return {
            "lex": self.best.confidence if self.best else 0.0,
            "lex_bad": self.best_bad.confidence if self.best_bad else 0.0,
            "cos": self.cos,
            "cos_hi": max(0.0, self.cos - 0.5),
            "cos_bad": self.cos_bad,
            "lex_cos": (self.best.confidence if self.best else 0.0) * self.cos,
            "num_match": float(self.num_match),
            "num_conflict": float(self.num_conflict),
            "num_missing": float(self.num_missing),
            "kw": self.kw,
            "head": self.head,
            "outcome": self.outcome,
            "kw_only": float(self.kw_only),
            "change": self.change,
            "figure": self.figure,
        }


def _lexical(
    point: _Point, text: _Text, units: list[tuple[int, int]], unit_keys: list[frozenset[str]],
    compiled: _Compiled,
) -> _Signals:
    best, best_negated = _best_matches(point, text, units, unit_keys)
    kw, kw_span = _keyword_share(point, text, units, compiled.keys)
    head, head_span = _headline(point, text, units, unit_keys, compiled)
    # the words that matched are only the message's key terms ("the month-end close is
    # stressful"): its topic named, nothing of its claim
    terms = frozenset(k for kws in point.keyword_keys for k in kws)
    kw_only = best is not None and bool(terms) and best.said <= terms
    if kw_only and best is not None and _status_quo(text, best.span):
        # its topic named where the sentence says nothing changes ("the controlled
        # drugs register is a spreadsheet template you fill in, same as now"): no claim
        best.negated = True
        if best_negated is None or _better(best, best_negated):
            best_negated = best
        best, kw_only = None, False
    if best is not None and _old_figure(text, best.span, best.said):
        best, kw_only = None, False
    if best is not None and _status_quo(text, best.span, clause=True):
        # the message's words in a clause that says things stay as they were ("the
        # service orders go in the book like before"): the old way told
        best, kw_only = None, False
    if best is not None and (_bare_name(point, text, best.span)
                             or _bare_feature(point, text, best.span)):
        best, kw_only = None, False
    if best is not None and _by_retired_name(point, compiled, text, best.span, best.said):
        best, kw_only = None, False
    if head and head_span is not None and (_bare_name(point, text, head_span)
                                           or _bare_feature(point, text, head_span)):
        head, head_span = 0.0, None
    if kw and kw_span is not None and _bare_name(point, text, kw_span):
        kw, kw_span = 0.0, None
    if head and head_span is not None and _status_quo(text, head_span):
        head, head_span = 0.0, None
    if kw and kw_span is not None and _status_quo(text, kw_span):
        kw, kw_span = 0.0, None
    return _Signals(best, best_negated, kw=kw, kw_span=kw_span if kw else None, head=head,
                    kw_only=kw_only,
                    head_span=head_span)


def _by_retired_name(point: _Point, compiled: _Compiled, text: _Text,
                     span: tuple[int, int], said: frozenset[str]) -> bool:
    """Whether the message's key terms in a match are only words of a retired phrase
    the message replaced, said whole in its clause: "members keep their swipe card door
    entry" names the old way (the retired "swipe card door entry"), not the message of
    the app that opens the door, whatever else of it the clause shares ("members"); so
    does the retired phrase said as the rep's claim."""
    terms = frozenset(k for kws in point.keyword_keys for k in kws)
    if not said & terms:
        return False
    s = next((cs for cs, ce, _ in text.structure.clauses if cs <= span[0] < ce), span[0])
    e = next((ce for cs, ce, _ in text.structure.clauses if cs <= span[1] < ce), span[1] + 1)
    clause = frozenset(k for k in text.keys[s:e] if k)
    replacing = any(t.text in _REPLACING for t in text.toks[s:e])
    for banned in compiled.retired:
        old = frozenset(k for k, _ in banned.anchors)
        if banned.note == point.spec.id and old and old <= clause and not (
                replacing and (said - old) & terms):
            return True
    return False


# words that set the old way against the new in one clause ("the app replaced the slip
# book"): there the clause's other terms of the message may tell the new way; without
# them, the message's terms beside the retired phrase are what the old way was used for
# ("the slip book still works for service washes")
_REPLACING = frozenset({
    "instead", "replace", "replaced", "replaces", "replacing", "swap", "swapped",
    "switch", "switched", "rather", "than", "longer", "anymore", "gone", "dropped",
    "ditched", "retired", "scrapped", "used", "old", "was", "were", "now",
})  # fmt: skip


BARE_MIN_NAME = 2  # content words of the statement's opening name ("controlled drugs")
BARE_MIN_CLAIM = 2  # ... and at least this many after it, its claim, none said


def _bare_name(point: _Point, text: _Text, span: tuple[int, int]) -> bool:
    """Whether the clause of `span` only names, in the message's key terms, what the
    statement opens with, the thing its claim is about, and its sentence says nothing
    of the claim: "and a controlled
    drugs register." for "The controlled drugs register keeps itself up to date, so
    inspections pass", "soil moisture probes in every block" for "Soil moisture probes
    in every block decide when the drip lines run". The opening words must leave
    BARE_MIN_CLAIM of the first clause unsaid ("dispatchers see every vehicle on a live
    map" says all of its first clause); a list item that says the claim too ("a
    controlled drug log kept automatically") is not bare."""
    first, rest = point.opening_keys, point.later_keys
    # the whole clause (a list item: "..., and a controlled drugs register.")
    s = next((cs for cs, ce, _ in text.structure.clauses if cs <= span[0] < ce), span[0])
    e = next((ce for cs, ce, _ in text.structure.clauses if cs <= span[1] < ce), span[1] + 1)
    said = {k for k in text.keys[s:e] if k}
    n = 0
    while n < len(first) and first[n] in said:
        n += 1
    name = set(first[:n])
    claim = (set(first[n:]) | rest) - name
    terms = frozenset(k for kws in point.keyword_keys for k in kws)
    if n < BARE_MIN_NAME or len(set(first[n:]) - name) < BARE_MIN_CLAIM or not (
            said <= name & terms):
        return False  # (only its key terms: "dispatchers see each vehicle" is a claim)
    return not _sentence_keys(text, span) & claim


def _bare_feature(point: _Point, text: _Text, span: tuple[int, int]) -> bool:
    """Whether the message's words in the clause of `span` only name, in its words and
    order, the feature an evidence phrase opens with, and its sentence says nothing
    else of the message: "route planning, a live map and delivery reporting" for the
    evidence "delivery reporting straight from the driver's scanner" names the feature,
    not what it does. The name is BARE_MIN_NAME words or more, and its evidence says
    BARE_MIN_CLAIM more."""
    s = next((cs for cs, ce, _ in text.structure.clauses if cs <= span[0] < ce), span[0])
    e = next((ce for cs, ce, _ in text.structure.clauses if cs <= span[1] < ce), span[1] + 1)
    said = {k for k in text.keys[s:e] if k} & point.vocabulary
    if len(said) < BARE_MIN_NAME or said <= set(point.opening_keys) | point.later_keys:
        return False  # (the statement's own words: "auto-matching" says "matched automatically")
    for keys in point.evidence_keys:
        n = 0
        while n < len(keys) and keys[n] in said:
            n += 1
        if n < BARE_MIN_NAME or len(keys) - n < BARE_MIN_CLAIM or not said <= set(keys[:n]):
            continue
        if not _contains([k for k in text.keys[s:e] if k], tuple(keys[:n])):
            continue  # a name is said as one, in its order ("the account, it's all there")
        return not _sentence_keys(text, span) & (point.vocabulary - said)
    return False


def _sentence_keys(text: _Text, span: tuple[int, int]) -> set[str]:
    """The keys of the sentences `span` touches (the whole text where none are cut)."""
    sentence = text.structure.sentence
    if not sentence:
        return set(text.keys)
    k0, k1 = sentence[span[0]], sentence[span[1]]
    return {text.keys[i] for i in range(len(sentence)) if k0 <= sentence[i] <= k1}


# Words that say a thing stays as it is: the topic's words said around them describe
# the old way, not the product's ("you type your notes in as usual", "a spreadsheet you
# fill in, same as now").
_STATUS_QUO = (
    ("same", "as", "now"), ("same", "as", "before"), ("same", "as", "today"),
    ("same", "as", "always"), ("as", "usual"), ("as", "you", "do", "now"),
    ("like", "you", "do", "now"), ("as", "you", "do", "today"), ("same", "as", "ever"),
    ("like", "before"), ("as", "before"), ("like", "always"), ("like", "it", "always"),
    ("the", "way", "you", "always"), ("like", "you", "always"),
)


# the words of a figure's measure: said with the figure alone, they say how often or how
# much, not of what
_MEASURE_KEYS = frozenset(canonical(w) for w in (
    "second", "minute", "hour", "day", "week", "month", "year", "time", "percent"))
_HABIT_BEFORE = (("used", "to"), ("previously",), ("in", "the", "past"), ("back", "then"))


def _old_figure(text: _Text, span: tuple[int, int], said: frozenset[str]) -> bool:
    """Whether a match says only a figure and its measure ("once a month") in a sentence
    that tells how things used to be ("we used to ..., you'd print the prices once a
    month"): the old way's figure, not the message's claim."""
    if not said or not all(k[:1].isdigit() or k in _MEASURE_KEYS for k in said):
        return False
    sentence = text.structure.sentence
    if not sentence:
        return False
    k = sentence[span[0]]
    words = [t.text for i, t in enumerate(text.toks) if sentence[i] == k]
    # (no "now" or figure of the new way beside it: "it used to take ten days, now three")
    return (any(_contains(words, h) for h in _HABIT_BEFORE) and not _NOW_SIDE & set(words)
                and sum(1 for w in words if w[:1].isdigit()) <= 1)


_NOW_SIDE = frozenset({"now", "today", "nowadays", "instead", "but", "than", "down", "up"})


STATUS_QUO_TAIL = 4  # tokens of a clause that only says things stay as they were


def _status_quo(text: _Text, span: tuple[int, int], clause: bool = False) -> bool:
    """Whether the sentence of `span` (or only its clause) says things stay as they are
    (_STATUS_QUO)."""
    if clause:
        s = next((cs for cs, ce, _ in text.structure.clauses if cs <= span[0] < ce), span[0])
        e = next((ce for cs, ce, _ in text.structure.clauses if cs <= span[1] < ce),
                 span[1] + 1)
        # ... or a short clause that only adds it (", like before")
        e = next((ce for cs, ce, _ in text.structure.clauses
                  if cs == e and ce - cs <= STATUS_QUO_TAIL), e)
        return any(_contains([t.text for t in text.toks[s:e]], q) for q in _STATUS_QUO)
    sentence = text.structure.sentence
    if not sentence:
        return False
    k0, k1 = sentence[span[0]], sentence[span[1]]
    s, e = span
    while s > 0 and sentence[s - 1] == k0:
        s -= 1
    while e + 1 < len(sentence) and sentence[e + 1] == k1:
        e += 1
    words = [t.text for t in text.toks[s : e + 1]]
    return any(_contains(words, q) for q in _STATUS_QUO)


OTHER_FIGURE = 0.5  # a match that says another figure of the message's kind
FIGURE_AFTER = 4  # tokens after a match where its figure is said


def _other_figure(point: _Point, text: _Text, span: tuple[int, int]) -> bool:
    """Whether a match says a figure of a kind the message states that is none of its
    own: "four percent more claims" for a message of 40% more, matched by
    an evidence phrase that has no figure ("forms come pre-filled for adjusters")."""
    if not point.figures:
        return False
    kinds = {k for _, k in point.figures}
    clause_end = next((ce for cs, ce, _ in text.structure.clauses if cs <= span[1] < ce),
                      span[1] + 1)
    # among the matched words or just after them ("cut demand charges by about 2%"),
    # not before: in run-on speech the figure before is the previous claim's
    e = min(clause_end, span[1] + 1 + FIGURE_AFTER)
    # ... or the figure of the unit the match starts with ("within 12 | hours of the
    # documents": the match begins at "hours")
    s = span[0] - 1 if span[0] and text.units and text.units[span[0] - 1] else span[0]
    return any(f is not None and f[1] in kinds and f not in point.figures
               for f in text.figures[s:e])


def _keyword_denied(point: _Point, phrase: _Phrase, text: _Text, span: tuple[int, int]
                    ) -> bool:
    """Whether, among the matched words, one of the message's key terms that the phrase
    leaves out is denied: "the deposit, no, we don't put it on the invoice, you still
    charge it" says "deposit" and "charge" of "deposits billed without chasing", and
    denies the invoice the message puts them on. A key term the message itself denies
    ("with no spreadsheets") is no denial of it."""
    negated = text.structure.negated
    terms = frozenset(k for kws in point.keyword_keys for k in kws)
    spare = terms - phrase.keys - point.denied - phrase.neg_keys
    return bool(spare) and any(
        negated[i] and text.keys[i] in spare for i in range(span[0], span[1] + 1))


def _figure_as_part(point: _Point, text: _Text, unit: tuple[int, int],
                    numbers: frozenset[str]) -> bool:
    """Whether the window says the phrase's share only as a part of some whole ("forty
    percent of their week") where the message claims a rise or a cut ("forty percent
    more claims"): another figure, as "20%" is for "40%". Where the message's share
    goes neither way ("two in three new tenants take it"), a part of the whole is its
    figure ("two thirds of new tenants take it")."""
    said = [f for f in text.figures[unit[0] : unit[1]] if f is not None and f[0] in numbers]
    if not said or not all(f[1] == PART and f not in point.figures for f in said):
        return False
    moved = {k for k, _ in _stated_directions(point.texts)}
    return any(f[0] in moved for f in said)


def _best_matches(
    point: _Point, text: _Text, units: list[tuple[int, int]], unit_keys: list[frozenset[str]],
) -> tuple[_Match | None, _Match | None]:
    """The best window that says one of the message's phrases plainly, and the best
    that denies or distances it (dropped where the plain one is said after it)."""
    best: _Match | None = None
    best_negated: _Match | None = None
    for phrase in point.phrases:
        need, quick = min(phrase.min_hits, RELATED_MIN_DIRECT), len(phrase.quick)
        for unit, keys in zip(units, unit_keys, strict=True):
            if len(phrase.keys & keys) + (quick if _FAST in keys else 0) < need:
                continue  # _too_few, _judge's first test, inline: it runs for every window
            m = _judge(phrase, point.keyword_keys, text, unit, keys, point.foreign, point.own)
            if m is None:
                continue
            if not m.negated and _keyword_denied(point, phrase, text, m.span):
                m.negated = True
            if not phrase.numbers and _other_figure(point, text, m.span):
                m.confidence *= OTHER_FIGURE  # as a wrong figure does a phrase with one
            elif phrase.numbers and _figure_as_part(point, text, unit, phrase.numbers):
                m.confidence *= OTHER_FIGURE
            if m.negated or m.framed:
                if best_negated is None or _better(m, best_negated):
                    best_negated = m
            elif best is None or _better(m, best):
                best = m
    if best is not None and best_negated is not None and best.span[0] > best_negated.span[1]:
        # said plainly after the denied or distanced version ("ask not X, ask Y"; "they
        # say X; we really do X"): the rep's last word stands
        best_negated = None
    return best, best_negated


def _keyword_share(
    point: _Point, text: _Text, units: list[tuple[int, int]],
    spec_keys: frozenset[str] = frozenset(),
) -> tuple[float, tuple[int, int] | None]:
    """The largest share of the message's keywords one plain window says (the shortest
    such window's span), with no figure that contradicts the message's. A keyword said
    in words of its field ("patient file" for "record") counts RELATED_WEIGHT, where the
    window says enough of the message's own words (_related_terms)."""
    kw = 0.0
    kw_span: tuple[int, int] | None = None
    if not point.keyword_keys:
        return kw, kw_span
    for s, e in units:
        win = _window(text, (s, e))
        if win.framed:
            continue
        vocabulary = win.said & point.vocabulary
        if not vocabulary or (len(vocabulary) < RELATED_MIN_DIRECT and not any(
                k <= vocabulary for k in point.keyword_keys)):
            # no keyword said, nor enough of the message's words for a related one
            # (_related_terms): a share of 0, which changes nothing below
            continue
        # contrast clauses included: the keyword "signatures" is said in "by
        # behaviour, not signatures"
        # ... but not under a negation: "does not cut the month-end close"
        keys = win.plain
        figures = win.figures
        clash = _unit_clash(point.units, text, (s, e))  # "an hour" for "24 hours"
        if clash:
            keys -= clash
            figures = figures - clash
        if point.numbers and figures and not figures & point.numbers and not (
                restates(point, text, (s, e))):  # "120 pounds a year", "a third of the time"
            continue  # "ninety five percent uptime" is not the message's 99.9%
        if figures & point.numbers and _figure_as_part(point, text, (s, e), point.numbers):
            keys -= point.numbers  # "ninety percent of HR leaders" is not a 90% drop
        # a keyword the message denies ("with no spreadsheets") is said denied ("no more
        # spreadsheets"), not plainly ("a bill with a spreadsheet attached")
        denied = win.denied & point.denied
        said_keys = (keys - point.denied) | denied
        said: float = sum(1 for k in point.keyword_keys if k <= said_keys)
        if said < len(point.keyword_keys):
            said += RELATED_WEIGHT * _related_terms(point, said_keys, spec_keys)
        share = said / len(point.keyword_keys)
        if share > kw or (share == kw and kw_span and e - s < kw_span[1] + 1 - kw_span[0]):
            kw, kw_span = share, (s, e - 1)
    return kw, kw_span


def _related_terms(point: _Point, said: frozenset[str], spec_keys: frozenset[str]) -> int:
    """How many of the message's keyword terms not said are said in words of their
    fields instead: each missing word of the term by a word of its topic family that no
    message of the spec uses, one word for each. Only where the window says at least
    RELATED_MIN_DIRECT of the message's own words: a topic's words alone are how a trap
    (the same field, another claim) looks."""
    if len(said & point.vocabulary) < RELATED_MIN_DIRECT:
        return 0
    spare = said - spec_keys
    if not spare:
        return 0
    n = 0
    for term in point.keyword_keys:
        missing = term - said
        if missing and _related(missing, spare) == missing:
            n += 1
    return n


def _related_words(point: _Point, spare: frozenset[str], said: frozenset[str],
                   spec_keys: frozenset[str]) -> frozenset[str]:
    """The words of `spare` (said, not the message's) that name the field of one of its
    words not said, and are no message's: one for each missing word."""
    spare -= spec_keys
    if not spare:
        return frozenset()
    return _family_pairs(spare, point.vocabulary - said)


HEADLINE_MAX_KEYS = 5  # a clause with at most this many content words can be a headline
HEADLINE_MIN_WORDS = 2  # ... saying at least this many of the message's words
HEADLINE_SHARE = 0.75  # ... which make up at least this (weighted) share of it


def _headline(
    point: _Point, text: _Text, units: list[tuple[int, int]], unit_keys: list[frozenset[str]],
    compiled: _Compiled,
) -> tuple[float, tuple[int, int] | None]:
    """Terse speech and lists ("Fifteen percent less fuel. Live map. Fewer accidents."):
    a short clause said plainly that says one of the message's key terms and whose words
    are nearly all the message's own words. The
    share of the clause's (distinctiveness-weighted) content that is the message's, times
    whether it says enough of them."""
    best, span = 0.0, None
    w = compiled.idf
    items = _list_items(text, units)
    units = [*units, *items]
    unit_keys = [*unit_keys, *(frozenset(k for k in text.keys[s:e] if k) for s, e in items)]
    for (s, e), keys in zip(units, unit_keys, strict=True):
        matched = _headline_words(point, text, (s, e), keys)
        if not matched:
            continue
        # the words of the message's fields ("patient file" for "record") count
        # RELATED_WEIGHT, for a missing word each
        related = _related_words(point, keys - matched, keys, compiled.keys)
        # (math.fsum: a sum over a set in Python's order would differ in its last bit
        # between processes, and two equal shares then came out unequal either way)
        share = (math.fsum(w.get(k, compiled.idf_unknown) for k in matched)
                 + RELATED_WEIGHT * math.fsum(w.get(k, compiled.idf_unknown) for k in related)
                 ) / math.fsum(w.get(k, compiled.idf_unknown) for k in keys)
        # two of the message's words or more, and little else: one shared word, or a
        # clause that also says other things, is how traps and other messages look
        value = share if (len(matched) + len(related) >= HEADLINE_MIN_WORDS
                          and share >= HEADLINE_SHARE) else 0.0
        if value > best:
            positions = [i for i in range(s, e) if text.keys[i] in matched | related]
            best, span = value, (positions[0], positions[-1])
    return best, span


# Words that join the items of a list in one clause ("live map and photo proof")
_LIST_JOINERS = frozenset({"and", "plus", "&"})


def _list_items(text: _Text, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The items of the clauses that list names joined by "and" ("live map and photo
    proof", "the live map plus arrival texts"), each a headline of its own, where the
    whole clause names too many messages to be one."""
    items: set[tuple[int, int]] = set()
    for s, e, _ in text.structure.clauses:
        cuts = [i for i in range(s, e) if text.toks[i].text in _LIST_JOINERS]
        if not cuts or (s, e) not in units:
            continue
        bounds = [s - 1, *cuts, e]
        items.update((a + 1, b) for a, b in pairwise(bounds) if b - a > 1)
    return sorted(items - set(units))


def _headline_words(point: _Point, text: _Text, unit: tuple[int, int],
                    keys: frozenset[str]) -> frozenset[str]:
    """The message's words in a short window said plainly that says one of its key
    terms and no figure of another; empty where the window cannot be a headline."""
    if not keys or len(keys) > HEADLINE_MAX_KEYS:
        return frozenset()
    win = _window(text, unit)
    if win.negated or win.framed:
        return frozenset()
    figures = {k for k in keys if k[:1].isdigit() and k != "0"}
    if figures and not figures <= point.numbers:
        return frozenset()  # "ten percent less fuel" is not the message's fifteen
    matched = keys & point.vocabulary
    if not matched or not any(k <= keys for k in point.keyword_keys):
        return frozenset()  # terse speech still says a key term of the message
    return matched


def _semantic_units(text: _Text) -> list[tuple[int, int]]:
    """Windows to embed: clauses, whole sentences, and 16-token windows of long runs."""
    clauses = text.structure.clauses
    units: set[tuple[int, int]] = {(s, e) for s, e, _ in clauses}
    start = 0
    for _s, e, kind in clauses:
        if kind != "clause":
            if e - start <= 40:
                units.add((start, e))
            start = e
    for a, b in list(units):
        if b - a > 24:
            units.update((k, min(k + 16, b)) for k in range(a, b - 8, 8))
    return sorted(units)


def _add_semantic(
    compiled: _Compiled, text: _Text, signals: list[_Signals], encoder: SentenceEncoder
) -> None:
    units = _semantic_units(text)
    # the words of each best lexical match too: in run-on speech ("ask not what X ask
    # what Y") the clause holds a negation the matched words do not
    extra = {(sig.best.span[0], sig.best.span[1] + 1) for sig in signals if sig.best}
    units = sorted(set(units) | extra)
    if not units:
        return
    unit_texts = [
        " ".join(text.words[text.toks[s].first : text.toks[e - 1].last + 1]) for s, e in units
    ]
    u = encoder.encode(unit_texts)
    p = compiled.phrase_vectors(encoder)
    sims = u @ p.T  # units x all phrases of all points
    st = text.structure
    framed = [any(st.framed[s:e]) if st.framed else False for s, e in units]
    unit_neg = [
        any(st.negated[s:e]) or any(t.text in _NEG_CUES for t in text.toks[s:e])
        for s, e in units
    ]
    # "1" is left out: "one customer" is rarely a figure
    numbers = [
        {k for k in text.all_keys[s:e] if k[:1].isdigit() and k not in ("0", "1")}
        for s, e in units
    ]
    periods = [{k for k in text.all_keys[s:e] if k in _PERIOD_KEYS} for s, e in units]
    framed_a = np.array(framed, dtype=bool)
    neg_a = np.array(unit_neg, dtype=bool)
    col = 0
    for point, sig in zip(compiled.points, signals, strict=True):
        n = len(point.texts)
        block = sims[:, col : col + n]
        col += n
        neg_ok = np.array(point.text_negated, dtype=bool)
        clean = ~framed_a[:, None] & (~neg_a[:, None] | neg_ok[None, :])
        if (~clean).any():
            sig.cos_bad = max(0.0, float(np.where(clean, -1.0, block).max()))
        if clean.any():
            masked = np.where(clean, block, -2.0)
            best_u = int(masked.max(axis=1).argmax())
            sig.cos = float(masked[best_u].max())
            sig.cos_span = (units[best_u][0], units[best_u][1] - 1)
            said = numbers[best_u]
            # every number of one of the point's texts said, and none that no text has
            sig.num_match = any(ph.numbers and ph.numbers <= said for ph in point.phrases)
            sig.num_conflict = bool(point.numbers) and bool(said - point.numbers)
            sig.num_missing = bool(point.numbers) and not said
            # "every night" is not "once a month": periods of time that disagree
            heard = periods[best_u]
            if point.periods and heard and not heard & point.periods:
                sig.num_conflict = True


def _keep_negation(text: _Text, span: tuple[int, int]) -> tuple[int, int]:
    """Widen a quote to the negation that governs its first words, so a quote never
    drops a "not" ("no mechanic needed", "does not cut the close")."""
    s, e = span
    negated = text.structure.negated
    for i in range(s - 1, max(-1, s - 1 - NEG_SCOPE), -1):
        if text.toks[i].text in _NEG_CUES and (negated[s] or i >= s - 2):
            return (i, e)
        if text.structure.sentence and text.structure.sentence[i] != text.structure.sentence[s]:
            break
    return span


@dataclass(frozen=True, slots=True)
class _Learned:
    """The managers' decisions on one message, as they bear on this transcript."""

    learning: MessageLearning
    accepted: tuple[LearnedPhrase, _Match] | None  # best plain match of an accepted phrasing
    rejected: tuple[LearnedPhrase, _Match] | None  # best match of a rejected phrasing


def _result(
    point: _Point,
    text: _Text,
    sig: _Signals,
    model: LogisticModel,
    learned: _Learned | None = None,
) -> MessageResult:
    values = sig.values()
    p = model.probability(values)
    note: str | None = None
    learned_span: tuple[int, int] | None = None
    if learned is not None:
        p, note, learned_span = _apply_learning(p, sig, model, learned)
    if point.conflicted and p >= model.check_band[1]:
        p = (model.covered_at + model.check_band[1]) / 2  # still covered, but to check
        note = note or ("To check: this message's evidence phrases contradict its "
                        "statement in the playbook.")
    covered = p >= model.covered_at
    reason = _missed_reason(covered, p, sig, values, model)
    span = learned_span if learned_span is not None else _evidence_span(
        sig, covered, reason, values["lex"])
    if span is not None:
        span = _keep_negation(text, span)
    evidence, start, end = _quote(text, span) if span is not None else (None, None, None)
    lo, hi = model.check_band
    return MessageResult(
        id=point.spec.id,
        covered=covered,
        confidence=round(p, 2),
        evidence=evidence,
        start=start,
        end=end,
        missed_reason=reason,
        weight=point.spec.weight,
        check=lo <= p < hi,
        signals={k: round(v, 3) for k, v in values.items() if k in model.features},
        learned=note,
        closest=None if covered else _closest(point, text),
    )


def _missed_reason(covered: bool, p: float, sig: _Signals, values: dict[str, float],
                   model: LogisticModel) -> str | None:
    """Why a message is not covered: said but denied or distanced, said in part, or not
    said; None where it is covered."""
    bad = sig.best_bad
    lex, lex_bad = values["lex"], values["lex_bad"]
    if covered:
        return None
    if bad is not None and lex_bad >= COVERED_AT and lex_bad > lex:
        return "negated" if bad.negated else "distanced"
    if p >= model.check_band[0] or lex >= PARTIAL_AT:
        return "partial"
    return "not said"


def _evidence_span(sig: _Signals, covered: bool, reason: str | None, lex: float
                   ) -> tuple[int, int] | None:
    """The words to quote for the judgement: the denied version for a denied message,
    else the best lexical match, the closest window by meaning, a headline, the
    keywords, or the told outcome."""
    best, bad = sig.best, sig.best_bad
    if reason in ("negated", "distanced") and bad is not None:
        return bad.span
    if best is not None and lex >= PARTIAL_AT and (not covered or lex >= sig.cos - 0.2):
        return best.span
    if (covered or reason == "partial") and sig.cos_span is not None:
        return sig.cos_span
    if covered and sig.head_span is not None:
        return sig.head_span
    if covered and sig.kw_span is not None:
        return sig.kw_span  # every covered judgement quotes the words behind it
    if covered and sig.outcome_span is not None:
        return sig.outcome_span
    if covered and sig.change_span is not None:
        return sig.change_span
    return None


def _closest(point: _Point, text: _Text) -> str | None:
    """The plain sentence sharing the most (weighted) words with the message, if any."""
    st = text.structure
    best: tuple[float, int, int] | None = None
    sentences, start = [], 0
    for _, e, kind in st.clauses:
        if kind != "clause":
            sentences.append((start, e))
            start = e
    for s, e in sentences:
        if (st.framed and any(st.framed[s:e])) or any(st.negated[s:e]):
            continue
        keys = {k for k in text.keys[s:e] if k}
        share = max(
            (sum(w for k, w in ph.weights if k in keys) / ph.total for ph in point.phrases),
            default=0.0,
        )
        if share > 0 and (best is None or (share, s - e) > (best[0], best[1] - best[2])):
            best = (share, s, e)
    return _quote(text, (best[1], best[2] - 1))[0] if best else None


def _apply_learning(
    p: float, sig: _Signals, model: LogisticModel, learned: _Learned
) -> tuple[float, str | None, tuple[int, int] | None]:
    """The confidence after the managers' decisions on this message, why it moved (in
    words, when that changed the verdict) and the words that decided it."""
    at = model.covered_at
    lo, hi = model.check_band
    info = learned.learning
    note: str | None = None
    moved = shifted(p, info.offset)
    if (moved >= at) != (p >= at):
        verdict = "Counted" if moved >= at else "Not counted"
        note = (f"{verdict}: the scorer is recalibrated on {info.decisions} earlier manager "
                "decisions on this message.")
    p = moved
    if learned.accepted is not None and p < at:
        phrase, match = learned.accepted
        # a repeat of a phrasing a manager accepted: sure when (nearly) word for word,
        # else covered but still in the band a manager checks
        p = max(p, hi if match.confidence >= 0.95 else (at + hi) / 2)
        return p, (f"Counted: close to a phrasing your manager accepted on "
                   f"{when(phrase.decided_on)}."), match.span
    if learned.rejected is not None and p >= at:
        phrase, match = learned.rejected
        spans = [s for s in (sig.best.span if sig.best else None, sig.cos_span) if s]
        # only when the words that made it "covered" are the rejected ones, and say
        # nothing of the message beyond them: "matches invoices to bank lines" rejected
        # (a controller doing it by hand) does not undo "matched to invoices automatically"
        rejected = _learned_phrase(phrase.text)
        more = sig.best is not None and rejected is not None and bool(
            sig.best.said - rejected.keys)
        if not more and any(s[0] <= match.span[1] and match.span[0] <= s[1] for s in spans):
            if p >= hi:
                # A confident credit stays, for a manager to check: a rejection says
                # nothing of why (a figure or a framing outside the quoted words), and
                # undoing sure credits on it lost more agreement than it won
                # (bench/agreement.py).
                p = (at + hi) / 2
                return p, (f"Manager to check: close to a phrasing your manager rejected "
                           f"on {when(phrase.decided_on)}."), match.span
            p = min(p, (lo + at) / 2)
            return p, (f"Not counted: close to a phrasing your manager rejected on "
                       f"{when(phrase.decided_on)}."), match.span
    return p, note, None


@lru_cache(maxsize=2048)
def _learned_phrase(text: str) -> _Phrase | None:
    """A manager-judged phrasing as a phrase to look for: every content word counts the
    same, and nearly all of them must be said."""
    keys, negated, rejected = _phrase_keys(text)
    if not keys:
        return None
    return _Phrase(
        keys=frozenset(keys),
        weights=tuple((k, 1.0) for k in keys),
        total=float(len(keys)),
        numbers=frozenset(k for k in keys if k[:1].isdigit() and k != "0"),
        neg_keys=frozenset(negated),
        rejected=frozenset(rejected),
        min_hits=max(1, math.ceil(LEARNED_MATCH_AT * len(keys))),
    )


def _learned_matches(
    learning: MessageLearning,
    text: _Text,
    units: list[tuple[int, int]],
    unit_keys: list[frozenset[str]],
) -> _Learned:
    found: dict[bool, tuple[LearnedPhrase, _Match]] = {}
    for lp in learning.phrases:
        phrase = _learned_phrase(lp.text)
        if phrase is None:
            continue
        for unit, keys in zip(units, unit_keys, strict=True):
            m = _judge(phrase, (), text, unit, keys)
            if m is None or m.confidence < (LEARNED_MATCH_AT if lp.accepted
                                            else REJECTED_MATCH_AT):
                continue
            if lp.accepted and (m.negated or m.framed):
                continue  # an accepted phrasing denied or asked is not the claim
            old = found.get(lp.accepted)
            if old is None or _better(m, old[1]):
                found[lp.accepted] = (lp, m)
    return _Learned(learning, found.get(True), found.get(False))
