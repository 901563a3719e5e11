"""Forbidden and retired phrases: found over word windows by fuzzy comparison of the
normalised text with spaces removed (so "per seat" == "per-seat" == "perseat"), with a
tight threshold, unless the rep distances themselves from it ("we no longer do per-seat
pricing").

What Whisper does to such phrases (bench/whisper_cases.py --phrases, whisper-phrases.yaml)
and what answers it here:
* splits and joins ("bullet proof", "up time", "SafeSync2"): the squashed comparison, and
  a word that starts with one of the phrase's words anchors a window;
* sound-alikes ("untackable", "mullet proof", "inside 360" for "Insights 360", "save sync
  to" for "SafeSync 2"): a comparison of the words as they sound, figures spelled as
  said ("2" as "two", so "to" is near it), found from words that sound like one of the
  phrase's; every word of the phrase must still be heard (mostly) in place;
* one word misheard, the others heard as written, word for word: a rhyme, another first
  consonant ("the free seat minimum" for "the 3-seat minimum", "lifetime wheel" for
  "lifetime deal"), or a name (capitalised in the playbook) heard as a word that starts
  like it ("medieval light" for "MediBook Lite") or with only its first syllable
  misheard ("Nandesk" for "Zendesk"), a small word beside it swapped for one that
  sounds close ("half the price on Nandesk"); a name in capitals said as a word, heard
  as a compound ("hip-hop certified" for "HIPAA-certified"); a word's unstressed first
  syllable heard as a small word of its own at a clause's end ("brightness and press."
  for "BrightDesk Express"): _rhymed_match;
* a "-tion" heard as a word of its own ("our encrypt showing is military grade"): hear;
* figures are exact: a window that says another figure ("99.9% uptime", "Insights 365",
  "10 % up time") is not the phrase, however close its letters.

What a rep does to a phrase in speech, and what answers it here:
* words inflected or reordered, fillers and words of emphasis between or before
  ("your energy bill is cut in half", "never, ever, um, miss a payment", "never again",
  "won't ever", "won't be short-staffed ever again"; in a phrase with one of its own,
  "never ever lose a keg again" keeps its "again"): windows compared by stems, from
  starts that skip fillers; a window in another order gives way to one in order that
  it overlaps ("Forget about set it and forget it");
* an adjective said after its noun, a copula, relative or passive "by" between
  ("encryption that's military grade", "approved by the government"), or as the adverb
  of a verb ("we pay out instantly" for "instant payout"): _best_reordered, _links;
* a phrase of three content words or more spread over a topic named first and the
  clause that takes it up, with no other content word ("your energy bill, it's cut,
  like, in half"), or, of a phrase of time, a verb of turning it around before "in" its
  time ("the estimates, we turn those around in forty eight hours"): _spread_matches;
* a synonym of one of its words ("each" for "every", "yearly" for "annual"), or a word
  put in that narrows its last noun ("any other lab", "zero picking errors"):
  _keyed_match;
* small words put inside it, in its order: a quantifier before its noun, a particle of
  place before its preposition ("we know a few people down at customs"); not a
  possessive, a definite article, a negation, a person or a word that joins on another
  claim ("best in the class", "people who ..."); a filler of two words in a phrase of
  any size ("it eliminates, you know, fraud"): _gapped_match;
* a noun asked as a question and answered with what the phrase says of it
  ("Downtime? Zero.", "Setup fees? None."): _topic_answered.

Near misses that share its letters are not the phrase: its words in its order with a
word put in that makes it someone's or one thing ("best in her class", "best in the
class"; a word of emphasis is not one: "never ever miss"), a
verb form of one of them ("the game changed" for "game-changer"), an adverb made of a
name ("basically" for "Basic"), without the negation it has ("miss a payment") or with
one it has not ("you can't fire your accountant"), another subject ("they know people
at customs" for "we know ..."), its object made the subject of its verb ("your pickers
replace paper lists"), a phrasal verb without its particle ("catch your staff doing it
right" for "catch your staff out"), a name in another order ("the classic ShiftPlate
problem"), letters shared across words ("share certified" for "OSHA certified"), its
figure unsaid ("API version once" for "API v1") or counting something else ("scheduler
3 days ahead"), or a window that runs over a sentence's end.

What the rep does with a phrase found (denied, attributed, asked and answered no, made
bigger) is drills.scoring.phrase_framing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate, pairwise

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from drills.scoring.clauses import _AUX_VERBS, _HESITATIONS, _SUBJECT_ONLY, _quote, _Text
from drills.scoring.phrase_cues import (
    GAP_MAX,
    NOT_GAP,
    PERSONS,
    QUANTIFYING,
    TIME_BEFORE,
    TURNAROUND_MAX,
    TURNAROUND_WORDS,
)
from drills.scoring.phrase_framing import (
    contradicted_next,
    disowned_after,
    disowned_before,
    fragment_answered,
    gone_by,
    reported_aside,
    said_of_another,
    then_and_now,
)
from drills.scoring.phrase_quotes import quoted_words
from drills.scoring.result import PhraseHit
from drills.text_normalize import NEGATIONS, Token, canonical, is_content, stem, tokens

_FIGURE_RE = re.compile(r"^\d+(?:\.\d+)?$")

PHRASE_MATCH_AT = 90  # rapidfuzz ratio (0-100) for a forbidden/retired phrase

_VERB_ENDINGS = ("ed", "ing")


@dataclass(frozen=True, slots=True)
class _Banned:
    phrase: str
    note: str | None
    squashed: str
    stemmed: str
    sorted_keys: str  # content stems in sorted order: "restores are 10x faster"
    words: frozenset[str]
    size: int
    anchors: tuple[tuple[str, int], ...]  # (key, position in phrase) of content words
    content: tuple[str, ...] = ()  # its content words
    sound: str = ""  # squashed, spelled as it sounds ("clinicflowlite" ~ "clinicflowlight")
    # its long words squashed, where it also has a short one an ASR may drop or mishear
    # ("devicelicensing" of "per-device licensing", heard "a device licensing")
    core: str = ""
    # the values of its numbers ("360" of "Insights 360"; "2.0" is "2")
    figures: frozenset[float] = frozenset()
    spoken: str = ""  # as it sounds, figures in words: "insitesthrehundredsixti"
    # [start, end) in `spoken` of each content word, to check each is heard
    spans: tuple[tuple[int, int], ...] = ()
    # the sound of its longer content words, and their positions, to find it from
    heard_words: tuple[str, ...] = ()
    heard_at: tuple[int, ...] = ()
    anchor_heads: frozenset[str] = frozenset()  # first four letters of its long anchors
    negated: bool = False  # it has a negation word: "never miss a payment"
    toks: tuple[str, ...] = ()  # its normalised tokens, for the word-by-word comparison
    names: frozenset[str] = frozenset()  # its words written capitalised: "medibook"
    acronyms: frozenset[str] = frozenset()  # its words written in capitals: "hipaa"
    suffixed: frozenset[str] = frozenset()  # its words ending in "-tion" (hear)
    persons: frozenset[str] = frozenset()  # whose its pronouns are (phrase_cues.PERSONS)
    emphatic: bool = False  # it has a word of EMPHASIS: those are then its own
    # per token, its canonical key if a content word (synonyms agree: "each" = "every",
    # "yearly" = "annual"), else its stem (_keyed_match)
    keyed: tuple[str, ...] = ()
    name_only: bool = False  # it is a name, said in its order (_name_only)
    narrowable: bool = False  # a word may narrow its last noun (_keyed_match)
    noun_like: bool = False  # only content words and a negation (_topic_answered)


def _sorted_keys(words: Sequence[str]) -> str:
    """Its content stems in sorted order, a frequency said either way ("nightly" and
    "every night" are one key: _every_unit, _frequency)."""
    drop = _every_unit(list(words), [stem(t) for t in words])
    return " ".join(sorted(_frequency(stem(t)) for k, t in enumerate(words)
                           if is_content(t) and k not in drop))


# A frequency is an adjective of a unit of time or a quantifier before the unit: "a
# nightly report" is "a report every night", "weekly invoices" "invoices each week".
_EVERY = frozenset({"every", "each", "per"})
_TIME_UNITS = frozenset({
    "second", "minut", "hour", "night", "day", "week", "month", "quarter", "year", "morn",
    "even", "weekend",
})  # fmt: skip
# stems of such adjectives that are not the unit's own
_FREQUENCY_STEMS = {"daili": "day", "annual": "year"}


def _every_unit(words: Sequence[str], stems: Sequence[str]) -> set[int]:
    """The quantifiers of a frequency, before their unit of time: "every" of "every
    night"."""
    return {k for k in range(len(words) - 1)
            if words[k] in _EVERY and stems[k + 1] in _TIME_UNITS}


def _frequency(st: str) -> str:
    return _FREQUENCY_STEMS.get(st, st)


