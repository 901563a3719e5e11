"""The transcription adapter: probing audio, real Whisper transcription (tiny.en, offline)
and the end-to-end path from a recording to a scored pitch."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from app.transcription import (
    AudioError,
    build_prompt,
    load_audio,
    load_model,
    probe_audio,
    short_windows,
    transcribe,
)
from drills.scoring import score_transcript, spec_from_playbook_dict
from drills.text_normalize import tokens

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
AUDIO = REPO / "tests" / "fixtures" / "audio"
EVAL = REPO / "tests" / "drills" / "eval"
HARBOR_PITCH = AUDIO / "harborguard-it-director.flac"
LEDGERLY_PAUSE = AUDIO / "ledgerly-cfo-pause.flac"


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = tokens(reference), tokens(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / max(len(ref), 1)


# --- probing (no Whisper) -------------------------------------------------------------


def test_probe_audio_duration() -> None:
    assert probe_audio(HARBOR_PITCH) == pytest.approx(14.16, abs=0.05)
    assert HARBOR_PITCH.stat().st_size < 400_000


def test_probe_audio_rejects_missing_empty_and_garbage(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such file"):
        probe_audio(tmp_path / "nope.wav")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioError, match="empty"):
        probe_audio(empty)
    garbage = tmp_path / "notes.m4a"
    garbage.write_text("this is not audio at all " * 50)
    with pytest.raises(AudioError, match="not a readable audio file") as refused:
        probe_audio(garbage)
    # What the rep reads (pitch_pipeline) leaves out the decoder's words, which name the
    # file's path on the server.
    assert refused.value.reason == "not a readable audio file"


def test_probe_audio_rejects_truncated(tmp_path: Path) -> None:
    cut = tmp_path / "cut.flac"
    cut.write_bytes(HARBOR_PITCH.read_bytes()[:200])
    with pytest.raises(AudioError):
        probe_audio(cut)


def test_build_prompt_from_vocabulary() -> None:
    assert build_prompt([]) is None
    assert build_prompt(["HarborGuard", "SOC 2", "SOC 2", "  ransomware "]) == (
        "HarborGuard, SOC 2, ransomware."
    )
    long = build_prompt([f"term{i}" for i in range(500)])
    assert long is not None and len(long.split()) <= 120


# --- Whisper --------------------------------------------------------------------------


@pytest.mark.whisper
def test_model_is_loaded_once_per_process() -> None:
    with ThreadPoolExecutor(4) as pool:
        models = list(pool.map(lambda _: load_model(None), range(4)))
    assert all(m is models[0] for m in models)


@pytest.mark.whisper
def test_transcribe_jfk_word_error_rate() -> None:
    if not (SHARED / "fixtures" / "jfk.flac").is_file():
        pytest.skip(f"shared fixtures not found at {SHARED / 'fixtures'} (../shared is absent)")
    t = transcribe(SHARED / "fixtures" / "jfk.flac")
    reference = (SHARED / "fixtures" / "jfk.txt").read_text()
    assert word_error_rate(reference, t.text) <= 0.15, t.text
    assert t.duration_s == pytest.approx(11.0, abs=0.1)
    assert t.timed
    starts = [w.start or 0.0 for w in t.words]
    assert starts == sorted(starts)
    assert all(w.probability is not None and 0 <= w.probability <= 1 for w in t.words)


@pytest.mark.whisper
def test_recorded_pitch_scored_end_to_end() -> None:
    playbook = yaml.safe_load((EVAL / "harborguard.yaml").read_text())
    spec = spec_from_playbook_dict(playbook, "it-director")
    t = transcribe(HARBOR_PITCH, vocabulary=["HarborGuard", "ransomware", "immutable"])
    result = score_transcript(spec, t).to_json_dict()
    assert {m["id"] for m in result["messages"] if m["covered"]} == {
        "immutable", "fast-restore", "tested-nightly",
    }, t.text  # fmt: skip
    assert result["score"] == 100
    for m in result["messages"]:
        assert m["start"] is not None and m["end"] is not None and m["start"] < m["end"]
    d = result["delivery"]
    assert d["duration_s"] == pytest.approx(14.2, abs=0.1)
    assert 100 <= d["wpm"] <= 190
    assert d["longest_pause_s"] is not None


def test_later_short_windows_are_padded_to_no_more_than_whisper_s_30_seconds() -> None:
    import faster_whisper.transcribe as library

    mel = np.ones((80, 1000), dtype=np.float32)
    with short_windows():
        assert library.pad_or_trim(mel).shape == (80, 3000)  # the first window: as before
        assert library.pad_or_trim(mel).shape == (80, 2000)  # 10 s + 10 s of silence
        assert library.pad_or_trim(np.ones((80, 2500))).shape == (80, 3000)  # CT2's most
        assert library.pad_or_trim(np.ones((80, 3200))).shape == (80, 3000)
        assert library.pad_or_trim(mel, 1200).shape == (80, 1200)  # asked for a length
        padded = library.pad_or_trim(mel)
        assert (padded[:, :1000] == 1).all() and (padded[:, 1000:] == 0).all()
    assert library.pad_or_trim(mel).shape == (80, 3000)  # outside the adapter: as before
    with short_windows():
        library.pad_or_trim(mel)
        with ThreadPoolExecutor(1) as pool:  # another thread: as before
            assert pool.submit(library.pad_or_trim, mel).result().shape == (80, 3000)
    with short_windows():  # each transcription starts again at its first window
        assert library.pad_or_trim(mel).shape == (80, 3000)


@pytest.mark.whisper
def test_the_window_after_a_take_s_last_word_is_encoded_short(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 14-s take is decoded in two windows: the take (padded to Whisper's 30 s, as ever)
    and what follows its last word, under a second, padded with 10 s of silence, not 30."""
    model = load_model(None)
    shapes: list[int] = []
    encode = type(model).encode

    def spy(self: Any, features: Any) -> Any:
        shapes.append(features.shape[-1])
        return encode(self, features)

    monkeypatch.setattr(type(model), "encode", spy)
    adapted = transcribe(HARBOR_PITCH, model=model, vocabulary=["HarborGuard", "ransomware"])
    assert shapes[0] == 3000 and len(shapes) == 2 and 1000 < shapes[1] < 1100, shapes
    assert {"HarborGuard", "ransomware"} <= {w.text.strip(".,") for w in adapted.words}
    shapes.clear()
    audio, _ = load_audio(HARBOR_PITCH)
    segments, _info = model.transcribe(audio)  # the model called directly (live practice)
    assert list(segments) and shapes and set(shapes) == {3000}


