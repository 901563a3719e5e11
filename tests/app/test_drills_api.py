"""Drill API and pages: due queue, answers once, bad input, htmx fragments, progress."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, select

from app import xapi
from app.auth import start_session
from app.clock import utcnow
from app.deps import SESSION_COOKIE
from app.models import AuthSession, Role
from app.xapi_models import XapiStatement
from drills.drill_models import DrillCard, DrillReview
from tests.app.helpers import CSRF, bearer, cookie_sign_in, count, with_csrf
from tests.certification.helpers import launched
from tests.drills.practice_helpers import launched_rep, publish
from tests.factories import make_user


def _due(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/drills/due", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_due_then_answer_once(client: TestClient, session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    body = _due(client, headers)
    assert body["due_count"] == 12 and body["new_left_today"] == 12
    first = body["due"][0]
    assert first["kind"] == "recall" and first["statement"]  # self-rated: reveal included
    url = f"/api/v1/drills/{first['drill_id']}/answers"
    answer = {"rating": 3, "shown_state": first["shown_state"]}
    response = client.post(url, json=answer, headers=headers)
    assert response.status_code == 200, response.text
    out = response.json()
    assert out["rating_label"] == "Good" and out["state"] == "learning"
    assert out["interval"] in ("in 10 minutes", "in 9 minutes", "in 11 minutes")
    assert out["shown_state"] != first["shown_state"]
    # Double tap / replay: 409, and the review is counted once.
    again = client.post(url, json=answer, headers=headers)
    assert again.status_code == 409 and "counted once" in again.json()["detail"]
    assert count(session, DrillReview) == 1
    # Not due yet even with the fresh state.
    early = client.post(url, json={"rating": 3, "shown_state": out["shown_state"]},
                        headers=headers)
    assert early.status_code == 409 and "not due" in early.json()["detail"]


def test_an_answer_can_bring_the_next_card(client: TestClient, session: Session) -> None:
    # One request per card: what GET /due would answer next comes with the answer.
    rep, _, _ = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    card = _due(client, headers)["due"][0]
    answered: list[int] = []
    for _ in range(3):
        url = f"/api/v1/drills/{card['drill_id']}/answers?next=2"
        body = {"rating": 3} if card["kind"] in ("recall", "objection") else {"answer": "a"}
        response = client.post(url, json={**body, "shown_state": card["shown_state"]},
                               headers=headers)
        assert response.status_code == 200, response.text
        answered.append(card["drill_id"])
        following = response.json()["next"]
        assert following == _due(client, headers) | {"due": following["due"]}
        assert [c["drill_id"] for c in following["due"]] == \
            [c["drill_id"] for c in _due(client, headers)["due"][:2]]
        assert not {c["drill_id"] for c in following["due"]} & set(answered)
        card = following["due"][0]
    assert count(session, DrillReview) == 3
    # Without ?next the answer is as before.
    url = f"/api/v1/drills/{card['drill_id']}/answers"
    body = {"rating": 3} if card["kind"] in ("recall", "objection") else {"answer": "a"}
    plain = client.post(url, json={**body, "shown_state": card["shown_state"]}, headers=headers)
    assert plain.status_code == 200 and plain.json()["next"] is None
    too_many = client.post(url + "?next=101", json=body | {"shown_state": "x"}, headers=headers)
    assert too_many.status_code == 422


def test_an_answer_builds_its_learning_statement_at_once(client: TestClient,
                                                          session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    pick = next(c for c in _due(client, headers)["due"] if c["kind"] == "pick")
    url = f"/api/v1/drills/{pick['drill_id']}/answers"
    answer = {"answer": "b", "shown_state": pick["shown_state"], "duration_ms": 2500}
    assert client.post(url, json=answer, headers=headers).status_code == 200
    assert client.post(url, json=answer, headers=headers).status_code == 409  # double tap
    review = session.exec(select(DrillReview)).one()
    # Built with the answer, written in the process's next batch (see app/xapi_buffer.py).
    state = client.app.state  # type: ignore[attr-defined]
    [pending] = state.statements.take()  # one answer counted, one record
    [recorded] = xapi.pending_rows(session, state.settings.base_url, [pending])
    assert (recorded["source_kind"], recorded["source_id"]) == (xapi.DRILL_REVIEW, review.id)
    assert recorded["statement"]["result"]["response"] == "b"
    # Exactly the statement the periodic job builds for a review that has none.
    assert xapi.collect(session=session, base_url=state.settings.base_url, now=utcnow()) == 1
    rebuilt = session.exec(select(XapiStatement)).one()
    assert (rebuilt.id, rebuilt.statement) == (recorded["id"], recorded["statement"])


def test_checked_kinds_hide_answers_and_derive_ratings(client: TestClient,
                                                       session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    cards = _due(client, headers)["due"]
    pick = next(c for c in cards if c["kind"] == "pick")
    assert "statement" not in pick and all(set(o) == {"id", "text"} for o in pick["options"])
    response = client.post(f"/api/v1/drills/{pick['drill_id']}/answers", headers=headers,
                           json={"answer": "a", "shown_state": pick["shown_state"]})
    assert response.status_code == 200, response.text
    fb = response.json()["feedback"]
    assert fb["picked"] == "a" and any(o["correct"] for o in fb["options"])
    assert response.json()["correct"] is (response.json()["rating"] == 3)


def test_bad_input_is_refused_and_nothing_counted(client: TestClient, session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    first = _due(client, headers)["due"][0]
    url = f"/api/v1/drills/{first['drill_id']}/answers"
    for body, status in [({"rating": 5, "shown_state": first["shown_state"]}, 422),
                         ({"rating": 0, "shown_state": first["shown_state"]}, 422),
                         ({"answer": "x", "shown_state": first["shown_state"]}, 422),
                         ({"rating": 3}, 422),
                         ({"rating": 3, "shown_state": "999.0"}, 409)]:
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == status, (body, response.text)
        assert "detail" in response.json()
    unknown = client.post("/api/v1/drills/99999999/answers", headers=headers,
                          json={"rating": 3, "shown_state": "1.0"})
    assert unknown.status_code == 404
    stranger = make_user(session, Role.REP)
    theirs = client.post(url, json={"rating": 3, "shown_state": first["shown_state"]},
                         headers=bearer(session, stranger))
    assert theirs.status_code == 404
    assert count(session, DrillReview) == 0


def test_expired_session_gets_401(client: TestClient, session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    token = start_session(session=session, user=rep, days=14, now=utcnow())
    session.commit()
    client.cookies.set(SESSION_COOKIE, token)
    headers = with_csrf(client)
    first = _due(client, headers)["due"][0]
    for row in session.exec(select(AuthSession).where(AuthSession.user_id == rep.id)):
        row.expires_at = utcnow() - timedelta(minutes=1)
        session.add(row)
    session.commit()
    response = client.post(f"/api/v1/drills/{first['drill_id']}/answers", headers=headers,
                           json={"rating": 3, "shown_state": first["shown_state"]})
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    assert count(session, DrillReview) == 0


def test_retired_drill_is_refused(client: TestClient, session: Session) -> None:
    from drills.modules import launch

    rep, team, module = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    cards = _due(client, headers)["due"]
    rollback = next(c for c in cards if c["kind"] == "recall" and c["number"] == 4)
    publish(session, "playbook-v2.yaml", now=utcnow())
    launch(session=session, module=module, version=2, team_ids=[team.id or 0], due_at=None,
           by=None, now=utcnow())
    session.commit()
    response = client.post(f"/api/v1/drills/{rollback['drill_id']}/answers", headers=headers,
                           json={"rating": 3, "shown_state": rollback["shown_state"]})
    assert response.status_code == 409 and "retired" in response.json()["detail"]


def test_phone_session_pages_and_htmx_fragments(client: TestClient, session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    cookie_sign_in(client, session, rep)
    home = client.get("/")
    assert "12" in home.text and "drills due" in home.text
    page = client.get("/drills")
    assert page.status_code == 200 and 'id="drill-stage"' in page.text
    assert "Show the line" in page.text
    card = session.exec(select(DrillCard).where(DrillCard.user_id == rep.id)
                        .order_by(DrillCard.id)).first()
    assert card is not None
    hx = {"HX-Request": "true", "X-CSRF-Token": CSRF}
    response = client.post(f"/api/v1/drills/{card.drill_id}/answers?n=0", headers=hx,
                           json={"rating": 4, "shown_state": f"{card.id}.0"})
    assert response.status_code == 200
    assert "<html" not in response.text and "Marked <b>Easy</b>" in response.text
    replay = client.post(f"/api/v1/drills/{card.drill_id}/answers?n=0", headers=hx,
                         json={"rating": 4, "shown_state": f"{card.id}.0"})
    assert replay.status_code == 409 and replay.headers["HX-Retarget"] == "#toasts"
    assert "toast" in replay.text
    nxt = client.get("/api/v1/drills/due?n=1", headers=hx)
    assert nxt.status_code == 200 and "drill-card" in nxt.text
    assert client.get("/drills/progress").status_code == 200


def test_progress_team_and_difficulty_pages(client: TestClient, session: Session) -> None:
    rep, team, module = launched_rep(session, now=utcnow())
    headers = bearer(session, rep)
    first = _due(client, headers)["due"][0]
    client.post(f"/api/v1/drills/{first['drill_id']}/answers", headers=headers,
                json={"rating": 1, "shown_state": first["shown_state"]})
    progress = client.get("/api/v1/drills/progress", headers=headers).json()
    assert progress["modules"][0]["drills"] == 24 and progress["streak"] == 1
    manager = make_user(session, Role.MANAGER, manages=(team,))
    cookie_sign_in(client, session, manager)
    team_page = client.get("/drills/team")
    assert team_page.status_code == 200 and rep.name in team_page.text
    marketing = make_user(session, Role.MARKETING)
    cookie_sign_in(client, session, marketing)
    page = client.get(f"/drills/modules/{module.slug}")
    assert page.status_code == 200 and "stops-ransomware" in page.text


def test_settings_change_the_daily_limit(client: TestClient, session: Session) -> None:
    rep, _, _ = launched_rep(session, now=utcnow())
    admin = make_user(session, Role.ADMIN)
    response = client.put("/api/v1/drills/settings", headers=bearer(session, admin),
                          json={"desired_retention": 0.85, "new_per_day": 3,
                                "session_cards": 10})
    assert response.status_code == 200
    bad = client.put("/api/v1/drills/settings", headers=bearer(session, admin),
                     json={"desired_retention": 0.5, "new_per_day": 3, "session_cards": 10})
    assert bad.status_code == 422
    assert _due(client, bearer(session, rep))["due_count"] == 3


def _body(card: dict[str, Any]) -> dict[str, Any]:
    return {"rating": 3} if card["kind"] in ("recall", "objection") else {"answer": "a"}


def test_an_answer_and_the_next_card_take_a_bounded_number_of_statements(
        client: TestClient, session: Session) -> None:
    # Every card costs these (most of the service's traffic). PostgreSQL: the token, the
    # card with the settings, the day and the launches check, its two writes (and the
    # day's new cards), the certification (its row with its rule, then one statement
    # judging it), the next cards (reviews, then new ones) with the queue's counts. SQLite
    # judges while reading, then reads the row again in its writer's turn, and reads the
    # next card in a transaction of its own.
    rep, _team, _module = launched(session, now=utcnow())
    headers = bearer(session, rep)
    card = _due(client, headers)["due"][0]
    # (the day's first answer also starts the day's stats and the certification)
    first = client.post(f"/api/v1/drills/{card['drill_id']}/answers?next=1",
                        json={**_body(card), "shown_state": card["shown_state"]},
                        headers=headers)
    card = first.json()["next"]["due"][0]
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            sent.append(statement)  # (the test's transaction nests each in a savepoint)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        response = client.post(f"/api/v1/drills/{card['drill_id']}/answers?next=1",
                               json={**_body(card), "shown_state": card["shown_state"]},
                               headers=headers)
        assert response.status_code == 200, response.text
        assert any("certification_rules" in s for s in sent)  # the judgement ran
        answered = len(sent)
        sent.clear()
        _due(client, headers)
        due = len(sent)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    postgres = session.get_bind().dialect.name == "postgresql"
    # (both count the writes this answer made: the card, its review, the day's new
    # cards and the certification's figure, which moves on most answers of a small module)
    assert answered <= (9 if postgres else 14), answered
    assert due <= 5, due
