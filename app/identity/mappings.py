"""Group mappings: a provider group gives its members a role, a team, or a team to
manage. For accounts the directory or a sign-in provider manages, roles and teams are
derived from their groups on every SCIM push and every SSO sign-in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from app.identity import events
from app.identity.models import (
    DirectoryGroup,
    DirectoryGroupMember,
    ExternalIdentity,
    GroupMapping,
    ScimUser,
)
from app.models import Role, TeamManager, User, UserRole
from app.settings import DEFAULT_BASE_URL
from app.users import clean_name, get_team, roles_of, update_user
from drills.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True)
class Grant:
    """What a person's groups give them."""

    roles: frozenset[Role]
    team_id: int | None
    managed_team_ids: frozenset[int]
    matched: tuple[str, ...]


def list_mappings(*, session: Session) -> Sequence[GroupMapping]:
    return session.exec(select(GroupMapping).order_by(col(GroupMapping.group_name),
                                                      col(GroupMapping.id))).all()


def create_mapping(*, session: Session, group_name: str, role: str | None,
                   team_id: int | None, manages: bool = False) -> GroupMapping:
    """Add a rule; a rep role needs a team, managing needs one too."""
    group_name = clean_name(group_name, what="group name", limit=200)
    if role and role not in {r.value for r in Role}:
        raise InvalidInput(f"Unknown role '{role[:20]}'; use one of "
                           f"{', '.join(r.value for r in Role)}.")
    role_value = Role(role).value if role else None
    if team_id is not None:
        get_team(session=session, team_id=team_id)
    if manages and team_id is None:
        raise InvalidInput("Choose the team that members of this group manage.")
    if role_value is None and team_id is None:
        raise InvalidInput("A mapping gives a role, a team, or both: choose at least one.")
    if role_value == Role.REP.value and team_id is None:
        raise InvalidInput("Reps belong to a team: choose the team this group's reps join.")
    for m in session.exec(select(GroupMapping)
                          .where(GroupMapping.group_name == group_name)).all():
        if (m.role, m.team_id, m.manages) == (role_value, team_id, manages):
            raise Conflict(f"That mapping for '{group_name}' already exists.")
    mapping = GroupMapping(group_name=group_name, role=role_value, team_id=team_id,
                           manages=manages)
    session.add(mapping)
    session.flush()
    return mapping


def delete_mapping(*, session: Session, mapping_id: int) -> None:
    mapping = session.get(GroupMapping, mapping_id)
    if mapping is None:
        raise NotFound(f"Mapping {mapping_id} does not exist.")
    session.delete(mapping)
    session.flush()


def grant_for(groups: Iterable[str], mappings: Sequence[GroupMapping]) -> Grant:
    """What these group names give, by the mappings (names compared ignoring case)."""
    names = {g.strip().lower() for g in groups if g and g.strip()}
    matched = [m for m in mappings if m.group_name.lower() in names]
    roles = {Role(m.role) for m in matched if m.role}
    managed = frozenset(m.team_id for m in matched if m.manages and m.team_id is not None)
    if managed:
        roles.add(Role.MANAGER)
    team_id = next((m.team_id for m in sorted(matched, key=lambda m: m.id or 0)
                    if not m.manages and m.team_id is not None), None)
    return Grant(roles=frozenset(roles), team_id=team_id, managed_team_ids=managed,
                 matched=tuple(sorted({m.group_name for m in matched})))


def groups_of(*, session: Session, user_id: int) -> set[str]:
    """Every group the person is in: the directory's, and each provider's last claim."""
    names = set(session.exec(
        select(DirectoryGroup.display_name)
        .join(DirectoryGroupMember, col(DirectoryGroupMember.group_id) == DirectoryGroup.id)
        .where(DirectoryGroupMember.user_id == user_id)).all())
    for claimed in session.exec(select(ExternalIdentity.groups)
                                .where(ExternalIdentity.user_id == user_id)).all():
        names.update(str(g) for g in claimed or [])
    return names


def is_directory_managed(*, session: Session, user_id: int) -> bool:
    if session.get(ScimUser, user_id) is not None:
        return True
    return session.exec(select(ExternalIdentity.id)
                        .where(ExternalIdentity.user_id == user_id)).first() is not None


def apply(*, session: Session, user_ids: Iterable[int], source: str,
          base_url: str = DEFAULT_BASE_URL) -> int:
    """Bring the roles and teams of these directory-managed accounts in line with their
    groups; returns how many changed. With no mappings at all, roles stay as an admin set
    them (provisioning only creates and deactivates)."""
    mappings = list_mappings(session=session)
    if not mappings:
        return 0
    changed = 0
    for user_id in user_ids:
        if _apply_one(session, user_id, mappings, source, base_url):
            changed += 1
    return changed


def _current(session: Session, user: User) -> tuple[frozenset[Role], int | None, frozenset[int]]:
    assert user.id is not None
    managed = frozenset(session.exec(select(TeamManager.team_id)
                                     .where(TeamManager.user_id == user.id)).all())
    return roles_of(session=session, user_id=user.id), user.team_id, managed


def _apply_one(session: Session, user_id: int, mappings: Sequence[GroupMapping],
               source: str, base_url: str) -> bool:
    user = session.get(User, user_id)
    if user is None:
        return False
    grant = grant_for(groups_of(session=session, user_id=user_id), mappings)
    roles = grant.roles
    # No team group: the person stays in the team they are in (leaving every team group
    # does not take away a rep's team, and so their certifications' team).
    team_id = grant.team_id if grant.team_id is not None else user.team_id
    if Role.REP in roles and team_id is None:
        roles = roles - {Role.REP}
    if (roles, team_id, grant.managed_team_ids) == _current(session, user):
        return False
    if roles:
        update_user(session=session, user_id=user_id, name=user.name, email=user.email,
                    roles=roles, team_id=team_id, managed_team_ids=grant.managed_team_ids,
                    base_url=base_url)
    else:  # in no mapped group: the account keeps its history but may do nothing
        session.exec(delete(UserRole).where(col(UserRole.user_id) == user_id))
        session.exec(delete(TeamManager).where(col(TeamManager.user_id) == user_id))
        session.flush()
    label = ", ".join(sorted(r.value for r in roles)) or "no role"
    events.record(session=session, source=source, action="roles_changed", subject=user.email,
                  user_id=user_id,
                  detail=f"{label} from groups {', '.join(grant.matched) or '(none mapped)'}")
    return True
