"""The outcome signal: which message a benefit told as a story is about.

drills/scoring/outcomes.py finds the cues ("nobody types it in", "back up before her
coffee went cold") and the kinds of benefit a message claims; this module decides, per
clause said as the rep's own claim, whether a cue is denied, which messages claim its
kind, and which of them its words name, and sets each message's `outcome` signal.

Besides the cues, a clause tells an outcome by its structure: two figures it sets
against each other (outcome_counts.py), held to the message's own figure, which then
names the message as a word of it would; a day's work after a length of days it turns
from; and a turn from how it used to be to what no longer happens ("used to spend half
the morning on the phone to the lab ... Nobody rings them now"), named by the topic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise

from drills.scoring.clauses import (
    _FRAGMENT_OPENERS,
    _LEADS_IN,
    _NEG_CUES,
    _SUBJECTS,
    _Structure,
    _Text,
)
from drills.scoring.compiled import _PERIOD_KEYS, _Compiled, _Point
from drills.scoring.coverage import _Signals
from drills.scoring.families import families
from drills.scoring.outcome_counts import (
    clock_shifts,
    clock_spans,
    counts_now,
    date_spans,
    is_multiple,
    part_shares,
    ratio_share,
    sum_shares,
    turns_now_plainly,
    weekday_spans,
)
from drills.scoring.outcomes import (
    CHANGE_KEYS,
    SPEED,
    Told,
    implied_share,
    outcome_words,
    told_outcomes,
)
from drills.text_normalize import Token, canonical

# Outcome kinds whose cues are themselves negative ("nobody types it in", "hardly any
# no-shows", "they found nothing to lock"): a negation elsewhere in the clause is part of
# how the outcome is told. For the others a negation outside the cue denies it.
_NEGATIVE_KINDS = frozenset({"fewer", "automatic", "protected", "flat-price", "undisturbed",
                             "once", "self-serve", "no-longer"})
# A clause opening with one of these supposes what it says: an outcome told in it is
# none the rep claims (the clause after it may be: "if a server dies, it's back in minutes")
_CONDITIONS = frozenset({"if", "unless", "whether"})
# A clause opening with one of these sets the scene of the outcome told next.
_SETTINGS = frozenset({"when", "whenever", "after", "once", "if", "since"})


# Words that need a negation to be said at all ("it doesn't happen anymore"): a "not"
# before them is how the outcome is told, not a denial of it.
_NEGATIVE_POLARITY = frozenset({"anymore", "any", "ever", "longer"})


PAIRED = 2  # kinds of one message told in one clause that name it on their own
FAMILY_WEIGHT = 1.0  # per topic family shared, where no word is (drills.scoring.families)
FAMILIES_NAMED = 2  # fields of one message a story names that name its topic (see above)
_SHARE_UNITS = frozenset({"percent", "%", "times"})


def _share_unit(words: Sequence[str], j: int) -> bool:
    """Whether words[j] makes the figure before it a share or a multiple ("40 percent",
    "3 times more"), not a count of occasions ("forty times in a month")."""
    return words[j] in _SHARE_UNITS and (words[j] != "times" or is_multiple(words, j))


_APPROXIMATE = frozenset({"about", "around", "roughly", "nearly", "almost", "some", "approximately",
                          "close", "over", "under", "getting", "near", "like"})
_SPEAKERS = frozenset({"we", "i"})
# asking staff to do it: no self-service, whatever it was asked from
_CONTACT = frozenset({"rang", "ring", "rings", "rung", "called", "call", "calls", "phoned",
                      "phone", "emailed", "email", "wrote", "texted", "asked"})
# kinds whose benefit is that something stays as it was ("the files were still there")
_LASTING_KINDS = frozenset({"undisturbed", "protected", "reliable"})
_PRONOUNS = frozenset({"it", "they", "them", "this", "that", "these", "those"})
_OBJECTS = frozenset({"them", "it", "him", "her"})
_LEAD_INS = frozenset({"and", "so", "but", "then", "now", "just", "by", "after", "because"})


def _refers_back(toks: Sequence[Token], start: int, cue: tuple[int, int], end: int) -> bool:
    """The cue's clause speaks of something by a pronoun: as its subject ("by the third
    month it caught almost nobody") or right after the cue ("far fewer of them forget").
    What it names is in the clause before."""
    after = [toks[i].text for i in range(cue[1], min(end, cue[1] + 3))]
    if after[:1] == ["of"] and set(after[1:]) & _PRONOUNS:
        return True
    if after[:1] == ["to"] and after[2:] and after[2] in _OBJECTS:
        return True  # "nobody has to ring them": who "them" are is said before
    if any(toks[i].text in _PRONOUNS for i in range(cue[0] + 1, cue[1] - 1)):
        return True  # inside the cue: "people sort it out themselves"
    for i in range(start, min(cue[0], start + 6)):
        word = toks[i].text
        if word in _PRONOUNS:
            return True
        if word not in _LEAD_INS and not word[:1].isdigit() and word not in (
                "the", "first", "second", "third", "month", "week", "day", "year"):
            return False
    return False


def _sentence_start(st: _Structure, i: int) -> int:
    """Where the sentence token i is in begins."""
    j = i
    while j > 0 and st.sentence[j - 1] == st.sentence[i]:
        j -= 1
    return j


def _sentence_end(st: _Structure, i: int) -> int:
    """Where the sentence token i is in ends (exclusive)."""
    j, n = i, len(st.sentence)
    while j < n and st.sentence[j] == st.sentence[i]:
        j += 1
    return j


def _previous_sentence(sentence: Sequence[int], i: int) -> int:
    """Where the sentence before token i's begins (its own, for the first)."""
    want = max(0, sentence[i] - 1)
    return next((j for j in range(i + 1) if sentence[j] >= want), 0)


