"""What a recording's container says about itself: is the file whole, and how long does
its header say it is.

A decoder stops quietly at the last whole frame of a file cut off in transit, so a cut-off
take would be scored as a short one; whether the file is whole is read from the
container's own structure instead:

* WebM/Matroska: every element must fit in the file. MediaRecorder writes its Segment
  and Clusters with an unknown size (it cannot seek back to fill them in), so there the
  blocks are walked one by one and the last one must end exactly where the file does.
* Ogg: the pages must run to the end of the file and the last one must end the stream.
* MP4: the top-level boxes must run to the end of the file and include the index (moov).
* WAV: the declared audio data must all be there (0 or 0xFFFFFFFF: length not known).
* FLAC: the header's total sample count (0: not known) is what decoding must yield; that
  last comparison happens while decoding (see `audio_storage.probe`).

MP3 has no container to check. A cut landing exactly on an element (or page, box)
boundary of WebM leaves a valid shorter file; no structure can tell that case apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Truncated(ValueError):
    """The file ends before its container says it does."""


class _Unreadable(ValueError):
    """Not a structure we can follow (damaged, or more elements than any take has):
    no verdict, decoding decides."""


# A 300-s take has about 15,000 blocks (20-ms Opus frames); a file of tiny elements made to
# keep this walk busy is left to the decoder, whose time is bounded (audio_storage.probe).
MAX_ELEMENTS = 200_000


@dataclass(frozen=True)
class Layout:
    """What the header declares, when it declares it exactly."""

    seconds: float | None = None
    samples: int | None = None  # FLAC: the samples decoding must yield


def inspect(data: bytes, family: str) -> Layout:
    """Check that the recording is whole (raises Truncated) and read its declared length."""
    check = _CHECKS.get(family)
    try:
        return check(data) if check is not None else Layout()
    except _Unreadable:
        return Layout()


def _counted(limit: int = MAX_ELEMENTS) -> Callable[[], None]:
    """A step counter for a walk: raises _Unreadable once it has taken `limit` steps."""
    steps = iter(range(limit))

    def step() -> None:
        if next(steps, None) is None:
            raise _Unreadable("too many elements")
    return step


# --- WebM (EBML) ----------------------------------------------------------------------------

SEGMENT, CLUSTER = 0x18538067, 0x1F43B675
# Elements that may follow a Cluster in a Segment: one of them ends an unknown-size Cluster.
_SEGMENT_LEVEL = {CLUSTER, 0x1C53BB6B, 0x1254C367, 0x1043A770, 0x1941A469, 0x114D9B74,
                  0x1549A966, 0x1654AE6B, 0x1A45DFA3}


def _vint(data: bytes, i: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer at i: (value, length, all value bits set)."""
    if i >= len(data):
        raise Truncated("element header")
    if data[i] == 0:
        raise _Unreadable(f"no EBML number at {i}")
    length = 9 - data[i].bit_length()
    if i + length > len(data):
        raise Truncated("element header")
    value = data[i] if keep_marker else data[i] & (0xFF >> length)
    for b in data[i + 1:i + length]:
        value = (value << 8) | b
    return value, length, value == (1 << (7 * length)) - 1


def _element(data: bytes, i: int) -> tuple[int, int, int | None]:
    """(id, where its content starts, its size or None when unknown)."""
    eid, n_id, _ = _vint(data, i, keep_marker=True)
    size, n_size, unknown = _vint(data, i + n_id, keep_marker=False)
    return eid, i + n_id + n_size, None if unknown else size


def _webm(data: bytes) -> Layout:
    i, end, step = 0, len(data), _counted()
    while i < end:
        step()
        eid, start, size = _element(data, i)
        if size is not None:
            if start + size > end:
                raise Truncated(f"element {eid:#x} needs {start + size} bytes, has {end}")
            i = start + size
        elif eid == SEGMENT:
            i = start  # unknown size (a live recording): walk what it holds
        elif eid == CLUSTER:
            i = _unknown_size_cluster(data, start, step)
        else:
            raise _Unreadable(f"element {eid:#x} of unknown size")
    return Layout()


