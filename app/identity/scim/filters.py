"""SCIM `filter` (RFC 7644 3.4.2.2), the subset directories send: `attr op value`
terms joined by `and`. Values become bound parameters, never SQL text, and anything
outside the grammar is refused with `invalidFilter` (so an injection attempt is just
a bad filter)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.identity.scim.errors import ScimError

OPERATORS = {"eq", "ne", "co", "sw", "ew", "pr"}
MAX_FILTER = 1000

# One token: a quoted JSON string, a bracket-free attribute path, or a bare word.
_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_.:$\-]+)')


@dataclass(frozen=True)
class Term:
    attribute: str  # lower-cased, e.g. "username", "emails.value"
    op: str
    value: Any = None


def invalid(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise invalid(f"The filter cannot be read at character {pos + 1} "
                          f"({text[pos:pos + 20]!r}). Use terms like userName eq \"a@b.com\".")
        out.append(match.group(1))
        pos = match.end()
    return out


def _string(token: str) -> str:
    """A quoted value, read as the JSON string it is. Its escapes can spell what the check
    on every request's text cannot see in the address (a NUL, half a surrogate pair): no
    stored value holds either, and neither can be a query's parameter (SQLite's driver
    cannot encode half a pair, PostgreSQL refuses a NUL), so they are a bad filter."""
    try:
        value: str = json.loads(token)
    except ValueError:
        raise invalid(f"The string {token[:40]} in the filter is not valid.") from None
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise invalid(f"The string {token[:40]} in the filter spells a character no value "
                      "holds (a NUL, or half of a surrogate pair).")
    return value


def _value(token: str) -> Any:
    if token.startswith('"'):
        return _string(token)
    lowered = token.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?", token):
        return json.loads(token)
    raise invalid(f"The filter value {token[:40]!r} must be a quoted string, a number, "
                  "true, false or null.")


def parse(text: str, allowed: set[str]) -> list[Term]:
    """The terms of a filter (all must hold), each on an attribute of `allowed`
    (lower-cased names)."""
    if len(text) > MAX_FILTER:
        raise invalid(f"The filter is longer than {MAX_FILTER} characters.")
    tokens = _tokens(text)
    terms: list[Term] = []
    i = 0
    while True:
        if i >= len(tokens):
            raise invalid("The filter ends too early: expected a term such as "
                          'userName eq "a@b.com".')
        attribute = tokens[i].lower()
        if attribute.startswith('"'):
            raise invalid(f"Expected an attribute name, found the string {tokens[i][:40]}.")
        if attribute not in allowed:
            raise invalid(f"Filtering on '{tokens[i]}' is not supported; use one of "
                          f"{', '.join(sorted(allowed))}.")
        if i + 1 >= len(tokens) or tokens[i + 1].lower() not in OPERATORS:
            raise invalid(f"After '{tokens[i]}' expected an operator (eq, ne, co, sw, ew, pr).")
        op = tokens[i + 1].lower()
        if op == "pr":
            terms.append(Term(attribute, op))
            i += 2
        else:
            if i + 2 >= len(tokens):
                raise invalid(f"'{tokens[i]} {op}' needs a value.")
            terms.append(Term(attribute, op, _value(tokens[i + 2])))
            i += 3
        if i == len(tokens):
            return terms
        if tokens[i].lower() != "and":
            word = tokens[i][:40]
            raise invalid(f"Only 'and' may join filter terms (found {word!r}); "
                          "'or', 'not' and brackets are not supported.")
        i += 1
