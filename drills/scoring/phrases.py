"""Forbidden and retired phrases: found over word windows by fuzzy comparison of the
normalised text with spaces removed (so "per seat" == "per-seat" == "perseat"), with a
tight threshold, unless the rep distances themselves from it ("we no longer do per-seat
pricing")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from drills.scoring.clauses import _contains, _quote, _Text
from drills.scoring.result import PhraseHit
from drills.text_normalize import Token, canonical, is_content, stem, tokens

PHRASE_MATCH_AT = 90  # rapidfuzz ratio (0-100) for a forbidden/retired phrase

_DISTANCING = (
    ("no", "longer"), ("not",), ("never",), ("away", "from"), ("instead", "of"),
    ("rather", "than"), ("used", "to"), ("replaced",), ("unlike",), ("moved", "from"),
    ("gone",), ("no",), ("stopped",), ("retired",), ("dropped",), ("ditched",),
    ("nothing",), ("nobody",), ("gave", "up"), ("give", "up"), ("rid", "of"),
    ("phased", "out"), ("scrapped",), ("abandoned",), ("past",),
)  # fmt: skip
# ... or just after it: "Clinicflow Lite is gone", "X was retired years ago"
_DISTANCING_AFTER = (
    ("is", "gone"), ("was", "retired"), ("is", "retired"), ("was", "replaced"),
    ("is", "replaced"), ("was", "dropped"), ("is", "a", "thing", "of", "the", "past"),
    ("no", "longer"), ("anymore",), ("was", "discontinued"), ("is", "discontinued"),
    ("was", "scrapped"), ("is", "over"), ("went", "away"),
)  # fmt: skip


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



def _sorted_keys(words: Sequence[str]) -> str:
    return " ".join(sorted(stem(t) for t in words if is_content(t)))


def _banned(phrase: str, note: str | None) -> _Banned:
    toks = tokens(phrase)
    return _Banned(
        phrase=phrase,
        note=note,
        squashed="".join(toks),
        stemmed="".join(stem(t) for t in toks),
        sorted_keys=_sorted_keys(toks),
        words=frozenset(toks),
        size=len(toks),
        anchors=tuple((canonical(t), i) for i, t in enumerate(toks) if is_content(t)),
        content=tuple(t for t in toks if is_content(t)),
        sound=_sound("".join(toks)),
        core=_core(toks),
    )


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
    ("ow", "o"), ("ee", "i"), ("ea", "i"), ("y", "i"), ("c", "k"),
)  # fmt: skip
SOUND_MATCH_AT = 92  # rapidfuzz ratio of two such spellings
SAYS_WORD_AT = 80  # partial ratio for each word of a phrase, as written or as it sounds


def _sound(squashed: str) -> str:
    s = squashed
    for a, b in _SOUNDS:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)  # doubled letters sound single



def _find_banned(banned: _Banned, text: _Text) -> list[PhraseHit]:
    toks = text.toks
    n = len(toks)
    if n == 0 or not banned.squashed:
        return []
    starts: set[int] = set()
    if banned.anchors:
        anchor_keys = {k for k, _ in banned.anchors}
        for i, key in enumerate(text.all_keys):
            if key in anchor_keys:
                starts.update(i - pos for k, pos in banned.anchors if k == key)
            elif len(key) >= 4:
                # the first part of a word the ASR split: "clinic flow" for "Clinicflow"
                starts.update(i - pos for k, pos in banned.anchors
                              if len(k) > len(key) and k.startswith(key))
    else:
        starts.update(range(n))
    cutoff = PHRASE_MATCH_AT if len(banned.squashed) >= 10 else 95
    reorder = len(banned.anchors) >= 2
    found: list[tuple[float, int, int]] = []  # (ratio, start, end) token indices, end excl.
    for s0 in sorted(starts):
        best: tuple[float, int, int] | None = None
        for s in (s0 - 1, s0, s0 + 1):
            for size in (banned.size - 1, banned.size, banned.size + 1, banned.size + 2):
                if s < 0 or size < 1 or s + size > n:
                    continue
                window = [t.text for t in toks[s : s + size]]
                r = fuzz.ratio(banned.squashed, "".join(window), score_cutoff=cutoff)
                if not r and size <= banned.size + 1:
                    stemmed = "".join(stem(t) for t in window)
                    r = fuzz.ratio(banned.stemmed, stemmed, score_cutoff=cutoff)
                if not r and size <= banned.size + 1 and len(banned.sound) >= 8:
                    r = fuzz.ratio(banned.sound, _sound("".join(window)),
                                   score_cutoff=SOUND_MATCH_AT)
                # prefer the better ratio, then the tighter window
                if r and (best is None or (r, -size) > (best[0], best[1] - best[2])):
                    best = (r, s, s + size)
        if best is None and reorder:  # the same words in another order
            for s in range(max(0, s0 - banned.size + 1), s0 + banned.size):
                for size in (banned.size, banned.size + 1):
                    if s + size > n:
                        continue
                    window = [t.text for t in toks[s : s + size]]
                    r = fuzz.ratio(banned.sorted_keys, _sorted_keys(window), score_cutoff=95)
                    if r and (best is None or (r, -size) > (best[0], best[1] - best[2])):
                        best = (r, s, s + size)
        if best is not None and _says_every_word(banned, toks[best[1] : best[2]]):
            found.append(best)
        elif banned.core:
            core = _core_match(banned, toks, s0)
            if core is not None:
                found.append(core)
    # keep non-overlapping occurrences, best first
    found.sort(key=lambda f: (-f[0], f[2] - f[1], f[1]))
    taken: list[tuple[int, int]] = []
    hits = []
    for _, s, e in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        if _distanced(text, s, banned) or _distanced_after(text, e):
            continue
        said, start, end = _quote(text, (s, e - 1))
        hits.append((s, PhraseHit(banned.phrase, said, start, end, banned.note)))
    return [h for _, h in sorted(hits, key=lambda x: x[0])]


def _says_every_word(banned: _Banned, window: Sequence[Token]) -> bool:
    """A fuzzy hit must still say each content word of the phrase in some spelling:
    "Northwind" alone is 90% like "Northwind AV" but does not say the retired product
    name, while "per seat", "perseat" and "ransom wear" keep every word."""
    said = "".join(t.text for t in window)
    heard = _sound(said)
    return all(fuzz.partial_ratio(word, said) >= 80
               or fuzz.partial_ratio(_sound(word), heard) >= SAYS_WORD_AT
               for word in banned.content)


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


def _distanced(text: _Text, s: int, banned: _Banned) -> bool:
    """Whether the words just before a phrase distance the rep from it ("not", "no
    longer", "instead of"...), within the same sentence."""
    if text.structure.distanced and text.structure.distanced[s]:
        return True  # "nobody should tell you it's unhackable", "rivals claim ..."
    before = [t.text for t in text.toks[max(0, s - 4) : s]]
    if s < len(text.toks) and text.toks[s].text not in banned.words:
        before.append(text.toks[s].text)  # the fuzzy window began on the cue itself
    return any(_contains(before, cue) for cue in _DISTANCING)


def _distanced_after(text: _Text, e: int) -> bool:
    """Whether the words just after a phrase disown it ("... is gone", "... was retired")."""
    after = [t.text for t in text.toks[e : e + 6]]
    return any(tuple(after[: len(cue)]) == cue for cue in _DISTANCING_AFTER) or any(
        tuple(after[1 : 1 + len(cue)]) == cue for cue in _DISTANCING_AFTER
    )

