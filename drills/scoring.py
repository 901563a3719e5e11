"""Score a pitch transcript against the playbook, the way a careful reviewer would.

Pure and deterministic: `score_transcript(spec, transcript)` depends on nothing but its
arguments. The spec is a plain frozen dataclass (built from a playbook dict by
`spec_from_playbook_dict`), so scoring never depends on the playbook parser.

How a message is judged covered:

* The transcript is cut into windows: clauses (split at punctuation and at clause
  conjunctions such as "but", "because", "and we"), pairs of neighbouring clauses,
  short sentences, and overlapping fixed-size windows inside long unpunctuated runs.
* Each window is compared with the message statement and each evidence phrase on
  normalised content words (stems, synonyms, number forms, ASR spellings): the weighted
  share of the phrase's content words the window says. Words shared by many messages
  weigh less (a product name alone proves nothing), numbers must agree ("20%" is not
  "40%"), and keyword hits add a small bonus only on top of real overlap, so a window
  that merely shares a few keywords stays below the bar.
* A window that negates the phrase ("we do not ...", "it's not true that ...",
  "never") is not evidence: negation cues scoped over the matched words must have the
  same parity as in the phrase itself ("no hidden fees" is matched by "without hidden
  fees", not by "there are hidden fees").

Forbidden and retired phrases are found over word windows by fuzzy comparison of the
normalised text with spaces removed (so "per seat" == "per-seat" == "perseat"), with a
tight threshold, unless the rep distances themselves from it ("we no longer do
per-seat pricing").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from drills.coverage_model import LogisticModel, load_models
from drills.embedding import SentenceEncoder, get_encoder
from drills.errors import InvalidInput, NotFound
from drills.scoring_learning import PHRASE_MATCH_AT as LEARNED_MATCH_AT
from drills.scoring_learning import (
    REJECTED_MATCH_AT,
    LearnedPhrase,
    MessageLearning,
    shifted,
    when,
)
from drills.text_normalize import (
    NEGATIONS,
    STOPWORDS,
    Token,
    analyze,
    canonical,
    is_content,
    join_to_vocabulary,
    stem,
    tokens,
)
from drills.transcript import Transcript

# --- tunables (documented, not magic) -------------------------------------------------

COVERED_AT = 0.70  # confidence at or above which a message counts as conveyed
PARTIAL_AT = 0.40  # below COVERED_AT but at least this: reported as "partial"
KEYWORD_BONUS = 0.10  # at most this much confidence from keyword hits...
KEYWORD_BONUS_MIN_OVERLAP = 0.5  # ...and only once half the phrase is already said
FORBIDDEN_PENALTY = 15  # score points lost per distinct forbidden phrase said
RETIRED_PENALTY = 10  # score points lost per distinct retired phrase said
CROSS_SENTENCE = 0.9  # a match whose words sit in two sentences counts this much
AUTO_KEYWORDS = 2  # a message without keywords: this many statement words stand in
PHRASE_MATCH_AT = 90  # rapidfuzz ratio (0-100) for a forbidden/retired phrase
PAUSE_S = 0.3  # a gap between words longer than this is a pause
LONG_PAUSE_S = 1.0  # ... and longer than this a long one
DEFAULT_WPM_BAND = (130, 170)


# --- the spec -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointSpec:
    """One message (or objection-response point) the rep is expected to convey."""

    id: str
    statement: str
    evidence: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class ScoringSpec:
    """Everything scoring needs from a playbook version and (optionally) one pitch."""

    module: str
    version: int
    pitch: str | None
    points: tuple[PointSpec, ...]
    forbidden: tuple[tuple[str, str], ...] = ()  # (phrase, reason)
    retired: tuple[tuple[str, str | None], ...] = ()  # (phrase, replaced_by)
    duration_target: tuple[float, float] | None = None
    wpm_band: tuple[int, int] = DEFAULT_WPM_BAND


def _str_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _point(d: Mapping[str, Any]) -> PointSpec:
    return PointSpec(
        id=str(d["id"]),
        statement=str(d["statement"]),
        evidence=_str_tuple(d.get("evidence")),
        keywords=_str_tuple(d.get("keywords")),
        weight=float(d.get("weight", 1) or 1),
    )


def spec_from_playbook_dict(d: Mapping[str, Any], pitch_id: str | None = None) -> ScoringSpec:
    """Build a ScoringSpec from a playbook as loaded by `yaml.safe_load`.

    Assumes a valid playbook (the parser validates); raises NotFound for an unknown
    pitch and InvalidInput for a pitch naming an unknown message.
    """
    messages = {str(m["id"]): _point(m) for m in d.get("messages") or ()}
    responses = {
        str(r["id"]): _point(r) for o in d.get("objections") or () for r in o.get("response") or ()
    }
    duration: tuple[float, float] | None = None
    if pitch_id is None:
        points = tuple(messages.values())
    else:
        pitch = next((p for p in d.get("pitches") or () if str(p.get("id")) == pitch_id), None)
        if pitch is None:
            raise NotFound(f"unknown pitch {pitch_id!r} in module {d.get('module')!r}")
        ids = _str_tuple(pitch.get("messages")) or tuple(messages)
        chosen = []
        for mid in ids:
            point = messages.get(mid) or responses.get(mid)
            if point is None:
                raise InvalidInput(f"pitch {pitch_id!r} names unknown message {mid!r}")
            chosen.append(point)
        points = tuple(chosen)
        if pitch.get("duration"):
            lo, hi = pitch["duration"]
            duration = (float(lo), float(hi))
    return ScoringSpec(
        module=str(d.get("module", "")),
        version=int(d.get("version", 0) or 0),
        pitch=pitch_id,
        points=points,
        forbidden=tuple(
            (str(f["phrase"]), str(f.get("reason") or "")) for f in d.get("forbidden") or ()
        ),
        retired=tuple(
            (str(r["phrase"]), (str(r["replaced_by"]) if r.get("replaced_by") else None))
            for r in d.get("retired") or ()
        ),
        duration_target=duration,
    )


# --- the result -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageResult:
    id: str
    covered: bool
    confidence: float
    evidence: str | None
    start: float | None
    end: float | None
    # None when covered; else "negated" | "distanced" | "partial" | "not said"
    missed_reason: str | None
    weight: float
    check: bool = False  # in the uncertain band: a manager should look at it
    signals: dict[str, float] = field(default_factory=dict)  # what the model weighed
    # how the managers' earlier decisions changed this judgement, in words (else None)
    learned: str | None = None
    # missed: the sentence nearest to it, so that a manager who judges it covered
    # teaches the scorer those words (not shown to the rep as evidence)
    closest: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "covered": self.covered,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "missed_reason": self.missed_reason,
            "weight": self.weight,
            "check": self.check,
            "signals": dict(self.signals),
            "learned": self.learned,
            "closest": self.closest,
        }


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A forbidden or retired phrase, as actually said."""

    phrase: str
    said: str
    start: float | None
    end: float | None
    note: str | None  # the reason (forbidden) or the replacing message id (retired)

    def to_json_dict(self, note_key: str) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "said": self.said,
            "start": self.start,
            "end": self.end,
            note_key: self.note,
        }


