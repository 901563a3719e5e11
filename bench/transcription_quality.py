"""Transcription quality and speed for Whisper decoding settings, side by side.

    .venv/bin/python bench/transcription_quality.py [--beams 5 2 1] [--clips 12]

Speaks `--clips` labelled transcripts of the tuning part of the scoring evaluation with
espeak-ng (a rotation of voices and speeds, as bench/whisper_cases.py does), adds the
JFK fixture (../shared/fixtures/jfk.flac with its text), and transcribes each with the
service's adapter (app/transcription.py) at every beam size given. Prints, per setting,
the word error rate against the spoken text (numbers normalised: "ten" = "10") and the
transcription time per second of audio; the first beam size given is the baseline.
Needs espeak-ng.

    .venv/bin/python bench/transcription_quality.py --long 6 [--prime initial hotwords]

With --long, each take is instead several tuning transcripts of one playbook spoken one
after another (60-100 s, so Whisper decodes it in several 30-s windows), transcribed with
that playbook's vocabulary (app.pitch_pipeline.vocabulary) primed each way given. Prints
the word error rate and how many of the playbook's terms that were spoken came out
spelled the playbook's way, in the first 30 s and after it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from app.pitch_pipeline import vocabulary  # noqa: E402
from app.transcription import load_model, probe_audio, transcribe  # noqa: E402
from drills.text_normalize import tokens  # noqa: E402
from drills.transcript import Transcript  # noqa: E402

EVAL = ROOT / "tests" / "drills" / "eval"
FIXTURES = ROOT.parent / "shared" / "fixtures"
VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb+m3", "en-us+m7", "en-gb+f4")
SPEEDS = (140, 160, 180)


def _edits(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def _clips(folder: Path, n: int) -> list[tuple[Path, str]]:
    cases = yaml.safe_load((EVAL / "cases.yaml").read_text())["cases"]
    step = max(1, len(cases) // n)
    out = []
    for k, case in enumerate(cases[::step][:n]):
        text = " ".join(case["transcript"].split())
        wav = folder / f"clip{k}.wav"
        voice, speed = VOICES[k % len(VOICES)], SPEEDS[(k // 2) % len(SPEEDS)]
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text],
                       check=True)
        out.append((wav, text))
    jfk = FIXTURES / "jfk.flac"
    if jfk.exists():
        out.append((jfk, (FIXTURES / "jfk.txt").read_text()))
    return out


def _long_takes(folder: Path, n: int) -> list[tuple[Path, str, list[str]]]:
    """n takes of 60-100 s: one playbook's tuning transcripts spoken back to back, each
    with the vocabulary the service would prime Whisper with for that playbook."""
    cases = yaml.safe_load((EVAL / "cases.yaml").read_text())["cases"]
    by_playbook: dict[str, list[str]] = {}
    for case in cases:
        by_playbook.setdefault(case["playbook"], []).append(" ".join(case["transcript"].split()))
    out = []
    for k, (playbook, texts) in enumerate(sorted(by_playbook.items())[:n]):
        words: list[str] = []
        for text in texts[::2]:  # every other case: different messages, one voice
            if len(words) > 200:  # ~80 s at espeak's 150-180 words a minute
                break
            words += text.split()
        text = " ".join(words)
        wav = folder / f"long{k}.wav"
        voice, speed = VOICES[k % len(VOICES)], SPEEDS[k % len(SPEEDS)]
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text],
                       check=True)
        content = yaml.safe_load((EVAL / playbook).read_text())
        out.append((wav, text, vocabulary(content)))
    return out


def _terms_heard(text: str, terms: list[str], got: Transcript) -> tuple[int, int, int, int]:
    """Of the playbook's named terms (capitals or digits) in the spoken text: how many
    there were and how many came out spelled that way, before 30 s and after."""
    named = [t for t in terms if any(c.isupper() or c.isdigit() for c in t)]
    said = [t for t in named if re.search(rf"\b{re.escape(t)}\b", text, re.I)]
    early = " ".join(w.text for w in got.words if (w.start or 0.0) < 30.0)
    late = " ".join(w.text for w in got.words if (w.start or 0.0) >= 30.0)
    first_half = text[: len(text) * 30 // max(1, int(got.duration_s or 60))]
    counts = [0, 0, 0, 0]  # said early, spelled early, said late, spelled late
    for term in said:
        pattern = rf"\b{re.escape(term)}\b"
        is_early = re.search(pattern, first_half, re.I) is not None
        counts[0 if is_early else 2] += 1
        counts[1 if is_early else 3] += re.search(pattern, early if is_early else late) is not None
    return counts[0], counts[1], counts[2], counts[3]


def _compare_priming(model: Any, takes: int,
                     primes: list[Literal["initial", "hotwords"]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clips = _long_takes(Path(tmp), takes)
        audio_s = sum(probe_audio(p) for p, _, _ in clips)
        print(f"{len(clips)} long takes, {audio_s:.0f} s of audio")
        for prime in primes:
            errors = words = 0
            tally = [0, 0, 0, 0]
            c0 = time.process_time()
            for path, text, terms in clips:
                got = transcribe(path, model=model, vocabulary=terms, prime=prime)
                ref = tokens(text)
                errors += _edits(ref, tokens(got.text))
                words += len(ref)
                tally = [a + b for a, b in zip(tally, _terms_heard(text, terms, got), strict=True)]
            cpu = time.process_time() - c0
            print(f"vocabulary as {prime}: WER {errors / words:.3f} ({errors}/{words} words), "
                  f"terms spelled the playbook's way: first 30 s {tally[1]}/{tally[0]}, "
                  f"after {tally[3]}/{tally[2]}; CPU {cpu / audio_s:.3f} s per audio second",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beams", type=int, nargs="+", default=[5, 2, 1])
    parser.add_argument("--clips", type=int, default=12)
    parser.add_argument("--model", default=None)
    parser.add_argument("--long", type=int, default=0, help="long takes instead of clips")
    parser.add_argument("--prime", nargs="+", default=["initial", "hotwords"],
                        choices=["initial", "hotwords"])
    args = parser.parse_args()
    model = load_model(args.model)
    if args.long:
        _compare_priming(model, args.long, args.prime)
        return
    with tempfile.TemporaryDirectory() as tmp:
        clips = _clips(Path(tmp), args.clips)
        audio_s = sum(probe_audio(p) for p, _ in clips)
        transcribe(clips[0][0], model=model)  # one-off initialisation
        print(f"{len(clips)} clips, {audio_s:.0f} s of audio")
        for beam in args.beams:
            errors = words = 0
            t0, c0 = time.perf_counter(), time.process_time()
            for path, text in clips:
                got = transcribe(path, model=model, beam_size=beam)
                ref = tokens(text)
                errors += _edits(ref, tokens(got.text))
                words += len(ref)
            took, cpu = time.perf_counter() - t0, time.process_time() - c0
            # CPU time too: on a shared machine the wall time says as much about the others
            print(f"beam {beam}: WER {errors / words:.3f} ({errors}/{words} words), "
                  f"wall {took:.2f} s ({took / audio_s:.3f} s per audio second), "
                  f"CPU {cpu:.2f} s ({cpu / audio_s:.3f} s per audio second)", flush=True)


if __name__ == "__main__":
    main()
