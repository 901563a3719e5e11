"""Certification pages: a rep's certifications, one certification, team heatmap, overview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response, StreamingResponse

from app.certification import service
from app.clock import utcnow
from app.deps import (
    CurrentAdmin,
    CurrentManager,
    CurrentUser,
    SessionDep,
    SettingsDep,
    StreamSessions,
)
from app.models import Role
from app.web import fmt_time, redirect, render
from certification import reporting
from certification import state as st
from drills.errors import NotPermitted

router = APIRouter(include_in_schema=False)


@router.get("/certification")
def my_certifications(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    """A rep's certifications; managers and admins go to the team view."""
    if not account.has(Role.REP):
        if account.has(Role.MANAGER, Role.ADMIN):
            return redirect(request, "/certification/team")
        raise NotPermitted("Certification is for reps, their managers and admins.")
    return render(request, "certification/mine.html",
                  {"items": service.rep_cards(session, account, utcnow())})


@router.get("/certification/team")
def team_view(request: Request, account: CurrentManager, session: SessionDep,
              team: int | None = None) -> Response:
    """Heatmap reps x modules per team, with overdue and at-risk reps."""
    now = utcnow()
    return render(request, "certification/team.html", {
        **service.team_heatmap(session, account, team, now), "LABELS": st.LABELS, "now": now})


@router.get("/certification/team.csv")
def team_csv(account: CurrentManager, session: SessionDep, open_session: StreamSessions,
             team: int | None = None) -> Response:
    """The team's certifications as CSV (admins without a team: everyone), streamed."""
    now = utcnow()
    scope = service.csv_scope(session, account, team)

    def chunks() -> Iterator[str]:
        # The rows stream from the database as the download goes, on a read session of
        # their own (the request's is closed once the response starts).
        with open_session() as reading:
            yield from reporting.csv_export(session=reading, now=now, team_ids=scope.team_ids)

    filename = f"certification-{scope.name}-{now:%Y%m%d}.csv"
    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/certification/overview")
def overview(request: Request, account: CurrentAdmin, session: SessionDep,
             open_session: StreamSessions) -> Response:
    """Every launched team x module: share certified, overdue, agreement, share over time.
    Drawn from the same grid as GET /api/v1/certifications/overview."""
    return render(request, "certification/overview.html",
                  service.overview(session, utcnow(), open_session))


@router.get("/certification/{cert_id}")
def certification_page(request: Request, cert_id: int, account: CurrentUser,
                       session: SessionDep) -> Response:
    """One certification: requirements, history, reviews and credentials."""
    details = service.certification_details(session, account, cert_id, utcnow())
    return render(request, "certification/detail.html", {
        **details, "LABELS": st.LABELS, "fmt_time": fmt_time, "may_submit": st.may_submit})


@router.post("/certification/{cert_id}/submit")
def submit_for_review(request: Request, cert_id: int, account: CurrentUser,
                      session: SessionDep, settings: SettingsDep,
                      attempt_id: Annotated[int, Form(ge=1)]) -> Response:
    """The rep submits a scored pitch for the manager's sign-off."""
    service.submit_for_review(session, account, cert_id=cert_id, attempt_id=attempt_id,
                              now=utcnow(), base_url=settings.base_url)
    return redirect(request, f"/certification/{cert_id}",
                    notice="Submitted. Your manager will review your pitch.")


@router.post("/reviews/{review_id}/withdraw")
def withdraw(request: Request, review_id: int, account: CurrentUser,
             session: SessionDep) -> Response:
    """The rep takes back a submission that is still waiting."""
    review = service.withdraw_submission(session, account, review_id=review_id, now=utcnow())
    return redirect(request, f"/certification/{review.certification_id}",
                    notice="Submission withdrawn.")
