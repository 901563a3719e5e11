"""The scorer on any text a rep or Whisper could produce: it never raises, confidences are
probabilities, a covered message quotes words that are in the transcript, and every
forbidden or retired hit names a phrase of the playbook (issue 13: "Bad input ... never
a crash"). The text is drawn from the pieces its number, unit, negation and list readers
take apart, so odd combinations of them ("a couple of and a half", "3 out of", "s l")
are tried, not only well-formed speech."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from drills.scoring import ScoringSpec, score_transcript, spec_from_playbook_dict
from drills.transcript import Transcript

EVAL = Path(__file__).parent / "eval"
PLAYBOOKS = ("ledgerly-close.yaml", "harborguard.yaml", "medibook.yaml", "fleetwise.yaml")

DEMO = Path(__file__).parents[2] / "app" / "demo"
_SPECS = [spec_from_playbook_dict(yaml.safe_load(path.read_text()), None)
          for path in [*(EVAL / name for name in PLAYBOOKS), DEMO / "playbook-v2.yaml"]]

# Pieces the readers of numbers, durations, shares, letters, negation and lists look for.
_PIECES = (
    "a", "an", "the", "and", "half", "a half", "couple of", "a couple of", "times", "per",
    "every", "each", "out of", "in", "one", "two", "too", "three", "ten", "twenty-five",
    "ninety", "hundred", "a hundred", "thousand", "0", "1", "2", "3.5", "15", "90", "100",
    "1,000", "$5,000", "40%", "percent", "per cent", "a third", "two thirds", "a fifth",
    "quarter", "fortnight", "second", "seconds", "minute", "minutes", "hr", "hours", "day",
    "days", "week", "weeks", "month", "months", "year", "yrs", "s", "l", "a", "S.L.A.",
    "E-H-R", "not", "no", "never", "don't", "isn't", "won't", "only", "but", "also",
    "instead of", "used to", "no longer", "anymore", "now", "went from", "to", "these days",
    "maybe", "if", "anyone", "promises", "our competitors say", "?", ".", ",", ";", "-",
    "um", "uh", "like", "you know", "so", "ledgerly", "close", "reconciliation", "ransomware",
    "backups", "restore", "booking", "no-shows", "fleet", "fuel", "unhackable",
    "cheapest on the market", "SOC 2", "HIPAA", "é", "日本", "",
)
_speech = hs.lists(hs.sampled_from(_PIECES), max_size=60).map(" ".join)
_anything = hs.text(max_size=300)


def _check(spec: ScoringSpec, text: str) -> None:
    transcript = Transcript.from_text(text)
    result = score_transcript(spec, transcript, semantic=False)
    said = re.sub(r"\s+", " ", transcript.text).lower()
    for m in result.messages:
        assert 0.0 <= m.confidence <= 1.0, (m.id, m.confidence)
        if m.covered:
            assert m.evidence, m.id
            quote = re.sub(r"\s+", " ", m.evidence).lower()
            assert quote in said, (m.id, m.evidence, text)
    phrases = {p for p, _ in spec.forbidden} | {p for p, _ in spec.retired}
    assert {h.phrase for h in (*result.forbidden, *result.retired)} <= phrases
    assert 0 <= result.to_json_dict()["score"] <= 100


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=hs.sampled_from(_SPECS), text=_speech)
def test_speech_pieces_in_any_order_score_cleanly(spec: ScoringSpec, text: str) -> None:
    _check(spec, text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hs.data())
def test_the_playbook_s_own_lines_among_the_pieces_score_cleanly(data: hs.DataObject) -> None:
    """Its statements and phrases cut into and mixed with the pieces: covered messages and
    phrase hits happen here, so their quotes and names are checked too."""
    spec = data.draw(hs.sampled_from(_SPECS))
    lines = [p.statement for p in spec.points] + [p for p, _ in spec.forbidden]
    words = [w for line in lines for w in line.split()]
    parts = data.draw(hs.lists(hs.one_of(hs.sampled_from(lines), hs.sampled_from(words),
                                         hs.sampled_from(_PIECES)), max_size=40))
    _check(spec, " ".join(parts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=hs.sampled_from(_SPECS), text=_anything)
def test_any_characters_score_cleanly(spec: ScoringSpec, text: str) -> None:
    _check(spec, text)
