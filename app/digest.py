"""The weekly digest for marketing and each manager: in the app always, by email when
SMTP is configured.

What it says, over the seven days before it is built: versions published and launched,
who is overdue (certification states), the weakest message (highest drill lapse rate),
and new field reports when the field-report tables exist. Marketing sees every team and
module; a manager sees the teams they manage and the modules launched to them.

Once per ISO week and person: the inbox item's dedupe key carries the week, so the hourly
job, a second process, or `onmessage digest send` run twice add nothing twice; an email
goes out only with the inbox item that was new in this run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func
from sqlmodel import Session, col, select

from accounts.inbox import Notice, notify
from app import mailer
from app.db import Database
from app.models import InboxItem, Role, Team, TeamManager, User, UserRole
from app.settings import Settings
from certification import state as st
from certification.models import Certification
from drills.field_report_models import FieldReport
from drills.models import PUBLISHED, Launch, Module, ModuleVersion
from drills.progress import message_difficulty

log = logging.getLogger("onmessage.digest")

KIND = "weekly_digest"
WINDOW = timedelta(days=7)
MAX_LINES = 15  # per section: a digest is read in a minute, the app has the full lists


@dataclass
class Digest:
    """One person's digest, built but not yet delivered."""

    user_id: int
    email: str
    name: str
    week: str
    title: str
    sections: list[tuple[str, list[str]]]
    link: str

    @property
    def dedupe_key(self) -> str:
        return f"digest:{self.week}:{self.user_id}"

    @property
    def body(self) -> str:
        parts = []
        for heading, lines in self.sections:
            parts.append(heading)
            parts += [f"- {line}" for line in lines] or ["- nothing this week"]
            parts.append("")
        return "\n".join(parts).strip()


@dataclass
class SendResult:
    digests: list[Digest] = field(default_factory=list)
    created: int = 0
    emailed: int = 0
    email_errors: list[str] = field(default_factory=list)


