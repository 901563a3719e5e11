"""Every kind of background job, declared in one place: what runs it, what records a
failure for good, and which kinds the web process schedules by itself.

app/jobs.py runs jobs by looking their kind up here; nothing registers itself on import.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from sqlalchemy import delete
from sqlmodel import col

from app import pitch_pipeline
from app.clock import utcnow
from app.db import Database
from app.job_models import JOB_DONE, Job
from app.job_store import GiveUp, Handler

log = logging.getLogger("onmessage.jobs")


@dataclass(frozen=True)
class Periodic:
    """A job kind run once per `every_s` seconds; its target id is the time slot's number."""

    kind: str
    every_s: float

    def slot(self, now: datetime) -> int:
        return int(now.timestamp() // self.every_s)


SWEEP_KIND = "certification_sweep"
SWEEP_EVERY_S = 15 * 60.0  # expiry and reminders are day-scale; a quarter hour is prompt
PERIODIC: tuple[Periodic, ...] = (Periodic(SWEEP_KIND, SWEEP_EVERY_S),)
XAPI_KIND = "xapi_flush"
XAPI_EVERY_S = 60.0  # learning records reach the LRS within a minute or so
DIGEST_KIND = "weekly_digest"
# Hourly: the digest goes out once per ISO week (InboxItem.dedupe_key), at the first run
# of the week, so a process that was down on Monday still sends it when it comes back.
DIGEST_EVERY_S = 3600.0
NOTICE_MAIL_KIND = "notice_mail"
NOTICE_MAIL_EVERY_S = 60.0  # a returned pitch or a certification reaches the inbox at once
# Everything the web process schedules by itself (PERIODIC stays the sweep alone, as
# `onmessage certification sweep` and its tests know it).
SERVICE_PERIODIC: tuple[Periodic, ...] = (*PERIODIC, Periodic(XAPI_KIND, XAPI_EVERY_S),
                                          Periodic(DIGEST_KIND, DIGEST_EVERY_S),
                                          Periodic(NOTICE_MAIL_KIND, NOTICE_MAIL_EVERY_S))
_KEEP_PERIODIC = timedelta(days=2)  # finished periodic rows kept this long, then deleted


def run_certification_sweep(db: Database, slot: int) -> None:
    """Lapse certifications whose clock ran out and send the reminders now due."""
    from certification import sweep

    now = utcnow()
    with db.session(write=True) as s:
        result = sweep.run(session=s, now=now, base_url=db.settings.base_url)
        # Periodic rows are bookkeeping only: drop old finished ones so they do not pile up.
        s.execute(delete(Job).where(col(Job.kind).in_([p.kind for p in SERVICE_PERIODIC]),
                                    col(Job.status) == JOB_DONE,
                                    col(Job.finished_at) < now - _KEEP_PERIODIC))
        s.commit()
    log.info("certification sweep (slot %s): %d lapsed, %d notice(s) sent", slot,
             len(result.lapsed), result.sent)


def run_xapi_flush(db: Database, slot: int) -> None:
    """Turn new learning events into xAPI statements and send what is due to the LRS."""
    from app import xapi

    added, sent = xapi.flush(db=db, now=utcnow)
    if added or sent.sent or sent.failed:
        log.info("xapi (slot %s): %d recorded, %d sent, %d failed, %d waiting", slot, added,
                 sent.sent, sent.failed, sent.waiting)


def run_weekly_digest(db: Database, slot: int) -> None:
    """Send this week's digest to marketing and managers who have not had it yet."""
    from app.digest import send_weekly

    result = send_weekly(db=db, now=utcnow())
    if result.created:
        log.info("weekly digest (slot %s): %d in-app, %d emailed", slot, result.created,
                 result.emailed)


def run_notice_mail(db: Database, slot: int) -> None:
    """Email the inbox notices that need a person to act (only with SMTP configured)."""
    from app.notice_mail import send_pending

    result = send_pending(db=db, now=utcnow())
    if result.claimed:
        log.info("notice mail (slot %s): %d sent, %d failed", slot, result.sent, result.failed)


# What runs each kind: f(db, target_id).
HANDLERS: Mapping[str, Handler] = MappingProxyType({
    pitch_pipeline.JOB_KIND: pitch_pipeline.run_pitch_job,
    SWEEP_KIND: run_certification_sweep,
    XAPI_KIND: run_xapi_flush,
    DIGEST_KIND: run_weekly_digest,
    NOTICE_MAIL_KIND: run_notice_mail,
})
# What records why a job of this kind failed for good (after its last attempt).
GIVE_UP: Mapping[str, GiveUp] = MappingProxyType({
    pitch_pipeline.JOB_KIND: pitch_pipeline.give_up_pitch_job,
})
