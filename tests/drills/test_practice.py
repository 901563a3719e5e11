"""Practice services: cards per launched version, the queue, answering once, versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from drills.drill_builder import DrillKind
from drills.drill_models import RETIRED, Drill, DrillCard, DrillReview
from drills.errors import Conflict, InvalidInput, NotFound
from drills.modules import launch
from drills.practice.alignment import IN_SYNC, rep_in_sync
from drills.practice.answering import answer, prepare_answer, record_answer
from drills.practice.builds import ensure_built
from drills.practice.cards import shown_state_of
from drills.practice.day_stats import streak
from drills.practice.queue import due_count, due_queue, due_queue_and_counts, queue_counts
from drills.practice.settings import get_settings, update_settings
from drills.progress import mastery_for, message_difficulty
from drills.scheduling import Rating
from tests.drills.practice_helpers import T0, launched_rep, publish, queue_for


def _answer_right(session: Session, user_id: int, due, now, fuzz=False):  # type: ignore[no-untyped-def]
    kind = DrillKind(due.drill.kind)
    if kind == DrillKind.GAP:
        return answer(session=session, user_id=user_id, drill_id=due.drill.id,
                      shown_state=due.shown_state, answer=due.drill.payload["expected"],
                      now=now, fuzz=fuzz)
    if kind == DrillKind.PICK:
        right = next(o["id"] for o in due.drill.payload["options"] if o["correct"])
        return answer(session=session, user_id=user_id, drill_id=due.drill.id,
                      shown_state=due.shown_state, answer=right, now=now, fuzz=fuzz)
    return answer(session=session, user_id=user_id, drill_id=due.drill.id,
                  shown_state=due.shown_state, rating=Rating.GOOD, now=now, fuzz=fuzz)


def test_launch_gives_the_rep_cards_new_ones_capped_per_day(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    queue = queue_for(session, rep, T0)
    assert len(queue) == 12  # the default daily limit of new cards
    assert [d.drill.kind for d in queue[:7]] == ["recall"] * 5 + ["objection"] * 2
    assert all(d.card.reviews == 0 for d in queue)
    cards = session.exec(select(DrillCard).where(DrillCard.user_id == rep.id)).all()
    assert len(cards) == 4 * 5 + 2 * 2  # v1: five messages, two objections, each spoken too


def test_answer_reschedules_and_logs_once(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    due = queue_for(session, rep, T0)[0]
    shown = due.shown_state
    result = _answer_right(session, rep.id, due, T0)
    assert result.card.reviews == 1
    assert result.card.due == T0 + timedelta(minutes=10)  # FSRS learning step, fuzz off
    logs = session.exec(select(DrillReview).where(DrillReview.user_id == rep.id)).all()
    assert len(logs) == 1 and logs[0].rating == 3 and logs[0].source == "tap"
    # The double tap: the same shown state again is refused and nothing more is counted.
    with pytest.raises(Conflict):
        answer(session=session, user_id=rep.id, drill_id=due.drill.id or 0,
               shown_state=shown, rating=3, now=T0 + timedelta(minutes=11))
    assert len(session.exec(select(DrillReview)
                            .where(DrillReview.user_id == rep.id)).all()) == 1


def test_answers_prepared_together_are_recorded_once(session: Session) -> None:
    # Two requests check the same card before either writes (the API prepares an answer
    # before its write turn): the first to write counts, the second is refused.
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    due = queue_for(session, rep, T0)[0]
    first, second = (prepare_answer(session=session, user_id=rep.id, drill_id=due.drill.id or 0,
                                    shown_state=due.shown_state, rating=rating, now=T0,
                                    fuzz=False)
                     for rating in (Rating.GOOD, Rating.AGAIN))
    assert record_answer(session=session, prepared=first).card.reviews == 1
    with pytest.raises(Conflict, match="already answered"):
        record_answer(session=session, prepared=second)
    logs = session.exec(select(DrillReview).where(DrillReview.user_id == rep.id)).all()
    assert [log.rating for log in logs] == [Rating.GOOD]


def test_new_card_limit_holds_for_answers_prepared_together(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    cards = queue_for(session, rep, T0)[:2]
    update_settings(session=session, desired_retention=0.9, new_per_day=1, session_cards=15,
                    by=None, now=T0)
    prepared = [prepare_answer(session=session, user_id=rep.id, drill_id=due.drill.id or 0,
                               shown_state=due.shown_state, rating=3, now=T0)
                for due in cards]  # both pass the check: no new card answered yet today
    record_answer(session=session, prepared=prepared[0])
    with pytest.raises(Conflict, match="new cards"):
        record_answer(session=session, prepared=prepared[1])
    assert len(session.exec(select(DrillReview)
                            .where(DrillReview.user_id == rep.id)).all()) == 1


def test_bad_answers_are_refused_and_not_counted(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    queue = queue_for(session, rep, T0)
    recall = next(d for d in queue if d.drill.kind == "recall")
    pick = next(d for d in queue if d.drill.kind == "pick")
    with pytest.raises(InvalidInput):
        answer(session=session, user_id=rep.id, drill_id=recall.drill.id or 0,
               shown_state=recall.shown_state, rating=5, now=T0)
    with pytest.raises(InvalidInput):
        answer(session=session, user_id=rep.id, drill_id=recall.drill.id or 0,
               shown_state=recall.shown_state, answer="text", now=T0)
    with pytest.raises(InvalidInput):
        answer(session=session, user_id=rep.id, drill_id=pick.drill.id or 0,
               shown_state=pick.shown_state, answer="z", now=T0)
    with pytest.raises(InvalidInput):
        answer(session=session, user_id=rep.id, drill_id=pick.drill.id or 0,
               shown_state=pick.shown_state, rating=3, now=T0)
    with pytest.raises(NotFound):
        answer(session=session, user_id=rep.id, drill_id=10**9, shown_state="x", rating=3,
               now=T0)
    with pytest.raises(Conflict):
        answer(session=session, user_id=rep.id, drill_id=recall.drill.id or 0,
               shown_state="0.0", rating=3, now=T0)
    assert not session.exec(select(DrillReview).where(DrillReview.user_id == rep.id)).all()


def test_not_due_and_not_yours(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    due = queue_for(session, rep, T0)[0]
    result = _answer_right(session, rep.id, due, T0)
    with pytest.raises(Conflict, match="not due"):
        answer(session=session, user_id=rep.id, drill_id=due.drill.id or 0,
               shown_state=shown_state_of(result.card), rating=3, now=T0 + timedelta(minutes=1))
    # Another rep without the module has no card for this drill.
    from app.models import Role
    from tests.factories import make_user
    stranger = make_user(session, Role.REP)
    with pytest.raises(NotFound):
        answer(session=session, user_id=stranger.id or 0, drill_id=due.drill.id or 0,
               shown_state=due.shown_state, rating=3, now=T0)


def test_new_card_limit_is_enforced_on_answers(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=2, session_cards=15,
                    by=None, now=T0)
    queue = queue_for(session, rep, T0)
    assert len(queue) == 2
    for due in queue:
        _answer_right(session, rep.id, due, T0)
    hidden = session.exec(select(DrillCard).where(DrillCard.user_id == rep.id,
                                                  DrillCard.reviews == 0)).first()
    assert hidden is not None
    with pytest.raises(Conflict, match="new cards"):
        answer(session=session, user_id=rep.id, drill_id=hidden.drill_id,
               shown_state=shown_state_of(hidden), rating=3, now=T0)
    # Tomorrow brings new ones.
    assert len(queue_for(session, rep, T0 + timedelta(days=1))) >= 2


def test_typed_and_picked_answers_derive_the_rating(session: Session) -> None:
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=50, session_cards=15,
                    by=None, now=T0)
    queue = queue_for(session, rep, T0)
    gap = next(d for d in queue if d.drill.kind == "gap")
    typo = gap.drill.payload["expected"][:-1] + "x" if len(gap.drill.payload["expected"]) > 6 \
        else gap.drill.payload["expected"]
    got = answer(session=session, user_id=rep.id, drill_id=gap.drill.id or 0,
                 shown_state=gap.shown_state, answer=typo, now=T0, fuzz=False)
    assert got.rating == Rating.GOOD and got.verdict and got.verdict.correct
    pick = next(d for d in queue if d.drill.kind == "pick")
    wrong = next(o for o in pick.drill.payload["options"] if not o["correct"])
    got = answer(session=session, user_id=rep.id, drill_id=pick.drill.id or 0,
                 shown_state=pick.shown_state, answer=wrong["id"], now=T0, fuzz=False)
    assert got.rating == Rating.AGAIN and got.verdict and got.verdict.explanation == wrong["why"]
    assert got.card.due == T0 + timedelta(minutes=1)


def test_new_version_keeps_unchanged_schedules_and_retires_changed(session: Session) -> None:
    rep, team, module = launched_rep(session)
    assert rep.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=100, session_cards=15,
                    by=None, now=T0)
    for due in queue_for(session, rep, T0):
        _answer_right(session, rep.id, due, T0)
    before = {(c.drill_id): c for c in session.exec(
        select(DrillCard).where(DrillCard.user_id == rep.id)).all()}
    # v2 changes `rollback` and adds `managed-detection`; launch it to the rep's team.
    later = T0 + timedelta(days=1)
    publish(session, "playbook-v2.yaml", now=later)
    launch(session=session, module=module, version=2, team_ids=[team.id or 0], due_at=None,
           by=None, now=later)
    queue_for(session, rep, later)
    cards = session.exec(select(DrillCard, Drill).join(Drill, Drill.id == DrillCard.drill_id)
                         .where(DrillCard.user_id == rep.id)).all()
    by_subject: dict[str, list[tuple[DrillCard, Drill]]] = {}
    for card, drill in cards:
        by_subject.setdefault(drill.subject, []).append((card, drill))
    # Unchanged message: same drills, same schedule and history.
    for card, _drill in by_subject["stops-ransomware"]:
        assert card.queue != RETIRED and card.reviews == 1
        assert card.due == before[card.drill_id].due
    # Changed message: the old drills retired (history kept), fresh drills from scratch.
    old = [c for c, d in by_subject["rollback"] if d.until_version == 2]
    fresh = [c for c, d in by_subject["rollback"] if d.since_version == 2]
    # (four each: recall, gap, pick and spoken)
    assert len(old) == 4 and all(c.queue == RETIRED and c.reviews == 1 for c in old)
    assert len(fresh) == 4 and all(c.reviews == 0 and c.queue == 1 for c in fresh)
    # New message: fresh drills.
    assert len(by_subject["managed-detection"]) == 4
    # Answering a retired drill is refused.
    with pytest.raises(Conflict, match="retired"):
        answer(session=session, user_id=rep.id, drill_id=old[0].drill_id,
               shown_state=shown_state_of(old[0]), rating=3, now=later)


def test_team_on_old_version_keeps_old_drills(session: Session) -> None:
    rep, _team, module = launched_rep(session)
    publish(session, "playbook-v2.yaml", now=T0)
    ensure_built(session=session, module=module, version=2, now=T0)  # another team got v2
    queue = queue_for(session, rep, T0, limit=100)
    rollback = [d for d in queue if d.drill.subject == "rollback"]
    assert rollback and all(d.drill.since_version == 1 for d in rollback)
    assert "30 seconds" not in rollback[0].drill.payload["statement"]


def test_streak_due_count_mastery_and_difficulty(session: Session) -> None:
    rep, _, module = launched_rep(session)
    assert rep.id is not None and module.id is not None
    assert due_count(session=session, user_id=rep.id, now=T0) == 0  # not synced yet
    queue_for(session, rep, T0)
    assert due_count(session=session, user_id=rep.id, now=T0) == 12
    day = T0
    for n in range(3):
        for due in due_queue(session=session, user_id=rep.id, now=day, limit=3):
            _answer_right(session, rep.id, due, day)
        day = T0 + timedelta(days=n + 1)
    assert streak(session=session, user_id=rep.id, now=T0 + timedelta(days=2)) == 3
    assert streak(session=session, user_id=rep.id, now=T0 + timedelta(days=5)) == 0
    mastery = mastery_for(session=session, user_ids=[rep.id], now=T0 + timedelta(days=2),
                          target=0.9)[(rep.id, module.id)]
    assert mastery.drills == 24 and 0 < mastery.seen <= 9  # 17 written + 7 spoken
    assert 0 <= mastery.mastered <= mastery.seen
    rows = message_difficulty(session=session, module_id=module.id)
    assert rows and all(0 <= r.again_rate <= 1 for r in rows)
    assert {r.subject for r in rows} <= {"stops-ransomware", "behavioural-detection",
                                         "one-console", "rollback", "lower-total-cost",
                                         "already-have-antivirus", "too-expensive"}


def test_difficulty_reports_a_spoken_objection_drill_under_objections(session: Session) -> None:
    # A spoken drill's subject may name an objection: its family comes from the drill,
    # not from its kind, so it is never listed as a message (ids are unique per list only).
    rep, _, module = launched_rep(session)
    assert rep.id is not None and module.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=200, session_cards=50,
                    by=None, now=T0)
    queue_for(session, rep, T0)
    spoken = [d for d in session.exec(select(Drill).where(Drill.module_id == module.id,
                                                          Drill.kind == "spoken"))
              if d.payload.get("family") == "objection"]
    assert spoken
    card = session.exec(select(DrillCard).where(DrillCard.user_id == rep.id,
                                                DrillCard.drill_id == spoken[0].id)).one()
    answer(session=session, user_id=rep.id, drill_id=card.drill_id,
           shown_state=shown_state_of(card), rating=Rating.AGAIN, now=T0)
    rows = message_difficulty(session=session, module_id=module.id)
    assert [(r.subject, r.kind_family) for r in rows] == [(spoken[0].subject, "objection")]


def test_queue_read_with_its_counts_matches_the_queue_and_counts_read_apart(
        session: Session) -> None:
    # Through a rep's day: new cards only, reviews due, reviews and new, nothing left (the
    # counts then read on their own), at limits below, at and above what is due.
    rep, _, _ = launched_rep(session)
    assert rep.id is not None
    update_settings(session=session, desired_retention=0.9, new_per_day=4, session_cards=15,
                    by=None, now=T0)
    settings = get_settings(session=session)

    def check(now) -> int:  # type: ignore[no-untyped-def]
        for limit in (1, 3, 50):
            cards, counts = due_queue_and_counts(session=session, user_id=rep.id or 0,
                                                 now=now, limit=limit, settings=settings)
            apart = due_queue(session=session, user_id=rep.id or 0, now=now, limit=limit,
                              settings=settings)
            assert [c.card.id for c in cards] == [c.card.id for c in apart]
            assert counts == queue_counts(session=session, user_id=rep.id or 0, now=now)
        return len(apart)

    now, sizes = T0, []
    for _ in range(12):
        queue = queue_for(session, rep, now)
        sizes.append(check(now))
        if not queue:
            now += timedelta(hours=1)
            continue
        _answer_right(session, rep.id, queue[0], now)
    assert 0 in sizes and max(sizes) > 1, sizes  # (the day's 4 new cards, then none due)
    assert check(now + timedelta(days=400)) > 0  # everything due again


def test_in_sync_read_in_sql_agrees_with_rep_in_sync(session: Session) -> None:
    # Answering reads whether the rep's cards are in sync along with the card (IN_SYNC);
    # it must say what rep_in_sync says: before any sync, synced, a new version launched,
    # an older card builder, a module no longer launched to the team, no team at all.
    from sqlalchemy import select as sa_select
    from sqlalchemy import update

    from drills.drill_models import ModuleSync
    from tests.factories import make_team

    rep, team, module = launched_rep(session)
    assert rep.id is not None and team.id is not None
    other_team = make_team(session)

    def agree(team_ids: list[int]) -> bool:
        in_sql = session.execute(sa_select(IN_SYNC), {"user_id": rep.id,
                                                      "team_ids": team_ids}).scalar_one()
        in_python = rep_in_sync(session=session, user_id=rep.id or 0, team_ids=team_ids)
        assert bool(in_sql) == in_python, team_ids
        return in_python

    assert not agree([team.id])  # launched, never synced
    assert agree([])  # no team, no sync rows
    queue_for(session, rep, T0)
    assert agree([team.id]) and not agree([]) and not agree([other_team.id])
    assert agree([team.id, other_team.id])  # (nothing launched to the other team)
    session.execute(update(ModuleSync).where(ModuleSync.user_id == rep.id).values(builder=0))
    assert not agree([team.id])  # an older builder
    queue_for(session, rep, T0)
    assert agree([team.id])
    publish(session, "playbook-v2.yaml")
    launch(session=session, module=module, version=2, team_ids=[team.id], due_at=None,
           by=None, now=T0)
    assert not agree([team.id])  # a new version launched
    queue_for(session, rep, T0)
    assert agree([team.id])
    launch(session=session, module=module, version=2, team_ids=[other_team.id], due_at=None,
           by=None, now=T0)
    assert agree([team.id, other_team.id])  # the same module launched to both teams
