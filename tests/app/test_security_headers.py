"""Security headers on every response, no inline script in templates, no CDN, no banner."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import cli
from app.main import create_app
from app.models import Role
from app.paths import templates_dir
from app.settings import Settings
from app.web import FLASH_COOKIE
from tests.app.helpers import CSRF, cookie_sign_in
from tests.factories import make_user

PATHS = ["/login", "/", "/api/v1/openapi.json", "/static/app.css", "/no-such-page",
         "/api/v1/no-such-thing", "/healthz"]


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def https_client(settings: Settings, engine: Engine, app: Any) -> TestClient:
    settings.base_url = "https://onmessage.example.com"
    secure_app = create_app(settings, engine=engine)
    secure_app.dependency_overrides = app.dependency_overrides
    return TestClient(secure_app, base_url="https://testserver")


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_headers(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    csp = directives(response.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert csp["style-src"] == ["'self'"]  # no inline style either
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"]
    # Recordings are played back from blob: URLs before upload.
    assert csp["media-src"] == ["'self'", "blob:"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in response.headers  # plain http: no HSTS


def test_hsts_when_the_base_url_is_https(settings: Settings, engine: Engine, app: Any) -> None:
    with https_client(settings, engine, app) as client:
        for path in ("/login", "/api/v1/openapi.json", "/static/app.js"):
            hsts = client.get(path).headers["strict-transport-security"]
            assert re.fullmatch(r"max-age=\d+", hsts) and int(hsts.split("=")[1]) >= 31536000


def test_flash_cookie_is_secure_over_https(settings: Settings, engine: Engine, app: Any,
                                          session: Session) -> None:
    rep = make_user(session, Role.REP)
    with https_client(settings, engine, app) as client:
        cookie_sign_in(client, session, rep)
        response = client.post("/logout", data={"csrf_token": CSRF}, follow_redirects=False)
        flash = [h for h in response.headers.get_list("set-cookie")
                 if h.startswith(FLASH_COOKIE + "=")]
        assert flash and "secure" in flash[0].lower() and "httponly" in flash[0].lower()


# --- templates: nothing a strict CSP would refuse ------------------------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\bhx-on", re.I), "hx-on (htmx evaluates it as script)"),
    (re.compile(r"\bhx-vars\b|\bjs:", re.I), "htmx script evaluation"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "inline <style>"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"(src|href)=\"(https?:)?//", re.I), "asset from another origin"),
]


def template_files() -> list[Path]:
    return sorted(Path(templates_dir()).rglob("*.html"))


def test_templates_have_nothing_the_csp_refuses() -> None:
    found = []
    for file in template_files():
        text = file.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{file.name}:{line}: {what}: {match.group(0)!r}")
    assert found == []


def test_htmx_adds_no_inline_styles(client: TestClient) -> None:
    page = client.get("/login").text
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page)
    assert config is not None and '"includeIndicatorStyles":false' in config.group(1)
    assert '"allowEval":false' in config.group(1)


# --- API docs and the OpenAPI document -----------------------------------------------------


def test_no_docs_ui_from_a_cdn_and_the_schema_is_found(client: TestClient) -> None:
    docs = client.get("/api/docs", follow_redirects=False)
    assert "cdn." not in docs.text and "<script" not in docs.text
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "OnMessage"
    for where in ("/openapi.json", "/api/openapi.json", "/api/docs"):
        moved = client.get(where, follow_redirects=False)
        assert moved.status_code in (301, 307, 308), where
        assert moved.headers["location"] == "/api/v1/openapi.json"


# --- the server -------------------------------------------------------------------------------


def test_serve_hides_the_server_banner(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["server_header"] is False


# --- caching ------------------------------------------------------------------------------


def test_signed_in_pages_and_api_answers_are_not_stored(served_client: TestClient,
                                                        served_session: Session) -> None:
    """The abuse probe's find: a signed-in page (a rep's transcript and score, a team's
    certification table) and an API answer carried no Cache-Control, so the browser's cache
    (and any proxy that caches by heuristics) could keep a copy after sign-out, for the
    next person at a shared computer to see with Back. They are not stored now; the static
    files, the same for everyone, are still cached and revalidated."""
    rep = make_user(served_session, Role.REP, name="Riley Rep")
    cookie_sign_in(served_client, served_session, rep)
    for path in ("/", "/drills", "/certification", "/inbox", "/api/v1/me", "/no-such-page",
                 "/login?next=/drills"):
        response = served_client.get(path, follow_redirects=False)
        assert response.headers.get("cache-control") == "no-store", path
    static = served_client.get("/static/app.css")
    assert "cache-control" not in static.headers and static.headers["etag"]
    # A route that chose its own caching keeps it (the service worker is revalidated).
    assert served_client.get("/sw.js").headers["cache-control"] == "no-cache"
