"""JSON API for certification: state and progress per rep and module, reviews and decisions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.certification.service import submit_for_review, team_scope
from app.clock import utcnow
from app.deps import CurrentAdmin, CurrentManager, CurrentUser, SessionDep, SettingsDep
from app.errors import API_ERRORS
from app.models import Role
from certification import credentials, reporting, service
from certification import state as st
from certification.models import Certification, Review
from certification.rules import READINESS_DEFINITION, criteria_shown
from drills.errors import NotPermitted

router = APIRouter(prefix="/api/v1", tags=["certification"], responses=API_ERRORS)


class CertificationOut(BaseModel):
    id: int
    user_id: int
    team_id: int | None
    module_id: int
    version: int
    state: str
    state_label: str
    due_at: datetime | None
    overdue: bool
    certified_at: datetime | None
    certified_version: int | None
    valid_until: datetime | None
    renewal_messages: list[str] | None
    drill_readiness: int = Field(description=(
        "Drill readiness, percent: " + READINESS_DEFINITION + " (the figure every page and "
        "the CSV show under this name)"))
    drill_percent: int = Field(description="The same figure as drill_readiness (kept for "
                               "existing clients)")
    pitches_met: int
    pitches_required: int
    best_score: int | None
    progress: str
    credential_id: str | None = Field(
        default=None, description="The active Open Badges credential (its jti), once certified")
    verification_url: str | None = Field(
        default=None, description="Where anyone can verify that credential")


def certs_out(session: Session, certs: Sequence[Certification], now: datetime,
              base_url: str) -> list[CertificationOut]:
    """Certifications as the API shows them, each naming its active credential."""
    issued = credentials.active_ids(session=session,
                                    certification_ids=[c.id or 0 for c in certs])
    return [_cert_out(c, now, issued.get(c.id or 0), base_url) for c in certs]


def _cert_out(cert: Certification, now: datetime, jti: str | None,
              base_url: str) -> CertificationOut:
    due = service.as_utc(cert.due_at) if cert.due_at else None
    return CertificationOut(
        id=cert.id or 0, user_id=cert.user_id, team_id=cert.team_id, module_id=cert.module_id,
        version=cert.version, state=cert.state, state_label=st.LABELS[cert.state], due_at=due,
        overdue=st.is_overdue(cert.state, due, now), certified_at=cert.certified_at,
        certified_version=cert.certified_version, valid_until=cert.valid_until,
        renewal_messages=cert.renewal_messages, drill_readiness=cert.drill_percent,
        drill_percent=cert.drill_percent,
        pitches_met=cert.pitches_met, pitches_required=cert.pitches_required,
        best_score=cert.best_score, progress=cert.summary, credential_id=jti,
        verification_url=credentials.verification_url(base_url=base_url, jti=jti)
        if jti else None)


@router.get("/certifications", response_model=list[CertificationOut],
            summary="State, progress and due date per rep and module")
def list_certifications(account: CurrentUser, session: SessionDep, settings: SettingsDep,
                        team: int | None = None) -> list[CertificationOut]:
    """Your own (a rep), or a team's (its managers and admins) with `team=ID`."""
    now = utcnow()
    if team is None:
        if not account.has(Role.REP):
            raise NotPermitted("Pass team=ID to list a team's certifications.")
        certs = service.for_users(session=session, user_ids=[account.id])
        return certs_out(session, certs, now, settings.base_url)
    if not account.has(Role.MANAGER, Role.ADMIN):
        raise NotPermitted("Only the team's managers and admins can list its certifications.")
    teams = team_scope(session, account, team)
    certs = service.for_teams(session=session, team_ids=[t.id or 0 for t in teams])
    return certs_out(session, certs, now, settings.base_url)


class OverviewTeamOut(BaseModel):
    id: int
    name: str


class OverviewModuleOut(BaseModel):
    id: int
    slug: str
    title: str


class OverviewCellOut(BaseModel):
    team_id: int
    module_id: int
    assigned: int = Field(description="Reps of the team with a certification on the module")
    certified: int = Field(description="Certified, or needs update (valid until its deadline)")
    in_progress: int = Field(description="In progress, awaiting review or returned")
    not_started: int
    lapsed: int
    overdue: int = Field(description="Past the due date and not certified, or lapsed "
                         "(counted in the states above too)")
    percent_certified: int


class OverviewTotalsOut(BaseModel):
    assigned: int
    certified: int
    in_progress: int
    overdue: int
    percent_certified: int


class OverviewOut(BaseModel):
    teams: list[OverviewTeamOut]
    modules: list[OverviewModuleOut]
    cells: list[OverviewCellOut] = Field(description="One per launched team x module "
                                         "(teams and modules in display order)")
    totals: OverviewTotalsOut = Field(description="The sums of the cells")


