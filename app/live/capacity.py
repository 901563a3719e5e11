"""How many live takes this process holds: a fixed number of slots, one per rep.

Every live take runs its Whisper passes in this process, on the one model the process
shares (app.transcription.load_model), so the slots are what keeps each take's latency:
past them, a new take is refused at once with a message that offers the upload flow,
rather than admitted and made slow for everybody.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from app.live.protocol import LiveError, busy, one_per_rep


class Slots:
    """The live takes in progress in this process, by rep."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._held: set[int] = set()
        self._lock = threading.Lock()

    @property
    def in_use(self) -> int:
        return len(self._held)

    @contextmanager
    def hold(self, user_id: int) -> Iterator[None]:
        """Hold a slot for the rep's take; refuses a second take or a full process."""
        with self._lock:
            if user_id in self._held:
                raise one_per_rep()
            if len(self._held) >= self.limit:
                raise busy()
            self._held.add(user_id)
        try:
            yield
        finally:
            with self._lock:
                self._held.discard(user_id)


__all__ = ["LiveError", "Slots"]
