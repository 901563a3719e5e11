"""JSON API for playbook modules: read, import, diff, launch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.access import require_author, require_readable_version
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
from app.modules import service
from app.text_checks import FORMS
from drills.errors import InvalidInput
from drills.modules import diff_versions, get_module, playbook_of
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


def _summary(listed: service.Listed) -> ModuleSummary:
    return ModuleSummary(slug=listed.module.slug, title=listed.module.title,
                         latest_version=listed.versions[0] if listed.versions else None,
                         versions=listed.versions, draft_version=listed.draft_version)


@router.get("", response_model=list[ModuleSummary],
            summary="Modules you may read (all, for marketing and admins)")
def list_all(account: CurrentUser, session: SessionDep) -> list[ModuleSummary]:
    return [_summary(m) for m in service.readable_modules(session=session, account=account)]


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
    elif content_type.startswith(FORMS):
        # `curl --data-binary @file` labels a file so; the NUL check has read it as form
        # fields (which a playbook is not) and used the body up.
        raise InvalidInput("Send the playbook as YAML (Content-Type: application/yaml; with "
                           "curl add -H 'Content-Type: application/yaml') or as a multipart "
                           "'file' field.")
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
    row = service.readable_version(session=session, account=account, module=module,
                                   version=version)
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
    done = service.launch_version(session=session, module=module, version=body.version,
                                  team_ids=body.team_ids, due_at=body.due_at, by=account.id,
                                  now=now, base_url=settings.base_url)
    return LaunchesOut(
        launches=[LaunchOut(id=lnc.id or 0, team_id=lnc.team_id, version=done.version,
                            due_at=lnc.due_at, launched_at=lnc.launched_at)
                  for lnc in done.launches],
        reps_notified=done.reps_notified)


@router.get("/{slug}/launches", response_model=list[LaunchOut],
            summary="Current launches of a module to the teams you may see")
def current_launches(slug: str, account: CurrentUser, session: SessionDep) -> list[LaunchOut]:
    module = get_module(session=session, slug=slug)
    return [LaunchOut(id=a.launch.id or 0, team_id=a.launch.team_id, version=a.version.version,
                      due_at=a.launch.due_at, launched_at=a.launch.launched_at)
            for a in service.current_launches(session=session, account=account, module=module)]
