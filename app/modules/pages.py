"""Module pages: list, overview, reading a version, diffs, launches, import/export."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlmodel import Session

from app.access import require_author, require_readable_module, require_readable_version
from app.clock import utcnow
from app.deps import (
    CurrentMarketing,
    CurrentUser,
    DbDep,
    SessionDep,
    SettingsDep,
    writes_in_own_turn,
)
from app.errors import status_for
from app.imports import import_playbook_file
from app.modules import service
from app.uploads import read_limited
from app.web import redirect, render
from drills.errors import DomainError, InvalidInput, InvalidPlaybook, NotFound
from drills.models import Module
from drills.modules import (
    create_module,
    diff_versions,
    get_module,
    latest_published,
    mark_learned,
    playbook_of,
    published_versions,
)
from drills.playbook_format import MAX_BYTES, dump_playbook

router = APIRouter(include_in_schema=False)


def parse_due_date(raw: str, now: datetime) -> datetime | None:
    """A date from a form (YYYY-MM-DD), as the end of that day in UTC."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"'{raw}' is not a date; use the date picker or YYYY-MM-DD.") from None
    return datetime.combine(day, time(23, 59), tzinfo=UTC)


@router.get("/modules")
def modules_page(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    if account.policy.may_author:
        rows = service.module_rows(session=session)
        return render(request, "modules/index.html", {"rows": rows, "author": True})
    mine = service.launched_to(session=session, team_ids=account.policy.readable_team_ids)
    return render(request, "modules/index.html",
                  {"author": False, "current": mine.current, "others": mine.others})


def slug_from(text: str) -> str:
    """A short name from a title: 'FY27 Pricing Story!' -> 'fy27-pricing-story'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:64].rstrip("-")


@router.post("/modules")
def create_module_submit(
    request: Request, account: CurrentMarketing, session: SessionDep,
    slug: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    # The short name is made from the title when left empty (the page fills it as you type).
    slug = slug.strip() or slug_from(title)
    try:
        module, _ = create_module(session=session, slug=slug, title=title,
                                  created_by=account.id, now=utcnow())
    except DomainError as exc:
        session.rollback()
        rows = service.module_rows(session=session)
        return render(request, "modules/index.html",
                      {"rows": rows, "author": True, "error": exc.detail,
                       "slug": slug, "title": title},
                      status_code=409 if "already exists" in exc.detail else 422)
    return redirect(request, f"/modules/{module.slug}/draft",
                    notice=f"Module {module.title} created. Write its messages, then publish.")


@router.get("/modules/import")
def import_page(request: Request, account: CurrentMarketing) -> Response:
    return render(request, "modules/import.html", {})


@router.post("/modules/import")
@writes_in_own_turn
async def import_submit(
    request: Request, account: CurrentMarketing, session: SessionDep, db: DbDep,
    file: Annotated[UploadFile | None, File()] = None,
    as_draft: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    if file is None or not file.filename:
        return render(request, "modules/import.html",
                      {"error": "Choose a playbook file (.yaml) to upload."}, status_code=422)
    try:
        data = await read_limited(file, MAX_BYTES, what="playbook file")
        done = await import_playbook_file(db, session, data=data, filename=file.filename,
                                          by=account.id, as_draft=as_draft == "1")
    except InvalidPlaybook as exc:
        return render(request, "modules/import.html",
                      {"error": f"{exc.filename} was not imported. Fix these and upload again:",
                       "problems": exc.problems, "note": exc.note}, status_code=422)
    except DomainError as exc:
        return render(request, "modules/import.html", {"error": exc.detail},
                      status_code=status_for(exc))
    if done.status == "draft":
        return redirect(request, f"/modules/{done.slug}/draft",
                        notice=f"Imported as the draft of version {done.version}.")
    return redirect(request, f"/modules/{done.slug}",
                    notice=f"Published version {done.version} of {done.title}.")


@router.get("/modules/{slug}")
def module_page(request: Request, slug: str, account: CurrentUser,
                session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    if not account.policy.may_author:
        require_readable_module(session, account, module)
        return redirect(request, f"/modules/{slug}/whats-new")
    return render(request, "modules/overview.html",
                  {"module": module, **service.overview(session=session, module=module)})


@router.get("/modules/{slug}/versions/{number}")
def version_page(request: Request, slug: str, number: int, account: CurrentUser,
                 session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    version = require_readable_version(session, account, module, number)
    diff = diff_versions(session=session, module=module, version=number, against=None)
    return render(request, "modules/read.html",
                  {"module": module, "version": version, "pb": playbook_of(version),
                   "diff": diff if number > 1 else None, "author": account.policy.may_author})


@router.get("/modules/{slug}/versions/{number}/diff")
def diff_page(request: Request, slug: str, number: int, account: CurrentUser,
              session: SessionDep, against: int | None = None) -> Response:
    module = get_module(session=session, slug=slug)
    require_readable_version(session, account, module, number)
    if against is not None:
        require_readable_version(session, account, module, against)
    diff = diff_versions(session=session, module=module, version=number, against=against)
    versions = published_versions(session=session, module=module)
    return render(request, "modules/diff.html",
                  {"module": module, "diff": diff, "number": number, "against": against,
                   "versions": versions, "author": account.policy.may_author})


@router.get("/modules/{slug}/whats-new")
def whats_new_page(request: Request, slug: str, account: CurrentUser,
                   session: SessionDep) -> Response:
    """The rep's view: the version launched to their team and what changed since they read."""
    module = get_module(session=session, slug=slug)
    new = service.whats_new(session=session, account=account, module=module)
    if new is None:
        if account.policy.may_author:
            latest = latest_published(session=session, module=module)
            if latest is None:
                return redirect(request, f"/modules/{slug}/draft")
            return redirect(request, f"/modules/{slug}/versions/{latest.version}")
        raise NotFound(f"There is no module '{slug}' launched to your team.")
    return render(request, "modules/whats_new.html",
                  {"module": module, "item": new.item, "pb": new.playbook, "diff": new.diff,
                   "seen": new.seen, "diff_linkable": new.diff_linkable,
                   "up_to_date": new.up_to_date})


@router.post("/modules/{slug}/learned")
def learned_submit(request: Request, slug: str, account: CurrentUser, session: SessionDep,
                   version: Annotated[int, Form(ge=1, le=1_000_000)]) -> Response:
    module = get_module(session=session, slug=slug)
    require_readable_version(session, account, module, version)
    assert account.id is not None
    mark_learned(session=session, user_id=account.id, module=module, version=version,
                 now=utcnow())
    return redirect(request, "/", notice=f"Marked {module.title} v{version} as read.")


@router.get("/modules/{slug}/launch")
def launch_page(request: Request, slug: str, account: CurrentMarketing,
                session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    return _launch_form(request, session, module)


def _launch_form(request: Request, session: Session, module: Module, *,
                 error: str | None = None, status_code: int = 200,
                 chosen: dict[str, Any] | None = None) -> Response:
    """The launch form; after a refusal, `chosen` (version, teams, due) is what the person
    picked, shown again so that they fix only what was wrong."""
    form = service.launch_form(session=session, module=module, today=utcnow().date())
    picked = {"version": None, "teams": set(), "due": form["default_due"], **(chosen or {})}
    return render(request, "modules/launch.html",
                  {"module": module, "error": error, **form, "chosen": picked},
                  status_code=status_code)


@router.post("/modules/{slug}/launches")
def launch_submit(
    request: Request, slug: str, account: CurrentMarketing, session: SessionDep,
    settings: SettingsDep, version: Annotated[int, Form(ge=1, le=1_000_000)],
    teams: Annotated[list[int], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    due: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    module = get_module(session=session, slug=slug)
    now = utcnow()
    try:
        done = service.launch_version(
            session=session, module=module, version=version, team_ids=teams,
            due_at=parse_due_date(due, now), by=account.id, now=now, base_url=settings.base_url)
    except (InvalidInput, NotFound) as exc:
        session.rollback()
        return _launch_form(request, session, module, error=exc.detail,
                            status_code=404 if isinstance(exc, NotFound) else 422,
                            chosen={"version": version, "teams": set(teams), "due": due})
    n = len(done.launches)
    return redirect(request, f"/modules/{slug}",
                    notice=f"Launched v{version} to {n} team{'' if n == 1 else 's'}; "
                    f"{done.reps_notified} reps were notified.")


@router.get("/modules/{slug}/export")
def export_yaml(request: Request, slug: str, account: CurrentMarketing, session: SessionDep,
                version: int | None = None) -> Response:
    require_author(account)
    module = get_module(session=session, slug=slug)
    row = service.export_version(session=session, module=module, version=version)
    text = dump_playbook(playbook_of(row))
    return Response(text, media_type="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{slug}-v{row.version}.yaml"'})
