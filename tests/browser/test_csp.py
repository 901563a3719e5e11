"""The Content-Security-Policy is on and no page breaks it, for any role; the real server
sends no banner and keeps invite tokens out of its access log.

Each role signs in and walks the pages it can reach by links from home (one page per
path shape, e.g. one /admin/users/N), failing on any CSP violation a page reports (the
`phone`/`laptop` fixtures collect them) and on a page served without the policy.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from typing import Any
from urllib.parse import urldefrag

import pytest

from tests.browser.conftest import LIVE_DATA
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

ROLES = ["rep@example.com", "manager@example.com", "marketing@example.com",
         "admin@example.com"]
# Downloads, audio, JSON and sign-out are not pages to look at.
SKIP = re.compile(r"/logout|\.csv|/export|/download|/audio|^/api/|^/static/|^/\.well-known/")
MAX_PAGES = 40
# Pages no link from home leads to.
UNLINKED = {"admin@example.com": ["/admin/drills"]}


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def links(page: Any, base: str) -> list[str]:
    out = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
        url = urldefrag(href)[0]
        if url.startswith(base + "/"):
            path = url[len(base):]
            if not SKIP.search(path):
                out.append(path)
    return out


def assert_strict_policy(response: Any, path: str) -> None:
    assert response is not None and response.status < 500, path
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path


def walk(page: Any, base: str, start: list[str]) -> list[str]:
    """Visit the pages reachable from `start`; returns the paths visited."""
    queue, shapes, visited = deque(start), set(), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        if shape(path) in shapes:
            continue
        shapes.add(shape(path))
        assert_strict_policy(page.goto(base + path), path)
        # Loaded; and htmx's requests made on load have been answered and swapped in (it
        # marks an element .htmx-request meanwhile), so their violations are reported.
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        visited.append(path)
        queue.extend(p for p in links(page, base) if shape(p) not in shapes)
    return visited


@pytest.mark.parametrize("email", ROLES)
def test_every_page_keeps_to_the_policy(live_server: str, laptop: Any, email: str) -> None:
    sign_in(laptop, live_server, email)
    visited = walk(laptop, live_server, ["/", *UNLINKED.get(email, [])])
    assert len(visited) >= 5, visited  # it did reach the role's pages
    # The error page (its Go back button is wired by app.js now).
    assert_strict_policy(laptop.goto(live_server + "/no-such-page"), "/no-such-page")
    laptop.get_by_role("button", name="Go back").click()
    laptop.wait_for_url(live_server + visited[-1])


def test_handlers_moved_out_of_the_markup_still_work(live_server: str, laptop: Any) -> None:
    sign_in(laptop, live_server, "admin@example.com")
    # A filter <select> submits itself when changed.
    laptop.goto(live_server + "/admin/users")
    laptop.get_by_label("Team").select_option(label="Mid-Market East")
    laptop.wait_for_url(re.compile(r"/admin/users\?team=\d+"))
    assert laptop.get_by_text("Alex Kim").is_visible()
    assert not laptop.get_by_text("Riley Rep").is_visible()
    # A toast's close button dismisses it.
    laptop.goto(live_server + "/account/password")
    laptop.locator("summary[aria-label='Account menu']").click()
    laptop.get_by_role("button", name="Sign out").click()
    laptop.wait_for_url(live_server + "/login")
    toast = laptop.locator(".toast", has_text="You are signed out.")
    toast.get_by_role("button", name="Dismiss").click()
    assert toast.count() == 0


# --- the real server -------------------------------------------------------------------------


def test_no_server_banner_and_headers_on_the_wire(live_server: str) -> None:
    with urllib.request.urlopen(live_server + "/login") as response:
        headers = response.headers
    assert headers.get("server") is None
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_invite_tokens_stay_out_of_the_access_log(live_server: str) -> None:
    secret, other = "InviteSecret-0123456789abcdef", "QuerySecret-0123456789abcdef"
    for path in (f"/invite/{secret}", f"/login?next=/&token={other}"):
        try:
            urllib.request.urlopen(live_server + path).close()
        except urllib.error.HTTPError as exc:  # the made-up invite is a 404
            assert exc.code == 404
    log = (LIVE_DATA["dir"] / "server.log").read_text()
    assert "/invite/[redacted]" in log and "token=[redacted]" in log
    assert secret not in log and other not in log
