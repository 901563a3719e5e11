"""One check, on every route, that no text a request carries holds a NUL character, and
that a JSON body holds no unpaired surrogate.

No person types either. PostgreSQL cannot store a NUL in text, and neither database can
store half of a UTF-16 pair (JSON can spell one, `"\\udac3"`; the request would end in a
500 when it is written), and a NUL hides the rest of a string from many tools. Checked once
here rather than per field: the address (path and query), form fields (not uploaded files)
and JSON bodies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import Request

from app.csrf import SAFE_METHODS
from drills.errors import InvalidInput

NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class NulInText(InvalidInput):
    """A request's text held a NUL character."""


class BrokenText(InvalidInput):
    """A JSON body held half of a UTF-16 surrogate pair: not text any database stores."""


def _strings_in(value: Any) -> Iterator[str]:
    """Every key and string value of a parsed JSON body, walked with a list rather than
    recursion: a body nested a few hundred levels deep parses, and recursing through it
    would exhaust Python's stack (a 500 for any client, signed in or not)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _holds_lone_surrogate(value: Any) -> bool:
    return any("\ud800" <= ch <= "\udfff" for text in _strings_in(value) for ch in text)


def _holds_nul(value: Any) -> bool:
    return any(NUL in text for text in _strings_in(value))


async def _body_holds_nul(request: Request) -> bool:
    if request.method in SAFE_METHODS:
        # No route reads the body of a GET: it is not worth reading to refuse.
        return False
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(FORMS):
        form = await request.form()  # parsed once: the route reads the same form
        return any(_holds_nul(k) or _holds_nul(v) for k, v in form.multi_items())
    if "json" in content_type:
        body = await request.body()
        # JSON can only carry a NUL as the escape \u0000 (a raw one is invalid JSON), and a
        # surrogate only as \udXXX: most bodies are passed over without parsing them twice.
        lowered = body.lower()
        if b"\\u0000" not in body and b"\\ud" not in lowered:
            return False
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return False  # invalid (or too deep) JSON: the route's own parsing answers
        if _holds_lone_surrogate(data):
            raise BrokenText("Text may not contain unpaired surrogates (\\ud800-\\udfff): "
                             "send the character itself, or both halves of its pair.")
        return _holds_nul(data)
    return False


async def refuse_nul(request: Request) -> None:
    """Dependency on every route: 422 for a NUL anywhere in the request's text."""
    query = request.query_params.multi_items()
    if (NUL in request.scope["path"] or any(NUL in k or NUL in v for k, v in query)
            or await _body_holds_nul(request)):
        raise NulInText("Text may not contain NUL characters.")
