"""Playbook modules: drafts, immutable published versions, diffs and launches to teams."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from accounts.models import Team
from drills.errors import Conflict, InvalidInput, InvalidPlaybook, NotFound, Problem
from drills.models import DRAFT, PUBLISHED, Launch, LearnedVersion, Module, ModuleVersion
from drills.playbook_diff import PlaybookDiff, diff_playbooks
from drills.playbook_format import (
    MAX_BYTES,
    Playbook,
    parse_playbook,
    playbook_from_dict,
    playbook_to_dict,
)
from drills.playbook_format.limits import SLUG_RE
from drills.visible_text import shows_something


@dataclass(frozen=True)
class ActiveLaunch:
    """A module version currently launched to a team."""

    launch: Launch
    module: Module
    version: ModuleVersion


def playbook_of(version: ModuleVersion) -> Playbook:
    """The checked playbook stored in a version."""
    return playbook_from_dict(version.content, filename=f"version {version.version}")


# --- modules -----------------------------------------------------------------------------


def get_module(*, session: Session, slug: str) -> Module:
    """Return a module by slug or raise NotFound."""
    module = session.exec(select(Module).where(Module.slug == slug)).first()
    if module is None:
        raise NotFound(f"There is no module '{slug}'.")
    return module


def list_modules(*, session: Session) -> Sequence[Module]:
    """Every module, by title."""
    return session.exec(select(Module).order_by(Module.title)).all()


def starter_content(slug: str, title: str) -> dict[str, Any]:
    """A new module's first draft: one empty message to write. Empty, not placeholder text
    (which once passed as ready to publish and became an immutable v1): the editor shows
    the hint, and the draft cannot be published until the message is written."""
    return {
        "format": 1, "module": slug, "version": 1, "title": title,
        "messages": [{"id": "first-message", "statement": ""}],
    }


def create_module(*, session: Session, slug: str, title: str, created_by: int | None,
                  now: datetime) -> tuple[Module, ModuleVersion]:
    """Create a module with an empty draft of version 1."""
    slug = slug.strip().lower()
    title = " ".join(title.split())
    if not SLUG_RE.fullmatch(slug) or len(slug) > 64:
        raise InvalidInput("Use lower-case letters, digits and dashes for the module's short "
                           "name (for example fy27-pricing), at most 64 characters.")
    if not shows_something(title) or len(title) > 200:
        raise InvalidInput("Give the module a title of at most 200 characters.")
    if session.exec(select(Module).where(Module.slug == slug)).first():
        raise Conflict(f"A module called '{slug}' already exists.")
    module = Module(slug=slug, title=title, created_by_id=created_by, created_at=now)
    session.add(module)
    session.flush()
    assert module.id is not None
    draft = ModuleVersion(module_id=module.id, version=1, status=DRAFT,
                          content=starter_content(slug, title), created_at=now, updated_at=now)
    session.add(draft)
    session.flush()
    return module, draft


# --- versions ----------------------------------------------------------------------------


def get_version(*, session: Session, module: Module, version: int) -> ModuleVersion:
    """A published version by number, or raise NotFound."""
    row = session.exec(select(ModuleVersion).where(
        ModuleVersion.module_id == module.id, ModuleVersion.version == version,
        ModuleVersion.status == PUBLISHED)).first()
    if row is None:
        raise NotFound(f"Module '{module.slug}' has no published version {version}.")
    return row


def published_versions(*, session: Session, module: Module) -> Sequence[ModuleVersion]:
    """Published versions, newest first."""
    return session.exec(select(ModuleVersion).where(
        ModuleVersion.module_id == module.id, ModuleVersion.status == PUBLISHED)
        .order_by(col(ModuleVersion.version).desc())).all()


def latest_published(*, session: Session, module: Module) -> ModuleVersion | None:
    """The newest published version, if any."""
    versions = published_versions(session=session, module=module)
    return versions[0] if versions else None


def get_draft(*, session: Session, module: Module) -> ModuleVersion | None:
    """The module's draft, if one is open."""
    return session.exec(select(ModuleVersion).where(
        ModuleVersion.module_id == module.id, ModuleVersion.status == DRAFT)).first()


def start_draft(*, session: Session, module: Module, now: datetime) -> ModuleVersion:
    """Open a draft copied from the latest published version (or return the open one)."""
    draft = get_draft(session=session, module=module)
    if draft is not None:
        return draft
    latest = latest_published(session=session, module=module)
    assert module.id is not None
    content = dict(latest.content) if latest else starter_content(module.slug, module.title)
    number = (latest.version + 1) if latest else 1
    content["version"] = number
    draft = ModuleVersion(module_id=module.id, version=number, status=DRAFT, content=content,
                          created_at=now, updated_at=now)
    session.add(draft)
    session.flush()
    return draft