def week_of(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def recipients(*, session: Session) -> list[tuple[User, bool, list[int]]]:
    """Active marketing people and managers: (user, is_marketing, managed team ids)."""
    rows = session.exec(select(User, UserRole.role)
                        .join(UserRole, col(UserRole.user_id) == User.id)
                        .where(col(User.is_active).is_(True),
                               col(UserRole.role).in_([Role.MARKETING.value,
                                                       Role.MANAGER.value]))
                        .order_by(col(User.id))).all()
    people: dict[int, tuple[User, bool]] = {}
    for user, role in rows:
        uid = user.id or 0
        marketing = role == Role.MARKETING.value or (uid in people and people[uid][1])
        people[uid] = (user, marketing)
    managed: dict[int, list[int]] = {}
    for tm in session.exec(select(TeamManager)).all():
        managed.setdefault(tm.user_id, []).append(tm.team_id)
    out = []
    for uid, (user, marketing) in people.items():
        teams = sorted(managed.get(uid, []))
        if marketing or teams:
            out.append((user, marketing, teams))
    return out


def _fmt(at: datetime) -> str:
    return f"{at:%a %d %b}"


@dataclass(frozen=True)
class _Scope:
    """Whose week a digest covers: every module for marketing, else the manager's teams
    and the modules launched to them."""

    marketing: bool
    team_ids: Sequence[int]
    module_ids: list[int]
    modules: dict[int, Module]
    team_names: dict[int, str]
    since: datetime
    now: datetime

    def title(self, module_id: int) -> str:
        module = self.modules.get(module_id)
        return module.title if module else str(module_id)


def build(*, session: Session, user: User, marketing: bool, team_ids: Sequence[int],
          now: datetime, base_url: str) -> Digest:
    """One person's digest for the week ending `now`."""
    modules = {m.id or 0: m for m in session.exec(select(Module)).all()}
    if marketing:
        module_ids = sorted(modules)
    else:
        module_ids = sorted(set(session.exec(select(Launch.module_id).where(
            col(Launch.team_id).in_(team_ids))).all()))
    scope = _Scope(marketing=marketing, team_ids=team_ids, module_ids=module_ids,
                   modules=modules, since=now - WINDOW, now=now,
                   team_names={t.id or 0: t.name for t in session.exec(select(Team)).all()})
    sections = [("What changed", _changed(session, scope)), ("Overdue", _overdue(session, scope)),
                ("Weakest message", _weakest(session, scope)),
                ("New field reports", _field_reports(session, scope))]
    week = week_of(now)
    who = "all teams" if marketing else ", ".join(
        str(scope.team_names.get(t, t)) for t in team_ids)
    return Digest(user_id=user.id or 0, email=user.email, name=user.name, week=week,
                  title=f"Weekly digest {week} ({who})"[:200], sections=sections,
                  link="/modules" if marketing else "/certification/team")


def _changed(session: Session, scope: _Scope) -> list[str]:
    """Versions published and launched during the week."""
    changed: list[str] = []
    published = session.exec(select(ModuleVersion).where(
        ModuleVersion.status == PUBLISHED, col(ModuleVersion.published_at) >= scope.since,
        col(ModuleVersion.published_at) < scope.now,
        col(ModuleVersion.module_id).in_(scope.module_ids))
        .order_by(col(ModuleVersion.published_at))).all()
    for v in published:
        assert v.published_at is not None
        changed.append(f"{scope.title(v.module_id)} v{v.version} published "
                       f"{_fmt(v.published_at)}")
    teams = () if scope.marketing else (col(Launch.team_id).in_(scope.team_ids),)
    launches = session.exec(select(Launch, ModuleVersion)
                            .join(ModuleVersion, col(ModuleVersion.id) == Launch.module_version_id)
                            .where(col(Launch.launched_at) >= scope.since,
                                   col(Launch.launched_at) < scope.now,
                                   col(Launch.module_id).in_(scope.module_ids), *teams)
                            .order_by(col(Launch.launched_at))).all()
    for launch, version in launches:
        due = f", due {_fmt(launch.due_at)}" if launch.due_at else ""
        changed.append(f"{scope.title(launch.module_id)} v{version.version} launched to "
                       f"{scope.team_names.get(launch.team_id, launch.team_id)}{due}")
    return changed


def _overdue(session: Session, scope: _Scope) -> list[str]:
    """Reps past their due date, the first MAX_LINES of them, then how many more."""
    certs = select(Certification, User).join(User, col(User.id) == Certification.user_id).where(
        col(Certification.module_id).in_(scope.module_ids), col(User.is_active).is_(True),
        col(Certification.state) != st.CERTIFIED)
    if not scope.marketing:
        certs = certs.where(col(Certification.team_id).in_(scope.team_ids))
    overdue = [(c, u) for c, u in session.exec(certs.order_by(col(Certification.due_at))).all()
               if st.is_overdue(c.state, c.due_at, scope.now)]
    late: list[str] = []
    for cert, rep in overdue[:MAX_LINES]:
        due = f" (due {_fmt(cert.due_at)})" if cert.due_at else ""
        late.append(f"{rep.name}, {scope.team_names.get(cert.team_id or 0, 'no team')}: "
                    f"{scope.title(cert.module_id)}, {st.LABELS.get(cert.state, cert.state)}"
                    f"{due}")
    if len(overdue) > MAX_LINES:
        late.append(f"and {len(overdue) - MAX_LINES} more")
    return late


def _weakest(session: Session, scope: _Scope) -> list[str]:
    """The message most often forgotten once learnt, across the person's modules."""
    worst: tuple[float, float, str, str] | None = None
    for mid in scope.module_ids:
        for d in message_difficulty(session=session, module_id=mid):
            if d.kind_family != "message" or d.lapse_rate is None:
                continue
            key = (d.lapse_rate, d.again_rate, d.subject, scope.title(mid))
            if worst is None or key[:2] > worst[:2]:
                worst = key
    if worst is None:
        return []
    return [f"{worst[3]}: message '{worst[2]}' is forgotten in {worst[0]:.0%} of "
            f"reviews of learned cards ({worst[1]:.0%} answered 'again')"]


def _field_reports(session: Session, scope: _Scope) -> list[str]:
    """How many field reports came in per module during the week."""
    q = select(FieldReport.module_id, func.count()).where(
        FieldReport.created_at >= scope.since, FieldReport.created_at < scope.now,
        col(FieldReport.module_id).in_(scope.module_ids))
    if not scope.marketing:
        q = q.where(col(FieldReport.team_id).in_(scope.team_ids))
    return [f"{scope.title(mid)}: {n}"
            for mid, n in session.exec(q.group_by(col(FieldReport.module_id))).all()]


def build_all(*, session: Session, now: datetime, base_url: str,
              only_new: bool = False) -> list[Digest]:
    """Every recipient's digest for this week; with `only_new`, only for those who have
    not had this week's yet (the hourly job then costs one query once the week's is out)."""
    people = recipients(session=session)
    if only_new:
        week = week_of(now)
        have = set(session.exec(select(InboxItem.user_id).where(
            col(InboxItem.kind) == KIND,
            col(InboxItem.dedupe_key).startswith(f"digest:{week}:"))).all())
        people = [p for p in people if p[0].id not in have]
    return [build(session=session, user=user, marketing=marketing, team_ids=teams, now=now,
                  base_url=base_url)
            for user, marketing, teams in people]


def deliver_in_app(*, session: Session, digests: Sequence[Digest], now: datetime
                   ) -> list[Digest]:
    """Add the inbox items not there yet; returns the digests that were new."""
    sent = {n.dedupe_key for n in notify(session=session, now=now, notices=[
        Notice(user_id=d.user_id, kind=KIND, title=d.title, body=d.body, link=d.link,
               dedupe_key=d.dedupe_key) for d in digests])}
    return [d for d in digests if d.dedupe_key in sent]


def email_of(digest: Digest, *, settings: Settings) -> EmailMessage:
    link = f"{settings.base_url.rstrip('/')}{digest.link}"
    return mailer.message(settings, to=digest.email, subject=f"OnMessage: {digest.title}",
                          text=f"Hello {digest.name},\n\n{digest.body}\n\n"
                               f"More in OnMessage: {link}\n")


def send_emails(*, settings: Settings, digests: Sequence[Digest]) -> tuple[int, list[str]]:
    """Email each digest over one SMTP connection; returns (sent, errors)."""
    done = mailer.send_all(settings, [(d.dedupe_key, email_of(d, settings=settings))
                                      for d in digests])
    return len(done.sent), done.errors


def send_weekly(*, db: Database, now: datetime | None = None) -> SendResult:
    """Build, record in the inbox, and email this week's digests (idempotent per week)."""
    at = now or datetime.now(UTC)
    result = SendResult()
    with db.session(write=True) as s:
        digests = build_all(session=s, now=at, base_url=db.settings.base_url, only_new=True)
        new = deliver_in_app(session=s, digests=digests, now=at)
        s.commit()
    result.digests, result.created = new, len(new)
    # After commit: an email goes only with an inbox item that is really there; a failed
    # email is logged, the in-app digest stands.
    result.emailed, result.email_errors = send_emails(settings=db.settings, digests=new)
    return result
