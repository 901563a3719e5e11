"""A checker of plain data: walks what YAML (or stored JSON) gave, collecting every
problem with its path (`messages[2].evidence`) and a message an author can act on, and
building the clean data the models are made from. What a playbook must be is in `checks`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drills.errors import MAX_PROBLEMS, Problem
from drills.playbook_format.limits import MAX_SLUG, SLUG_RE
from drills.visible_text import shows_something


def join_path(path: str, key: str) -> str:
    """The path of a mapping's key: `messages[2]` + `evidence` -> `messages[2].evidence`."""
    return f"{path}.{key}" if path else key


def describe(value: object) -> str:
    """What a value is, as an author reads it in "expected ..., got a list"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__} ({value})"


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


@dataclass(frozen=True)
class Key:
    """One key a mapping may have (see `Checker.mapping`)."""

    required: bool = False


class Checker:
    """Walks raw data, collecting problems and building clean data for the models."""

    def __init__(self, keep: int | None = MAX_PROBLEMS) -> None:
        self.problems: list[Problem] = []  # the first `keep` (all with None)
        self.keep = keep
        self.total = 0  # all of them

    def add(self, path: str, message: str) -> None:
        self.total += 1
        if self.keep is None or len(self.problems) < self.keep:
            self.problems.append(Problem(path, message))

    def mapping(
        self, value: object, path: str, fields: Mapping[str, Key], what: str
    ) -> dict[str, Any] | None:
        """Check a mapping's keys: unknown ones (with a suggestion) and missing ones."""
        if not isinstance(value, Mapping):
            self.add(path, f"expected {what} (a mapping of keys), got {describe(value)}")
            return None
        known = list(fields)
        out: dict[str, Any] = {}
        empty: set[str] = set()
        for key, item in value.items():
            if not isinstance(key, str):
                self.add(path, f"keys must be text, got {describe(key)}")
            elif key not in fields:
                close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "expected one of: " + ", ".join(known)
                )
                self.add(join_path(path, key), f"unknown key '{key}' ({hint})")
            elif item is None:
                # An empty value (`evidence:`) counts as leaving the key out.
                empty.add(key)
            else:
                out[key] = item
        for key, spec in fields.items():
            if spec.required and key not in out:
                state = "has no value" if key in empty else "is missing"
                self.add(join_path(path, key), f"required key '{key}' {state}")
        return out

    def text(self, value: object, path: str, max_len: int) -> str | None:
        if not isinstance(value, str):
            hint = "; put it in quotes" if isinstance(value, int | float | bool) else ""
            self.add(path, f"expected text, got {describe(value)}{hint}")
            return None
        if not shows_something(value):  # (only spaces, or only invisible characters)
            self.add(path, "must not be empty")
            return None
        if "\x00" in value:
            # YAML can spell one ("\0", "\x00"); PostgreSQL cannot store it (a 500), and
            # it hides the rest of the text from many tools.
            self.add(path, "holds a NUL character (\\0 or \\x00 in the file); remove it")
            return None
        if len(value) > max_len:
            self.add(path, f"is {len(value)} characters long; the limit is {max_len}")
            return None
        return value

    def slug(self, value: object, path: str) -> str | None:
        s = self.text(value, path, MAX_SLUG)
        if s is None:
            return None
        if not SLUG_RE.fullmatch(s):
            hint = f" (e.g. '{_slugify(s)}')" if _slugify(s) else ""
            self.add(
                path,
                f"'{s}' is not a valid id: use lowercase letters, digits and hyphens{hint}",
            )
            return None
        return s

    def integer(self, value: object, path: str, lo: int, hi: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"expected a whole number, got {describe(value)}")
            return None
        if not lo <= value <= hi:
            self.add(path, f"must be between {lo} and {hi}, got {value}")
            return None
        return value

    def number(
        self, value: object, path: str, lo: float, hi: float, *, lo_open: bool = False
    ) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(path, f"expected a number, got {describe(value)}")
            return None
        if not math.isfinite(value):
            self.add(path, f"must be a finite number, got {value}")
            return None
        if (value <= lo if lo_open else value < lo) or value > hi:
            if lo_open and lo == 0:
                self.add(path, f"must be positive and at most {hi:g}, got {value:g}")
            else:
                self.add(path, f"must be between {lo:g} and {hi:g}, got {value:g}")
            return None
        return float(value)

    def boolean(self, value: object, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.add(path, f"expected true or false, got {describe(value)}")
            return None
        return value

    def items(
        self, value: object, path: str, check: Callable[[object, str], Any]
    ) -> list[Any] | None:
        """Check each element of a list; None if it is not a list or any element is bad."""
        if not isinstance(value, list | tuple):
            self.add(path, f"expected a list, got {describe(value)}")
            return None
        before = self.total
        out = [check(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return out if self.total == before else None

    def unique(self, values: Iterable[tuple[object, str]], what: str) -> None:
        """Report repeated ids; `values` are (id, path) pairs. An id that is not text (None,
        a list, a mapping) was already reported by its item's own check."""
        first: dict[str, str] = {}
        for value, path in values:
            if not isinstance(value, str):
                continue
            if value in first:
                self.add(path, f"duplicate {what} '{value}' (also at {first[value]})")
            else:
                first[value] = path