@dataclass(frozen=True, slots=True)
class Delivery:
    duration_s: float | None
    words: int
    wpm: int | None
    fillers: int
    fillers_per_100_words: float
    longest_pause_s: float | None
    pauses: int | None  # gaps > PAUSE_S
    long_pauses: int | None  # gaps > LONG_PAUSE_S
    hesitations: int | None  # pauses mid-sentence: where a dropped "um" usually hides
    filler_words: dict[str, int] = field(default_factory=dict)
    wpm_band: tuple[int, int] = DEFAULT_WPM_BAND
    pace: str | None = None  # "slow" | "on target" | "fast"
    duration_target: tuple[float, float] | None = None
    duration_ok: bool | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "words": self.words,
            "wpm": self.wpm,
            "fillers": self.fillers,
            "fillers_per_100_words": self.fillers_per_100_words,
            "longest_pause_s": self.longest_pause_s,
            "pauses": self.pauses,
            "long_pauses": self.long_pauses,
            "hesitations": self.hesitations,
            "filler_words": dict(self.filler_words),
            "wpm_band": list(self.wpm_band),
            "pace": self.pace,
            "duration_target": list(self.duration_target) if self.duration_target else None,
            "duration_ok": self.duration_ok,
        }


@dataclass(frozen=True, slots=True)
class ScoreResult:
    module: str
    version: int
    pitch: str | None
    score: int
    transcript: str
    messages: tuple[MessageResult, ...]
    forbidden: tuple[PhraseHit, ...]
    retired: tuple[PhraseHit, ...]
    delivery: Delivery
    formula: str
    judged_by: str = "semantic"  # which coverage model ran: "semantic" | "lexical"
    # why the judgements may not mean much: too few words, not English
    notes: tuple[str, ...] = ()
    # the score with the "manager to check" covered messages counted as missed
    sure_score: int | None = None

    @property
    def covered_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.messages if m.covered)

    def to_json_dict(self) -> dict[str, Any]:
        """The `onmessage score --json` contract (plus a few documented extra keys)."""
        return {
            "module": self.module,
            "version": self.version,
            "pitch": self.pitch,
            "score": self.score,
            "transcript": self.transcript,
            "messages": [m.to_json_dict() for m in self.messages],
            "forbidden": [h.to_json_dict("reason") for h in self.forbidden],
            "retired": [h.to_json_dict("replaced_by") for h in self.retired],
            "delivery": self.delivery.to_json_dict(),
            "formula": self.formula,
            # "lexical": the embedding model is not installed; paraphrase is judged on
            # shared words only
            "judged_by": self.judged_by,
            "notes": list(self.notes),
            "sure_score": self.sure_score,
        }


# --- compiled spec (precomputed once per spec) ----------------------------------------

