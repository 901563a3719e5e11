"""Spoken drills over HTTP: a recorded answer to a drill card is scored against the drill's
rubric and answers the card once, with the rating the score maps to."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.clock import utcnow
from app.models import Role
from app.pitch_pipeline import NO_SPEECH, process_attempt, retry
from app.settings import Settings
from drills.attempt_models import PitchAttempt
from drills.drill_builder import DrillKind
from drills.drill_models import Drill, DrillCard, DrillReview
from drills.practice.cards import shown_state_of
from drills.practice.settings import update_settings
from tests.app.attempt_helpers import FakeTranscriber, wav
from tests.app.helpers import cookie_sign_in, count
from tests.drills.practice_helpers import launched_rep
from tests.factories import make_user

TAKE = ("Antivirus only catches threats it already has a signature for, and most ransomware "
        "today is new. Shield replaces your antivirus so you are not adding another agent. "
        "And even if an attack gets in, rollback restores machines in minutes.")


@pytest.fixture
def world(session: Session, client: TestClient) -> dict[str, Any]:
    now = utcnow()
    rep, team, module = launched_rep(session, now=now)
    # Room for every new card today, so the spoken ones (introduced last) are due.
    update_settings(session=session, desired_retention=0.9, new_per_day=100, session_cards=15,
                    by=None, now=now)
    session.commit()
    cookie_sign_in(client, session, rep)
    due = client.get("/api/v1/drills/due?limit=100").json()["due"]
    card = next(c for c in due if c["kind"] == "spoken" and c["family"] == "objection")
    return {"rep": rep, "team": team, "module": module, "card": card, "due": due}


def upload(client: TestClient, drill: int, state: str | None, *,
           key: str = "spoken-key-0001") -> Any:
    data: dict[str, Any] = {"idempotency_key": key, "drill": str(drill)}
    if state is not None:
        data["shown_state"] = state
    return client.post("/api/v1/attempts", files={"audio": ("take.wav", wav(), "audio/wav")},
                       data=data, headers={"X-CSRF-Token": client.cookies.get("om_csrf") or ""})


def _card(session: Session, drill_id: int) -> DrillCard:
    return session.exec(select(DrillCard).where(DrillCard.drill_id == drill_id)
                        .execution_options(populate_existing=True)).one()


def test_the_card_shows_a_prompt_and_the_rubric_to_reveal(world: dict[str, Any]) -> None:
    card = world["card"]
    assert card["prompt"] == "Answer: We already have antivirus."
    assert len(card["points"]) == 3 and card["duration"] == [10, 45]
    said = next(c for c in world["due"] if c["kind"] == "spoken" and c["family"] == "message")
    assert said["prompt"].startswith("Say it in your own words:")


def test_a_scored_take_answers_the_card_once_with_the_mapped_rating(
        client: TestClient, session: Session, settings: Settings,
        world: dict[str, Any]) -> None:
    card = world["card"]
    response = upload(client, card["drill_id"], card["shown_state"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["drill"] == card["drill_id"] and body["pitch"] is None
    attempt = session.get(PitchAttempt, body["id"])
    assert attempt is not None and attempt.shown_state == card["shown_state"]
    fake = FakeTranscriber(TAKE)
    done = process_attempt(session=session, attempt_id=body["id"],
                           data_dir=settings.data_dir, transcriber=fake)
    assert done is not None and done.status == "done" and done.score == 100
    # Scored on the drill's rubric: the objection's three response points, nothing else.
    assert [m["id"] for m in done.result["messages"]] == [  # type: ignore[index]
        "signatures-miss-new-threats", "replaces-not-adds", "rollback-as-safety-net"]
    review = session.exec(select(DrillReview).where(
        DrillReview.drill_id == card["drill_id"])).one()
    assert review.source == "spoken" and review.score == 100 and review.rating in (3, 4)
    fresh = _card(session, card["drill_id"])
    assert fresh.reviews == 1 and shown_state_of(fresh) != card["shown_state"]
    api = client.get(f"/api/v1/attempts/{body['id']}").json()
    assert api["drill_answer"]["answered"] is True
    assert api["drill_answer"]["rating"] == review.rating
    assert "drill" not in api["result"]  # the CLI's result object stays as it is
    page = client.get(f"/attempts/{body['id']}")
    assert page.status_code == 200
    assert api["drill_answer"]["rating_label"] in page.text and "Back to practice" in page.text
    # A replayed job, and a retried upload with the same key, count nothing twice.
    process_attempt(session=session, attempt_id=body["id"], data_dir=settings.data_dir,
                    transcriber=fake)
    again = upload(client, card["drill_id"], card["shown_state"])
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert count(session, DrillReview) == 1 and count(session, PitchAttempt) == 1


def test_a_double_submit_is_recorded_once(client: TestClient, session: Session,
                                          settings: Settings, world: dict[str, Any]) -> None:
    card = world["card"]
    first = upload(client, card["drill_id"], card["shown_state"], key="double-key-0001")
    second = upload(client, card["drill_id"], card["shown_state"], key="double-key-0002")
    assert first.status_code == 201 and second.status_code == 201
    for attempt_id in (first.json()["id"], second.json()["id"]):
        process_attempt(session=session, attempt_id=attempt_id, data_dir=settings.data_dir,
                        transcriber=FakeTranscriber(TAKE))
    assert count(session, DrillReview) == 1
    late = client.get(f"/api/v1/attempts/{second.json()['id']}").json()
    assert late["status"] == "done" and late["drill_answer"]["answered"] is False
    assert "counted once" in late["drill_answer"]["note"]
    # The card has moved on: a third upload with the old state is refused at once.
    stale = upload(client, card["drill_id"], card["shown_state"], key="double-key-0003")
    assert stale.status_code == 409 and "already answered" in stale.json()["detail"]


def test_a_failed_transcription_leaves_the_card_due(client: TestClient, session: Session,
                                                    settings: Settings,
                                                    world: dict[str, Any]) -> None:
    card = world["card"]
    attempt_id = upload(client, card["drill_id"], card["shown_state"]).json()["id"]
    failed = process_attempt(session=session, attempt_id=attempt_id,
                             data_dir=settings.data_dir, transcriber=FakeTranscriber(""))
    assert failed is not None and failed.status == "failed"
    assert failed.failure_reason == NO_SPEECH
    assert count(session, DrillReview) == 0 and _card(session, card["drill_id"]).reviews == 0
    due = client.get("/api/v1/drills/due?limit=100").json()["due"]
    assert card["drill_id"] in [c["drill_id"] for c in due]
    # Retrying the kept recording answers the card with the state shown at the time.
    retry(session=session, attempt=failed)
    session.commit()
    done = process_attempt(session=session, attempt_id=attempt_id, data_dir=settings.data_dir,
                           transcriber=FakeTranscriber(TAKE))
    assert done is not None and done.status == "done" and count(session, DrillReview) == 1


def test_only_the_cards_owner_may_upload_and_bad_requests_are_refused(
        client: TestClient, session: Session, world: dict[str, Any]) -> None:
    card = world["card"]
    written = next(c for c in world["due"] if c["kind"] == "recall")
    assert upload(client, card["drill_id"], None).status_code == 422
    assert upload(client, card["drill_id"], "999.0").status_code == 409
    assert upload(client, written["drill_id"], written["shown_state"]).status_code == 422
    assert upload(client, 99_999_999, "1.0").status_code == 404
    # Another rep (same team, own cards): someone else's drill card is simply not found.
    other = make_user(session, Role.REP, team=world["team"])
    cookie_sign_in(client, session, other)
    response = upload(client, card["drill_id"], card["shown_state"], key="other-key-0001")
    assert response.status_code == 404
    manager = make_user(session, Role.MANAGER, manages=(world["team"],))
    cookie_sign_in(client, session, manager)
    assert upload(client, card["drill_id"], card["shown_state"],
                  key="manager-key-001").status_code == 404
    assert count(session, PitchAttempt) == 0
    spoken = session.exec(select(Drill).where(Drill.kind == DrillKind.SPOKEN)).all()
    assert len(spoken) == 7


def test_the_session_shows_a_spoken_card_with_record_and_rate_yourself(
        client: TestClient, session: Session, world: dict[str, Any]) -> None:
    card = world["card"]
    row = _card(session, card["drill_id"])
    # Make it the first card of the session: a review that has fallen due.
    row.queue, row.due = 2, utcnow().replace(year=2020)
    session.add(row)
    session.commit()
    page = client.get("/drills")
    assert "kind-spoken" in page.text and "Record your answer" in page.text
    record_url = f"/drills/{card['drill_id']}/record?state={card['shown_state']}"
    assert record_url in page.text and "Rate yourself" in page.text
    recorder = client.get(record_url)
    assert recorder.status_code == 200
    assert f'data-drill="{card["drill_id"]}"' in recorder.text
    assert f'data-shown-state="{card["shown_state"]}"' in recorder.text
    assert "We already have antivirus" in recorder.text
    # The fallback: a self-rating answers the card (as a tap, no score).
    rated = client.post(f"/api/v1/drills/{card['drill_id']}/answers",
                        json={"rating": 2, "shown_state": card["shown_state"]},
                        headers={"X-CSRF-Token": client.cookies.get("om_csrf") or ""})
    assert rated.status_code == 200, rated.text
    review = session.exec(select(DrillReview)).one()
    assert review.source == "tap" and review.rating == 2
    # The recorder for a card already answered sends the rep back to practice.
    stale = client.get(record_url, follow_redirects=False)
    assert stale.status_code == 303 and stale.headers["location"].startswith("/drills")
