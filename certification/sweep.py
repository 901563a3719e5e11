"""The periodic sweep: time-based expiry and reminders, without anyone loading a page.

Certification states otherwise move lazily, when a page refreshes a rep's progress. The
sweep moves every certification whose clock ran out (validity ended, or a renewal deadline
passed) and works out the reminders that are due: to the rep (due soon, overdue, needs
update, about to lapse, lapsed) and to managers (one digest a day of their overdue reps).

It is a function of the session and `now` only. It is safe to run often and concurrently:
the moves lock their rows (skipped by a second sweep on PostgreSQL; SQLite runs one writer
at a time) and each notice names the fact it announces in its dedupe key, so running it
twice sends nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from accounts.inbox import notify
from accounts.models import User
from certification import events, notices, service
from certification import state as st
from certification.models import Certification, CertificationEvent
from certification.notices import Notice
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of
from drills.scheduling import as_utc

DUE_SOON_DAYS = 3  # remind the rep this long before the due date
EXPIRING_DAYS = 14  # warn the rep this long before a certification's validity ends
# Lapses older than this get no notice: a first sweep after an upgrade (or a long outage)
# should not bury people in news of things that happened long ago.
LAPSED_NOTICE_DAYS = 7



@dataclass(frozen=True)
class SweepResult:
    """What a sweep did: certifications it lapsed, and the notices now due."""

    lapsed: list[int] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sent: int = 0


def _day(value: datetime) -> str:
    return f"{as_utc(value):%Y-%m-%d}"


def _date(value: datetime) -> str:
    return f"{as_utc(value):%d %b %Y}"


def lapse_expired(*, session: Session, now: datetime) -> list[int]:
    """Lapse every certification whose validity or renewal deadline has passed."""
    query = (select(Certification).where(or_(
        col(Certification.state).in_(st.HOLDS) & (col(Certification.valid_until) <= now),
        (col(Certification.state) == st.NEEDS_UPDATE) & (col(Certification.due_at) <= now)))
        .order_by(col(Certification.id))
        # A second sweep running at the same moment (PostgreSQL) skips the rows this one
        # holds instead of recording the same lapse twice; SQLite ignores the clause and
        # serialises writers anyway.
        .with_for_update(skip_locked=True))
    lapsed = []
    for cert in session.exec(query).all():
        # Ask the state machine rather than repeating its rule: with no progress counted
        # it can only answer "lapse" (clock ran out) or "stay".
        to = st.automatic(cert.state, st.Facts(
            active=False, requirements_met=False, signoff_required=True, now=now,
            due_at=as_utc(cert.due_at) if cert.due_at else None,
            valid_until=as_utc(cert.valid_until) if cert.valid_until else None))
        if to != st.LAPSED:
            continue
        service.lapse(session=session, cert=cert, now=now)  # by=None: the system
        assert cert.id is not None
        lapsed.append(cert.id)
    session.flush()
    return lapsed


def _active(session: Session, user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    rows = session.execute(sa_select(col(User.id)).where(
        col(User.id).in_(list(user_ids)), col(User.is_active).is_(True))).all()
    return {int(r[0]) for r in rows}


def _changed_lines(session: Session, cert: Certification) -> list[str]:
    """The statements of the messages a renewal asks for (only those that changed)."""
    version = session.get(ModuleVersion, cert.module_version_id)
    wanted = list(cert.renewal_messages or [])
    if version is None:
        return wanted
    text = {m.id: m.statement for m in playbook_of(version).messages}
    return [f"“{text[m]}”" if m in text else m for m in wanted]


def _rep_notices(session: Session, certs: Sequence[Certification], titles: dict[int, str],
                 now: datetime) -> list[Notice]:
    out: list[Notice] = []
    for cert in certs:
        assert cert.id is not None
        title = titles.get(cert.module_id, "a module")
        for reminder in _REP_REMINDERS:
            notice = reminder(session, cert, title, now)
            if notice is not None:
                out.append(notice)
    return out


def _due(cert: Certification) -> datetime | None:
    return as_utc(cert.due_at) if cert.due_at else None


def _update_notice(session: Session, cert: Certification, title: str,
                   now: datetime) -> Notice | None:
    """A new version changed messages the rep is certified on: what to practise again."""
    if cert.state != st.NEEDS_UPDATE:
        return None
    lines = _changed_lines(session, cert)
    due = _due(cert)
    deadline = f" by {_date(due)}" if due else ""
    return Notice(
        user_id=cert.user_id, kind="certification_update",
        title=f"Update your {title} certification{deadline}",
        body=(f"Version {cert.version} changed {len(lines)} message"
              f"{'s' if len(lines) != 1 else ''} you are certified on. Practise "
              f"only these and record a pitch covering them{deadline}: "
              + "; ".join(lines)),
        link=f"/certification/{cert.id}", dedupe_key=f"cert-update:{cert.id}:v{cert.version}")


def _due_soon_notice(session: Session, cert: Certification, title: str,
                     now: datetime) -> Notice | None:
    # Awaiting review: the rep has done their part, so no reminder to them.
    open_work = cert.state in (st.NOT_STARTED, st.IN_PROGRESS, st.RETURNED, st.NEEDS_UPDATE)
    due = _due(cert)
    if not open_work or due is None or not now < due <= now + timedelta(days=DUE_SOON_DAYS):
        return None
    days = (due - now).days
    when = f"in {days} days" if days > 1 else "in a day" if days == 1 else "within a day"
    return Notice(
        user_id=cert.user_id, kind="certification_due",
        title=f"{title}: certification due {_date(due)}",
        body=f"Your {title} certification is due {when}. "
             f"Left: {cert.summary or 'see the page'}.",
        link=f"/certification/{cert.id}", dedupe_key=f"cert-due-soon:{cert.id}:{_day(due)}")


def _overdue_notice(session: Session, cert: Certification, title: str,
                    now: datetime) -> Notice | None:
    due = _due(cert)
    if cert.state not in (st.NOT_STARTED, st.IN_PROGRESS, st.RETURNED) or (
            due is None or due > now):
        return None
    return Notice(
        user_id=cert.user_id, kind="certification_overdue",
        title=f"{title}: certification overdue",
        body=f"Your {title} certification was due {_date(due)}. "
             f"Left: {cert.summary or 'see the page'}.",
        link=f"/certification/{cert.id}", dedupe_key=f"cert-overdue:{cert.id}:{_day(due)}")


def _expiring_notice(session: Session, cert: Certification, title: str,
                     now: datetime) -> Notice | None:
    valid = as_utc(cert.valid_until) if cert.valid_until else None
    if cert.state not in st.HOLDS or (
            valid is None or not now < valid <= now + timedelta(days=EXPIRING_DAYS)):
        return None
    return Notice(
        user_id=cert.user_id, kind="certification_expiring",
        title=f"{title}: certification ends {_date(valid)}",
        body=f"Your {title} certification is valid until {_date(valid)}. Practise "
             "and record your pitch again before then to keep it.",
        link=f"/certification/{cert.id}", dedupe_key=f"cert-expiring:{cert.id}:{_day(valid)}")


# What a rep is reminded of, in the order they are told, each None when it does not apply.
_REP_REMINDERS = (_update_notice, _due_soon_notice, _overdue_notice, _expiring_notice)


def _lapsed_notices(session: Session, titles: dict[int, str], now: datetime) -> list[Notice]:
    """One notice per lapse, whether the sweep or a page load made it."""
    since = now - timedelta(days=LAPSED_NOTICE_DAYS)
    rows = session.exec(
        select(CertificationEvent, Certification)
        .join(Certification, col(Certification.id) == CertificationEvent.certification_id)
        .where(CertificationEvent.to_state == st.LAPSED,
               CertificationEvent.from_state != st.LAPSED,
               col(CertificationEvent.at) >= since,
               Certification.state == st.LAPSED)
        .order_by(col(CertificationEvent.id))).all()
    out = []
    for event, cert in rows:
        title = titles.get(cert.module_id, "a module")
        out.append(Notice(
            user_id=cert.user_id, kind="certification_lapsed",
            title=f"{title}: certification lapsed",
            body=f"{event.reason} Certify on {title} again: practise the drills and record "
                 "your pitch.",
            link=f"/certification/{cert.id}", dedupe_key=f"cert-lapsed:{event.id}"))
    return out


def _manager_digests(session: Session, overdue: Sequence[Certification],
                     titles: dict[int, str], now: datetime) -> list[Notice]:
    """One notice per manager per day listing their overdue reps (not one per rep)."""
    by_team: dict[int, list[Certification]] = defaultdict(list)
    for cert in overdue:
        if cert.team_id is not None:
            by_team[cert.team_id].append(cert)
    if not by_team:
        return []
    managers = notices.managers_of(session=session, team_ids=by_team)
    names = service.people(session=session, user_ids={c.user_id for c in overdue})
    per_manager: dict[int, list[Certification]] = defaultdict(list)
    teams_of: dict[int, set[int]] = defaultdict(set)
    for team_id, certs in by_team.items():
        for manager_id in managers.get(team_id, []):
            per_manager[manager_id].extend(c for c in certs if c.user_id != manager_id)
            teams_of[manager_id].add(team_id)
    out = []
    for manager_id, certs in sorted(per_manager.items()):
        if not certs:
            continue
        reps: dict[int, list[str]] = defaultdict(list)
        for cert in certs:
            reps[cert.user_id].append(titles.get(cert.module_id, "a module"))
        listed = [f"{names[u].name if u in names else f'rep {u}'} ({', '.join(sorted(m))})"
                  for u, m in sorted(reps.items(), key=lambda kv: names[kv[0]].name
                                     if kv[0] in names else "")]
        teams = sorted(teams_of[manager_id])
        out.append(Notice(
            user_id=manager_id, kind="certification_team_overdue",
            title=f"{len(reps)} rep{'s' if len(reps) != 1 else ''} overdue on certification",
            body="Overdue or lapsed: " + "; ".join(listed) + ".",
            link=f"/certification/team?team={teams[0]}" if len(teams) == 1
            else "/certification/team",
            dedupe_key=f"cert-overdue-digest:{manager_id}:{_day(now)}"))
    return out


def sweep(*, session: Session, now: datetime) -> SweepResult:
    """Lapse what ran out of time and return the notices due now (not yet sent)."""
    lapsed = lapse_expired(session=session, now=now)
    certs = list(session.exec(select(Certification).where(or_(
        col(Certification.state).in_((st.NOT_STARTED, st.IN_PROGRESS, st.RETURNED,
                                      st.AWAITING_REVIEW, st.NEEDS_UPDATE, st.LAPSED)),
        (col(Certification.state) == st.CERTIFIED)
        & (col(Certification.valid_until) <= now + timedelta(days=EXPIRING_DAYS))))
        .order_by(col(Certification.id))).all())
    active = _active(session, {c.user_id for c in certs})
    certs = [c for c in certs if c.user_id in active]
    titles = {m.id: m.title for m in session.exec(select(Module).where(
        col(Module.id).in_(list({c.module_id for c in certs}) or [0])))
        if m.id is not None}
    found = _rep_notices(session, certs, titles, now)
    found += [n for n in _lapsed_notices(session, titles, now) if n.user_id in active]
    overdue = [c for c in certs if st.is_overdue(
        c.state, as_utc(c.due_at) if c.due_at else None, now)]
    found += _manager_digests(session, overdue, titles, now)
    return SweepResult(lapsed=lapsed, notices=found)


def run(*, session: Session, now: datetime, base_url: str | None = None) -> SweepResult:
    """Sweep and send the notices (the periodic job and `onmessage certification sweep`);
    with `base_url` (the credentials' address), first assign any launched team's reps who
    lack their certification (`events.assign_missing`)."""
    if base_url is not None:
        events.assign_missing(session=session, now=now, base_url=base_url)
    result = sweep(session=session, now=now)
    sent = len(notify(session=session, notices=result.notices, now=now))
    session.flush()
    return SweepResult(lapsed=result.lapsed, notices=result.notices, sent=sent)