def _said(text: _Text, start: int, end: int, cue: tuple[int, int],
          gaps: frozenset[int] = frozenset()) -> set[str]:
    """The content keys said in [start, end) outside the cue's own words (the words a
    gap of the cue skipped are the story's: "nobody on the insurer's side had to")."""
    return {k for i in range(start, end) if (not cue[0] <= i < cue[1] or i in gaps)
            and (k := text.keys[i]) and not k[:1].isdigit() and k not in CHANGE_KEYS
            and k not in _WHEN_KEYS}


# Words that order events in time ("before anyone had even shouted", "after lunch"): they
# set a story's moment and name no message's topic, even where a statement says them
# ("stops hauling before going over").
_WHEN_KEYS = frozenset(canonical(w) for w in ("before", "after", "until", "since", "during",
                                              "while", "whilst"))


def _anchor(compiled: _Compiled, said: set[str], i: int) -> float:
    """How much of message i's own vocabulary `said` names; a word every message has
    (the product's name) names no message."""
    w = compiled.idf
    # (fsum: the same total in every process, whatever order the set yields)
    return math.fsum(w.get(k, compiled.idf_unknown)
                     for k in said & compiled.points[i].vocabulary
                     if w.get(k, compiled.idf_unknown) >= compiled.idf_anchor)


def _denied_before(words: Sequence[str], start: int, a: int, b: int) -> bool:
    """A cue of a negative kind told without a negation of its own ("by itself", "on its
    own", "stays the same") is still denied by a "not" just before it."""
    if words[a] in _NEGATIVE_POLARITY or any(w in _NEG_CUES for w in words[a:b]):
        return False
    return any(words[i] == "not" for i in range(start, a))


@dataclass(frozen=True, slots=True)
class _Stories:
    """What judging one transcript's outcome cues against one spec needs."""

    compiled: _Compiled
    text: _Text
    words: list[str]  # the tokens cues are matched on (outcome_words)
    kinds: list[dict[str, str | None]]  # per message: the kinds of outcome it claims
    bounds: list[tuple[int, int]]  # per token: its clause
    families: list[frozenset[int]]  # per message: the topic families its words name


