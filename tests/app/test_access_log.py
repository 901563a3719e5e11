"""The access log keeps no secrets: invite tokens and token= queries are redacted."""

from __future__ import annotations

import logging
import logging.config
from typing import Any

import pytest
from typer.testing import CliRunner

from app.access_log import REDACTED, RedactSecrets, log_config, redact
from app.cli import cli

SECRET = "Zq3-secret_TOKEN.value"


def access_record(path: str) -> logging.LogRecord:
    """A record as uvicorn's access logger makes it."""
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                             '%s - "%s %s HTTP/%s" %d',
                             ("203.0.113.9:5123", "GET", path, "1.1", 200), None)


@pytest.mark.parametrize(("path", "logged"), [
    (f"/invite/{SECRET}", f"/invite/{REDACTED}"),
    (f"/invite/{SECRET}?next=/", f"/invite/{REDACTED}?next=/"),
    (f"/reset?token={SECRET}", f"/reset?token={REDACTED}"),
    (f"/x?a=1&access_token={SECRET}&b=2", f"/x?a=1&access_token={REDACTED}&b=2"),
    ("/api/v1/tokens", "/api/v1/tokens"),  # no secret in it: left alone
    ("/drills?team=3", "/drills?team=3"),
])
def test_the_filter_redacts_secrets(path: str, logged: str) -> None:
    record = access_record(path)
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f'203.0.113.9:5123 - "GET {logged} HTTP/1.1" 200'
    assert SECRET not in record.getMessage()
    assert redact(path) == logged


def test_the_filter_works_through_the_configured_logger(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    loggers = [logging.getLogger(n) for n in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    saved = [(lg.handlers[:], lg.filters[:], lg.level, lg.propagate) for lg in loggers]
    logging.config.dictConfig(log_config())
    try:
        logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:1",
                                                 "POST", f"/invite/{SECRET}", "1.1", 303)
        out = capsys.readouterr().out
        assert f"/invite/{REDACTED}" in out and SECRET not in out
    finally:  # leave logging as the other tests expect it
        for lg, (handlers, filters, level, propagate) in zip(loggers, saved, strict=True):
            lg.handlers[:], lg.filters[:], lg.level, lg.propagate = (handlers, filters, level,
                                                                      propagate)


def test_serve_uses_the_redacting_log_config(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    assert CliRunner().invoke(cli, ["serve", "--port", "8123"]).exit_code == 0
    access = seen["log_config"]["loggers"]["uvicorn.access"]
    assert access["filters"] == ["redact_secrets"]