def _banned(phrase: str, note: str | None) -> _Banned:
    toks = tokens(phrase)
    anchors = tuple((canonical(t), i) for i, t in enumerate(toks) if is_content(t))
    spoken, spans = "", []
    for t in toks:
        said = heard_form(t)
        if is_content(t) and said:
            spans.append((len(spoken), len(spoken) + len(said)))
        spoken += said
    # (figures are found as written: what sounds like one is short, "to", "free")
    long_words = [(heard_form(t), i) for i, t in enumerate(toks)
                  if is_content(t) and not _FIGURE_RE.match(t)
                  and len(heard_form(t)) >= HEARD_WORD_MIN]
    banned = _Banned(
        phrase=phrase,
        note=note,
        squashed="".join(toks),
        stemmed="".join(stem(t) for t in toks),
        sorted_keys=_sorted_keys(toks),
        words=frozenset(toks),
        size=len(toks),
        anchors=anchors,
        anchor_heads=frozenset(k[:4] for k, _ in anchors if len(k) >= 4),
        negated=any(t in NEGATIONS for t in toks),
        content=tuple(t for t in toks if is_content(t)),
        sound=_sound("".join(toks)),
        core=_core(toks),
        figures=frozenset(float(t) for t in toks if _FIGURE_RE.match(t)),
        spoken=spoken,
        spans=tuple(spans),
        heard_words=tuple(w for w, _ in long_words),
        heard_at=tuple(i for _, i in long_words),
        toks=tuple(toks),
        names=frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", phrase) if w[0].isupper()),
        acronyms=frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", phrase)
                           if len(w) >= ACRONYM_MIN and w.isupper()),
        suffixed=frozenset(t for t in toks if t.endswith("tion") and is_content(t)),
        persons=_persons(toks),
        emphatic=any(t in EMPHASIS for t in toks),
        keyed=tuple(_token_key(t) for t in toks),
    )
    name_only = _name_only(banned)
    return replace(banned, name_only=name_only,
                   narrowable=bool(toks) and is_content(toks[-1]) and not name_only,
                   noun_like=all(is_content(t) or t in NEGATIONS for t in toks))


def _token_key(token: str) -> str:
    return canonical(token) if is_content(token) else stem(token)


def _persons(words: Iterable[str]) -> frozenset[str]:
    return frozenset(PERSONS[w] for w in words if w in PERSONS)


SHORT_WORD = 3  # letters: "per", "pay", "app" are what an ASR drops or swaps
CORE_MIN_WORDS = 2  # long words the phrase keeps without its short one
CORE_MATCH_AT = 95


def _core(toks: Sequence[str]) -> str:
    content = [t for t in toks if is_content(t)]
    long = [t for t in content if len(t) > SHORT_WORD]
    short = [t for t in content if len(t) <= SHORT_WORD]
    if len(long) < CORE_MIN_WORDS or not short or any(t[:1].isdigit() for t in short):
        return ""  # (a figure is never the word to lose: "close in 7 days")
    return "".join(long)


# Spellings an ASR swaps for one sound: "lite"/"light", "flo"/"flow", "kwik"/"quick".
_SOUNDS = (
    ("ight", "ite"), ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("z", "s"),
    ("ow", "o"), ("ee", "i"), ("ea", "i"), ("y", "i"), ("c", "k"), ("v", "f"),
)  # fmt: skip
# rapidfuzz ratio of two such spellings: one sound in ten misheard ("nero down time" for
# "zero-downtime", "100% of time" for "100% uptime")
SOUND_MATCH_AT = 90
SOUNDS_LIKE_WORD_AT = 80  # partial ratio of a heard word to one of the phrase's words
WORD_KEPT = 0.7  # share of a word's sounds the alignment must keep for it to be heard
KEPT_WORD_MIN = 5  # sounds: a shorter word (of 3 or more) may lose one, no more
SAYS_WORD_AT = 80  # partial ratio for each word of a phrase, as written or as it sounds


def _sound(squashed: str) -> str:
    s = squashed
    for a, b in _SOUNDS:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)  # doubled letters sound single