def require_draft(*, session: Session, module: Module) -> ModuleVersion:
    draft = get_draft(session=session, module=module)
    if draft is None:
        raise Conflict(f"Module '{module.slug}' has no open draft: published versions cannot be "
                       "edited. Start a new draft from the latest version.")
    return draft


def save_draft(*, session: Session, module: Module, content: dict[str, Any],
               now: datetime) -> ModuleVersion:
    """Replace the draft's content (it may still have problems; publishing checks)."""
    draft = require_draft(session=session, module=module)
    content = dict(content)
    # The slug and version are the module's, whatever the editor sent.
    content["module"] = module.slug
    content["version"] = draft.version
    draft.content = content
    draft.updated_at = now
    session.add(draft)
    session.flush()
    return draft


def discard_draft(*, session: Session, module: Module) -> None:
    """Throw the open draft away."""
    draft = require_draft(session=session, module=module)
    if draft.version == 1 and latest_published(session=session, module=module) is None:
        raise Conflict("This module has never been published; its first draft cannot be "
                       "discarded.")
    session.delete(draft)
    session.flush()


def _publish(session: Session, module: Module, version: ModuleVersion, playbook: Playbook,
             by: int | None, now: datetime) -> ModuleVersion:
    previous = latest_published(session=session, module=module)
    diff = diff_playbooks(playbook_of(previous) if previous else None, playbook)
    version.content = playbook_to_dict(playbook)
    version.status = PUBLISHED
    version.diff = diff.to_dict()
    version.published_at = now
    version.published_by_id = by
    version.updated_at = now
    module.title = playbook.title
    session.add(module)
    session.add(version)
    session.flush()
    return version


def publish_draft(*, session: Session, module: Module, by: int | None,
                  now: datetime) -> ModuleVersion:
    """Check the draft against the format and publish it as an immutable version."""
    draft = require_draft(session=session, module=module)
    playbook = playbook_from_dict(draft.content, filename=f"{module.slug} draft")
    return _publish(session, module, draft, playbook, by, now)


def import_playbook(*, session: Session, data: str | bytes, filename: str, by: int | None,
                    now: datetime, as_draft: bool = False,
                    max_bytes: int = MAX_BYTES) -> ModuleVersion:
    """Create or extend a module from a playbook file, publishing it unless `as_draft`."""
    playbook = parse_playbook(data, filename=filename, max_bytes=max_bytes)
    return store_playbook(session=session, playbook=playbook, filename=filename, by=by,
                          now=now, as_draft=as_draft)


def store_playbook(*, session: Session, playbook: Playbook, filename: str, by: int | None,
                   now: datetime, as_draft: bool = False) -> ModuleVersion:
    """`import_playbook` for a file already parsed (parsing needs no database)."""
    module = session.exec(select(Module).where(Module.slug == playbook.module)).first()
    if module is None:
        module = Module(slug=playbook.module, title=playbook.title, created_by_id=by,
                        created_at=now)
        session.add(module)
        session.flush()
    assert module.id is not None
    latest = latest_published(session=session, module=module)
    if latest is not None and playbook.version <= latest.version:
        raise InvalidPlaybook(filename, [Problem(
            "version", f"must be greater than {latest.version}, the latest published version "
            f"of '{module.slug}' (got {playbook.version})")])
    draft = get_draft(session=session, module=module)
    if as_draft:
        if draft is None:
            draft = ModuleVersion(module_id=module.id, version=playbook.version, status=DRAFT,
                                  content={}, created_at=now)
        draft.version = playbook.version
        draft.content = playbook_to_dict(playbook)
        draft.updated_at = now
        session.add(draft)
        session.flush()
        return draft
    if draft is not None:
        if latest is None and draft.version == 1 and draft.content == starter_content(
                module.slug, module.title):
            session.delete(draft)  # an untouched starter draft is not work to protect
            session.flush()
        else:
            raise Conflict(f"Module '{module.slug}' has an unpublished draft. Publish or "
                           "discard it first, or import this file as a draft.")
    version = ModuleVersion(module_id=module.id, version=playbook.version, status=DRAFT,
                            content={}, created_at=now)
    session.add(version)
    return _publish(session, module, version, playbook, by, now)


def stored_diff(version: ModuleVersion) -> PlaybookDiff | None:
    """The diff against the previous version, as stored at publish time."""
    return PlaybookDiff.from_dict(version.diff) if version.diff else None


def diff_versions(*, session: Session, module: Module, version: int,
                  against: int | None) -> PlaybookDiff:
    """The difference from version `against` (default: the one before) to `version`."""
    new = get_version(session=session, module=module, version=version)
    if against is None:
        stored = stored_diff(new)
        if stored is not None:
            return stored
    old = None
    if against is not None:
        old = playbook_of(get_version(session=session, module=module, version=against))
    return diff_playbooks(old, playbook_of(new))


