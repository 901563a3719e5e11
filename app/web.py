"""Page rendering: templates with the request's user, CSRF token and one-shot notices."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import quote, urlparse

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer
from jinja2_fragments.fastapi import Jinja2Blocks
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.inbox.service import unread_count
from app.models import ROLE_LABELS, Role
from app.paths import templates_dir
from certification.rules import DEFAULT_RUBRIC
from drills.kinds import KINDS

FLASH_COOKIE = "om_flash"
# The page (a path) whose form was refused before it was read (an expired form, or signed
# out meanwhile): when the browser next shows that page, app.js puts back what was typed.
REFILL_COOKIE = "om_refill"

templates = Jinja2Blocks(directory=str(templates_dir()))
# Playbook summaries are markdown written by marketing; raw HTML in them is not rendered.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def markdown_filter(text: str | None) -> Markup:
    return Markup(_markdown.render(text or ""))


def pct_class(value: float | int | None) -> str:
    """A share in percent as a class (pct-0 to pct-100, in app.css): the CSP refuses
    style attributes, so bars take their width from a class."""
    n = round(float(value or 0))
    return f"pct-{min(100, max(0, n))}"


def short_prompt(text: str | None, limit: int = 70) -> str:
    """A pitch named by its prompt's first sentence (pitches have no title of their own;
    their ids, e.g. 'cfo-business-case', are for files, not people)."""
    words = (text or "").strip()
    for stop in (". ", "? ", "! "):
        if stop in words:
            words = words.split(stop, 1)[0] + stop.strip()
            break
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + "…"


templates.env.filters["markdown"] = markdown_filter
templates.env.filters["short_prompt"] = short_prompt
templates.env.filters["pct_class"] = pct_class
templates.env.globals["ROLE_LABELS"] = ROLE_LABELS
templates.env.globals["Role"] = Role
# The review criteria of a playbook without its own `certification.rubric`.
templates.env.globals["DEFAULT_RUBRIC"] = DEFAULT_RUBRIC
# Each drill kind's card and feedback templates (templates/drills/_card.html, _feedback.html).
templates.env.globals["DRILL_KINDS"] = KINDS


def fmt_time(seconds: float | None) -> str:
    """A moment of a recording as m:ss (empty when there is none)."""
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.secure_cookies)


def _flash_signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.settings.secret_key, salt="flash")


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    """Render a page, or one named block of it for an htmx swap."""
    ctx: dict[str, Any] = {
        "account": getattr(request.state, "account", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "notice": None,
    }
    raw_flash = request.cookies.get(FLASH_COOKIE)
    if raw_flash:
        with contextlib.suppress(BadSignature):
            ctx["notice"] = _flash_signer(request).loads(raw_flash)
    account = ctx["account"]
    db_session = getattr(request.state, "db_session", None)
    if account is not None and block is None:
        if db_session is not None:
            ctx["unread"] = unread_count(session=db_session, user_id=account.id)
        else:  # an error page, after the request's session was closed
            ctx["unread"] = getattr(request.state, "unread", None)
    refill = (block is None and request.method == "GET"
              and request.cookies.get(REFILL_COOKIE) == request.url.path)
    ctx["refill"] = refill
    ctx.update(context or {})
    response: Response = templates.TemplateResponse(
        request, name, ctx, status_code=status_code, block_name=block
    )
    if raw_flash and block is None:
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax",
                               secure=_secure(request))
    if refill:
        response.delete_cookie(REFILL_COOKIE, path="/", httponly=True, samesite="lax",
                               secure=_secure(request))
    return response


def ask_refill(request: Request, response: Response, path: str) -> None:
    """Have the page at `path` put back what was typed into its refused form, the next
    time it is shown (through sign-in, if need be). The text itself never left the
    browser's tab: app.js keeps it there when a form is sent."""
    response.set_cookie(REFILL_COOKIE, urlparse(path).path, max_age=1800, httponly=True,
                        samesite="lax", secure=_secure(request), path="/")


def redirect(request: Request, url: str, *, notice: str | None = None) -> Response:
    """Redirect after a successful POST (htmx follows HX-Redirect), with a one-shot notice."""
    if is_htmx(request):
        response: Response = Response(status_code=204, headers={"HX-Redirect": url})
    else:
        response = RedirectResponse(url, status_code=303)
    if notice:
        # Set like the session cookie: Secure when the site is served over https.
        response.set_cookie(FLASH_COOKIE, _flash_signer(request).dumps(notice[:300]),
                            httponly=True, samesite="lax", secure=_secure(request), path="/")
    return response


# The longest address sign-in leads back to: longer is no page a person opened (and the
# sign-in form must never be refused for the hidden field it carries).
MAX_NEXT = 2000


def safe_next(raw: str | None) -> str:
    """Only same-site paths: an open redirect after sign-in would aid phishing."""
    if not raw or len(raw) > MAX_NEXT:
        return "/"
    parsed = urlparse(raw)
    if parsed.scheme or parsed.netloc or not raw.startswith("/") or raw.startswith("//"):
        return "/"
    # Browsers treat a backslash as "/" and drop tabs and newlines, so "/" + backslash +
    # "evil.example" would leave the site.
    if "\\" in raw or any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        return "/"
    return raw


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")
