"""Adoption insights as the page, its CSV downloads and the API read them: who may see
which module, version and teams, and the figures for what was asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.models import Role, Team
from app.users import Account, get_team, list_teams
from certification import insights
from drills.errors import NotFound, NotPermitted
from drills.models import Module, ModuleVersion
from drills.modules import get_module


@dataclass(frozen=True)
class Asked:
    """What one insights request covers, after the access checks."""

    module: Module
    versions: list[ModuleVersion]  # launched versions this person may read, newest first
    version: ModuleVersion | None  # None: not launched yet (authors only)
    team_ids: set[int] | None  # None: every team the version went to
    teams: list[Team]  # the teams this person may narrow to
    team: int | None  # the team asked for, if any


def resolve(*, session: Session, account: Account, slug: str, version: int | None,
            team: int | None) -> Asked:
    """Check access and pick the version and teams an insights request reads."""
    module = get_module(session=session, slug=slug)
    if account.policy.may_author:
        allowed: set[int] | None = None
    elif account.has(Role.MANAGER):
        allowed = insights.readable_team_ids(session=session, module_id=module.id or 0,
                                             team_ids=account.managed_team_ids)
        if not allowed:
            # Same answer as a missing module: do not reveal work not launched to them.
            raise NotFound(f"There is no module '{slug}'.")
    else:
        raise NotPermitted("Insights are for marketing, admins and managers.")
    if team is not None:
        if allowed is not None and team not in allowed:
            raise NotPermitted("You can only see insights for the teams you manage.")
        get_team(session=session, team_id=team)
        team_ids: set[int] | None = {team}
    else:
        team_ids = allowed
    versions = insights.launched_versions(session=session, module_id=module.id or 0,
                                          team_ids=allowed)
    chosen = versions[0] if versions else None
    if version is not None:
        chosen = next((v for v in versions if v.version == version), None)
        if chosen is None:
            raise NotFound(f"Version {version} of '{slug}' was not launched"
                           f"{'' if allowed is None else ' to your teams'}.")
    teams = list(list_teams(session=session))
    if allowed is not None:
        teams = [t for t in teams if t.id in allowed]
    return Asked(module=module, versions=versions, version=chosen, team_ids=team_ids,
                 teams=teams, team=team)


def compute(session: Session, asked: Asked, now: datetime) -> insights.Insights | None:
    """The insights for what was asked; None when no version was launched yet."""
    if asked.version is None:
        return None
    scope = insights.scope_for(session=session, module=asked.module, version=asked.version,
                               team_ids=asked.team_ids)
    return insights.insights(session=session, scope=scope, now=now)
