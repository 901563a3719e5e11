"""The installable app: web app manifest, service worker and favicon, served from the
site's root (a service worker controls only the paths under its own URL, so it cannot
live under /static/). Public: they hold nothing about anyone."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

from app.paths import STATIC_DIR

router = APIRouter(include_in_schema=False)

MANIFEST: dict[str, Any] = {
    "name": "OnMessage",
    "short_name": "OnMessage",
    "description": "Drill the new messaging a few minutes a day, record pitches, get certified.",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "background_color": "#f5f7fb",
    "theme_color": "#1f3a5f",
    "icons": [
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
        {"src": "/static/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"},
    ],
    "shortcuts": [{"name": "Practice", "url": "/drills"}],
}


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    return JSONResponse(MANIFEST, media_type="application/manifest+json",
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/sw.js")
def service_worker() -> FileResponse:
    # Never cached by HTTP: the browser must see a new worker as soon as one is deployed.
    return FileResponse(STATIC_DIR / "sw.js", media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})
