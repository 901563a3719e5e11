"""Score a pitch transcript against the playbook, the way a careful reviewer would.

Pure and deterministic: `score_transcript(spec, transcript)` depends on nothing but its
arguments (and the shipped coverage model). The package, one concern a module:

* `spec`: the `ScoringSpec` built from the typed `Playbook` (`spec_from_playbook`);
* `clauses`: clauses, clause-scoped negation and framing (questions, hedges, someone
  else's words, denied promises, wishes, mere mentions);
* `coverage`: the signals that a message was conveyed (weighted content words, numbers
  and units, keywords, the embedding's cosine) and the calibrated judgement with its
  verbatim quote; `outcome_signal`: which message a benefit told as a story is about;
  `signal_filters`: signals taken back once all are known (a feature only named in a
  list, a headline inside another message's match or in a list of bare names, a speed
  told only as "pretty quick");
* `phrases`: forbidden and retired phrases, as said (fuzzy, ASR-tolerant), and
  `phrase_framing`: whether the rep disowned one they said;
* `delivery`: pace, fillers, pauses, duration;
* `result`: the result as written (`ScoreResult.to_json_dict`, the `onmessage score
  --json` contract of shared/playbook-format.md) and as read back (`StoredResult`).
"""

from __future__ import annotations

from collections.abc import Mapping

from drills.coverage_model import load_models
from drills.embedding import SentenceEncoder, get_encoder
from drills.scoring.change_signal import change_signals
from drills.scoring.clauses import _Text
from drills.scoring.compiled import _compile, _Compiled, _main_clause
from drills.scoring.coverage import (
    COVERED_AT,
    PARTIAL_AT,
    _add_semantic,
    _analyze_transcript,
    _Learned,
    _learned_matches,
    _lexical,
    _result,
    _Signals,
    _units,
)
from drills.scoring.delivery import _delivery
from drills.scoring.figures import figure_signals
from drills.scoring.learning import MessageLearning
from drills.scoring.outcome_signal import _outcomes
from drills.scoring.phrases import PHRASE_MATCH_AT, _find_banned, hear
from drills.scoring.result import (
    FORBIDDEN_PENALTY,
    RETIRED_PENALTY,
    Delivery,
    MessageResult,
    PhraseHit,
    ScoreResult,
    StoredDelivery,
    StoredMessage,
    StoredPhrase,
    StoredResult,
    adjusted_score,
    stored_result,
)
from drills.scoring.signal_filters import (
    drop_borrowed_headlines,
    drop_listed_headlines,
    drop_named_outcomes,
    drop_vague_speeds,
)
from drills.scoring.spec import (
    DEFAULT_WPM_BAND,
    PointSpec,
    ScoringSpec,
    spec_for_points,
    spec_from_playbook,
    spec_from_playbook_dict,
)
from drills.text_normalize import STOPWORDS
from drills.transcript import Transcript

__all__ = [
    "COVERED_AT", "DEFAULT_WPM_BAND", "FORBIDDEN_PENALTY", "PARTIAL_AT", "PHRASE_MATCH_AT",
    "RETIRED_PENALTY", "Delivery", "MessageResult", "PhraseHit", "PointSpec", "ScoreResult",
    "ScoringSpec", "StoredDelivery", "StoredMessage", "StoredPhrase", "StoredResult",
    "_compile", "_main_clause", "adjusted_score", "message_signals", "score_transcript",
    "spec_for_points", "spec_from_playbook", "spec_from_playbook_dict", "stored_result",
]  # fmt: skip


def message_signals(
    spec: ScoringSpec, transcript: Transcript, *, semantic: bool = True
) -> tuple[_Compiled, _Text, list[_Signals], SentenceEncoder | None]:
    """The signals of every expected message (what the coverage model weighs)."""
    compiled = _compile(spec)
    text = _analyze_transcript(transcript, compiled)
    units = _units(text)
    unit_keys = [frozenset(k for k in text.keys[s:e] if k) for s, e in units]
    signals = [_lexical(p, text, units, unit_keys, compiled) for p in compiled.points]
    _outcomes(compiled, text, signals)
    drop_named_outcomes(compiled, text, signals)
    drop_borrowed_headlines(compiled, text, signals)
    drop_listed_headlines(compiled, text, signals)
    drop_vague_speeds(compiled, text, signals)
    change_signals(compiled, text, signals)
    figure_signals(compiled, text, signals)
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
    per message id, what managers' earlier decisions on it teach (drills.scoring.learning);
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
    heard = hear(text) if compiled.forbidden or compiled.retired else None
    forbidden = tuple(h for b in compiled.forbidden for h in _find_banned(b, text, heard))
    retired = tuple(h for b in compiled.retired
                    for h in _find_banned(b, text, heard, retired=True))

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
# The commonest function words of German, French, Spanish, Italian, Dutch and Portuguese
# that are no English word a pitch would use: a short sentence in one of them can reach
# ENGLISH_MIN_SHARE on words it shares with English ("in", "her", "a"), never outnumber
# them with these.
_FOREIGN = """
    der die das den dem des und ist nicht mit sie wir ein eine einen ihre ihr ihnen unsere
    unser auch wird werden sind für auf nur noch wie oder aber bei zum zur vom von dass
    weil ohne wieder sehr le la les et est une pour que qui dans avec sur pas vous nous
    votre notre sont cette mais el los las y es para por una del su sus más pero como muy
    il di che della nel sono gli het een niet zijn wij ook voor maar naar você não uma
    seu sua"""
FOREIGN_FUNCTION_WORDS = frozenset(_FOREIGN.split())


def _notes(text: _Text, keys: frozenset[str]) -> tuple[str, ...]:
    """Plain warnings for a transcript the judgements cannot mean much on."""
    n = len(text.words)
    if n < MIN_WORDS:
        return (f"Too short to judge: {n} word{'s' if n != 1 else ''} heard. "
                "Say the pitch in full sentences.",)
    # function words, or the playbook's own words (terse English has few function words)
    known = sum(t.text in STOPWORDS or k in keys or t.text[:1].isdigit()
                for t, k in zip(text.toks, text.all_keys, strict=True))
    english = sum(t.text in STOPWORDS for t in text.toks)
    foreign = sum(t.text in FOREIGN_FUNCTION_WORDS for t in text.toks)
    if (n >= 8 and known < ENGLISH_MIN_SHARE * len(text.toks)) or (
            foreign >= 3 and foreign > english):
        return ("This does not sound like English: the scorer reads English only, so "
                "nothing in it could be counted.",)
    return ()

