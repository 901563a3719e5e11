"""The narrowest phones (320 px wide) show every navigation link and nothing runs off the
side. Before, a manager's, marketer's or admin's top bar (Modules, Field reports, Inbox
and the account button) was wider than a 320 px screen: the links scrolled sideways and
Inbox was cut off at the edge. Now each link is an icon over its label and the row fits.

Every page a rep reaches (home, drills, practice and recording, an attempt's result, My
progress, certification, inbox) and a manager's team views and review page are opened at
320 px; on each, the page must not scroll sideways and each navigation link must be whole
on screen, not covered, with an unclipped label and a 44 px touch target; a team's
tables show every column. The top bar of
every role is checked at 320, 360 and 390 px. Screenshots: tests/_artifacts/nav-*.png.

The server is the demo organisation plus Jordan Lee's scored pitches, one waiting for
sign-off (`seed_pending_review`), so there is an attempt result and a review to open.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _require_browser
from tests.browser.helpers import horizontal_overflow, sign_in
from tests.live_server import demo_server, seed_pending_review

PITCH = "/pitches/northwind-shield-launch/ciso-elevator"

# Each navigation link shown (top bar and the rep's tab bar, not the closed account
# menu): where it is, whether its middle and both ends are what a tap there reaches (a
# scrolled or covered link is not), and whether its label shows whole.
_NAV_LINKS = """() => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const links = [...document.querySelectorAll('.topbar a, .topbar summary, .tabbar a')]
    .filter(a => shown(a) && !a.closest('.menu-panel'));
  return links.map(a => {
    const r = a.getBoundingClientRect(), y = r.top + r.height / 2;
    const reaches = x => {
      const hit = document.elementFromPoint(x, y);
      return !!hit && a.contains(hit);
    };
    const label = a.querySelector('.nav-label, .tab-label');
    return {name: (a.getAttribute('aria-label') || a.textContent).replace(/\\s+/g, ' ').trim(),
            href: a.getAttribute('href'), left: r.left, right: r.right, top: r.top,
            bottom: r.bottom, width: r.width, height: r.height,
            reachable: reaches(r.left + 2) && reaches(r.left + r.width / 2) && reaches(r.right - 2),
            label_clipped: !!label && label.scrollWidth > label.clientWidth + 0.5};
  });
}"""


@pytest.fixture(scope="module")
def nav_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    with demo_server(tmp_path_factory.mktemp("phone-nav"), seed_pending_review) as base:
        yield base


def _check_fits(page: Any, where: str) -> list[dict[str, Any]]:
    """Fail unless the page has no sideways scroll and every nav link is whole, reachable
    and at least 44x44 px; returns the links."""
    width = page.viewport_size["width"]
    assert horizontal_overflow(page) == 0, f"{where} scrolls sideways at {width} px"
    links: list[dict[str, Any]] = page.evaluate(_NAV_LINKS)
    assert links, where
    for link in links:
        said = f"{link['name']!r} on {where} at {width} px: {link}"
        assert link["left"] >= 0 and link["right"] <= width, "off the screen: " + said
        assert link["reachable"], "cut off or covered: " + said
        assert link["width"] >= 44 and link["height"] >= 44, "under 44 px: " + said
        assert not link["label_clipped"], "label cut short: " + said
    return links


def _visit_all(page: Any, base: str, paths: list[str]) -> None:
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        links = _check_fits(page, path)
        assert "/inbox" in {link["href"] for link in links}, f"no Inbox link on {path}"


def _tap_inbox(page: Any, base: str) -> None:
    """Inbox is tappable where it is shown: a touch on it opens the inbox."""
    page.goto(base + "/")
    page.locator(".topbar a[href='/inbox'], .tabbar a[href='/inbox']").filter(
        visible=True).tap()
    page.wait_for_url(base + "/inbox")


def test_every_rep_page_fits_a_320_px_phone(nav_server: str, phone: Any,
                                            artifacts: Path) -> None:
    base, page = nav_server, phone
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, base, "jordan@example.com")
    page.goto(base + PITCH)
    attempt = page.locator("a[href^='/attempts/']").first.get_attribute("href")
    page.goto(base + "/certification")
    certification = page.locator("a[href^='/certification/']").first.get_attribute("href")
    assert attempt and certification
    _visit_all(page, base, ["/", "/drills", "/pitches", PITCH, PITCH + "/record", attempt,
                            "/drills/progress", "/certification", certification, "/inbox"])
    _tap_inbox(page, base)
    page.screenshot(path=str(artifacts / "nav-rep-320.png"))


def test_a_managers_pages_fit_a_320_px_phone(nav_server: str, phone: Any,
                                             artifacts: Path) -> None:
    base, page = nav_server, phone
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, base, "manager@example.com")
    page.goto(base + "/reviews")
    review = page.get_by_role("link", name="Jordan Lee").get_attribute("href")
    assert review
    _visit_all(page, base, ["/", "/certification/team", "/drills/team", "/reviews", review,
                            "/field-reports", "/modules", "/inbox"])
    # With the demo's one launched module a team's tables show every column (the drill
    # table hid its Day streak column 15 px off the card's edge, in its scroll region).
    for path in ("/drills/team", "/certification/team"):
        page.goto(base + path)
        hidden = page.evaluate("[...document.querySelectorAll('.table-wrap')]"
                               ".map(e => e.scrollWidth - e.clientWidth)")
        assert hidden and max(hidden) <= 0, f"{path}: a table scrolls by {hidden} px"
    _tap_inbox(page, base)
    page.screenshot(path=str(artifacts / "nav-manager-320.png"))


@pytest.mark.parametrize("email", ["jordan@example.com", "manager@example.com",
                                   "marketing@example.com", "admin@example.com"])
def test_every_roles_top_bar_fits_small_phones(nav_server: str, phone: Any, artifacts: Path,
                                               email: str) -> None:
    """Each role's links (a rep's Modules, with the rest in the tab bar; Modules, Field
    reports and Inbox for the others) fit at 320, 360 and 390 px."""
    base, page = nav_server, phone
    sign_in(page, base, email)
    role = email.split("@")[0]
    for width in (320, 360, 390):
        page.set_viewport_size({"width": width, "height": 640})
        page.goto(base + "/")
        links = _check_fits(page, f"{role}'s home")
        names = {link["name"].split(",")[0] for link in links}
        assert {"Modules", "Inbox"} <= names, names
        if role != "jordan":
            assert "Field reports" in names, names
        page.screenshot(path=str(artifacts / f"nav-{role}-{width}.png"),
                        clip={"x": 0, "y": 0, "width": width, "height": 120})


LONG_URL = "https://example.com/compare?product=northwindshield&source=competitorpricingsheet2027"
LONG_TITLE = "NorthwindShieldEndpointSecurityLaunchForEnterprise"


def test_a_long_word_wraps_instead_of_widening_the_page(nav_server: str, phone: Any,
                                                        artifacts: Path) -> None:
    """A rep's note with a URL in it made My field reports (and marketing's and managers'
    Field reports) 2,000 px wide on a 360 px phone, the tab bar stretched with it; a
    module title or a person's name without spaces did the same to its pages."""
    base, page = nav_server, phone
    sign_in(page, base, "rep@example.com")
    page.goto(base + "/modules/northwind-shield-launch/whats-new")
    flag = page.locator(".pb-message").first.locator(".fr-flag")
    flag.locator("summary").tap()
    flag.get_by_text("Got pushback").tap()
    flag.locator("textarea[name=note]").fill(f"They sent me {LONG_URL} to compare")
    flag.get_by_role("button", name="Send to marketing").tap()
    page.wait_for_selector(".fr-sent")
    page.goto(base + "/field-reports/mine")
    assert LONG_URL in page.inner_text("main")
    assert horizontal_overflow(page) == 0, "My field reports scrolls sideways"
    page.screenshot(path=str(artifacts / "long-word-rep.png"), full_page=True)
    page.context.clear_cookies()
    sign_in(page, base, "marketing@example.com")
    page.goto(base + "/modules")
    page.get_by_text("New module").click()
    page.locator("#new-title").fill(LONG_TITLE)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/draft")
    for path in ("/field-reports", "/modules", page.url.removeprefix(base),
                 page.url.removeprefix(base).removesuffix("/draft")):
        page.goto(base + path)
        assert horizontal_overflow(page) == 0, f"{path} scrolls sideways"
