"""One notion of now: timezone-aware UTC, the form every datetime column stores."""


from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
