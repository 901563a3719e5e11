"""A rep's cards aligned with the versions launched to their teams.

`sync_rep` gives the rep a card for each drill of each launched version (building the
drills first if need be) and retires the rest; `rep_in_sync` says, in one query, whether
it would change anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, bindparam, distinct, exists, func, update
from sqlmodel import Session, col, select

from drills.drill_models import NEW_QUEUE, RETIRED, SCHEDULED, DrillCard, ModuleSync
from drills.kinds import BUILDER_VERSION, KINDS
from drills.models import Launch, ModuleVersion
from drills.modules import ActiveLaunch
from drills.practice.builds import drills_of_version, ensure_built

# New cards are introduced in the registry's order (recall first, spoken last).
_KIND_ORDER = {kind: order for order, kind in enumerate(KINDS)}


def _align(session: Session, user_id: int, module_id: int, version: int,
           now: datetime) -> None:
    wanted = {d.id: d for d in drills_of_version(session=session, module_id=module_id,
                                                 version=version)}
    cards = session.exec(select(DrillCard).where(DrillCard.user_id == user_id,
                                                 DrillCard.module_id == module_id)).all()
    have = set()
    for card in cards:
        have.add(card.drill_id)
        queue = (SCHEDULED if card.reviews else NEW_QUEUE) if card.drill_id in wanted else RETIRED
        if card.queue != queue:
            card.queue = queue
            session.add(card)
    fresh = sorted((d for i, d in wanted.items() if i not in have),
                   key=lambda d: (_KIND_ORDER.get(d.kind, len(_KIND_ORDER)), d.id or 0))
    for drill in fresh:
        assert drill.id is not None
        session.add(DrillCard(user_id=user_id, drill_id=drill.id, module_id=module_id,
                              queue=NEW_QUEUE, due=now, created_at=now))


# The statements a rep's every drill request runs are built once: SQLAlchemy then skips
# building each statement and its cache key per call, which costs more than the query.
_SYNC_ANY = select(ModuleSync.module_id).where(ModuleSync.user_id == bindparam("user_id")) \
    .limit(1)
_SYNC_CHECK = (
    select(Launch.module_id, ModuleVersion.version, ModuleSync.version,  # type: ignore[call-overload]
           ModuleSync.builder,
           select(func.count()).select_from(ModuleSync)
           .where(ModuleSync.user_id == bindparam("user_id")).correlate(None)
           .scalar_subquery())
    .join(ModuleVersion, col(ModuleVersion.id) == Launch.module_version_id)
    .outerjoin(ModuleSync, (col(ModuleSync.user_id) == bindparam("user_id"))
               & (col(ModuleSync.module_id) == Launch.module_id))
    .where(col(Launch.team_id).in_(bindparam("team_ids", expanding=True)),
           col(Launch.replaced_at).is_(None)))


# `rep_in_sync`'s answer as one SQL expression (parameters user_id and team_ids), for a
# statement that reads something else for the rep's request (answering a card): no active
# launch to the teams without the rep's sync row at its version and current builder, and
# no more sync rows than launched modules (a sync row is one per rep and module).
_LAUNCHED = and_(col(Launch.team_id).in_(bindparam("team_ids", expanding=True)),
                 col(Launch.replaced_at).is_(None))
IN_SYNC = and_(
    ~exists().where(
        _LAUNCHED, col(ModuleVersion.id) == Launch.module_version_id,
        ~exists().where(col(ModuleSync.user_id) == bindparam("user_id"),
                        col(ModuleSync.module_id) == Launch.module_id,
                        col(ModuleSync.version) == ModuleVersion.version,
                        col(ModuleSync.builder) >= BUILDER_VERSION)),
    select(func.count()).select_from(ModuleSync)
    .where(ModuleSync.user_id == bindparam("user_id")).scalar_subquery()
    == select(func.count(distinct(col(Launch.module_id)))).where(_LAUNCHED).scalar_subquery())


def rep_in_sync(*, session: Session, user_id: int, team_ids: Iterable[int]) -> bool:
    """True when `sync_rep` would change nothing for the launches to these teams: every
    active launch's version matches the rep's sync row (current builder) and the rep has
    no sync row for a module no longer launched. One query, no playbook content loaded."""
    ids = sorted(set(team_ids))
    rows = session.execute(_SYNC_CHECK, {"user_id": user_id, "team_ids": ids}).all() \
        if ids else []
    if not rows:
        return session.execute(_SYNC_ANY, {"user_id": user_id}).first() is None
    for _module_id, version, synced_version, builder, _count in rows:
        if synced_version != version or builder is None or builder < BUILDER_VERSION:
            return False
    return len({row[0] for row in rows}) == rows[0][4]


def sync_rep(*, session: Session, user_id: int, launches: Iterable[ActiveLaunch],
             now: datetime) -> bool:
    """Give the rep cards for their launched versions; retire the rest. True if changed."""
    active = {a.module.id: a for a in launches if a.module.id is not None}
    synced = {s.module_id: s for s in session.exec(
        select(ModuleSync).where(ModuleSync.user_id == user_id))}
    changed = False
    for module_id, item in active.items():
        row = synced.get(module_id)
        if (row is not None and row.version == item.version.version
                and row.builder >= BUILDER_VERSION):
            continue
        ensure_built(session=session, module=item.module, version=item.version.version, now=now)
        _align(session, user_id, module_id, item.version.version, now)
        row = row or ModuleSync(user_id=user_id, module_id=module_id, version=0)
        row.version, row.synced_at = item.version.version, now
        row.builder = BUILDER_VERSION
        session.add(row)
        changed = True
    for module_id, row in synced.items():
        if module_id not in active:  # the team no longer has the module (moved team)
            session.execute(update(DrillCard).where(
                col(DrillCard.user_id) == user_id, col(DrillCard.module_id) == module_id)
                .values(queue=RETIRED))
            session.delete(row)
            changed = True
    if changed:
        session.flush()
    return changed