# Negation cues. "0" because "zero downtime" == "no downtime" == "without downtime";
# "whether" because "whether X" never asserts X.
_NEG_CUES = NEGATIONS | {"0", "whether"}
# units of time, as canonical keys ("nightly" -> "night", "weeks" -> "week")
_PERIOD_KEYS = frozenset(
    canonical(w)
    for w in ("minute", "hour", "day", "night", "week", "month", "quarter", "year", "second")
)
NEG_SCOPE = 5  # a cue negates the next few tokens of its own clause
# Negation words that do not negate the claim next to them.
_NOT_NEGATING = {
    ("not", "only"), ("not", "just"), ("no", "doubt"), ("no", "matter"),
    ("no", "wonder"), ("nothing", "but"), ("never", "been"), ("not", "to"),
    ("without", "a"),
}  # fmt: skip
# Framings that deny a claim said next to them ("the 3-day close is a myth").
_FRAMING = (
    ("is", "false"), ("a", "myth"), ("untrue",), ("is", "wrong"), ("not", "correct"),
    ("nonsense",), ("not", "the", "case"),
)  # fmt: skip
# Distancing a rep may do just before a retired/forbidden phrase: then it is not "said".
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
_HESITATIONS = {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm"}
_CLAUSE_CONJ = {"but", "however", "although", "though", "whereas", "yet", "because"}
_SOFT_CONJ = {"and", "so", "or", "then", "plus", "also"}
_SUBJECTS = {
    "i", "we", "you", "they", "it", "he", "she", "our", "your", "their", "that", "this",
    "there", "its", "my", "the",
}  # fmt: skip
_SENT_END_RE = re.compile(r"[.!?;…]+[\"')\]]*$")
_QUESTION_RE = re.compile(r"\?[\"')\]]*$")
_CLAUSE_END_RE = re.compile(r"[,:]+[\"')\]]*$|^[-–—]+$")


@dataclass(frozen=True, slots=True)
class _Structure:
    """Clauses and negation of a token sequence (a transcript or a playbook phrase)."""

    clauses: tuple[tuple[int, int, str], ...]  # [s, e) and how it ends: clause|sentence|question
    contrast: tuple[bool, ...]  # token in a short contrast clause: "3 days, not 10"
    negated: tuple[bool, ...]  # token in the scope of an odd number of negation cues
    framed: tuple[bool, ...] = ()  # not asserted by the rep: asked, hedged, attributed...
    distanced: tuple[bool, ...] = ()  # the subset that also distances a banned phrase
    sentence: tuple[int, ...] = ()  # sentence number of each token


def _structure(words: Sequence[str], toks: Sequence[Token]) -> _Structure:
    n = len(toks)
    clauses: list[tuple[int, int, str]] = []
    start = 0
    for i, tok in enumerate(toks):
        word_ends = i + 1 == n or toks[i + 1].first > tok.last
        raw = words[tok.last]
        cut = ""
        if i + 1 < n and i + 1 > start:
            nxt = toks[i + 1].text
            if nxt in _CLAUSE_CONJ or (
                nxt in _SOFT_CONJ and i + 2 < n and toks[i + 2].text in _SUBJECTS
            ):
                cut = "clause"
            elif nxt in _HESITATIONS:
                # "... no mechanic needed uh dispatchers see ...": a hesitation ends what
                # came before, so a negation does not run on into the next claim
                cut = "clause"
        if word_ends and _SENT_END_RE.search(raw):
            cut = "question" if _QUESTION_RE.search(raw) else "sentence"
        elif word_ends and _CLAUSE_END_RE.search(raw) and not cut:
            cut = "clause"
        if i + 1 == n and not cut:
            cut = "sentence"
        if cut:
            clauses.append((start, i + 1, cut))
            start = i + 1
    clause_of = [0] * n
    contrast = [False] * n
    for ci, (s, e, _) in enumerate(clauses):
        for i in range(s, e):
            clause_of[i] = ci
        # ", not ten" / ", but not per device": the rejected alternative, not a claim
        after_comma = ci > 0 and clauses[ci - 1][2] == "clause"
        first = toks[s].text
        second = toks[s + 1].text if s + 1 < e else ""
        if (
            after_comma
            and e - s <= 8
            and (first in ("not", "never") or (first in ("but", "and") and second == "not"))
        ):
            for i in range(s, e):
                contrast[i] = True
        # "in three days instead of ten" / "rather than per seat": the same, mid-clause
        for i in range(s, e - 2):
            pair = (toks[i].text, toks[i + 1].text)
            if pair in (("instead", "of"), ("rather", "than")) and e - i <= 6:
                for j in range(i, e):
                    contrast[j] = True
                break
    negated = [False] * n
    for i, tok in enumerate(toks):
        nxt = toks[i + 1].text if i + 1 < n else ""
        if tok.text not in _NEG_CUES or contrast[i] or (tok.text, nxt) in _NOT_NEGATING:
            continue
        for p in range(i + 1, min(n, i + 1 + NEG_SCOPE)):
            if clause_of[p] != clause_of[i]:
                break
            negated[p] = not negated[p]
    framed, distanced = _framing(toks, clauses)
    sentence = [0] * n
    k = 0
    for s, e, kind in clauses:
        for i in range(s, e):
            sentence[i] = k
        k += kind != "clause"
    return _Structure(
        tuple(clauses), tuple(contrast), tuple(negated), framed, distanced, tuple(sentence)
    )


# Framing: words that keep a claim from being the rep's own. Each kind has a scope:
# * a denied speech act ("I won't pretend", "don't count on", "nobody should tell you")
#   and a claim put in someone else's mouth ("our competitors say", "if anyone promises
#   you") run to the end of their sentence (at most FRAME_SCOPE tokens: Whisper text has
#   few full stops);
# * a hedge ("maybe", "might", "in some cases") covers its own clause;
# * a question covers its sentence.
FRAME_SCOPE = 20
_SPEECH_VERBS = {
    "pretend", "claim", "promise", "say", "tell", "guarantee", "rely", "count", "expect",
    "believe", "swear", "bet", "suggest", "assume",
}  # fmt: skip
_OTHERS = {
    "competitor", "competitors", "vendor", "vendors", "rival", "rivals", "others",
    "people", "someone", "somebody", "anyone", "anybody", "salesperson", "salespeople",
    "studies", "study", "critics", "brochures",
}  # fmt: skip
_ATTRIBUTION_VERBS = {
    "say", "says", "said", "claim", "claims", "claimed", "promise", "promises", "promised",
    "tell", "tells", "told", "swear", "swears", "assume", "assumes", "assumed", "think",
    "thinks", "guarantee", "guarantees", "insist", "insists", "suggest", "suggests",
    "believe", "believes", "advertise", "advertises", "pitch", "pitches",
}  # fmt: skip
_HEDGE_WORDS = {"maybe", "perhaps", "might", "possibly"}
# A topic mentioned, not claimed ("we talked about pricing last quarter", "the CFO
# asked how long the close takes", "a meeting two weeks from now"): its clause.
_MENTION_WORDS = {
    "talked", "discussed", "discussing", "asked", "agenda", "mentioned", "wondered",
    "wondering", "matter", "matters", "ago", "brochure",
}  # fmt: skip
_MENTION_PHRASES = (("from", "now"), ("call", "about"), ("meeting", "about"), ("talk", "about"))
_HEDGE_PHRASES = (("in", "some", "cases"), ("depending", "on"), ("not", "sure"), ("could", "be"))
# A wish or a request is not a claim ("patients want to book online", "auditors always
# ask for a trail"): the rep describes the need, not what the product does.
_DESIRE_WORDS = {"want", "wants", "wanted", "wish", "wishes", "hope", "hopes", "dream", "dreams"}
_DESIRE_PHRASES = (("ask", "for"), ("asks", "for"), ("would", "like"), ("looking", "for"))


def _framing(
    toks: Sequence[Token], clauses: Sequence[tuple[int, int, str]]
) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    n = len(toks)
    framed = [False] * n
    distanced = [False] * n
    texts = [t.text for t in toks]
    sentence_end = [n] * n
    clause_span = [(0, n)] * n
    start = 0
    for s, e, kind in clauses:
        for i in range(s, e):
            clause_span[i] = (s, e)
        if kind != "clause":
            for i in range(start, e):
                sentence_end[i] = e
            if kind == "question":
                for i in range(start, e):
                    framed[i] = True
            start = e

    def to_sentence_end(i: int) -> None:
        for j in range(i, min(sentence_end[i], i + FRAME_SCOPE)):
            framed[j] = True
            distanced[j] = True

    for i, w in enumerate(texts):
        ahead = texts[i + 1 : i + 5]
        denied = w in _NEG_CUES and w != "0" and any(v in _SPEECH_VERBS for v in ahead)
        attributed = w in _OTHERS and any(v in _ATTRIBUTION_VERBS for v in texts[i + 1 : i + 4])
        if denied or attributed:
            to_sentence_end(i)
        elif w in _DESIRE_WORDS or any(
            tuple(texts[i : i + len(h)]) == h for h in _DESIRE_PHRASES
        ):
            # what follows the wish is wished for ("patients want to book online"), what
            # came before stands ("patients book online whenever they want")
            for j in range(i, clause_span[i][1]):
                framed[j] = True
        elif (
            w in _HEDGE_WORDS
            or w in _MENTION_WORDS
            or any(tuple(texts[i : i + len(h)]) == h for h in _HEDGE_PHRASES)
            or any(tuple(texts[i : i + len(h)]) == h for h in _MENTION_PHRASES)
        ):
            s, e = clause_span[i]
            for j in range(s, e):
                framed[j] = True
    return tuple(framed), tuple(distanced)


def _negated_keys(
    keys: Sequence[str], negated: Sequence[bool], s: int, e: int, among: frozenset[str]
) -> set[str]:
    """Keys (of `among`) negated somewhere in [s, e): conservative on purpose, so an
    earlier plain mention cannot rescue a denied claim in the same window."""
    return {keys[i] for i in range(s, e) if negated[i] and keys[i] in among}


@dataclass(frozen=True, slots=True)
class _Phrase:
    keys: frozenset[str]
    weights: tuple[tuple[str, float], ...]
    total: float
    numbers: frozenset[str]
    neg_keys: frozenset[str]  # keys the phrase itself negates ("no hidden fees")
    rejected: frozenset[str]  # keys only in its contrast clause ("..., not per device")
    min_hits: int


@dataclass(frozen=True, slots=True)
class _Point:
    spec: PointSpec
    phrases: tuple[_Phrase, ...]
    keyword_keys: tuple[frozenset[str], ...]
    texts: tuple[str, ...] = ()  # statement and evidence, as written
    text_negated: tuple[bool, ...] = ()  # per text: it contains a negation itself
    numbers: frozenset[str] = frozenset()  # numbers in any of its texts
    periods: frozenset[str] = frozenset()  # units of time in any of its texts


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
    return ordered, negated, rejected


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
    )


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
    # is not its claim
    if n < MAIN_CLAUSE_MIN_KEYS or n >= total or n < 0.5 * total:
        return None
    return " ".join(words[toks[s].first : toks[e - 1].last + 1]).strip(" ,;:.")


