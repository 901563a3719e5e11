"""The manager's review page of a resubmission: the earlier return comment and pins, and
the score with the manager's judgements once decided."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.models import Role
from certification import service
from tests.app.helpers import cookie_sign_in
from tests.certification.helpers import BASE, launched, master, scored
from tests.factories import make_user

RUBRIC = {"message_accuracy": 4, "clarity": 4, "confidence": 4, "objection_handling": 4}


def test_a_resubmission_shows_the_earlier_round_and_the_adjusted_score(
        client: TestClient, session: Session) -> None:
    now = utcnow() - timedelta(hours=3)
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)
    scored(session, rep, module, 1, "elevator", 100, now)
    proof = scored(session, rep, module, 1, "proof", 100, now)
    first = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                           now=now, base_url=BASE)
    manager = make_user(session, Role.MANAGER, manages=(team,), name="Maya Manager")
    reader = service.Reader(user_id=manager.id or 0, managed_team_ids=frozenset({team.id}),
                            is_admin=False)
    service.add_comment(session=session, review_id=first.id or 0, reviewer=reader, at_s=3.5,
                        body="Lead with the restore time.", now=now)
    service.decide(session=session, review_id=first.id or 0, reviewer=reader,
                   decision="returned", rubric=None, overrides=None,
                   comment="Slower, and the proof first.", now=now, base_url=BASE)
    later = now + timedelta(hours=1)
    again = scored(session, rep, module, 1, "proof", 95, later)
    second = service.submit(session=session, user_id=rep.id or 0, attempt_id=again.id or 0,
                            now=later, base_url=BASE)
    session.commit()
    cookie_sign_in(client, session, manager)
    page = client.get(f"/reviews/{second.id}")
    assert page.status_code == 200
    assert "Earlier submissions of this certification" in page.text
    assert "Slower, and the proof first." in page.text
    assert "Lead with the restore time." in page.text and "by Maya Manager" in page.text
    # Overridden to missed: the page says what the pitch scores with that judgement.
    service.decide(session=session, review_id=second.id or 0, reviewer=reader,
                   decision="approved", rubric=RUBRIC, overrides={"tested": False},
                   comment="Heard it on the live call.", now=later, base_url=BASE)
    session.commit()
    decided = client.get(f"/reviews/{second.id}").text
    assert '<strong id="adjusted-score">0</strong>' in decided
    assert 'id="adjusted" hidden' not in decided
