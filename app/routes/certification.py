"""Certification pages: a rep's certifications, one certification, team heatmap, overview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session, col, select

from app.clock import utcnow
from app.deps import (
    CurrentAdmin,
    CurrentManager,
    CurrentUser,
    SessionDep,
    SettingsDep,
    StreamSessions,
)
from app.models import Role, Team
from app.users import Account, get_team, list_teams
from app.web import fmt_time, redirect, render
from certification import credentials, reporting, service
from certification import state as st
from certification.models import Certification, Credential, Review
from drills.errors import NotPermitted
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of

router = APIRouter(include_in_schema=False)


def team_scope(session: Session, account: Account, team: int | None) -> list[Team]:
    """Teams this person may report on: the one asked for (checked), else all of theirs."""
    if account.has(Role.ADMIN):
        if team is not None:
            return [get_team(session=session, team_id=team)]
        return list(list_teams(session=session))
    if team is not None:
        if team not in account.managed_team_ids:
            raise NotPermitted("You can only see the teams you manage.")
        return [get_team(session=session, team_id=team)]
    return [get_team(session=session, team_id=t) for t in sorted(account.managed_team_ids)]


def state_view(cert: Certification) -> dict[str, Any]:
    return {"state": cert.state, "label": st.LABELS[cert.state]}


# --- the rep -------------------------------------------------------------------------------


def rep_cards(session: Session, account: Account) -> list[dict[str, Any]]:
    """Each assigned module's certification, what is left, and what the rep can do next
    (reads only: the rows are as the last event left them)."""
    now = utcnow()
    items = service.progress_for_users(session=session, user_ids=[account.id], now=now)
    modules = {m.id: m for m in session.exec(select(Module).where(
        col(Module.id).in_([p.cert.module_id for p in items])))} if items else {}
    pending = {r.certification_id: r for r in session.exec(select(Review).where(
        Review.user_id == account.id, Review.status == service.PENDING))}
    creds = {c.certification_id: c for c in session.exec(select(Credential).where(
        Credential.user_id == account.id, Credential.status == credentials.ACTIVE))}
    out = []
    for p in items:
        cert = p.cert
        can_submit = (p.rule.manager_signoff and p.evaluation.practice_met
                      and st.may_submit(cert.state))
        out.append({"cert": cert, "module": modules.get(cert.module_id), "p": p,
                    "label": st.LABELS[cert.state],
                    "overdue": st.is_overdue(cert.state, cert.due_at and service.as_utc(
                        cert.due_at), now),
                    "attempt": next(iter(service.submittable_takes(
                        session=session, progress=p, limit=1)), None) if can_submit else None,
                    "pending": pending.get(cert.id or 0), "credential": creds.get(cert.id or 0)})
    return out


@router.get("/certification")
def my_certifications(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    """A rep's certifications; managers and admins go to the team view."""
    if not account.has(Role.REP):
        if account.has(Role.MANAGER, Role.ADMIN):
            return redirect(request, "/certification/team")
        raise NotPermitted("Certification is for reps, their managers and admins.")
    return render(request, "certification/mine.html",
                  {"items": rep_cards(session, account)})


@router.get("/certification/team")
def team_view(request: Request, account: CurrentManager, session: SessionDep,
              team: int | None = None) -> Response:
    """Heatmap reps x modules per team, with overdue and at-risk reps."""
    now = utcnow()
    teams = team_scope(session, account, team)
    if team is None and account.has(Role.ADMIN) and teams:
        teams = teams[:1]  # admins pick a team; the overview covers all of them
    chosen = teams[0] if teams else None
    maps = []
    if chosen is not None:
        # The rows as events left them: a look at the team changes nothing.
        certs = service.for_teams(session=session, team_ids=[chosen.id or 0])
        maps.append({"team": chosen, "map": reporting.heatmap(session=session, certs=certs,
                                                              now=now)})
    choices = (list(list_teams(session=session)) if account.has(Role.ADMIN)
               else team_scope(session, account, None))
    return render(request, "certification/team.html", {
        "maps": maps, "choices": choices, "chosen": chosen, "LABELS": st.LABELS, "now": now,
        "pending": service.pending_count(session=session, reader=account.policy)})


