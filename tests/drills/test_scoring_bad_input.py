"""Bad input to the scorer: a clear result, never a crash, never a confident wrong
"covered" (issue 13, "Bad input")."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from drills.scoring import score_transcript, spec_from_playbook_dict
from drills.transcript import Transcript

EVAL = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def ledgerly() -> dict:
    return yaml.safe_load((EVAL / "ledgerly-close.yaml").read_text())


def test_empty_and_one_word_takes_say_they_are_too_short(ledgerly: dict) -> None:
    spec = spec_from_playbook_dict(ledgerly, "cfo-elevator")
    for text, heard in (("", "0 words"), ("Ledgerly.", "1 word")):
        result = score_transcript(spec, Transcript.from_text(text)).to_json_dict()
        assert result["score"] == 0 and not any(m["covered"] for m in result["messages"])
        assert result["notes"] == [f"Too short to judge: {heard} heard. Say the pitch in "
                                   "full sentences."]


@pytest.mark.parametrize("text", [
    "Ledgerly verkürzt den Monatsabschluss von zehn Tagen auf drei. Banktransaktionen "
    "werden automatisch mit Rechnungen abgeglichen.",
    "Ledgerly réduit la clôture mensuelle de dix jours à trois et rapproche "
    "automatiquement les factures.",
    # short, and sharing "in" and "her" with English
    "Die Lösung stellt Ihre Daten in wenigen Minuten wieder her, ohne Verkabelung.",
    "Ledgerly cierra el mes en tres días y concilia las facturas con el banco.",
])
def test_another_language_is_named_not_scored_as_missed_silently(ledgerly: dict,
                                                                 text: str) -> None:
    result = score_transcript(spec_from_playbook_dict(ledgerly, "cfo-elevator"),
                              Transcript.from_text(text))
    assert not result.covered_ids
    assert result.notes == ("This does not sound like English: the scorer reads English "
                            "only, so nothing in it could be counted.",)


def test_terse_english_is_not_taken_for_another_language(ledgerly: dict) -> None:
    result = score_transcript(spec_from_playbook_dict(ledgerly, "cfo-elevator"),
                              Transcript.from_text("Three-day close, automatic bank matching, "
                                                   "payback inside six months."))
    assert result.notes == ()


def test_twenty_minutes_of_speech_is_scored(ledgerly: dict) -> None:
    said = "Ledgerly cuts the month-end close from ten days to three. "
    chatter = "We talked about the weather, the team and the quarter ahead of us. "
    text = (said + chatter * 12) * 25  # ~3,000 words: twenty minutes at 150 words a minute
    result = score_transcript(spec_from_playbook_dict(ledgerly, "cfo-elevator"),
                              Transcript.from_text(text))
    assert result.delivery.words > 3000
    assert result.covered_ids == ("fast-close",) and result.notes == ()


def test_evidence_contradicting_its_statement_is_never_confidently_covered(
        ledgerly: dict) -> None:
    book = copy.deepcopy(ledgerly)
    book["messages"][0]["evidence"] = ["the close takes ten days, not three"]
    spec = spec_from_playbook_dict(book, "cfo-elevator")
    fast_close = score_transcript(spec, Transcript.from_text("The close takes ten days.")
                                  ).messages[0]
    assert fast_close.id == "fast-close"
    assert not fast_close.covered or fast_close.check  # a manager decides, never the machine


def test_a_denied_claim_whose_words_hit_only_as_figures_is_judged_not_crashed() -> None:
    """A spoken answer that crashed the scorer (and so a live take) on 5 Dec: a message
    that is itself a denial, matched by words the window holds only in another form, left
    nothing to rescue after the denial, and the rescue took the min() of nothing."""
    demo = yaml.safe_load((Path(__file__).parents[2] / "app" / "demo" /
                           "playbook-v2.yaml").read_text())
    text = ("Antivirus only catches threats it already has a signature for, and most "
            "ransomware today is new. Shield replaces your antivirus, so you can retire the "
            "old antivirus. Even if an attack gets in, rollback restores machines in minutes.")
    result = score_transcript(spec_from_playbook_dict(demo, None), Transcript.from_text(text))
    assert "rollback" in result.covered_ids