@pytest.mark.whisper
def test_recorded_pause_and_forbidden_phrase() -> None:
    playbook = yaml.safe_load((EVAL / "ledgerly-close.yaml").read_text())
    spec = spec_from_playbook_dict(playbook, "cfo-elevator")
    t = transcribe(LEDGERLY_PAUSE, vocabulary=["Ledgerly"])
    result = score_transcript(spec, t).to_json_dict()
    assert [f["phrase"] for f in result["forbidden"]] == ["cheapest on the market"], t.text
    assert result["forbidden"][0]["start"] > 8.0
    # 1.5 s of silence was spliced in after the first sentence
    assert result["delivery"]["longest_pause_s"] >= 1.2
    assert {m["id"] for m in result["messages"] if m["covered"]} >= {"fast-close"}


@pytest.mark.whisper
def test_jfk_ask_not_is_scored_as_said_with_the_exact_quote() -> None:
    """ "ask not what your country can do for you, ask what you can do for your country":
    the negation belongs to the first clause; the second says the message."""
    if not (SHARED / "fixtures" / "jfk.flac").is_file():
        pytest.skip(f"shared fixtures not found at {SHARED / 'fixtures'} (../shared is absent)")
    t = transcribe(SHARED / "fixtures" / "jfk.flac")
    playbook = {
        "format": 1,
        "module": "jfk",
        "title": "Inaugural address",
        "version": 1,
        "messages": [{"id": "ask", "statement": "Ask what you can do for your country."}],
    }
    result = score_transcript(spec_from_playbook_dict(playbook), t).to_json_dict()
    m = result["messages"][0]
    assert m["covered"], (t.text, m)
    assert m["evidence"].lower().strip(" ,.!") == "ask what you can do for your country", m
    # the quote's times are those of its words in the recording
    words = t.words
    first = next(i for i in range(len(words) - 1, -1, -1) if words[i].text.lower() == "ask")
    assert m["start"] == pytest.approx(words[first].start, abs=0.01)
    assert m["end"] == pytest.approx(words[-1].end, abs=0.01)
    assert 5.0 < m["start"] < m["end"] <= 11.0
