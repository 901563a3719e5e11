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


def _holds_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, dict):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(v) for v in value)
    return False


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


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
        except ValueError:
            return False  # invalid JSON: the route's own parsing answers 422
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
