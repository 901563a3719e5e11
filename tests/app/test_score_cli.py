"""`onmessage score PLAYBOOK INPUT [--pitch ID] [--json]`: the contract in playbook-format.md."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from tests.app import audio_tools
from tests.app.attempt_helpers import GOOD_PITCH, HARBOR_FLAC, HARBOR_YAML

EVAL = Path(__file__).resolve().parents[1] / "drills" / "eval"

CONTRACT = {"module", "version", "pitch", "score", "transcript", "messages", "forbidden",
            "retired", "delivery"}
MESSAGE_KEYS = {"id", "covered", "confidence", "evidence", "start", "end"}
DELIVERY_KEYS = {"duration_s", "words", "wpm", "fillers", "fillers_per_100_words",
                 "longest_pause_s"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "take.txt"
    path.write_text(GOOD_PITCH + " And honestly we are the cheapest on the market.")
    return path


def test_json_for_a_transcript_is_exactly_the_contract(transcript: Path) -> None:
    code, out, err = run(str(HARBOR_YAML), str(transcript), "--pitch", "it-director", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= CONTRACT
    assert (data["module"], data["version"], data["pitch"]) == ("harborguard", 2, "it-director")
    assert all(set(m) >= MESSAGE_KEYS for m in data["messages"])
    assert set(data["delivery"]) >= DELIVERY_KEYS
    assert all(m["covered"] and m["start"] is None for m in data["messages"])
    assert data["delivery"]["duration_s"] is None  # a plain transcript has no times
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100


def test_without_pitch_every_message_is_expected(transcript: Path) -> None:
    code, out, _ = run(str(HARBOR_YAML), str(transcript), "--json")
    data = json.loads(out)
    assert code == 0 and data["pitch"] is None
    assert len(data["messages"]) == 5


def test_readable_report(transcript: Path) -> None:
    code, out, _ = run(str(HARBOR_YAML), str(transcript), "--pitch", "it-director")
    assert code == 0
    assert "Score:" in out and "✓ immutable" in out and "Delivery:" in out


@pytest.mark.parametrize(("case", "message"), [
    ("bad-playbook", "problem"),
    ("missing-playbook", "cannot read"),
    ("unknown-pitch", "no pitch 'nope'"),
    ("garbage-audio", "cannot use it as a recording"),
    ("missing-input", "no such file"),
])
def test_errors_go_to_stderr_with_a_non_zero_exit(tmp_path: Path, transcript: Path,
                                                  case: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nmodule: Not A Slug\n")
    garbage = tmp_path / "take.m4a"
    garbage.write_text("not audio " * 100)
    args = {
        "bad-playbook": [str(bad), str(transcript)],
        "missing-playbook": [str(tmp_path / "nope.yaml"), str(transcript)],
        "unknown-pitch": [str(HARBOR_YAML), str(transcript), "--pitch", "nope"],
        "garbage-audio": [str(HARBOR_YAML), str(garbage)],
        "missing-input": [str(HARBOR_YAML), str(tmp_path / "none.wav")],
    }[case]
    code, out, err = run(*args, "--json")
    assert code != 0 and out == ""
    assert message in err


@pytest.mark.whisper
def test_a_recording_is_transcribed_then_scored() -> None:
    code, out, err = run(str(HARBOR_YAML), str(HARBOR_FLAC), "--pitch", "it-director", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["delivery"]["duration_s"] == pytest.approx(14.2, abs=0.2)
    covered = [m for m in data["messages"] if m["covered"]]
    assert covered and all(m["start"] is not None for m in covered)


@pytest.mark.whisper
def test_spoken_forbidden_phrases_are_found_as_heard(tmp_path: Path) -> None:
    """Real speech, real Whisper: phrases of three shapes (hyphenated, a cliche, a figure
    said in words) are found, quoted as Whisper wrote them and timed; a near word
    ("hackable") is not the phrase."""
    audio_tools.require("espeak-ng")
    wav = tmp_path / "take.wav"
    text = ("Everything is protected with military-grade encryption from end to end. "
            "You install it once, set it and forget it, and your office is covered. "
            "And if anything breaks you get twenty-four seven phone support from our team. "
            "Any system is hackable in theory, so we test a restore every month.")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text],
                   check=True, capture_output=True, timeout=60)
    code, out, err = run(str(EVAL / "vaultline.yaml"), str(wav), "--json")
    assert code == 0, err
    found = {h["phrase"]: h for h in json.loads(out)["forbidden"]}
    assert set(found) == {"military-grade encryption", "set it and forget it",
                          "24/7 phone support"}
    for hit in found.values():
        assert hit["said"] and hit["start"] is not None
    assert "24" in found["24/7 phone support"]["said"]  # Whisper writes the figure
