"""JSON API for field reports: reps file them, marketing triages, managers read their teams'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlmodel import Session

from accounts.inbox import Notice, notify
from app.clock import utcnow
from app.deps import CurrentRep, CurrentUser, SessionDep
from app.errors import API_ERRORS
from app.users import Account
from drills import field_reports
from drills.errors import InvalidInput
from drills.field_report_models import FieldReport
from drills.models import Module
from drills.modules import get_module

router = APIRouter(prefix="/api/v1/field-reports", tags=["field reports"], responses=API_ERRORS)


def scope_of(account: Account) -> field_reports.Scope:
    """Marketing and admins read every report; managers their teams'; everyone their own."""
    if account.policy.may_author:
        return field_reports.Scope(user_id=account.id, team_ids=None)
    return field_reports.Scope(user_id=account.id, team_ids=account.managed_team_ids)


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
                      expected_status: str | None) -> FieldReport:
    """Triage as marketing and tell the reporter when there is something to tell."""
    field_reports.require_triager(can_triage=account.policy.may_author)
    report = field_reports.get(session=session, scope=scope_of(account), report_id=report_id)
    now = utcnow()
    result = field_reports.triage(session=session, report=report, status=status, reply=reply,
                                  addressed_version=addressed_version, by=account.id,
                                  expected_status=expected_status, now=now)
    if result.notify:
        notify_reporter(session=session, report=result.report, now=now)
    return result.report


def resolve_module(session: Session, slug: str | None, module_id: int | None) -> Module:
    """The module a report names, by slug (API, pages) or id (drill feedback)."""
    if slug:
        return get_module(session=session, slug=slug.strip())
    if module_id is not None:
        module = session.get(Module, module_id)
        if module is not None:
            return module
    raise InvalidInput("Say which module this is about (module).")


class FieldReportIn(BaseModel):
    module: str = Field(min_length=1, max_length=64, description="The module's slug.")
    version: int | None = Field(default=None, ge=1, le=1_000_000,
                                description="Default: the version launched to your team.")
    message_id: str | None = Field(default=None, max_length=64,
                                   description="A message or objection id of that version.")
    kind: str = Field(description="landed, pushback, confused, outdated or missing_objection.")
    note: str = Field(default="", max_length=20_000,
                      description=f"Optional; at most {field_reports.MAX_NOTE} characters "
                      "(required for missing_objection: the objection heard).")
    source: str = Field(default="api", description="message, drill, pitch or api.")


class TriageIn(BaseModel):
    status: str = Field(description="acknowledged, planned, done or wont_change.")
    reply: str | None = Field(default=None, max_length=20_000)
    addressed_version: int | None = Field(default=None, ge=1, le=1_000_000)
    expected_status: str | None = Field(
        default=None, description="The status you saw; a different current status is a 409.")


class FieldReportOut(BaseModel):
    id: int
    user_id: int
    team_id: int | None
    module: str
    version: int
    message_id: str | None
    kind: str
    note: str
    source: str
    status: str
    reply: str | None
    replied_at: datetime | None
    addressed_version: int | None
    created_at: datetime
    updated_at: datetime


def report_out(report: FieldReport, slugs: dict[int, str]) -> FieldReportOut:
    assert report.id is not None
    data: dict[str, Any] = report.model_dump(exclude={"module_id", "replied_by_id"})
    return FieldReportOut(**data, module=slugs[report.module_id])


def _slugs(session: Session, reports: list[FieldReport]) -> dict[int, str]:
    out: dict[int, str] = {}
    for module_id in {r.module_id for r in reports}:
        module = session.get(Module, module_id)
        assert module is not None
        out[module_id] = module.slug
    return out


@router.post("", response_model=FieldReportOut, status_code=201,
             summary="Report how a message went in the field (reps)")
def create_report(body: FieldReportIn, account: CurrentRep,
                  session: SessionDep) -> FieldReportOut:
    """File a report on a message of a version launched to your team."""
    module = get_module(session=session, slug=body.module)
    report = field_reports.create(
        session=session, user_id=account.id, team_id=account.team_id, module=module,
        version=body.version, message_id=body.message_id, kind=body.kind, note=body.note,
        source=body.source, now=utcnow())
    return report_out(report, {module.id or 0: module.slug})


@router.get("", response_model=list[FieldReportOut], summary="Field reports you may read")
def list_reports(account: CurrentUser, session: SessionDep,
                 status: list[str] | None = Query(default=None),
                 module: str | None = Query(default=None, max_length=64)) -> list[FieldReportOut]:
    """Marketing and admins: all; managers: their teams' and their own; reps: their own."""
    module_id = get_module(session=session, slug=module).id if module else None
    reports = list(field_reports.list_for(session=session, scope=scope_of(account),
                                          module_id=module_id, statuses=status))
    slugs = _slugs(session, reports)
    return [report_out(r, slugs) for r in reports]


@router.post("/{report_id}/triage", response_model=FieldReportOut,
             summary="Triage a field report and answer the reporter (marketing)")
def triage_report(report_id: int, body: TriageIn, account: CurrentUser,
                  session: SessionDep) -> FieldReportOut:
    """Move a report forward; a reply or a closure reaches the reporter's inbox."""
    report = triage_and_notify(session=session, account=account, report_id=report_id,
                               status=body.status, reply=body.reply,
                               addressed_version=body.addressed_version,
                               expected_status=body.expected_status)
    return report_out(report, _slugs(session, [report]))
