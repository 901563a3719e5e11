"""Default 'now' for column defaults; domain functions take the clock as an argument."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