def _unknown_size_cluster(data: bytes, i: int, step: Callable[[], None]) -> int:
    """Walk a Cluster's blocks; it ends at the next Segment-level element or the file's end."""
    while i < len(data):
        step()
        eid, start, size = _element(data, i)
        if eid in _SEGMENT_LEVEL:
            return i
        if size is None or start + size > len(data):
            raise Truncated(f"block at {i} runs past the end of the file")
        i = start + size
    return i


# --- Ogg ------------------------------------------------------------------------------------

_EOS = 0x04


def _ogg(data: bytes) -> Layout:
    i, flags, step = 0, 0, _counted()
    while i < len(data):
        step()
        if data[i:i + 4] != b"OggS":
            raise _Unreadable(f"no page at {i}")
        if i + 27 > len(data) or i + 27 + data[i + 26] > len(data):
            raise Truncated(f"page header at {i}")
        segments = data[i + 26]
        body = sum(data[i + 27:i + 27 + segments])
        flags = data[i + 5]
        i += 27 + segments + body
        if i > len(data):
            raise Truncated("last page")
    if not flags & _EOS:
        raise Truncated("the stream has no last page")
    return Layout()


# --- MP4 ------------------------------------------------------------------------------------


def _mp4(data: bytes) -> Layout:
    i, boxes, step = 0, set(), _counted()
    while i < len(data):
        step()
        if i + 8 > len(data):
            raise Truncated(f"box header at {i}")
        size, kind = int.from_bytes(data[i:i + 4], "big"), data[i + 4:i + 8]
        header = 8
        if size == 1:  # a 64-bit size follows
            if i + 16 > len(data):
                raise Truncated(f"box header at {i}")
            size, header = int.from_bytes(data[i + 8:i + 16], "big"), 16
        elif size == 0:  # the box runs to the end of the file
            size = len(data) - i
        if size < header:
            raise _Unreadable(f"box of {size} bytes at {i}")
        if i + size > len(data):
            raise Truncated(f"{kind!r} box needs {i + size} bytes, has {len(data)}")
        boxes.add(kind)
        i += size
    if b"moov" not in boxes:  # written last unless the file was made for streaming
        raise Truncated("no moov box")
    return Layout()


# --- WAV ------------------------------------------------------------------------------------

_UNKNOWN_SIZES = {0, 0xFFFFFFFF}  # what streaming writers put in a size they cannot know


def _wav(data: bytes) -> Layout:
    i, byte_rate, step = 12, 0, _counted()
    while i < len(data):
        step()
        if i + 8 > len(data):
            raise Truncated(f"chunk header at {i}")
        kind, size = data[i:i + 4], int.from_bytes(data[i + 4:i + 8], "little")
        if kind == b"fmt " and i + 20 <= len(data):
            byte_rate = int.from_bytes(data[i + 16:i + 20], "little")
        if kind == b"data":
            if size in _UNKNOWN_SIZES:
                return Layout()
            if i + 8 + size > len(data):
                raise Truncated(f"data chunk needs {i + 8 + size} bytes, has {len(data)}")
            return Layout(seconds=size / byte_rate if byte_rate else None)
        i += 8 + size + (size & 1)  # chunks are padded to an even length
    raise Truncated("no data chunk")


# --- FLAC -----------------------------------------------------------------------------------


def _flac(data: bytes) -> Layout:
    i, last, layout, step = 4, False, Layout(), _counted()
    while not last:  # the metadata blocks, then frames
        step()
        if i + 4 > len(data):
            raise Truncated(f"metadata block header at {i}")
        last, kind = bool(data[i] & 0x80), data[i] & 0x7F
        size = int.from_bytes(data[i + 1:i + 4], "big")
        if i + 4 + size > len(data):
            raise Truncated(f"metadata block at {i}")
        if kind == 0 and size >= 18:
            layout = _streaminfo(data[i + 4:i + 4 + size])
        i += 4 + size
    return layout


def _streaminfo(block: bytes) -> Layout:
    fields = int.from_bytes(block[10:18], "big")
    rate, samples = fields >> 44, fields & ((1 << 36) - 1)
    if not rate or not samples:  # 0: not known (a streaming encoder)
        return Layout()
    return Layout(seconds=samples / rate, samples=samples)


_CHECKS = {"audio/webm": _webm, "audio/ogg": _ogg, "audio/mp4": _mp4, "audio/wav": _wav,
           "audio/flac": _flac}