@router.get("/certification/team.csv")
def team_csv(account: CurrentManager, session: SessionDep, open_session: StreamSessions,
             team: int | None = None) -> Response:
    """The team's certifications as CSV (admins without a team: everyone), streamed."""
    now = utcnow()
    team_ids: list[int] | None = None
    if team is None and account.has(Role.ADMIN):
        name = "all-teams"
    else:
        teams = team_scope(session, account, team)  # who may see what: decided here
        team_ids = [t.id or 0 for t in teams]
        name = f"team-{teams[0].id}" if len(teams) == 1 else "my-teams"

    def chunks() -> Iterator[str]:
        # The rows stream from the database as the download goes, on a read session of
        # their own (the request's is closed once the response starts).
        with open_session() as reading:
            yield from reporting.csv_export(session=reading, now=now, team_ids=team_ids)

    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="certification-{name}-{now:%Y%m%d}.csv"'})


@router.get("/certification/overview")
def overview(request: Request, account: CurrentAdmin, session: SessionDep) -> Response:
    """Every launched team x module: share certified, overdue, agreement, share over time.
    Drawn from the same grid as GET /api/v1/certifications/overview."""
    now = utcnow()
    grid = reporting.overview_grid(session=session, now=now)
    agree = reporting.agreement(session=session)
    shares = reporting.shares_over_time(session=session, now=now)
    charts = [{"module": m, "svg": reporting.svg_chart(
        shares.get(m.id or 0, []), label=f"Share certified on {m.title}, last 12 weeks")}
        for m in grid.modules]
    # Laid out here (one cell or None per module, in the header's order) so the 2,000-cell
    # table renders without lookups in the template.
    rows = [(tid, name, grid.row(tid)) for tid, name in grid.teams]
    return render(request, "certification/overview.html", {
        "modules": grid.modules, "rows": rows, "agree": agree, "charts": charts,
        "totals": grid.totals})


@router.get("/certification/{cert_id}")
def certification_page(request: Request, cert_id: int, account: CurrentUser,
                       session: SessionDep) -> Response:
    """One certification: requirements, history, reviews and credentials."""
    now = utcnow()
    cert = service.get(session=session, cert_id=cert_id, reader=account.policy)
    (p,) = service.progress(session=session, certs=[cert], now=now)
    module = session.get(Module, cert.module_id)
    person = service.people(session=session, user_ids=[cert.user_id])[cert.user_id]
    events = service.history(session=session, cert_id=cert_id)
    actors = service.people(session=session, user_ids=[e.by_id for e in events if e.by_id])
    reviews = session.exec(select(Review).where(Review.certification_id == cert_id)
                           .order_by(col(Review.submitted_at).desc())).all()
    creds = session.exec(select(Credential).where(Credential.certification_id == cert_id)
                         .order_by(col(Credential.issued_at).desc())).all()
    version = session.get(ModuleVersion, cert.module_version_id)
    assert version is not None
    pb = playbook_of(version)
    focus_text = [m.statement for m in pb.messages if p.focus and m.id in p.focus]
    own = cert.user_id == account.id
    return render(request, "certification/detail.html", {
        "cert": cert, "p": p, "module": module, "person": person, "events": events,
        "actors": actors, "reviews": reviews, "creds": creds, "own": own,
        "LABELS": st.LABELS, "focus_text": focus_text, "pb": pb,
        "takes": service.submittable_takes(session=session, progress=p) if own else [],
        "pitch_prompts": {x.id: x.prompt for x in pb.pitches}, "fmt_time": fmt_time,
        "may_submit": st.may_submit})


@router.post("/certification/{cert_id}/submit")
def submit_for_review(request: Request, cert_id: int, account: CurrentUser,
                      session: SessionDep, settings: SettingsDep,
                      attempt_id: Annotated[int, Form(ge=1)]) -> Response:
    """The rep submits a scored pitch for the manager's sign-off."""
    service.get(session=session, cert_id=cert_id, reader=account.policy)  # 404 if unseen
    service.submit(session=session, user_id=account.id, attempt_id=attempt_id, cert_id=cert_id,
                   now=utcnow(), base_url=settings.base_url)
    return redirect(request, f"/certification/{cert_id}",
                    notice="Submitted. Your manager will review your pitch.")


@router.post("/reviews/{review_id}/withdraw")
def withdraw(request: Request, review_id: int, account: CurrentUser,
             session: SessionDep) -> Response:
    """The rep takes back a submission that is still waiting."""
    review = service.get_review(session=session, review_id=review_id,
                                reader=account.policy)
    if review.user_id != account.id:
        raise NotPermitted("Only the rep who submitted it can withdraw a submission.")
    service.withdraw(session=session, review_id=review_id, user_id=account.id, now=utcnow())
    return redirect(request, f"/certification/{review.certification_id}",
                    notice="Submission withdrawn.")
