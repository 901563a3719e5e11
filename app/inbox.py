"""The in-app inbox: launches and other notices for one person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, insert
from sqlmodel import Session, col, select, update

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


def _add(session: Session, *, user_id: int, kind: str, title: str, body: str, link: str,
         dedupe_key: str, now: datetime) -> None:
    exists = session.exec(select(InboxItem.id).where(InboxItem.dedupe_key == dedupe_key)).first()
    if exists is None:
        session.add(InboxItem(user_id=user_id, kind=kind, title=title[:200], body=body[:2000],
                              link=link, dedupe_key=dedupe_key, created_at=now))


def _launch_notice(module: Module, version: ModuleVersion, launch: Launch) -> tuple[str, str]:
    due = f" Due {launch.due_at:%d %b %Y}." if launch.due_at else ""
    if version.version > 1:
        return (f"New version of {module.title}",
                f"Version {version.version} is out: see what changed and practise it.{due}")
    return (f"New messaging: {module.title}",
            f"Learn it with a few minutes of drills a day, then record your pitch.{due}")


def notify_launches(*, session: Session, launches: Iterable[Launch], now: datetime) -> int:
    """Tell every rep in the launched teams; returns how many were told."""
    told = 0
    for launch in launches:
        module = session.get(Module, launch.module_id)
        version = session.get(ModuleVersion, launch.module_version_id)
        assert module is not None and version is not None
        title, body = _launch_notice(module, version, launch)
        for rep in _reps_of(session, launch.team_id):
            assert rep.id is not None
            _add(session, user_id=rep.id, kind="launch", title=title, body=body,
                 link=f"/modules/{module.slug}/whats-new",
                 dedupe_key=f"launch:{launch.id}:{rep.id}", now=now)
            told += 1
    session.flush()
    return told


def notify_joined_team(*, session: Session, user: User, now: datetime) -> None:
    """A rep who joins a team later gets that team's current launches too."""
    if user.team_id is None or user.id is None:
        return
    current: list[ActiveLaunch] = active_launches(session=session, team_ids=[user.team_id])
    for item in current:
        title, body = _launch_notice(item.module, item.version, item.launch)
        _add(session, user_id=user.id, kind="launch", title=title, body=body,
             link=f"/modules/{item.module.slug}/whats-new",
             dedupe_key=f"launch:{item.launch.id}:{user.id}", now=now)
    session.flush()


def notify_new_members(*, session: Session, members: Iterable[tuple[int, int | None]],
                       now: datetime) -> None:
    """`notify_joined_team` for many new reps at once (an import), given as (user id,
    team id): one look-up of launches per team, one INSERT. New users have no inbox yet,
    so there is nothing to de-duplicate against."""
    by_team: dict[int, list[int]] = {}
    for user_id, team_id in members:
        if team_id is not None:
            by_team.setdefault(team_id, []).append(user_id)
    items = []
    for team_id, user_ids in by_team.items():
        for item in active_launches(session=session, team_ids=[team_id]):
            title, body = _launch_notice(item.module, item.version, item.launch)
            items += [{"user_id": uid, "kind": "launch", "title": title[:200],
                       "body": body[:2000], "link": f"/modules/{item.module.slug}/whats-new",
                       "dedupe_key": f"launch:{item.launch.id}:{uid}", "created_at": now,
                       "read_at": None} for uid in user_ids]
    if items:
        session.execute(insert(InboxItem), items)


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
