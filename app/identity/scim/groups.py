"""SCIM Groups: the directory's groups and their members. A membership change
re-derives the roles and teams of the people it touches (see app/identity/mappings.py)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, delete, select

from app.clock import utcnow
from app.identity import events, mappings
from app.identity.models import DirectoryGroup, DirectoryGroupMember, ScimUser
from app.identity.scim import filters
from app.identity.scim.errors import ScimError, bad_path, bad_value, not_found
from app.identity.scim.resources import (
    GROUP_SCHEMA,
    as_text,
    list_response,
    meta,
    operations,
    page,
)
from app.models import User

FILTERABLE = {"displayname", "externalid", "id"}
_MEMBER_FILTER = re.compile(r'^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$', re.IGNORECASE)


def _load(session: Session, rid: str) -> DirectoryGroup:
    group = session.get(DirectoryGroup, int(rid)) if rid.isdigit() else None
    if group is None:
        raise not_found("Group", rid)
    return group


def _members(session: Session, group_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    out: dict[int, list[dict[str, str]]] = {gid: [] for gid in group_ids}
    if not group_ids:
        return out
    rows = session.exec(
        select(DirectoryGroupMember.group_id, User.id, User.name)
        .join(User, col(User.id) == DirectoryGroupMember.user_id)
        .where(col(DirectoryGroupMember.group_id).in_(group_ids))
        .order_by(col(User.id))).all()
    for gid, uid, name in rows:
        out[gid].append({"value": str(uid), "display": name, "type": "User"})
    return out


def resource(group: DirectoryGroup, members: list[dict[str, str]] | None,
             base_url: str) -> dict[str, Any]:
    assert group.id is not None
    body: dict[str, Any] = {"schemas": [GROUP_SCHEMA], "id": str(group.id),
                            "displayName": group.display_name,
                            "meta": meta("Group", group.id, group.created_at,
                                         group.updated_at, base_url)}
    if members is not None:
        body["members"] = members
    if group.external_id:
        body["externalId"] = group.external_id
    return body


def get(*, session: Session, rid: str, base_url: str,
        with_members: bool = True) -> dict[str, Any]:
    group = _load(session, rid)
    assert group.id is not None
    members = _members(session, [group.id])[group.id] if with_members else None
    return resource(group, members, base_url)


def _condition(term: filters.Term) -> Any:
    column: Any = {"displayname": col(DirectoryGroup.display_name),
                   "externalid": col(DirectoryGroup.external_id),
                   "id": col(DirectoryGroup.id)}[term.attribute]
    value = term.value
    if term.attribute == "id":
        if term.op not in ("eq", "ne", "pr"):
            raise filters.invalid("'id' can be compared with eq or ne only.")
        value = int(value) if isinstance(value, str) and value.isdigit() else -1
    if term.attribute == "displayname" and isinstance(value, str):
        column, value = func.lower(column), value.lower()  # case-insensitive (RFC 7643)
    if term.op == "pr":
        return column.is_not(None)
    if term.op in ("co", "sw", "ew") and not isinstance(value, str):
        raise filters.invalid(f"'{term.op}' needs a string value.")
    return {"eq": lambda: column == value, "ne": lambda: column != value,
            "co": lambda: column.contains(value, autoescape=True),
            "sw": lambda: column.startswith(value, autoescape=True),
            "ew": lambda: column.endswith(value, autoescape=True)}[term.op]()


def search(*, session: Session, filter_text: str | None, start_index: int | None,
           count: int | None, base_url: str, with_members: bool) -> dict[str, Any]:
    start, size = page(start_index, count)
    conditions = [_condition(t) for t in filters.parse(filter_text, FILTERABLE)] \
        if filter_text and filter_text.strip() else []
    base = select(DirectoryGroup).where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    groups = session.exec(base.order_by(col(DirectoryGroup.id)).offset(start - 1)
                          .limit(size)).all() if size else []
    members = _members(session, [g.id for g in groups if g.id is not None]) \
        if with_members else {}
    return list_response([resource(g, members.get(g.id or 0) if with_members else None,
                                   base_url) for g in groups], total, start)


def _member_ids(session: Session, value: Any) -> set[int]:
    """The account ids of a `members` value; every one must be a SCIM user."""
    if value is None:
        return set()
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise bad_value("'members' must be a list of {\"value\": user id}.")
    ids: set[int] = set()
    for item in value:
        raw = item.get("value") if isinstance(item, dict) else None
        if not isinstance(raw, str) or not raw.isdigit():
            raise bad_value(f"A member must be {{\"value\": user id}} (got {item!r}).")
        ids.add(int(raw))
    if ids:
        found = set(session.exec(select(ScimUser.user_id)
                                 .where(col(ScimUser.user_id).in_(ids))).all())
        if missing := sorted(ids - found):
            raise ScimError(400, f"No SCIM user with id {', '.join(map(str, missing[:10]))}: "
                            "create the user before adding them to a group.", "invalidValue")
    return ids


def _current_members(session: Session, group_id: int) -> set[int]:
    return set(session.exec(select(DirectoryGroupMember.user_id)
                            .where(DirectoryGroupMember.group_id == group_id)).all())


def _set_members(session: Session, group: DirectoryGroup, wanted: set[int], source: str,
                 base_url: str) -> None:
    assert group.id is not None
    current = _current_members(session, group.id)
    added, removed = wanted - current, current - wanted
    if removed:
        session.exec(delete(DirectoryGroupMember).where(
            col(DirectoryGroupMember.group_id) == group.id,
            col(DirectoryGroupMember.user_id).in_(removed)))
    if added:
        session.execute(insert(DirectoryGroupMember), [
            {"group_id": group.id, "user_id": uid} for uid in sorted(added)])
    if added or removed:
        session.flush()
        events.record(session=session, source=source, action="group_members",
                      subject=group.display_name,
                      detail=f"{len(added)} added, {len(removed)} removed")
        mappings.apply(session=session, user_ids=sorted(added | removed), source=source,
                       base_url=base_url)


def _unique_name(session: Session, name: str, group_id: int | None) -> None:
    other = session.exec(select(DirectoryGroup).where(
        func.lower(DirectoryGroup.display_name) == name.lower())).first()
    if other is not None and other.id != group_id:
        raise ScimError(409, f"A group called '{name}' already exists.", "uniqueness")


def _read(body: dict[str, Any]) -> tuple[str, str | None]:
    for key in body:
        if key.lower() not in {"schemas", "displayname", "members", "externalid", "id",
                               "meta"}:
            raise ScimError(400, f"Unknown attribute '{key}' for a Group.", "invalidSyntax")
    name = as_text(body.get("displayName"), "displayName", 200, required=True)
    assert name is not None
    return name, as_text(body.get("externalId"), "externalId", 200)


def create(*, session: Session, body: dict[str, Any], source: str,
           base_url: str) -> dict[str, Any]:
    name, external_id = _read(body)
    _unique_name(session, name, None)
    members = _member_ids(session, body.get("members"))
    now = utcnow()
    group = DirectoryGroup(display_name=name, external_id=external_id, created_at=now,
                           updated_at=now)
    session.add(group)
    session.flush()
    events.record(session=session, source=source, action="group_created", subject=name,
                  detail=f"group created with {len(members)} members")
    _set_members(session, group, members, source, base_url)
    return get(session=session, rid=str(group.id), base_url=base_url)


def put(*, session: Session, rid: str, body: dict[str, Any], source: str,
        base_url: str) -> dict[str, Any]:
    group = _load(session, rid)
    name, external_id = _read(body)
    members = _member_ids(session, body.get("members"))
    _rename(session, group, name, source, base_url)
    group.external_id = external_id
    _touch(session, group)
    _set_members(session, group, members, source, base_url)
    return get(session=session, rid=rid, base_url=base_url)


def _touch(session: Session, group: DirectoryGroup) -> None:
    group.updated_at = utcnow()
    session.add(group)
    session.flush()


def _rename(session: Session, group: DirectoryGroup, name: str, source: str,
            base_url: str) -> None:
    if name == group.display_name:
        return
    _unique_name(session, name, group.id)
    old, group.display_name = group.display_name, name
    _touch(session, group)
    assert group.id is not None
    events.record(session=session, source=source, action="group_renamed", subject=name,
                  detail=f"renamed from '{old}'")
    # The mappings name groups: a rename can change what members get.
    mappings.apply(session=session, user_ids=sorted(_current_members(session, group.id)),
                   source=source, base_url=base_url)


def patch(*, session: Session, rid: str, body: dict[str, Any], source: str,
          base_url: str) -> None:
    """PATCH /Groups/{id}: members add/remove/replace (Okta's `members[value eq "x"]`
    path and Entra ID's value list), displayName and externalId. Answered with 204: a
    group of thousands is not sent back for each membership change."""
    group = _load(session, rid)
    assert group.id is not None
    wanted = _current_members(session, group.id)
    for op, path, value in operations(body):
        key = (path or "").lower()
        if path is None:
            if not isinstance(value, dict):
                raise bad_value("An operation without a path needs an object value.")
            for attr, item in value.items():
                wanted = _patch_attr(session, group, op, attr.lower(), item, wanted,
                                     source, base_url)
            continue
        match = _MEMBER_FILTER.match(path)
        if match:
            if op != "remove":
                raise bad_path("A members[value eq ...] path can only be removed.")
            if match.group(1).isdigit():
                wanted.discard(int(match.group(1)))
            continue
        wanted = _patch_attr(session, group, op, key, value, wanted, source, base_url)
    _touch(session, group)
    _set_members(session, group, wanted, source, base_url)


def _patch_attr(session: Session, group: DirectoryGroup, op: str, key: str, value: Any,
                wanted: set[int], source: str, base_url: str) -> set[int]:
    if key == "members":
        if op == "remove":
            return wanted - _member_ids(session, value) if value is not None else set()
        ids = _member_ids(session, value)
        return wanted | ids if op == "add" else ids
    if key == "displayname":
        if op == "remove":
            raise bad_value("displayName is required and cannot be removed.")
        name = as_text(value, "displayName", 200, required=True)
        assert name is not None
        _rename(session, group, name, source, base_url)
        return wanted
    if key == "externalid":
        group.external_id = None if op == "remove" else as_text(value, "externalId", 200)
        return wanted
    if key == "id":
        return wanted  # Okta repeats the id in a replace; it cannot change
    raise bad_path(f"Unknown attribute '{key}' for a Group; OnMessage keeps displayName, "
                   "members and externalId.")


def delete_group(*, session: Session, rid: str, source: str, base_url: str) -> None:
    group = _load(session, rid)
    assert group.id is not None
    members = sorted(_current_members(session, group.id))
    session.exec(delete(DirectoryGroupMember)
                 .where(col(DirectoryGroupMember.group_id) == group.id))
    session.delete(group)
    session.flush()
    events.record(session=session, source=source, action="group_deleted",
                  subject=group.display_name, detail=f"{len(members)} members left it")
    mappings.apply(session=session, user_ids=members, source=source, base_url=base_url)
