"""Transcription quality and speed for Whisper decoding settings, side by side.

    .venv/bin/python bench/transcription_quality.py [--beams 5 2 1] [--clips 12]

Speaks `--clips` labelled transcripts of the tuning part of the scoring evaluation with
espeak-ng (a rotation of voices and speeds, as bench/whisper_cases.py does), adds the
JFK fixture (../shared/fixtures/jfk.flac with its text), and transcribes each with the
service's adapter (app/transcription.py) at every beam size given. Prints, per setting,
the word error rate against the spoken text (numbers normalised: "ten" = "10") and the
transcription time per second of audio; the first beam size given is the baseline.
Needs espeak-ng.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from app.transcription import load_model, probe_audio, transcribe  # noqa: E402
from drills.text_normalize import tokens  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beams", type=int, nargs="+", default=[5, 2, 1])
    parser.add_argument("--clips", type=int, default=12)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    model = load_model(args.model)
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
