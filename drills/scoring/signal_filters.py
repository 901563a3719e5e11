"""Filters that take back a signal another reading set, once every message's signals are
known: a told outcome whose words are only names in a bare list, a headline read inside
another message's sure match or in one name of a list of bare names, and a speed told
only as "pretty quick" for a message with a length of time. They run after the outcome
signal and before the change and figure signals (drills/scoring/__init__.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from drills.scoring.clauses import _AUX_VERBS, _SUBJECT_ONLY, _Text
from drills.scoring.compiled import _Compiled, _Point
from drills.scoring.coverage import _Signals

# determiners that open a bare list item ("the alerts, the refunds, the reports")
_ITEM_OPENERS = frozenset({"the", "a", "an", "your", "our", "their"})
_ITEM_JOINS = frozenset({"and", "or", "plus"})


def _list_item(toks: Sequence[str], k: int) -> bool:
    """Whether the noun at k is an item of a bare list of names: "the X" right after or
    right before another "the Y" (joined or not: "the alerts the refunds", "the alerts
    and the refunds")."""
    if k < 1 or toks[k - 1] not in _ITEM_OPENERS:
        return False
    after = k + 1 + (k + 1 < len(toks) and toks[k + 1] in _ITEM_JOINS)
    if after + 1 < len(toks) and toks[after] in _ITEM_OPENERS:
        return True
    before = k - 2 - (k >= 3 and toks[k - 2] in _ITEM_JOINS)
    return before >= 1 and toks[before - 1] in _ITEM_OPENERS and toks[before] not in (
        _ITEM_OPENERS | _ITEM_JOINS)


def drop_named_outcomes(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """A told outcome whose words of the message are only names in a bare list ("you
    get the alerts, the refunds, the reports") names the feature, not what it does."""
    toks = [t.text for t in text.toks]
    for p, sig in zip(compiled.points, signals, strict=True):
        if not sig.outcome or sig.outcome_span is None:
            continue
        s, e = sig.outcome_span
        own = [k for k in range(s, e + 1) if text.keys[k] and text.keys[k] in p.vocabulary]
        if own and all(_list_item(toks, k) for k in own):
            sig.outcome, sig.outcome_span = 0.0, None


OTHER_TOLD_AT = 0.8  # another message's match this sure tells its clause


def drop_borrowed_headlines(compiled: _Compiled, text: _Text,
                            signals: Sequence[_Signals]) -> None:
    """A headline or key-word share read inside another message's sure match, in words
    that message states too, belongs to it: "wash-and-fold bags are booked and paid for
    in the app" tells the wash-and-fold message, not the one of paying for machines by
    app, though "pay ... in the app" is that one's headline."""
    for p, sig in zip(compiled.points, signals, strict=True):
        if sig.best is not None and sig.best.confidence >= OTHER_TOLD_AT:
            continue
        for span_name, value_name in (("head_span", "head"), ("kw_span", "kw")):
            span = getattr(sig, span_name)
            if span is not None and _borrowed(p, text, span, compiled.points, signals):
                setattr(sig, value_name, 0.0)
                setattr(sig, span_name, None)


def _borrowed(point: _Point, text: _Text, span: tuple[int, int],
              points: Sequence[_Point], signals: Sequence[_Signals]) -> bool:
    said = {k for k in text.keys[span[0] : span[1] + 1] if k} & point.vocabulary
    if not said:
        return False
    for q, other in zip(points, signals, strict=True):
        b = other.best
        if (q is not point and b is not None and b.confidence >= OTHER_TOLD_AT
                and b.span[0] <= span[0] and span[1] <= b.span[1] and said <= q.vocabulary):
            return True
    return False


# a degree that softens how fast: "pretty quick", "fairly soon", "reasonably fast"
_SOFTENERS = frozenset({"pretty", "fairly", "quite", "reasonably", "relatively", "rather"})
_VAGUE_FAST = frozenset({"quick", "quickly", "fast", "soon", "promptly", "swiftly"})


def drop_vague_speeds(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """A told outcome for a message with a length of time ("within 5 minutes") whose
    sentence only says it is fairly quick ("you hear about it pretty quick"), no figure:
    the softened speed does not tell the message's size."""
    sentence = text.structure.sentence
    if not sentence:
        return
    for p, sig in zip(compiled.points, signals, strict=True):
        if not p.units or not sig.outcome or sig.outcome_span is None:
            continue
        k = sentence[sig.outcome_span[0]]
        words = [text.words[j].lower().strip(".,!?;:'\"") for i, t in enumerate(text.toks)
                 if sentence[i] == k for j in range(t.first, t.last + 1)]
        soft = any(w in _SOFTENERS and words[i + 1 : i + 2] and words[i + 1] in _VAGUE_FAST
                   for i, w in enumerate(words))
        figure = any(t.text[:1].isdigit() for i, t in enumerate(text.toks) if sentence[i] == k)
        if soft and not figure:
            sig.outcome, sig.outcome_span = 0.0, None


# An enumeration of bare names cut by commas ("you get wet-bulb snowmaking, lift cameras,
# base building, and permit reporting that files the return for you"): an item with no
# verb of its own names a feature; only an item that says what it does claims it.
LIST_ITEM_MAX = 4  # tokens of a bare name in a list (its "and" not counted)
LIST_MIN_NAMES = 3  # names cut by commas in one sentence that make it a list
LIST_UNSAID_MIN = 2  # words of the statement's first clause a mere name leaves unsaid
_ITEM_LEADS = frozenset({"and", "or", "plus", "also"})


def _bare_item(words: Sequence[str]) -> bool:
    """Whether a clause is a bare name: a few words, none a verb or subject or figure."""
    words = [w for w in words if w not in _ITEM_LEADS]
    return 0 < len(words) <= LIST_ITEM_MAX and not any(
        w in _AUX_VERBS or w in _SUBJECT_ONLY or w[:1].isdigit() for w in words)


def drop_listed_headlines(compiled: _Compiled, text: _Text,
                          signals: Sequence[_Signals]) -> None:
    """A headline read in one name of a list of bare names (LIST_MIN_NAMES or more in its
    sentence, cut by commas) names the feature; its message is not told by it, unless
    the name says its statement's first clause ("immutable backups" for "Backups are
    immutable, so ...")."""
    st = text.structure
    toks = [t.text for t in text.toks]
    for p, sig in zip(compiled.points, signals, strict=True):
        if not sig.head or sig.head_span is None:
            continue
        said = {k for k in text.keys[sig.head_span[0] : sig.head_span[1] + 1] if k}
        if len(set(p.opening_keys) - said) < LIST_UNSAID_MIN:
            continue  # the name says the claim's first clause: "immutable backups"
        at = sig.head_span[0]
        c = next((k for k, (cs, ce, _) in enumerate(st.clauses) if cs <= at < ce), None)
        if c is None or sig.head_span[1] >= st.clauses[c][1]:
            continue
        # the clause and its neighbours in the sentence, up to its end
        first = c
        while first > 0 and st.clauses[first - 1][2] == "clause":
            first -= 1
        last = c
        while last + 1 < len(st.clauses) and st.clauses[last][2] == "clause":
            last += 1
        names = [k for k in range(first, last + 1)
                 if _bare_item(_unled(toks[st.clauses[k][0] : st.clauses[k][1]], k == first))]
        if len(names) >= LIST_MIN_NAMES and c in names:
            sig.head, sig.head_span = 0.0, None


# what presents a list before its first name: "you get ...", "there's ...", "it has ..."
_PRESENTERS = frozenset({"you", "we", "it", "they", "there", "is", "are", "get", "gets", "got",
                         "have", "has", "includes", "include", "offers", "offer", "with",
                         "so", "and", "plus"})
PRESENTER_MAX = 3  # tokens of what presents the list


def _unled(words: Sequence[str], first: bool) -> Sequence[str]:
    """The words of a list's first clause after what presents it ("you get | X")."""
    if not first:
        return words
    k = 0
    while k < min(PRESENTER_MAX, len(words) - 1) and words[k] in _PRESENTERS:
        k += 1
    return words[k:]
