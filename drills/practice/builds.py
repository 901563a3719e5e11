"""The drills of a module, built once per published version from its playbook.

A drill whose message or objection a new version leaves unchanged keeps its schedule (it
is carried on, with fresher distractors); a changed or removed one is retired, its
history kept. Versions built by an older builder get the drills of newer kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from drills.drill_builder import DrillSpec, build_drills, build_for
from drills.drill_models import Drill, DrillBuild
from drills.kinds import BUILDER_VERSION, KINDS, Teaches, kind_of, payload_of
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of, published_versions, stored_diff
from drills.playbook_diff import PlaybookDiff, diff_playbooks


def _unchanged(diff: PlaybookDiff) -> set[tuple[str, str]]:
    """(family, subject) pairs the diff marks unchanged; their drills keep their schedule."""
    out = {("message", m.id) for m in diff.messages if m.status == "unchanged"}
    return out | {("objection", o.id) for o in diff.objections if o.status == "unchanged"}


def _teaches(drill: Drill) -> Teaches:
    # Message and objection ids are unique only within their own list, so a drill is told
    # apart by what it teaches too (a spoken drill teaches either).
    return payload_of(drill).teaches()


def _diff_for(version: ModuleVersion, previous: ModuleVersion) -> PlaybookDiff:
    stored = stored_diff(version)
    if stored is not None and stored.old_version == previous.version:
        return stored
    return diff_playbooks(playbook_of(previous), playbook_of(version))


def _build_version(session: Session, module_id: int, version: ModuleVersion,
                   previous: ModuleVersion | None, now: datetime) -> None:
    specs: list[DrillSpec] = build_drills(playbook_of(version))
    current = {(d.kind, _teaches(d), d.subject): d for d in session.exec(select(Drill).where(
        Drill.module_id == module_id, col(Drill.until_version).is_(None)))}
    keep = _unchanged(_diff_for(version, previous)) if previous is not None else set()
    for spec in specs:
        old = current.pop((spec.kind.value, spec.teaches, spec.subject), None)
        if old is not None and (spec.teaches, spec.subject) in keep:
            old.payload = spec.payload  # same message: fresher distractors, same schedule
            old.fingerprint = spec.fingerprint
            session.add(old)
            continue
        if old is not None:
            old.until_version = version.version
            session.add(old)
        session.add(Drill(module_id=module_id, kind=spec.kind.value, subject=spec.subject,
                          fingerprint=spec.fingerprint, since_version=version.version,
                          payload=spec.payload, created_at=now))
    for gone in current.values():  # removed from the playbook: retired, history kept
        gone.until_version = version.version
        session.add(gone)


def _upgrade_builds(session: Session, module_id: int, versions: Sequence[ModuleVersion],
                    built_to: int, builder: int, now: datetime) -> None:
    """Give versions built by an older builder the drills of the kinds introduced since
    (spoken drills, builder 2), idempotently.

    A new kind's drill teaches the same item as a drill of a kind the older builder had
    (a message's recall drill, an objection's objection drill), so it takes that
    sibling's version range: the history of which versions changed the item is already
    worked out there, and no diff is re-run.
    """
    newer = [k for k in KINDS.values() if k.since_builder > builder]
    drills = list(session.exec(select(Drill).where(Drill.module_id == module_id)))
    have = {(d.kind, _teaches(d), d.subject, d.since_version) for d in drills}
    siblings: dict[tuple[Teaches, str, int], Drill] = {}
    for drill in drills:
        if kind_of(drill.kind).since_builder <= builder:
            siblings.setdefault((_teaches(drill), drill.subject, drill.since_version), drill)
    built = [v for v in versions if v.version <= built_to]
    for (teaches, subject, since), sibling in siblings.items():
        # The playbook of the newest version in the range (unchanged items get fresh payloads).
        inside = [v for v in built if v.version >= since and (
            sibling.until_version is None or v.version < sibling.until_version)]
        if not inside:
            continue
        playbook = playbook_of(inside[-1])
        item = playbook.message(subject) if teaches == "message" else playbook.objection(subject)
        if item is None:
            continue
        for kind in newer:
            spec = build_for(kind, playbook, item)
            if spec is None or (kind.kind, teaches, subject, since) in have:
                continue
            session.add(Drill(module_id=module_id, kind=spec.kind.value, subject=spec.subject,
                              fingerprint=spec.fingerprint, since_version=since,
                              until_version=sibling.until_version, payload=spec.payload,
                              created_at=now))
            have.add((kind.kind, teaches, subject, since))


def ensure_built(*, session: Session, module: Module, version: int, now: datetime) -> None:
    """Build drills for every published version up to `version`, oldest first, once."""
    assert module.id is not None
    build = session.get(DrillBuild, module.id)
    if build is not None and build.version >= version and build.builder >= BUILDER_VERSION:
        return
    done = build.version if build else 0
    versions = sorted(published_versions(session=session, module=module),
                      key=lambda v: v.version)
    if build is not None and build.builder < BUILDER_VERSION:
        # Before building anything newer, so the next version carries these drills on.
        _upgrade_builds(session, module.id, versions, done, build.builder, now)
        session.flush()
    previous = next((v for v in reversed(versions) if v.version <= done), None)
    for row in versions:
        if done < row.version <= version:
            _build_version(session, module.id, row, previous, now)
            previous = row
    session.flush()
    build = build or DrillBuild(module_id=module.id, version=version)
    build.version, build.built_at = max(version, done), now
    build.builder = BUILDER_VERSION
    session.add(build)
    session.flush()


def drills_of_version(*, session: Session, module_id: int, version: int) -> Sequence[Drill]:
    """The drills a rep on this version practises."""
    return session.exec(select(Drill).where(
        Drill.module_id == module_id, Drill.since_version <= version,
        (col(Drill.until_version).is_(None)) | (col(Drill.until_version) > version),
    ).order_by(col(Drill.id))).all()
