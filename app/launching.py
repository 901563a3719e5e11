"""Launching a published module version to teams: one use case, called by the launch page,
the API and the demo, so none of them can do only part of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.inbox import notify_launches
from certification import events as certification_events
from drills.models import Launch, Module
from drills.modules import launch


@dataclass(frozen=True)
class Launched:
    launches: list[Launch]
    reps_notified: int


def launch_version(*, session: Session, module: Module, version: int | None,
                   team_ids: Sequence[int], due_at: datetime | None, by: int | None,
                   now: datetime, base_url: str) -> Launched:
    """Launch `version` (None: the newest published) to the teams, in the caller's
    transaction: the launches, every rep's inbox notice, and their certifications
    (assigned, or renewed where this version changed the messages they depended on)."""
    launches = launch(session=session, module=module, version=version, team_ids=list(team_ids),
                      due_at=due_at, by=by, now=now)
    told = notify_launches(session=session, launches=launches, now=now)
    certification_events.on_launch(session=session, launches=launches, by=by, now=now,
                                   base_url=base_url)
    return Launched(launches=list(launches), reps_notified=told)
