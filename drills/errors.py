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


class InvalidPlaybook(InvalidInput):
    """A playbook file that breaks the format; lists every problem found."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = problems
        lines = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{filename}: {lines}{more}")
