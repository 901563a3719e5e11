"""Sending email over the configured SMTP server: one connection for a batch, each
message's failure reported on its own (one bad address must not stop the rest)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Generic, TypeVar

from app.settings import Settings

log = logging.getLogger("onmessage.mail")

K = TypeVar("K")


@dataclass
class Sent(Generic[K]):
    """What a batch did: the keys of the messages the server accepted, and the failures
    in words (the address, or the server when it could not be reached at all)."""

    sent: list[K] = field(default_factory=list)
    failed: list[K] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def message(settings: Settings, *, to: str, subject: str, text: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg.set_content(text)
    return msg


def _connect(settings: Settings) -> smtplib.SMTP:
    assert settings.smtp_host
    smtp: smtplib.SMTP
    if settings.smtp_port == 465:  # TLS from the first byte
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=30,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    smtp.ehlo()
    if settings.smtp_port != 465 and smtp.has_extn("starttls"):
        smtp.starttls(context=ssl.create_default_context())
        smtp.ehlo()
    if settings.smtp_username:
        smtp.login(settings.smtp_username, settings.smtp_password or "")
    return smtp


def send_all(settings: Settings, messages: Sequence[tuple[K, EmailMessage]]) -> Sent[K]:
    """Send each (key, message) over one connection; nothing is sent without SMTP set."""
    out: Sent[K] = Sent()
    if not configured(settings) or not messages:
        return out
    try:
        with _connect(settings) as smtp:
            for key, msg in messages:
                try:
                    smtp.send_message(msg)
                    out.sent.append(key)
                except smtplib.SMTPException as exc:
                    out.failed.append(key)
                    out.errors.append(f"{msg['To']}: {exc}")
    except (OSError, smtplib.SMTPException) as exc:
        # The connection failed or dropped: what it had not accepted yet is not sent.
        out.failed += [key for key, _ in messages[len(out.sent) + len(out.failed):]]
        out.errors.append(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {exc}")
    for error in out.errors:
        log.warning("email failed: %s", error)
    return out