@lru_cache(maxsize=128)
def _compile(spec: ScoringSpec) -> _Compiled:
    texts_per_point = [(p.statement, *p.evidence) for p in spec.points]
    analysed = [[_phrase_keys(text) for text in texts] for texts in texts_per_point]
    # Document frequency over points: a word in every message (the product name) is weak.
    df: dict[str, int] = {}
    for phrases in analysed:
        for key in {k for keys, _, _ in phrases for k in keys}:
            df[key] = df.get(key, 0) + 1
    n = max(len(spec.points), 1)

    def weight(key: str) -> float:
        return 0.5 + math.log(1 + n / df.get(key, 1))

    points = []
    def compile_phrase(keys: Any, neg: Any, rejected: Any) -> _Phrase:
        weights = tuple((k, weight(k)) for k in keys)
        return _Phrase(keys=frozenset(keys), weights=weights, total=sum(w for _, w in weights),
                       numbers=frozenset(k for k in keys if k[:1].isdigit() and k != "0"),
                       neg_keys=frozenset(neg), rejected=frozenset(rejected),
                       # a long phrase needs at least 40% of its words before it is weighed
                       min_hits=max(1, math.ceil(0.4 * len(keys))))

    for p, phrases_keys in zip(spec.points, analysed, strict=True):
        compiled_phrases: list[_Phrase] = []
        for keys, neg, rejected in phrases_keys:
            if not keys:
                continue
            compiled_phrases.append(compile_phrase(keys, neg, rejected))
        main = _main_clause(p.statement)
        if main is not None and compiled_phrases:
            # The claim without its secondary detail ("Dispatchers see every vehicle on
            # a live map" of "..., updated every ten seconds") conveys the message too.
            compiled_phrases.append(compile_phrase(*_phrase_keys(main)))
        kw = tuple(frozenset(canonical(t) for t in tokens(k) if is_content(t)) for k in p.keywords)
        if not any(kw) and compiled_phrases:
            # No keywords in the playbook: the coverage model was fitted with them, so
            # a message without any would always look less sure. Its statement's most
            # distinctive words stand in for them.
            ranked = sorted(compiled_phrases[0].weights, key=lambda kw_: -kw_[1])
            kw = tuple(frozenset((k,)) for k, _ in ranked[:AUTO_KEYWORDS])
        texts = (p.statement, *p.evidence)
        points.append(
            _Point(
                spec=p,
                phrases=tuple(compiled_phrases),
                keyword_keys=tuple(k for k in kw if k),
                texts=texts,
                text_negated=tuple(any(t in _NEG_CUES for t in tokens(x)) for x in texts),
                numbers=frozenset(n for ph in compiled_phrases for n in ph.numbers),
                periods=frozenset(k for ph in compiled_phrases for k in ph.keys)
                & _PERIOD_KEYS,
            )
        )
    all_texts = [t for texts in texts_per_point for t in texts]
    all_texts += [k for p in spec.points for k in p.keywords]
    all_texts += [f for f, _ in spec.forbidden] + [r for r, _ in spec.retired]
    vocab = frozenset(t for text in all_texts for t in tokens(text))
    return _Compiled(
        points=tuple(points),
        forbidden=tuple(_banned(f, reason) for f, reason in spec.forbidden),
        retired=tuple(_banned(r, by) for r, by in spec.retired),
        vocabulary=vocab,
        keys=frozenset(canonical(t) for t in vocab if is_content(t)),
        fuzzy_choices=tuple(sorted(t for t in vocab if len(t) >= 6 and t.isalpha())),
        compounds=_compounds(all_texts),
    )


