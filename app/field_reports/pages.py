"""Field report pages: the rep's two-tap flag, "My field reports", and marketing's inbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from app.clock import utcnow
from app.deps import CurrentRep, SessionDep, require_roles
from app.field_reports import service
from app.models import Role
from app.users import Account
from app.web import is_htmx, redirect, render, templates
from drills import field_reports

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
    found = service.resolve_module(session, module, module_id)
    report = service.file_report(session=session, account=account, module=found,
                                 version=version, message_id=message_id or None, kind=kind,
                                 note=note, source=source, now=utcnow())
    if is_htmx(request):
        return render(request, "field_reports/_sent.html", {"report": report})
    return redirect(request, f"/field-reports/mine#report-{report.id}",
                    notice="Thanks: your report went to marketing.")


@router.get("/field-reports")
def inbox_page(request: Request, account: CurrentReader, session: SessionDep,
               status: Annotated[str, Query(max_length=20)] = "open",
               module: Annotated[str, Query(max_length=64)] = "") -> Response:
    """Marketing's inbox (managers: their teams', read-only), grouped by message."""
    if status not in STATUS_FILTERS:
        status = "open"
    data = service.inbox(session=session, account=account, statuses=STATUS_FILTERS[status],
                         module_slug=module, now=utcnow())
    return render(request, "field_reports/inbox.html", {
        **data, "status": status, "can_triage": account.policy.may_author})


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
    report = service.triage_and_notify(session=session, account=account, report_id=report_id,
                                       status=status, reply=reply, addressed_version=number,
                                       expected_status=expected_status or None, now=utcnow())
    if is_htmx(request):
        # The report in place, plus the inbox's "new" count (out of band): it stayed at its
        # old number after a triage until the page was reloaded.
        new_count = len(service.new_reports(session=session, account=account))
        return render(request, "field_reports/_report.html", {
            "r": report, "rows": service.report_rows(session, [report]), "can_triage": True,
            "just_saved": True, "oob_new_count": new_count})
    return redirect(request, "/field-reports", notice="Saved; the reporter has been told.")


@router.get("/field-reports/mine")
def mine_page(request: Request, account: CurrentRep, session: SessionDep) -> Response:
    """The rep's own reports with marketing's answers."""
    return render(request, "field_reports/mine.html",
                  {"items": service.mine(session=session, account=account, now=utcnow())})
