"""Module pages: list, overview, reading a version, diffs, launches, import/export, inbox."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlmodel import Session

from app.access import (
    readable_versions,
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
from app.errors import status_for
from app.imports import import_playbook_file
from app.inbox import list_inbox, mark_read
from app.launching import launch_version
from app.models import Team
from app.uploads import read_limited
from app.users import list_teams
from app.web import redirect, render, safe_next
from drills.errors import DomainError, InvalidInput, InvalidPlaybook, NotFound
from drills.models import Module
from drills.modules import (
    active_launches,
    create_module,
    diff_versions,
    get_draft,
    get_module,
    get_version,
    latest_published,
    launched_modules,
    launches_of,
    learned_version,
    list_modules,
    mark_learned,
    playbook_of,
    published_versions,
)
from drills.playbook_diff import diff_playbooks
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


def module_rows(session: Session, modules: list[Module] | Any) -> list[dict[str, Any]]:
    teams = {t.id: t for t in list_teams(session=session)}
    rows = []
    for module in modules:
        latest = latest_published(session=session, module=module)
        active = [lnc for lnc in launches_of(session=session, module=module)
                  if lnc.replaced_at is None]
        rows.append({"module": module, "latest": latest,
                     "draft": get_draft(session=session, module=module),
                     "teams": [teams[lnc.team_id].name for lnc in active if lnc.team_id in teams]})
    return rows


@router.get("/modules")
def modules_page(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    if account.policy.may_author:
        rows = module_rows(session, list_modules(session=session))
        return render(request, "modules/index.html", {"rows": rows, "author": True})
    team_ids = account.policy.readable_team_ids
    current = active_launches(session=session, team_ids=team_ids)
    return render(request, "modules/index.html",
                  {"author": False, "current": current,
                   "others": [m for m in launched_modules(session=session, team_ids=team_ids)
                              if m.id not in {c.module.id for c in current}]})


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
        rows = module_rows(session, list_modules(session=session))
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
    teams = {t.id: t for t in list_teams(session=session)}
    versions = published_versions(session=session, module=module)
    by_id = {v.id: v for v in versions}
    launches = [{"launch": lnc, "team": teams.get(lnc.team_id),
                 "version": by_id.get(lnc.module_version_id)}
                for lnc in launches_of(session=session, module=module)]
    return render(request, "modules/overview.html",
                  {"module": module, "versions": versions,
                   "draft": get_draft(session=session, module=module), "launches": launches})


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
    current = [c for c in active_launches(session=session,
                                          team_ids=account.policy.readable_team_ids)
               if c.module.id == module.id]
    if not current:
        if account.policy.may_author:
            latest = latest_published(session=session, module=module)
            if latest is None:
                return redirect(request, f"/modules/{slug}/draft")
            return redirect(request, f"/modules/{slug}/versions/{latest.version}")
        raise NotFound(f"There is no module '{slug}' launched to your team.")
    newest = max(current, key=lambda c: c.version.version)
    assert account.id is not None
    seen = learned_version(session=session, user_id=account.id, module=module)
    pb = playbook_of(newest.version)
    diff = None
    if seen is not None and seen < newest.version.version:
        try:
            old = playbook_of(get_version(session=session, module=module, version=seen))
            diff = diff_playbooks(old, pb)
        except NotFound:
            diff = None
    # The word-by-word page only for a version this person may open (one they learned
    # before it reached their team, e.g. in another team, is shown here but not linked).
    readable = readable_versions(session, account, module)
    return render(request, "modules/whats_new.html",
                  {"module": module, "item": newest, "pb": pb, "diff": diff, "seen": seen,
                   "diff_linkable": readable is None or seen in readable,
                   "up_to_date": seen is not None and seen >= newest.version.version})


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
                 error: str | None = None, status_code: int = 200) -> Response:
    versions = published_versions(session=session, module=module)
    default_due = None
    if versions:
        days = playbook_of(versions[0]).due_days
        if days:
            default_due = (utcnow().date().toordinal() + days)
    teams: list[Team] = list(list_teams(session=session))
    active = {lnc.team_id: lnc for lnc in launches_of(session=session, module=module)
              if lnc.replaced_at is None}
    by_id = {v.id: v.version for v in versions}
    return render(request, "modules/launch.html",
                  {"module": module, "versions": versions, "teams": teams, "error": error,
                   "active": {tid: by_id.get(lnc.module_version_id) for tid, lnc in active.items()},
                   "default_due": date.fromordinal(default_due).isoformat() if default_due else ""},
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
        done = launch_version(session=session, module=module, version=version, team_ids=teams,
                              due_at=parse_due_date(due, now), by=account.id, now=now,
                              base_url=settings.base_url)
    except (InvalidInput, NotFound) as exc:
        session.rollback()
        return _launch_form(request, session, module, error=exc.detail,
                            status_code=404 if isinstance(exc, NotFound) else 422)
    n = len(done.launches)
    return redirect(request, f"/modules/{slug}",
                    notice=f"Launched v{version} to {n} team{'' if n == 1 else 's'}; "
                    f"{done.reps_notified} reps were notified.")


@router.get("/modules/{slug}/export")
def export_yaml(request: Request, slug: str, account: CurrentMarketing, session: SessionDep,
                version: int | None = None) -> Response:
    require_author(account)
    module = get_module(session=session, slug=slug)
    row = (get_version(session=session, module=module, version=version) if version is not None
           else latest_published(session=session, module=module))
    if row is None:
        raise NotFound(f"Module '{slug}' has no published version to export yet.")
    text = dump_playbook(playbook_of(row))
    return Response(text, media_type="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="{slug}-v{row.version}.yaml"'})


# --- inbox -------------------------------------------------------------------------------


@router.get("/inbox")
def inbox_page(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    assert account.id is not None
    items = list_inbox(session=session, user_id=account.id)
    return render(request, "inbox.html", {"items": items})


@router.post("/inbox/read")
def inbox_read_all(request: Request, account: CurrentUser, session: SessionDep,
                   settings: SettingsDep) -> Response:
    assert account.id is not None
    mark_read(session=session, user_id=account.id, item_id=None, now=utcnow())
    return redirect(request, "/inbox", notice="All caught up.")


@router.post("/inbox/{item_id}/read")
def inbox_read_one(request: Request, item_id: int, account: CurrentUser,
                   session: SessionDep,
                   next: Annotated[str | None, Form(max_length=500)] = None) -> Response:
    """Mark an item read; with `next` (the item's page, a path on this site), open it."""
    assert account.id is not None
    mark_read(session=session, user_id=account.id, item_id=item_id, now=utcnow())
    return redirect(request, safe_next(next) if next else "/inbox")
