"""Reading uploads with a size cap, so an oversized file is refused, not buffered."""

from __future__ import annotations

from fastapi import UploadFile

from drills.errors import InvalidInput

CHUNK = 1024 * 1024


class UploadTooLarge(InvalidInput):
    """The upload is over the configured limit."""


def _size(limit: int) -> str:
    # Whole mebibytes as "25 MB" (how the setting is given); other limits exactly, so a
    # 1,000,000-byte limit does not read as "0 MB".
    mb, rest = divmod(limit, 1024 * 1024)
    return f"{mb} MB" if mb and not rest else f"{limit:,} bytes"


async def read_limited(upload: UploadFile, limit: int, *, what: str = "file") -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise UploadTooLarge(f"The {what} is larger than {_size(limit)}; upload a smaller one.")
        parts.append(chunk)
    if size == 0:
        raise InvalidInput(f"The {what} is empty.")
    return b"".join(parts)
