"""SCIM's error format (RFC 7644 3.12): every refusal says what to fix, in this shape."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
MEDIA_TYPE = "application/scim+json"


class ScimError(Exception):
    """A refused SCIM request: HTTP status, SCIM `scimType` (when one fits) and words."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def error_body(status: int, detail: str, scim_type: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return body


def error_response(status: int, detail: str, scim_type: str | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="scim"'} if status == 401 else None
    return JSONResponse(error_body(status, detail, scim_type), status_code=status,
                        media_type=MEDIA_TYPE, headers=headers)


def bad_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")


def bad_path(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidPath")


def not_found(what: str, rid: str) -> ScimError:
    return ScimError(404, f"{what} {rid} does not exist.")
