"""Spoken drills on the schedule: built for every version (also ones built before spoken
drills existed), scored against their own rubric, answering the card once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete
from sqlmodel import Session, col, select

from drills.drill_builder import DrillKind
from drills.drill_models import Drill, DrillBuild, DrillCard, DrillReview, ModuleSync
from drills.errors import Conflict
from drills.kinds import BUILDER_VERSION
from drills.modules import latest_published, launch
from drills.practice.answering import answer, require_answerable
from drills.practice.builds import ensure_built
from drills.practice.cards import shown_state_of
from drills.practice.settings import update_settings
from drills.scoring import score_transcript
from drills.spoken_drills import answer_with_take, spec_for_drill
from drills.spoken_rating import SpokenRating, rate_spoken
from drills.transcript import Transcript, Word
from tests.drills.practice_helpers import T0, launched_rep, publish, queue_for


def _timed(text: str) -> Transcript:
    words = [Word(t, 0.5 + i * 0.4, 0.8 + i * 0.4, 0.9) for i, t in enumerate(text.split())]
    return Transcript.from_words(words, duration_s=1.0 + len(words) * 0.4)


def _spoken(session: Session, subject: str) -> Drill:
    return session.exec(select(Drill).where(Drill.kind == DrillKind.SPOKEN,
                                            Drill.subject == subject)).one()


def _forget_spoken(session: Session) -> None:
    """Make the database look like one built before spoken drills existed."""
    spoken = select(Drill.id).where(Drill.kind == DrillKind.SPOKEN)
    session.execute(delete(DrillCard).where(col(DrillCard.drill_id).in_(spoken)))
    session.execute(delete(Drill).where(col(Drill.kind) == DrillKind.SPOKEN))
    for row in [*session.exec(select(DrillBuild)), *session.exec(select(ModuleSync))]:
        row.builder = 1
        session.add(row)
    session.flush()


def _kinds(session: Session, user_id: int) -> list[str]:
    return [d.kind for _c, d in session.exec(
        select(DrillCard, Drill).join(Drill, col(Drill.id) == DrillCard.drill_id)
        .where(DrillCard.user_id == user_id)).all()]


def test_spoken_cards_come_after_the_written_ones_within_the_new_card_limit(
        session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    queue = queue_for(session, rep, T0)
    assert len(queue) == 12 and DrillKind.SPOKEN not in {d.drill.kind for d in queue}
    assert _kinds(session, rep.id).count(DrillKind.SPOKEN) == 7  # 5 messages + 2 objections
    update_settings(session=session, desired_retention=0.9, new_per_day=100, session_cards=15,
                    by=None, now=T0)
    queue = queue_for(session, rep, T0, limit=100)
    assert [d.drill.kind for d in queue][-7:] == [DrillKind.SPOKEN] * 7


def test_versions_built_before_spoken_drills_get_them_once(session: Session) -> None:
    rep, team, module = launched_rep(session)
    assert rep.id is not None and module.id is not None
    queue_for(session, rep, T0)
    _forget_spoken(session)
    assert DrillKind.SPOKEN not in _kinds(session, rep.id)
    # The rep's next sync (same launched version) upgrades the build and re-aligns cards.
    queue_for(session, rep, T0)
    assert _kinds(session, rep.id).count(DrillKind.SPOKEN) == 7
    build = session.get(DrillBuild, module.id)
    assert build is not None and build.builder == BUILDER_VERSION and build.version == 1
    # Idempotent: again, and an explicit ensure_built, add nothing.
    queue_for(session, rep, T0)
    ensure_built(session=session, module=module, version=1, now=T0)
    assert len(session.exec(select(Drill).where(Drill.kind == DrillKind.SPOKEN)).all()) == 7
    assert _kinds(session, rep.id).count(DrillKind.SPOKEN) == 7
    # Then v2 (which changes `rollback`) carries unchanged spoken drills on, ends the
    # changed one and starts its replacement, as for the written drills.
    later = T0 + timedelta(days=1)
    publish(session, "playbook-v2.yaml", now=later)
    launch(session=session, module=module, version=2, team_ids=[team.id or 0], due_at=None,
           by=None, now=later)
    queue_for(session, rep, later)
    rollback = session.exec(select(Drill).where(Drill.kind == DrillKind.SPOKEN,
                                                Drill.subject == "rollback")
                            .order_by(col(Drill.since_version))).all()
    assert [(d.since_version, d.until_version) for d in rollback] == [(1, 2), (2, None)]
    stops = _spoken(session, "stops-ransomware")
    assert (stops.since_version, stops.until_version) == (1, None)


def test_a_version_built_before_spoken_drills_with_a_later_one_already_built(
        session: Session) -> None:
    publish(session, "playbook.yaml")
    module = publish(session, "playbook-v2.yaml")
    ensure_built(session=session, module=module, version=2, now=T0)
    _forget_spoken(session)
    ensure_built(session=session, module=module, version=2, now=T0)
    rollback = session.exec(select(Drill).where(Drill.kind == DrillKind.SPOKEN,
                                                Drill.subject == "rollback")
                            .order_by(col(Drill.since_version))).all()
    # The ranges mirror the recall drills': v1's line until 2, v2's line from 2.
    assert [(d.since_version, d.until_version) for d in rollback] == [(1, 2), (2, None)]
    assert "30 seconds" in rollback[1].payload["statement"]
    assert "30 seconds" not in rollback[0].payload["statement"]


def test_a_take_is_scored_on_the_drill_rubric_and_answers_the_card_once(
        session: Session) -> None:
    rep, _, module = launched_rep(session)
    assert rep.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=100, session_cards=15,
                    by=None, now=T0)
    queue_for(session, rep, T0, limit=100)
    drill = _spoken(session, "already-have-antivirus")
    assert drill.id is not None
    card = session.exec(select(DrillCard).where(DrillCard.user_id == rep.id,
                                                DrillCard.drill_id == drill.id)).one()
    state = shown_state_of(card)
    content = latest_published(session=session, module=module)
    assert content is not None
    spec = spec_for_drill(drill, content.content)
    assert [p.id for p in spec.points] == ["signatures-miss-new-threats", "replaces-not-adds",
                                           "rollback-as-safety-net"]
    assert spec.forbidden and spec.duration_target == (10.0, 45.0) and spec.pitch is None
    take = ("Antivirus only catches threats it already has a signature for, and most "
            "ransomware today is new. Shield replaces your antivirus so you are not adding "
            "another agent. And even if an attack gets in, rollback restores machines in "
            "minutes.")
    result = score_transcript(spec, _timed(take))
    assert result.score == 100
    outcome = answer_with_take(session=session, drill=drill, user_id=rep.id, shown_state=state,
                               result=result, now=T0)
    assert outcome["answered"] and outcome["rating"] == int(rate_spoken(result))
    assert outcome["rating_label"] in ("Good", "Easy") and outcome["why"]
    review = session.exec(select(DrillReview).where(DrillReview.drill_id == drill.id)).one()
    assert review.source == "spoken" and review.score == 100
    assert review.rating == outcome["rating"]
    # The same take again (a replayed job, a double submit): counted once.
    again = answer_with_take(session=session, drill=drill, user_id=rep.id, shown_state=state,
                             result=result, now=T0)
    assert not again["answered"] and "counted once" in again["note"]
    assert len(session.exec(select(DrillReview).where(DrillReview.drill_id == drill.id))
               .all()) == 1


def test_a_weak_take_rates_again_and_a_self_rating_is_a_tap(session: Session) -> None:
    rep, _, module = launched_rep(session)
    assert rep.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=100, session_cards=15,
                    by=None, now=T0)
    queue_for(session, rep, T0, limit=100)
    content = latest_published(session=session, module=module)
    assert content is not None
    drill = _spoken(session, "stops-ransomware")
    result = score_transcript(spec_for_drill(drill, content.content),
                              _timed("Our product is great and the price is fair."))
    assert rate_spoken(result) == SpokenRating.AGAIN
    card = session.exec(select(DrillCard).where(DrillCard.drill_id == drill.id)).one()
    outcome = answer_with_take(session=session, drill=drill, user_id=rep.id,
                               shown_state=shown_state_of(card), result=result, now=T0)
    assert outcome["answered"] and outcome["rating_label"] == "Again"
    assert "None of the points" in outcome["why"]
    other = _spoken(session, "too-expensive")
    other_card = session.exec(select(DrillCard).where(DrillCard.drill_id == other.id)).one()
    assert other.id is not None
    answer(session=session, user_id=rep.id, drill_id=other.id,
           shown_state=shown_state_of(other_card), rating=3, now=T0)
    review = session.exec(select(DrillReview).where(DrillReview.drill_id == other.id)).one()
    assert review.source == "tap" and review.score is None
    with pytest.raises(Conflict):
        require_answerable(session=session, user_id=rep.id, drill_id=other.id,
                           shown_state=shown_state_of(other_card).split(".")[0] + ".0",
                           now=T0)
