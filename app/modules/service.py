"""Modules and their launches, as the pages, the API and the demo use them: one function
per use case, taking a session and plain values (the routes only parse, check and render).

Launching is the one to know: `launch_version` writes the launches, every rep's inbox
notice and their certifications together, so no caller can do only part of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.access import readable_versions, require_readable_module, require_readable_version
from app.inbox.service import notify_launches
from app.users import Account, list_teams
from certification import events as certification_events
from drills.draft_edit import EditResult, apply_edit
from drills.errors import NotFound
from drills.models import DRAFT, Launch, Module, ModuleVersion
from drills.modules import (
    ActiveLaunch,
    active_launches,
    get_draft,
    get_version,
    latest_published,
    launch,
    launched_modules,
    launches_of,
    learned_version,
    list_modules,
    playbook_of,
    published_versions,
    require_draft,
    save_draft,
)
from drills.playbook_diff import PlaybookDiff, diff_playbooks
from drills.playbook_format import Playbook

# --- launching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Launched:
    launches: list[Launch]
    reps_notified: int
    version: int  # the version number launched (the same for every team)


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
    launched = session.get(ModuleVersion, launches[0].module_version_id)
    assert launched is not None  # (`launch` refuses an empty list of teams)
    return Launched(launches=list(launches), reps_notified=told, version=launched.version)


def launch_form(*, session: Session, module: Module, today: date) -> dict[str, Any]:
    """What the launch form offers: the published versions, the teams with the version
    each has now, and a due date from the newest version's `due_days`."""
    versions = published_versions(session=session, module=module)
    default_due = None
    if versions:
        days = playbook_of(versions[0]).due_days
        if days:
            default_due = date.fromordinal(today.toordinal() + days)
    by_id = {v.id: v.version for v in versions}
    active = {lnc.team_id: lnc for lnc in launches_of(session=session, module=module)
              if lnc.replaced_at is None}
    return {"versions": versions, "teams": list(list_teams(session=session)),
            "active": {tid: by_id.get(lnc.module_version_id) for tid, lnc in active.items()},
            "default_due": default_due.isoformat() if default_due else ""}


def current_launches(*, session: Session, account: Account,
                     module: Module) -> list[ActiveLaunch]:
    """The module's current launch to each team this person may see (authors: every team)."""
    require_readable_module(session, account, module)
    if account.policy.may_author:
        team_ids = [t.id for t in list_teams(session=session) if t.id is not None]
    else:
        team_ids = list(account.policy.readable_team_ids)
    return [a for a in active_launches(session=session, team_ids=team_ids)
            if a.module.id == module.id]


# --- reading modules ------------------------------------------------------------------------


def module_rows(*, session: Session) -> list[dict[str, Any]]:
    """Every module for its authors: the latest version, the open draft, where it runs."""
    teams = {t.id: t for t in list_teams(session=session)}
    rows = []
    for module in list_modules(session=session):
        latest = latest_published(session=session, module=module)
        active = [lnc for lnc in launches_of(session=session, module=module)
                  if lnc.replaced_at is None]
        rows.append({"module": module, "latest": latest,
                     "draft": get_draft(session=session, module=module),
                     "teams": [teams[lnc.team_id].name for lnc in active if lnc.team_id in teams]})
    return rows


@dataclass(frozen=True)
class LaunchedToMe:
    current: list[ActiveLaunch]  # what the teams have now
    others: list[Module]  # modules launched to the teams before, with nothing current


def launched_to(*, session: Session, team_ids: Iterable[int]) -> LaunchedToMe:
    """A reader's modules: the current launches to their teams, then the earlier ones."""
    ids = list(team_ids)
    current = active_launches(session=session, team_ids=ids)
    shown = {c.module.id for c in current}
    return LaunchedToMe(current=current,
                        others=[m for m in launched_modules(session=session, team_ids=ids)
                                if m.id not in shown])


def overview(*, session: Session, module: Module) -> dict[str, Any]:
    """An author's view of one module: versions, the draft, and every launch with its team."""
    teams = {t.id: t for t in list_teams(session=session)}
    versions = published_versions(session=session, module=module)
    by_id = {v.id: v for v in versions}
    launches = [{"launch": lnc, "team": teams.get(lnc.team_id),
                 "version": by_id.get(lnc.module_version_id)}
                for lnc in launches_of(session=session, module=module)]
    return {"versions": versions, "draft": get_draft(session=session, module=module),
            "launches": launches}