def overview_out(grid: reporting.Overview) -> OverviewOut:
    t = grid.totals
    return OverviewOut(
        teams=[OverviewTeamOut(id=tid, name=name) for tid, name in grid.teams],
        modules=[OverviewModuleOut(id=m.id or 0, slug=m.slug, title=m.title)
                 for m in grid.modules],
        cells=[OverviewCellOut(team_id=c.team_id, module_id=c.module_id, assigned=c.assigned,
                               certified=c.certified, in_progress=c.in_progress,
                               not_started=c.not_started, lapsed=c.lapsed, overdue=c.overdue,
                               percent_certified=c.percent)
               for tid, _ in grid.teams for c in grid.row(tid) if c is not None],
        totals=OverviewTotalsOut(assigned=t.assigned, certified=t.certified,
                                 in_progress=t.in_progress, overdue=t.overdue,
                                 percent_certified=t.percent))


@router.get("/certifications/overview", response_model=OverviewOut,
            summary="Every launched team x module: assigned, certified, in progress, overdue")
def certification_overview(_admin: CurrentAdmin, session: SessionDep) -> OverviewOut:
    """The admin overview as JSON (the page at /certification/overview draws the same
    grid)."""
    return overview_out(reporting.overview_grid(session=session, now=utcnow()))


@router.get("/certifications/{cert_id}", summary="One certification with its history")
def get_certification(cert_id: int, account: CurrentUser, session: SessionDep,
                      settings: SettingsDep) -> dict[str, Any]:
    now = utcnow()
    cert = service.get(session=session, cert_id=cert_id, reader=account.policy)
    (p,) = service.progress(session=session, certs=[cert], now=now)
    (out,) = certs_out(session, [cert], now, settings.base_url)
    return {**out.model_dump(mode="json"),
            "requirements": [{"key": r.key, "met": r.met, "text": r.text}
                             for r in p.evaluation.requirements],
            "history": [{"from": e.from_state, "to": e.to_state, "at": e.at, "by": e.by_id,
                         "reason": e.reason}
                        for e in service.history(session=session, cert_id=cert_id)]}


class SubmitIn(BaseModel):
    attempt_id: int = Field(ge=1)


class CriterionOut(BaseModel):
    id: str
    label: str


class ReviewOut(BaseModel):
    id: int
    certification_id: int
    attempt_id: int
    user_id: int
    team_id: int | None
    module_id: int
    status: str
    submitted_at: datetime
    decided_at: datetime | None
    reviewer_id: int | None
    rubric: dict[str, int] | None
    machine: dict[str, bool]
    overrides: dict[str, bool] | None
    comment: str | None
    criteria: list[CriterionOut] = Field(
        description="The rubric criteria (the keys of `rubric`, each scored from 1 to 5): "
        "while pending, those of the module version the decision is judged by; once "
        "decided, the ones that were scored (as the review page shows them).")


def reviews_out(session: Session, reviews: Sequence[Review]) -> list[ReviewOut]:
    rules = service.review_rules(session=session, reviews=reviews, now=utcnow())
    out = []
    for r in reviews:
        shown = criteria_shown(rules[r.id or 0], r.rubric, decided=r.status != service.PENDING)
        out.append(ReviewOut.model_validate({
            **{k: getattr(r, k) for k in ReviewOut.model_fields if k != "criteria"},
            "criteria": [{"id": c.id, "label": c.label} for c in shown]}))
    return out


@router.post("/certifications/{cert_id}/submit", response_model=ReviewOut, status_code=201,
             summary="Submit a scored pitch for sign-off (the rep)")
def submit(cert_id: int, body: SubmitIn, account: CurrentUser, session: SessionDep,
           settings: SettingsDep) -> ReviewOut:
    review = submit_for_review(session, account, cert_id=cert_id, attempt_id=body.attempt_id,
                               now=utcnow(), base_url=settings.base_url)
    return reviews_out(session, [review])[0]


@router.get("/reviews", response_model=list[ReviewOut],
            summary="Submissions waiting for your sign-off, oldest first")
def list_reviews(account: CurrentManager, session: SessionDep,
                 status: Literal["pending", "approved", "returned", "withdrawn"] = "pending",
                 team: int | None = None) -> list[ReviewOut]:
    if team is not None:
        team_scope(session, account, team)  # another team's: 403, as for its certifications
    reviews = service.list_reviews(session=session, reader=account.policy, status=status,
                                   team_id=team)
    return reviews_out(session, reviews)


class DecisionIn(BaseModel):
    decision: Literal["approved", "returned"]
    rubric: dict[str, int] = Field(
        default_factory=dict, description="Criterion id -> score from 1 to 5, for the "
        "review's `criteria` (every one of them to approve; unknown ids are refused).")
    overrides: dict[str, bool] = Field(default_factory=dict,
                                       description="Message id -> covered, where you "
                                       "disagree with the machine.")
    comment: str | None = Field(default=None, max_length=4000)


@router.post("/reviews/{review_id}", response_model=ReviewOut,
             summary="Approve or return a submission")
def decide(review_id: int, body: DecisionIn, account: CurrentManager, session: SessionDep,
           settings: SettingsDep) -> ReviewOut:
    review = service.decide(
        session=session, review_id=review_id, reviewer=account.policy,
        decision=body.decision, rubric=body.rubric, overrides=body.overrides,
        comment=body.comment, now=utcnow(), base_url=settings.base_url)
    return reviews_out(session, [review])[0]
