"""Every API error body is what the OpenAPI document says: one ErrorBody schema, declared
for each status the API answers, whatever raised the error."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.errors import API_ERROR_STATUSES, ErrorBody
from app.models import Role
from app.settings import Settings
from tests.app.helpers import bearer
from tests.factories import make_team, make_user

REF = "#/components/schemas/ErrorBody"
METHODS = {"get", "post", "put", "patch", "delete"}


def api_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in spec["paths"].items()
            if path.startswith("/api/") for method, op in ops.items() if method in METHODS]


def test_every_api_operation_documents_every_error_status(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert len(api_operations(spec)) > 30
    for method, path, op in api_operations(spec):
        for status in API_ERROR_STATUSES:
            response = op["responses"].get(str(status))
            where = f"{method.upper()} {path} {status}"
            assert response is not None, where
            assert response["content"]["application/json"]["schema"] == {"$ref": REF}, where
    # FastAPI's own {"detail": [...]} schema is documented nowhere, since never sent.
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def documented(spec: dict[str, Any], body: dict[str, Any]) -> None:
    """`body` fits the ErrorBody schema of the OpenAPI document (and its model)."""
    schema = spec["components"]["schemas"]["ErrorBody"]
    assert set(schema["required"]) <= set(body) <= set(schema["properties"]), body
    assert isinstance(body["detail"], str) and body["detail"]
    ErrorBody.model_validate(body)  # field types too (extra keys are forbidden)


def csv_of_size(n: int) -> bytes:
    return b"email,name,team,roles\n" + b"x" * n


@pytest.fixture
def admin_headers(session: Session) -> dict[str, str]:
    return bearer(session, make_user(session, Role.ADMIN))


def test_real_error_bodies_match_the_schema(client: TestClient, session: Session,
                                            settings: Settings,
                                            admin_headers: dict[str, str]) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    rep_headers = bearer(session, make_user(session, Role.REP))
    make_team(session, "Taken")
    session.commit()
    settings.max_upload_mb = 1
    settings.login_free_failures = 1
    responses = {
        401: client.get("/api/v1/me"),
        403: client.get("/api/v1/users", headers=rep_headers),
        404: client.get("/api/v1/teams/999999/members", headers=admin_headers),
        409: client.post("/api/v1/teams", json={"name": "Taken"}, headers=admin_headers),
        413: client.post("/api/v1/users/import", headers=admin_headers,
                         files={"file": ("big.csv", csv_of_size(1024 * 1024 + 1))}),
        422: client.post("/api/v1/teams", json={}, headers=admin_headers),
    }
    client.post("/api/v1/tokens", json={"email": "who@example.com", "password": "wrong"})
    responses[429] = client.post("/api/v1/tokens",
                                 json={"email": "who@example.com", "password": "wrong"})
    assert set(responses) == set(API_ERROR_STATUSES)
    for status, response in responses.items():
        assert response.status_code == status, (status, response.text)
        documented(spec, response.json())


def test_validation_errors_name_their_fields(client: TestClient,
                                             admin_headers: dict[str, str]) -> None:
    response = client.post("/api/v1/users", headers=admin_headers,
                           json={"email": "a@example.com", "roles": ["nope"]})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Some fields were missing or invalid")
    assert "name" in body["detail"]
    locs = [f["loc"] for f in body["fields"]]
    assert ["body", "name"] in locs and ["body", "roles", 0] in locs
    assert all(set(f) == {"loc", "msg", "type"} for f in body["fields"])


@pytest.mark.parametrize("kind", ["csv", "playbook", "not json", "unknown route", "method"])
def test_other_error_shapes_match_too(client: TestClient, session: Session,
                                      admin_headers: dict[str, str], kind: str) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    if kind == "csv":
        response = client.post("/api/v1/users/import", headers=admin_headers, files={
            "file": ("u.csv", b"email,name,team,roles\nnot-an-email,X,,rep\n")})
        assert response.json()["errors"][0]["line"] == 2
    elif kind == "playbook":
        marketing = bearer(session, make_user(session, Role.MARKETING))
        response = client.post("/api/v1/modules/import", content=b"format: 1\n",
                               headers={**marketing, "content-type": "application/yaml"})
        assert response.json()["problems"]
    elif kind == "not json":
        response = client.post("/api/v1/teams", content=b"{", headers={
            **admin_headers, "content-type": "application/json"})
    elif kind == "unknown route":
        response = client.get("/api/v1/nothing-here", headers=admin_headers)
    else:
        response = client.put("/api/v1/me", headers=admin_headers)
    assert 400 <= response.status_code < 500
    documented(spec, response.json())
