"""JSON API, version 1: tokens, the caller, users and teams."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import BaseModel, Field
from sqlmodel import select

from app.auth import (
    BadCredentials,
    RateLimits,
    TooManyAttempts,
    authenticate,
    create_api_token,
    revoke_api_token,
    token_hash,
)
from app.clock import utcnow
from app.deps import (
    CurrentAdmin,
    CurrentUser,
    DbDep,
    SessionDep,
    SettingsDep,
    bearer_token,
    client_address,
    writes_in_own_turn,
)
from app.errors import API_ERRORS
from app.identity.sso import password_allowed
from app.imports import import_users_file
from app.models import ApiToken, Role
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


class TokenRequest(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)
    name: str = Field("api", max_length=100, description="A label to recognise the token by.")


class TokenOut(BaseModel):
    token: str
    id: int
    expires_at: datetime


class TokenInfo(BaseModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


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


@router.post("/tokens", response_model=TokenOut, status_code=201,
             summary="Exchange an email and password for a bearer token")
def create_token(body: TokenRequest, request: Request, session: SessionDep,
                 settings: SettingsDep) -> TokenOut:
    limits = RateLimits.from_settings(settings)
    if not password_allowed(settings, body.email):
        raise BadCredentials("Password sign-in is turned off for this organisation; sign in "
                             "with single sign-on in the browser to use the app.")
    try:
        user = authenticate(session=session, email=body.email, password=body.password,
                            address=client_address(request), limits=limits, now=utcnow())
    except (BadCredentials, TooManyAttempts):
        session.commit()  # keep the recorded failure for rate limiting
        raise
    raw, row = create_api_token(session=session, user=user, days=settings.token_days,
                                now=utcnow(), name=body.name)
    assert row.id is not None
    return TokenOut(token=raw, id=row.id, expires_at=row.expires_at)


@router.get("/tokens", response_model=list[TokenInfo], summary="Your API tokens")
def list_tokens(account: CurrentUser, session: SessionDep) -> list[TokenInfo]:
    rows = session.exec(select(ApiToken).where(ApiToken.user_id == account.id)
                        .order_by(ApiToken.created_at.desc())).all()  # type: ignore[attr-defined]
    return [TokenInfo.model_validate(r, from_attributes=True) for r in rows]


@router.delete("/tokens/current", status_code=204, summary="Revoke the token used for this call")
def revoke_current(request: Request, account: CurrentUser, session: SessionDep) -> None:
    token = bearer_token(request)
    if token is None:
        raise NotPermitted("This call was not made with a bearer token.")
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).one()
    assert row.id is not None
    revoke_api_token(session=session, token_id=row.id, user_id=account.id, now=utcnow())


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your tokens")
def revoke_token(token_id: int, account: CurrentUser, session: SessionDep) -> None:
    revoke_api_token(session=session, token_id=token_id, user_id=account.id, now=utcnow())


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