# --- launches ----------------------------------------------------------------------------


def _existing_team_ids(session: Session, team_ids: Iterable[int]) -> set[int]:
    ids = set(team_ids)
    if not ids:
        return set()
    rows = session.execute(sa_select(col(Team.id)).where(col(Team.id).in_(ids))).scalars()
    return set(rows)


def launch(*, session: Session, module: Module, version: int | None, team_ids: Iterable[int],
           due_at: datetime | None, by: int | None, now: datetime) -> list[Launch]:
    """Launch a published version to teams; a newer launch replaces the team's older one."""
    ids = sorted(set(team_ids))
    if not ids:
        raise InvalidInput("Choose at least one team to launch to.")
    missing = set(ids) - _existing_team_ids(session, ids)
    if missing:
        raise NotFound(f"No team with id {', '.join(map(str, sorted(missing)))}.")
    row = (get_version(session=session, module=module, version=version) if version is not None
           else latest_published(session=session, module=module))
    if row is None:
        raise Conflict(f"Module '{module.slug}' has no published version to launch yet.")
    if due_at is None:
        days = playbook_of(row).due_days
        due_at = now + timedelta(days=days) if days else None
    if due_at is not None and due_at <= now:
        raise InvalidInput("The due date must be in the future.")
    assert module.id is not None and row.id is not None
    out = []
    for team_id in ids:
        active = session.exec(select(Launch).where(
            Launch.module_id == module.id, Launch.team_id == team_id,
            col(Launch.replaced_at).is_(None))).first()
        if active is not None and active.module_version_id == row.id:
            active.due_at = due_at  # relaunching the same version only moves the due date
            session.add(active)
            out.append(active)
            continue
        if active is not None:
            active_version = session.get(ModuleVersion, active.module_version_id)
            if active_version is not None and active_version.version > row.version:
                raise Conflict(f"Team {team_id} already has the newer version "
                               f"{active_version.version} of '{module.slug}'.")
            active.replaced_at = now
            session.add(active)
        new = Launch(module_id=module.id, module_version_id=row.id, team_id=team_id,
                     due_at=due_at, launched_at=now, launched_by_id=by)
        session.add(new)
        out.append(new)
    session.flush()
    return out


def launches_of(*, session: Session, module: Module) -> Sequence[Launch]:
    """Every launch of a module, newest first."""
    return session.exec(select(Launch).where(Launch.module_id == module.id)
                        .order_by(col(Launch.launched_at).desc(), col(Launch.id).desc())).all()


def active_launches(*, session: Session, team_ids: Iterable[int]) -> list[ActiveLaunch]:
    """The current launch of each module for these teams."""
    ids = list(set(team_ids))
    if not ids:
        return []
    rows = session.exec(
        select(Launch, Module, ModuleVersion)
        .join(Module, col(Module.id) == Launch.module_id)
        .join(ModuleVersion, col(ModuleVersion.id) == Launch.module_version_id)
        .where(col(Launch.team_id).in_(ids), col(Launch.replaced_at).is_(None))
        .order_by(col(Launch.due_at), Module.title)
    ).all()
    return [ActiveLaunch(launch=lnc, module=m, version=v) for lnc, m, v in rows]


def launched_version_numbers(*, session: Session, module: Module,
                             team_ids: Iterable[int]) -> set[int]:
    """Versions of a module ever launched to any of these teams (what their people may read)."""
    ids = list(set(team_ids))
    if not ids:
        return set()
    rows = session.exec(
        select(ModuleVersion.version)
        .join(Launch, col(Launch.module_version_id) == ModuleVersion.id)
        .where(Launch.module_id == module.id, col(Launch.team_id).in_(ids))
    ).all()
    return set(rows)


def launched_modules(*, session: Session, team_ids: Iterable[int]) -> Sequence[Module]:
    """Modules with any launch to these teams."""
    ids = list(set(team_ids))
    if not ids:
        return []
    return session.exec(
        select(Module).where(col(Module.id).in_(
            select(Launch.module_id).where(col(Launch.team_id).in_(ids))))
        .order_by(Module.title)).all()


# --- what a rep has read ------------------------------------------------------------------


def learned_version(*, session: Session, user_id: int, module: Module) -> int | None:
    row = session.get(LearnedVersion, (user_id, module.id))
    return row.version if row else None


def mark_learned(*, session: Session, user_id: int, module: Module, version: int,
                 now: datetime) -> None:
    """Record that a rep has read this version (never moves backwards)."""
    assert module.id is not None
    row = session.get(LearnedVersion, (user_id, module.id))
    if row is None:
        session.add(LearnedVersion(user_id=user_id, module_id=module.id, version=version, at=now))
    elif version > row.version:
        row.version = version
        row.at = now
        session.add(row)
    session.flush()
