"""The manager's review queue: listen, see the machine's judgement, score, approve or return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.certification import service
from app.clock import utcnow
from app.deps import CurrentManager, CurrentUser, SessionDep, SettingsDep
from app.web import fmt_time, redirect, render
from certification import service as certification_service
from certification import state as st
from certification.rules import RUBRIC_MAX, RUBRIC_MIN
from drills.errors import InvalidInput

router = APIRouter(include_in_schema=False)
COMMENT_MAX = 4000  # a pinned or decision comment, as the API takes it (review.html says it too)


@router.get("/reviews")
def review_queue(request: Request, account: CurrentManager, session: SessionDep) -> Response:
    """Submissions waiting for sign-off, oldest first; then the latest decisions."""
    return render(request, "reviews/queue.html", {
        **service.review_queue(session, account), "now": utcnow()})


@router.get("/reviews/{review_id}")
def review_page(request: Request, review_id: int, account: CurrentUser,
                session: SessionDep) -> Response:
    """Play the recording with the transcript, judge each message, score, decide."""
    details = service.review_details(session, account, review_id, utcnow())
    return render(request, "reviews/review.html", {
        **details, "RUBRIC_RANGE": range(RUBRIC_MIN, RUBRIC_MAX + 1), "LABELS": st.LABELS,
        "fmt_time": fmt_time})


@router.post("/reviews/{review_id}/comments")
def add_comment(request: Request, review_id: int, account: CurrentManager, session: SessionDep,
                body: Annotated[str, Form(max_length=COMMENT_MAX)],
                at_s: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Pin a comment to the current moment of the recording (htmx adds it to the list)."""
    try:
        at = float(at_s) if at_s.strip() else None
    except ValueError:
        raise InvalidInput("The time must be a number of seconds.") from None
    comment = certification_service.add_comment(session=session, review_id=review_id,
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
    comment = str(form.get("comment", ""))
    if len(comment) > COMMENT_MAX:  # refused whole: a cut comment would lose its end unseen
        raise InvalidInput(f"The comment is {len(comment):,} characters long; keep it to "
                           f"{COMMENT_MAX:,} and send it again.")
    review = certification_service.decide(
        session=session, review_id=review_id, reviewer=account.policy, decision=decision,
        rubric=rubric, overrides=overrides, comment=comment,
        now=utcnow(), base_url=settings.base_url)
    who = service.decided_name(session, review)
    note = (f"Approved: {who} is certified." if decision == certification_service.APPROVED
            else f"Returned to {who} with your comments.")
    return redirect(request, "/reviews", notice=note)