@dataclass(frozen=True)
class WhatsNew:
    item: ActiveLaunch  # the newest version launched to the reader's teams
    playbook: Playbook
    seen: int | None  # the version they marked as read
    diff: PlaybookDiff | None  # what changed since `seen`
    diff_linkable: bool  # may they open the word-by-word diff page for `seen`?

    @property
    def up_to_date(self) -> bool:
        return self.seen is not None and self.seen >= self.item.version.version


def whats_new(*, session: Session, account: Account, module: Module) -> WhatsNew | None:
    """The version launched to this person's teams and what changed since they read; None
    when the module is not launched to them."""
    current = [c for c in active_launches(session=session,
                                          team_ids=account.policy.readable_team_ids)
               if c.module.id == module.id]
    if not current:
        return None
    newest = max(current, key=lambda c: c.version.version)
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
    return WhatsNew(item=newest, playbook=pb, seen=seen, diff=diff,
                    diff_linkable=readable is None or seen in readable)


def export_version(*, session: Session, module: Module, version: int | None) -> ModuleVersion:
    """The version to export: the one asked for, else the newest published."""
    row = (get_version(session=session, module=module, version=version) if version is not None
           else latest_published(session=session, module=module))
    if row is None:
        raise NotFound(f"Module '{module.slug}' has no published version to export yet.")
    return row


@dataclass(frozen=True)
class Listed:
    """A module as the API lists it for one reader."""

    module: Module
    versions: list[int]  # the published versions they may read, newest first
    draft_version: int | None  # the open draft (authors only)


def readable_modules(*, session: Session, account: Account) -> list[Listed]:
    """Modules this person may read (all, for authors), with the versions they may read."""
    if account.policy.may_author:
        return [_listed(session, m, None) for m in list_modules(session=session)]
    return [_listed(session, module, require_readable_module(session, account, module))
            for module in launched_modules(session=session,
                                           team_ids=account.policy.readable_team_ids)]


def _listed(session: Session, module: Module, visible: set[int] | None) -> Listed:
    numbers = [v.version for v in published_versions(session=session, module=module)
               if visible is None or v.version in visible]
    draft = get_draft(session=session, module=module) if visible is None else None
    return Listed(module=module, versions=numbers,
                  draft_version=draft.version if draft else None)


def readable_version(*, session: Session, account: Account, module: Module,
                     version: int | None) -> ModuleVersion:
    """The version asked for, or the latest this person may read."""
    visible = require_readable_module(session, account, module)
    if version is None:
        if visible is None:
            latest = latest_published(session=session, module=module)
            if latest is None:
                raise NotFound(f"Module '{module.slug}' has no published version yet.")
            version = latest.version
        else:
            version = max(visible)
    return require_readable_version(session, account, module, version)


# --- the draft editor -----------------------------------------------------------------------


def edit_draft(*, session: Session, module: Module, op: str, path: str, value: list[str],
               direction: str | None, expect: str | None,
               now: datetime) -> tuple[ModuleVersion, EditResult]:
    """Apply one editor operation to the draft as stored now, and save it."""
    draft = _locked_draft(session, module)
    result = apply_edit(draft.content, op=op, path=path,
                        value=value if op in ("set", "add") else None,
                        direction=direction, expect=expect)
    draft = save_draft(session=session, module=module, content=result.content, now=now)
    return draft, result


def _locked_draft(session: Session, module: Module) -> ModuleVersion:
    """The open draft, locked until this request commits.

    Edits arrive quickly (every pause in typing) and from more than one tab; each must be
    applied to what is stored now. A writing request on SQLite already holds the write lock
    from its first statement (app/db.py); on PostgreSQL the row lock serialises the edits
    and re-reads the latest committed content.
    """
    draft = session.exec(
        select(ModuleVersion)
        .where(col(ModuleVersion.module_id) == module.id, col(ModuleVersion.status) == DRAFT)
        .with_for_update()
        .execution_options(populate_existing=True)).first()
    return draft if draft is not None else require_draft(session=session, module=module)
