"""The figure signal: one of the message's own figures said as the rep's claim.

A message's figures ("40% more claims", "under 15 minutes", "three times more fraud")
are the most specific thing it claims, and a paraphrase that keeps the figure but few
of the statement's words ("every adjuster carries forty per cent more claims since the
paperwork is pre-filled") is still that claim. `figure` is 1 where a clause says one of
the message's own figures (one no other message of the module states), in its kind (a
share, a length of time, a plain number), in a sentence that names something else of
the message, says no other figure of a kind the message states ("from ten days to
seven", "up from 10% last year"), and that nothing denies, asks, hedges or attributes
("customers say demand charges came down by 20%, but don't count on that"). A figure
alone ("15 minutes sounds ambitious") is not enough. Figures are normalised before:
fractions, ratios, lengths of time and the playbook's bounds (text_normalize,
coverage._within_bounds). It is evidence the coverage model weighs with the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from drills.scoring.clauses import _Text
from drills.scoring.compiled import _PERIOD_KEYS, LENGTH, SHARE, _Compiled, _Point, seconds
from drills.scoring.coverage import _Signals
from drills.text_normalize import analyze, canonical

# the words of a figure's unit name no message: "15 minutes" is all figure
_MEASURES = _PERIOD_KEYS | {canonical("percent")}


def figure_signals(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """Set each message's `figure` signal (and weaken evidence said next to another
    figure, _figure_conflicts)."""
    points = compiled.points
    said = text.figures
    if not points or not text.toks:
        return
    _figure_conflicts(compiled, text, signals)  # ("in half" is no figure of `said`)
    if not any(said) or not any(p.figures for p in points):
        return
    st = text.structure
    framed = st.framed or (False,) * len(text.toks)
    # whose figure each (figure, kind) is: only one message's, or none
    owner: dict[tuple[str, str], int] = {}
    for i, p in enumerate(points):
        for f in p.figures:
            owner[f] = i if f not in owner else -1
    sentence = st.sentence or (0,) * len(text.toks)
    members: dict[int, list[int]] = {}  # the tokens of each sentence
    for i, k in enumerate(sentence):
        members.setdefault(k, []).append(i)
    for cs, ce, kind in st.clauses:
        if kind == "question":
            continue
        here = {fig for i in range(cs, ce)
                if (fig := said[i]) is not None and not st.negated[i]}
        if not here:
            continue
        # the rep's own claim: nothing in its sentence denies, hedges or attributes it
        # ("customers say demand charges came down by 20%, but don't count on that")
        ss = members[sentence[cs]]
        if any(st.negated[i] or framed[i] for i in ss):
            continue
        words = {text.keys[i] for i in ss if text.keys[i] and not text.keys[i][:1].isdigit()
                 } - _MEASURES
        for i, p in enumerate(points):
            mine = {f for f in here if owner.get(f) == i}
            if any(_reversed(p, text, j, (*g, "")) for j in range(cs, ce)
                   if (g := said[j]) is not None and g in mine):
                continue  # its share said going the other way ("went up 15%")
            if not mine:
                continue
            kinds = {k for _, k in p.figures}
            if any(f is not None and f[1] in kinds and f not in p.figures
                   for f in (said[j] for j in ss)):
                continue  # "from 10 days to 7": another figure of a kind it states
            # with a word of the message in its sentence, it is the message's figure
            if words & p.vocabulary:
                signals[i].figure = 1.0


OTHER_FIGURE = 0.5  # what a match said beside another figure of the message's kind keeps
RATE_AFTER = 4  # tokens: "two hours a day", "a dozen chairs a week": "a day" is a rate


def _plain_figures(text: _Text) -> list[tuple[str, str, str] | None]:
    """Per token, (figure, kind, unit of time) where a figure is said plainly (not
    denied, not the alternative rejected), else None; a rate's period ("two hours a
    day") is no figure."""
    st = text.structure
    out: list[tuple[str, str, str] | None] = []
    for i, f in enumerate(text.figures):
        if f is None and _halved(text, i) and not st.negated[i] and not st.contrast[i]:
            out.append(HALF)  # "cut keg losses in half" is not "by two thirds"
            continue
        if f is None or st.negated[i] or st.contrast[i]:
            out.append(None)
            continue
        unit = text.units[i] if f[1] == LENGTH and text.units else ""
        word = text.words[text.toks[i].first].lower()
        if unit and word in ("a", "an") and any(text.figures[max(0, i - RATE_AFTER) : i]):
            out.append(None)
            continue
        out.append((f[0], f[1], unit))
    return out


