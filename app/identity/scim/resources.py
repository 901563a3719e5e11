"""Shared SCIM plumbing: schema URNs, list responses, pagination and PATCH reading."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.identity.scim.errors import ScimError, bad_value

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MAX_RESULTS = 1000
MAX_OPERATIONS = 1000


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def meta(kind: str, rid: int, created: datetime, modified: datetime,
         base_url: str) -> dict[str, Any]:
    return {"resourceType": kind, "created": iso(created), "lastModified": iso(modified),
            "location": f"{base_url.rstrip('/')}/scim/v2/{kind}s/{rid}",
            "version": f'W/"{int(modified.timestamp() * 1000)}"'}


def page(start_index: int | None, count: int | None) -> tuple[int, int]:
    """SCIM pagination: 1-based startIndex (below 1 means 1), count capped at
    MAX_RESULTS (negative means 0), as RFC 7644 3.4.2.4 says."""
    start = max(1, start_index or 1)
    size = MAX_RESULTS if count is None else max(0, min(count, MAX_RESULTS))
    return start, size


def list_response(resources: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
    return {"schemas": [LIST_SCHEMA], "totalResults": total, "startIndex": start,
            "itemsPerPage": len(resources), "Resources": resources}


def operations(body: dict[str, Any]) -> list[tuple[str, str | None, Any]]:
    """The (op, path, value) of a PatchOp body; ops lower-cased (Entra ID sends 'Add')."""
    ops = body.get("Operations", body.get("operations"))
    if not isinstance(ops, list) or not ops:
        raise bad_value("A PATCH needs an 'Operations' list with at least one operation.")
    if len(ops) > MAX_OPERATIONS:
        raise bad_value(f"A PATCH may hold at most {MAX_OPERATIONS} operations.")
    out = []
    for i, op in enumerate(ops):
        if not isinstance(op, dict):
            raise bad_value(f"Operations[{i}] must be an object with 'op'.")
        name = str(op.get("op", "")).lower()
        if name not in ("add", "replace", "remove"):
            raise bad_value(f"Operations[{i}].op must be add, replace or remove "
                            f"(got {op.get('op')!r}).")
        path = op.get("path")
        if path is not None and not isinstance(path, str):
            raise ScimError(400, f"Operations[{i}].path must be a string.", "invalidPath")
        if name != "remove" and "value" not in op:
            raise bad_value(f"Operations[{i}] ({name}) needs a 'value'.")
        out.append((name, path.strip() if isinstance(path, str) else None, op.get("value")))
    return out


def as_bool(value: Any, what: str) -> bool:
    """A boolean, also as the strings Entra ID sends ('True', 'False')."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise bad_value(f"'{what}' must be true or false (got {value!r}).")


def as_text(value: Any, what: str, limit: int, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise bad_value(f"'{what}' is required.")
        return None
    if not isinstance(value, str):
        raise bad_value(f"'{what}' must be a string.")
    value = value.strip()
    if len(value) > limit:
        raise bad_value(f"'{what}' can be at most {limit} characters.")
    if required and not value:
        raise bad_value(f"'{what}' is required.")
    return value or None


ALWAYS_RETURNED = frozenset({"id", "schemas"})


def _names(raw: str | None) -> list[str]:
    return [a.strip() for a in (raw or "").split(",") if a.strip()]


def project(resource: dict[str, Any], attributes: str | None,
            excluded: str | None) -> dict[str, Any]:
    """`attributes` / `excludedAttributes` (RFC 7644 3.4.2.5): top-level attributes and
    one level of sub-attributes (`name.givenName`), names ignoring case; `id` and
    `schemas` are always returned."""
    wanted, dropped = _names(attributes), _names(excluded)
    if wanted:
        return _only(resource, wanted)
    if dropped:
        return _without(resource, dropped)
    return resource


def _only(resource: dict[str, Any], wanted: list[str]) -> dict[str, Any]:
    """The resource with only the attributes asked for (and those always returned)."""
    by_lower = {k.lower(): k for k in resource}
    out: dict[str, Any] = {k: v for k, v in resource.items() if k in ALWAYS_RETURNED}
    for name in wanted:
        top, _, sub = name.partition(".")
        key = by_lower.get(top.lower())
        if key is not None:
            _keep(out, key, resource[key], sub)
    return out


def _keep(out: dict[str, Any], key: str, value: Any, sub: str) -> None:
    """Copy an attribute, or one sub-attribute of a complex one, into `out`."""
    if not sub or not isinstance(value, dict):
        out[key] = value
        return
    subs = {k.lower(): k for k in value}
    if sub.lower() in subs:
        out.setdefault(key, {})[subs[sub.lower()]] = value[subs[sub.lower()]]


def _without(resource: dict[str, Any], dropped: list[str]) -> dict[str, Any]:
    """The resource less the excluded attributes (never those always returned)."""
    by_lower = {k.lower(): k for k in resource}
    out = dict(resource)
    for name in dropped:
        top, _, sub = name.partition(".")
        key = by_lower.get(top.lower())
        if key is None or key in ALWAYS_RETURNED:
            continue
        if not sub:
            out.pop(key, None)
        elif isinstance(out.get(key), dict):
            out[key] = {k: v for k, v in out[key].items() if k.lower() != sub.lower()}
    return out


def project_list(body: dict[str, Any], attributes: str | None,
                 excluded: str | None) -> dict[str, Any]:
    return {**body, "Resources": [project(r, attributes, excluded)
                                  for r in body["Resources"]]}
