"""The live protocol's frames, close codes and refusals (documented in the README).

Client -> server: one JSON text frame {"type": "start", "format": "pcm_s16le",
"sample_rate": 16000} (or "format": "webm" for MediaRecorder chunks), binary audio frames,
then {"type": "stop"}. Server -> client: JSON text frames `ready`, `partial`, `covered`,
`phrase`, `pace`, `result`, or `error` followed by a close with one of the codes below.
"""

from __future__ import annotations

import json
from typing import Any

SAMPLE_RATE = 16_000
FORMATS = ("pcm_s16le", "webm")
MAX_FRAME_BYTES = 64 * 1024  # 2 s of 16 kHz PCM; MediaRecorder chunks are far smaller
BURST_S = 3.0  # audio may run this far ahead of the clock (a phone catching up)
START_TIMEOUT_S = 30.0
IDLE_TIMEOUT_S = 20.0  # no audio for this long after start: the take is treated as cut off

# Close codes: 1000 done; 4xxx mirror the HTTP statuses an upload would get.
NORMAL = 1000
TOO_BIG = 1009
TRY_LATER = 1013
BAD_INPUT = 4400
NOT_SIGNED_IN = 4401
FORBIDDEN = 4403
NOT_FOUND = 4404
TIMEOUT = 4408
CONFLICT = 4409
UNUSABLE = 4422
TOO_FAST = 4429


class LiveError(Exception):
    """A refusal: sent as {"type": "error", "detail": ...}, then the close code."""

    def __init__(self, code: int, detail: str, fallback: str | None = None) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail
        self.fallback = fallback  # where to go instead (the upload page), when known

    def frame(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "error", "detail": self.detail, "code": self.code}
        if self.fallback:
            out["fallback"] = self.fallback
        return out


def busy() -> LiveError:
    return LiveError(TRY_LATER, "Live practice is at capacity on this server right now. "
                     "Record your take with the recorder instead: it is scored the same way.")


def one_per_rep() -> LiveError:
    return LiveError(CONFLICT, "You already have a live take open (another tab or device). "
                     "Finish or close it, then start again.")


def no_start() -> LiveError:
    return LiveError(BAD_INPUT, 'Send {"type": "start", "format": "pcm_s16le", '
                     '"sample_rate": 16000} (or "format": "webm") before any audio.')


def start_late() -> LiveError:
    return LiveError(TIMEOUT, "No start frame within 30 seconds; the live take was closed.")


def too_fast_error() -> LiveError:
    return LiveError(TOO_FAST, "Audio is arriving faster than real time. Stream the "
                     "microphone as it records; to score a finished recording, upload it "
                     "to POST /api/v1/attempts instead.")


def too_big(size: int) -> LiveError:
    return LiveError(TOO_BIG, f"An audio frame of {size} bytes is over the limit of "
                     f"{MAX_FRAME_BYTES} bytes; send smaller frames (e.g. 100 ms each).")


def _json_frame(text: str) -> Any:
    """A text frame's JSON, or None if it is not JSON (or nests past Python's stack, which
    json.loads answers with a RecursionError: the take ended in a 1011 server error)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def parse_start(text: str) -> str:
    """The audio format a start frame names; LiveError if it is not a valid start."""
    frame = _json_frame(text)
    if not isinstance(frame, dict) or frame.get("type") != "start":
        raise no_start()
    fmt = frame.get("format")
    if fmt not in FORMATS:
        raise LiveError(BAD_INPUT, f"Unsupported audio format {fmt!r}: send \"pcm_s16le\" "
                        "(16 kHz mono, 16-bit little-endian) or \"webm\" (MediaRecorder "
                        "chunks).")
    if fmt == "pcm_s16le" and frame.get("sample_rate", SAMPLE_RATE) != SAMPLE_RATE:
        raise LiveError(BAD_INPUT, f"PCM must be sampled at {SAMPLE_RATE} Hz mono; got "
                        f"{frame.get('sample_rate')!r}. Resample before sending.")
    return str(fmt)


def parse_control(text: str, *, roleplay: bool = False) -> str:
    """The type of a control frame sent after start: "stop", or in a role-play also
    "turn_end" (the rep has answered the buyer's line)."""
    frame = _json_frame(text)
    kind = frame.get("type") if isinstance(frame, dict) else None
    allowed = ("stop", "turn_end") if roleplay else ("stop",)
    if kind not in allowed:
        raise LiveError(BAD_INPUT, 'After start, send binary audio frames and then '
                        '{"type": "stop"}' + (' ({"type": "turn_end"} after each answer)'
                                              if roleplay else '')
                        + '; this text frame is not understood.')
    return str(kind)


# The protocol as the OpenAPI document describes it (a tag and an `x-websockets` entry:
# OpenAPI has no WebSocket operations). The README has the same, with an example.
DESCRIPTION = """\
**Live practice over a WebSocket**: `GET /api/v1/live?pitch=module-slug/pitch-id`
(Upgrade: websocket), signed in by `Authorization: Bearer <token>` or, from the site's own
pages, the session cookie. One connection is one take.

1. Server: `{"type": "ready", "pitch", "messages": [{"id", "statement"}], "forbidden",
   "retired", "formats", "sample_rate"}`.
2. Client: `{"type": "start", "format": "pcm_s16le", "sample_rate": 16000}` (16 kHz mono
   16-bit little-endian PCM) or `{"type": "start", "format": "webm"}` (MediaRecorder
   chunks); server: `{"type": "started", ...}`.
3. Client: binary audio frames in real time (at most 64 KiB each; 100 ms is a good size).
   Server, as the take is heard: `{"type": "partial", "text", "seconds"}`,
   `{"type": "covered", "message", "start", "end", "quote"}`,
   `{"type": "phrase", "kind": "forbidden"|"retired", "phrase", "said", "start",
   "reason"|"replaced_by"+"say_instead"}` and `{"type": "pace", "wpm", "band", "pace"}`.
4. Client: `{"type": "stop"}`; server: `{"type": "result", "attempt_id", "score", "url",
   "api_url", "result", "timings"}` (`result` is the attempt's result object, as
   `GET /api/v1/attempts/{id}` gives it), then closes with 1000.

A spoken drill: `?drill=ID&shown_state=S`; the card is answered and the `result` sent as
soon as every point of the drill has been heard. A buyer role-play: `?roleplay=slug`;
the server sends `{"type": "buyer", "turn", "kind", "text", "expects"}`, the client sends
`{"type": "turn_end"}` after each answer and gets `{"type": "judgement", "turn",
"covered", "missed", "answer"}` and the next line, until a line of kind "close".

Refusals: `{"type": "error", "detail", "code"[, "fallback"]}` then a close with `code`:
4400 bad frame or format, 4401 not signed in, 4403 another site's page, 4404 no such
pitch for you, 4408 no start frame (30 s) or no audio (20 s), 4409 you already have a
live take open, 4422 silent, too short or no words heard, 4429 audio faster than real
time, 1009 frame too large, 1013 this server is at capacity (`fallback` names the upload
page). Nothing is written on a refusal; a connection that drops mid-take keeps the take
so far as a failed attempt that can be retried (scored by the upload pipeline).
"""
