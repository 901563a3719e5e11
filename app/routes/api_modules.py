"""JSON API for playbook modules: read, import, diff, launch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.access import (
    require_author,
    require_readable_module,
    require_readable_version,
)
from app.clock import utcnow
from app.deps import (
    CurrentMarketing,
    CurrentUser,
    DbDep,
    SessionDep,
    SettingsDep,
    writes_in_own_turn,
)
from app.errors import API_ERRORS
from app.imports import import_playbook_file
from app.launching import launch_version
from app.users import list_teams
from drills.errors import InvalidInput, NotFound
from drills.models import Module
from drills.modules import (
    active_launches,
    diff_versions,
    get_draft,
    get_module,
    latest_published,
    launched_modules,
    list_modules,
    playbook_of,
    published_versions,
)
from drills.playbook_format import MAX_BYTES, dump_playbook, playbook_to_dict

router = APIRouter(prefix="/api/v1/modules", tags=["modules"], responses=API_ERRORS)


class ModuleSummary(BaseModel):
    slug: str
    title: str
    latest_version: int | None
    versions: list[int]
    draft_version: int | None = None


class ModuleVersionOut(BaseModel):
    slug: str
    version: int
    published_at: datetime | None
    playbook: dict[str, Any] = Field(description="The playbook in the file format's shape.")


class ImportOut(BaseModel):
    slug: str
    version: int
    status: str


class LaunchIn(BaseModel):
    team_ids: list[int] = Field(min_length=1)
    version: int | None = Field(None, description="Default: the latest published version.")
    due_at: datetime | None = Field(None, description="Default: launch time + due_days.")


class LaunchOut(BaseModel):
    id: int
    team_id: int
    version: int
    due_at: datetime | None
    launched_at: datetime


class LaunchesOut(BaseModel):
    launches: list[LaunchOut]
    reps_notified: int


def _summary(session: SessionDep, module: Module, visible: set[int] | None) -> ModuleSummary:
    numbers = [v.version for v in published_versions(session=session, module=module)
               if visible is None or v.version in visible]
    draft = get_draft(session=session, module=module) if visible is None else None
    return ModuleSummary(slug=module.slug, title=module.title,
                         latest_version=numbers[0] if numbers else None, versions=numbers,
                         draft_version=draft.version if draft else None)


@router.get("", response_model=list[ModuleSummary],
            summary="Modules you may read (all, for marketing and admins)")
def list_all(account: CurrentUser, session: SessionDep) -> list[ModuleSummary]:
    if account.policy.may_author:
        return [_summary(session, m, None) for m in list_modules(session=session)]
    out = []
    for module in launched_modules(session=session, team_ids=account.policy.readable_team_ids):
        visible = require_readable_module(session, account, module)
        out.append(_summary(session, module, visible))
    return out


@router.post("/import", response_model=ImportOut, status_code=201,
             summary="Import a playbook YAML file (raw body or multipart `file`)")
@writes_in_own_turn
async def import_yaml(request: Request, account: CurrentMarketing, session: SessionDep,
                      db: DbDep, draft: bool = False) -> ImportOut:
    content_type = request.headers.get("content-type", "")
    filename = "playbook.yaml"
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidInput("Send the playbook as a file field named 'file'.")
        filename = upload.filename or filename
        data = await upload.read(MAX_BYTES + 1)
    else:
        # Read at most one byte past the limit, so the parser can report the size clearly
        # without the whole of an oversized body ever being held in memory.
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                break
        data = b"".join(chunks)[: MAX_BYTES + 1]
    if not data:
        raise InvalidInput("The request has no playbook: send YAML as the body or a 'file' field.")
    done = await import_playbook_file(db, session, data=data, filename=filename, by=account.id,
                                      as_draft=draft)
    return ImportOut(slug=done.slug, version=done.version, status=done.status)


@router.get("/{slug}", response_model=ModuleVersionOut,
            summary="The latest published version you may read, or ?version=N")
def get_one(slug: str, account: CurrentUser, session: SessionDep,
            version: int | None = None) -> ModuleVersionOut:
    module = get_module(session=session, slug=slug)
    visible = require_readable_module(session, account, module)
    if version is None:
        if visible is None:
            latest = latest_published(session=session, module=module)
            if latest is None:
                raise NotFound(f"Module '{slug}' has no published version yet.")
            version = latest.version
        else:
            version = max(visible)
    row = require_readable_version(session, account, module, version)
    return ModuleVersionOut(slug=slug, version=row.version, published_at=row.published_at,
                            playbook=playbook_to_dict(playbook_of(row)))


@router.get("/{slug}/versions/{number}/export", summary="A version as a playbook YAML file")
def export(slug: str, number: int, account: CurrentMarketing, session: SessionDep) -> Response:
    require_author(account)
    module = get_module(session=session, slug=slug)
    row = require_readable_version(session, account, module, number)
    return Response(dump_playbook(playbook_of(row)), media_type="application/yaml")


@router.get("/{slug}/versions/{number}/diff",
            summary="Per-message difference from version `against` (default: the previous)")
def diff(slug: str, number: int, account: CurrentUser, session: SessionDep,
         against: int | None = None) -> dict[str, Any]:
    module = get_module(session=session, slug=slug)
    require_readable_version(session, account, module, number)
    if against is not None:
        require_readable_version(session, account, module, against)
    return diff_versions(session=session, module=module, version=number,
                         against=against).to_dict()


@router.post("/{slug}/launches", response_model=LaunchesOut, status_code=201,
             summary="Launch a published version to teams")
def create_launch(slug: str, body: LaunchIn, account: CurrentMarketing,
                  session: SessionDep, settings: SettingsDep) -> LaunchesOut:
    module = get_module(session=session, slug=slug)
    now = utcnow()
    done = launch_version(session=session, module=module, version=body.version,
                          team_ids=body.team_ids, due_at=body.due_at, by=account.id, now=now,
                          base_url=settings.base_url)
    launches, told = done.launches, done.reps_notified
    versions = {v.id: v.version for v in published_versions(session=session, module=module)}
    return LaunchesOut(
        launches=[LaunchOut(id=lnc.id or 0, team_id=lnc.team_id,
                            version=versions[lnc.module_version_id], due_at=lnc.due_at,
                            launched_at=lnc.launched_at) for lnc in launches],
        reps_notified=told)


@router.get("/{slug}/launches", response_model=list[LaunchOut],
            summary="Current launches of a module to the teams you may see")
def current_launches(slug: str, account: CurrentUser, session: SessionDep) -> list[LaunchOut]:
    module = get_module(session=session, slug=slug)
    require_readable_module(session, account, module)
    if account.policy.may_author:
        team_ids = [t.id for t in list_teams(session=session) if t.id is not None]
    else:
        team_ids = list(account.policy.readable_team_ids)
    return [LaunchOut(id=a.launch.id or 0, team_id=a.launch.team_id, version=a.version.version,
                      due_at=a.launch.due_at, launched_at=a.launch.launched_at)
            for a in active_launches(session=session, team_ids=team_ids)
            if a.module.id == module.id]
