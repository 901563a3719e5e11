"""Field reports as the pages, the API and the home page use them: whose reports a person
reads, filing one, marketing's triage (with the reporter told in their inbox), and the
inbox and "mine" views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from accounts.inbox import Notice, notify
from app.models import User
from app.users import Account
from drills import field_reports
from drills.errors import InvalidInput
from drills.field_report_models import FieldReport
from drills.models import Module
from drills.modules import get_module


def scope_of(account: Account) -> field_reports.Scope:
    """Marketing and admins read every report; managers their teams'; everyone their own."""
    if account.policy.may_author:
        return field_reports.Scope(user_id=account.id, team_ids=None)
    return field_reports.Scope(user_id=account.id, team_ids=account.managed_team_ids)


def resolve_module(session: Session, slug: str | None, module_id: int | None) -> Module:
    """The module a report names, by slug (API, pages) or id (drill feedback)."""
    if slug:
        return get_module(session=session, slug=slug.strip())
    if module_id is not None:
        module = session.get(Module, module_id)
        if module is not None:
            return module
    raise InvalidInput("Say which module this is about (module).")


def file_report(*, session: Session, account: Account, module: Module, version: int | None,
                message_id: str | None, kind: str, note: str, source: str,
                now: datetime) -> FieldReport:
    """A rep's report on a message of a version launched to their team."""
    return field_reports.create(
        session=session, user_id=account.id, team_id=account.team_id, module=module,
        version=version, message_id=message_id, kind=kind, note=note, source=source, now=now)


# --- triage ---------------------------------------------------------------------------------


def notify_reporter(*, session: Session, report: FieldReport, now: datetime) -> None:
    """Put marketing's answer in the reporter's inbox (one item per answer)."""
    assert report.id is not None
    status = field_reports.STATUSES[report.status]
    addressed = f" Addressed in v{report.addressed_version}." if report.addressed_version else ""
    body = (report.reply or f"Marked “{status}”.") + addressed
    notify(session=session, now=now, notices=[Notice(
        user_id=report.user_id, kind="field_report", title=f"Marketing answered your field "
        f"report ({status.lower()})", body=body, link=f"/field-reports/mine#report-{report.id}",
        # One per triage step: a double-submitted triage is refused before it gets here.
        dedupe_key=f"field-report:{report.id}:{now.timestamp():.6f}")])


def triage_and_notify(*, session: Session, account: Account, report_id: int, status: str,
                      reply: str | None, addressed_version: int | None,
                      expected_status: str | None, now: datetime) -> FieldReport:
    """Triage as marketing and tell the reporter when there is something to tell."""
    field_reports.require_triager(can_triage=account.policy.may_author)
    report = field_reports.get(session=session, scope=scope_of(account), report_id=report_id)
    result = field_reports.triage(session=session, report=report, status=status, reply=reply,
                                  addressed_version=addressed_version, by=account.id,
                                  expected_status=expected_status, now=now)
    if result.notify:
        notify_reporter(session=session, report=result.report, now=now)
    return result.report


# --- reading --------------------------------------------------------------------------------


def new_reports(*, session: Session, account: Account) -> Sequence[FieldReport]:
    """The reports this person reads that nobody has triaged yet."""
    return field_reports.list_for(session=session, scope=scope_of(account),
                                  statuses=(field_reports.NEW,), limit=5000)


def report_rows(session: Session, reports: Sequence[FieldReport]) -> dict[int, dict[str, Any]]:
    """Per report: who filed it and which versions may be named as addressing it."""
    names: dict[int, str] = {}
    rows: dict[int, dict[str, Any]] = {}
    for r in reports:
        if r.user_id not in names:
            user = session.get(User, r.user_id)
            names[r.user_id] = user.name if user else "A former rep"
        assert r.id is not None
        rows[r.id] = {"who": names[r.user_id], "versions": (
            field_reports.addressable_versions(session=session, report=r)
            if r.status in field_reports.OPEN_STATUSES else [])}
    return rows


def inbox(*, session: Session, account: Account, statuses: Sequence[str] | None,
          module_slug: str, now: datetime) -> dict[str, Any]:
    """Marketing's inbox (managers: their teams'), grouped by message, with the counts of
    everything this person reads."""
    module_row = get_module(session=session, slug=module_slug) if module_slug else None
    scope = scope_of(account)
    reports = list(field_reports.list_for(
        session=session, scope=scope, statuses=statuses,
        module_id=module_row.id if module_row else None))
    groups = field_reports.group(session=session, reports=reports, now=now)
    everything = field_reports.list_for(session=session, scope=scope, limit=5000)
    totals = field_reports.group(session=session, reports=list(everything), now=now)
    return {
        "groups": groups, "rows": report_rows(session, reports), "module": module_row,
        "new_count": sum(1 for r in everything if r.status == field_reports.NEW),
        "last_7": sum(g.last_7 for g in totals), "last_30": sum(g.last_30 for g in totals),
        "modules": sorted({g.module.slug: g.module for g in totals}.values(),
                          key=lambda m: m.title)}


def mine(*, session: Session, account: Account, now: datetime) -> list[dict[str, Any]]:
    """The rep's own reports, each with its message's group (marketing's answers)."""
    reports = list(field_reports.list_for(
        session=session, scope=field_reports.Scope(user_id=account.id), limit=200))
    groups = {(g.module.id, g.version, g.message_id): g for g in field_reports.group(
        session=session, reports=reports, now=now)}
    return [{"r": r, "g": groups[(r.module_id, r.version, r.message_id)]} for r in reports]


def readable_reports(*, session: Session, account: Account, statuses: list[str] | None,
                     module_slug: str | None) -> list[FieldReport]:
    """The reports this person may read, optionally of one module and some statuses."""
    module_id = get_module(session=session, slug=module_slug).id if module_slug else None
    return list(field_reports.list_for(session=session, scope=scope_of(account),
                                       module_id=module_id, statuses=statuses))


def module_slugs(session: Session, reports: Sequence[FieldReport]) -> dict[int, str]:
    """The slug of each report's module."""
    out: dict[int, str] = {}
    for module_id in {r.module_id for r in reports}:
        module = session.get(Module, module_id)
        assert module is not None
        out[module_id] = module.slug
    return out
