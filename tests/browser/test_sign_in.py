"""The demo rep signs in on a phone and lands on the rep home; pages fit 360 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import DEMO_PASSWORD, horizontal_overflow, sign_in

pytestmark = pytest.mark.browser

SMALL_TAP = 44  # CSS pixels: the smallest comfortable touch target


def small_tap_targets(page: Any) -> list[str]:
    """Visible buttons, inputs and button-like links smaller than SMALL_TAP high."""
    return list(page.evaluate(
        """(min) => [...document.querySelectorAll(
              'button, input:not([type=hidden]), select, a.button, summary')]
            .filter(el => el.offsetParent !== null)
            .filter(el => { const r = el.getBoundingClientRect();
                            return r.height < min && r.width > 0; })
            .map(el => `${el.tagName.toLowerCase()} "${(el.innerText || el.name || '').trim()}"`
                       + ` ${Math.round(el.getBoundingClientRect().height)}px`)""",
        SMALL_TAP))


def test_rep_signs_in_on_a_phone(live_server: str, phone: Any, artifacts: Path) -> None:
    phone.goto(live_server + "/login")
    assert phone.title().startswith("Sign in")
    assert phone.get_by_text("rep@example.com").is_visible()  # demo hint
    phone.screenshot(path=str(artifacts / "login.png"), full_page=True)
    assert horizontal_overflow(phone) == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert small_tap_targets(phone) == []

    sign_in(phone, live_server, "rep@example.com")
    assert phone.get_by_role("heading", name="Hi Riley").is_visible()
    assert phone.get_by_role("heading", name="Today").is_visible()
    assert "/admin/users" not in phone.content()  # no admin links for a rep
    phone.screenshot(path=str(artifacts / "rep-home.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert small_tap_targets(phone) == []


def test_wrong_password_on_a_phone(live_server: str, phone: Any, artifacts: Path) -> None:
    phone.goto(live_server + "/login")
    phone.get_by_label("Email").fill("rep@example.com")
    phone.get_by_label("Password").fill("not-the-password")
    phone.get_by_role("button", name="Sign in").click()
    alert = phone.get_by_role("alert")
    assert "do not match an active account" in alert.inner_text()
    phone.screenshot(path=str(artifacts / "login-error.png"), full_page=True)
    assert horizontal_overflow(phone) == 0


def test_a_signed_out_link_says_why_and_goes_back(live_server: str, phone: Any) -> None:
    """Opening a page signed out (a link from an email, a session that ended) lands on
    sign-in with a line saying why, and signing in goes straight back to the page; the
    plain sign-in page has no such line."""
    phone.goto(live_server + "/certification")
    assert "/login?next=" in phone.url
    assert "go straight back" in phone.get_by_role("status").filter(
        has_text="Sign in to open that page").inner_text()
    phone.get_by_label("Email").fill("rep@example.com")
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url(live_server + "/certification")
    phone.context.clear_cookies()
    phone.goto(live_server + "/login")
    assert phone.get_by_text("Sign in to open that page").count() == 0


def test_admin_users_list_on_a_phone(live_server: str, phone: Any, artifacts: Path) -> None:
    sign_in(phone, live_server, "admin@example.com")
    phone.goto(live_server + "/admin/users")
    assert phone.get_by_role("heading", name="Users").is_visible()
    assert phone.get_by_text("Riley Rep").is_visible()
    phone.screenshot(path=str(artifacts / "admin-users.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert small_tap_targets(phone) == []

    phone.get_by_text("Riley Rep").click()
    phone.wait_for_url("**/admin/users/*")
    phone.screenshot(path=str(artifacts / "admin-user-form.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_manager_home_on_a_laptop(live_server: str, laptop: Any, artifacts: Path) -> None:
    sign_in(laptop, live_server, "manager@example.com")
    assert laptop.get_by_role("heading", name="Hi Max").is_visible()
    laptop.screenshot(path=str(artifacts / "manager-home-laptop.png"), full_page=True)
    assert horizontal_overflow(laptop) == 0


def test_manager_pages_have_44px_targets_on_a_phone(live_server: str, phone: Any) -> None:
    """A manager's pages on a phone: no control, back link or link pill is a smaller tap
    than SMALL_TAP (back links were 39 px, the Insights pill 23 px), and the home's
    buttons carry the names of the pages they open."""
    sign_in(phone, live_server, "manager@example.com")
    assert phone.get_by_role("link", name="Team certification").is_visible()
    assert phone.get_by_role("link", name="Team practice").is_visible()
    for path in ("/", "/drills/team", "/certification/team", "/reviews"):
        phone.goto(live_server + path)
        assert small_tap_targets(phone) == [], path
        assert horizontal_overflow(phone) == 0, path
        back = phone.locator(".crumbs a")
        for i in range(back.count()):
            box = back.nth(i).bounding_box()
            assert box is not None and box["height"] >= SMALL_TAP, path
    phone.goto(live_server + "/")
    # A pill keeps its small look; the tap lands on it up to 22 px above and below its middle.
    pill = phone.locator("a.pill").first
    pill.evaluate("e => e.scrollIntoView({block: 'center'})")  # (below the fold now)
    box = pill.bounding_box()
    assert box is not None
    for dy in (-SMALL_TAP / 2 + 1, SMALL_TAP / 2 - 1):
        hit = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a.pill') !== null",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + dy])
        assert hit, dy


def test_account_menu_opens_and_signs_out_on_a_phone(live_server: str, phone: Any,
                                                     artifacts: Path) -> None:
    sign_in(phone, live_server, "admin@example.com")  # the role with the most nav links
    phone.get_by_label("Account menu").click()
    sign_out = phone.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()
    box = sign_out.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["height"] >= SMALL_TAP
    # Really on top, not clipped by the scrolling nav: the point hits the button.
    hit = phone.evaluate("([x, y]) => document.elementFromPoint(x, y)?.textContent?.trim()",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert hit == "Sign out"
    phone.screenshot(path=str(artifacts / "account-menu.png"))
    sign_out.click()
    phone.wait_for_url("**/login")
    assert "You are signed out." in phone.content()
