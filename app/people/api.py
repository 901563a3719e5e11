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
from app.people import service
from app.uploads import read_limited
from app.users import create_team, create_user, list_users, load_account

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


def _user_out(person: service.Profile) -> UserOut:
    account, team = person.account, person.team
    return UserOut(
        id=account.id, email=account.user.email, name=account.user.name,
        roles=sorted(account.roles),
        team=TeamOut(id=team.id, name=team.name) if team and team.id else None,
        managed_teams=[TeamOut(id=t.id or 0, name=t.name) for t in person.managed],
        is_active=account.user.is_active,
    )


@router.get("/me", response_model=UserOut, summary="The signed-in user")
def me(account: CurrentUser, session: SessionDep) -> UserOut:
    return _user_out(service.profile(session, account))


@router.get("/users", response_model=list[UserOut], summary="Users (admin)")
def users(admin: CurrentAdmin, session: SessionDep, team_id: int | None = None) -> list[UserOut]:
    return [_user_out(p) for p in service.profiles(session, list_users(session=session,
                                                                      team_id=team_id))]


@router.post("/users", response_model=UserOut, status_code=201, summary="Create a user (admin)")
def add_user(body: UserIn, admin: CurrentAdmin, session: SessionDep,
             settings: SettingsDep) -> UserOut:
    user = create_user(session=session, email=body.email, name=body.name, roles=body.roles,
                       team_id=body.team_id, managed_team_ids=body.managed_team_ids,
                       base_url=settings.base_url)
    return _user_out(service.profile(session, load_account(session=session, user=user)))


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
    return [TeamOut(id=team.id or 0, name=team.name)
            for team in service.visible_teams(session, account)]


@router.get("/teams/{team_id}/members", response_model=list[UserOut],
            summary="Members of a team you manage (or any, for admins)")
def team_members(team_id: int, account: CurrentUser, session: SessionDep) -> list[UserOut]:
    return [_user_out(p) for p in service.team_members(session, account, team_id)]


@router.post("/teams", response_model=TeamOut, status_code=201, summary="Create a team (admin)")
def add_team(body: TeamIn, admin: CurrentAdmin, session: SessionDep) -> TeamOut:
    team = create_team(session=session, name=body.name)
    return TeamOut(id=team.id or 0, name=team.name)
