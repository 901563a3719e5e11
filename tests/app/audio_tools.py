"""Recordings made at test time with espeak-ng, sox and ffmpeg (no big binaries committed).

Each maker skips the calling test, with the reason, when its tool is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.app.attempt_helpers import GOOD_PITCH

# Element ids of the WebM (Matroska) elements rewritten below.
SEGMENT, CLUSTER = 0x18538067, 0x1F43B675
DROPPED = {0x114D9B74, 0xEC, 0x1C53BB6B, 0x1254C367}  # SeekHead, Void, Cues, Tags
UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"  # an 8-byte "size unknown", as Chrome writes


def require(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install {tool}); it makes this "
                        "test's recordings at run time")


def _run(*cmd: str | Path) -> None:
    subprocess.run([str(c) for c in cmd], check=True, capture_output=True, timeout=120)


def speech_wav(folder: Path, *, repeat: int = 1) -> Path:
    """A 16 kHz mono WAV of espeak-ng reading the good pitch `repeat` times (~13 s each)."""
    require("espeak-ng", "sox")
    raw, out = folder / f"speech{repeat}-raw.wav", folder / f"speech{repeat}.wav"
    if not out.exists():
        _run("espeak-ng", "-v", "en-us", "-s", "155", "-w", raw, " ".join([GOOD_PITCH] * repeat))
        _run("sox", raw, "-r", "16000", "-c", "1", "-b", "16", out)
    return out


def encode(wav: Path, suffix: str) -> Path:
    """The recording as a phone or a tool would send it: webm/ogg (Opus), m4a (AAC), flac,
    wav (as is)."""
    if suffix == "wav":
        return wav
    require("ffmpeg")
    codec = {"webm": ["-c:a", "libopus", "-b:a", "32k"], "ogg": ["-c:a", "libopus"],
             "m4a": ["-c:a", "aac"], "flac": ["-c:a", "flac"]}[suffix]
    out = wav.with_suffix("." + suffix)
    _run("ffmpeg", "-y", "-loglevel", "error", "-i", wav, *codec, out)
    return out


def _vint(data: bytes, i: int, *, keep_marker: bool = False) -> tuple[int, int]:
    length = 9 - data[i].bit_length()
    value = data[i] if keep_marker else data[i] & (0xFF >> length)
    for b in data[i + 1:i + length]:
        value = (value << 8) | b
    return value, length


def mediarecorder_webm(wav: Path) -> bytes:
    """WebM/Opus laid out as Chrome's MediaRecorder writes it: a Segment and Clusters of
    unknown size, no Duration, no Cues (ffmpeg writing to a pipe, then rewritten)."""
    require("ffmpeg")
    piped = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(wav), "-c:a", "libopus",
                            "-b:a", "32k", "-f", "webm", "pipe:1"], check=True,
                           capture_output=True, timeout=120).stdout
    out, i = bytearray(), 0
    while i < len(piped):
        eid, n_id = _vint(piped, i, keep_marker=True)
        size, n_size = _vint(piped, i + n_id)
        start = i + n_id + n_size
        if eid == SEGMENT:  # descend: its children are rewritten one by one
            out += piped[i:i + n_id] + UNKNOWN_SIZE
            i = start
            continue
        if eid == CLUSTER:
            out += piped[i:i + n_id] + UNKNOWN_SIZE + piped[start:start + size]
        elif eid not in DROPPED:
            out += piped[i:start + size]
        i = start + size
    return bytes(out)


def _element_ends(webm: bytes) -> list[int]:
    ends, i = [], 0
    while i < len(webm):
        eid, n_id = _vint(webm, i, keep_marker=True)
        size, n_size = _vint(webm, i + n_id)
        start = i + n_id + n_size
        i = start if eid in (SEGMENT, CLUSTER) else start + size  # unknown sizes: descend
        ends.append(i)
    return ends


def mediarecorder_cut(webm: bytes, kept: float) -> int:
    """Where to cut a MediaRecorder WebM to keep about `kept` of it, moved one byte back
    when it lands exactly where an element ends: a cut there leaves a valid, shorter file
    that the container check cannot tell from a short take (see app/audio_containers.py;
    the size the phone sends catches it), and whether it lands there depends on how big
    the encoder made each block on this machine."""
    cut = int(len(webm) * kept)
    return cut - 1 if cut in set(_element_ends(webm)) else cut


def mediarecorder_block_end(webm: bytes, kept: float) -> int:
    """The first place at or after `kept` of the file where an element ends."""
    return min(end for end in _element_ends(webm) if end >= len(webm) * kept)


def silent_flac(path: Path, *, hours: float, rate: int = 8000) -> Path:
    """Hours of silence in a few tens of KB of FLAC: a decompression bomb. (ffmpeg, since
    sox's encoder takes over a minute for the same file.)"""
    require("ffmpeg")
    if not path.exists():
        _run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
             f"anullsrc=r={rate}:cl=mono:nb_samples=65535", "-t", str(hours * 3600),
             "-c:a", "flac", "-frame_size", "65535", path)
    return path


def without_length(flac: bytes) -> bytes:
    """The FLAC with its STREAMINFO's total-samples field zeroed ("unknown", as a streaming
    encoder writes it): only decoding tells how long it is."""
    assert flac[:4] == b"fLaC" and flac[4] & 0x7F == 0  # STREAMINFO comes first
    fields = int.from_bytes(flac[18:26], "big") & ~((1 << 36) - 1)
    return flac[:18] + fields.to_bytes(8, "big") + flac[26:]
