"""The live pieces on their own, fast and deterministic: the committed prefix of the
rolling transcriber (driven by scripted passes: what is tested is how passes are agreed
and committed, not Whisper), the checklist's events from the real scorer, and MediaRecorder
WebM decoded chunk by chunk against the same audio decoded whole."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import yaml

from app.live.checklist import Checklist
from app.live.client import pcm_of
from app.live.streaming import RollingTranscriber
from app.live.webm_stream import WebmOpusStream
from drills.scoring import spec_from_playbook_dict
from tests.app.attempt_helpers import timed

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "playbook-v2.yaml"


class ScriptedPasses:
    """Answers each pass with the next scripted hypothesis: (word, start, end) relative
    to the window, as Whisper's segments give them."""

    model = SimpleNamespace(is_multilingual=False)

    def __init__(self, passes: Sequence[Sequence[tuple[str, float, float]]]) -> None:
        self.passes = list(passes)
        self.prompts: list[str | None] = []

    def transcribe(self, audio: Any, **options: Any) -> tuple[list[Any], None]:
        self.prompts.append(options.get("initial_prompt"))
        words = [SimpleNamespace(word=" " + w, start=s, end=e, probability=0.9)
                 for w, s, e in self.passes.pop(0)]
        return [SimpleNamespace(words=words)], None


def speech(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * 16000)) / 16000
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_only_words_two_passes_agree_on_are_committed() -> None:
    model = ScriptedPasses([
        [("Northwind", 0.1, 0.6), ("top", 0.7, 0.9)],
        [("Northwind", 0.1, 0.6), ("stops", 0.7, 1.0), ("ransomware", 1.1, 1.7)],
        [("Northwind", 0.1, 0.6), ("stops", 0.7, 1.0), ("ransomware.", 1.1, 1.7),
         ("It", 2.0, 2.1)],
    ])
    stream = RollingTranscriber(model)  # type: ignore[arg-type]
    stream.add(speech(1.2))
    first = stream.step()
    assert first.committed == [] and [w.text for w in first.tentative] == ["Northwind", "top"]
    stream.add(speech(0.8))
    second = stream.step()
    assert [w.text for w in second.committed] == ["Northwind"]  # "top" was not agreed
    stream.add(speech(0.6))
    third = stream.step()
    # the re-heard "Northwind" is not committed twice; the agreed words follow it
    assert [w.text for w in third.committed] == ["stops", "ransomware."]
    assert [w.text for w in stream.committed] == ["Northwind", "stops", "ransomware."]
    assert third.tentative[0].text == "It"
    assert model.prompts[-1] is not None and "Northwind" in model.prompts[-1]


def test_stop_after_silence_commits_the_last_pass_without_another() -> None:
    model = ScriptedPasses([[("One", 0.1, 0.4), ("click", 0.5, 0.9)]])
    stream = RollingTranscriber(model)  # type: ignore[arg-type]
    stream.add(speech(1.0))
    stream.step()
    stream.add(np.zeros(16000, dtype=np.float32))  # the rep paused, then tapped Stop
    words = stream.finish()  # no scripted pass is left: a pass here would fail
    assert [w.text for w in words] == ["One", "click"]


def test_speech_after_the_last_pass_is_read_by_a_final_pass() -> None:
    model = ScriptedPasses([[("One", 0.1, 0.4)], [("One", 0.1, 0.4), ("click", 0.5, 0.9)]])
    stream = RollingTranscriber(model)  # type: ignore[arg-type]
    stream.add(speech(1.0))
    stream.step()
    stream.add(speech(0.5))  # more speech arrived after the last pass: it must be read
    assert stream.needs_pass()
    assert [w.text for w in stream.finish()] == ["One", "click"]


def test_the_checklist_ticks_each_message_once_and_flashes_banned_phrases() -> None:
    content = yaml.safe_load(DEMO.read_text())
    spec = spec_from_playbook_dict(content, "ciso-elevator")
    checklist = Checklist(spec, replacements={"behavioural-detection": "It detects ..."})
    said = timed("Northwind Shield stops ransomware before a single file is encrypted. "
                 "It is unhackable. Northwind AV works well too.")
    events = checklist.update(said.words)
    kinds = [(e["type"], e.get("message") or e.get("phrase")) for e in events]
    assert ("covered", "stops-ransomware") in kinds
    assert ("phrase", "unhackable") in kinds and ("phrase", "Northwind AV") in kinds
    retired = next(e for e in events if e.get("phrase") == "Northwind AV")
    assert retired["kind"] == "retired" and retired["say_instead"] == "It detects ..."
    assert next(e for e in events if e["type"] == "pace")["wpm"] > 0
    again = checklist.update(said.words)  # the same words again: nothing new to report
    assert [e["type"] for e in again] == ["pace"]


def test_mediarecorder_webm_decodes_chunk_by_chunk(speech_wav: Path) -> None:
    from tests.app.audio_tools import mediarecorder_webm

    webm = mediarecorder_webm(speech_wav)
    whole = np.frombuffer(pcm_of(speech_wav), dtype="<i2").astype(np.float32) / 32768
    stream = WebmOpusStream()
    parts = [stream.feed(webm[i:i + 997]) for i in range(0, len(webm), 997)]
    got = np.concatenate(parts)
    assert abs(len(got) - len(whole)) < 16000 * 0.05  # within 50 ms (codec padding)
    n = min(len(got), len(whole))
    assert np.corrcoef(got[:n], whole[:n])[0, 1] > 0.95


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.app.audio_tools import speech_wav as make

    return make(tmp_path_factory.mktemp("units"))
