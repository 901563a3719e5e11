"""Certification notices by email, when SMTP is configured: the inbox is the outbox.

Every notice that needs a person to act (a returned pitch, a certification and its
credential, a renewal, a due date coming or gone, a sign-off waiting) is written to the
inbox in the transaction of the event that caused it. A periodic job then claims the
unsent ones (`emailed_at` set in a short write, so two processes never send one twice),
sends them over one SMTP connection, and releases the claim of any that failed, counting
the attempt; after MAX_ATTEMPTS it stops trying (the inbox item stands). Items older than
MAX_AGE are never sent: configuring SMTP later must not mail a backlog.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlmodel import Session, col, select, update

from app import mailer
from app.db import Database
from app.models import InboxItem, User
from app.settings import Settings

log = logging.getLogger("onmessage.notice_mail")

# What reaches people by email as well as in the app: decisions about a rep's
# certification, its deadlines, and a manager's waiting sign-offs and overdue team.
EMAILED_KINDS = frozenset({
    "certification_returned", "certification_certified", "certification_update",
    "certification_due", "certification_overdue", "certification_expiring",
    "certification_lapsed", "certification_review", "certification_team_overdue"})
MAX_AGE = timedelta(days=2)
MAX_ATTEMPTS = 5
BATCH = 200


@dataclass
class MailRun:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Claimed:
    item_id: int
    email: str
    name: str
    title: str
    body: str
    link: str | None


def _claim(session: Session, now: datetime) -> list[_Claimed]:
    """Take up to BATCH unsent notices of active people (in the caller's write
    transaction): their `emailed_at` is set now, so no other process takes them."""
    rows = session.exec(
        select(InboxItem, User).join(User, col(User.id) == InboxItem.user_id)
        .where(col(InboxItem.emailed_at).is_(None), col(InboxItem.kind).in_(EMAILED_KINDS),
               col(InboxItem.created_at) >= now - MAX_AGE,
               col(InboxItem.email_attempts) < MAX_ATTEMPTS, col(User.is_active).is_(True))
        .order_by(col(InboxItem.id)).limit(BATCH)).all()
    ids = [item.id for item, _user in rows if item.id is not None]
    if not ids:
        return []
    session.exec(update(InboxItem).where(col(InboxItem.id).in_(ids),
                                         col(InboxItem.emailed_at).is_(None))
                 .values(emailed_at=now))
    return [_Claimed(item_id=item.id or 0, email=user.email, name=user.name,
                     title=item.title, body=item.body, link=item.link)
            for item, user in rows]


def email_of(claimed: _Claimed, settings: Settings) -> EmailMessage:
    link = f"{settings.base_url.rstrip('/')}{claimed.link}" if claimed.link else settings.base_url
    return mailer.message(
        settings, to=claimed.email, subject=f"OnMessage: {claimed.title}",
        text=(f"Hello {claimed.name},\n\n{claimed.body}\n\nOpen it in OnMessage: {link}\n\n"
              "You get this email because it needs you to act; it is also in your "
              "OnMessage inbox.\n"))


def _release(session: Session, failed: Sequence[int]) -> None:
    if failed:
        session.exec(update(InboxItem).where(col(InboxItem.id).in_(list(failed)))
                     .values(emailed_at=None, email_attempts=InboxItem.email_attempts + 1))


def send_pending(*, db: Database, now: datetime) -> MailRun:
    """Email the notices not yet emailed (nothing at all without SMTP configured)."""
    run = MailRun()
    settings = db.settings
    if not mailer.configured(settings):
        return run
    with db.background_write_turn(), db.session(write=True) as session:
        claimed = _claim(session, now)
        session.commit()
    run.claimed = len(claimed)
    if not claimed:
        return run
    done = mailer.send_all(settings, [(c.item_id, email_of(c, settings)) for c in claimed])
    run.sent, run.failed, run.errors = len(done.sent), len(done.failed), done.errors
    if done.failed:
        with db.background_write_turn(), db.session(write=True) as session:
            _release(session, done.failed)
            session.commit()
    return run
