"""The scorer learns from its managers, end to end: a manager overrides a missed message
on the review page, the rep's next attempt says it the same way and is judged with that
decision (and says so), and the agreement figure counts the override."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.models import Role
from app.pitch_pipeline import process_attempt
from app.settings import Settings
from certification import reporting, service
from drills.attempt_models import PitchAttempt
from drills.modules import get_draft, get_module, import_playbook
from tests.app.attempt_helpers import FakeTranscriber, wav
from tests.app.helpers import cookie_sign_in
from tests.certification.helpers import BASE, do_launch, master
from tests.factories import make_team, make_user

PLAYBOOK = """\
format: 1
module: harbor-learn
version: 1
title: Harbor learning
messages:
  - id: immutable
    statement: "Backups are immutable, so ransomware cannot encrypt or delete them."
  - id: fast-restore
    statement: "Restore a whole server in under fifteen minutes."
pitches:
  - id: elevator
    prompt: "Pitch the CISO in the lift."
    messages: [immutable, fast-restore]
certification:
  drill_retention: 0.85
  pitch_score: 50
  manager_signoff: true
  valid_days: 180
"""
RUBRIC = {"rubric_message_accuracy": "4", "rubric_clarity": "4", "rubric_confidence": "4",
          "rubric_objection_handling": "4"}
# Told as an outcome: no word of "restore ... in under fifteen minutes" but "server".
FIRST = ("Our backups are immutable, so ransomware cannot encrypt or delete them. "
         "A server that died at a customer last week was back up before the coffee was done.")
AGAIN = ("Backups are immutable so ransomware cannot delete them. And last week a server "
         "died at a customer and was back up before the coffee was done.")


def take(client: TestClient, session: Session, settings: Settings, text: str,
         key: str, *, module: str = "harbor-learn", pitch: str = "elevator") -> dict[str, Any]:
    """Record a take through the API and run the scoring job on it (the fake transcriber
    stands in for Whisper: it returns `text` with even word times)."""
    response = client.post(
        "/api/v1/attempts", files={"audio": ("take.wav", wav(), "audio/wav")},
        data={"idempotency_key": key, "module": module, "pitch": pitch},
        headers={"X-CSRF-Token": client.cookies.get("om_csrf") or ""})
    assert response.status_code == 201, response.text
    attempt_id = response.json()["id"]
    done = process_attempt(session=session, attempt_id=attempt_id, data_dir=settings.data_dir,
                           transcriber=FakeTranscriber(text))
    assert done is not None and done.status == "done"
    body: dict[str, Any] = client.get(f"/api/v1/attempts/{attempt_id}").json()
    return body


def judged(body: dict[str, Any], message: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in body["result"]["messages"] if m["id"] == message)
    return found


def test_an_override_teaches_the_next_attempt(client: TestClient, session: Session,
                                              settings: Settings) -> None:
    now = utcnow()
    version = import_playbook(session=session, data=PLAYBOOK, filename="p.yaml", by=None,
                              now=now)
    module = get_module(session=session, slug="harbor-learn")
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    manager = make_user(session, Role.MANAGER, manages=(team,))
    do_launch(session, module, version.version, team, now)
    master(session, rep, module, now)
    session.commit()

    cookie_sign_in(client, session, rep)
    first = take(client, session, settings, FIRST, "learn-take-0001")
    restore = judged(first, "fast-restore")
    assert not restore["covered"] and restore["learned"] is None
    # nothing to quote as evidence, but the nearest words are kept for the manager
    assert restore["evidence"] is None
    assert restore["closest"] == ("A server that died at a customer last week was back up "
                                  "before the coffee was done")
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=first["id"],
                            now=utcnow(), base_url=BASE)
    session.commit()

    # The manager hears the outcome and judges it covered (an override).
    cookie_sign_in(client, session, manager)
    decided = client.post(f"/reviews/{review.id}/decision", data={
        "csrf_token": client.cookies.get("om_csrf") or "", "decision": "approved",
        "judge_immutable": "covered", "judge_fast-restore": "covered", **RUBRIC},
        follow_redirects=False)
    assert decided.status_code == 303, decided.text
    agree = reporting.agreement(session=session, module_ids=[module.id or 0])[module.id or 0]
    assert (agree.judgements, agree.agreed) == (2, 1)
    # the manager has judged every message: the attempt's sure score is theirs
    session.expire_all()
    reviewed = session.get(PitchAttempt, first["id"])
    assert reviewed is not None and (reviewed.score, reviewed.sure_score) == (50, 100)

    # The rep's next take says it the same way: judged with the manager's decision.
    cookie_sign_in(client, session, rep)
    again = take(client, session, settings, AGAIN, "learn-take-0002")
    restore = judged(again, "fast-restore")
    day = f"{now.day} {now.strftime('%b')}"
    assert restore["covered"] and restore["learned"] == (
        f"Counted: close to a phrasing your manager accepted on {day}.")
    assert restore["evidence"].startswith("last week a server died")
    assert again["score"] == 100
    page = client.get(f"/attempts/{again['id']}").text
    assert "close to a phrasing your manager accepted on" in page

    # Words that merely share the topic are not taught by it.
    other = take(client, session, settings, "Backups are immutable so ransomware cannot "
                 "delete them. A server died last week.", "learn-take-0003")
    assert not judged(other, "fast-restore")["covered"]

    # Marketing sees the accepted phrasing on the insights page and, in one click, makes
    # it an evidence phrase of the next version.
    marketing = make_user(session, Role.MARKETING)
    session.commit()
    cookie_sign_in(client, session, marketing)
    insights = client.get("/modules/harbor-learn/insights")
    assert insights.status_code == 200
    assert "Accepted by a manager where the scorer missed it" in insights.text
    assert restore_words(first) in insights.text
    csrf = client.cookies.get("om_csrf") or ""
    promoted = client.post("/modules/harbor-learn/evidence", data={
        "csrf_token": csrf, "message": "fast-restore", "phrase": restore_words(first),
        "back": "/modules/harbor-learn/insights?version=1"}, follow_redirects=False)
    assert promoted.status_code == 303
    assert promoted.headers["location"] == "/modules/harbor-learn/insights?version=1"
    draft = get_draft(session=session, module=module)
    assert draft is not None and draft.version == 2
    message = next(m for m in draft.content["messages"] if m["id"] == "fast-restore")
    assert message["evidence"] == [restore_words(first)]
    # again: nothing doubles; a message the draft lacks is a clear 404, nothing written
    client.post("/modules/harbor-learn/evidence", data={
        "csrf_token": csrf, "message": "fast-restore", "phrase": restore_words(first)})
    session.refresh(draft)
    assert len(next(m for m in draft.content["messages"]
                    if m["id"] == "fast-restore")["evidence"]) == 1
    gone = client.post("/modules/harbor-learn/evidence", data={
        "csrf_token": csrf, "message": "no-such", "phrase": "anything"})
    assert gone.status_code == 404 and "has no message &#39;no-such&#39;" in gone.text


def restore_words(body: dict[str, Any]) -> str:
    words: str = judged(body, "fast-restore")["closest"]
    return words
