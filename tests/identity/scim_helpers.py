"""SCIM test helpers: a token, and the requests Okta and Entra ID send."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.identity import scim_tokens
from app.identity.scim.resources import GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA

SCIM = "/scim/v2"
JSON_TYPE = {"Content-Type": "application/scim+json"}


def scim_token(session: Session, name: str = "Okta") -> dict[str, str]:
    raw, _ = scim_tokens.create(session=session, name=name, now=utcnow())
    session.commit()
    return {"Authorization": f"Bearer {raw}", **JSON_TYPE}


def fresh(session: Session) -> None:
    """End the test session's transaction and forget what it loaded: the next reads see
    what the app has committed."""
    session.rollback()
    session.expire_all()


def okta_user(email: str, given: str = "Dana", family: str = "Reyes",
              external_id: str = "00u1abcd") -> dict[str, Any]:
    """What Okta POSTs to /Users (its SCIM 2.0 test app)."""
    return {"schemas": [USER_SCHEMA], "userName": email,
            "name": {"givenName": given, "familyName": family},
            "emails": [{"primary": True, "value": email, "type": "work"}],
            "displayName": f"{given} {family}", "locale": "en-US", "externalId": external_id,
            "groups": [], "password": "Okta-sends-one-1", "active": True}


def entra_user(upn: str, external_id: str = "e-42") -> dict[str, Any]:
    """What Microsoft Entra ID POSTs to /Users with its default attribute mapping."""
    return {"schemas": [USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": external_id, "userName": upn, "active": True,
            "displayName": "Lee Park", "title": "Account Executive",
            "emails": [{"primary": True, "type": "work", "value": upn}],
            "preferredLanguage": "en-US",
            "name": {"formatted": "Lee Park", "familyName": "Park", "givenName": "Lee"},
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "department": "Sales"}}


def patch(*ops: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_SCHEMA], "Operations": list(ops)}


def group(name: str, members: list[str] | None = None) -> dict[str, Any]:
    return {"schemas": [GROUP_SCHEMA], "displayName": name,
            "members": [{"value": m} for m in members or []]}


def create(client: TestClient, headers: dict[str, str], body: dict[str, Any],
           kind: str = "Users") -> dict[str, Any]:
    response = client.post(f"{SCIM}/{kind}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data