_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _number_words(n: int) -> str:
    """An integer as said, without spaces: 360 -> "threehundredsixty"."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + (_ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _ONES[n // 100] + "hundred" + (_number_words(n % 100) if n % 100 else "")
    if n < 1_000_000:
        rest = _number_words(n % 1000) if n % 1000 else ""
        return _number_words(n // 1000) + "thousand" + rest
    return str(n)


def _said_figure(figure: str) -> str:
    """A figure as said: "2" -> "two", "99.9" -> "ninetyninepointnine"."""
    whole, _, frac = figure.partition(".")
    said = _number_words(int(whole))
    return said + ("point" + "".join(_ONES[int(d)] for d in frac) if frac else "")


HEARD_WORD_MIN = 4  # letters: a shorter word sounds like too many others to find it by


# Whole words that spell the sound of a playbook's "ai" (as in "AI-powered", said as
# one diphthong): Whisper writes "eye -powered". (Not the pronoun "I": "I powered through".)
_SAID_AS = {"eye": "ai", "aye": "ai"}


@lru_cache(maxsize=65536)
def heard_form(token: str) -> str:
    """A normalised token as it sounds, figures in words, so that what Whisper wrote for
    a sound compares with the playbook's spelling ("to" ~ "2", "safe sink" ~ "SafeSync",
    "eye" ~ "AI")."""
    if _FIGURE_RE.match(token):
        return _sound(_said_figure(token))
    return _sound(_SAID_AS.get(token, token))


@dataclass(frozen=True, slots=True)
class Heard:
    """What every phrase search of one transcript needs, computed once (hear)."""

    forms: list[str]  # per token, as it sounds (heard_form)
    where: dict[str, list[int]]  # each longer sound: the tokens said so
    figure: list[bool]  # per token, whether it is a figure (see _figures)
    stems: list[str]  # per token, its stem if it is a content word, else ""
    all_stems: list[str]  # per token, its stem
    letters_before: list[int]  # letters of the first k tokens, for a cheap length test
    sounds_before: list[int]  # the same, of their sounds
    all_stems_before: list[int]  # the same, of their stems
    stems_before: list[int]  # the same, of their content stems ...
    n_stems_before: list[int]  # ... and how many those are
    texts: list[str]  # per token, its text; "" for a hesitation ("gold uh tier")
    # the same, "" for a word of emphasis too ("never ever miss a diagnosis"), and the
    # letters of the first k tokens of that
    plain: list[str] = field(default_factory=list)
    plain_before: list[int] = field(default_factory=list)
    # each content stem: the tokens said so, for a phrase said spread out
    # (_spread_matches); filled on first use, as few searches need it
    at_stem: dict[str, list[int]] = field(default_factory=dict)
    # linking words, fillers and words of emphasis among the first k tokens (_links);
    # filled on first use too
    links_before: list[int] = field(default_factory=list)
    # per token, _token_key of it; filled on first use
    keyed: list[str] = field(default_factory=list)


EVER_AGAIN_GAP = 4  # tokens between "not" and "ever again" that make a "never ... again"
NOT_AGAIN_GAP = 5  # ... and between "not" and "again": "won't miss a diagnosis again"
# what joins on another clause between them: "not ... and ... again" is two claims
_JOINS = frozenset({"and", "or", "but", "because", "so", "if", "that", "which", "who"})
# Words of emphasis or filler that a rep puts inside a phrase without changing it:
# "you'll never ever miss a diagnosis", "it's cut, like, in half", "every single claim",
# "never again miss".
# Left out of what was said for a phrase that has none of them.
EMPHASIS = frozenset({
    "ever", "really", "truly", "actually", "basically", "literally", "totally", "like",
    "single", "again",
})  # fmt: skip


def hear(text: _Text, suffixed: frozenset[str] = frozenset()) -> Heard:
    """The sounds and figures of a transcript's tokens, for every phrase search. A
    hesitation is no part of what was said: "gold uh tier" says "Gold tier". `suffixed`:
    words of a phrase ending in "-tion", whose suffix heard as a word of its own is
    joined on to the word before ("encrypt showing" for "encryption")."""
    texts = [t.text if t.text not in _HESITATIONS else "" for t in text.toks]
    plain = [t if t not in EMPHASIS else "" for t in texts]
    for k in [k for k, t in enumerate(texts) if t == "ever"]:
        if k > 0 and texts[k - 1] == "not":
            plain[k - 1] = "never"  # "you won't ever miss a payment": "never miss ..."
        elif texts[k + 1 : k + 2] == ["again"]:
            # "you won't be short-staffed ever again": "never be short-staffed again"
            j = next((j for j in range(k - 2, max(-1, k - 2 - EVER_AGAIN_GAP), -1)
                      if texts[j] == "not"), None)
            if j is not None and not NOT_GAP.intersection(texts[j + 1 : k]):
                plain[j] = "never"
    for k in [k for k, t in enumerate(texts) if t == "again"]:
        # "your vets won't miss a diagnosis again": "never miss a diagnosis (again)"
        j = next((j for j in range(k - 2, max(-1, k - 2 - NOT_AGAIN_GAP), -1)
                  if texts[j] == "not"), None)
        if j is not None and plain[j] == "not" and not _JOINS.intersection(texts[j + 1 : k]):
            plain[j] = "never"
    for k in _suffix_apart(text, suffixed):
        # "our encrypt showing is military grade": "encryption is ..."
        texts[k], texts[k + 1] = _suffix_root(texts[k]) + "ion", ""
        plain[k], plain[k + 1] = texts[k], ""
    forms = [heard_form(t) for t in texts]
    where: dict[str, list[int]] = {}
    for i, h in enumerate(forms):
        if len(h) >= HEARD_WORD_MIN:
            where.setdefault(h, []).append(i)
    all_stems = [stem(t) for t in texts]
    stems = [st if is_content(t.text) else "" for st, t in zip(all_stems, text.toks,
                                                              strict=True)]
    for k in _every_unit(texts, all_stems):
        stems[k] = ""  # "the report every night": the "every" is of its frequency
    return Heard(forms, where, _figures(text), stems, all_stems,
                 [0, *accumulate(len(t) for t in texts)],
                 [0, *accumulate(len(h) for h in forms)],
                 [0, *accumulate(len(st) for st in all_stems)],
                 [0, *accumulate(len(st) for st in stems)],
                 [0, *accumulate(bool(st) for st in stems)], texts, plain,
                 [0, *accumulate(len(t) for t in plain)])


# Words an ASR writes for the "-tion" of a long word said as a word of its own: "encrypt
# shun", "encrypt showing" for "encryption". Joined on (hear) only to a word of five
# letters or more that ends in "t", as the stem of such a word does, and only for a
# phrase with that word ("the chart showing" stays as said for every other phrase).
_SAID_SUFFIX = frozenset({"shun", "shen", "shan", "shawn", "shown", "showing", "sean"})
SUFFIX_ROOT_MIN = 5


def _suffix_apart(text: _Text, suffixed: frozenset[str]) -> list[int]:
    """The tokens k of one of the `suffixed` words said without its "-tion", which
    token k + 1 says as a word, with no pause between."""
    if not suffixed:
        return []
    toks = text.toks
    return [k for k in range(len(toks) - 1)
            if toks[k + 1].text in _SAID_SUFFIX and _suffix_root(toks[k].text)
            and _suffix_root(toks[k].text) + "ion" in suffixed
            and text.words[toks[k].last][-1:].isalpha()]


def _suffix_root(word: str) -> str:
    """The stem a "-tion" joins on to: "encrypt" of "encrypt", "automat" of
    "automate"; "" where the word takes none (a short one, a figure, a filler)."""
    root = word[:-1] if word.endswith("te") else word
    if len(root) < SUFFIX_ROOT_MIN or not root.isalpha() or not root.endswith("t") or (
            not is_content(word)):
        return ""
    return root


def _at_stem(heard: Heard) -> dict[str, list[int]]:
    """heard.at_stem, filled on first use."""
    if not heard.at_stem:
        for i, st in enumerate(heard.stems):
            if st:
                heard.at_stem.setdefault(st, []).append(i)
    return heard.at_stem


def _may_reach(a: int, b: int, cutoff: float) -> bool:
    """Whether strings of lengths a and b can have a ratio of `cutoff` (0-100)."""
    return 200 * min(a, b) >= cutoff * (a + b)



@dataclass(frozen=True, slots=True)
class _Search:
    """One phrase searched for in one transcript."""

    banned: _Banned
    toks: Sequence[Token]
    heard: Heard
    cutoff: float  # the ratio a window must reach on its letters
    others_before: list[int]  # figures the phrase does not have, among the first k tokens

    def other_figure(self, s: int, size: int) -> bool:
        """Whether the window [s, s + size) says a figure the phrase does not have."""
        if self.others_before[s + size] <= self.others_before[s]:
            return False  # no such figure among these tokens: nothing to read
        window = [t.text for t in self.toks[s : s + size]]
        return _other_figure(self.banned, window, self.heard.figure[s : s + size])


def _find_banned(banned: _Banned, text: _Text, heard: Heard | None = None,
                 retired: bool = False) -> list[PhraseHit]:
    """Each time the phrase is said (and not disowned) in `text`; `heard`: hear(text),
    when the caller already has it (one per transcript, for all its phrases); `retired`:
    a retired name, which a then-and-now contrast also disowns (phrase_framing)."""
    toks = text.toks
    n = len(toks)
    if n == 0 or not banned.squashed:
        return []
    if heard is None:
        heard = hear(text)
    if banned.suffixed and _suffix_apart(text, banned.suffixed):
        heard = hear(text, banned.suffixed)  # "encrypt showing" (rare: heard again)
    starts = _starts(banned, text, heard)
    sounds = heard.forms
    cutoff = PHRASE_MATCH_AT if len(banned.squashed) >= 10 else 95
    reorder = len(banned.anchors) >= 2
    figure = heard.figure
    # figures the phrase does not have, among the first k tokens
    others: Iterable[bool] = figure
    if banned.figures:
        others = (f and float(t.text) not in banned.figures
                  for f, t in zip(figure, toks, strict=True))
    search = _Search(banned, toks, heard, cutoff, [0, *accumulate(others)])
    found: list[tuple[float, int, int]] = []  # (ratio, start, end) token indices, end excl.
    # windows that say its words in another order: one that overlaps a window saying
    # them in order is that one misplaced ("forget about set it" of "Forget about set it
    # and forget it")
    moved: set[tuple[int, int]] = set()
    for s0 in sorted(starts):
        best, by_stems = _best_window(search, s0)
        if best is None and reorder:  # the same words in another order
            best = _best_reordered(search, s0)
            by_stems = best is not None
            if best is not None:
                moved.add(best[1:])
        if best is not None and _says_every_word(banned, toks[best[1] : best[2]],
                                                 sounds[best[1] : best[2]], by_stems) and (
                not by_stems or _stems_agree(banned, heard.all_stems[best[1] : best[2]])):
            if _same_persons(banned, toks, best[1], best[2]) and _one_stretch(
                    banned, text, best[1], best[2]):
                found.append(best)
            elif gapped := _gapped_match(search, text, s0):  # the window left out its start
                found.append(gapped)
            continue
        core = _core_match(banned, toks, s0) if banned.core else None
        if core is None and len(banned.content) >= RHYMED_MIN_WORDS:
            core = _rhymed_match(search, text, s0)
        if core is None and len(banned.content) >= KEYED_MIN_WORDS:
            core = _keyed_match(search, s0)
        if core is None:
            core = _gapped_match(search, text, s0)
        if core is not None and _same_persons(banned, toks, core[1], core[2]) and (
                _one_stretch(banned, text, core[1], core[2])):
            found.append(core)
    if moved:
        kept = [(s, e) for _, s, e in found if (s, e) not in moved]
        found = [f for f in found if f[1:] not in moved
                 or not any(f[1] < e and s < f[2] for s, e in kept)]
    if not found and len(banned.content) >= SPREAD_MIN_WORDS and not banned.negated:
        found.extend(_spread_matches(search, text))
    if not found and len(banned.content) >= 2 and banned.noun_like:
        found.extend(_topic_answered(search, text))
    if not found and banned.figures:
        found.extend(_figure_reached(search, text))
    if not found and _participle_noun(banned):
        found.extend(_verb_of_participle(search))
    return _said_apart(banned, text, found, retired)


def _same_persons(banned: _Banned, toks: Sequence[Token], s: int, e: int) -> bool:
    """Whether the window [s, e) speaks of whom the phrase's pronouns do: "they know
    people at customs" or "do you know people at customs" is not "we know people at
    customs" (as "I know people" is), however close its letters. (The word before it
    counts: the closest window may have left the pronoun out.)"""
    return not banned.persons or banned.persons <= _persons(
        t.text for t in toks[max(0, s - 1) : e])


_SENTENCE_END_RE = re.compile(r"[.!?;]+[\"')\]]*$")
_INITIALISM_RE = re.compile(r"^(?:[A-Za-z]\.)+$")  # "A.I." ends no sentence
# what opens a noun phrase: after "to" or "for", it makes that word a preposition, not
# the figure it sounds like ("a safe sync to your offsite storage")
_DETERMINERS = frozenset({
    "the", "a", "an", "your", "our", "their", "my", "his", "her", "its", "this", "that",
    "these", "those", "every", "each", "all", "any", "some",
})  # fmt: skip


def _one_stretch(banned: _Banned, text: _Text, s: int, e: int) -> bool:
    """Whether the window [s, e) is one stretch of speech that could be the phrase: it
    does not run over the end of a sentence ("... as a starter. Plan a call" is not "the
    Starter plan"; a comma may be Whisper's, inside a misheard phrase: "brightness,
    express"); its figure, heard as a word, is not a preposition before a noun ("safe
    sync to your storage" is not "SafeSync 2")."""
    toks, words = text.toks, text.words
    for i in range(s, e - 1):
        if toks[i + 1].first <= toks[i].last:
            continue  # one written word: "SafeSync2." ends with its last token
        raw = words[toks[i].last]
        if _SENTENCE_END_RE.search(raw) and not _INITIALISM_RE.match(raw):
            return False
    last = toks[e - 1].text
    if banned.figures and last in _SOUNDS_LIKE_FIGURE and not any(
            _FIGURE_RE.match(t.text) for t in toks[s:e]):
        return e >= len(toks) or toks[e].text not in _DETERMINERS
    # "the scheduler 3 days ahead": the figure counts days, it is no name's
    return not (banned.toks and _FIGURE_RE.match(banned.toks[-1]) and e < len(toks)
                and toks[e].text in _UNITS)


# what a figure counts when it is not part of a name: "scheduler 3 days ahead"
_UNITS = frozenset({
    "percent", "times", "dollars", "pounds", "euros", "hours", "hour", "days", "day",
    "weeks", "week", "months", "month", "years", "year", "minutes", "minute", "seconds",
    "seats", "users", "people", "clinics",
})  # fmt: skip

STEM_AGREES_AT = 85  # ratio of two stems that are one word's forms ("certifi"/"certify")


def _stems_agree(banned: _Banned, stems: Sequence[str]) -> bool:
    """Whether each content word of the phrase has a word of the window with its stem,
    or one near it: a match on stems is one on inflections, word for word, not on
    letters shared across words ("share certified" is not "OSHA certified")."""
    return all(any(st == stem(w) or fuzz.ratio(stem(w), st) >= STEM_AGREES_AT
                   or st == _frequency(stem(w)) for st in stems) for w in banned.content)


def _best_window(search: _Search, s0: int) -> tuple[tuple[float, int, int] | None, bool]:
    """The window around start s0 that says the phrase best, as written, by its word
    stems or by its sounds: (ratio, start, end) or None; and whether it matched only on
    stems."""
    banned, heard, cutoff = search.banned, search.heard, search.cutoff
    n = len(search.toks)
    best: tuple[float, int, int] | None = None
    by_stems = False  # whether `best` matched only on word stems
    for s in (s0 - 1, s0, s0 + 1):
        for size in (banned.size - 1, banned.size, banned.size + 1, banned.size + 2):
            if s < 0 or size < 1 or s + size > n:
                continue
            if search.other_figure(s, size):
                continue  # "99.9% uptime" is not "100% uptime"
            r = 0.0
            if _may_reach(len(banned.squashed),
                          heard.letters_before[s + size] - heard.letters_before[s], cutoff):
                r = fuzz.ratio(banned.squashed, "".join(heard.texts[s : s + size]),
                               score_cutoff=cutoff)
            plain = heard.plain_before[s + size] - heard.plain_before[s]
            if plain != heard.letters_before[s + size] - heard.letters_before[s] and (
                    _may_reach(len(banned.squashed), plain, cutoff) or banned.emphatic):
                # "never ever miss a diagnosis"; "never ever lose a keg again" keeps the
                # "again" its phrase has
                r = max(r, fuzz.ratio(banned.squashed, _plain(banned, heard, s, s + size),
                                      score_cutoff=cutoff))
            stems = False
            if not r and size <= banned.size + 1 and _may_reach(
                    len(banned.stemmed),
                    heard.all_stems_before[s + size] - heard.all_stems_before[s], cutoff):
                stemmed = "".join(heard.all_stems[s : s + size])
                r = fuzz.ratio(banned.stemmed, stemmed, score_cutoff=cutoff)
                stems = bool(r)
            # (up to two words more: one word heard as three, "platt in a")
            if not r and len(banned.spoken) >= 8 and _may_reach(
                    len(banned.spoken),
                    heard.sounds_before[s + size] - heard.sounds_before[s], SOUND_MATCH_AT):
                r = fuzz.ratio(banned.spoken, "".join(heard.forms[s : s + size]),
                               score_cutoff=SOUND_MATCH_AT)
            # prefer the better ratio, then the tighter window
            if r and (best is None or (r, -size) > (best[0], best[1] - best[2])):
                best, by_stems = (r, s, s + size), stems
    return best, by_stems


def _plain(banned: _Banned, heard: Heard, s: int, e: int) -> str:
    """The tokens [s, e) without the words of emphasis the phrase has not: "never ever
    lose a keg again", "never truly lose a keg again" say "never lose a keg again"."""
    if not banned.emphatic:
        return "".join(heard.plain[s:e])
    return "".join(p or (t if t in banned.words else "")
                   for t, p in zip(heard.texts[s:e], heard.plain[s:e], strict=True))


def _best_reordered(search: _Search, s0: int) -> tuple[float, int, int] | None:
    """The window near start s0 that says the phrase's words in another order."""
    banned, heard = search.banned, search.heard
    n = len(search.toks)
    best: tuple[float, int, int] | None = None
    _links(heard, 0, 0)  # (builds heard.links_before once)
    links = heard.links_before
    for s in range(max(0, s0 - banned.size + 1), s0 + banned.size):
        top = banned.size + 2  # longer windows only where linking words are
        if s + top <= n and links[s + top] > links[s]:
            top += LINKS_MAX
        for size in range(banned.size - 1, top):
            if size < 2 or s + size > n:
                continue
            if size > banned.size + 1 and _links(heard, s, s + size) < size - banned.size - 1:
                break  # (a longer window only says more)
            # the length of its sorted stems, joined by spaces: a window that cannot
            # reach the ratio below is not read
            n_stems = heard.n_stems_before[s + size] - heard.n_stems_before[s]
            if not _may_reach(len(banned.sorted_keys), heard.stems_before[s + size]
                              - heard.stems_before[s] + max(n_stems - 1, 0), 95):
                continue
            if search.other_figure(s, size):
                continue
            window = [t.text for t in search.toks[s : s + size]]
            if banned.negated and not NEGATIONS.intersection(window):
                continue  # its negation is part of it: "no inspections, guaranteed"
            keys = " ".join(sorted(_frequency(k) for k in heard.stems[s : s + size] if k))
            r = fuzz.ratio(banned.sorted_keys, keys, score_cutoff=95)
            nxt = search.toks[s + size].text if s + size < n else ""
            if r and _reordered(banned, window, nxt) and (
                    best is None or (r, -size) > (best[0], best[1] - best[2])):
                best = (r, s, s + size)
    return best


# Words that link a noun to what the phrase says of it before it, said after it
# instead ("encryption that's military grade", "savings are, uh, guaranteed", "approved
# by the government" for "government-approved"): a copula, a relative pronoun, the "by"
# of a passive; fillers and words of emphasis too.
_LINKS = frozenset({"is", "are", "was", "were", "be", "been", "that", "which", "by"})
LINKS_MAX = 3  # such words a reordered window may hold beyond one more word


def _links(heard: Heard, s: int, e: int) -> int:
    """How many linking words, fillers and words of emphasis the tokens [s, e) hold."""
    if not heard.links_before:
        heard.links_before.extend(accumulate(
            (not p or t in _LINKS for t, p in zip(heard.texts, heard.plain, strict=True)),
            initial=0))
    return heard.links_before[e] - heard.links_before[s]


def _said_apart(banned: _Banned, text: _Text, found: list[tuple[float, int, int]],
                retired: bool = False) -> list[PhraseHit]:
    """The non-overlapping occurrences, best first, that the rep does not disown, in
    the order said."""
    found.sort(key=lambda f: (-f[0], f[2] - f[1], f[1]))
    taken: list[tuple[int, int]] = []
    hits = []
    for _, s, e in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        if e < len(text.toks) and text.toks[e].text == "than" and (
                {"no", "more"} <= banned.words):
            continue  # "no more paperwork than before": a comparison, not the claim
        e = _repaired_end(text, e)
        if banned.negated:
            e = _negation_kept(text, e)
        # ("won't ever miss" says the "never" of "never miss": not a denial of it)
        own = banned.words | {"not"} if _not_ever(banned, text, s, e) else banned.words
        if disowned_before(text, s, own, e) or disowned_after(text, e) or (
                fragment_answered(text, s, e)) or reported_aside(text, s, e) or (
                quoted_words(text, s, e)) or (banned.negated and contradicted_next(text, e)) or (
                retired and (then_and_now(text, s, e) or gone_by(text, s, e))) or (
                not retired and said_of_another(text, s, e, banned.toks)):
            continue
        said, start, end = _quote(text, (s, e - 1))
        hits.append((s, PhraseHit(banned.phrase, said, start, end, banned.note)))
    return [h for _, h in sorted(hits, key=lambda x: x[0])]


def _repaired_end(text: _Text, e: int) -> int:
    """Where a phrase ends once its last word's repair is taken in: a speaker who says
    a word again, in the same or another form, corrects it ("no more queue, queues",
    "zero delay, uh, delays"); the repeat is part of the phrase, not what follows it."""
    toks = text.toks
    while e < len(toks):
        k = e
        while k < len(toks) and toks[k].text in _HESITATIONS:
            k += 1
        last = toks[e - 1].text
        if k >= len(toks) or not is_content(last) or stem(toks[k].text) != stem(last):
            return e
        e = k + 1
    return e


# what goes on with a negation: "no queues anymore", "never a late bus any longer"
_STILL_NEGATED = (("anymore",), ("any", "more"), ("any", "longer"), ("again",))


def _negation_kept(text: _Text, e: int) -> int:
    """Where a phrase with its own negation ends once what carries that negation on is
    taken in: "there are no waiting lists anymore" says "no waiting lists" (an
    "anymore" after a phrase without one disowns it: "we don't sell X anymore")."""
    after = tuple(t.text for t in text.toks[e : e + 2])
    for cue in _STILL_NEGATED:
        if after[: len(cue)] == cue:
            return e + len(cue)
    return e


def _not_ever(banned: _Banned, text: _Text, s: int, e: int) -> bool:
    """Whether a match of a phrase with "never" starts with a "not" that an "ever" or an
    "again" makes its "never" ("you won't ever miss a payment", "you won't be
    short-staffed ever again", "your vets won't miss a diagnosis again"), which says it
    (see hear)."""
    toks = text.toks
    return ("never" in banned.words and s < len(toks) and toks[s].text == "not"
            and any(t.text in ("ever", "again") for t in toks[s + 1 : e + 1]))


def _starts(banned: _Banned, text: _Text, heard: Heard) -> set[int]:
    """Token indices where the phrase may start: where one of its words is said as
    written, as the first part of a split word ("clinic flow" for "Clinicflow"), as the
    start of a joined one ("SafeSync2"), or in a spelling that sounds like it ("mullet"
    of "bulletproof", "inside" of "Insights")."""
    n = len(text.toks)
    if not banned.anchors:
        return set(range(n))
    starts: set[int] = set()
    anchor_keys = {k for k, _ in banned.anchors}
    for i, key in enumerate(text.all_keys):
        if key in anchor_keys:
            for k, pos in banned.anchors:
                if k == key:
                    starts.update((i - pos, _back(heard, i, pos)))
        elif key[:4] in banned.anchor_heads and len(key) >= 4:
            starts.update(i - pos for k, pos in banned.anchors
                          if (len(k) > len(key) and k.startswith(key))
                          or (len(k) >= 4 and key.startswith(k)))
    if banned.heard_words:
        # one call for all tokens (C speed); short tokens are left out, as they sound
        # like part of too many words
        forms = list(heard.where)
        near = process.cdist(banned.heard_words, forms, scorer=fuzz.partial_ratio,
                             score_cutoff=SOUNDS_LIKE_WORD_AT, dtype=np.uint8)
        for w, f in zip(*np.nonzero(near), strict=True):
            starts.update(i - banned.heard_at[w] for i in heard.where[forms[f]])
    return starts


def _back(heard: Heard, i: int, pos: int) -> int:
    """Where a phrase starts whose word `pos` is said at token i: `pos` tokens before,
    not counting fillers and words of emphasis ("never, ever, uh, miss a payment")."""
    j = i
    while pos > 0 and j > 0:
        j -= 1
        pos -= bool(heard.plain[j])
    return j


def _figures(text: _Text) -> list[bool]:
    """Per token, whether it is a figure; not the "1" read from the word "one" alone,
    mostly a pronoun ("the cheapest one on the market")."""
    return [_FIGURE_RE.match(t.text) is not None and not (
                t.text == "1" and t.first == t.last
                and text.words[t.first].lower().strip(".,;:!?\"'") == "one")
            for t in text.toks]


def _other_figure(banned: _Banned, window: Sequence[str], figure: Sequence[bool]) -> bool:
    """Whether the window says a number the phrase does not have (its figures, one by
    one or run together: "3 60" is how "three sixty" reads, for "360")."""
    if not banned.figures:
        return True  # (the caller saw a figure in the window)
    figures = [t for t, f in zip(window, figure, strict=True) if f]
    if all(float(f) in banned.figures for f in figures):
        return False
    run = "".join(figures)
    return _FIGURE_RE.match(run) is None or float(run) not in banned.figures


def _reordered(banned: _Banned, window: Sequence[str], nxt: str = "") -> bool:
    """Whether the window says the phrase's content words in another order ("encryption
    is military grade"), or in its order with small words lost or swapped ("pay you
    go", "close within a week"), but none put in: that makes another phrase ("best in
    her class" is not "best in class", "enterprises have grades" not "enterprise-grade")."""
    said = [stem(t) for t in window if is_content(t)]
    if said != [stem(t) for t in banned.content]:
        return not banned.name_only and not _roles_swapped(banned, window, nxt)
    return len(window) <= banned.size or _negation_moved(banned, window)


def _negation_moved(banned: _Banned, window: Sequence[str]) -> bool:
    """Whether the window says the phrase's "no" as a "not" on a copula instead, nothing
    else put in: "training isn't needed" of "no training needed", "fees are not charged"
    of "no fees charged"."""
    if "no" not in banned.words or "no" in window:
        return False
    extra = [t for t in window if t not in banned.words]
    if "not" not in extra or not all(t in ("not", "a", "an") or t in _PASSIVE for t in extra):
        return False
    # (the "not" on the verb before the phrase's last word: "training is needed, not
    # optional" denies another thing)
    last = max(k for k, t in enumerate(window) if t in banned.words)
    return window.index("not") < last


def _name_only(banned: _Banned) -> bool:
    """Whether the phrase is a name, which is said in its order ("with SiteProof, the
    clipboard goes" is not "SiteProof Clipboard", nor "the classic ShiftPlate problem")."""
    return all(w in banned.names or _FIGURE_RE.match(w) for w in banned.content)


# the particle of a phrasal verb, which makes it another verb: "catch out", "sign off"
_PARTICLES = frozenset({"out", "up", "off", "down", "away", "over"})
# what makes a verb's object its subject, and still the same claim: "your pickers are
# replaced" (but "your pickers replace paper lists" is another claim)
_PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"})
_OBJECT_DETERMINERS = frozenset({"your", "the", "their", "our", "my", "his", "her"})


def _roles_swapped(banned: _Banned, window: Sequence[str], nxt: str) -> bool:
    """Whether a phrase that is a verb and its object ("replace your pickers") is said
    with the object before the verb and another object after it: its object made the
    subject ("your pickers replace paper lists"). Not in the passive ("your pickers are
    replaced"), nor with the object taken up by a pronoun ("your pickers, it replaces
    them") or none ("your sales, they double")."""
    toks = banned.toks
    if len(toks) < 3 or toks[1] not in _OBJECT_DETERMINERS or len(banned.content) < 2:
        return False
    verb, obj = stem(banned.content[0]), stem(banned.content[1])
    stems = [stem(t) for t in window]
    if verb not in stems or obj not in stems or _PASSIVE.intersection(window):
        return False
    v = len(stems) - 1 - stems[::-1].index(verb)
    after = [*window[v + 1 :], nxt][:1]
    return stems.index(obj) < v and bool(after) and bool(after[0]) and (
        after[0] not in _RESUMING_OBJECTS) and not _opens_no_object(after[0])


_RESUMING_OBJECTS = frozenset({"it", "them", "that", "those", "this", "these", "him", "her"})
# what cannot open a verb's object: a preposition or a conjunction ("your sales double
# in a month", "your costs halve and stay there")
_NO_OBJECT = frozenset({
    "in", "on", "at", "by", "within", "over", "for", "from", "after", "before", "during",
    "inside", "and", "but", "so", "or", "if", "when", "because", "too", "again",
})  # fmt: skip


def _opens_no_object(word: str) -> bool:
    """Whether a word after a verb leaves it without an object: a preposition, a
    conjunction or an adverb of manner ("your sales will double, easily")."""
    return word in _NO_OBJECT or (word.endswith("ly") and len(word) > 4)


def _says_every_word(banned: _Banned, window: Sequence[Token], heard: Sequence[str],
                     by_stems: bool = False) -> bool:
    """A fuzzy hit must still say each content word of the phrase in some spelling:
    "Northwind" alone is 90% like "Northwind AV" but does not say the retired product
    name, while "per seat", "perseat" and "ransom wear" keep every word. A word counts as
    said if it is found in the window's letters or sounds, or if most of its sounds are
    kept where the phrase has it ("to" of "two" in "save sync to" for "SafeSync 2").
    That last test is not for a window that matched on stems alone: there another word
    with the same beginning is another word ("starting plan" is not "Starter plan")."""
    if _another_form(banned, window):
        return False
    if banned.negated and not any(t.text in NEGATIONS for t in window):
        return False  # "miss a payment" does not say "never miss a payment"
    if not banned.negated and any(t.text in ("not", "never") for t in window[1:-1]):
        return False  # "you can't fire your accountant" says the opposite ("no" may be
        # "know" misheard: "we no people at customs")
    if banned.figures and not any(_says_figure(t.text, f) for t in window
                                  for f in banned.content if _FIGURE_RE.match(f)):
        return False  # "API version once" does not say "API v1"
    if banned.toks[-1:] and banned.toks[-1] in _PARTICLES and not any(
            t.text == banned.toks[-1] or _particle_joined(banned, t.text) for t in window):
        return False  # "catch your staff doing it right" is not "catch your staff out"
    said = "".join(t.text for t in window)
    sounds = _sound(said)
    kept = [] if by_stems else _kept_sounds(banned.spoken, "".join(heard))
    # a word of the window with its stem says it inflected, however the window was
    # found: "is cut in half" of "cuts ... in half", "won't ever miss a delivery" of
    # "never misses a delivery" (a "not ever" window found on its letters)
    stems = {stem(t.text) for t in window}
    return all(_frequency(stem(word)) in stems or fuzz.partial_ratio(word, said) >= 80
               or fuzz.partial_ratio(_sound(word), sounds) >= SAYS_WORD_AT
               or (bool(kept) and _heard_enough(sum(kept[a:b]), b - a))
               for word, (a, b) in zip(banned.content, banned.spans, strict=True))


def _particle_joined(banned: _Banned, word: str) -> bool:
    """Whether `word` is the phrase's verb and its closing particle written as one word
    ("never breakdown" of "never breaks down", as a vocabulary join or an ASR writes it)."""
    particle = banned.toks[-1]
    head = word[: -len(particle)]
    return len(banned.toks) >= 2 and word.endswith(particle) and len(head) >= 3 and (
        stem(head) == stem(banned.toks[-2]))


# Words that sound like a number word as a whole, as an ASR writes them ("save sync to"
# for "SafeSync 2"); a word that only holds its letters ("once" of "one") does not.
_SOUNDS_LIKE_FIGURE = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1", "ate": "8"}


def _says_figure(token: str, figure: str) -> bool:
    """Whether a token of the window says the phrase's figure: a figure (which one,
    other_figure checks), one joined to a word, a word that sounds like it, or a rhyme
    ("free" for "3")."""
    return (_FIGURE_RE.match(token) is not None or _SOUNDS_LIKE_FIGURE.get(token) == figure
            or token.endswith(figure)  # joined on: "safesync2"
            or _rhymes(heard_form(figure), heard_form(token)))


def _another_form(banned: _Banned, window: Sequence[Token]) -> bool:
    """Whether the window says one of the phrase's words as a verb form of its stem
    instead: "the game changed" is not "game-changer", "starting plan" not "Starter
    plan" (a word of the same stem, "guarantee" for "guaranteed", is the same word)."""
    for tok in window:
        t = tok.text
        if t in banned.words:
            continue
        if _adverb_of(t, [w for w in banned.content if w in banned.names]):
            return True
        if not t.endswith(_VERB_ENDINGS):
            continue
        root = stem(t)
        if len(root) >= 4 and any(w.startswith(root) and stem(w) != root
                                  for w in banned.content):
            return True
    return False


def _adverb_of(word: str, content: Sequence[str]) -> bool:
    """Whether `word` is an adverb made of one of the phrase's names: "basically" is not
    "Basic" (of "Paycircle Basic"), "expressly" not "Express". (Of a common word it says
    the claim as a verb: "we pay out instantly" is "instant payout".)"""
    if len(word) < 5 or not word.endswith("ly"):
        return False
    bases = {word[:-2], word[:-4] if word.endswith("ally") else ""}
    return any(w in bases for w in content if len(w) >= 3)


def _heard_enough(kept: int, size: int) -> bool:
    """Whether `kept` of a word's `size` sounds are enough to say it was heard: most of a
    long word, all but one of a short one ("to" for "two"), all of a very short one."""
    if size < KEPT_WORD_MIN:
        return kept == size or (kept >= size - 1 and size >= 3)
    return kept >= WORD_KEPT * size


def _kept_sounds(phrase: str, heard: str) -> list[bool]:
    """Per letter of the phrase's sound, whether the best alignment with what was heard
    keeps it."""
    kept = [False] * len(phrase)
    for op in Indel.opcodes(phrase, heard):
        if op.tag == "equal":
            kept[op.src_start : op.src_end] = [True] * (op.src_end - op.src_start)
    return kept


RHYMED_MIN_WORDS = 2  # content words: one is heard as written, the other rhymed
_ONSET_RE = re.compile(r"^[^aeiouy]*")


def _rhymed_match(search: _Search, text: _Text, s0: int) -> tuple[float, int, int] | None:
    """The phrase said word for word around s0 but for one word heard with another first
    consonant, as an ASR mishears it ("the free seat minimum" for "the 3-seat minimum",
    "lifetime wheel" for "lifetime deal"), or a long name heard as another word with its
    beginning ("medieval light" for "MediBook Lite"): (ratio, start, end) or None. Its other words
    must be heard as written, one of them a long one, so that a rhyme alone never makes
    the phrase. One of them may be heard with its unstressed first syllable as a small
    word of its own, at the end of a clause ("brightness and press." for "BrightDesk
    Express"; not "BrightDesk and press releases")."""
    banned, heard = search.banned, search.heard
    size, n = banned.size, len(search.toks)
    for s in (s0 - 1, s0, s0 + 1):
        if s < 0 or s + size > n:
            continue
        rhymed, long_kept, swapped, split = 0, 0, 0, 0
        j = s
        for word in banned.toks:
            if j >= n:
                break
            heard_as = heard.forms[j]
            if stem(word) == heard.all_stems[j] or heard_form(word) == heard_as:
                long_kept += (is_content(word) and len(word) > SHORT_WORD
                              and not _FIGURE_RE.match(word))
            elif is_content(word) and (_rhymes(heard_form(word), heard_as) or (
                    word in banned.names and _name_misheard(heard_form(word), heard_as))):
                rhymed += 1
            elif not is_content(word) and (word, heard.texts[j]) in _SWAPPED:
                swapped += 1  # "half the price on Nandesk" for "... of Zendesk"
            elif j + 1 < n and _prefix_apart(word, heard.texts[j], heard.texts[j + 1]):
                split += 1
                long_kept += 1
                j += 1
            elif word in banned.acronyms and j + 1 < n and _acronym_heard(text, word, j):
                rhymed += 1  # "hip-hop certified" for "HIPAA-certified"
                j += 1
            else:
                break
            j += 1
        else:
            # (a verb form of one of its words is another word: "game changed"; a small
            # word swapped too only where two long words are heard as written)
            if rhymed == 1 and long_kept > swapped and swapped <= 1 and split <= 1 and (
                    not split or _clause_ends(text, j - 1)) and not search.other_figure(
                    s, j - s) and not _another_form(banned, search.toks[s:j]):
                return (float(RHYMED_RATIO), s, j)
    return None


# The unstressed first syllable of a word and the small words an ASR writes for it, said
# apart: "and press" for "express", "in sure" for "ensure"
_PREFIXES = ("ex", "en", "in", "im", "em")
_PREFIX_HEARD = frozenset({"and", "an", "in", "on", "en", "ex", "x", "im", "em"})
PREFIX_REST_MIN = 4  # letters of the word after it, heard as a word: "press"


def _prefix_apart(word: str, small: str, rest: str) -> bool:
    """Whether a long word of the phrase is heard as a small word for its first syllable
    and the rest of it as written: "and press" for "express"."""
    return (is_content(word) and word.startswith(_PREFIXES) and small in _PREFIX_HEARD
            and len(rest) >= PREFIX_REST_MIN and word[2:] == rest)


ACRONYM_MIN = 4  # letters of a name in capitals said as a word ("HIPAA", not "AI")
ACRONYM_HEAD = 3  # letters of its first syllable heard as written ("hip")


def _acronym_heard(text: _Text, word: str, k: int) -> bool:
    """Whether tokens k and k + 1 say a name written in capitals and said as a word, as
    an ASR writes it: a compound of two words, one written word or hyphened ("hip-hop"
    for "HIPAA"), the first its first syllable as written, the second short and
    beginning like it or joined on by the hyphen. Not two words apart ("hip new
    certified trainers", "hip, certified")."""
    a, b = text.toks[k].text, text.toks[k + 1].text
    if not (ACRONYM_HEAD <= len(a) < len(word) and word.startswith(a) and a.isalpha()
            and b.isalpha() and 2 <= len(b) <= len(word) - 1 and is_content(b)):
        return False
    first, second = text.toks[k], text.toks[k + 1]
    joined = second.first <= first.last or text.words[second.first].startswith("-") or (
        text.words[first.last].endswith("-"))
    return joined or (b[0] == a[0] and text.words[first.last][-1:].isalpha())


def _clause_ends(text: _Text, k: int) -> bool:
    """Whether token k ends a clause: the last token, or one written with a stop or a
    comma after it."""
    if k + 1 >= len(text.toks):
        return True
    raw = text.words[text.toks[k].last]
    return text.toks[k + 1].first > text.toks[k].last and not raw[-1:].isalnum()


# Small words an ASR writes for one another, one nasal or one vowel apart ("price on
# Nandesk" for "price of Zendesk"): in a phrase otherwise heard word for word but for
# one word misheard (_rhymed_match), such a word is still its own.
_SWAPPED = frozenset({
    ("of", "on"), ("on", "of"), ("in", "on"), ("on", "in"), ("an", "and"), ("and", "an"),
    ("a", "the"), ("the", "a"),
})  # fmt: skip


RHYMED_RATIO = 85  # what a rhymed match ranks as, below a match on the letters


NAME_MIN = 6  # sounds: a name long enough that its first four say which it is
NAME_HEAD = 4  # its first sounds, kept
NAME_LENGTH_OFF = 2  # sounds more or fewer


def _name_misheard(word: str, heard: str) -> bool:
    """Whether a long name (capitalised in the playbook) was heard as another word that
    begins with the same four sounds and is about as long: "medieval" for "MediBook" (of
    "MediBook Lite", the rest of the phrase heard as written). Not a common word: "game
    changed" is not "game-changer"."""
    if abs(len(heard) - len(word)) > NAME_LENGTH_OFF or len(word) < NAME_MIN:
        return False
    if heard[:NAME_HEAD] == word[:NAME_HEAD]:
        return True
    # or its first syllable misheard, the rest heard as written: "Nandesk" for
    # "Zendesk" (not "Freshdesk", which keeps only "desk")
    rest_w, rest_h = _after_first_vowel(word), _after_first_vowel(heard)
    return len(rest_w) >= NAME_REST and rest_w == rest_h and heard != word


NAME_REST = 5  # sounds after a name's first vowel that must be heard as written
_FIRST_VOWEL_RE = re.compile(r"^[^aeiouy]*[aeiouy]+")


def _after_first_vowel(sound: str) -> str:
    """A word's sounds after its first syllable's vowel: "ndesk" of "sendesk"."""
    m = _FIRST_VOWEL_RE.match(sound)
    return sound[m.end():] if m else ""


def _rhymes(word: str, heard: str) -> bool:
    """Whether two sound forms differ only in their first consonants ("dil"/"whil",
    "thri"/"fri"): a rhyme of two sounds or more, or of one where the two beginnings
    share a consonant ("thr"/"fr")."""
    onset_w = _ONSET_RE.match(word)
    onset_h = _ONSET_RE.match(heard)
    if onset_w is None or onset_h is None:
        return False
    a, b = onset_w.group(), onset_h.group()
    rhyme = word[len(a):]
    if not a or not b or a == b or rhyme != heard[len(b):] or len(word) < 3 or len(heard) < 3:
        return False
    return len(rhyme) >= 2 or bool(set(a) & set(b))


def _core_match(banned: _Banned, toks: Sequence[Token], s0: int) -> tuple[float, int, int] | None:
    """The phrase's long words as said around s0, a short one lost or misheard ("a
    device licensing" for "per-device licensing"): (ratio, start, end) or None."""
    n = len(toks)
    best: tuple[float, int, int] | None = None
    for s in (s0 - 1, s0, s0 + 1):
        for size in (banned.size - 1, banned.size):
            if s < 0 or size < 1 or s + size > n:
                continue
            window = [t.text for t in toks[s : s + size]]
            kept = "".join(w for w in window if len(w) > SHORT_WORD)
            r = fuzz.ratio(banned.core, kept, score_cutoff=CORE_MATCH_AT)
            if r and (best is None or (r, -size) > (best[0], best[1] - best[2])):
                best = (r, s, s + size)
    if best is None or not _says_core(banned, toks[best[1] : best[2]]):
        return None
    return best


def _says_core(banned: _Banned, window: Sequence[Token]) -> bool:
    """Each long content word of the phrase said, in some spelling."""
    said = "".join(t.text for t in window)
    return all(fuzz.partial_ratio(word, said) >= SAYS_WORD_AT
               for word in banned.content if len(word) > SHORT_WORD)


# A phrase said spread out over its sentence: its words in other forms and order, with
# light words between ("your energy bill, it's cut, like, in half" for "cuts your energy
# bill in half"; "every single claim, we pay out instantly" for "instant payout on every
# claim"). Only for a phrase of three content words or more, whose words together are
# unlikely to meet by chance; a shorter one reordered is another claim ("fees with zero
# surprises" is not "zero fees").
SPREAD_MIN_WORDS = 3
# content words not the phrase's that the span may hold: none, as another verb makes
# another claim of its words ("we check the payout instantly on every claim")
SPREAD_OTHER_WORDS = 0
SPREAD_LIGHT_WORDS = 4  # function words and fillers beyond the phrase's own size
SPREAD_RATIO = 80  # what such a match ranks as, below the others
# what opens a clause that is another claim, not the phrase's continuation
_COORDINATING = frozenset({
    "and", "but", "so", "or", "because", "although", "though", "while", "whereas", "yet",
    "which", "who", "that", "when", "if", "unless", "until", "then", "plus",
})  # fmt: skip


def _spread_matches(search: _Search, text: _Text) -> list[tuple[float, int, int]]:
    """The spans where every content word of the phrase is said, by its stem, close
    together in one stretch of speech (_spread_ok): (ratio, start, end) each."""
    banned, heard = search.banned, search.heard
    at_stem = _at_stem(heard)
    places = [at_stem.get(stem(w), []) for w in banned.content]
    if not all(places):
        return []
    rarest = min(places, key=len)
    reach = banned.size + SPREAD_OTHER_WORDS + SPREAD_LIGHT_WORDS
    if _of_time(banned):
        reach += TURNAROUND_MAX  # "the estimates, we turn those around in 2 days"
    spans = set()
    for i in rarest:
        near = [[j for j in p if abs(j - i) < reach] for p in places]
        if not all(near):
            continue
        lo = min(min(p, key=lambda j: abs(j - i)) for p in near)
        hi = max(min(p, key=lambda j: abs(j - i)) for p in near) + 1
        if hi - lo <= reach and _spread_ok(search, text, lo, hi):
            spans.add((float(SPREAD_RATIO), lo, hi))
    return sorted(spans)


def _spread_ok(search: _Search, text: _Text, s: int, e: int) -> bool:
    """Whether the span [s, e) says the phrase as one claim: few other content words
    (a word of emphasis or a hesitation is none), no negation, no other figure, the same
    persons, one stretch of speech, and no clause inside that is another claim."""
    banned, heard, toks = search.banned, search.heard, search.toks
    own = {stem(w) for w in banned.content}
    others = [k for k in range(s, e) if heard.stems[k] and heard.plain[k]
              and heard.stems[k] not in own]
    if len(others) > SPREAD_OTHER_WORDS and not _turned_around(search, others, s, e):
        return False
    window = toks[s:e]
    if any(t.text in NEGATIONS for t in window) or _another_form(banned, window):
        return False
    if search.other_figure(s, e - s):
        return False
    return (_same_persons(banned, toks, s, e) and _one_stretch(banned, text, s, e)
            and _clauses_join(text, heard, s, e))


def _of_time(banned: _Banned) -> bool:
    """Whether the phrase names a thing by the time it takes: a figure, a unit of time,
    a noun ("48-hour estimates", read "2 days estimates")."""
    toks = banned.toks
    return (len(toks) == 3 and _FIGURE_RE.match(toks[0]) is not None
            and toks[1] in _UNITS and is_content(toks[2]))


def _turned_around(search: _Search, others: Sequence[int], s: int, e: int) -> bool:
    """Whether the other content words of a spread span say what is done to a thing of a
    phrase of time, its thing named first and its time last after "in": "the
    estimates, we turn those around in 2 days" (not "the estimates took 2 days")."""
    banned, heard = search.banned, search.heard
    if not _of_time(banned) or len(others) > TURNAROUND_MAX:
        return False
    if not all(heard.texts[k] in TURNAROUND_WORDS for k in others):
        return False
    noun, figure = stem(banned.toks[2]), banned.toks[0]
    first = next(k for k in range(s, e) if heard.stems[k])
    at = next((k for k in range(s, e) if heard.texts[k] == figure), None)
    return (heard.stems[first] == noun and at is not None and at > 0
            and heard.texts[at - 1] in TIME_BEFORE)


def _clauses_join(text: _Text, heard: Heard, s: int, e: int) -> bool:
    """Whether the clauses the span runs over make one claim: each cut inside it follows
    a fragment with no verb (a topic named first, "your energy bill, it's cut") or a
    filler ("like,"), or comes before a filler; and none opens another clause ("...,
    and we cut ...")."""
    clauses = text.structure.clauses
    for k in range(1, len(clauses)):
        c = clauses[k][0]
        if not s < c < e:
            continue
        if heard.texts[c] in _COORDINATING:
            return False
        before = range(clauses[k - 1][0], c)
        after = range(c, clauses[k][1])
        if not (_filler_only(heard, before) or _filler_only(heard, after)
                or _verbless(heard, before)):
            return False
    return True


# the words of a filler said as a clause of its own: "you know,", "I mean,", "sort of"
_FILLER_WORDS = frozenset({"you", "know", "i", "mean", "sort", "kind", "of", "so", "well"})


def _filler_only(heard: Heard, span: range) -> bool:
    """A clause of fillers: "like,", "you know,", "um," (not "they say,")."""
    return all(not heard.plain[k] or heard.texts[k] in _FILLER_WORDS for k in span)


def _verbless(heard: Heard, span: range) -> bool:
    """A fragment with no auxiliary and no subject pronoun: a topic, not a clause."""
    return not any(heard.texts[k] in _AUX_VERBS or heard.texts[k] in _SUBJECT_ONLY
                   for k in span)


# The phrase said word for word with a synonym of one of its words, by their canonical
# keys ("each student gets their first choice", "a yearly compliance video"), or with a
# word that narrows its last noun put in before it ("cheaper than any other lab", "zero
# picking errors", "unlimited user seats"; not a possessive: "best in her class").
KEYED_MIN_WORDS = 2  # content words
KEYED_RATIO = 85  # what such a match ranks as, below a match on the letters


def _keyed_match(search: _Search, s0: int) -> tuple[float, int, int] | None:
    """The window around start s0 that says the phrase's tokens by their keys, or with
    one content word put in before its last: (ratio, start, end) or None."""
    banned, heard, toks = search.banned, search.heard, search.toks
    keyed, size, n = _heard_keys(heard), banned.size, len(toks)
    narrowed = banned.narrowable
    for s in (s0 - 1, s0, s0 + 1):
        if s < 0 or s + size > n:
            continue
        if keyed[s : s + size] == list(banned.keyed):
            return _keyed_ok(search, s, s + size)
        put = s + size - 1  # the word put in, before the last
        if narrowed and s + size < n and [*keyed[s:put], keyed[put + 1]] == list(
                banned.keyed) and _narrows(toks[put].text):
            return _keyed_ok(search, s, s + size + 1)
    return None


def _heard_keys(heard: Heard) -> list[str]:
    """Per token, its key as _token_key has it: a content word's canonical key, else its
    stem (heard has both); built on first use."""
    if not heard.keyed:
        heard.keyed.extend(canonical(t) if st else a for t, st, a in zip(
            heard.texts, heard.stems, heard.all_stems, strict=True))
    return heard.keyed


GAPPED_MIN_SIZE = 3  # tokens of a phrase that small words may be put inside
# fillers of two words, put inside a phrase of any size: "it eliminates, you know, fraud"
FILLER_PAIRS = frozenset({("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of")})


def _gapped_match(search: _Search, text: _Text, s0: int) -> tuple[float, int, int] | None:
    """The phrase's tokens in their order from near start s0, by their keys, with up to
    GAP_MAX small words put inside it ("we know a few people down at customs" for "we
    know people at customs", "guaranteed a safe journey"): (ratio, start, end) or None."""
    banned, toks = search.banned, search.toks
    if len(banned.content) < 2:
        return None
    short = banned.size < GAPPED_MIN_SIZE  # (only fillers inside: "eliminates, you know, fraud")
    keyed, want, n = _heard_keys(search.heard), banned.keyed, len(toks)
    plain = search.heard.plain
    # (s0 counts from an anchor as if nothing were put in: the start may be further back)
    for s in range(max(0, s0 - GAP_MAX - 1), min(n, s0 + 2)):
        if keyed[s] != want[0]:
            continue
        i, j, gaps = 1, s + 1, 0
        while i < len(want) and j < n:
            if keyed[j] == want[i]:
                i += 1
            elif gaps < GAP_MAX and j + 1 < n and (
                    toks[j].text, toks[j + 1].text) in FILLER_PAIRS:
                gaps += 1
                j += 1  # (a filler of two words: "you know", "I mean")
            elif gaps < GAP_MAX and toks[j].text == toks[j - 1].text:
                gaps += 1  # a word said twice, a stutter: "burn a, a batch"
            elif gaps < GAP_MAX and toks[j].text not in banned.toks and (
                    not plain[j] if short else (not plain[j] or _small_gap(toks[j].text)
                                                or _subjects_own(toks, s, toks[j].text)
                                                or _partitive(toks, j))):
                # (a word of emphasis or a hesitation is no word of the claim: "never,
                # ever, go over your budget")
                gaps += 1
            else:
                break
            j += 1
        if i == len(want) and gaps and _same_persons(banned, toks, s, j) and (
                _one_stretch(banned, text, s, j)):
            return _keyed_ok(search, s, j)
    return None


# quantifiers that take a partitive "of": "any of your printers" is any printer
_PARTITIVE = frozenset({"any", "every", "each", "all", "none", "some", "most", "either"})


def _partitive(toks: Sequence[Token], j: int) -> bool:
    """Whether token j is the determiner of a partitive after a quantifier, which leaves
    the quantifier's claim as it was: "works with any of your printers", "in all of the
    stores" (the possessive or article narrows nothing there: NOT_GAP)."""
    return j >= 2 and toks[j - 1].text == "of" and toks[j - 2].text in _PARTITIVE and (
        toks[j].text in _OF_DETERMINERS)


_OF_DETERMINERS = frozenset({
    "the", "this", "these", "those", "your", "our", "their", "his", "her", "its", "my",
})  # fmt: skip


def _small_gap(word: str) -> bool:
    """Whether a word put inside a phrase leaves its claim as it was: a small word or a
    quantifier ("a few", "down"), not a figure, a person, a negation or a word that
    joins on another claim ("who", "and", "than")."""
    return word not in NOT_GAP and word not in PERSONS and word not in NEGATIONS and (
        not _FIGURE_RE.match(word)) and (not is_content(word) or word in QUANTIFYING)


# a subject pronoun and its possessive: "you'll never go over your quota" says "never go
# over quota" of the listener, as the phrase does; "best in her class" (no "she") does not
_POSSESSIVE_OF = {"you": "your", "we": "our", "i": "my"}
SUBJECT_BEFORE = 3  # tokens before the window where its subject pronoun is


def _subjects_own(toks: Sequence[Token], s: int, word: str) -> bool:
    """Whether `word`, put inside a phrase found from token s, is the possessive of the
    subject pronoun said just before it (nearest first), which adds no one else."""
    for t in reversed(toks[max(0, s - SUBJECT_BEFORE) : s]):
        if t.text in PERSONS:
            return _POSSESSIVE_OF.get(t.text) == word
    return False


def _narrows(word: str) -> bool:
    """Whether a word put in before a phrase's last noun only narrows it: a content
    word or "other" ("any other lab"), no figure or negation."""
    return word == "other" or (is_content(word) and not _FIGURE_RE.match(word)
                               and word not in NEGATIONS)


def _keyed_ok(search: _Search, s: int, e: int) -> tuple[float, int, int] | None:
    """The match (ratio, s, e), unless it says another figure or another form of a word
    ("the game changed" is not "game-changer")."""
    if search.other_figure(s, e - s) or _another_form(search.banned, search.toks[s:e]):
        return None
    return (float(KEYED_RATIO), s, e)


# A noun asked as a one-word question and answered with what the phrase says of it:
# "Downtime? Zero." for "zero downtime", "Payouts? Instant.", "Setup fees? None." for "no
# setup fees", "Uptime? A hundred percent." The answer says nothing else.
ANSWER_MAX = 4  # tokens of the answer
_NONE = frozenset({"none", "nothing", "zero", "0"})


def _topic_answered(search: _Search, text: _Text) -> list[tuple[float, int, int]]:
    """The spans (ratio, start, end) where a question names some of the phrase's words
    and the clause right after it says the others and nothing else."""
    banned, heard = search.banned, search.heard
    own = {stem(w) for w in banned.content}
    clauses = text.structure.clauses
    out = []
    for (q0, q1, kind), (a0, a1, _) in pairwise(clauses):
        if kind != "question" or a1 - a0 > ANSWER_MAX:
            continue
        asked = [heard.stems[k] for k in range(q0, q1) if heard.stems[k]]
        said = [heard.stems[k] for k in range(a0, a1) if heard.stems[k] and heard.plain[k]]
        if not asked or not set(asked) <= own or set(asked) & set(said):
            continue
        denied = any((heard.texts[k] in NEGATIONS or heard.texts[k] in _NONE)
                     and heard.stems[k] not in own for k in range(a0, a1))
        if banned.negated:
            said = [w for w in said if w not in _NONE]
        # (the "zero" that answers a phrase's negation is no other figure)
        if set(asked) | set(said) == own and denied == banned.negated and (
                banned.negated or not search.other_figure(a0, a1 - a0)):
            out.append((float(SPREAD_RATIO), q0, a1))
    return out


# A phrase that opens on its figure ("zero downtime", "100% uptime") said with the figure
# as where its noun goes or stands: "bad debt goes to zero", "uptime is a hundred
# percent", "downtime drops to zero" (not "never goes to zero", "their downtime is 0")
_REACHING_LINKS = frozenset({
    "is", "are", "was", "be", "will", "goes", "go", "going", "went", "gone", "drops",
    "drop", "dropped", "falls", "fall", "fell", "comes", "come", "came", "down", "to",
    "at", "stays", "stay", "sits", "hits", "hit", "right", "just", "becomes", "of",
})  # fmt: skip
REACHING_LINKS_MAX = 3
_NOT_THIS = frozenset({"their", "his", "her", "other", "old", "previous", "former", "its"})
_GOES_ON = frozenset({
    "and", "but", "so", "basically", "too", "now", "like", "flat", "every",
    # ... or a phrase of how or when: "goes to zero with the sensors", "from day one"
    "with", "thanks", "from", "in", "within", "once", "after", "across", "for", "on",
})  # fmt: skip


def _figure_reached(search: _Search, text: _Text) -> list[tuple[float, int, int]]:
    """The spans (ratio, start, end) where the phrase's words after its figure are said
    first and its figure after them, only linking words between, ending its clause."""
    banned, heard, toks = search.banned, search.heard, search.toks
    lead = 0
    while lead < banned.size and (_FIGURE_RE.match(banned.toks[lead])
                                  or banned.toks[lead] == "percent"):
        lead += 1
    figure, rest = banned.toks[:lead], [stem(t) for t in banned.toks[lead:]]
    if not lead or not rest or not all(is_content(t) for t in banned.toks[lead:]):
        return []
    n, out = len(toks), []
    for i in range(n - len(rest)):
        if heard.all_stems[i] != rest[0] or heard.all_stems[i : i + len(rest)] != rest or (
                i > 0 and toks[i - 1].text in _NOT_THIS):
            continue
        k = i + len(rest)
        links = 0
        while k < n and links < REACHING_LINKS_MAX and toks[k].text in _REACHING_LINKS:
            k, links = k + 1, links + 1
        end = k + lead
        if not links or [t.text for t in toks[k:end]] != list(figure):
            continue
        if _clause_ends(text, end - 1) or toks[end].text in _GOES_ON or (
                toks[end].text in _HESITATIONS):
            out.append((float(SPREAD_RATIO), i, end))
    return out


# A phrase of a participle and its noun ("guaranteed income", "automated billing") said
# by the rep as the verb done to that noun: "we guarantee you the income", "we automate
# your billing" (not "they guarantee ...", "we don't guarantee ...")
_OBJECT_FILL = frozenset({"you", "them", "the", "your", "a", "an", "all", "every"})
# what makes the noun the subject of a clause of its own
_CLAUSE_VERBS = frozenset({
    "will", "would", "can", "could", "should", "may", "might", "must", "is", "are", "was",
    "were", "do", "does", "did", "have", "has", "go", "goes", "stay", "stays", "keep", "keeps",
})  # fmt: skip
OBJECT_FILL_MAX = 2
VERB_SUBJECT_WITHIN = 3  # tokens before the verb where "we" or "I" is


def _participle_noun(banned: _Banned) -> bool:
    return banned.size == 2 and len(banned.content) == 2 and (
        banned.toks[0].endswith("ed")) and len(banned.toks[0]) > 5 and (
        not _FIGURE_RE.match(banned.toks[1]))


def _verb_of_participle(search: _Search) -> list[tuple[float, int, int]]:
    """The spans (ratio, start, end) where "we" or "I" does the phrase's participle, as
    a verb, to its noun, only an object pronoun or a determiner between."""
    banned, heard, toks = search.banned, search.heard, search.toks
    verb, noun = stem(banned.toks[0]), stem(banned.toks[1])
    out = []
    for i, t in enumerate(toks):
        if heard.all_stems[i] != verb or t.text == banned.toks[0]:
            continue  # (the participle itself is the phrase's own form, found before)
        k = i + 1
        while k < len(toks) and k - i - 1 < OBJECT_FILL_MAX and toks[k].text in _OBJECT_FILL:
            k += 1
        if k >= len(toks) or heard.all_stems[k] != noun or (
                k + 1 < len(toks) and toks[k + 1].text in _CLAUSE_VERBS):
            continue  # ("we guarantee you the returns will beat inflation": not its object)
        before = [x.text for x in toks[max(0, i - VERB_SUBJECT_WITHIN) : i]]
        subject = next((w for w in reversed(before) if w in PERSONS), None)
        if subject in ("we", "i") and not any(w in NEGATIONS for w in before):
            out.append((float(KEYED_RATIO), i, k + 1))
    return out
