"""Faults: two commands racing on one certification end in one consistent state.

Each test holds the first command's transaction open (written, not committed) while the
second runs in another thread on its own connection, as two requests or a request and the
periodic job would: the second must wait for the first and then see what it did. Run on
SQLite (one writer at a time) and, with ONMESSAGE_TEST_DATABASE_URL, on PostgreSQL, where
the row locks taken by `service.locked` and the sweep are what keeps the state whole.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.clock import utcnow
from app.db import Database
from app.settings import Settings
from certification import events, service, sweep
from certification import state as st
from certification.models import Certification, CertificationEvent, Credential, Review
from drills.errors import Conflict
from drills.models import Launch
from drills.modules import launch
from tests.app.helpers import bearer
from tests.certification.helpers import (
    BASE,
    T0,
    cert_of,
    do_launch,
    launched,
    manager_of,
    master,
    playbook,
    publish,
    scored,
)
from tests.drills.practice_helpers import launched_rep
from tests.drills.practice_helpers import publish as publish_demo

RUBRIC = {"message_accuracy": 4, "clarity": 4, "confidence": 4, "objection_handling": 4}


@pytest.fixture
def db(served_settings: Settings) -> Iterator[Database]:
    database = Database(served_settings)
    yield database
    database.engine.dispose()


def consistent(session: Session, cert_id: int) -> Certification:
    """The certification's history is one unbroken chain ending in its state."""
    session.expire_all()
    cert = session.get(Certification, cert_id)
    assert cert is not None
    history = session.exec(select(CertificationEvent).where(
        CertificationEvent.certification_id == cert_id)
        .order_by(col(CertificationEvent.id))).all()
    state = st.NOT_STARTED
    for event in history:
        assert event.from_state == state, [(e.from_state, e.to_state) for e in history]
        state = event.to_state
    assert state == cert.state
    return cert


def race(db: Database, first: Callable[[Session], Any], second: Callable[[Session], Any],
         *, waits: bool = True) -> tuple[Any, Any]:
    """Run `first` and hold its transaction open while `second` starts in another thread;
    commit `first`, then let `second` finish. Returns each result (or the exception).
    `waits`: the second must wait for the first (not so for a sweep on PostgreSQL, which
    skips the rows another transaction holds and takes them at its next run)."""
    out: dict[str, Any] = {}
    held = db.session(write=True)
    out["first"] = first(held)
    held.flush()

    def run() -> None:
        with db.session(write=True) as other:
            try:
                out["second"] = second(other)
                other.commit()
            except Exception as exc:  # the outcome under test
                other.rollback()
                out["second"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.4)
    if waits:
        assert thread.is_alive(), "the second command did not wait for the first"
    held.commit()
    held.close()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return out["first"], out["second"]


def _submitted(session: Session) -> tuple[Any, Any, Any, Review]:
    """A rep whose drills and pitches meet the rule, with their proof pitch submitted."""
    rep, team, module = launched(session)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 90, T0)
    proof = scored(session, rep, module, 1, "proof", 88, T0)
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                            now=T0, base_url=BASE)
    return rep, team, module, review


def _pending(session: Session) -> dict[str, Any]:
    rep, team, module, review = _submitted(session)
    _, one = manager_of(session, team)
    _, two = manager_of(session, team)
    session.commit()
    return {"rep": rep, "module": module, "review": review, "one": one, "two": two}


def test_two_managers_deciding_one_review(db: Database, served_session: Session) -> None:
    w = _pending(served_session)
    review_id = w["review"].id

    def decide(reader: service.Reader, decision: str) -> Callable[[Session], Any]:
        return lambda s: service.decide(
            session=s, review_id=review_id, reviewer=reader, decision=decision,
            rubric=RUBRIC if decision == "approved" else None, overrides=None,
            comment=None if decision == "approved" else "Slow down.", now=T0, base_url=BASE)

    _, second = race(db, decide(w["one"], "approved"), decide(w["two"], "returned"))
    assert isinstance(second, Conflict) and "already approved" in second.detail
    cert = consistent(served_session, w["review"].certification_id)
    assert cert.state == st.CERTIFIED
    assert served_session.get(Review, review_id).status == "approved"  # type: ignore[union-attr]
    assert len(served_session.exec(select(Credential).where(
        Credential.certification_id == cert.id)).all()) == 1


