"""Domain errors raised by the practice and certification domains.

The web layer maps each class to one HTTP status in a single place; the domain never
knows about HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base for errors a person can act on."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The object does not exist, or is not visible to the caller."""


class NotPermitted(DomainError):
    """The caller may not do this."""


class Conflict(DomainError):
    """The request clashes with the current state (double submit, stale state, duplicate)."""


class InvalidInput(DomainError):
    """A value the caller sent is malformed or out of range."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


# An error lists at most this many problems: a broken file can have hundreds of thousands,
# and the answer must stay small enough to read (and to send). The total is still counted.
MAX_PROBLEMS = 100
# How many problems the one-line detail (a log line, a toast, the JSON `detail`) quotes.
DETAIL_PROBLEMS = 20


def capped_note(shown: int, total: int) -> str | None:
    """'showing the first 100 of 450,000 problems' when only some are listed, else None."""
    return f"showing the first {shown:,} of {total:,} problems" if total > shown else None


class InvalidPlaybook(InvalidInput):
    """A playbook file that breaks the format; lists its first MAX_PROBLEMS problems and
    counts them all (`total`)."""

    def __init__(self, filename: str, problems: list[Problem], *, total: int = 0) -> None:
        self.filename = filename
        self.problems = problems[:MAX_PROBLEMS]
        self.total = max(total, len(problems))
        lines = "; ".join(str(p) for p in problems[:DETAIL_PROBLEMS])
        rest = self.total - min(len(problems), DETAIL_PROBLEMS)
        more = f" (and {rest:,} more)" if rest > 0 else ""
        super().__init__(f"{filename}: {lines}{more}")

    @property
    def note(self) -> str | None:
        return capped_note(len(self.problems), self.total)
