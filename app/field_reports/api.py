"""JSON API for field reports: reps file them, marketing triages, managers read their teams'."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.clock import utcnow
from app.deps import CurrentRep, CurrentUser, SessionDep
from app.errors import API_ERRORS
from app.field_reports import service
from drills import field_reports
from drills.field_report_models import FieldReport
from drills.modules import get_module

router = APIRouter(prefix="/api/v1/field-reports", tags=["field reports"], responses=API_ERRORS)


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


@router.post("", response_model=FieldReportOut, status_code=201,
             summary="Report how a message went in the field (reps)")
def create_report(body: FieldReportIn, account: CurrentRep,
                  session: SessionDep) -> FieldReportOut:
    """File a report on a message of a version launched to your team."""
    module = get_module(session=session, slug=body.module)
    report = service.file_report(session=session, account=account, module=module,
                                 version=body.version, message_id=body.message_id,
                                 kind=body.kind, note=body.note, source=body.source,
                                 now=utcnow())
    return report_out(report, {module.id or 0: module.slug})


@router.get("", response_model=list[FieldReportOut], summary="Field reports you may read")
def list_reports(account: CurrentUser, session: SessionDep,
                 status: list[str] | None = Query(default=None),
                 module: str | None = Query(default=None, max_length=64)) -> list[FieldReportOut]:
    """Marketing and admins: all; managers: their teams' and their own; reps: their own."""
    reports = service.readable_reports(session=session, account=account, statuses=status,
                                       module_slug=module)
    slugs = service.module_slugs(session, reports)
    return [report_out(r, slugs) for r in reports]


@router.post("/{report_id}/triage", response_model=FieldReportOut,
             summary="Triage a field report and answer the reporter (marketing)")
def triage_report(report_id: int, body: TriageIn, account: CurrentUser,
                  session: SessionDep) -> FieldReportOut:
    """Move a report forward; a reply or a closure reaches the reporter's inbox."""
    report = service.triage_and_notify(session=session, account=account, report_id=report_id,
                                       status=body.status, reply=body.reply,
                                       addressed_version=body.addressed_version,
                                       expected_status=body.expected_status, now=utcnow())
    return report_out(report, service.module_slugs(session, [report]))
