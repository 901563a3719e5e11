"""Admin pages: users, teams, invites and CSV import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app import mailer
from app.auth import create_invite
from app.clock import utcnow
from app.deps import CurrentAdmin, DbDep, SessionDep, SettingsDep, writes_in_own_turn
from app.errors import status_for
from app.imports import import_users_file
from app.models import Role, User
from app.people import service
from app.uploads import read_limited
from app.users import (
    CsvImportError,
    create_team,
    get_user,
    list_teams,
    rename_team,
    set_active,
    set_team_managers,
    update_user,
)
from app.web import redirect, render
from drills.errors import DomainError, InvalidInput

router = APIRouter(prefix="/admin", include_in_schema=False)

Text = Annotated[str, Form(max_length=2000)]


@router.get("/users")
def users_page(request: Request, admin: CurrentAdmin, session: SessionDep,
               team: int | None = None) -> Response:
    return render(request, "admin/users.html",
                  {"rows": service.user_rows(session, team), "teams": list_teams(session=session),
                   "team_filter": team, "not_joined": len(service.not_joined(session))})


@router.post("/invites")
@writes_in_own_turn
async def invite_everyone_submit(request: Request, admin: CurrentAdmin, session: SessionDep,
                                 settings: SettingsDep, db: DbDep) -> Response:
    """A fresh invite link for everyone who has not joined yet (after a CSV import), on
    one page to copy from, and by email when SMTP is set; each person's earlier links stop
    working. The links are written in a short write; the emails go after it, so the
    database's writer is never held while the mail server answers."""
    await db.run(session.rollback)  # end the read (who the admin is): the write is its own
    links = await db.write(service.invite_everyone_not_joined, session, admin.id, settings)
    emailed = None
    if links and mailer.configured(settings):
        emailed = await run_in_threadpool(mailer.send_all, settings, [
            (link["user"].email, service.invite_email(
                settings, link["user"].name, link["user"].email, link["url"],
                settings.invite_hours))
            for link in links])
    return render(request, "admin/invites.html",
                  {"links": links, "hours": settings.invite_hours, "emailed": emailed})


def _user_form(request: Request, session: Session, *, user: User | None, values: dict[str, Any],
               error: str | None = None, invite_url: str | None = None,
               status_code: int = 200) -> Response:
    return render(request, "admin/user_form.html",
                  {"user": user, "values": values, "teams": list_teams(session=session),
                   "roles": list(Role), "error": error, "invite_url": invite_url},
                  status_code=status_code)


@router.get("/users/new")
def new_user_page(request: Request, admin: CurrentAdmin, session: SessionDep) -> Response:
    return _user_form(request, session, user=None,
                      values={"email": "", "name": "", "team_id": None, "roles": ["rep"],
                              "managed": []})


def _form_values(email: str, name: str, team_id: str, roles: list[str],
                 managed: list[str]) -> dict[str, Any]:
    def as_int(raw: str) -> int | None:
        raw = raw.strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise InvalidInput(f"'{raw}' is not a team.")
        return int(raw)

    return {"email": email, "name": name, "team_id": as_int(team_id), "roles": roles,
            "managed": [i for i in (as_int(m) for m in managed) if i is not None]}


