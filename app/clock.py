"""One notion of now: timezone-aware UTC, the form every datetime column stores."""

from drills.clock import utcnow

__all__ = ["utcnow"]
