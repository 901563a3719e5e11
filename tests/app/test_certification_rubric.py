"""A module's own rubric criteria through HTTP: the review form, the form's decision, the
API's criteria and decision, and refusals (missing or unknown criterion) that change nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.clock import utcnow
from app.models import Role
from certification import service
from certification import state as st
from certification.models import Review
from tests.app.helpers import CSRF, bearer, cookie_sign_in, snapshot
from tests.certification.helpers import cert_of, launched, master, scored
from tests.factories import make_user

RUBRIC = ["Discovery questions", "{id: next-step, label: \"Next step <agreed>\"}"]


def pending(session: Session) -> dict[str, Any]:
    """A rep's pitch on a module with its own criteria, submitted; their manager."""
    now = utcnow()
    rep, team, module = launched(session, now=now, rubric=RUBRIC)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 92, now)
    proof = scored(session, rep, module, 1, "proof", 86, now, missed=("tested",))
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                            now=now, base_url="http://testserver")
    manager = make_user(session, Role.MANAGER, manages=(team,))
    session.commit()
    return {"rep": rep, "module": module, "review": review, "manager": manager}


def test_the_review_form_scores_the_modules_criteria(client: TestClient,
                                                     session: Session) -> None:
    w = pending(session)
    review = w["review"]
    cookie_sign_in(client, session, w["manager"])
    page = client.get(f"/reviews/{review.id}")
    assert page.status_code == 200
    assert "<legend>Discovery questions</legend>" in page.text
    assert "<legend>Next step &lt;agreed&gt;</legend>" in page.text  # labels are escaped
    assert 'name="rubric_discovery_questions"' in page.text
    assert 'name="rubric_next-step"' in page.text
    assert "Message accuracy" not in page.text  # the defaults do not apply here

    before = snapshot(session)
    short = client.post(f"/reviews/{review.id}/decision",
                        data={"rubric_discovery_questions": "4", "decision": "approved"},
                        headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert short.status_code == 422
    assert "missing: next-step (Next step &lt;agreed&gt;)" in short.text
    assert snapshot(session) == before

    done = client.post(f"/reviews/{review.id}/decision",
                       data={"rubric_discovery_questions": "4", "rubric_next-step": "5",
                             "decision": "approved"},
                       headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert done.status_code == 303, done.text
    session.expire_all()
    assert session.get(Review, review.id).rubric == {"discovery_questions": 4, "next-step": 5}
    assert cert_of(session, w["rep"], w["module"]).state == st.CERTIFIED
    decided = client.get(f"/reviews/{review.id}")
    assert 'name="rubric_next-step" value="5" checked' in decided.text


def test_the_api_lists_the_criteria_and_refuses_missing_or_unknown(client: TestClient,
                                                                  session: Session) -> None:
    w = pending(session)
    review = w["review"]
    auth = bearer(session, w["manager"])
    (listed,) = client.get("/api/v1/reviews", headers=auth).json()
    assert listed["criteria"] == [
        {"id": "discovery_questions", "label": "Discovery questions"},
        {"id": "next-step", "label": "Next step <agreed>"}]

    before = snapshot(session)
    unknown = client.post(f"/api/v1/reviews/{review.id}", headers=auth, json={
        "decision": "approved",
        "rubric": {"discovery_questions": 4, "next-step": 4, "clarity": 5}})
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == (
        "Unknown rubric criterion 'clarity'; this module scores discovery_questions "
        "(Discovery questions), next-step (Next step <agreed>).")
    missing = client.post(f"/api/v1/reviews/{review.id}", headers=auth, json={
        "decision": "approved", "rubric": {"discovery_questions": 4}})
    assert missing.status_code == 422
    assert "missing: next-step" in missing.json()["detail"]
    out_of_range = client.post(f"/api/v1/reviews/{review.id}", headers=auth, json={
        "decision": "approved", "rubric": {"discovery_questions": 4, "next-step": 6}})
    assert out_of_range.status_code == 422
    assert snapshot(session) == before

    ok = client.post(f"/api/v1/reviews/{review.id}", headers=auth, json={
        "decision": "approved", "rubric": {"discovery_questions": 3, "next-step": 4},
        "overrides": {"tested": True}})
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["status"] == "approved" and body["rubric"] == {"discovery_questions": 3,
                                                                 "next-step": 4}
    assert body["criteria"] == listed["criteria"]
    session.expire_all()
    stored = session.exec(select(Review).where(Review.id == review.id)).one()
    assert (stored.judgements, stored.overridden) == (1, 1)
