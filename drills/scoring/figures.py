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
from drills.scoring.compiled import (
    _PERIOD_KEYS,
    DIRECTION_BEFORE,
    HALF,
    LENGTH,
    NUMBER,
    PART,
    SHARE,
    _bounds,
    _Compiled,
    _direction,
    _Point,
    _stated_directions,
    seconds,
)
from drills.scoring.coverage import _Signals
from drills.scoring.outcome_counts import _figure as _count
from drills.scoring.outcome_counts import _in_thousands, counts_now
from drills.scoring.rates import (
    _PER_WORDS,
    _PERIODS,
    _count_rate_matches,
    _same_rate,
    speed_matches,
)
from drills.scoring.share_words import ROUGHLY, halving_at
from drills.text_normalize import Token, analyze, canonical

# the words of a figure's unit name no message: "15 minutes" is all figure
# (nor do the words of a share said in words: "in half" names no message of half)
_MEASURES = _PERIOD_KEYS | {canonical(w) for w in (
    "percent", "half", "halve", "halved", "third", "thirds", "quarter", "quarters", "double",
    "doubled", "triple", "tripled", "twice")}


def figure_signals(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """Set each message's `figure` signal (and weaken evidence said next to another
    figure, _figure_conflicts)."""
    points = compiled.points
    said = text.figures
    if not points or not text.toks:
        return
    _figure_conflicts(compiled, text, signals)  # ("in half" is no figure of `said`)
    _terse_without_share(compiled, text, signals)
    named = set(_named_times(text))
    if not (any(said) or named) or not any(p.figures for p in points):
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
    rated = _rate_matches(text, points)
    vague = {j for j in range(len(text.toks)) if _vague(text, j)}
    for cs, ce, kind in st.clauses:
        if kind == "question":
            continue
        here = {fig for i in range(cs, ce)
                if (fig := said[i]) is not None and not st.negated[i]}
        soon = any(j in named and not st.negated[j] for j in range(cs, ce))
        if not here and not soon:
            continue
        # the rep's own claim: nothing in its sentence denies, hedges or attributes it
        # ("customers say demand charges came down by 20%, but don't count on that")
        ss = members[sentence[cs]]
        if any(st.negated[i] or framed[i] for i in ss):
            continue
        words = {text.keys[i] for i in ss if text.keys[i] and not text.keys[i][:1].isdigit()
                 } - _MEASURES
        rates_of = {rated[j] for j in range(cs, ce) if j in rated and not st.negated[j]}
        for i, p in enumerate(points):
            mine = {f for f in here if owner.get(f) == i}
            if any(_reversed(p, text, j, (*g, "")) or _bound_broken(
                    p, text, j, (*g, text.units[j] if text.units else ""))
                   for j in range(cs, ce) if (g := said[j]) is not None and g in mine):
                continue  # its share said going the other way ("went up 15%")
            # "orders ship overnight", "by the next morning" for "within 24 hours"
            by_then = soon and NAMED_MIN < _longest(p) <= NAMED_MAX
            if not mine and i not in rates_of and not by_then:
                continue
            kinds = {k for _, k in p.figures}
            if any(g[1] in kinds and g not in p.figures and j not in rated
                   for j in ss if (g := said[j]) is not None):
                continue  # "from 10 days to 7": another figure of a kind it states
            if kinds - {LENGTH} and vague & set(ss):
                continue  # "a handful more stops a day": its figure said vaguely
            # with a word of the message in its sentence, it is the message's figure
            if words & p.vocabulary:
                signals[i].figure = 1.0


def _rates(words: Sequence[str], toks: Sequence[Token]) -> dict[int, tuple[float, float]]:
    """Per token of a length said as a rate ("5 hours 7 days" of "five hours a week",
    "an hour per day", "ten minutes every day"), (its length, the period) in seconds."""
    out: dict[int, tuple[float, float]] = {}
    texts = [t.text for t in toks]
    for i in range(len(texts) - 2):
        amount = seconds(texts[i], texts[i + 1])
        if amount is None or not amount:
            continue
        j = i + 2
        per = texts[j] in _PER_WORDS
        if per and j + 1 < len(texts) and texts[j + 1] in _PERIODS:
            out[i] = (amount, _PERIODS[texts[j + 1]])
            continue
        j += per
        if j + 1 < len(texts) and (period := seconds(texts[j], texts[j + 1])) and (
                per or words[toks[j].first].lower() in ("a", "an")):
            out[i] = (amount, period)
    return out


@lru_cache(maxsize=512)
def _point_rates(texts: tuple[str, ...]) -> tuple[tuple[float, float], ...]:
    """The rates a message's texts state ("an hour a day")."""
    out: list[tuple[float, float]] = []
    for t in texts:
        words = t.split()
        out += _rates(words, analyze(words)).values()
    return tuple(out)


def _rate_matches(text: _Text, points: Sequence[_Point]) -> dict[int, int]:
    """Per token of a rate said in another period that is one a message states, that
    message's index (-1 where more than one state it); its period's figure too."""
    out: dict[int, int] = {**_count_rate_matches(text, points)[0], **speed_matches(text, points)}
    stated = [(_point_rates(p.texts), i) for i, p in enumerate(points)]
    if not any(r for r, _ in stated):
        return out
    for j, rate in _rates(text.words, text.toks).items():
        owners = {i for rates, i in stated if any(_same_rate(rate, r) for r in rates)}
        if owners:
            owner = owners.pop() if len(owners) == 1 else -1
            for k in range(j, min(len(text.toks), j + 5)):
                if k == j or (k > j + 1 and text.toks[k].text[:1].isdigit()):
                    out[k] = owner
    return out


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
        if f is None and _vague(text, i) and not st.negated[i] and not st.contrast[i]:
            out.append(("?", VAGUE, ""))  # "a few more bookings" is not "a quarter more"
            continue
        if f is None and _vague_sum(text, i) and not st.negated[i] and not st.contrast[i]:
            out.append(("?", VAGUE_SUM, ""))  # "a few hundred quid" is not "45 pounds"
            continue
        if f is None or st.negated[i] or st.contrast[i]:
            out.append(None)
            continue
        unit = text.units[i] if f[1] == LENGTH and text.units else ""
        word = text.words[text.toks[i].first].lower()
        if unit and word in ("a", "an") and (any(text.figures[max(0, i - RATE_AFTER) : i])
                                             or any(out[max(0, i - RATE_AFTER) : i])):
            out.append(None)
            continue
        out.append((f[0], f[1], unit))
    return out


# A rise or a cut said vaguely where a message states its figure ("a few more bookings"
# for "a quarter more", "slightly fewer no-shows" for "40% fewer") is another amount
# than the message's: a figure of any kind but a length, that no message states. (A
# vague count is not: "off by a few thousand dollars" tells a forecast was close.)
VAGUE = "vague"
_VAGUE = frozenset({"few", "couple", "handful", "bit", "little", "several", "slightly", "somewhat",
                    "marginally"})
_VAGUE_AFTER = frozenset({"more", "fewer", "less", "extra", "higher", "lower", "faster",
                          "quicker", "cheaper"})


def _vague(text: _Text, i: int) -> bool:
    """Whether token i says a rise or a cut vaguely ("a few more", "a handful more",
    "several more", "slightly fewer")."""
    w = text.toks[i].text
    if w not in _VAGUE:
        return False
    after = [t.text for t in text.toks[i + 1 : i + 3]]
    nxt = (after[:1] == ["of"] and after[1:]) or after[:1]  # "a handful of extra stops"
    return bool(nxt) and nxt[0] in _VAGUE_AFTER


# A sum of money said vaguely ("a few hundred quid", "several thousand dollars") is
# another amount than a message's count, not than its share ("off by a few thousand
# dollars" may tell a forecast within five percent).
VAGUE_SUM = "vague-sum"
_VAGUE_SCALES = frozenset({"hundred", "thousand", "million"})
_CURRENCY = frozenset({"pound", "pounds", "quid", "dollar", "dollars", "euro", "euros", "bucks",
                       "grand"})


def _vague_sum(text: _Text, i: int) -> bool:
    """Whether token i says a sum of money vaguely: "a few hundred quid", "several
    thousand dollars", "a couple of grand"."""
    if text.toks[i].text not in ("few", "several", "couple"):
        return False
    after = [t.text for t in text.toks[i + 1 : i + 4]]
    if after[:1] == ["of"]:
        after = after[1:]
    return bool(after) and (after[0] == "grand" or (
        after[0] in _VAGUE_SCALES and len(after) > 1 and after[1] in _CURRENCY))


def _halved(text: _Text, i: int) -> bool:
    """Whether token i says a cut by half (share_words.halving_at): a share of 50% that can
    only tell against another share (its words stay as said, so "drop by half" still
    matches a message that says so)."""
    return halving_at([t.text for t in text.toks[max(0, i - 3) : i + 3]], min(i, 3))


# A change told as two counts ("electricity was forty thousand, now thirty-four
# thousand", "went from a hundred megalitres to seventy", "paid 30000 where it used to
# be 40000") says a share: the fall or rise over the count before. Said next to a
# message that states a share, it is a figure of that kind (rule: "seventy where they
# took a hundred" is 30%; "forty thousand, now thirty-four" is 15%, not a quarter).
PAIR_REACH = 4  # tokens from "from" to its first count, and from "to" to the second
SHARE_CLOSE = 0.12  # a share implied within this part of a stated one is that one
SHARE_SLACK = 1.0  # ... or within this many points (a share rounded in the telling)
ROUGH_CLOSE = 0.25  # ... or this part where a count is said roughly ("about twelve grand")
# a count said as a bound ("to under ten", "more than forty") gives no share to hold a
# message's against; one said roughly, a wider one
_BOUNDS = frozenset({"under", "below", "over", "above", "than", "least", "most", "upwards"})


def _pair(words: Sequence[str], a: int, b: int) -> tuple[float, float] | None:
    """The counts then and now at a and b ("twenty thousand ... twenty-two" is 22000),
    or None where either is said as a bound."""
    if any(w in _BOUNDS for j in (a, b) for w in words[max(0, j - 2) : j]):
        return None
    then, now = _count(words, a) or 0.0, _count(words, b) or 0.0
    if _in_thousands(then, now) and words[b + 1 : b + 2] != ["thousand"]:
        now *= 1000  # "from twenty thousand to twenty-two"
    return then, now


# What links two counts as one amount then and now: "from A to B", "A down to B",
# "A, now B" (the count then first); "B, down from A", "B instead of A", "B where it was
# A", "B compared with A" (the count now first; the share is read both ways, so the
# order only tells which way it went).
_CHANGE_VERBS = frozenset({"went", "go", "goes", "gone", "dropped", "drop", "drops", "fell",
                           "fall", "falls", "rose", "rise", "rises", "came", "come", "comes",
                           "cut", "down", "up", "climbed", "jumped", "shrank", "grew"})
_NOW_FIRST = frozenset({"instead", "where", "compared", "versus", "vs", "against", "rather",
                        "from"})
_THEN_FIRST = frozenset({"now", "today", "nowadays", "these", "this"})
PAIR_APART = 8  # tokens at most between the two counts
PAIR_RATIO = 4.0  # counts further apart than this are two things ("20 to 400 hectares")


def _linked_counts(words: Sequence[str], sentence: Sequence[int]
                   ) -> list[tuple[int, int, bool]]:
    """(position, position, whether the second is the count now) of each two counts in a
    sentence said as one amount then and now."""
    counts = [i for i in range(len(words)) if _count(words, i) is not None]
    out = []
    for a, b in pairwise(counts):
        if sentence[a] != sentence[b] or b - a > PAIR_APART:
            continue
        between = set(words[a + 1 : b])
        before = set(words[max(0, a - PAIR_REACH) : a])
        after = words[b + 1 : b + 1 + PAIR_REACH]
        if "to" in between and ("from" in before or (before | between) & _CHANGE_VERBS):
            out.append((a, b, True))  # "from A to B", "A down to B"
        elif between & _THEN_FIRST or ("last" in between and "this" in after):
            out.append((a, b, True))  # "A, now B", "A last year and B this year"
        elif between & _NOW_FIRST:
            out.append((a, b, False))  # "B, down from A", "B instead of A"
    return out


def _pair_shares(text: _Text, points: Sequence[_Point]) -> dict[int, tuple[str, str, str]]:
    """Per token of a count in a change told as two counts, the share figure that change
    comes to: keyed as a message's own share where it is within SHARE_CLOSE of it, read
    either way ("a team of twenty does what took twenty-eight" is 29% fewer people or
    40% more for each) and not going the other way, else as the share rounded."""
    words = [t.text for t in text.toks]
    sentence = text.structure.sentence or (0,) * len(words)
    pairs: list[tuple[int, int, float, float]] = []
    for a, b, now_second in _linked_counts(words, sentence):
        counts = _pair(words, a, b) if now_second else _pair(words, b, a)
        if counts is not None and max(counts) <= PAIR_RATIO * min(counts):
            pairs.append((a, b, *counts))
    for now_at, (kind, share) in counts_now(words, sentence).items():
        pairs.append((now_at, now_at, 100.0, 100.0 - share if kind == "fewer" else 100.0 + share))
    stated = [(k, {d for f, d in _stated_directions(p.texts) if f == k})
              for p in points for k, kind in p.figures if kind == SHARE]
    out: dict[int, tuple[str, str, str]] = {}
    for a, b, then, now in pairs:
        if not then or not now or now == then:
            continue
        way, back = ("-", "+") if now < then else ("+", "-")
        # the change over the count then, and the other way over the count now
        shares = ((abs(then - now) / then * 100, way), (abs(then - now) / now * 100, back))
        rough = any(w in ROUGHLY for j in (a, b) for w in words[max(0, j - 2) : j])
        close = ROUGH_CLOSE if rough else SHARE_CLOSE
        near = [(abs(float(k) - share), k) for k, ways in stated for share, d in shares
                if abs(float(k) - share) <= max(SHARE_SLACK, close * float(k))
                and (not ways or d in ways)]
        key = min(near)[1] if near else f"{shares[0][0]:.0f}"
        for i in (a, b):
            out.setdefault(i, (key, SHARE, ""))
    return out


def _states(point: _Point, fig: tuple[str, str, str]) -> bool:
    """Whether the message states the figure: a length in its unit ("an hour" is not the
    "a day" of its "an hour a day"), anything else by figure and kind (a part of the
    whole says a share that goes neither way: _kinds_said_as)."""
    key, kind, unit = fig
    if unit:
        return (key, unit) in point.units
    return (key, kind) in point.figures or (kind == PART and (key, SHARE) in point.figures
                                            and PART in _kinds_said_as(point))


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


# A time named without a figure that is hours away at least ("by the next morning",
# "overnight", "tomorrow"): another length than a message's of minutes
_NAMED_LATER = (("next", "morning"), ("next", "day"), ("following", "morning"),
                ("following", "day"), ("overnight",), ("tomorrow",), ("next", "business", "day"),
                ("next", "working", "day"))
_NAMED_FIRST = frozenset(n[0] for n in _NAMED_LATER)
NAMED_MIN = 6 * 3600.0  # a message's lengths all under this are told against by them
NAMED_MAX = 2 * 86400.0  # ... and one's longest of NAMED_MIN to this says them


_BY = frozenset({"by", "until", "till", "before"})


def _named_times(text: _Text) -> list[int]:
    """The tokens starting a time named as hours away at least (_NAMED_LATER), as when
    something is done: "overnight", or after "by" ("by the next morning", "by
    tomorrow"; "tomorrow sorted before lunch" names what is done)."""
    words = [t.text for t in text.toks]
    if not _NAMED_FIRST & set(words):
        return []
    return [i for i in range(len(words)) for n in (1, 2, 3)
            if tuple(words[i : i + n]) in _NAMED_LATER
            and ((n == 1 and words[i] == "overnight") or set(words[max(0, i - 2) : i]) & _BY)]


def _longest(point: _Point) -> float:
    """The longest length of time a message states, in seconds (0 for none)."""
    return max((x for f, u in point.units if (x := seconds(f, u)) is not None), default=0.0)


def _longer(fig: tuple[str, str, str], bound: float) -> bool:
    """Whether a said length is longer than a message's named time allows."""
    length = seconds(fig[0], fig[2]) if fig[1] == LENGTH else None
    return length is not None and length > bound


# Words just before a denied figure that make it a bound the rep promises: "doesn't take
# over 15 minutes", "never more than 20%", "won't go longer than a day".
_BOUND_WORDS = frozenset({"over", "more", "longer", "above", "beyond", "exceed", "than",
                          "past", "under", "less", "below"})
BOUND_REACH = 2
LEAN_REACH = 4  # tokens either side of a figure that say whose claim it is
# What takes a figure back rather than states a negative claim ("nobody types patient
# data twice" is the message): a promise refused ("can't promise 20%", "wouldn't bank on
# it"), or the figure doubted ("maybe not 25%", "not necessarily a third").
_WITHDRAWING = frozenset({"promise", "guarantee", "swear", "say", "claim", "bank", "count",
                          "commit", "expect", "maybe", "perhaps", "probably", "necessarily",
                          "always", "though", "although"})
WITHDRAW_REACH = 5


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
    implied: set[int] = set()  # a share told as two counts (its way is known)
    if any(kind == SHARE for p in points for _, kind in p.figures):
        for i, f in _pair_shares(text, points).items():
            if not st.negated[i] and not st.contrast[i]:
                said[i] = f
                implied.add(i)
    for i, owner in _rate_matches(text, points).items():  # its rate, in another period
        own_units = sorted(points[owner].units) if owner >= 0 else []
        said[i] = (own_units[0][0], LENGTH, own_units[0][1]) if own_units and said[i] else None
    # a message's own count said per another period: that period is another figure
    wrong_period = {j: owners for j, owners in _count_rate_matches(text, points)[1].items()
                    if not st.negated[j] and not st.contrast[j]}
    figs = [i for i, f in enumerate(said) if f is not None]
    named = [i for i in _named_times(text) if not st.negated[i] and not st.contrast[i]]
    if not figs and not named and not any(
            f is not None and st.negated[i] for i, f in enumerate(text.figures)):
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
        kinds = _kinds_said_as(point)
        bound = None if LENGTH in kinds else _implied_bound(point.texts)
        lo, hi = clause_of[span[0]] - 1, clause_of[span[1]] + 1
        sents = {sentence[span[0]], sentence[span[1]]}

        def close(i: int) -> bool:
            return sentence[i] in sents and (
                lo <= clause_of[i] <= hi or names(point, clause_of[i]))

        if any(close(j) and any(points[o] is point for o in owners)
               for j, owners in wrong_period.items()):
            return True  # "5k a year" for "5,000 dollars a month"
        own = [i for i in figs if (f := said[i]) is not None and _states(point, f) and close(i)]
        flipped = [i for i in own if i not in implied
                   and (_reversed(point, text, i, said[i] or ("", "", ""))
                        or _bound_broken(point, text, i, said[i] or ("", "", ""))
                        or _corrected(text, i, said))]
        if flipped:
            return True  # its own share, said going the other way
        if not own and any(close(i) for i in denied_own(point)):
            return True  # "route planning cuts fuel costs, though I can't promise 20%"
        if bound is not None and any((f := said[i]) is not None and _longer(f, bound)
                                     and close(i) for i in others):
            return True  # "within a week" for "the next business day"
        # (a change told as two counts beside its words is its story's figure, even
        # where another message states that share: "the pumps moved to the night
        # tariff, the bill was fifty thousand, now forty-five")
        if not own and LENGTH in kinds and any(close(i) for i in named) and (
                _longest(point) < NAMED_MIN):
            return True  # "calls back by the next morning" for "within 45 minutes"
        if not own:
            return any(
                (f := said[i]) is not None and (f[1] in kinds or (f[1] == VAGUE and bool(
                    kinds - {LENGTH})) or (f[1] == VAGUE_SUM and NUMBER in kinds)
                    or _other_unit(point, f))
                and close(i) for i in (*others, *implied, *borrowed(point)))
        # one of its figures said, another of a kind it states in place of the rest:
        # "from an hour a trip to half an hour" for "five minutes instead of an hour";
        # "rent over 30 days late drops by a third" for "halving the rent 30 days late"
        # (in the clause of the one said: in another it may be another claim's)
        short = _unsaid_kinds(point, [f for i in own if (f := said[i]) is not None])
        with_own = {clause_of[i] for i in own}
        return any((f := said[i]) is not None and f[1] in short and clause_of[i] in with_own
                   for i in others)

    def denied_own(point: _Point) -> list[int]:
        """Where the message's own figure is said only to be denied or taken back ("I
        wouldn't bank on twenty percent"), not as a bound ("doesn't take over 15
        minutes" promises the 15 minutes)."""
        out = []
        for i, f in enumerate(text.figures):
            if f is None or not st.negated[i] or said[i] is not None:
                continue
            unit = text.units[i] if f[1] == LENGTH and text.units else ""
            before = {t.text for t in text.toks[max(0, i - BOUND_REACH) : i]}
            cue = {t.text for t in text.toks[max(0, i - WITHDRAW_REACH) : i]}
            if (_states(point, (f[0], f[1], unit)) and not before & _BOUND_WORDS
                    and cue & _WITHDRAWING):
                out.append(i)
        return out

    def borrowed(point: _Point) -> list[int]:
        """Figures another message states, said in a clause that names this message,
        with words that lean to it rather than to the messages that state it (leans):
        "support calls fall by a quarter" is another figure than "by half", even where
        reminders bring back a quarter more bookings."""
        out = []
        for i in figs:
            if i in others or not names(point, clause_of[i]):
                continue
            if all(leans(point, q, i) for q in points
                   if q is not point and _states(q, said[i] or ("", "", ""))):
                out.append(i)
        return out

    def leans(point: _Point, other: _Point, i: int) -> bool:
        """Whether the words right next to token i (LEAN_REACH either side, in its
        sentence) say as many words only `point` has as words only `other` has: whose
        claim a figure both state belongs to there ("the trackers install in half an
        hour and dispatchers get a live map" gives the half hour to the trackers)."""
        window = range(max(0, i - LEAN_REACH), min(len(text.keys), i + LEAN_REACH + 1))
        keys = {k for j in window
                if (k := text.keys[j]) and sentence[j] == sentence[i]} - _MEASURES
        return len(keys & (point.vocabulary - other.vocabulary)) >= len(
            keys & (other.vocabulary - point.vocabulary))

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


_SHARES = frozenset({SHARE, PART})


# A message's upper bound on a length said as a lower bound is the bound broken: "setup
# takes at least thirty minutes", "more than half an hour" for "no more than 30 minutes".
_AT_LEAST_BEFORE = (("at", "least"), ("more", "than"), ("longer", "than"), ("upwards", "of"),
                    ("over",), ("above",), ("minimum", "of"))
_AT_LEAST_AFTER = (("or", "more"), ("or", "longer"), ("plus",), ("minimum",))
_NOT_BEFORE = frozenset({"no", "not", "never"})
NOT_REACH = 5  # tokens before a length where a negation makes its bound an upper one


def _at_least(text: _Text, i: int, unit: str) -> bool:
    """Whether the length at token i is said as a lower bound ("at least 30 minutes",
    "more than half an hour", "thirty minutes or more"), not an upper one ("no more than
    30 minutes")."""
    if text.structure.negated[i] or any(t.text in _NOT_BEFORE
                                        for t in text.toks[max(0, i - NOT_REACH) : i]):
        return False  # "never takes more than 15 minutes" promises the bound
    before = [t.text for t in text.toks[max(0, i - 3) : i]]
    end = i + 1 + bool(unit)  # past the length's unit
    after = tuple(t.text for t in text.toks[end : end + 2])
    return any(tuple(before[-len(cue):]) == cue for cue in _AT_LEAST_BEFORE) or any(
        after[: len(cue)] == cue for cue in _AT_LEAST_AFTER)


@lru_cache(maxsize=512)
def _upper_bounds(texts: tuple[str, ...]) -> tuple[tuple[str, str, float], ...]:
    """The upper bounds on lengths of time a message's texts state."""
    return _bounds(texts)


def _bound_broken(point: _Point, text: _Text, i: int, fig: tuple[str, str, str]) -> bool:
    """Whether the message's own length at token i, which the message states as an upper
    bound, is said as a lower one (_at_least)."""
    length = seconds(fig[0], fig[2]) if fig[1] == LENGTH else None
    return length is not None and any(b[2] == length for b in _upper_bounds(point.texts)) and (
        _at_least(text, i, fig[2]))


# A figure the rep corrects at once is taken back: "within 48 hours, well no, within 72
# hours", "twenty percent, sorry, twelve percent", "two days, I mean three".
_REPAIRS = (("no",), ("sorry",), ("i", "mean"), ("or", "rather"), ("rather",),
            ("correction",), ("scratch", "that"))
REPAIR_REACH = 4  # tokens after a figure where the correction starts


def _corrected(text: _Text, i: int, said: Sequence[tuple[str, str, str] | None]) -> bool:
    """Whether the figure at token i is followed, in its sentence, by a correction cue and
    then another figure of its kind ("48 hours, well no, 72 hours")."""
    fig = said[i]
    sentence = text.structure.sentence
    if fig is None or not sentence:
        return False
    texts = [t.text for t in text.toks]
    end = i + 1 + bool(fig[2])
    for k in range(end, min(len(texts), end + REPAIR_REACH)):
        cue = next((c for c in _REPAIRS if tuple(texts[k : k + len(c)]) == c), None)
        if cue is None:
            continue
        for j in range(k + len(cue), min(len(texts), k + len(cue) + REPAIR_REACH)):
            other = said[j]
            if sentence[j] == sentence[i] and other is not None and other[1] == fig[1] and (
                    other[:1] + other[2:] != fig[:1] + fig[2:]):
                return True
    return False


def _other_unit(point: _Point, fig: tuple[str, str, str]) -> bool:
    """Whether a said figure has the digits of one of the message's figures, one a share
    and the other not: "ten percent" for "10 minutes", "25 pounds off" for "25% off",
    "three seconds faster" for "three times faster". (A
    count or a time of day with a length's digits may tell the length: "quarter to ten
    ... five to ten" for "within 10 minutes".)"""
    if fig[0] == "1":
        return False
    if any(key == fig[0] and (kind in _SHARES) != (fig[1] in _SHARES)
           for key, kind in point.figures):
        return True
    # the factor of a multiple said as a length: "three seconds faster" for "three times
    # faster" (a rise of 200%); not a count ("up by twice" is "2 times")
    return fig[1] == LENGTH and any(
        kind == SHARE and _factor(key) == fig[0] for key, kind in point.figures)


def _factor(share: str) -> str | None:
    """The multiple a rise of `share` percent is, where it is a whole multiple of two or
    more ("200" is three times), else None."""
    try:
        rise = float(share)
    except ValueError:
        return None
    factor = rise / 100 + 1
    return f"{factor:g}" if rise >= 100 and factor == int(factor) else None


def _unsaid_kinds(point: _Point, said: Sequence[tuple[str, str, str]]) -> set[str]:
    """The kinds of figure of which the message states one that `said` (its own figures
    said next to its words) leaves out: a length by figure and unit, the rest by
    figure."""
    told = {(key, unit) if unit else (key, kind) for key, kind, unit in said}
    out = {kind for key, kind in point.figures if kind != LENGTH and (key, kind) not in told}
    if any(fu not in told for fu in point.units):
        out.add(LENGTH)
    return out


def _kinds_said_as(point: _Point) -> set[str]:
    """The kinds of figure that say the message's figures: theirs, and a part of a whole
    for a share that goes neither way ("forty percent of new buyers take it" is another
    figure for "three in four new buyers take it")."""
    kinds = {k for _, k in point.figures}
    moved = {k for k, _ in _stated_directions(point.texts)}
    if any(kind == SHARE and key not in moved for key, kind in point.figures):
        kinds.add(PART)
    return kinds


TERSE_MAX_TOKENS = 8  # a sentence this short is a headline or a list item


def _terse_without_share(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]
                         ) -> None:
    """A message that claims a share ("about 8% more per box") is not conveyed by a
    terse item that names its mechanism and no figure ("And auction prices compared."),
    where the share is said nowhere in the transcript: the figure is the claim a headline
    leaves out. A sentence of more than TERSE_MAX_TOKENS that tells the mechanism in
    full is left to the other signals."""
    sentence = text.structure.sentence
    if not sentence:
        return
    plain = _plain_figures(text)  # (with "in half" and "a few more")
    size: dict[int, int] = {}
    with_figure: set[int] = set()
    for i, k in enumerate(sentence):
        size[k] = size.get(k, 0) + 1
        if text.figures[i] is not None or plain[i] is not None:
            with_figure.add(k)
    said = [f for f in plain if f is not None]

    def terse(span: tuple[int, int] | None) -> bool:
        k = sentence[span[0]] if span is not None else -1
        return span is not None and size[k] <= TERSE_MAX_TOKENS and k not in with_figure

    for p, sig in zip(compiled.points, signals, strict=True):
        # (a share of all is said by "every backup", no figure)
        if not any(kind == SHARE and key != "100" for key, kind in p.figures) or any(
                _states(p, f) for f in said):
            continue
        if terse(sig.head_span):
            sig.head, sig.head_span = 0.0, None
        if sig.best is not None and terse(sig.best.span):
            sig.best = None
