"""A forbidden or retired phrase written inside quotation marks: a headline, a slogan,
a stand's banner or a magazine's words, quoted ("the press called us "X"", "their
stand said: "X"", "a piece under "the box that X""), not the rep's own claim, unless the
rep introduces the quote as what they themselves say ("we always say "X"", "our line is
"X"", "I tell every owner: "X""), or puts it in scare quotes after a present copula
("the screen is "X""), with no denial.

Quotation marks only come from a typed or punctuated transcript (an ASR seldom writes
them), so this reads the raw words the tokens came from (Token.first / Token.last)."""

from __future__ import annotations

from drills.scoring import phrase_cues as cues
from drills.scoring.clauses import _Text

_OPENING = ('"', "\u201c", "\u201e")
_CLOSING = ('"', "\u201d")
_TRAILING = ".,;:!?)]"

QUOTE_OPENS_BEFORE = 4  # tokens of the quote before the phrase: "the box that X"
QUOTE_RUNS_AFTER = 4  # tokens of it after the phrase: ""X for laundry owners""
OWN_QUOTE_WITHIN = 6  # tokens before the quote where the rep's own saying introduces it


def _opens(word: str) -> bool:
    return word.startswith(_OPENING)


def _closes(word: str) -> bool:
    return word.rstrip(_TRAILING).endswith(_CLOSING)


def quoted_words(text: _Text, s: int, e: int) -> bool:
    """Whether the phrase at tokens [s, e) sits inside one pair of quotation marks in
    its sentence (opened at most QUOTE_OPENS_BEFORE tokens before it, closed at most
    QUOTE_RUNS_AFTER after), and the rep does not introduce the quote as their own."""
    toks, words = text.toks, text.words
    if not toks or e <= s or e > len(toks):
        return False
    first, last = toks[s].first, toks[e - 1].last
    if any(_closes(w) for w in words[first:last]) or any(
            _opens(w) for w in words[first + 1 : last + 1]):
        return False  # a quote ends or starts inside the phrase: not one quote around it
    lo = max(0, s - QUOTE_OPENS_BEFORE)
    opened = next((k for k in range(s, lo - 1, -1) if _opens(words[toks[k].first])), None)
    if opened is None or any(_closes(words[toks[k].last]) for k in range(opened, s)):
        return False
    hi = min(len(toks), e + QUOTE_RUNS_AFTER)
    if not any(_closes(words[toks[k].last]) for k in range(e - 1, hi)):
        return False
    return not _own_quote(text, opened)


def _own_quote(text: _Text, opened: int) -> bool:
    """Whether the words just before the quote, in its sentence, are the rep's own
    saying, undenied: "we always say", "our line is", "I tell every owner"."""
    sentence = text.structure.sentence
    lo = max(0, opened - OWN_QUOTE_WITHIN)
    if sentence:
        while lo < opened and sentence[lo] != sentence[opened]:
            lo += 1
    before = [t.text for t in text.toks[lo:opened]]
    if any(w in cues.DENIERS for w in before):
        return False
    if before[-1:] and before[-1] in _PRESENT_COPULAS and not any(
            w in cues.SAYING or w in cues.PRINTING for w in before):
        return True  # scare quotes on what the rep asserts: "the screen is "X""
    return any(w in cues.OWN_SIDE for w in before) and any(
        w in cues.SAYING or w in ("is", "motto", "line", "slogan") for w in before)


_PRESENT_COPULAS = frozenset({"is", "are", "am"})