HALF = ("50", SHARE, "")
_HALVING = frozenset({"halve", "halves", "halved", "halving"})


def _halved(text: _Text, i: int) -> bool:
    """Whether token i says a cut by half ("in half", "by half", "halved"): a share of
    50% that can only tell against another share (its words stay as said, so "drop by
    half" still matches a message that says so)."""
    w = text.toks[i].text
    before = text.toks[i - 1].text if i else ""
    after = text.toks[i + 1].text if i + 1 < len(text.toks) else ""
    return w in _HALVING or (w == "half" and before in ("in", "by") and after != "past")


def _states(point: _Point, fig: tuple[str, str, str]) -> bool:
    """Whether the message states the figure: a length in its unit ("an hour" is not the
    "a day" of its "an hour a day"), anything else by figure and kind."""
    key, kind, unit = fig
    return (key, unit) in point.units if unit else (key, kind) in point.figures


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


def _reversed(point: _Point, text: _Text, i: int, fig: tuple[str, str, str]) -> bool:
    """Whether a share the message states is said going the other way: "fuel prices went
    up fifteen percent" for "fifteen percent less fuel"."""
    if fig[1] != SHARE:
        return False
    stated = {d for f, d in _stated_directions(point.texts) if f == fig[0]}
    said = _direction([t.text for t in text.toks[max(0, i - DIRECTION_BEFORE) : i + 3]],
                      min(i, DIRECTION_BEFORE)) if stated else ""
    return bool(said) and said not in stated


# A time a message names without a figure, as the length it bounds: "the next business
# day", "the next morning", "on their first day" are within a day, so "within a week" or
# "two days later" is another length ("overnight" is left out: equipment runs overnight).
_WITHIN_A_DAY = (
    ("next", "day"), ("next", "business", "day"), ("next", "working", "day"),
    ("next", "morning"), ("following", "day"), ("following", "morning"), ("same", "day"),
    ("first", "day"),
)  # fmt: skip
DAY = 86400.0


# A unit said with no figure ("wiped in seconds", "within minutes") bounds the length by
# the next larger unit: "in about an hour" is another length than "in seconds".
_COUNTLESS = {"seconds": 60.0, "minutes": 3600.0, "hours": DAY}
_IN = frozenset({"in", "within"})


@lru_cache(maxsize=512)
def _implied_bound(texts: tuple[str, ...]) -> float | None:
    """The length in seconds a message's named time bounds (see _WITHIN_A_DAY,
    _COUNTLESS), or None."""
    for t in texts:
        raw = t.lower().replace(".", " ").replace(",", " ").split()  # before "fast"
        for a, b in pairwise(raw):
            if a in _IN and b in _COUNTLESS:
                return _COUNTLESS[b]
        words = [x.text for x in analyze(t.split())]
        for n in (2, 3):
            if any(tuple(words[i : i + n]) in _WITHIN_A_DAY for i in range(len(words))):
                return DAY
    return None


def _longer(fig: tuple[str, str, str], bound: float) -> bool:
    """Whether a said length is longer than a message's named time allows."""
    length = seconds(fig[0], fig[2]) if fig[1] == LENGTH else None
    return length is not None and length > bound


