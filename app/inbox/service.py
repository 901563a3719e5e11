"""The in-app inbox: launch notices, and reading and marking one person's items (every
notice is written by `accounts.inbox.notify`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select, update

from accounts.inbox import Notice, notify
from app.models import InboxItem, Role, User, UserRole
from drills.errors import NotFound
from drills.models import Launch, Module, ModuleVersion
from drills.modules import ActiveLaunch, active_launches


def _reps_of(session: Session, team_id: int) -> Sequence[User]:
    return session.exec(
        select(User).join(UserRole, col(UserRole.user_id) == User.id)
        .where(User.team_id == team_id, UserRole.role == Role.REP.value,
               col(User.is_active).is_(True))
    ).all()


def _launch_notice(module: Module, version: ModuleVersion, launch: Launch,
                   user_id: int) -> Notice:
    """A launch, told to one rep (once: the key names the launch and the rep)."""
    due = f" Due {launch.due_at:%d %b %Y}." if launch.due_at else ""
    if version.version > 1:
        title = f"New version of {module.title}"
        body = f"Version {version.version} is out: see what changed and practise it.{due}"
    else:
        title = f"New messaging: {module.title}"
        body = f"Learn it with a few minutes of drills a day, then record your pitch.{due}"
    return Notice(user_id=user_id, kind="launch", title=title, body=body,
                  link=f"/modules/{module.slug}/whats-new",
                  dedupe_key=f"launch:{launch.id}:{user_id}")


def notify_launches(*, session: Session, launches: Iterable[Launch], now: datetime) -> int:
    """Tell every rep in the launched teams; returns how many were told."""
    told: list[Notice] = []
    for launch in launches:
        module = session.get(Module, launch.module_id)
        version = session.get(ModuleVersion, launch.module_version_id)
        assert module is not None and version is not None
        for rep in _reps_of(session, launch.team_id):
            assert rep.id is not None
            told.append(_launch_notice(module, version, launch, rep.id))
    notify(session=session, notices=told, now=now)
    return len(told)


def notify_joined_team(*, session: Session, user: User, now: datetime) -> None:
    """A rep who joins a team later gets that team's current launches too."""
    if user.team_id is None or user.id is None:
        return
    current: list[ActiveLaunch] = active_launches(session=session, team_ids=[user.team_id])
    notify(session=session, now=now,
           notices=[_launch_notice(item.module, item.version, item.launch, user.id)
                    for item in current])


def notify_new_members(*, session: Session, members: Iterable[tuple[int, int | None]],
                       now: datetime) -> None:
    """`notify_joined_team` for many new reps at once (an import), given as (user id,
    team id): one look-up of launches per team, one INSERT."""
    by_team: dict[int, list[int]] = {}
    for user_id, team_id in members:
        if team_id is not None:
            by_team.setdefault(team_id, []).append(user_id)
    told = [_launch_notice(item.module, item.version, item.launch, uid)
            for team_id, user_ids in by_team.items()
            for item in active_launches(session=session, team_ids=[team_id])
            for uid in user_ids]
    notify(session=session, notices=told, now=now)


def list_inbox(*, session: Session, user_id: int, limit: int = 100,
               unread_only: bool = False) -> Sequence[InboxItem]:
    """Newest first."""
    query = select(InboxItem).where(InboxItem.user_id == user_id)
    if unread_only:
        query = query.where(col(InboxItem.read_at).is_(None))
    return session.exec(query.order_by(col(InboxItem.created_at).desc(),
                                       col(InboxItem.id).desc()).limit(limit)).all()


def get_item(*, session: Session, user_id: int, item_id: int) -> InboxItem:
    """One item of this person's inbox; anyone else's is not found (not forbidden: its
    existence is not theirs to know)."""
    item = session.get(InboxItem, item_id)
    if item is None or item.user_id != user_id:
        raise NotFound("No such message in your inbox.")
    return item


def unread_count(*, session: Session, user_id: int) -> int:
    return int(session.exec(select(func.count()).select_from(InboxItem).where(
        InboxItem.user_id == user_id, col(InboxItem.read_at).is_(None))).one())


def mark_read(*, session: Session, user_id: int, item_id: int | None, now: datetime) -> int:
    """Mark one item (or, with None, all) as read; only the owner's items. Returns how
    many were unread."""
    stmt = update(InboxItem).where(col(InboxItem.user_id) == user_id,
                                   col(InboxItem.read_at).is_(None))
    if item_id is not None:
        get_item(session=session, user_id=user_id, item_id=item_id)
        stmt = stmt.where(col(InboxItem.id) == item_id)
    marked = session.exec(stmt.values(read_at=now)).rowcount
    session.flush()
    return int(marked or 0)
