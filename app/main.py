"""The application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine

from app.audio_storage import load_decoder
from app.certification import api as certification_api
from app.certification import credential_api, credential_pages, review_pages
from app.certification import pages as certification_pages
from app.csrf import CsrfCookieMiddleware, verify_csrf
from app.db import Database
from app.drills import api as api_drills
from app.drills import pages as drills
from app.drills import pwa
from app.errors import BODY_MARGIN_MB, install_error_handlers
from app.field_reports import api as field_reports_api
from app.field_reports import pages as field_reports_pages
from app.head_requests import HeadAsGetMiddleware
from app.health import api as health_api
from app.home import pages as home_pages
from app.identity import admin_routes as identity_admin
from app.identity import sso_routes
from app.identity.scim import routes as scim_routes
from app.inbox import api as inbox_api
from app.inbox import pages as inbox_pages
from app.insights import api as insights_api
from app.insights import pages as insights_pages
from app.live import api as live_api
from app.live import page as live_page
from app.live import socket as live_socket
from app.modules import api as modules_api
from app.modules import editor_pages as module_editor
from app.modules import pages as modules_pages
from app.paths import STATIC_DIR
from app.people import api as people_api
from app.people import pages as people_pages
from app.people import signin_pages, tokens_api
from app.pitches import api as pitches_api
from app.pitches import pages as pitches_pages
from app.security_headers import SecurityHeadersMiddleware
from app.settings import Settings, get_settings
from app.text_checks import refuse_nul
from app.xapi_buffer import StatementBuffer


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The job queue: an in-process worker that resumes unfinished jobs, or Redis/RQ.
    from app.jobs import start_queue

    app.state.jobs = start_queue(app.state.settings, app.state.db)
    if app.state.settings.environment != "test":  # (tests start an app per test)
        app.state.statements.start()  # (tests take what the buffer holds themselves)
        load_decoder()
        # Everything loaded at start-up (modules, templates, compiled statements) lives as
        # long as the process: moved out of the collector's view, a full collection no
        # longer walks it, which otherwise pauses a request for 100-250 ms every few
        # requests on big pages.
        gc.collect()
        gc.freeze()
    try:
        yield
    finally:
        await app.state.statements.stop()
        app.state.jobs.stop()
        app.state.db.close_writer()


OPENAPI_URL = "/api/v1/openapi.json"


def _redirect_to_openapi(app: FastAPI) -> None:
    """The usual places for an OpenAPI document (and the old docs page) point at ours."""
    for path in ("/openapi.json", "/api/openapi.json", "/api/docs"):
        app.add_api_route(path, lambda: RedirectResponse(OPENAPI_URL, status_code=308),
                          methods=["GET"], include_in_schema=False)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app; tests pass their own settings and engine."""
    settings = settings or get_settings()
    app = FastAPI(
        title="OnMessage",
        description="Message-adoption trainer: drills, scored pitches and certification. "
        "Authenticate with a bearer token from POST /api/v1/tokens, or the session cookie "
        "plus an X-CSRF-Token header.",
        version="0.1.0",
        dependencies=[Depends(verify_csrf), Depends(refuse_nul)],
        # No Swagger UI: it loads from a CDN and runs inline script, which the CSP refuses.
        # The OpenAPI document is served, and found where people look for it.
        docs_url=None,
        openapi_url=OPENAPI_URL,
        redoc_url=None,
        lifespan=_lifespan,
        # No request body may be larger than the largest upload (recordings, CSV imports)
        # plus multipart's overhead: a bigger one is refused with 413 as it streams in,
        # before anything reads it into memory.
        max_body_size=(settings.max_upload_mb + BODY_MARGIN_MB) * 1024 * 1024,
    )
    app.state.settings = settings
    app.state.db = Database(settings, engine=engine)
    app.state.statements = StatementBuffer(app.state.db)  # drill answers' xAPI records
    app.add_middleware(HeadAsGetMiddleware)  # innermost: the routes see HEAD as GET
    app.add_middleware(CsrfCookieMiddleware, secure=settings.secure_cookies)
    app.add_middleware(SecurityHeadersMiddleware, https=settings.secure_cookies)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Routes are matched in order: the drill API (a request per card, most of the traffic)
    # comes first so its requests are not tried against every page's route before it.
    app.include_router(api_drills.router)
    for module in (health_api, signin_pages, home_pages, people_pages, modules_pages, inbox_pages,
                   module_editor, tokens_api, people_api, modules_api, inbox_api):
        app.include_router(module.router)
    app.include_router(pwa.router)  # the installable app: manifest, service worker, icon
    for module in (pitches_pages, pitches_api, drills):
        app.include_router(module.router)
    for module in (certification_pages, review_pages, credential_pages, certification_api,
                   credential_api):
        app.include_router(module.router)
    for module in (field_reports_pages, field_reports_api):  # the field feedback loop
        app.include_router(module.router)
    for module in (insights_pages, insights_api):  # adoption insights per module version
        app.include_router(module.router)
    scim_routes.install(app)  # enterprise identity: SCIM provisioning
    app.include_router(sso_routes.router)  # ... and single sign-on (OIDC, SAML)
    live_socket.install(app)  # live practice: the WebSocket and its page
    app.include_router(live_page.router)
    app.include_router(identity_admin.router)
    app.include_router(live_api.router)
    _redirect_to_openapi(app)
    return app