def _renewal_due(session: Session) -> tuple[Any, Any, Any]:
    """A rep certified on v1, then v2 changed a message they depend on: needs update,
    renewal practised and ready to submit; the deadline is `due`."""
    rep, team, module, review = _submitted(session)
    _, reader = manager_of(session, team)
    service.decide(session=session, review_id=review.id or 0, reviewer=reader,
                   decision="approved", rubric=RUBRIC, overrides=None, comment=None, now=T0,
                   base_url=BASE)
    later = T0 + timedelta(days=10)
    publish(session, playbook(2, changed={"fast-restore": "Restore any server in minutes."}),
            later)
    do_launch(session, module, 2, team, later, due_days=14)
    master(session, rep, module, later, subjects={"fast-restore"})
    attempt = scored(session, rep, module, 2, "elevator", 90, later)
    cert = cert_of(session, rep, module)
    assert cert.state == st.NEEDS_UPDATE and cert.due_at is not None
    session.commit()
    return rep, cert, attempt


def test_the_sweep_then_a_submission_at_the_renewal_deadline(
        db: Database, served_session: Session) -> None:
    rep, cert, attempt = _renewal_due(served_session)
    at = service.as_utc(cert.due_at) + timedelta(minutes=1)  # type: ignore[arg-type]
    lapsed, second = race(
        db, lambda s: sweep.lapse_expired(session=s, now=at),
        lambda s: service.submit(session=s, user_id=rep.id, attempt_id=attempt.id, now=at,
                                 base_url=BASE))
    assert lapsed == [cert.id]
    # The submission saw the lapse: the whole module is asked for again, so it is refused
    # and the certification stays lapsed (never "awaiting review" on a stale reading).
    assert isinstance(second, Conflict)
    assert consistent(served_session, cert.id or 0).state == st.LAPSED


def test_a_submission_then_the_sweep_at_the_renewal_deadline(
        db: Database, served_session: Session) -> None:
    rep, cert, attempt = _renewal_due(served_session)
    at = service.as_utc(cert.due_at) - timedelta(seconds=1)  # type: ignore[arg-type]
    review, lapsed = race(
        db, lambda s: service.submit(session=s, user_id=rep.id, attempt_id=attempt.id,
                                     now=at, base_url=BASE),
        lambda s: sweep.lapse_expired(session=s, now=at + timedelta(minutes=1)),
        waits=db.is_sqlite)
    assert review.status == "pending" and lapsed == []
    assert consistent(served_session, cert.id or 0).state == st.AWAITING_REVIEW


def test_a_new_version_launched_while_a_rep_practises(served_client: TestClient,
                                                     served_session: Session) -> None:
    """The rep's page shows v1 cards; marketing launches v2 (retiring a message's drills)
    between the rep's answers. The retired card's answer is refused and changes nothing;
    the next answer counts on v2; the certification ends on v2, its history whole and its
    drill readiness what v2's drills say."""
    session, client = served_session, served_client
    now = utcnow()
    rep, team, module = launched_rep(session, now=now)
    v1 = session.exec(select(Launch).where(Launch.team_id == team.id)).all()
    events.on_launch(session=session, launches=v1, by=None, now=now, base_url=BASE)
    session.commit()
    headers = bearer(session, rep)
    cards = client.get("/api/v1/drills/due?limit=50", headers=headers).json()["due"]
    recalls = [c for c in cards if c["kind"] == "recall"]
    first = recalls[0]
    assert client.post(f"/api/v1/drills/{first['drill_id']}/answers", headers=headers,
                       json={"rating": 3, "shown_state": first["shown_state"]}
                       ).status_code == 200
    publish_demo(session, "playbook-v2.yaml", now=now)
    v2 = launch(session=session, module=module, version=2, team_ids=[team.id or 0],
                due_at=None, by=None, now=utcnow())
    events.on_launch(session=session, launches=v2, by=None, now=utcnow(), base_url=BASE)
    session.commit()
    retired = next(c for c in recalls if c["number"] == 4)
    refused = client.post(f"/api/v1/drills/{retired['drill_id']}/answers", headers=headers,
                          json={"rating": 3, "shown_state": retired["shown_state"]})
    assert refused.status_code == 409 and "retired" in refused.json()["detail"]
    due = client.get("/api/v1/drills/due?limit=50", headers=headers).json()["due"]
    kept = next(c for c in due if c["kind"] == "recall")
    assert kept["drill_id"] != retired["drill_id"]
    assert client.post(f"/api/v1/drills/{kept['drill_id']}/answers", headers=headers,
                       json={"rating": 3, "shown_state": kept["shown_state"]}
                       ).status_code == 200
    session.expire_all()
    cert = consistent(session, cert_of(session, rep, module).id or 0)
    assert cert.version == 2 and cert.state == st.IN_PROGRESS
    stored = cert.drill_percent
    (again,) = events.on_practice(session=session, user_id=rep.id or 0,
                                  module_id=module.id or 0, now=utcnow(), base_url=BASE)
    assert again.evaluation.drill_percent == stored
    session.rollback()
