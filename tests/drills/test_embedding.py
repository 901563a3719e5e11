"""The optional sentence-embedding signal (drills/embedding.py) against the reference.

The encoder is all-MiniLM-L6-v2 run in numpy. These tests check it against what
sentence-transformers itself gives for the same model files, and that scoring uses it when
the model package is installed. They run it in a child process with the package on its path
(`make minilm-test` installs it in .minilm-test/, outside the virtualenv), so the rest of the
suite keeps scoring on the lexical model, as a default install does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / ".minilm-test"

pytestmark = pytest.mark.skipif(
    not (MODEL_DIR / "all_minilm_l6_v2" / "model.zip").is_file(),
    reason="the embedding model package is not installed in .minilm-test/ (make minilm-test)")

SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "A man is riding a horse.",
    "um so our backups they restore in like minutes not hours",
    "Last time a laptop died she was working again before her coffee went cold.",
]
# sentence-transformers 5 with torch 2.13.0 (CPU) on the same model.zip, normalised:
# SentenceTransformer(<unzipped model.zip>).encode(SENTENCES, normalize_embeddings=True)
REFERENCE_FIRST8 = [
    [0.033242, 0.004406, -0.006277, 0.048379, -0.138702, -0.033617, 0.101128, -0.054385],
    [0.052518, 0.055241, -0.011188, -0.005745, -0.127208, -0.022252, 0.076879, 0.013185],
    [-0.004625, -0.014133, 0.041003, 0.027542, -0.112541, -0.01823, 0.101276, 0.027456],
    [-0.057903, -0.029965, 0.012872, 0.028312, 0.07341, -0.047467, -0.025922, -0.060401],
    [-0.030625, -0.042575, 0.042623, 0.046827, 0.03007, -0.001664, -0.008334, 0.021408],
]
REFERENCE_COS = [
    [1.0, 0.755337, 0.247402, -0.153442, -0.095571],
    [0.755337, 1.0, 0.144184, -0.163484, -0.068046],
    [0.247402, 0.144184, 1.0, -0.074623, -0.136157],
    [-0.153442, -0.163484, -0.074623, 1.0, 0.134619],
    [-0.095571, -0.068046, -0.136157, 0.134619, 1.0],
]


def _in_child(code: str) -> Any:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(MODEL_DIR)])}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_numpy_encoder_matches_sentence_transformers() -> None:
    got = _in_child(f"""
        import json
        from drills.embedding import get_encoder
        encoder = get_encoder()
        assert encoder is not None, "the model package was not found"
        v = encoder.encode({SENTENCES!r})
        again = encoder.encode({SENTENCES[:2]!r})  # from the cache: the same rows
        print(json.dumps({{"first8": v[:, :8].tolist(), "cos": (v @ v.T).tolist(),
                          "cached_same": bool((again == v[:2]).all()),
                          "dim": encoder.dim, "mb": encoder.nbytes / 2**20}}))
    """)
    assert got["dim"] == 384 and 80 < got["mb"] < 100
    for row, ref in zip(got["first8"], REFERENCE_FIRST8, strict=True):
        assert row == pytest.approx(ref, abs=1e-4)
    for row, ref in zip(got["cos"], REFERENCE_COS, strict=True):
        assert row == pytest.approx(ref, abs=1e-4)
    assert got["cached_same"]


def test_scoring_uses_the_embedding_when_it_is_installed(tmp_path: Path) -> None:
    # Through the command the evaluation contract names (`onmessage score --json`).
    transcript = tmp_path / "pitch.txt"
    playbook = ROOT / "tests" / "drills" / "eval" / "kegtrack.yaml"
    transcript.write_text("Honestly the duty return fills itself in from your brewing records "
                          "and it is ready to send in about ten minutes.\n")
    got = _in_child(f"""
        import contextlib, io, json, sys
        from app.cli import main
        out = io.StringIO()
        sys.argv = ["onmessage", "score", {str(playbook)!r}, {str(transcript)!r}, "--json"]
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main()
        print(json.dumps(json.loads(out.getvalue())))
    """)
    assert got["judged_by"] == "semantic"
    duty = next(m for m in got["messages"] if m["id"] == "duty-return")
    assert duty["covered"], duty
    assert "cos" in duty["signals"] and duty["signals"]["cos"] > 0.3, duty["signals"]
    others = [m for m in got["messages"] if m["id"] != "duty-return"]
    assert not any(m["covered"] for m in others), others
