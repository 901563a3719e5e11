"""The manager's review queue: listen, see the machine's judgement, score, approve or return."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.clock import utcnow
from app.deps import CurrentManager, CurrentUser, SessionDep, SettingsDep
from app.pitches.service import explained_result
from app.users import Account
from app.web import fmt_time, redirect, render
from certification import reporting, service
from certification import state as st
from certification.models import Certification, Review
from certification.rules import RUBRIC_MAX, RUBRIC_MIN, criteria_shown
from drills.attempt_models import PitchAttempt
from drills.errors import InvalidInput
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of

router = APIRouter(include_in_schema=False)


def queue_rows(session: Session, reviews: list[Review]) -> list[dict[str, Any]]:
    """Reviews with the rep, module and attempt they name."""
    folks = service.people(session=session, user_ids=[r.user_id for r in reviews])
    out = []
    for r in reviews:
        attempt = session.get(PitchAttempt, r.attempt_id)
        version = session.get(ModuleVersion, attempt.module_version_id) if attempt else None
        pitch = (playbook_of(version).pitch(attempt.pitch_id)
                 if version is not None and attempt is not None and attempt.pitch_id else None)
        out.append({"review": r, "person": folks.get(r.user_id),
                    "module": session.get(Module, r.module_id), "attempt": attempt,
                    "pitch": pitch})
    return out


@router.get("/reviews")
def review_queue(request: Request, account: CurrentManager, session: SessionDep) -> Response:
    """Submissions waiting for sign-off, oldest first; then the latest decisions."""
    reader = account.policy
    pending = service.list_reviews(session=session, reader=reader)
    decided = [r for status in service.DECISIONS
               for r in service.list_reviews(session=session, reader=reader, status=status,
                                             limit=10)]
    decided.sort(key=lambda r: r.decided_at or r.submitted_at, reverse=True)
    agree = reporting.agreement(session=session, module_ids={r.module_id for r in decided})
    modules = {m: session.get(Module, m) for m in agree}
    return render(request, "reviews/queue.html", {
        "pending": queue_rows(session, pending), "decided": queue_rows(session, decided[:10]),
        "agree": [(modules[m], a) for m, a in agree.items() if modules.get(m)],
        "now": utcnow()})


def review_context(session: Session, account: Account, review: Review) -> dict[str, Any]:
    attempt = session.get(PitchAttempt, review.attempt_id)
    cert = session.get(Certification, review.certification_id)
    assert attempt is not None and cert is not None
    version = session.get(ModuleVersion, attempt.module_version_id)
    rule = service.review_rules(session=session, reviews=[review], now=utcnow())[review.id or 0]
    view = explained_result(session, attempt)
    # The judgements the scorer is unsure of first: they are what the manager is for.
    view["messages"] = sorted(view["messages"], key=lambda m: not m.get("check"))
    manager = dict(review.machine)
    manager.update(review.overrides or {})
    person = service.people(session=session, user_ids=[review.user_id]).get(review.user_id)
    comments = service.comments_of(session=session, review_id=review.id or 0)
    authors = service.people(session=session, user_ids=[c.author_id for c in comments
                                                        if c.author_id])
    reader = account.policy
    rep_team = service.team_of(session=session, user_id=review.user_id)
    criteria = criteria_shown(rule, review.rubric, decided=review.status != service.PENDING)
    return {"review": review, "adjusted": service.adjusted(session=session, review=review),
            "penalty": view["r"].penalty, "earlier": earlier_rounds(session, review),
            "attempt": attempt, "cert": cert, "person": person,
            "module": session.get(Module, review.module_id), "version": version,
            "rule": rule, "criteria": criteria, "manager": manager, "comments": comments,
            "authors": authors,
            "can_decide": review.status == service.PENDING and reader.may_review(
                owner_id=review.user_id, team_id=rep_team),
            "can_comment": reader.may_review(owner_id=review.user_id, team_id=rep_team),
            "RUBRIC_RANGE": range(RUBRIC_MIN, RUBRIC_MAX + 1),
            "LABELS": st.LABELS, "fmt_time": fmt_time, **view}


def earlier_rounds(session: Session, review: Review) -> list[dict[str, Any]]:
    """The certification's earlier decided submissions with their comments and pins."""
    rounds = service.history_of_reviews(session=session, review=review)
    pins = {r.id: service.comments_of(session=session, review_id=r.id or 0) for r in rounds}
    names = service.people(session=session, user_ids={
        *(r.reviewer_id for r in rounds if r.reviewer_id),
        *(c.author_id for cs in pins.values() for c in cs if c.author_id)})
    return [{"review": r, "reviewer": names.get(r.reviewer_id or 0),
             "attempt": session.get(PitchAttempt, r.attempt_id), "pins": pins[r.id],
             "names": names} for r in rounds]


@router.get("/reviews/{review_id}")
def review_page(request: Request, review_id: int, account: CurrentUser,
                session: SessionDep) -> Response:
    """Play the recording with the transcript, judge each message, score, decide."""
    review = service.get_review(session=session, review_id=review_id, reader=account.policy)
    return render(request, "reviews/review.html", review_context(session, account, review))


@router.post("/reviews/{review_id}/comments")
def add_comment(request: Request, review_id: int, account: CurrentManager, session: SessionDep,
                body: Annotated[str, Form(max_length=4000)],
                at_s: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Pin a comment to the current moment of the recording (htmx adds it to the list)."""
    try:
        at = float(at_s) if at_s.strip() else None
    except ValueError:
        raise InvalidInput("The time must be a number of seconds.") from None
    comment = service.add_comment(session=session, review_id=review_id,
                                  reviewer=account.policy, at_s=at, body=body,
                                  now=utcnow())
    if request.headers.get("hx-request") == "true":
        return render(request, "reviews/_comment.html", {
            "c": comment, "author": account.user, "fmt_time": fmt_time})
    return redirect(request, f"/reviews/{review_id}")


@router.post("/reviews/{review_id}/decision")
async def decide(request: Request, review_id: int, account: CurrentManager, session: SessionDep,
                 settings: SettingsDep) -> Response:
    """Approve or return, with rubric scores, per-message overrides and a comment."""
    form = await request.form()
    rubric = {k.removeprefix("rubric_"): str(v) for k, v in form.items()
              if k.startswith("rubric_")}
    overrides: dict[str, bool] = {}
    for k, v in form.items():
        if k.startswith("judge_") and v in ("covered", "missed"):
            overrides[k.removeprefix("judge_")] = v == "covered"
    decision = str(form.get("decision", ""))
    review = service.decide(session=session, review_id=review_id, reviewer=account.policy,
                            decision=decision, rubric=rubric, overrides=overrides,
                            comment=str(form.get("comment", ""))[:4000], now=utcnow(),
                            base_url=settings.base_url)
    person = service.people(session=session, user_ids=[review.user_id]).get(review.user_id)
    who = person.name if person else "The rep"
    note = (f"Approved: {who} is certified." if decision == service.APPROVED
            else f"Returned to {who} with your comments.")
    return redirect(request, "/reviews", notice=note)
