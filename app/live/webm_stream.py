"""MediaRecorder WebM/Opus decoded as it arrives: each chunk costs what it holds.

MediaRecorder writes a Segment and Clusters of unknown size, so a take can be read front
to back without waiting for its end: this walks the EBML elements in the bytes received
so far, hands each Opus block to one decoder as soon as the block is whole, and keeps the
unfinished remainder for the next chunk. (Decoding the whole take again per chunk grows
with the take's length and starves the Whisper passes.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.live.protocol import BAD_INPUT, SAMPLE_RATE, LiveError

SEGMENT, CLUSTER, TRACKS, TRACK_ENTRY, BLOCK_GROUP = (0x18538067, 0x1F43B675, 0x1654AE6B,
                                                      0xAE, 0xA0)
SIMPLE_BLOCK, BLOCK, CODEC_ID, CODEC_PRIVATE, EBML = 0xA3, 0xA1, 0x86, 0x63A2, 0x1A45DFA3
CONTAINERS = {SEGMENT, CLUSTER, TRACKS, TRACK_ENTRY, BLOCK_GROUP}
MAX_ELEMENT = 8 * 1024 * 1024  # no block of a live take is near this: a corrupt size

NOT_WEBM = ("These frames are not WebM/Opus audio as MediaRecorder writes it; send what the "
            "start frame's format names.")


def _vint(data: bytes | bytearray, i: int, *, keep_marker: bool) -> tuple[int, int] | None:
    """(value, length) of the EBML number at i; None if its bytes have not all arrived."""
    if i >= len(data):
        return None
    if data[i] == 0:
        raise LiveError(BAD_INPUT, NOT_WEBM)
    length = 9 - data[i].bit_length()
    if i + length > len(data):
        return None
    value = data[i] if keep_marker else data[i] & (0xFF >> length)
    for b in data[i + 1:i + length]:
        value = (value << 8) | b
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = -1  # unknown size
    return value, length


class WebmOpusStream:
    """Feed chunks; get 16 kHz mono float32 samples of every Opus block completed."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._codec: Any = None
        self._codec_id: str | None = None
        self._private: bytes | None = None
        self._resampler: Any = None
        self._started = False

    def feed(self, chunk: bytes) -> np.ndarray:
        self._buf += chunk
        out: list[np.ndarray] = []
        i = 0
        while True:
            head = _vint(self._buf, i, keep_marker=True)
            if head is None:
                break
            eid, n_id = head
            size_at = _vint(self._buf, i + n_id, keep_marker=False)
            if size_at is None:
                break
            size, n_size = size_at
            if not self._started and eid != EBML:
                raise LiveError(BAD_INPUT, NOT_WEBM)
            self._started = True
            body = i + n_id + n_size
            if eid in CONTAINERS:  # descend (their sizes are often unknown)
                i = body
                continue
            if size < 0 or size > MAX_ELEMENT:
                raise LiveError(BAD_INPUT, NOT_WEBM)
            if body + size > len(self._buf):
                break  # wait for the rest of this element
            data = bytes(self._buf[body:body + size])
            i = body + size
            if eid == CODEC_ID:
                self._codec_id = data.decode("ascii", "replace")
            elif eid == CODEC_PRIVATE:
                self._private = data
            elif eid in (SIMPLE_BLOCK, BLOCK):
                out += self._block(data)
        del self._buf[:i]
        return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)

    def _block(self, data: bytes) -> list[np.ndarray]:
        import av

        track = _vint(data, 0, keep_marker=False)
        if track is None:
            return []
        payload = data[track[1] + 3:]  # track number, 16-bit timecode, flags
        if self._codec is None:
            if self._codec_id not in (None, "A_OPUS"):
                raise LiveError(BAD_INPUT, f"Only Opus audio is read in WebM; this take is "
                                f"{self._codec_id}. Stream PCM instead.")
            self._codec = av.CodecContext.create("opus", "r")
            if self._private:
                self._codec.extradata = self._private
            self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        try:
            frames = self._codec.decode(av.Packet(payload))
        except (av.FFmpegError, ValueError):
            return []  # one damaged block is a moment of silence, not the end of the take
        return [f.to_ndarray().reshape(-1) for frame in frames
                for f in self._resampler.resample(frame)]
