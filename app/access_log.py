"""Keeps secrets out of the access log: invite tokens (in the path) and token= queries.

`onmessage serve` gives uvicorn `log_config()`, whose access logger runs `RedactSecrets`
on every record before any handler writes it.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

REDACTED = "[redacted]"
_INVITE = re.compile(r"(/invite/)[^/?#\s]+")
# token=, access_token=, invite_token=...: whatever names a token in a query string.
_TOKEN_QUERY = re.compile(r"([?&][\w.-]*token=)[^&#\s]*", re.IGNORECASE)


def redact(text: str) -> str:
    return _TOKEN_QUERY.sub(rf"\g<1>{REDACTED}", _INVITE.sub(rf"\g<1>{REDACTED}", text))


class RedactSecrets(logging.Filter):
    """Rewrites a record's arguments (uvicorn logs the path as one) and its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging, with the access log redacted."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {"()": RedactSecrets}
    config["loggers"]["uvicorn.access"]["filters"] = ["redact_secrets"]
    return config
