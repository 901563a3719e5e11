"""SCIM Users: the directory's accounts. A SCIM user is an OnMessage account with a
`scim_users` row (its userName and externalId); deleting it deactivates the account and
unlinks it, so its certifications and recordings stay for managers and audit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, delete, select

from app.clock import utcnow
from app.identity import events, mappings
from app.identity.models import DirectoryGroup, DirectoryGroupMember, ScimUser
from app.identity.scim import filters
from app.identity.scim.errors import ScimError, bad_path, bad_value, not_found
from app.identity.scim.resources import (
    ENTERPRISE_SCHEMA,
    USER_SCHEMA,
    as_bool,
    as_text,
    list_response,
    meta,
    operations,
    page,
)
from app.models import User
from app.users import MAX_NAME, get_user_by_email, normalise_email, set_active
from drills.errors import InvalidInput

FILTERABLE = {"username", "externalid", "id", "displayname", "emails.value", "active"}

# Attributes of the core User schema and the enterprise extension that we accept and do
# not keep (Entra ID's default mapping sends several); anything else is unknown.
IGNORED = {"nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale",
           "timezone", "password", "phonenumbers", "ims", "photos", "addresses",
           "entitlements", "roles", "x509certificates", "groups", "schemas", "meta", "id"}
ENTERPRISE_PREFIX = ENTERPRISE_SCHEMA.lower()


@dataclass(frozen=True)
class Fields:
    """What a SCIM user carries that OnMessage keeps."""

    user_name: str
    email: str
    display_name: str
    given_name: str | None = None
    family_name: str | None = None
    external_id: str | None = None
    active: bool = True


def _email(value: str, what: str) -> str:
    try:
        return normalise_email(value)
    except InvalidInput as exc:
        raise bad_value(f"{what}: {exc.detail}") from None


def _primary_email(emails: Any) -> str | None:
    if emails is None:
        return None
    if not isinstance(emails, list):
        raise bad_value("'emails' must be a list of {value, type, primary}.")
    values = [e for e in emails if isinstance(e, dict) and isinstance(e.get("value"), str)]
    chosen = next((e for e in values if e.get("primary") in (True, "true", "True")), None) \
        or next((e for e in values if str(e.get("type", "")).lower() == "work"), None) \
        or (values[0] if values else None)
    return chosen["value"] if chosen else None


def _display(given: str | None, family: str | None, formatted: str | None,
             display: str | None, user_name: str) -> str:
    name = display or formatted or " ".join(p for p in (given, family) if p) or user_name
    return " ".join(name.split())[:MAX_NAME]


def fields_from(body: dict[str, Any]) -> Fields:
    """Read a full User (POST, PUT); refuse what is missing or malformed."""
    _refuse_unknown(body)
    user_name = as_text(body.get("userName"), "userName", 254, required=True)
    assert user_name is not None
    name = body.get("name") or {}
    if not isinstance(name, dict):
        raise bad_value("'name' must be an object with givenName and familyName.")
    given = as_text(name.get("givenName"), "name.givenName", 120)
    family = as_text(name.get("familyName"), "name.familyName", 120)
    formatted = as_text(name.get("formatted"), "name.formatted", 200)
    display = as_text(body.get("displayName"), "displayName", 200)
    raw_email = _primary_email(body.get("emails")) or user_name
    email = _email(raw_email, "The user needs an email address (emails or an email-shaped "
                   "userName)")
    active = as_bool(body.get("active", True), "active")
    external_id = as_text(body.get("externalId"), "externalId", 200)
    return Fields(user_name=user_name.lower(), email=email,
                  display_name=_display(given, family, formatted, display, user_name),
                  given_name=given, family_name=family, external_id=external_id,
                  active=active)


def _refuse_unknown(body: dict[str, Any]) -> None:
    known = {"username", "name", "displayname", "emails", "active", "externalid"}
    for key in body:
        lowered = key.lower()
        if lowered in known or lowered in IGNORED or lowered.startswith(ENTERPRISE_PREFIX):
            continue
        raise ScimError(400, f"Unknown attribute '{key}' for a User.", "invalidSyntax")


# --- reading --------------------------------------------------------------------------


def _groups_by_user(session: Session, user_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    out: dict[int, list[dict[str, str]]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return out
    rows = session.exec(
        select(DirectoryGroupMember.user_id, DirectoryGroup.id, DirectoryGroup.display_name)
        .join(DirectoryGroup, col(DirectoryGroup.id) == DirectoryGroupMember.group_id)
        .where(col(DirectoryGroupMember.user_id).in_(user_ids))).all()
    for uid, gid, name in rows:
        out[uid].append({"value": str(gid), "display": name, "type": "direct"})
    return out


def resource(user: User, link: ScimUser, groups: list[dict[str, str]],
             base_url: str) -> dict[str, Any]:
    assert user.id is not None
    name: dict[str, Any] = {"formatted": user.name}
    if link.given_name:
        name["givenName"] = link.given_name
    if link.family_name:
        name["familyName"] = link.family_name
    body: dict[str, Any] = {
        "schemas": [USER_SCHEMA], "id": str(user.id), "userName": link.user_name,
        "name": name, "displayName": user.name,
        "emails": [{"value": user.email, "type": "work", "primary": True}],
        "active": user.is_active, "groups": groups,
        "meta": meta("User", user.id, link.created_at, link.updated_at, base_url),
    }
    if link.external_id:
        body["externalId"] = link.external_id
    return body


def _load(session: Session, rid: str) -> tuple[User, ScimUser]:
    if not rid.isdigit():
        raise not_found("User", rid)
    link = session.get(ScimUser, int(rid))
    user = session.get(User, int(rid)) if link else None
    if link is None or user is None:
        raise not_found("User", rid)
    return user, link


def get(*, session: Session, rid: str, base_url: str) -> dict[str, Any]:
    user, link = _load(session, rid)
    assert user.id is not None
    return resource(user, link, _groups_by_user(session, [user.id])[user.id], base_url)


def _condition(term: filters.Term) -> ColumnElement[bool]:
    columns: dict[str, Any] = {
        "username": col(ScimUser.user_name), "externalid": col(ScimUser.external_id),
        "id": col(User.id), "displayname": col(User.name), "emails.value": col(User.email),
        "active": col(User.is_active)}
    column = columns[term.attribute]
    value = term.value
    if term.attribute in ("username", "emails.value") and isinstance(value, str):
        value = value.lower()  # stored lower-cased: case-insensitive (RFC 7643)
    if term.attribute == "id":
        if term.op not in ("eq", "ne", "pr"):
            raise filters.invalid("'id' can be compared with eq or ne only.")
        value = int(value) if isinstance(value, str) and value.isdigit() else -1
    if term.attribute == "active" and term.op not in ("eq", "ne", "pr"):
        raise filters.invalid("'active' can be compared with eq or ne only.")
    if term.op == "pr":
        return column.is_not(None)
    if term.op in ("co", "sw", "ew") and not isinstance(value, str):
        raise filters.invalid(f"'{term.op}' needs a string value.")
    ops: dict[str, Any] = {
        "eq": lambda: column == value, "ne": lambda: column != value,
        "co": lambda: column.contains(value, autoescape=True),
        "sw": lambda: column.startswith(value, autoescape=True),
        "ew": lambda: column.endswith(value, autoescape=True)}
    result: ColumnElement[bool] = ops[term.op]()
    return result


def search(*, session: Session, filter_text: str | None, start_index: int | None,
           count: int | None, base_url: str) -> dict[str, Any]:
    """A page of users matching the filter, by id."""
    start, size = page(start_index, count)
    conditions = [_condition(t) for t in filters.parse(filter_text, FILTERABLE)] \
        if filter_text and filter_text.strip() else []
    base = select(User, ScimUser).join(ScimUser, col(ScimUser.user_id) == User.id) \
        .where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(User.id)).offset(start - 1).limit(size)).all() \
        if size else []
    groups = _groups_by_user(session, [u.id for u, _ in rows if u.id is not None])
    return list_response([resource(u, link, groups[u.id or 0], base_url) for u, link in rows],
                         total, start)


# --- writing --------------------------------------------------------------------------


def _check_unique(session: Session, fields: Fields, user_id: int | None) -> User | None:
    """Refuse a userName or email another directory account has; returns the
    existing account with this email that the directory does not manage yet (linked)."""
    taken = session.exec(select(ScimUser).where(ScimUser.user_name == fields.user_name)).first()
    if taken is not None and taken.user_id != user_id:
        raise ScimError(409, f"A user with userName {fields.user_name} already exists.",
                        "uniqueness")
    holder = get_user_by_email(session=session, email=fields.email)
    if holder is None or holder.id == user_id:
        return None
    if user_id is not None or session.get(ScimUser, holder.id) is not None:
        raise ScimError(409, f"Another user already has the email {fields.email}.",
                        "uniqueness")
    return holder


def _set_active(session: Session, user: User, active: bool, source: str) -> None:
    if user.is_active == active:
        return
    assert user.id is not None
    set_active(session=session, user_id=user.id, active=active)
    events.record(session=session, source=source,
                  action="reactivated" if active else "deactivated", subject=user.email,
                  user_id=user.id,
                  detail="signed in again allowed" if active else
                  "signed out everywhere; history kept")


def create(*, session: Session, body: dict[str, Any], source: str,
           base_url: str) -> dict[str, Any]:
    """POST /Users: a new account, or the existing one with this email linked to the
    directory (accounts invited before SCIM was switched on)."""
    fields = fields_from(body)
    existing = _check_unique(session, fields, None)
    now = utcnow()
    if existing is None:
        user = User(email=fields.email, name=fields.display_name, is_active=True,
                    created_at=now)
        session.add(user)
        session.flush()
        action, detail = "created", "account created"
    else:
        user = existing
        user.name = fields.display_name
        session.add(user)
        action, detail = "linked", "existing account now managed by the directory"
    assert user.id is not None
    link = ScimUser(user_id=user.id, user_name=fields.user_name,
                    external_id=fields.external_id, given_name=fields.given_name,
                    family_name=fields.family_name, created_at=now, updated_at=now)
    session.add(link)
    session.flush()
    events.record(session=session, source=source, action=action, subject=fields.email,
                  user_id=user.id, detail=detail)
    _set_active(session, user, fields.active, source)
    mappings.apply(session=session, user_ids=[user.id], source=source, base_url=base_url)
    return get(session=session, rid=str(user.id), base_url=base_url)


def _store(session: Session, user: User, link: ScimUser, fields: Fields, source: str,
           base_url: str) -> dict[str, Any]:
    _check_unique(session, fields, user.id)
    changes = [label for label, old, new in (
        ("userName", link.user_name, fields.user_name), ("email", user.email, fields.email),
        ("name", user.name, fields.display_name),
        ("externalId", link.external_id, fields.external_id)) if old != new]
    user.email, user.name = fields.email, fields.display_name
    link.user_name, link.external_id = fields.user_name, fields.external_id
    link.given_name, link.family_name = fields.given_name, fields.family_name
    link.updated_at = utcnow()
    session.add(user)
    session.add(link)
    session.flush()
    if changes:
        events.record(session=session, source=source, action="updated", subject=user.email,
                      user_id=user.id, detail="changed " + ", ".join(changes))
    _set_active(session, user, fields.active, source)
    return get(session=session, rid=str(user.id), base_url=base_url)


def put(*, session: Session, rid: str, body: dict[str, Any], source: str,
        base_url: str) -> dict[str, Any]:
    user, link = _load(session, rid)
    return _store(session, user, link, fields_from(body), source, base_url)


def _fields_of(user: User, link: ScimUser) -> Fields:
    return Fields(user_name=link.user_name, email=user.email, display_name=user.name,
                  given_name=link.given_name, family_name=link.family_name,
                  external_id=link.external_id, active=user.is_active)


def _patch_one(fields: Fields, op: str, raw_path: str, value: Any) -> Fields:
    """One attribute of a PATCH (attribute names ignore case)."""
    path = raw_path.lower()
    removing = op == "remove"
    if path == "active":
        return replace(fields, active=False if removing else as_bool(value, "active"))
    if path == "username":
        if removing:
            raise bad_value("userName is required and cannot be removed.")
        text = as_text(value, "userName", 254, required=True)
        return replace(fields, user_name=(text or "").lower())
    if path == "displayname":
        text = None if removing else as_text(value, "displayName", 200)
        return replace(fields, display_name=_display(fields.given_name, fields.family_name,
                                                     None, text, fields.user_name))
    if path == "externalid":
        return replace(fields, external_id=None if removing else
                       as_text(value, "externalId", 200))
    if path in ("name.givenname", "name.familyname", "name.formatted", "name"):
        return _patch_name(fields, path, None if removing else value)
    if path in ("emails", 'emails[type eq "work"].value', "emails[primary eq true].value"):
        if removing:
            raise bad_value("An OnMessage account needs its email; it cannot be removed.")
        raw = _primary_email(value) if path == "emails" else as_text(value, "email", 254)
        if not raw:
            raise bad_value("The email value is missing.")
        return replace(fields, email=_email(raw, "email"))
    root = path.split("[")[0].split(".")[0]
    if root in IGNORED or path.startswith(ENTERPRISE_PREFIX):
        return fields  # a standard attribute OnMessage does not keep
    raise bad_path(f"Unknown attribute '{raw_path}' for a User; OnMessage keeps userName, "
                   "name, displayName, emails, active and externalId.")


def _patch_name(fields: Fields, path: str, value: Any) -> Fields:
    given, family = fields.given_name, fields.family_name
    formatted = None
    if path == "name":
        if value is not None and not isinstance(value, dict):
            raise bad_value("'name' must be an object.")
        value = value or {}
        given = as_text(value.get("givenName"), "name.givenName", 120)
        family = as_text(value.get("familyName"), "name.familyName", 120)
        formatted = as_text(value.get("formatted"), "name.formatted", 200)
    elif path == "name.givenname":
        given = as_text(value, "name.givenName", 120)
    elif path == "name.familyname":
        family = as_text(value, "name.familyName", 120)
    else:
        formatted = as_text(value, "name.formatted", 200)
    display = _display(given, family, formatted, None, fields.user_name)
    return replace(fields, given_name=given, family_name=family, display_name=display)


def patch(*, session: Session, rid: str, body: dict[str, Any], source: str,
          base_url: str) -> dict[str, Any]:
    """PATCH /Users/{id}: Okta's and Entra ID's forms, with or without a path."""
    user, link = _load(session, rid)
    fields = _fields_of(user, link)
    for op, path, value in operations(body):
        if path is None:
            if not isinstance(value, dict):
                raise bad_value("An operation without a path needs an object value.")
            for key, item in value.items():
                fields = _patch_one(fields, op, key, item)
        else:
            fields = _patch_one(fields, op, path, value)
    return _store(session, user, link, fields, source, base_url)


def delete_user(*, session: Session, rid: str, source: str) -> None:
    """DELETE /Users/{id}: deactivate, drop the directory link and group memberships;
    the account and its history stay."""
    user, link = _load(session, rid)
    assert user.id is not None
    session.exec(delete(DirectoryGroupMember)
                 .where(col(DirectoryGroupMember.user_id) == user.id))
    session.delete(link)
    session.flush()
    _set_active(session, user, False, source)
    events.record(session=session, source=source, action="deleted", subject=user.email,
                  user_id=user.id, detail="removed by the directory; account deactivated, "
                  "history kept")
