"""A small client of the live protocol: streams a recording as a microphone would.

Used by the tests and by bench/live_latency.py, and a working example for API users:

    run = asyncio.run(stream_take("ws://host/api/v1/live?pitch=slug/pitch-id",
                                  pcm_of("take.wav"), headers={"Authorization": ...}))
    run.result()["score"]
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_RATE = 16_000
BYTES_PER_S = SAMPLE_RATE * 2


def pcm_of(path: str | Path) -> bytes:
    """Any audio file as 16 kHz mono 16-bit little-endian PCM."""
    import av
    import numpy as np

    out: list[Any] = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        for frame in container.decode(audio=0):
            out += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out).astype("<i2").tobytes() if out else b""


@dataclass
class LiveRun:
    """What the server sent, each frame with the seconds since the first audio frame."""

    frames: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    close_code: int | None = None
    audio_s: float = 0.0  # audio seconds sent
    stop_at: float | None = None  # when stop was sent

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [f for _, f in self.frames if f.get("type") == kind]

    def timed(self, kind: str) -> list[tuple[float, dict[str, Any]]]:
        return [(t, f) for t, f in self.frames if f.get("type") == kind]

    def result(self) -> dict[str, Any]:
        found = self.of("result")
        assert found, f"no result frame; got {[f for _, f in self.frames][-3:]}"
        return found[-1]

    def error(self) -> dict[str, Any] | None:
        found = self.of("error")
        return found[-1] if found else None


async def stream_take(url: str, pcm: bytes, *, headers: dict[str, str] | None = None,
                      frame_s: float = 0.1, speed: float = 1.0, stop: bool = True,
                      start: dict[str, Any] | None = None, close_early_s: float | None = None,
                      max_frame: int | None = None, bytes_per_s: float = BYTES_PER_S) -> LiveRun:
    """Stream `pcm` at `speed` x real time in `frame_s` frames, then stop (or, with
    `close_early_s`, drop the connection after that many seconds of audio). For an
    encoded stream (WebM) give its `bytes_per_s`, so that it is paced as it was recorded."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    run = LiveRun()
    t0 = time.monotonic()
    step = max_frame or int(bytes_per_s * frame_s) // 2 * 2
    async with connect(url, additional_headers=headers or {}, max_size=2 ** 22,
                       open_timeout=30) as ws:

        async def receive() -> None:
            try:
                async for message in ws:
                    run.frames.append((time.monotonic() - t0, json.loads(message)))
            except ConnectionClosed:
                pass
            run.close_code = ws.close_code

        reader = asyncio.create_task(receive())
        try:
            await ws.send(json.dumps(start or {"type": "start", "format": "pcm_s16le",
                                               "sample_rate": SAMPLE_RATE}))
            t0 = time.monotonic()
            for i in range(0, len(pcm), step):
                chunk = pcm[i:i + step]
                await ws.send(chunk)
                run.audio_s += len(chunk) / bytes_per_s
                if close_early_s is not None and run.audio_s >= close_early_s:
                    await ws.close()
                    break
                wait = t0 + run.audio_s / speed - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            else:
                if stop:
                    run.stop_at = time.monotonic() - t0
                    await ws.send(json.dumps({"type": "stop"}))
        except ConnectionClosed:
            pass
        await asyncio.wait_for(reader, 120)
    run.close_code = run.close_code if run.close_code is not None else ws.close_code
    return run
