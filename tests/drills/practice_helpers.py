"""Helpers for drill tests: the demo module launched to a team, and a rep on that team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from app.models import Role, Team, User
from app.users import load_account
from drills.models import Module
from drills.modules import active_launches, get_module, import_playbook, launch
from drills.practice.alignment import sync_rep
from drills.practice.cards import DueCard
from drills.practice.queue import due_queue
from tests.factories import make_team, make_user

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def publish(session: Session, name: str = "playbook.yaml", *, now: datetime = T0) -> Module:
    """Import one demo playbook version (v1 or v2) and return its module."""
    import_playbook(session=session, data=(DEMO / name).read_bytes(), filename=name, by=None,
                    now=now)
    return get_module(session=session, slug="northwind-shield-launch")


def launched_rep(session: Session, *, version: int = 1,
                 now: datetime = T0) -> tuple[User, Team, Module]:
    """A rep whose team has the demo module's `version` launched."""
    publish(session, "playbook.yaml", now=now)
    if version == 2:
        publish(session, "playbook-v2.yaml", now=now)
    module = get_module(session=session, slug="northwind-shield-launch")
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    launch(session=session, module=module, version=version, team_ids=[team.id or 0],
           due_at=now + timedelta(days=21), by=None, now=now)
    return rep, team, module


def queue_for(session: Session, rep: User, now: datetime, limit: int = 50) -> list[DueCard]:
    """Sync the rep with their launches and return their due queue."""
    account = load_account(session=session, user=rep)
    sync_rep(session=session, user_id=account.id,
             launches=active_launches(session=session, team_ids=account.policy.readable_team_ids),
             now=now)
    return due_queue(session=session, user_id=account.id, now=now, limit=limit)
