"""JSON API: the caller, users and teams."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, Field

from app.deps import (
    CurrentAdmin,
    CurrentUser,
    DbDep,
    SessionDep,
    SettingsDep,
    writes_in_own_turn,
)
from app.errors import API_ERRORS
from app.imports import import_users_file
from app.models import Role
from app.uploads import read_limited
from app.users import (
    Account,
    create_team,
    create_user,
    get_team,
    list_teams,
    list_users,
    load_account,
    members_of,
)
from drills.errors import NotPermitted

router = APIRouter(prefix="/api/v1", tags=["api"], responses=API_ERRORS)


class TeamOut(BaseModel):
    id: int
    name: str


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    roles: list[Role]
    team: TeamOut | None
    managed_teams: list[TeamOut]
    is_active: bool


class UserIn(BaseModel):
    email: str = Field(max_length=254)
    name: str = Field(max_length=120)
    roles: list[Role] = Field(min_length=1)
    team_id: int | None = None
    managed_team_ids: list[int] = []


class TeamIn(BaseModel):
    name: str = Field(max_length=120)


class ImportOut(BaseModel):
    created: int
    teams_created: list[str]


def _user_out(session: SessionDep, account: Account) -> UserOut:
    user = account.user
    team = get_team(session=session, team_id=user.team_id) if user.team_id else None
    managed = [get_team(session=session, team_id=t) for t in sorted(account.managed_team_ids)]
    return UserOut(
        id=account.id, email=user.email, name=user.name, roles=sorted(account.roles),
        team=TeamOut(id=team.id, name=team.name) if team and team.id else None,
        managed_teams=[TeamOut(id=t.id or 0, name=t.name) for t in managed],
        is_active=user.is_active,
    )


@router.get("/me", response_model=UserOut, summary="The signed-in user")
def me(account: CurrentUser, session: SessionDep) -> UserOut:
    return _user_out(session, account)


@router.get("/users", response_model=list[UserOut], summary="Users (admin)")
def users(admin: CurrentAdmin, session: SessionDep, team_id: int | None = None) -> list[UserOut]:
    return [_user_out(session, load_account(session=session, user=u))
            for u in list_users(session=session, team_id=team_id)]


@router.post("/users", response_model=UserOut, status_code=201, summary="Create a user (admin)")
def add_user(body: UserIn, admin: CurrentAdmin, session: SessionDep,
             settings: SettingsDep) -> UserOut:
    user = create_user(session=session, email=body.email, name=body.name, roles=body.roles,
                       team_id=body.team_id, managed_team_ids=body.managed_team_ids,
                       base_url=settings.base_url)
    return _user_out(session, load_account(session=session, user=user))


@router.post("/users/import", response_model=ImportOut, status_code=201,
             summary="Import users from CSV (email,name,team,roles), all or nothing")
@writes_in_own_turn
async def import_users(
    admin: CurrentAdmin, session: SessionDep, settings: SettingsDep, db: DbDep,
    file: Annotated[UploadFile, File()], create_teams: bool = False,
) -> ImportOut:
    data = await read_limited(file, settings.max_upload_mb * 1024 * 1024, what="CSV file")
    result = await import_users_file(db, session, data=data, create_teams=create_teams,
                                     max_rows=settings.max_import_rows)
    return ImportOut(created=len(result.created), teams_created=result.teams_created)


@router.get("/teams", response_model=list[TeamOut],
            summary="Teams: all for admins, the managed ones for managers, your own for reps")
def teams(account: CurrentUser, session: SessionDep) -> list[TeamOut]:
    visible = []
    for team in list_teams(session=session):
        if (account.has(Role.ADMIN, Role.MARKETING) or team.id in account.managed_team_ids
                or team.id == account.team_id):
            visible.append(TeamOut(id=team.id or 0, name=team.name))
    return visible


@router.get("/teams/{team_id}/members", response_model=list[UserOut],
            summary="Members of a team you manage (or any, for admins)")
def team_members(team_id: int, account: CurrentUser, session: SessionDep) -> list[UserOut]:
    get_team(session=session, team_id=team_id)
    if not (account.has(Role.ADMIN) or team_id in account.managed_team_ids):
        raise NotPermitted("You can only list the members of teams you manage.")
    return [_user_out(session, load_account(session=session, user=u))
            for u in members_of(session=session, team_id=team_id)]


@router.post("/teams", response_model=TeamOut, status_code=201, summary="Create a team (admin)")
def add_team(body: TeamIn, admin: CurrentAdmin, session: SessionDep) -> TeamOut:
    team = create_team(session=session, name=body.name)
    return TeamOut(id=team.id or 0, name=team.name)