@router.post("/users/new")
def create_user_submit(
    request: Request, admin: CurrentAdmin, session: SessionDep, settings: SettingsDep,
    email: Text = "", name: Text = "", team_id: Text = "",
    roles: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    managed: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    raw = {"email": email, "name": name, "team_id": None, "roles": roles, "managed": []}
    try:
        values = _form_values(email, name, team_id, roles, managed)
        raw = values
        user, url = service.create_user_with_invite(session=session, by=admin.id,
                                                    values=values, roles=roles,
                                                    settings=settings, now=utcnow())
    except DomainError as exc:
        session.rollback()
        return _user_form(request, session, user=None, values=raw, error=exc.detail,
                          status_code=409 if "already exists" in exc.detail else 422)
    return _user_form(request, session, user=user, values=service.form_values_of(session, user),
                      invite_url=url, status_code=201)


@router.get("/users/{user_id}")
def edit_user_page(request: Request, user_id: int, admin: CurrentAdmin,
                   session: SessionDep) -> Response:
    user = get_user(session=session, user_id=user_id)
    return _user_form(request, session, user=user, values=service.form_values_of(session, user))


@router.post("/users/{user_id}")
def edit_user_submit(
    request: Request, user_id: int, admin: CurrentAdmin, session: SessionDep,
    settings: SettingsDep,
    email: Text = "", name: Text = "", team_id: Text = "",
    roles: Annotated[list[str], Form()] = [],  # noqa: B006
    managed: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    user = get_user(session=session, user_id=user_id)
    raw: dict[str, Any] = {"email": email, "name": name, "team_id": None, "roles": roles,
                           "managed": []}
    try:
        values = _form_values(email, name, team_id, roles, managed)
        raw = values
        if user_id == admin.id and "admin" not in roles:
            raise InvalidInput("You cannot remove your own admin role; ask another admin.")
        update_user(session=session, user_id=user_id, name=values["name"],
                    email=values["email"], roles=roles, team_id=values["team_id"],
                    managed_team_ids=values["managed"], base_url=settings.base_url)
    except DomainError as exc:
        session.rollback()
        return _user_form(request, session, user=get_user(session=session, user_id=user_id),
                          values=raw, error=exc.detail,
                          status_code=409 if "already exists" in exc.detail else 422)
    return redirect(request, "/admin/users", notice=f"Saved {user.name}.")


@router.post("/users/{user_id}/invite")
def invite_user(request: Request, user_id: int, admin: CurrentAdmin, session: SessionDep,
                settings: SettingsDep) -> Response:
    user = get_user(session=session, user_id=user_id)
    if not user.is_active:
        raise InvalidInput("Reactivate this user before inviting them.")
    token = create_invite(session=session, user=user, hours=settings.invite_hours, now=utcnow(),
                          created_by=admin.id)
    return _user_form(request, session, user=user, values=service.form_values_of(session, user),
                      invite_url=service.invite_url(settings, token))


@router.post("/users/{user_id}/active")
def set_user_active(request: Request, user_id: int, admin: CurrentAdmin, session: SessionDep,
                    active: Annotated[str, Form(max_length=5)] = "") -> Response:
    want = active == "1"
    if user_id == admin.id and not want:
        raise InvalidInput("You cannot deactivate your own account.")
    user = set_active(session=session, user_id=user_id, active=want)
    verb = "reactivated" if want else "deactivated and signed out everywhere"
    return redirect(request, f"/admin/users/{user_id}", notice=f"{user.name} is {verb}.")


# --- CSV import -----------------------------------------------------------------------


@router.get("/import")
def import_page(request: Request, admin: CurrentAdmin) -> Response:
    return render(request, "admin/import.html", {})


@router.post("/import")
@writes_in_own_turn
async def import_submit(
    request: Request, admin: CurrentAdmin, session: SessionDep, settings: SettingsDep,
    db: DbDep, file: Annotated[UploadFile | None, File()] = None,
    create_teams: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    if file is None or not file.filename:
        return render(request, "admin/import.html",
                      {"error": "Choose a CSV file to import."}, status_code=422)
    try:
        data = await read_limited(file, settings.max_upload_mb * 1024 * 1024, what="CSV file")
    except InvalidInput as exc:  # empty, or over the size limit: said on the form, as a bad row is
        return render(request, "admin/import.html", {"error": exc.detail},
                      status_code=status_for(exc))
    try:
        result = await import_users_file(db, session, data=data,
                                          create_teams=create_teams == "1",
                                          max_rows=settings.max_import_rows)
    except CsvImportError as exc:
        return render(request, "admin/import.html",
                      {"error": "Nothing was imported. Fix these rows and upload again:",
                       "row_errors": exc.errors, "note": exc.note, "filename": file.filename},
                      status_code=422)
    teams = f" and {len(result.teams_created)} teams" if result.teams_created else ""
    return redirect(request, "/admin/users",
                    notice=f"Imported {len(result.created)} users{teams}. "
                    "Create their invite links in one go with 'Invite everyone who has "
                    "not joined'.")


# --- teams ------------------------------------------------------------------------------


def _teams_page(request: Request, session: Session, *, error: str | None = None,
                name: str = "", status_code: int = 200) -> Response:
    return render(request, "admin/teams.html",
                  {"rows": service.team_rows(session), "error": error, "name": name},
                  status_code=status_code)


@router.get("/teams")
def teams_page(request: Request, admin: CurrentAdmin, session: SessionDep) -> Response:
    return _teams_page(request, session)


@router.post("/teams")
def create_team_submit(request: Request, admin: CurrentAdmin, session: SessionDep,
                       name: Text = "") -> Response:
    try:
        team = create_team(session=session, name=name)
    except DomainError as exc:
        session.rollback()
        return _teams_page(request, session, error=exc.detail, name=name,
                           status_code=409 if "already exists" in exc.detail else 422)
    return redirect(request, f"/admin/teams/{team.id}", notice=f"Team {team.name} created.")


def _team_form(request: Request, session: Session, team_id: int, *, error: str | None = None,
               status_code: int = 200) -> Response:
    return render(request, "admin/team_form.html",
                  {**service.team_form(session, team_id), "error": error},
                  status_code=status_code)


@router.get("/teams/{team_id}")
def team_page(request: Request, team_id: int, admin: CurrentAdmin,
              session: SessionDep) -> Response:
    return _team_form(request, session, team_id)


@router.post("/teams/{team_id}")
def team_submit(
    request: Request, team_id: int, admin: CurrentAdmin, session: SessionDep,
    name: Text = "",
    managers: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    try:
        ids = []
        for raw in managers:
            if not raw.isdigit():
                raise InvalidInput(f"'{raw}' is not a user.")
            ids.append(int(raw))
        team = rename_team(session=session, team_id=team_id, name=name)
        set_team_managers(session=session, team_id=team_id, manager_ids=ids)
    except DomainError as exc:
        session.rollback()
        return _team_form(request, session, team_id, error=exc.detail, status_code=422)
    return redirect(request, "/admin/teams", notice=f"Saved team {team.name}.")
