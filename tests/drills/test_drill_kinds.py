"""The drill-kind registry: every kind declared once and whole, and every payload the
builder stores (today's and older rows) read back through its kind's model."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.demo import seed_demo
from app.models import User
from app.users import load_account
from drills.drill_builder import build_drills
from drills.drill_models import Drill
from drills.kinds import KINDS, DrillKind, DrillPayload, payload_of
from drills.kinds.pick import PickPayload
from drills.kinds.spoken import SpokenPayload
from drills.modules import active_launches
from drills.playbook_format import parse_playbook
from drills.practice.alignment import sync_rep
from tests.drills.practice_helpers import DEMO, T0

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS = sorted([*DEMO.glob("*.yaml"), *(ROOT / "tests/drills/playbooks").glob("*.yaml")])


def test_every_kind_is_declared_once_and_whole() -> None:
    assert list(KINDS) == [k.kind for k in KINDS.values()]
    assert set(KINDS) == {k.value for k in DrillKind}
    union = typing.get_args(typing.get_args(DrillPayload)[0])
    assert {m.model_fields["kind"].default for m in union} == set(KINDS)
    for kind in KINDS.values():
        assert kind.payload.model_fields["kind"].default == kind.kind
        assert kind.for_message or kind.for_objection, kind.kind
        assert len(kind.kind) <= 16  # the drills.kind column
        for template in (kind.card_template, kind.feedback_template):
            assert (ROOT / "templates" / template).is_file(), template


@pytest.mark.parametrize("path", PLAYBOOKS, ids=lambda p: p.name)
def test_built_payloads_read_back_as_stored(path: Path) -> None:
    playbook = parse_playbook(path.read_bytes(), filename=path.name)
    for spec in build_drills(playbook):
        typed = payload_of(Drill(module_id=1, kind=spec.kind, subject=spec.subject,
                                 fingerprint=spec.fingerprint, since_version=1,
                                 payload=spec.payload))
        assert typed.kind == spec.kind and typed.stored() == spec.payload
        assert typed.teaches() == spec.teaches


def test_the_demo_drills_read_back(session: Session) -> None:
    seed_demo(session=session)
    rep = session.exec(select(User).where(User.email == "rep@example.com")).one()
    account = load_account(session=session, user=rep)
    sync_rep(session=session, user_id=account.id, now=T0, launches=active_launches(
        session=session, team_ids=account.policy.readable_team_ids))
    drills = session.exec(select(Drill)).all()
    assert {d.kind for d in drills} == set(KINDS)
    for drill in drills:
        assert payload_of(drill).stored() == drill.payload


def test_older_and_newer_rows_stay_readable() -> None:
    # A spoken row from before `family` was stored, with a key a later builder added.
    old = payload_of(Drill(kind="spoken", payload={
        "prompt": "Say it", "statement": "We stop ransomware.", "points": [
            {"id": "m1", "statement": "We stop ransomware."}], "someday": True}))
    assert isinstance(old, SpokenPayload)
    assert old.teaches() == "message" and old.points[0].weight == 1.0 and old.duration is None
    # A pick row with only what its card shows.
    pick = payload_of(Drill(kind="pick", payload={
        "options": [{"id": "a", "text": "line", "correct": True}], "number": 1, "of": 3}))
    assert isinstance(pick, PickPayload) and pick.title() is None and pick.keywords == []


def test_a_spoken_objection_rated_by_its_rep_shows_the_key_points() -> None:
    playbook = parse_playbook((DEMO / "playbook.yaml").read_bytes())
    spec = next(s for s in build_drills(playbook)
                if s.kind == DrillKind.SPOKEN and s.teaches == "objection")
    objection = playbook.objection(spec.subject)
    assert objection is not None
    shown = KINDS["spoken"].feedback(payload_of(Drill(kind="spoken", payload=spec.payload)),
                                     None)
    # (it used to fall through to "The line", which has none: the page showed "None")
    assert shown["objection"] == objection.objection and shown["statement"] is None
    assert shown["points"] == [p.statement for p in objection.response]
