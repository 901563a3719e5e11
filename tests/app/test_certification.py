"""Certification through HTTP: the rep's page, submit, the manager's review, credentials,
team views, CSV, the API, and refusals that change nothing."""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.clock import utcnow
from app.models import Role
from certification import state as st
from certification.models import Credential, Review
from tests.app.helpers import CSRF, bearer, cookie_sign_in, snapshot
from tests.certification.helpers import cert_of, launched, master, scored
from tests.factories import make_team, make_user

RUBRIC = {"rubric_message_accuracy": "5", "rubric_clarity": "4", "rubric_confidence": "4",
          "rubric_objection_handling": "3"}


def ready(session: Session) -> dict[str, Any]:
    """A rep who met drills and pitches, their manager, and an outsider manager."""
    now = utcnow()
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 92, now)
    proof = scored(session, rep, module, 1, "proof", 86, now, missed=("tested",))
    manager = make_user(session, Role.MANAGER, manages=(team,), name="Maya Manager")
    outsider = make_user(session, Role.MANAGER, manages=(make_team(session),))
    session.commit()
    return {"rep": rep, "team": team, "module": module, "proof": proof, "manager": manager,
            "outsider": outsider}


def submit(client: TestClient, session: Session, w: dict[str, Any]) -> Review:
    cookie_sign_in(client, session, w["rep"])
    page = client.get("/certification")
    assert page.status_code == 200
    assert "manager sign-off needed" in page.text and "Send my best pitch (92)" in page.text
    cert = cert_of(session, w["rep"], w["module"])
    r = client.post(f"/certification/{cert.id}/submit",
                    data={"attempt_id": str(w["proof"].id), "csrf_token": CSRF},
                    headers={"X-CSRF-Token": CSRF},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return session.exec(select(Review).where(Review.user_id == w["rep"].id)).one()


def test_rep_submits_manager_reviews_and_credential_verifies(client: TestClient,
                                                             session: Session) -> None:
    w = ready(session)
    review = submit(client, session, w)
    cookie_sign_in(client, session, w["manager"])
    queue = client.get("/reviews")
    assert queue.status_code == 200 and w["rep"].name in queue.text
    page = client.get(f"/reviews/{review.id}")
    assert page.status_code == 200
    assert 'data-start="0.5"' in page.text and "Approve and certify" in page.text
    pin = client.post(f"/reviews/{review.id}/comments", data={"body": "Great open", "at_s": "1.2"},
                      headers={"X-CSRF-Token": CSRF, "HX-Request": "true"})
    assert pin.status_code == 200 and "Great open" in pin.text and "0:01" in pin.text
    done = client.post(f"/reviews/{review.id}/decision",
                       data={**RUBRIC, "judge_tested": "covered", "decision": "approved"},
                       headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert done.status_code == 303, done.text
    session.expire_all()
    assert cert_of(session, w["rep"], w["module"]).state == st.CERTIFIED
    assert session.get(Review, review.id).overrides == {"tested": True}

    again = client.post(f"/reviews/{review.id}/decision",
                        data={**RUBRIC, "decision": "approved"},
                        headers={"X-CSRF-Token": CSRF})
    assert again.status_code == 409

    cred = session.exec(select(Credential).where(Credential.user_id == w["rep"].id)).one()
    # The certification API names the credential it issued and where to verify it.
    cert = cert_of(session, w["rep"], w["module"])
    named = client.get(f"/api/v1/certifications/{cert.id}", headers=bearer(session, w["rep"]))
    assert named.json()["credential_id"] == cred.jti
    assert named.json()["verification_url"] == f"http://testserver/credentials/{cred.jti}"
    public = TestClient(client.app)
    page = public.get(f"/credentials/{cred.jti}")
    assert page.status_code == 200 and "Valid" in page.text and w["rep"].name in page.text
    assert public.get(f"/credentials/{cred.jti}/certificate").status_code == 200
    keys = public.get("/.well-known/jwks.json").json()
    assert keys["keys"][0]["kid"] == cred.kid and "d" not in keys["keys"][0]
    status = public.get(f"/api/v1/credentials/{cred.jti}/verification").json()
    assert status["status"] == "valid"
    assert public.post("/api/v1/credentials/verify", json={"token": cred.token}).json()[
        "status"] == "valid"
    head, body, sig = cred.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["vc"]["credentialSubject"]["identifier"][1]["identityHash"] = "Mallory"
    forged = ".".join([head, base64.urlsafe_b64encode(json.dumps(claims).encode())
                       .rstrip(b"=").decode(), sig])
    assert public.post("/api/v1/credentials/verify", json={"token": forged}).json()[
        "status"] == "invalid"
    assert public.get("/credentials/not-a-credential").status_code == 404
    assert public.get("/api/v1/credentials/nope/verification").status_code == 404

    cookie_sign_in(client, session, w["rep"])
    download = client.get(f"/credentials/{cred.jti}/download")
    assert download.status_code == 200 and download.text == cred.token
    mine = client.get("/certification")
    assert "Certificate" in mine.text


def test_refusals_change_nothing(client: TestClient, session: Session) -> None:
    w = ready(session)
    review = submit(client, session, w)
    outsider_headers = bearer(session, w["outsider"])
    before = snapshot(session)
    r = client.post(f"/api/v1/reviews/{review.id}", headers=outsider_headers,
                    json={"decision": "approved", "rubric": {"clarity": 5}})
    assert r.status_code == 404 and "detail" in r.json()
    other_rep = make_user(session, Role.REP, team=w["team"])
    session.commit()
    before = snapshot(session)
    cert = cert_of(session, w["rep"], w["module"])
    peer = bearer(session, other_rep)
    assert client.get(f"/api/v1/certifications/{cert.id}", headers=peer).status_code == 404
    assert client.get(f"/api/v1/certifications?team={w['team'].id}",
                      headers=peer).status_code == 403
    # Withdrawn, then a manager's decision on it is refused.
    cookie_sign_in(client, session, w["rep"])
    assert client.post(f"/reviews/{review.id}/withdraw", headers={"X-CSRF-Token": CSRF},
                       follow_redirects=False).status_code == 303
    mgr = bearer(session, w["manager"])
    before = snapshot(session)
    r = client.post(f"/api/v1/reviews/{review.id}", headers=mgr,
                    json={"decision": "approved", "rubric": {"message_accuracy": 5,
                          "clarity": 5, "confidence": 5, "objection_handling": 5}})
    assert r.status_code == 409, r.text
    bad = client.post(f"/api/v1/reviews/{review.id}", headers=mgr, json={"decision": "maybe"})
    assert bad.status_code == 422
    after = snapshot(session)
    assert {k: v for k, v in after.items() if k not in ("api_tokens",)} == {
        k: v for k, v in before.items() if k not in ("api_tokens",)}


def test_api_lists_team_and_decides(client: TestClient, session: Session) -> None:
    w = ready(session)
    review = submit(client, session, w)
    mgr = bearer(session, w["manager"])
    rows = client.get(f"/api/v1/certifications?team={w['team'].id}", headers=mgr).json()
    assert rows[0]["state"] == "awaiting_review" and rows[0]["due_at"]
    assert "manager sign-off pending" in rows[0]["progress"]
    queue = client.get("/api/v1/reviews", headers=mgr).json()
    assert [q["id"] for q in queue] == [review.id]
    assert [q["id"] for q in client.get(f"/api/v1/reviews?team={w['team'].id}",
                                        headers=mgr).json()] == [review.id]
    # Another team's queue is refused, as its certifications are (it read as empty).
    other = make_team(session, "Somebody Else's Team")
    session.commit()
    for path in (f"/api/v1/reviews?team={other.id}", f"/api/v1/certifications?team={other.id}"):
        refused = client.get(path, headers=mgr)
        assert refused.status_code == 403 and "teams you manage" in refused.json()["detail"]
    assert queue[0]["machine"] == {"tested": False}
    r = client.post(f"/api/v1/reviews/{review.id}", headers=mgr,
                    json={"decision": "returned", "comment": "Name the nightly test."})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    detail = client.get(f"/api/v1/certifications/{rows[0]['id']}", headers=mgr).json()
    assert detail["state"] == "returned"
    assert [h["to"] for h in detail["history"]][-2:] == ["awaiting_review", "returned"]
    mine = client.get("/api/v1/certifications", headers=bearer(session, w["rep"])).json()
    assert mine[0]["state"] == "returned"


def test_team_views_csv_and_overview(client: TestClient, session: Session) -> None:
    w = ready(session)
    cookie_sign_in(client, session, w["manager"])
    page = client.get("/certification/team")
    assert page.status_code == 200 and w["rep"].name in page.text and "heatmap" in page.text
    csv_text = client.get(f"/certification/team.csv?team={w['team'].id}").text
    assert csv_text.splitlines()[0].startswith("rep,email,team_id,module")
    assert w["rep"].email in csv_text
    assert client.get(f"/certification/team?team={make_team(session).id}").status_code == 403
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    over = client.get("/certification/overview")
    assert over.status_code == 200 and "<svg class=\"chart" in over.text and "Harbor" in over.text
    assert "rep,email" in client.get("/certification/team.csv").text


def test_launch_from_the_modules_api_assigns_and_renews(client: TestClient,
                                                        session: Session) -> None:
    from tests.certification.helpers import playbook

    marketing = make_user(session, Role.MARKETING)
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    session.commit()
    auth = bearer(session, marketing)
    r = client.post("/api/v1/modules/import", headers=auth,
                    files={"file": ("p.yaml", playbook(1).encode(), "application/yaml")})
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/modules/harbor-cert/launches", headers=auth,
                    json={"team_ids": [team.id], "version": 1})
    assert r.status_code == 201, r.text
    rows = client.get("/api/v1/certifications", headers=bearer(session, rep)).json()
    assert [c["state"] for c in rows] == ["not_started"]