def _figure_conflicts(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """Weaken what a message's evidence says where the words next to it state another
    figure of a kind the message states, one no message of the module states, and none
    of its own: "reminders go out automatically, and clinics double their booster
    visits" for "a quarter more booster visits", "our vets say it saves them half a day"
    for "an hour a day", "four percent more claims once the paperwork is filled in" for
    40%. Next to it: in the clauses of its words, or the one either side, in the same
    sentence (a wider reach, tried, took figures that were other claims')."""
    st = text.structure
    said = _plain_figures(text)
    points = compiled.points
    figs = [i for i, f in enumerate(said) if f is not None]
    if not figs:
        return
    others = [i for i in figs if not any(_states(p, said[i] or ("", "", "")) for p in points)]
    clause_of: list[int] = [0] * len(text.toks)
    for k, (cs, ce, _) in enumerate(st.clauses):
        for i in range(cs, ce):
            clause_of[i] = k
    sentence = st.sentence or (0,) * len(text.toks)
    clause_words = [frozenset(k for k in text.keys[cs:ce] if k and not k[:1].isdigit())
                    - _MEASURES for cs, ce, _ in st.clauses]

    def names(point: _Point, k: int) -> bool:
        """Whether clause k says a word of the message besides its figure: the figure
        there is the message's own slot ("..., which saves about half an hour a day"
        for "saving an hour a day"), however far in the sentence it stands."""
        return bool(clause_words[k] & point.vocabulary)

    def near(point: _Point, span: tuple[int, int] | None) -> bool:
        """Whether another figure of the message's kinds is said next to `span`, and
        none of the message's own."""
        if span is None:
            return False
        kinds = {k for _, k in point.figures}
        bound = None if LENGTH in kinds else _implied_bound(point.texts)
        lo, hi = clause_of[span[0]] - 1, clause_of[span[1]] + 1
        sents = {sentence[span[0]], sentence[span[1]]}

        def close(i: int) -> bool:
            return sentence[i] in sents and (
                lo <= clause_of[i] <= hi or names(point, clause_of[i]))

        own = [i for i in figs if (f := said[i]) is not None and _states(point, f) and close(i)]
        flipped = [i for i in own if _reversed(point, text, i, said[i] or ("", "", ""))]
        if flipped:
            return True  # its own share, said going the other way
        if bound is not None and any((f := said[i]) is not None and _longer(f, bound)
                                     and close(i) for i in others):
            return True  # "within a week" for "the next business day"
        return not own and any(
            (f := said[i]) is not None and f[1] in kinds and close(i) for i in others)

    def anothers(point: _Point, span: tuple[int, int] | None) -> bool:
        """Whether a told story's words sit next to a figure only another message
        states, and none of this one's: "it catches three times as much fraud" tells
        the fraud message's outcome, not the one of 40% more claims per adjuster."""
        if span is None:
            return False
        lo, hi = clause_of[span[0]], clause_of[span[1]]
        near_figs = [f for i in figs if (f := said[i]) is not None
                     and lo <= clause_of[i] <= hi and sentence[i] == sentence[span[0]]]
        return bool(near_figs) and not any(_states(point, f) for f in near_figs) and any(
            _states(q, f) for q in points if q is not point for f in near_figs)

    for p, sig in zip(points, signals, strict=True):
        if p.figures and anothers(p, sig.outcome_span):
            sig.outcome, sig.outcome_span = 0.0, None
        if p.figures and anothers(p, sig.change_span):
            sig.change, sig.change_span = 0.0, None
        if not p.figures and _implied_bound(p.texts) is None:
            continue
        if sig.best is not None and near(p, sig.best.span):
            sig.best.confidence *= OTHER_FIGURE
        if near(p, sig.head_span):
            sig.head, sig.head_span = 0.0, None
        if near(p, sig.kw_span):
            sig.kw, sig.kw_span = 0.0, None
        if near(p, sig.outcome_span):
            sig.outcome, sig.outcome_span = 0.0, None
        if near(p, sig.change_span):
            sig.change, sig.change_span = 0.0, None
