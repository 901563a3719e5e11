"""/scim/v2: the HTTP surface of SCIM. Authenticated by a SCIM token (not a person's);
every refusal answers in SCIM's error format and is written to the provisioning log."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session

from app.db import Database
from app.deps import DbDep, SessionDep, bearer_token
from app.identity import events, scim_tokens
from app.identity.scim import discovery, groups, users
from app.identity.scim.errors import MEDIA_TYPE, ScimError, error_response, not_found
from app.identity.scim.resources import project, project_list
from app.settings import Settings
from app.text_checks import FORMS

log = logging.getLogger(__name__)
router = APIRouter(prefix="/scim/v2", include_in_schema=False)

MAX_BODY = 2 * 1024 * 1024  # a group PATCH of thousands of members fits easily
SOURCE_KEY = "scim_source"


def _scim_client(request: Request, session: Session) -> str:
    raw = bearer_token(request)
    if raw is None:
        raise ScimError(401, "Send a SCIM token as 'Authorization: Bearer <token>'. An admin "
                        "creates one at /admin/identity or with `onmessage scim token create`.")
    token = scim_tokens.verify(session=session, raw=raw)
    if token is None:
        raise ScimError(401, "This SCIM token is unknown or revoked. Create a new one at "
                        "/admin/identity and update the provisioning settings of your "
                        "identity provider.")
    source = f"scim:{token.name}"
    setattr(request.state, SOURCE_KEY, source)
    return source


async def scim_client(request: Request, session: SessionDep, db: DbDep) -> str:
    """The provisioning source (`scim:<token name>`) of a request with a live token."""
    return await db.run(_scim_client, request, session)


Client = Annotated[str, Depends(scim_client)]


def _base_url(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return settings.base_url


def scim_json(body: Any, status: int = 200, location: str | None = None) -> JSONResponse:
    headers = {"Location": location} if location else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


async def read_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith(FORMS):
        # (The NUL check has parsed it as form fields, and used the body up.)
        raise ScimError(400, "Send the body as JSON (application/scim+json), not as a form.",
                        "invalidSyntax")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ScimError(413, f"The request body is larger than {MAX_BODY // 1024} KB.")
    try:
        body = json.loads(raw or b"null")
    except (ValueError, RecursionError):  # (nested past Python's stack: not a SCIM body)
        raise ScimError(400, "The request body is not valid JSON.", "invalidSyntax") from None
    if not isinstance(body, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    return body


def _int(raw: str | None, what: str) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise ScimError(400, f"'{what}' must be a whole number (got {raw[:20]!r}).",
                        "invalidValue") from None


def _projected(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    """Apply `attributes` / `excludedAttributes` to one resource or a list response."""
    attributes = request.query_params.get("attributes")
    excluded = request.query_params.get("excludedAttributes")
    if "Resources" in body:
        return project_list(body, attributes, excluded)
    return project(body, attributes, excluded)


def _excludes_members(request: Request) -> bool:
    excluded = request.query_params.get("excludedAttributes", "")
    return "members" in {a.strip().lower() for a in excluded.split(",")}


# --- discovery ------------------------------------------------------------------------


@router.get("/ServiceProviderConfig")
async def service_provider_config(request: Request, client: Client) -> Response:
    return scim_json(discovery.service_provider_config(_base_url(request)))


@router.get("/ResourceTypes")
async def resource_types(request: Request, client: Client) -> Response:
    return scim_json(discovery.as_list(discovery.resource_types(_base_url(request))))


@router.get("/ResourceTypes/{name}")
async def resource_type(request: Request, name: str, client: Client) -> Response:
    for item in discovery.resource_types(_base_url(request)):
        if item["id"] == name:
            return scim_json(item)
    raise not_found("ResourceType", name)


@router.get("/Schemas")
async def schemas(request: Request, client: Client) -> Response:
    return scim_json(discovery.as_list(discovery.schemas(_base_url(request))))


@router.get("/Schemas/{urn}")
async def schema(request: Request, urn: str, client: Client) -> Response:
    for item in discovery.schemas(_base_url(request)):
        if item["id"] == urn:
            return scim_json(item)
    raise not_found("Schema", urn)


# --- Users ----------------------------------------------------------------------------


@router.get("/Users")
async def list_users(request: Request, session: SessionDep, db: DbDep, client: Client,
                     filter: str | None = None, startIndex: str | None = None,
                     count: str | None = None) -> Response:
    start, size = _int(startIndex, "startIndex"), _int(count, "count")
    return scim_json(_projected(request, await db.run(lambda: users.search(
        session=session, filter_text=filter, start_index=start, count=size,
        base_url=_base_url(request)))))


@router.post("/Users")
async def create_user(request: Request, session: SessionDep, db: DbDep,
                      client: Client) -> Response:
    body = await read_body(request)
    created = await db.run(lambda: users.create(session=session, body=body, source=client,
                                                base_url=_base_url(request)))
    return scim_json(created, 201, created["meta"]["location"])


@router.get("/Users/{rid}")
async def get_user(request: Request, rid: str, session: SessionDep, db: DbDep,
                   client: Client) -> Response:
    return scim_json(_projected(request, await db.run(
        lambda: users.get(session=session, rid=rid, base_url=_base_url(request)))))


@router.put("/Users/{rid}")
async def put_user(request: Request, rid: str, session: SessionDep, db: DbDep,
                   client: Client) -> Response:
    body = await read_body(request)
    return scim_json(await db.run(lambda: users.put(session=session, rid=rid, body=body,
                                                    source=client,
                                                    base_url=_base_url(request))))


@router.patch("/Users/{rid}")
async def patch_user(request: Request, rid: str, session: SessionDep, db: DbDep,
                     client: Client) -> Response:
    body = await read_body(request)
    return scim_json(await db.run(lambda: users.patch(session=session, rid=rid, body=body,
                                                      source=client,
                                                      base_url=_base_url(request))))


@router.delete("/Users/{rid}")
async def delete_user(rid: str, session: SessionDep, db: DbDep, client: Client) -> Response:
    await db.run(lambda: users.delete_user(session=session, rid=rid, source=client))
    return Response(status_code=204)


# --- Groups ---------------------------------------------------------------------------


@router.get("/Groups")
async def list_groups(request: Request, session: SessionDep, db: DbDep, client: Client,
                      filter: str | None = None, startIndex: str | None = None,
                      count: str | None = None) -> Response:
    start, size = _int(startIndex, "startIndex"), _int(count, "count")
    return scim_json(_projected(request, await db.run(lambda: groups.search(
        session=session, filter_text=filter, start_index=start, count=size,
        base_url=_base_url(request), with_members=not _excludes_members(request)))))


@router.post("/Groups")
async def create_group(request: Request, session: SessionDep, db: DbDep,
                       client: Client) -> Response:
    body = await read_body(request)
    created = await db.run(lambda: groups.create(session=session, body=body, source=client,
                                                 base_url=_base_url(request)))
    return scim_json(created, 201, created["meta"]["location"])


@router.get("/Groups/{rid}")
async def get_group(request: Request, rid: str, session: SessionDep, db: DbDep,
                    client: Client) -> Response:
    return scim_json(_projected(request, await db.run(lambda: groups.get(
        session=session, rid=rid, base_url=_base_url(request),
        with_members=not _excludes_members(request)))))


@router.put("/Groups/{rid}")
async def put_group(request: Request, rid: str, session: SessionDep, db: DbDep,
                    client: Client) -> Response:
    body = await read_body(request)
    return scim_json(await db.run(lambda: groups.put(session=session, rid=rid, body=body,
                                                     source=client,
                                                     base_url=_base_url(request))))


@router.patch("/Groups/{rid}")
async def patch_group(request: Request, rid: str, session: SessionDep, db: DbDep,
                      client: Client) -> Response:
    body = await read_body(request)
    await db.run(lambda: groups.patch(session=session, rid=rid, body=body, source=client,
                                      base_url=_base_url(request)))
    return Response(status_code=204)


@router.delete("/Groups/{rid}")
async def delete_group(request: Request, rid: str, session: SessionDep, db: DbDep,
                       client: Client) -> Response:
    await db.run(lambda: groups.delete_group(session=session, rid=rid, source=client,
                                             base_url=_base_url(request)))
    return Response(status_code=204)


# --- refusals -------------------------------------------------------------------------


def _log_refusal(db: Database, source: str, subject: str, detail: str) -> None:
    with db.session(write=True) as session:
        events.record(session=session, source=source, action="refused", subject=subject,
                      ok=False, detail=detail)
        session.commit()


async def _refused(request: Request, exc: Exception) -> Response:
    """Answer in SCIM's format and log it. The request's transaction is rolled back by
    now (nothing it wrote is kept); the log line is written in a short write of its own."""
    assert isinstance(exc, ScimError)
    db: Database = request.app.state.db
    source = getattr(request.state, SOURCE_KEY, "scim (no valid token)")
    what = f"{request.method} {request.url.path}"
    if request.url.query:
        what += f"?{request.url.query}"
    try:
        await db.write(_log_refusal, db, source, what[:254], f"{exc.status}: {exc.detail}")
    except Exception:  # the answer matters more than the log line
        log.exception("could not log a refused SCIM request")
    return error_response(exc.status, exc.detail, exc.scim_type)


def install(app: FastAPI) -> None:
    app.include_router(router)
    handler: Callable[[Request, Exception], Any] = _refused
    app.add_exception_handler(ScimError, handler)