COMPOUND_MIN_LEN = 10  # joined pairs shorter than this are too easy to confuse
COMPOUND_MATCH_AT = 85  # rapidfuzz ratio for a misheard pair


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


# --- transcript analysis --------------------------------------------------------------


@dataclass(slots=True)
class _Text:
    words: tuple[str, ...]  # raw word texts
    toks: list[Token]
    keys: list[str]  # canonical key per token ("" for non-content and contrast clauses)
    all_keys: list[str]  # the same, contrast clauses included (for banned phrases)
    structure: _Structure
    starts: list[float | None]  # per raw word
    ends: list[float | None]


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


def _analyze_transcript(transcript: Transcript, compiled: _Compiled) -> _Text:
    words = tuple(w.text for w in transcript.words)
    toks = join_to_vocabulary(analyze(words), compiled.vocabulary)
    st = _structure(words, toks)
    all_keys = [_key_for(t.text, compiled) if is_content(t.text) else "" for t in toks]
    _repair_pairs(toks, all_keys, compiled)
    return _Text(
        words=words,
        toks=toks,
        keys=[k if not st.contrast[i] else "" for i, k in enumerate(all_keys)],
        all_keys=all_keys,
        structure=st,
        starts=[w.start for w in transcript.words],
        ends=[w.end for w in transcript.words],
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


@dataclass(slots=True)
class _Match:
    confidence: float
    negated: bool
    span: tuple[int, int]  # token indices, inclusive
    hits: int  # phrase words said
    framed: bool = False  # asked, hedged, attributed to others, a denied promise


def _judge(
    phrase: _Phrase,
    kw: tuple[frozenset[str], ...],
    text: _Text,
    unit: tuple[int, int],
    unit_keys: frozenset[str],
) -> _Match | None:
    hits = phrase.keys & unit_keys
    if len(hits) < phrase.min_hits:
        return None
    said = sum(w for k, w in phrase.weights if k in hits)
    conf = said / phrase.total
    # Shorter phrases prove less: one shared word is not a message.
    conf *= min(1.0, 0.55 + 0.15 * len(phrase.keys))
    missing = phrase.numbers - unit_keys
    if missing:
        other = any(k[:1].isdigit() and k != "0" and k not in phrase.numbers for k in unit_keys)
        conf *= 0.5 if other else 0.8  # "20%" contradicts "40%"; no number is weaker
    periods = phrase.keys & _PERIOD_KEYS
    if periods and not periods & unit_keys and unit_keys & _PERIOD_KEYS:
        conf *= 0.5  # "once a month" contradicts "every night", as "20%" does "40%"
    if kw and conf >= KEYWORD_BONUS_MIN_OVERLAP:
        conf += KEYWORD_BONUS * sum(1 for k in kw if k <= unit_keys) / len(kw)
    s, e = unit
    positions = [i for i in range(s, e) if text.keys[i] in hits]
    w_neg = _negated_keys(text.keys, text.structure.negated, s, e, hits)
    # negated: the window denies what the phrase asserts, or asserts what it denies
    negated = bool((w_neg ^ phrase.neg_keys) & hits)
    if negated:
        # Negation is scoped to its clause: in "ask not what X, ask what Y" (or the same
        # run on without commas) the words said last, after the denied part, may still
        # say the phrase on their own.
        last = {text.keys[i]: i for i in range(s, e) if text.keys[i] in hits}
        last_neg = {k for k, i in last.items() if text.structure.negated[i]}
        first_last = min(last.values())
        if not (last_neg ^ phrase.neg_keys) & hits and not any(
            text.structure.negated[i] and text.keys[i] in hits
            for i in range(first_last, max(last.values()) + 1)
        ):
            negated = False
            positions = sorted(last.values())
    if not negated and phrase.rejected:
        # asserting the alternative the message rejects: "pricing is per device"
        rejected = phrase.rejected & unit_keys
        negated = bool(rejected - _negated_keys(text.keys, text.structure.negated, s, e, rejected))
    if not negated and not phrase.neg_keys:
        unit_texts = [t.text for t in text.toks[s:e]]
        negated = any(_contains(unit_texts, f) for f in _FRAMING)
    framed = bool(text.structure.framed) and any(text.structure.framed[i] for i in positions)
    sentence = text.structure.sentence
    if (framed and sentence and sentence[positions[0]] != sentence[positions[-1]]
            and not all(text.structure.framed[i] for i in positions)):
        # framed in one sentence, plain in the next ("competitors take ten days; we close
        # in three"): each sentence is judged on its own, not this mix of the two
        return None
    if sentence and sentence[positions[0]] != sentence[positions[-1]]:
        conf *= CROSS_SENTENCE  # one claim is rarely split over two sentences
    return _Match(
        confidence=min(conf, 1.0),
        negated=negated,
        span=(positions[0], positions[-1]),
        hits=len(hits),
        framed=framed,
    )


def _contains(seq: Sequence[str], sub: tuple[str, ...]) -> bool:
    m = len(sub)
    return any(tuple(seq[i : i + m]) == sub for i in range(len(seq) - m + 1))


def _quote(text: _Text, span: tuple[int, int]) -> tuple[str, float | None, float | None]:
    first_word = text.toks[span[0]].first
    last_word = text.toks[span[1]].last
    said = " ".join(text.words[first_word : last_word + 1]).strip(" ,;:.!?\"'")
    return said, _round(text.starts[first_word]), _round(text.ends[last_word])


def _round(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(x, nd)


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
        }


def _lexical(
    point: _Point, text: _Text, units: list[tuple[int, int]], unit_keys: list[frozenset[str]]
) -> _Signals:
    best: _Match | None = None
    best_negated: _Match | None = None
    for phrase in point.phrases:
        for unit, keys in zip(units, unit_keys, strict=True):
            m = _judge(phrase, point.keyword_keys, text, unit, keys)
            if m is None:
                continue
            if m.negated or m.framed:
                if best_negated is None or _better(m, best_negated):
                    best_negated = m
            elif best is None or _better(m, best):
                best = m
    if best is not None and best_negated is not None and best.span[0] > best_negated.span[1]:
        # said plainly after the denied or distanced version ("ask not X, ask Y"; "they
        # say X; we really do X"): the rep's last word stands
        best_negated = None
    kw = 0.0
    kw_span: tuple[int, int] | None = None
    if point.keyword_keys:
        framed = text.structure.framed
        for s, e in units:
            if framed and any(framed[s:e]):
                continue
            # contrast clauses included: the keyword "signatures" is said in "by
            # behaviour, not signatures"
            keys = frozenset(k for k in text.all_keys[s:e] if k)
            figures = {k for k in keys if k[:1].isdigit() and k != "0"}
            if point.numbers and figures and not figures & point.numbers:
                continue  # "ninety five percent uptime" is not the message's 99.9%
            said = sum(1 for k in point.keyword_keys if k <= keys)
            share = said / len(point.keyword_keys)
            if share > kw or (share == kw and kw_span and e - s < kw_span[1] + 1 - kw_span[0]):
                kw, kw_span = share, (s, e - 1)
    return _Signals(best, best_negated, kw=kw, kw_span=kw_span if kw else None)


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
    covered = p >= model.covered_at
    best, bad = sig.best, sig.best_bad
    lex, lex_bad = values["lex"], values["lex_bad"]
    if covered:
        reason = None
    elif bad is not None and lex_bad >= COVERED_AT and lex_bad > lex:
        reason = "negated" if bad.negated else "distanced"
    elif p >= model.check_band[0] or lex >= PARTIAL_AT:
        reason = "partial"
    else:
        reason = "not said"
    span: tuple[int, int] | None = None
    if learned_span is not None:
        span = learned_span
    elif reason in ("negated", "distanced") and bad is not None:
        span = bad.span
    elif best is not None and lex >= PARTIAL_AT and (not covered or lex >= sig.cos - 0.2):
        span = best.span
    elif (covered or reason == "partial") and sig.cos_span is not None:
        span = sig.cos_span
    elif covered and sig.kw_span is not None:
        span = sig.kw_span  # every covered judgement quotes the words behind it
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
        # only when the words that made it "covered" are the rejected ones
        if any(s[0] <= match.span[1] and match.span[0] <= s[1] for s in spans):
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


# --- forbidden and retired phrases ----------------------------------------------------


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
    return all(fuzz.partial_ratio(word, said) >= 80
               for word in tokens(banned.phrase) if is_content(word))


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


# --- delivery -------------------------------------------------------------------------

_SINGLE_FILLERS = {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "mm", "mhm"}
_DETERMINERS = {
    "a", "the", "this", "that", "what", "which", "any", "some", "every", "each", "one",
    "all", "these", "those", "no", "same", "our", "your", "their", "my", "his", "her",
    "its", "another", "certain", "different",
}  # fmt: skip
_KNOW_OBJECTS = {
    "what", "that", "how", "why", "if", "whether", "who", "where", "when", "the", "a",
    "an", "our", "your", "this", "it", "them", "him", "her", "me", "us", "about", "more",
    "each", "everything", "all", "which", "their", "those", "these", "his", "anything",
}  # fmt: skip
_KNOW_NOT_FILLER_BEFORE = {
    "do", "did", "if", "don't", "didn't", "not", "will", "would", "may", "might",
    "could", "should", "to", "let", "you'll", "i", "we", "they", "doesn't",
}  # fmt: skip
_LIKE_VERBS = {
    "would", "i", "we", "you", "they", "looks", "look", "feel", "feels", "just", "seems",
    "sounds", "things", "something", "anything", "much", "really", "don't", "didn't",
    "d", "'d", "i'd", "we'd", "you'd", "they'd", "more", "exactly", "not", "is", "was",
}  # fmt: skip
_WORD_CLEAN_RE = re.compile(r"[^\w']+")


def _count_fillers(words: Sequence[str]) -> dict[str, int]:
    """Count fillers a listener would hear as fillers, not every "like" or "kind of"."""
    low = [_WORD_CLEAN_RE.sub("", w.lower().replace("’", "'")) for w in words]
    comma_after = [w.rstrip().endswith((",", "...", "…", "-", "—")) for w in words]
    sent_end = [bool(_SENT_END_RE.search(w)) for w in words]
    counts: dict[str, int] = {}

    def add(k: str) -> None:
        counts[k] = counts.get(k, 0) + 1

    n = len(low)
    for i, w in enumerate(low):
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < n else ""
        boundary_before = i == 0 or comma_after[i - 1] or sent_end[i - 1]
        if w in _SINGLE_FILLERS:
            add(
                w
                if w in ("um", "uh", "er", "ah", "hmm")
                else {
                    "umm": "um",
                    "uhh": "uh",
                    "uhm": "um",
                    "erm": "er",
                    "ahh": "ah",
                    "mm": "hmm",
                    "mhm": "hmm",
                }[w]
            )
        elif w == "like":
            if (
                comma_after[i]
                or prev in _SINGLE_FILLERS
                or prev == "like"
                or (boundary_before and prev not in _LIKE_VERBS and nxt not in ("a", "an", "the"))
            ):
                add("like")
        elif w == "know" and prev == "you":
            before = low[i - 2] if i >= 2 else ""
            if (
                comma_after[i]
                or sent_end[i]
                or (nxt not in _KNOW_OBJECTS and before not in _KNOW_NOT_FILLER_BEFORE)
            ):
                add("you know")
        elif w == "mean" and prev == "i":
            before = low[i - 2] if i >= 2 else ""
            start_of_clause = i < 2 or comma_after[i - 2] or sent_end[i - 2]
            if comma_after[i] or (
                start_of_clause
                and before not in ("what", "that")
                and nxt not in ("it", "that", "to", "what")
            ):
                add("i mean")
        elif w == "of" and prev in ("sort", "kind"):
            before = low[i - 2] if i >= 2 else ""
            if before not in _DETERMINERS:  # "what kind of tool" is not a filler
                add(f"{prev} of")
    return counts


def _max_word_s(text: str) -> float:
    """A generous upper bound on how long a word takes to say (digits read as words)."""
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return 0.3 + 0.08 * letters + 0.25 * digits


def _delivery(spec: ScoringSpec, transcript: Transcript) -> Delivery:
    words = transcript.words
    n = len(words)
    fillers = _count_fillers([w.text for w in words])
    total_fillers = sum(fillers.values())
    duration = transcript.duration_s
    longest = pauses = long_pauses = hesitations = None
    wpm: int | None = None
    if transcript.timed:
        starts = [float(w.start) for w in words if w.start is not None]
        ends = [float(w.end) for w in words if w.end is not None]
        # Whisper stretches the word before a silence over it ("3." lasting 1.7 s), which
        # would hide the pause; cap each word at a generous spoken length for gaps.
        spoken_ends = [
            min(e, s + _max_word_s(w.text)) for s, e, w in zip(starts, ends, words, strict=True)
        ]
        gaps = [max(0.0, starts[i + 1] - spoken_ends[i]) for i in range(n - 1)]
        longest = round(max(gaps), 2) if gaps else 0.0
        pauses = sum(1 for g in gaps if g > PAUSE_S)
        long_pauses = sum(1 for g in gaps if g > LONG_PAUSE_S)
        hesitations = sum(
            1
            for i, g in enumerate(gaps)
            if g > PAUSE_S
            and not _SENT_END_RE.search(words[i].text)
            and not _CLAUSE_END_RE.search(words[i].text)
        )
        if duration is None:
            duration = ends[-1]
        # Rate over the speech itself: leading/trailing silence is not slow talking.
        span = ends[-1] - starts[0]
        if span > 0:
            wpm = round(n / span * 60)
    elif duration:
        wpm = round(n / duration * 60) if n else 0
    pace = None
    if wpm is not None:
        lo, hi = spec.wpm_band
        pace = "slow" if wpm < lo else "fast" if wpm > hi else "on target"
    duration_ok = None
    if duration is not None and spec.duration_target is not None:
        duration_ok = spec.duration_target[0] <= duration <= spec.duration_target[1]
    return Delivery(
        duration_s=_round(duration, 1),
        words=n,
        wpm=wpm,
        fillers=total_fillers,
        fillers_per_100_words=round(total_fillers * 100 / n, 1) if n else 0.0,
        longest_pause_s=longest,
        pauses=pauses,
        long_pauses=long_pauses,
        hesitations=hesitations,
        filler_words=dict(sorted(fillers.items())),
        wpm_band=spec.wpm_band,
        pace=pace,
        duration_target=spec.duration_target,
        duration_ok=duration_ok,
    )


# --- entry point ----------------------------------------------------------------------


def message_signals(
    spec: ScoringSpec, transcript: Transcript, *, semantic: bool = True
) -> tuple[_Compiled, _Text, list[_Signals], SentenceEncoder | None]:
    """The signals of every expected message (what the coverage model weighs)."""
    compiled = _compile(spec)
    text = _analyze_transcript(transcript, compiled)
    units = _units(text)
    unit_keys = [frozenset(k for k in text.keys[s:e] if k) for s, e in units]
    signals = [_lexical(p, text, units, unit_keys) for p in compiled.points]
    encoder = get_encoder() if semantic else None
    if encoder is not None and text.toks:
        _add_semantic(compiled, text, signals, encoder)
    return compiled, text, signals, encoder


def score_transcript(
    spec: ScoringSpec,
    transcript: Transcript,
    *,
    semantic: bool = True,
    learned: Mapping[str, MessageLearning] | None = None,
) -> ScoreResult:
    """Score one attempt: which messages were conveyed, banned phrases, delivery.

    `semantic=False` (or no embedding model installed) scores on the lexical signals
    alone, with the model fitted for that case; the result says which ran. `learned`:
    per message id, what managers' earlier decisions on it teach (drills.scoring_learning);
    a judgement they changed says so in its `learned` note."""
    compiled, text, signals, encoder = message_signals(spec, transcript, semantic=semantic)
    models = load_models()
    model = models.semantic if encoder is not None else models.lexical
    extra: list[_Learned | None] = [None] * len(compiled.points)
    if learned:
        units = _units(text)
        unit_keys = [frozenset(k for k in text.keys[s:e] if k) for s, e in units]
        for i, point in enumerate(compiled.points):
            info = learned.get(point.spec.id)
            if info is not None:
                extra[i] = _learned_matches(info, text, units, unit_keys)
    messages = tuple(
        _result(p, text, sig, model, x)
        for p, sig, x in zip(compiled.points, signals, extra, strict=True)
    )
    forbidden = tuple(h for b in compiled.forbidden for h in _find_banned(b, text))
    retired = tuple(h for b in compiled.retired for h in _find_banned(b, text))

    total = sum(p.weight for p in spec.points)
    got = sum(m.weight for m in messages if m.covered)
    base = 100 * got / total if total else 0.0
    n_forbidden = len({h.phrase for h in forbidden})
    n_retired = len({h.phrase for h in retired})
    penalty = FORBIDDEN_PENALTY * n_forbidden + RETIRED_PENALTY * n_retired
    score = max(0, min(100, round(base - penalty)))
    formula = (
        f"100 × {got:g}/{total:g} covered message weight = {base:.1f}"
        f" − {FORBIDDEN_PENALTY} × {n_forbidden} forbidden phrase(s)"
        f" − {RETIRED_PENALTY} × {n_retired} retired phrase(s)"
        f" = {base - penalty:.1f}, rounded and clamped to 0..100 → {score}"
    )
    return ScoreResult(
        module=spec.module,
        version=spec.version,
        pitch=spec.pitch,
        score=score,
        transcript=transcript.text,
        messages=messages,
        forbidden=forbidden,
        retired=retired,
        delivery=_delivery(spec, transcript),
        formula=formula,
        judged_by=model.name,
        notes=_notes(text, compiled.keys),
        sure_score=adjusted_score(
            {"messages": [m.to_json_dict() for m in messages],
             "forbidden": [{"phrase": h.phrase} for h in forbidden],
             "retired": [{"phrase": h.phrase} for h in retired]},
            {m.id: False for m in messages if m.covered and m.check}),
    )


MIN_WORDS = 5  # fewer words than this: too little to judge a pitch on
ENGLISH_MIN_SHARE = 0.2  # English speech is ~40% function words; other languages ~0


def _notes(text: _Text, keys: frozenset[str]) -> tuple[str, ...]:
    """Plain warnings for a transcript the judgements cannot mean much on."""
    n = len(text.words)
    if n < MIN_WORDS:
        return (f"Too short to judge: {n} word{'s' if n != 1 else ''} heard. "
                "Say the pitch in full sentences.",)
    # function words, or the playbook's own words (terse English has few function words)
    known = sum(t.text in STOPWORDS or k in keys or t.text[:1].isdigit()
                for t, k in zip(text.toks, text.all_keys, strict=True))
    if n >= 8 and known < ENGLISH_MIN_SHARE * len(text.toks):
        return ("This does not sound like English: the scorer reads English only, so "
                "nothing in it could be counted.",)
    return ()


def adjusted_score(result: Mapping[str, Any], judged: Mapping[str, bool]) -> int:
    """A stored result's score with some messages judged covered or missed by a person:
    the same formula as `score_transcript` (weighted share covered, minus the penalties for
    the banned phrases said), so a manager's override moves the score it would have."""
    messages = list(result.get("messages") or [])
    total = sum(float(m.get("weight", 1) or 1) for m in messages)
    got = sum(float(m.get("weight", 1) or 1) for m in messages
              if judged.get(str(m["id"]), bool(m.get("covered"))))
    base = 100 * got / total if total else 0.0
    n_forbidden = len({h.get("phrase") for h in result.get("forbidden") or []})
    n_retired = len({h.get("phrase") for h in result.get("retired") or []})
    penalty = FORBIDDEN_PENALTY * n_forbidden + RETIRED_PENALTY * n_retired
    return max(0, min(100, round(base - penalty)))
