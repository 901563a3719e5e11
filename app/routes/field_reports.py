"""Field report pages: the rep's two-tap flag, "My field reports", and marketing's inbox."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.clock import utcnow
from app.deps import CurrentRep, SessionDep, require_roles
from app.models import Role, User
from app.routes.api_field_reports import resolve_module, scope_of, triage_and_notify
from app.users import Account
from app.web import is_htmx, redirect, render, templates
from drills import field_reports
from drills.field_report_models import FieldReport
from drills.modules import get_module

router = APIRouter(include_in_schema=False)  # pages, not API: like every page router

# The flag partial is included by message, drill and pitch templates: give it its labels
# here so that those pages' routes need not pass them.
templates.env.globals["FIELD_REPORT_OUTCOMES"] = field_reports.OUTCOMES
templates.env.globals["FIELD_REPORT_KINDS"] = field_reports.KINDS
templates.env.globals["FIELD_REPORT_STATUSES"] = field_reports.STATUSES

CurrentReader = Annotated[
    Account, Depends(require_roles(Role.MANAGER, Role.MARKETING, Role.ADMIN))]
STATUS_FILTERS = {"open": field_reports.OPEN_STATUSES, "all": None,
                  **{s: (s,) for s in field_reports.STATUSES}}


@router.post("/field-reports")
def flag_submit(
    request: Request, account: CurrentRep, session: SessionDep,
    kind: Annotated[str, Form(max_length=40)],
    module: Annotated[str, Form(max_length=64)] = "",
    module_id: Annotated[int | None, Form(ge=1)] = None,
    version: Annotated[int | None, Form(ge=1, le=1_000_000)] = None,
    message_id: Annotated[str, Form(max_length=64)] = "",
    note: Annotated[str, Form(max_length=20_000)] = "",
    source: Annotated[str, Form(max_length=16)] = "message",
) -> Response:
    """File a report from a phone; htmx gets the 'sent' fragment in place of the flag."""
    found = resolve_module(session, module, module_id)
    report = field_reports.create(
        session=session, user_id=account.id, team_id=account.team_id, module=found,
        version=version, message_id=message_id or None, kind=kind, note=note, source=source,
        now=utcnow())
    if is_htmx(request):
        return render(request, "field_reports/_sent.html", {"report": report})
    return redirect(request, f"/field-reports/mine#report-{report.id}",
                    notice="Thanks: your report went to marketing.")


def _report_rows(session: Session, reports: list[FieldReport]) -> dict[int, dict[str, Any]]:
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


@router.get("/field-reports")
def inbox_page(request: Request, account: CurrentReader, session: SessionDep,
               status: Annotated[str, Query(max_length=20)] = "open",
               module: Annotated[str, Query(max_length=64)] = "") -> Response:
    """Marketing's inbox (managers: their teams', read-only), grouped by message."""
    if status not in STATUS_FILTERS:
        status = "open"
    module_row = get_module(session=session, slug=module) if module else None
    scope = scope_of(account)
    reports = list(field_reports.list_for(
        session=session, scope=scope, statuses=STATUS_FILTERS[status],
        module_id=module_row.id if module_row else None))
    now = utcnow()
    groups = field_reports.group(session=session, reports=reports, now=now)
    everything = field_reports.list_for(session=session, scope=scope, limit=5000)
    totals = field_reports.group(session=session, reports=list(everything), now=now)
    return render(request, "field_reports/inbox.html", {
        "groups": groups, "rows": _report_rows(session, reports), "status": status,
        "module": module_row, "can_triage": account.policy.may_author,
        "new_count": sum(1 for r in everything if r.status == field_reports.NEW),
        "last_7": sum(g.last_7 for g in totals), "last_30": sum(g.last_30 for g in totals),
        "modules": sorted({g.module.slug: g.module for g in totals}.values(),
                          key=lambda m: m.title)})


@router.post("/field-reports/{report_id}/triage")
def triage_submit(
    request: Request, report_id: int, account: CurrentReader, session: SessionDep,
    status: Annotated[str, Form(max_length=20)],
    reply: Annotated[str, Form(max_length=20_000)] = "",
    addressed_version: Annotated[str, Form(max_length=12)] = "",
    expected_status: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Triage from the inbox; htmx gets the updated report in place."""
    number = int(addressed_version) if addressed_version.strip().isdigit() else None
    report = triage_and_notify(session=session, account=account, report_id=report_id,
                               status=status, reply=reply, addressed_version=number,
                               expected_status=expected_status or None)
    if is_htmx(request):
        # The report in place, plus the inbox's "new" count (out of band): it stayed at its
        # old number after a triage until the page was reloaded.
        new_count = sum(1 for r in field_reports.list_for(
            session=session, scope=scope_of(account), statuses=(field_reports.NEW,), limit=5000))
        return render(request, "field_reports/_report.html", {
            "r": report, "rows": _report_rows(session, [report]), "can_triage": True,
            "just_saved": True, "oob_new_count": new_count})
    return redirect(request, "/field-reports", notice="Saved; the reporter has been told.")


@router.get("/field-reports/mine")
def mine_page(request: Request, account: CurrentRep, session: SessionDep) -> Response:
    """The rep's own reports with marketing's answers."""
    reports = list(field_reports.list_for(
        session=session, scope=field_reports.Scope(user_id=account.id), limit=200))
    groups = {(g.module.id, g.version, g.message_id): g for g in field_reports.group(
        session=session, reports=reports, now=utcnow())}
    items = [{"r": r, "g": groups[(r.module_id, r.version, r.message_id)]} for r in reports]
    return render(request, "field_reports/mine.html", {"items": items})
