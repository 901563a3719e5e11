"""The field feedback loop's domain: filing, scoping, triage and 'addressed in vN'."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from app.models import Role
from drills import field_reports as fr
from drills.errors import Conflict, InvalidInput, NotFound
from drills.modules import launch
from tests.drills.practice_helpers import T0, launched_rep, publish
from tests.factories import make_team, make_user


def _report(session: Session, *, kind: str = "pushback", message_id: str | None = "rollback",
            note: str = "", version: int | None = None, **kw: object) -> fr.FieldReport:
    rep, team, module = kw.get("who") or launched_rep(session)  # type: ignore[misc]
    return fr.create(session=session, user_id=rep.id, team_id=team.id, module=module,
                     version=version, message_id=message_id, kind=kind, note=note,
                     source="message", now=kw.get("now", T0))  # type: ignore[arg-type]


def test_create_defaults_to_launched_version_and_dedupes_double_tap(session: Session) -> None:
    who = launched_rep(session)
    first = _report(session, who=who, note="  CFO said it is too vague ")
    assert (first.version, first.status, first.note) == (1, fr.NEW, "CFO said it is too vague")
    again = _report(session, who=who, note="CFO said it is too vague",
                    now=T0 + timedelta(seconds=5))
    assert again.id == first.id
    later = _report(session, who=who, note="CFO said it is too vague",
                    now=T0 + timedelta(minutes=10))
    assert later.id != first.id


def test_bad_input_is_refused(session: Session) -> None:
    who = launched_rep(session)
    with pytest.raises(NotFound, match="no message or objection 'nope'"):
        _report(session, who=who, message_id="nope")
    with pytest.raises(InvalidInput, match="at most 1000"):
        _report(session, who=who, note="x" * 1001)
    with pytest.raises(InvalidInput, match="Unknown report kind"):
        _report(session, who=who, kind="meh")
    with pytest.raises(InvalidInput, match="objection you heard"):
        _report(session, who=who, kind=fr.MISSING_OBJECTION, message_id=None, note="   ")
    with pytest.raises(NotFound, match="not launched"):
        _report(session, who=who, version=2)  # v2 is not published, let alone launched


def test_unassigned_rep_cannot_report(session: Session) -> None:
    _rep, _team, module = launched_rep(session)
    stranger = make_user(session, Role.REP)
    with pytest.raises(NotFound):
        fr.create(session=session, user_id=stranger.id or 0, team_id=stranger.team_id,
                  module=module, version=None, message_id="rollback", kind="landed", note="",
                  source="api", now=T0)


def test_scope_own_team_all(session: Session) -> None:
    who = launched_rep(session)
    mine = _report(session, who=who)
    other_team = make_team(session)
    other = make_user(session, Role.REP, team=other_team)
    launch(session=session, module=who[2], version=1, team_ids=[other_team.id or 0],
           due_at=None, by=None, now=T0)
    theirs = _report(session, who=(other, other_team, who[2]), kind="landed")
    ids = lambda scope: {r.id for r in fr.list_for(session=session, scope=scope)}  # noqa: E731
    assert ids(fr.Scope(user_id=who[0].id or 0)) == {mine.id}
    assert ids(fr.Scope(user_id=0, team_ids=frozenset({who[1].id or 0}))) == {mine.id}
    assert ids(fr.Scope(user_id=0, team_ids=None)) == {mine.id, theirs.id}
    with pytest.raises(NotFound):
        fr.get(session=session, scope=fr.Scope(user_id=other.id or 0), report_id=mine.id or 0)


def test_triage_moves_forward_only_and_addressed_in_changed_version(session: Session) -> None:
    rep, team, module = launched_rep(session)
    marketer = make_user(session, Role.MARKETING)  # a real id: replied_by is a foreign key
    report = _report(session, who=(rep, team, module))
    untouched = _report(session, who=(rep, team, module), message_id="one-console")
    publish(session, "playbook-v2.yaml", now=T0 + timedelta(days=1))  # v2 changes 'rollback'
    assert fr.addressable_versions(session=session, report=report) == [2]
    assert fr.addressable_versions(session=session, report=untouched) == []
    out = fr.triage(session=session, report=report, status=fr.ACKNOWLEDGED, reply="Thanks!",
                    addressed_version=None, by=marketer.id, expected_status=fr.NEW, now=T0)
    assert out.notify and report.reply == "Thanks!"
    with pytest.raises(Conflict, match="now 'Acknowledged'"):
        fr.triage(session=session, report=report, status=fr.PLANNED, reply=None,
                  addressed_version=None, by=marketer.id, expected_status=fr.NEW, now=T0)
    with pytest.raises(InvalidInput, match="did not change this message"):
        fr.triage(session=session, report=untouched, status=fr.DONE, reply=None,
                  addressed_version=2, by=marketer.id, expected_status=None, now=T0)
    with pytest.raises(InvalidInput, match="Only a report marked done"):
        fr.triage(session=session, report=report, status=fr.PLANNED, reply=None,
                  addressed_version=2, by=marketer.id, expected_status=None, now=T0)
    quiet = fr.triage(session=session, report=report, status=fr.PLANNED, reply=None,
                      addressed_version=None, by=marketer.id, expected_status=None, now=T0)
    assert not quiet.notify  # an internal move without a reply does not ping the rep
    with pytest.raises(Conflict, match="cannot go back"):
        fr.triage(session=session, report=report, status=fr.ACKNOWLEDGED, reply=None,
                  addressed_version=None, by=marketer.id, expected_status=None, now=T0)
    done = fr.triage(session=session, report=report, status=fr.DONE, reply=None,
                     addressed_version=2, by=marketer.id, expected_status=None, now=T0)
    assert done.notify and report.addressed_version == 2
    with pytest.raises(Conflict, match="closed"):
        fr.triage(session=session, report=report, status=fr.DONE, reply="again",
                  addressed_version=None, by=marketer.id, expected_status=None, now=T0)
    with pytest.raises(InvalidInput, match="Unknown status"):
        fr.triage(session=session, report=untouched, status="lost", reply=None,
                  addressed_version=None, by=marketer.id, expected_status=None, now=T0)


def test_group_counts_and_trend(session: Session) -> None:
    who = launched_rep(session)
    now = T0 + timedelta(days=20)
    for days, kind in ((1, "pushback"), (2, "pushback"), (3, "confused"), (10, "landed"),
                       (25, "landed")):
        _report(session, who=who, kind=kind, now=now - timedelta(days=days))
    _report(session, who=who, kind=fr.MISSING_OBJECTION, message_id=None,
            note="We get this free from our bank", now=now)
    groups = fr.group(session=session, reports=fr.list_for(
        session=session, scope=fr.Scope(user_id=0, team_ids=None)), now=now)
    by_id = {g.message_id: g for g in groups}
    rollback = by_id["rollback"]
    assert rollback.counts == {"pushback": 2, "confused": 1, "landed": 2}
    assert (rollback.total, rollback.last_7, rollback.prev_7, rollback.last_30) == (5, 3, 1, 5)
    assert rollback.trend == "up"
    assert by_id[None].label == "Objections the playbook lacks"
