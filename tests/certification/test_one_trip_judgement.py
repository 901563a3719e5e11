"""Judging one certification (a drill answer's) reads everything in one statement; for
random practice histories it must stand exactly where the judgement of many certifications
at once (one statement per kind of fact) puts it: drill share, drills counted, pitch bests,
with and without an answer about to be written, on a renewal and on a first certification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlalchemy import delete, event
from sqlmodel import Session, col, select

from app.models import Role
from certification import events, service
from certification import state as st
from certification.progress import Answered
from drills.attempt_models import PitchAttempt
from drills.drill_models import NEW_QUEUE, SCHEDULED, Drill, DrillCard
from drills.modules import active_launches
from drills.practice.alignment import sync_rep
from drills.scheduling import REVIEW, CardState
from tests.certification.helpers import (
    BASE,
    T0,
    cert_of,
    do_launch,
    launched,
    master,
    playbook,
    publish,
    scored,
    set_card,
)
from tests.factories import make_user

# A card never reviewed, or reviewed with this stability (days) this many days ago.
CARD = hs.one_of(hs.none(), hs.tuples(hs.floats(0.05, 400.0), hs.floats(0.0, 120.0)))
# A finished pitch attempt: whose (0, 1), which pitch, on which version, score, sure score.
ATTEMPT = hs.tuples(hs.integers(0, 1), hs.sampled_from(["elevator", "proof"]),
                    hs.integers(1, 2), hs.integers(0, 100), hs.none() | hs.integers(0, 100))
LATER = T0 + timedelta(days=10)


def _world(session: Session) -> dict[str, Any]:
    """Two reps on a module now at v2 (one message changed): the first was certified on v1
    and renews (only the changed message counts), the second is on v2 from the start."""
    renewing, team, module = launched(session, signoff=False)
    fresh = make_user(session, Role.REP, team=team)
    master(session, renewing, module, T0)
    scored(session, renewing, module, 1, "elevator", 90, T0)
    scored(session, renewing, module, 1, "proof", 90, T0)
    assert cert_of(session, renewing, module).state == st.CERTIFIED
    publish(session, playbook(2, signoff=False,
                              changed={"fast-restore": "Restore any server in five minutes."}),
            LATER)
    do_launch(session, module, 2, team, LATER)
    reps = [renewing, fresh]
    for rep in reps:
        sync_rep(session=session, user_id=rep.id or 0, now=LATER,
                 launches=active_launches(session=session, team_ids=[team.id or 0]))
    certs = [cert_of(session, rep, module) for rep in reps]
    assert certs[0].renewal_messages == ["fast-restore"] and certs[1].renewal_messages is None
    assert {c.version for c in certs} == {2}
    cards = [list(session.exec(select(DrillCard).where(
        DrillCard.user_id == rep.id, col(DrillCard.queue).in_((NEW_QUEUE, SCHEDULED)))
        .order_by(col(DrillCard.id))).all()) for rep in reps]
    drills = {d.id: d for d in session.exec(select(Drill).where(Drill.module_id == module.id))}
    return {"reps": reps, "module": module, "certs": certs, "cards": cards, "drills": drills}


def _facts(judged: service.Judged) -> tuple[Any, ...]:
    return (judged.cert_id, judged.seen, judged.rule, judged.share, judged.drills,
            dict(judged.best))


def test_one_certification_judged_in_one_trip_stands_where_many_judged_together_do(
        session: Session) -> None:
    w = _world(session)
    module = w["module"]
    now = LATER + timedelta(days=3)
    n0, n1 = len(w["cards"][0]), len(w["cards"][1])

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(hs.lists(CARD, min_size=n0, max_size=n0), hs.lists(CARD, min_size=n1, max_size=n1),
           hs.lists(ATTEMPT, max_size=6),
           hs.none() | hs.tuples(hs.integers(0, 1), hs.integers(0, min(n0, n1) - 1),
                                 hs.floats(0.05, 400.0)))
    def check(first: list[Any], second: list[Any], attempts: list[Any],
              answer: Any) -> None:
        for cards, states in zip(w["cards"], (first, second), strict=True):
            for card, state in zip(cards, states, strict=True):
                set_card(session, card, state, now)
        session.exec(delete(PitchAttempt).where(  # type: ignore[call-overload]
            col(PitchAttempt.user_id).in_([r.id for r in w["reps"]])))
        for who, pitch, version, score, sure in attempts:
            attempt = scored(session, w["reps"][who], module, version, pitch, score, now)
            attempt.sure_score = sure
            session.add(attempt)
        session.flush()
        certs = [session.get(service.Certification, c.id) for c in w["certs"]]
        answered = None
        if answer is not None:  # a card of one rep, about to be written well remembered
            who, index, stability = answer
            card = w["cards"][who][index]
            drill = w["drills"][card.drill_id]
            answered = Answered(
                user_id=card.user_id, module_id=card.module_id, drill_id=card.drill_id,
                subject=drill.subject, since_version=drill.since_version,
                until_version=drill.until_version,
                after=CardState(state=REVIEW, step=None, stability=stability, difficulty=5.0,
                                due=now + timedelta(days=stability), last_review=now))
        together = service.judge(session=session, certs=certs, now=now, answered=answered)
        alone = [service.judge(session=session, certs=[cert], now=now, answered=answered)[0]
                 for cert in certs]
        assert [_facts(j) for j in alone] == [_facts(j) for j in together]

    check()


def test_a_practice_event_reads_the_certification_in_two_statements(session: Session) -> None:
    # The row (locked) with its rule, then one statement for everything judged.
    rep, _team, module = launched(session)
    master(session, rep, module, T0)
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        events.on_practice(session=session, user_id=rep.id or 0, module_id=module.id or 0,
                           now=T0 + timedelta(days=1), base_url=BASE)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    reads = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2, reads
