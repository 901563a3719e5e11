"""What this SCIM service supports (RFC 7644 section 4): read by Okta, Entra ID and
compliance checkers before they provision."""

from __future__ import annotations

from typing import Any

from app.identity.scim.resources import (
    GROUP_SCHEMA,
    LIST_SCHEMA,
    MAX_RESULTS,
    USER_SCHEMA,
)

SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RT_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def _base(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/scim/v2"


def service_provider_config(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [SPC_SCHEMA],
        "documentationUri": f"{base_url.rstrip('/')}/admin/identity",
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "OAuth Bearer Token", "primary": True,
            "description": "A SCIM token an admin creates at /admin/identity or with "
                           "`onmessage scim token create`."}],
        "meta": {"resourceType": "ServiceProviderConfig",
                 "location": f"{_base(base_url)}/ServiceProviderConfig"},
    }


def resource_types(base_url: str) -> list[dict[str, Any]]:
    return [
        {"schemas": [RT_SCHEMA], "id": "User", "name": "User", "endpoint": "/Users",
         # (the enterprise extension is accepted and not kept, so it is not declared)
         "description": "An OnMessage account", "schema": USER_SCHEMA,
         "meta": {"resourceType": "ResourceType",
                  "location": f"{_base(base_url)}/ResourceTypes/User"}},
        {"schemas": [RT_SCHEMA], "id": "Group", "name": "Group", "endpoint": "/Groups",
         "description": "A directory group; mapped to roles and teams at /admin/identity",
         "schema": GROUP_SCHEMA,
         "meta": {"resourceType": "ResourceType",
                  "location": f"{_base(base_url)}/ResourceTypes/Group"}},
    ]


def _attr(name: str, type_: str = "string", *, required: bool = False,
          multi: bool = False, uniqueness: str = "none", mutability: str = "readWrite",
          case_exact: bool = False, sub: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    attr: dict[str, Any] = {
        "name": name, "type": type_, "multiValued": multi, "description": name,
        "required": required, "caseExact": case_exact, "mutability": mutability,
        "returned": "default", "uniqueness": uniqueness}
    if sub is not None:
        attr["subAttributes"] = sub
    return attr


def schemas(base_url: str) -> list[dict[str, Any]]:
    user = {
        "schemas": [SCHEMA_SCHEMA], "id": USER_SCHEMA, "name": "User",
        "description": "User Account",
        "attributes": [
            _attr("userName", required=True, uniqueness="server"),
            _attr("name", "complex", sub=[_attr("formatted"), _attr("givenName"),
                                          _attr("familyName")]),
            _attr("displayName"),
            _attr("emails", "complex", multi=True,
                  sub=[_attr("value"), _attr("type"), _attr("primary", "boolean")]),
            _attr("active", "boolean"),
            _attr("groups", "complex", multi=True, mutability="readOnly",
                  sub=[_attr("value", mutability="readOnly"),
                       _attr("display", mutability="readOnly")]),
        ],
        "meta": {"resourceType": "Schema", "location": f"{_base(base_url)}/Schemas/{USER_SCHEMA}"},
    }
    group = {
        "schemas": [SCHEMA_SCHEMA], "id": GROUP_SCHEMA, "name": "Group",
        "description": "Group",
        "attributes": [
            _attr("displayName", required=True, uniqueness="server"),
            _attr("members", "complex", multi=True,
                  sub=[_attr("value", mutability="immutable"),
                       _attr("display", mutability="readOnly")]),
        ],
        "meta": {"resourceType": "Schema",
                 "location": f"{_base(base_url)}/Schemas/{GROUP_SCHEMA}"},
    }
    return [user, group]


def as_list(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schemas": [LIST_SCHEMA], "totalResults": len(resources), "startIndex": 1,
            "itemsPerPage": len(resources), "Resources": resources}
