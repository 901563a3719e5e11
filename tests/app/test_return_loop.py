"""The return loop as the rep lives it, through the app as it is served: after a return
the page asks for a new take, then lets the rep choose which scored take to send (not
only the best), and the manager's review shows the earlier return's comment."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.clock import utcnow
from certification import service
from certification.models import Review
from tests.app.helpers import CSRF, cookie_sign_in
from tests.certification.helpers import cert_of, launched, manager_of, master, scored


def test_after_a_return_the_rep_sends_the_new_take_they_choose(
        served_client: TestClient, served_session: Session) -> None:
    now = utcnow() - timedelta(hours=2)
    rep, team, module = launched(served_session, now=now)
    master(served_session, rep, module, now)
    scored(served_session, rep, module, 1, "elevator", 92, now)
    proof = scored(served_session, rep, module, 1, "proof", 86, now)
    manager, reader = manager_of(served_session, team)
    first = service.submit(session=served_session, user_id=rep.id or 0,
                           attempt_id=proof.id or 0, now=now, base_url="http://testserver")
    service.decide(session=served_session, review_id=first.id or 0, reviewer=reader,
                   decision="returned", rubric=None, overrides=None,
                   comment="Name the restore time.", now=now + timedelta(minutes=5),
                   base_url="http://testserver")
    served_session.commit()
    cert = cert_of(served_session, rep, module)

    cookie_sign_in(served_client, served_session, rep)
    page = served_client.get(f"/certification/{cert.id}")
    assert page.status_code == 200
    assert "Record a new take" in page.text and 'name="attempt_id"' not in page.text

    later = now + timedelta(minutes=30)
    best = scored(served_session, rep, module, 1, "elevator", 95, later)
    chosen = scored(served_session, rep, module, 1, "proof", 81, later + timedelta(minutes=1))
    served_session.commit()
    page = served_client.get(f"/certification/{cert.id}")
    offered = re.findall(r'name="attempt_id" value="(\d+)"( checked)?', page.text)
    assert [int(i) for i, _ in offered] == [best.id, chosen.id]  # best first, and checked
    assert offered[0][1] and not offered[1][1]
    assert str(proof.id) not in [i for i, _ in offered]  # the returned take is not offered

    sent = served_client.post(f"/certification/{cert.id}/submit",
                              data={"attempt_id": str(chosen.id), "csrf_token": CSRF},
                              follow_redirects=False)
    assert sent.status_code == 303, sent.text
    served_session.rollback()
    pending = served_session.exec(select(Review).where(Review.status == "pending")).one()
    assert pending.attempt_id == chosen.id

    cookie_sign_in(served_client, served_session, manager)
    review_page = served_client.get(f"/reviews/{pending.id}")
    assert review_page.status_code == 200 and "Name the restore time." in review_page.text
