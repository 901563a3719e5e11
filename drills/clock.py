"""Default 'now' for column defaults (accounts.clock's, the one at the bottom)."""

from accounts.clock import utcnow

__all__ = ["utcnow"]