def _outcomes(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """Set each message's `outcome` signal (drills.scoring.outcomes): 1 where a clause
    said as the rep's own claim tells the kind of outcome the message claims as a story
    and no other message of that kind is closer to it; 0.5 for a common phrase of that
    kind that names the message's topic, or where several messages are as close."""
    st = text.structure
    words = outcome_words(text.toks, text.words)
    kinds = [dict(p.kinds) for p in compiled.points]
    if not any(kinds):
        return
    clauses = st.clauses
    bounds = [(cs, ce) for cs, ce, _ in clauses for _ in range(cs, ce)]
    stories = _Stories(compiled, text, words, kinds, bounds,
                       [p.families for p in compiled.points])
    shorter = _shorter_now(words, st)
    sentence = st.sentence or (0,) * len(words)
    counts, spans = counts_now(words, sentence), weekday_spans(words, sentence)
    spans.update(date_spans(words, sentence))
    sums = sum_shares(words, sentence)
    parts = part_shares(words, sentence)
    clocks = clock_spans(words, sentence)
    shifts = clock_shifts(words, sentence)
    for c in range(len(clauses)):
        window = _outcome_window(st, c)
        if window is None:
            continue
        s, e = window
        told = told_outcomes(words[s:e])
        _told_by_chain(told, words, st, c)
        at = next((k for k in shorter if s <= k < e), None)
        if at is not None and not any(n.startswith(SPEED) for n in told):
            scale = "minutes" if shorter[at] < MINUTES_SCALE else "days"
            told[f"{SPEED}:{scale}"] = Told(at - s, at - s + 2, anchored=False, weak=False)
        _told_by_figures(told, (s, e), counts, spans, clocks)
        _told_by_shifts(told, (s, e), shifts)
        _told_by_sums(told, (s, e), sums)
        _told_by_sums(told, (s, e), parts, _PART_KINDS)
        _told_by_turn(told, words, st, (s, e))
        if not told:
            continue
        pair = _pair_told(stories, window, told)
        if pair is not None and signals[pair[0]].outcome < 1.0:
            # two parts of one message told at once, as the rep's claim
            signals[pair[0]].outcome = 1.0
            signals[pair[0]].outcome_span = (s + pair[1].start, s + pair[1].end - 1)
        minutes = told.get(f"{SPEED}:minutes")
        for name, cue in told.items():
            if name == f"{SPEED}:days" and minutes is not None and _cue_messages(
                    stories, c, window, told, f"{SPEED}:minutes", minutes):
                continue  # one speed story to a clause: where it is told in minutes of
                # a claim in minutes ("by quarter past eleven he had a message ... back
                # in bed by midnight"), the cue either scale reads is that story too
            judged = _cue_messages(stories, c, window, told, name, cue)
            if judged is None:
                continue
            best, value = judged
            for i in best:
                if value > signals[i].outcome:
                    signals[i].outcome = value
                    signals[i].outcome_span = (s + cue.start, s + cue.end - 1)


# A story told as one subject's acts, each cut off by a comma ("Inspector opened the
# book, checked three entries, nodded, left"): each act is read with that subject.
PREDICATE_MAX = 8  # tokens of an act with no subject of its own
CHAIN_SUBJECT_MAX = 3  # tokens of the subject the acts share
_NOT_PREDICATES = _SUBJECTS | _LEADS_IN | _FRAGMENT_OPENERS | _PRONOUNS


def _bare_predicate(words: Sequence[str], s: int, e: int) -> bool:
    """Whether the clause [s, e) is an act with no subject of its own: short, opening
    with a word that is no subject, conjunction, preposition or figure."""
    first = words[s]
    return 0 < e - s <= PREDICATE_MAX and first.isalpha() and first not in _NOT_PREDICATES


def _verb_shape(word: str) -> str:
    """The ending a run of acts told in one tense shares ("opened", "checked"; "opens",
    "checks"), or "" where a word shows none."""
    if len(word) > 3 and word.endswith("ed"):
        return "ed"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return "s"
    return ""


def _chain_subject(words: Sequence[str], st: _Structure, c: int) -> list[int]:
    """The subject that clause c, an act cut off by a comma, shares with the clause that
    opens its run of acts in its sentence (see PREDICATE_MAX); [] where it is none."""
    clauses = st.clauses
    s, e, _ = clauses[c]
    if not c or not _bare_predicate(words, s, e):
        return []
    h = c - 1
    while h > 0 and clauses[h - 1][2] == "clause" and _bare_predicate(
            words, clauses[h][0], clauses[h][1]):
        h -= 1
    hs, he, kind = clauses[h]
    if kind != "clause" or h == c:
        return []
    # the head's verb: its first word in the tense the acts are told in
    shapes = {_verb_shape(words[clauses[k][0]]) for k in range(h + 1, c + 1)} - {""}
    verb = next((j for j in range(hs + 1, min(he, hs + 1 + CHAIN_SUBJECT_MAX))
                 if _verb_shape(words[j]) in shapes), None)
    if verb is None or words[hs] in _LEADS_IN - {"the"}:
        return []
    return list(range(hs, verb))


def _told_by_chain(told: dict[str, Told], words: Sequence[str], st: _Structure,
                   c: int) -> None:
    """Add to `told` the outcomes clause c tells as an act of the subject its run of acts
    shares ("Inspector opened the book, checked three entries, nodded, left": "inspector
    ... left"); the cue's span is the act's own words."""
    subject = _chain_subject(words, st, c)
    if not subject:
        return
    s, e = st.clauses[c][0], st.clauses[c][1]
    lead = len(subject)
    for name, cue in told_outcomes([words[i] for i in subject] + list(words[s:e])).items():
        if name in told or cue.end <= lead:
            continue
        told[name] = replace(cue, start=max(0, cue.start - lead), end=cue.end - lead,
                             gaps=tuple(g - lead for g in cue.gaps if g >= lead))


def _told_by_figures(told: dict[str, Told], window: tuple[int, int],
                     counts: dict[int, tuple[str, float]], spans: dict[int, int],
                     clocks: dict[int, float]) -> None:
    """Add to `told` the outcomes the window tells by two figures: a count now set against
    one then (outcome_counts.counts_now), two weekdays (weekday_spans), two clock times
    (clock_spans)."""
    s, e = window
    for at, (kind, share) in counts.items():
        if s <= at < e and kind not in told:
            told[kind] = Told(at - s, at - s + 1, anchored=False, weak=False, share=share)
    day = f"{SPEED}:days"
    for at, days in spans.items():
        if s <= at < e and (day not in told or told[day].anchored):
            told[day] = Told(at - s, at - s + 1, anchored=False, weak=False, days=days)
    minutes = f"{SPEED}:minutes"
    for at, hours in clocks.items():
        if s <= at < e and (minutes not in told or told[minutes].anchored):
            told[minutes] = Told(at - s, at - s + 1, anchored=False, weak=False, hours=hours)


# What someone no longer does or suffers, after how it used to be ("used to spend half
# the morning on the phone to the lab ... Nobody rings them now"): a story of a message
# that claims some old chore or trouble gone, told of its topic (the cue is anchored).
NO_LONGER = "no-longer"
_CHORE_KINDS = frozenset({"fewer", "automatic", "once", "self-serve", "live-view", "time-back",
                          "ease", "speed", "protected"})
_PERIOD_WORDS = frozenset({"year", "month", "week", "season", "day", "time"})
NOT_SINCE_REACH = 8  # tokens from "has not" to its "since"


def _not_since(ws: Sequence[str]) -> int | None:
    """Where a clause says something has not happened since a time ("hasn't been up a
    ladder since March", "have not had a single one since the spring"), or None."""
    for k in range(len(ws) - 1):
        if ws[k] in ("have", "has", "had") and ws[k + 1] == "not":
            end = min(len(ws), k + NOT_SINCE_REACH)
            if "since" in ws[k + 2 : end]:
                return k + 1
    return None


_NEGATIVE_SUBJECT = frozenset({"nobody", "noone", "never", "none", "nothing"})
_NOW_SAID = frozenset({"now", "nowadays", "since"})
TURN_BACK = 2  # sentences before the turn in which the old way may be told


def _told_by_turn(told: dict[str, Told], words: Sequence[str], st: _Structure,
                  window: tuple[int, int]) -> None:
    """Add to `told` a turn from how it used to be to what no longer happens: a clause
    that says "no longer", "anymore", or nobody / never ... now, after a sentence told as
    the old way ("used to", "would", "the year before"); or one that says something has
    not happened since a time."""
    s, e = window
    if NO_LONGER in told or s >= e:
        return
    ws = list(words[s:e])
    at = next((k for k, w in enumerate(ws) if w == "anymore" or (w == "longer" and k and ws[
        k - 1] == "no") or (w == "more" and k and ws[k - 1] == "any" and k > 1 and ws[k - 2]
        == "not")), None)
    if at is None and _NEGATIVE_SUBJECT & set(ws):
        # "nobody rings them now" (after how it used to be)
        at = next((k for k, w in enumerate(ws) if w in _NOW_SAID or (
            w == "days" and k and ws[k - 1] == "these")), None)
    if at is None:
        at = _not_since(ws)  # "Gary hasn't been up a ladder since March": no need of a then
        if at is not None:
            told[NO_LONGER] = Told(at, at + 1, anchored=True, weak=False)
        return
    sentence = st.sentence or (0,) * len(words)
    first = s + at
    j = first
    while j > 0 and sentence[first] - sentence[j - 1] <= TURN_BACK:
        j -= 1
    before = words[j:first]
    if any((a, b) == ("used", "to") or (a in _PERIOD_WORDS and b == "before")
           for a, b in pairwise(before)) or {"would", "previously", "formerly"} & set(before):
        # ("before a renewal call" is when, not how it was: only "the year before")
        told[NO_LONGER] = Told(at, at + 1, anchored=True, weak=False)


def _told_by_shifts(told: dict[str, Told], window: tuple[int, int],
                    shifts: dict[int, float]) -> None:
    """Add to `told` a time of day now earlier than it used to be (outcome_counts.
    clock_shifts) as a story of speed in minutes and of time given back, held to the
    hours the message claims."""
    s, e = window
    for at, hours in shifts.items():
        if s <= at < e:
            for kind in (f"{SPEED}:minutes", "time-back"):
                if kind not in told or told[kind].hours is None:  # (the figures say more)
                    told[kind] = Told(at - s, at - s + 1, anchored=False, weak=False,
                                      hours=hours)


# the kinds a sum of money told as a share of a total can be the story of
_SUM_KINDS = ("recovered", "fewer", "more", "payback")


# ... and those a part out of a whole can be ("ten late out of five hundred": 98% on time)
_PART_KINDS = ("reliable", "accurate", "share-of")


def _told_by_sums(told: dict[str, Told], window: tuple[int, int], sums: dict[int, float],
                  kinds: Sequence[str] = _SUM_KINDS) -> None:
    """Add to `told` a sum of money told as a share of a total (outcome_counts.sum_shares),
    or a part out of a whole (part_shares), as a story of each of `kinds` the window tells
    no other way; the share then must be a message's own figure (see _cue_messages)."""
    s, e = window
    for at, share in sums.items():
        if s <= at < e:
            for kind in kinds:
                if kind not in told:
                    told[kind] = Told(at - s, at - s + 1, anchored=False, weak=False,
                                      share=share, stated=True)


# Lengths of time a story compares, in hours: digits with a unit, and the parts of a day
_HOURS = {"seconds": 1 / 3600, "second": 1 / 3600, "minutes": 1 / 60, "minute": 1 / 60,
          "hours": 1.0, "hour": 1.0, "days": 24.0, "day": 24.0, "weeks": 168.0,
          "week": 168.0, "months": 720.0, "month": 720.0}
_DAY_PARTS = {"morning": 4.0, "afternoon": 4.0, "evening": 4.0, "lunchtime": 1.0}
# Words that turn from how it was to how it is with the product
_NOW_WORDS = frozenset({"now", "today", "nowadays", "instead", "us", "these"})
_HOW_OFTEN = frozenset({"times", "every", "per", "each", "once", "twice"})
MINUTES_SCALE = 12.0  # hours: a shorter length is told in minutes, a longer in days
SHORTER_BY = 2.0  # the length now at most half the length before


def _lengths(words: Sequence[str]) -> list[tuple[int, float]]:
    """The lengths of time said (their position, in hours): "14 days", "1 afternoon"."""
    out = []
    for i in range(len(words) - 1):
        w, unit = words[i], words[i + 1]
        if i and words[i - 1] in _HOW_OFTEN:
            continue  # "four times an hour", "every 15 minutes": how often, not how long
        if w.replace(".", "", 1).isdigit() and (unit in _HOURS or unit in _DAY_PARTS):
            out.append((i, float(w) * _HOURS.get(unit, _DAY_PARTS.get(unit, 0.0))))
        elif w in ("a", "an") and unit in _WHOLE and i + 2 < len(words) and (
                words[i + 2] in _HOURS or words[i + 2] in _DAY_PARTS):
            # "a full day", "a whole afternoon": one of the unit, said as all of it
            length = words[i + 2]
            out.append((i, _HOURS.get(length, _DAY_PARTS.get(length, 0.0))))
    return out


_WHOLE = frozenset({"full", "whole", "entire"})


def _shorter_now(words: Sequence[str], st: _Structure) -> dict[int, float]:
    """Where a story tells a length of time now that is much shorter than the one it
    had before, in the same sentence or the one before, with a turn to now between
    ("a fortnight of waiting. With us it's one afternoon", "it used to take three days;
    now twenty minutes"): the position of the shorter length, and that length in hours."""
    lengths = _lengths(words)
    sentence = st.sentence or (0,) * len(words)
    out: dict[int, float] = {}
    for k, (j, now) in enumerate(lengths):
        for i, before in lengths[:k]:
            if sentence[j] - sentence[i] > 1 or before < SHORTER_BY * now:
                continue
            between = set(words[i + 2 : j])
            if between & _NOW_WORDS or "used" in words[max(0, i - 4) : i] or (
                    "from" in words[max(0, i - 2) : i] and "to" in words[j - 2 : j]):
                # (a change told "from a full day to an hour")
                out[j] = now
                break
    return out


def _outcome_window(st: _Structure, c: int) -> tuple[int, int] | None:
    """The tokens clause c tells an outcome in: with the rest of its sentence; None for
    a question or a framed clause (not the rep's own claim)."""
    clauses = st.clauses
    s, e, kind = clauses[c]
    if kind == "clause" and c + 1 < len(clauses):
        e = clauses[c + 1][1]  # with the rest of its sentence: "found nothing | they
        kind = clauses[c + 1][2]  # could lock up" is one outcome
    if kind == "question":
        return None
    if st.framed and any(st.framed[s:e]):
        # a framing whose scope ends inside a clause leaves what follows it told as the
        # rep's own ("their auditors asked where a number came from and had the whole
        # trail by lunch", "the officer who used to do the typing now spends ..."); one
        # that reaches the window's end or a clause's keeps the whole window unsaid
        k = next(j for j in range(e - 1, s - 1, -1) if st.framed[j]) + 1
        if k == e or any(k == cs for cs, _, _ in clauses):
            return None
        s = k
    return s, e


def _cue_messages(
    stories: _Stories, c: int, window: tuple[int, int], told: dict[str, Told], name: str,
    cue: Told,
) -> tuple[list[int], float] | None:
    """The messages one outcome cue tells the story of, and how strongly (1 or 0.5);
    None where it is denied, claims no message's kind, or names none of their topics."""
    # a story's setting may sit in the clause before ("when the finance server
    # crashed, ..."); a weak cue must name its topic in its own clause. The cue's own
    # words name nothing ("in seconds" is no anchor for "wiped in seconds").
    text, compiled, kinds = stories.text, stories.compiled, stories.kinds
    st = text.structure
    e = window[1]
    span = (window[0] + cue.start, window[0] + cue.end)
    kind_name, _, scale = name.partition(":")
    cs, ce = stories.bounds[span[0]]
    ce = max(ce, span[1])
    if not _cue_claimed(stories, kind_name, cs, span):
        return None
    candidates, rescaled = _kind_candidates(kinds, kind_name, scale)
    if not candidates:
        return None
    gaps = frozenset(window[0] + g for g in cue.gaps)
    said = _own_clause_first(stories, candidates, cs, e, (span, gaps),
                             _said(text, _story_start(text, c, cs, e, span, cue), e, span,
                                   gaps))
    anchors = [_anchor(compiled, said, i) for i in candidates]
    # each candidate's figures, with a share its kind says in words ("half as often")
    numbers = [_own_figures(compiled.points[i], kinds[i].get(kind_name)) for i in candidates]
    # a share or multiple in the cue must be the message's own ("four percent more
    # claims" is no story of "40% more"; counts, "from 20 files to 28", are the story's)
    words = stories.words
    figures = [(float(words[j]), words[j - 1] in _APPROXIMATE)
               for j in range(max(1, span[0]), min(span[1], len(words) - 1))
               if _is_figure(words[j]) and _share_unit(words, j + 1)]
    by_figure = False
    implied = implied_share(words[span[0] : span[1]])
    if implied is not None and not figures:
        # a change told as two counts whose share is the message's own figure ("from
        # twenty files a week to twenty-eight" of "40% more") names that message
        agree = [_figures_agree([(implied, True)], numbers[k]) and bool(numbers[k])
                 for k in range(len(candidates))]
        if any(agree):  # (the one message of its kind too: its figure names it)
            anchors = [a + (compiled.idf_anchor * 2 if ok else 0.0)
                       for a, ok in zip(anchors, agree, strict=True)]
        # a message that states its figures is told by no other change ("from ten days
        # to seven" is no story of "from ten days to three"), unless the two counts are
        # its own
        counts = [float(w) for w in words[span[0] : span[1]] if _is_figure(w)]
        keep = [k for k in range(len(candidates)) if agree[k] or not numbers[k] or len(
            counts) < PAIR or _roughly(implied, numbers[k]) or {counts[0], counts[-1]} <= {
            float(n) for n in numbers[k] if _is_figure(n)}]
        if not keep:
            return None
        by_figure = all(agree[k] for k in keep)  # its share names the message
        candidates, anchors = [candidates[k] for k in keep], [anchors[k] for k in keep]
        numbers = [numbers[k] for k in keep]
    if not figures and implied is None:
        # a share said beside the cue, in its clause ("about five pence in the pound
        # stops leaking"), that is some candidates' own figure names them
        near = [(float(words[j]), words[j - 1] in _APPROXIMATE)
                for j in range(max(1, cs), min(ce, len(words) - 1))
                if _is_figure(words[j]) and _share_unit(words, j + 1)]
        agree = [bool(near) and bool(numbers[k]) and _figures_agree(near, numbers[k])
                 for k in range(len(candidates))]
        if any(agree) and not all(agree):
            anchors = [a + (compiled.idf_anchor * 2 if ok else 0.0)
                       for a, ok in zip(anchors, agree, strict=True)]
    share = cue.share
    if share is None and not figures and implied is None and kind_name in _SHARED_KINDS:
        share = ratio_share(words, span[0], span[1], e)  # "300 grand less on 2 million"
    if share is not None or cue.days is not None or cue.hours is not None:
        # a share or a length a story works out must be the message's own; where some
        # messages state it and others state none, it is the story of those that state it
        keep = [k for k, i in enumerate(candidates)
                if _agrees(share, cue, compiled.points[i], numbers[k])]
        # (a share is held to the shares a message states, a length to its lengths)
        stating = [_states_such(compiled.points[i], kinds[i].get(kind_name), share is not None)
                   for i in candidates]
        if cue.stated or any(stating[k] for k in keep):
            keep = [k for k in keep if numbers[k] and (stating[k] or cue.stated)]
        elif share is not None and any(stating):
            # a share that is no figure any message of its kind states ("9 knots instead
            # of 11" beside a 12% fuel claim) tells of a message that states none only
            # where the story names it
            keep = [k for k in keep if anchors[k]]
        if not keep:
            return None
        # a figure the story works out that is the message's own names it
        by_figure = all(numbers[k] for k in keep)
        candidates, anchors = [candidates[k] for k in keep], [anchors[k] for k in keep]
        numbers = [numbers[k] for k in keep]
    if figures:
        keep = [k for k, i in enumerate(candidates)
                if _figures_agree(figures, numbers[k])]
        if max(anchors) and not any(anchors[k] for k in keep):
            return None  # the story of a message it misquotes
        candidates, anchors = [candidates[k] for k in keep], [anchors[k] for k in keep]
        if not candidates:
            return None
    # the families a story's words name tell which message it is about where no word
    # does ("the kidney panel comes off the machine": an analyser's results)
    # (the cue's own nouns name a field too: "the siren was going" is about an alarm)
    own_field = families({k for i in range(*span) if (k := text.keys[i])})
    named = families(said) | own_field
    related = [len(named & stories.families[i]) for i in candidates]
    top = max(anchors)
    weak = cue.weak
    if not top and any(related):
        anchors = [FAMILY_WEIGHT * r for r in related]
        top = max(anchors)
        # a common phrase with only its field named: half; where the story names
        # several fields of one message and fewer of any other message ("the kidney
        # panel ... nobody is copying figures off a printout": readings and paperwork,
        # of the lab results), or the cue's own noun names the field of one message
        # alone ("the siren was going": the one that sounds an alarm), its topic is
        # named as surely as by a word
        weak = weak or (cue.anchored and not _fields_name_one(
            stories, named, candidates, related) and not _field_of_one(
            stories, own_field, candidates, anchors))
    if cue.anchored and not top:
        return None  # "we answer the phone right away": not about the message
    if rescaled and not _after_longer(stories, span[0]) and not any(
            _anchor(compiled, _said(text, _sentence_start(st, cs), e, span), i)
            for i in candidates):
        # a story in minutes of a claim in days names its topic in its own sentence
        # ("the auditors had the trail before lunch")
        return None
    if not cue.anchored and not by_figure and _another_topics_story(
            stories, said, (cs, ce), span, told, candidates):
        return None
    best = [i for i, a_ in zip(candidates, anchors, strict=True) if a_ == top]
    # a story cue for one message is the strongest evidence this signal gives; a
    # common phrase that names the topic ("on her screen" after "the dispatcher"),
    # or a story several messages could claim, is half of it
    value = 1.0 if len(best) == 1 and not weak else 0.5
    return best, value


LONGER_BEFORE = 24.0  # hours: a length before that a story told within the day cuts short
SENTENCES_BACK = 2  # ... said in the cue's sentence or the two before it


def _after_longer(stories: _Stories, at: int) -> bool:
    """Whether a story told within the day (at `at`) follows a length of days it turns
    from in so many words ("used to eat five days of Sarah's June. This year, done between
    lunch and four o'clock"): the contrast is the story's topic, as a word of it would be."""
    words = stories.words
    sentence = stories.text.structure.sentence or (0,) * len(words)
    return any(hours >= LONGER_BEFORE and i < at
               and sentence[at] - sentence[i] <= SENTENCES_BACK
               and turns_now_plainly(words, i, at) for i, hours in _lengths(words))


def _cue_claimed(stories: _Stories, kind_name: str, cs: int, span: tuple[int, int]) -> bool:
    """Whether the cue at `span`, in the clause starting at cs, is told as the rep's claim
    of an outcome: not denied, not supposed, not the old way going on."""
    toks = stories.text.toks
    if _cue_denied(stories.words, stories.text.structure, kind_name, cs, span):
        return False
    if toks[cs].text in _CONDITIONS and not (kind_name == "flat-price" and span[0] == cs):
        return False  # "if any broker promises you the fees will disappear": no claim
        # (a price the same "whether it's three lines or three hundred" holds either way)
    if kind_name not in _LASTING_KINDS and _still_as_before(stories.words, cs, span[0]):
        return False  # "their clients still wait six weeks before the money comes back":
        # the old way, where it goes on, tells no benefit of the product
    if kind_name == "self-serve" and _CONTACT & set(stories.words[cs : span[0]]):
        return False  # "she rang the office from her phone": staff did it after all
    # "we don't touch that": what the vendor leaves alone protects nothing
    return not (kind_name == "protected" and span[0] > 0
                and toks[span[0] - 1].text in _SPEAKERS)


_WHILE = frozenset({"while", "whilst", "when"})
STILL_SETTING = 3  # tokens from "while" to the "still" of its setting


def _still_as_before(words: Sequence[str], cs: int, at: int) -> bool:
    """Whether a "still" before the cue says the old way goes on ("their clients still
    wait six weeks"), not when it happened ("while they were still out at sea the screen
    showed ...": a setting, said of the moment)."""
    return any(w == "still" and not _WHILE & set(words[max(cs, k - STILL_SETTING) : k])
               for k, w in enumerate(words[cs:at], cs))


def _pair_told(stories: _Stories, window: tuple[int, int],
               told: dict[str, Told]) -> tuple[int, Told] | None:
    """The one message that claims two kinds a clause tells as its own claim, where no
    other message claims both ("he got a ping at seven the following day": an alert,
    the next morning), with the first of those cues."""
    s = window[0]
    claimed: dict[str, Told] = {}
    for name, cue in told.items():
        span = (s + cue.start, s + cue.end)
        kind_name = name.partition(":")[0]
        if cue.stated:
            continue  # one figure read as a story of several kinds is one story
        if kind_name not in claimed and _cue_claimed(
                stories, kind_name, stories.bounds[span[0]][0], span):
            claimed[name] = cue
    if len(claimed) < PAIRED:
        return None
    names = sorted(claimed, key=lambda n: claimed[n].start)
    for a, b in combinations(names, 2):
        ka, _, sa = a.partition(":")
        kb, _, sb = b.partition(":")
        both = set(_kind_candidates(stories.kinds, ka, sa)[0]) & set(
            _kind_candidates(stories.kinds, kb, sb)[0])
        if ka != kb and len(both) == 1:
            return both.pop(), claimed[a]
    return None


def _own_clause_first(stories: _Stories, candidates: list[int], cs: int, e: int,
                      cue: tuple[tuple[int, int], frozenset[int]],
                      said: set[str]) -> set[str]:
    """The words that name a story's topic: where the cue's own clause names no word of
    any candidate but the field of some ("the rest is settled between us and the
    underwriter"), that clause, not a word of its setting ("a cat with a
    four-hundred-pound treatment"), says which message it tells."""
    own = _said(stories.text, cs, max(e, _sentence_end(stories.text.structure, cs)), *cue)
    if own == said or any(_anchor(stories.compiled, own, i) for i in candidates):
        return said
    if _refers_back(stories.text.toks, cs, cue[0], e):
        return said  # "nobody has to ring them": the clause speaks of what was said before
    named = families(own)
    related = [len(named & stories.families[i]) for i in candidates]
    return own if any(related) and related.count(max(related)) == 1 else said


def _fields_name_one(stories: _Stories, named: frozenset[int], candidates: list[int],
                     related: list[int]) -> bool:
    """Whether the topic families a story names are FAMILIES_NAMED or more of one
    candidate's, and more than any other message of the spec shares."""
    top = max(related)
    if top < FAMILIES_NAMED or related.count(top) > 1:
        return False
    best = candidates[related.index(top)]
    return all(len(named & fam) < top
               for i, fam in enumerate(stories.families) if i != best)


def _field_of_one(stories: _Stories, own_field: frozenset[int], candidates: list[int],
                  anchors: list[float]) -> bool:
    """Whether the field a cue's own nouns name ("siren": warning signals) is the field of
    exactly one message of the spec, and that message is among the closest candidates."""
    if not own_field:
        return False
    sharing = [i for i, fam in enumerate(stories.families) if own_field & fam]
    top = max(anchors)
    return len(sharing) == 1 and any(
        i == sharing[0] and a == top for i, a in zip(candidates, anchors, strict=True))


def _kind_candidates(kinds: Sequence[dict[str, str | None]], kind_name: str,
                     scale: str) -> tuple[list[int], bool]:
    """The messages that claim the kind of outcome a cue tells, and whether they claim
    it on a longer time scale. A speed story told in minutes ("before lunch") is also
    told within the day: it is a story of a claim in days where no message claims
    minutes (one in days is none of a claim in minutes)."""
    if kind_name == NO_LONGER:
        return [i for i, k in enumerate(kinds) if _CHORE_KINDS & k.keys()], False
    claiming = [i for i, k in enumerate(kinds) if kind_name in k]
    if kind_name != SPEED:
        return claiming, False
    exact = [i for i in claiming if kinds[i][SPEED] in (None, scale)]
    if exact or scale != "minutes":
        return exact, False
    return claiming, True


_SHARED_KINDS = frozenset({"fewer", "more"})


def _states_such(point: _Point, part: str | None, share: bool) -> bool:
    """Whether a message states a figure of the sort a story works out: a share ("40%",
    "half as often") for a share, a length ("within 15 minutes") for a length."""
    if share:
        return (part is not None and _is_figure(part)) or any(
            kind in ("share", "part") for _, kind in point.figures)
    return any(kind == "length" for _, kind in point.figures)


def _own_figures(point: _Point, part: str | None) -> frozenset[str]:
    """A message's figures, with the share its kind says in words ("half as often": 50,
    outcomes.claim_kinds)."""
    if part is None or not _is_figure(part):
        return point.numbers
    return point.numbers | {part}


def _agrees(share: float | None, cue: Told, point: _Point,
            numbers: frozenset[str] | None = None) -> bool:
    """Whether a share or a length a story works out (cue.days, cue.hours) is the
    message's own figure (or the message states none)."""
    numbers = point.numbers if numbers is None else numbers
    days = cue.days
    if share is not None and not _figures_agree([(share, True)], numbers):
        return False
    own = {float(n) for n in numbers if _is_figure(n)}
    if days is not None and own and not {float(days), days * 24.0} & own:
        return False
    return cue.hours is None or _within_claim(cue.hours, point)


_UNIT_HOURS = {canonical("minute"): 1 / 60, canonical("hour"): 1.0}
CLAIM_SHARE = 4.0  # a story as short as a quarter of the claim's length still tells it
CLAIM_OVER = 1.1  # ... and one a tenth longer, rounded


def _within_claim(hours: float, point: _Point) -> bool:
    """Whether a length a story told by clock times is of the size the message claims
    ("lodged by half past twelve" of "within four hours" for papers in at nine)."""
    units = [_UNIT_HOURS[k] for k in point.periods if k in _UNIT_HOURS]
    if len(units) != 1:
        return True  # no length in minutes or hours to hold it to
    lengths = [float(n) * units[0] for n, kind in point.figures if kind == "length"]
    if not lengths:
        return True
    return any(claim / CLAIM_SHARE <= hours <= claim * CLAIM_OVER for claim in lengths)


def _is_figure(word: str) -> bool:
    return word.replace(".", "", 1).isdigit()


FIGURE_TOLERANCE = 0.15  # "about a sixth" (16.7) tells "15%"; "four percent" is not 40
PAIR = 2  # a change told by two counts
OTHER_CHANGE = 0.3  # a share this far from every figure of a message is another change


def _roughly(share: float, numbers: frozenset[str]) -> bool:
    """Whether a share a change works out is near some figure a message states ("from
    twelve grand to under ten" is roughly 20%; "from ten days to seven" is no 70%)."""
    return any(abs(share - float(n)) <= max(2.0, OTHER_CHANGE * float(n))
               for n in numbers if _is_figure(n))


def _figures_agree(figures: Sequence[tuple[float, bool]], numbers: frozenset[str]) -> bool:
    """Whether a story's shares (each with whether it was said as approximate) agree
    with a message's figures, or it states none: "sixteen percent" is not "15%",
    "about a sixth" is."""
    own = [float(n) for n in numbers if _is_figure(n)]
    return not own or any(
        abs(f - n) <= (max(1.0, FIGURE_TOLERANCE * n) if approx else 0.0)
        for f, approx in figures for n in own)


def _story_start(text: _Text, c: int, cs: int, e: int, span: tuple[int, int],
                 cue: Told) -> int:
    """Where the words that name an outcome's topic begin, for the cue at `span` in
    clause c (which starts at cs; its sentence ends at e)."""
    clauses = text.structure.clauses
    ctx_start = clauses[c - 1][0] if c else 0
    if not cue.anchored:
        return ctx_start
    own = cs
    prev = clauses[c - 1] if c else None
    if prev is not None and prev[2] == "clause" and text.toks[prev[0]].text in _SETTINGS:
        own = prev[0]  # "when a server goes down, you're back up in no time"
    if c and (_refers_back(text.toks, own, span, e) or not _said(text, own, e, span)):
        # "it caught almost nobody": "it" is the sentence before's; a clause that
        # names nothing but the cue ("no person must do it") speaks of it too
        own = min(ctx_start, _previous_sentence(text.structure.sentence, cs))
    return own


# tokens before a cue in which a negation denies it where its scope is not marked: in a
# run-on clause of speech a "never" twenty words back belongs to another act ("pulls up
# outside, never been to us before, does the whole thing on his mobile ... and at twenty
# to eleven he's in")
NEG_REACH = 10


def _cue_denied(words: Sequence[str], st: _Structure, kind_name: str, cs: int,
                span: tuple[int, int]) -> bool:
    """Whether a negation denies the cue at `span` of the clause starting at cs."""
    a, b = span
    # a negation before the cue, or one whose scope reaches it, denies it; one
    # after it belongs to what follows (run-on speech: "... patched by Wednesday
    # and nobody had to walk round")
    if kind_name not in _NEGATIVE_KINDS and (
            any(words[i] in _NEG_CUES for i in range(max(cs, a - NEG_REACH), a))
            or any(st.negated[a:b])):
        return True
    if words[a] == "from" and (any(words[i] in _NEG_CUES for i in range(cs, a))
                               or any(st.negated[a:b])):
        return True  # a change with no verb of its own is the clause's: "does not cut the
        # close from ten days to three"
    # "the campaigns don't run by themselves"
    return kind_name in _NEGATIVE_KINDS and _denied_before(words, max(cs, a - 3), a, b)


def _another_topics_story(
    stories: _Stories, said: set[str], clause: tuple[int, int], span: tuple[int, int],
    told: dict[str, Told], candidates: list[int],
) -> bool:
    """Whether an unanchored story belongs to another message: it names nothing of the
    candidates, told in a clause about another message's topic that also tells that
    message's kind of outcome."""
    # "the auditor signed it off the same afternoon" is no claim about short lessons
    # (units of time are a speed claim's scale, not its topic)
    compiled, kinds = stories.compiled, stories.kinds
    topic = said - _PERIOD_KEYS
    near = _said(stories.text, clause[0], clause[1], span) - _PERIOD_KEYS
    told_kinds = {n.partition(":")[0] for n in told}
    return not any(_anchor(compiled, topic, i) for i in candidates) and any(
        told_kinds & kinds[i].keys() and _anchor(compiled, near, i)
        for i in range(len(kinds)) if i not in candidates)
