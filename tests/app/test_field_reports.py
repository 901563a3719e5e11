"""Field reports through the web: the rep's flag, the API's scoping, marketing's triage."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import InboxItem, Role
from drills.field_report_models import FieldReport
from drills.modules import launch
from tests.app.helpers import bearer, cookie_sign_in, with_csrf
from tests.drills.practice_helpers import T0, launched_rep
from tests.factories import make_team, make_user

SLUG = "northwind-shield-launch"


def _world(session: Session) -> dict[str, Any]:
    rep, team, module = launched_rep(session)
    other_team = make_team(session)
    other_rep = make_user(session, Role.REP, team=other_team)
    launch(session=session, module=module, version=1, team_ids=[other_team.id or 0],
           due_at=None, by=None, now=T0)
    manager = make_user(session, Role.MANAGER, manages=(team,))
    marketing = make_user(session, Role.MARKETING)
    session.commit()
    return {"rep": rep, "other_rep": other_rep, "manager": manager, "marketing": marketing}


def _post(client: TestClient, session: Session, who: Any, **body: Any) -> Any:
    return client.post("/api/v1/field-reports", headers=bearer(session, who),
                       json={"module": SLUG, "message_id": "rollback", "kind": "pushback",
                             **body})


def test_api_scoping_rep_manager_marketing(client: TestClient, session: Session) -> None:
    w = _world(session)
    mine = _post(client, session, w["rep"], note="Too technical for the CFO")
    assert mine.status_code == 201, mine.text
    assert mine.json()["version"] == 1 and mine.json()["status"] == "new"
    theirs = _post(client, session, w["other_rep"], kind="landed")
    assert theirs.status_code == 201

    def ids(who: Any) -> set[int]:
        res = client.get("/api/v1/field-reports", headers=bearer(session, who))
        assert res.status_code == 200
        return {r["id"] for r in res.json()}

    assert ids(w["rep"]) == {mine.json()["id"]}
    assert ids(w["other_rep"]) == {theirs.json()["id"]}
    assert ids(w["manager"]) == {mine.json()["id"]}
    assert ids(w["marketing"]) == {mine.json()["id"], theirs.json()["id"]}
    # Managers read, they do not triage; a rep cannot triage their own report either.
    for who in (w["manager"], w["rep"]):
        res = client.post(f"/api/v1/field-reports/{mine.json()['id']}/triage",
                          headers=bearer(session, who), json={"status": "acknowledged"})
        assert res.status_code == 403


def test_api_bad_input(client: TestClient, session: Session) -> None:
    w = _world(session)
    cases = [({"message_id": "no-such-message"}, 404, "no message or objection"),
             ({"module": "no-such-module"}, 404, "no module"),
             ({"note": "x" * 1001}, 422, "at most 1000"),
             ({"kind": "missing_objection", "message_id": None, "note": " "}, 422,
              "objection you heard"),
             ({"kind": "so-so"}, 422, "Unknown report kind"),
             ({"version": 7}, 404, "not launched")]
    for body, status, words in cases:
        res = _post(client, session, w["rep"], **body)
        assert res.status_code == status, (body, res.text)
        assert words in res.json()["detail"]
    stranger = make_user(session, Role.REP)  # a team the module was never launched to
    session.commit()
    assert _post(client, session, stranger).status_code == 404
    assert _post(client, session, w["marketing"]).status_code == 403  # reps report


def test_triage_reply_reaches_reporter(client: TestClient, session: Session) -> None:
    w = _world(session)
    rid = _post(client, session, w["rep"]).json()["id"]
    url = f"/api/v1/field-reports/{rid}/triage"
    auth = bearer(session, w["marketing"])
    res = client.post(url, headers=auth, json={"status": "planned", "reply": "Rewording in v2",
                                               "expected_status": "new"})
    assert res.status_code == 200, res.text
    assert res.json()["reply"] == "Rewording in v2"
    item = session.exec(select(InboxItem).where(InboxItem.user_id == w["rep"].id,
                                                InboxItem.kind == "field_report")).one()
    assert "Rewording in v2" in item.body and item.link == f"/field-reports/mine#report-{rid}"
    stale = client.post(url, headers=auth, json={"status": "done", "expected_status": "new"})
    assert stale.status_code == 409
    back = client.post(url, headers=auth, json={"status": "acknowledged"})
    assert back.status_code == 409 and "cannot go back" in back.json()["detail"]
    not_yet = client.post(url, headers=auth, json={"status": "done", "addressed_version": 2})
    assert not_yet.status_code == 422 and "did not change" in not_yet.json()["detail"]
    assert client.post(url, headers=auth, json={"status": "gone"}).status_code == 422
    assert client.post("/api/v1/field-reports/999999/triage", headers=auth,
                       json={"status": "done"}).status_code == 404
    too_long = client.post(url, headers=auth, json={"status": "done", "reply": "y" * 2001})
    assert too_long.status_code == 422


def test_pages_flag_inbox_and_mine(client: TestClient, session: Session) -> None:
    w = _world(session)
    cookie_sign_in(client, session, w["rep"])
    page = client.get(f"/modules/{SLUG}/whats-new")
    assert page.status_code == 200 and "How did this go on calls?" in page.text
    assert "Heard an objection that isn't here?" in page.text
    headers = {**with_csrf(client), "HX-Request": "true"}
    sent = client.post("/field-reports", headers=headers, data={
        "module": SLUG, "version": "1", "message_id": "rollback", "kind": "confused",
        "note": "They asked what rollback means", "source": "message"})
    assert sent.status_code == 200 and "Sent to marketing" in sent.text
    bad = client.post("/field-reports", headers=headers, data={
        "module": SLUG, "message_id": "rollback", "kind": "confused", "note": "z" * 1001})
    assert bad.status_code == 422 and "at most 1000" in bad.text  # a toast, not a page
    assert client.get("/field-reports").status_code == 403  # the inbox is not for reps

    cookie_sign_in(client, session, w["marketing"])
    inbox = client.get("/field-reports")
    assert inbox.status_code == 200 and "They asked what rollback means" in inbox.text
    assert "Customers didn&#39;t get it · 1" in inbox.text
    report = session.exec(select(FieldReport)).one()
    saved = client.post(f"/field-reports/{report.id}/triage", headers={
        **with_csrf(client), "HX-Request": "true"}, data={
        "status": "acknowledged", "reply": "Good catch: we'll explain it", "expected_status": "new",
        "addressed_version": ""})
    assert saved.status_code == 200 and "Saved" in saved.text

    cookie_sign_in(client, session, w["manager"])
    team_view = client.get("/field-reports")
    assert "They asked what rollback means" in team_view.text
    assert "Triage and reply" not in team_view.text  # read-only for managers

    cookie_sign_in(client, session, w["rep"])
    mine = client.get("/field-reports/mine")
    assert mine.status_code == 200 and "Good catch: we&#39;ll explain it" in mine.text


def test_flag_from_drill_feedback(client: TestClient, session: Session) -> None:
    from app.clock import utcnow
    from tests.app.helpers import CSRF

    rep, _team, module = launched_rep(session, now=utcnow())
    session.commit()
    cookie_sign_in(client, session, rep)
    cards = client.get("/api/v1/drills/due", headers=bearer(session, rep)).json()["due"]
    pick = next(c for c in cards if c["kind"] == "pick")
    with_csrf(client)
    hx = {"HX-Request": "true", "X-CSRF-Token": CSRF}
    fb = client.post(f"/api/v1/drills/{pick['drill_id']}/answers?n=0", headers=hx,
                     json={"answer": "a", "shown_state": pick["shown_state"]})
    assert fb.status_code == 200 and "How did this go on calls?" in fb.text
    assert f'name="module_id" value="{module.id}"' in fb.text
    assert 'name="source" value="drill"' in fb.text
    sent = client.post("/field-reports", headers=hx, data={
        "module_id": str(module.id), "message_id": _subject(fb.text), "kind": "outdated",
        "source": "drill"})
    assert sent.status_code == 200 and "Outdated" in sent.text
    report = session.exec(select(FieldReport)).one()
    assert (report.source, report.version, report.kind) == ("drill", 1, "outdated")


def _subject(html: str) -> str:
    marker = 'name="message_id" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def test_flag_on_pitch_result(client: TestClient, session: Session) -> None:
    import hashlib

    from app.clock import utcnow
    from drills import attempts
    from drills.attempt_models import DONE
    from drills.modules import get_version

    rep, _team, module = launched_rep(session, now=utcnow())
    version = get_version(session=session, module=module, version=1)
    audio = attempts.StoredAudio(path="/nonexistent/take.wav", size=4,
                                 sha256=hashlib.sha256(b"take").hexdigest(),
                                 content_type="audio/wav", duration_s=4.0)
    attempt, _ = attempts.create(session=session, user_id=rep.id or 0, key="fr-key-1",
                                 module_id=module.id or 0, module_version_id=version.id or 0,
                                 pitch_id=None, drill_id=None, audio=audio, now=utcnow())
    # A scored result as the pipeline stores it, cut down to what the page reads.
    attempt.status, attempt.score = DONE, 40
    delivery = {"duration_s": 4.0, "duration_ok": True, "duration_target": None, "pace": "ok",
                "wpm": 140, "wpm_band": [120, 170], "filler_words": {}, "fillers": 0,
                "fillers_per_100_words": 0, "hesitations": 0, "longest_pause_s": 0.5}
    attempt.result = {"score": 40, "formula": "", "delivery": delivery, "forbidden": [],
                      "retired": [], "messages": [
                          {"id": "rollback", "covered": False, "weight": 1.0, "evidence": None,
                           "start": None, "missed_reason": "missing"}]}
    session.add(attempt)
    session.commit()
    cookie_sign_in(client, session, rep)
    page = client.get(f"/attempts/{attempt.id}")
    assert page.status_code == 200, page.text
    assert "How did this go on calls?" in page.text
    assert 'name="source" value="pitch"' in page.text
    assert 'name="message_id" value="rollback"' in page.text
