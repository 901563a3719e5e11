"""Long person and team names on a phone: a team's tables keep every column on screen.

Before, the certification tables kept a rep's or team's name on one line: a long one
pushed the module column off a 360 px screen (the table scrolled 300-odd px sideways and
showed names only), and a team's "3 reps" pill broke into two lines beside a long team
name. Now the name wraps, whole, in a column of its own width. (And at 320 px the
overview's chart column, 300 px at least, no longer runs 14 px off the screen.)

A server of its own: the names are changed through the admin's forms.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _require_browser
from tests.browser.helpers import horizontal_overflow, sign_in
from tests.live_server import demo_server

PERSON = "Maximiliana Alexandra Fernández-Castellanos de la Torre"
TEAM = "Enterprise West Strategic Accounts and Public Sector Partnerships"

# Each table region's sideways scroll, and each row header's name, whether it is shown
# whole (not cut), and whether it ends inside its table region.
_TABLES = """() => [...document.querySelectorAll('.table-wrap')].map(w => ({
  scroll: w.scrollWidth - w.clientWidth,
  rows: [...w.querySelectorAll('tbody th')].map(th => ({
    text: th.innerText.replace(/\\s+/g, ' ').trim(),
    cut: th.scrollWidth > th.clientWidth + 0.5,
    inside: th.getBoundingClientRect().right <= w.getBoundingClientRect().right + 0.5}))}))"""


@pytest.fixture(scope="module")
def long_names(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    _require_browser()
    with demo_server(tmp_path_factory.mktemp("long-names")) as base:
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, base, "admin@example.com")
        page.goto(base + "/admin/teams")
        page.get_by_role("link", name="Enterprise West").click()
        page.get_by_label("Name").fill(TEAM)
        page.get_by_role("button", name="Save").click()
        page.goto(base + "/admin/users")
        page.get_by_role("link", name="Jordan Lee").click()
        page.get_by_label("Name").fill(PERSON)
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state("networkidle")
        context.close()
        yield base


@pytest.mark.parametrize("width", [360, 320])
def test_long_names_wrap_in_a_teams_tables(long_names: str, phone: Any, artifacts: Path,
                                           width: int) -> None:
    base, page = long_names, phone
    page.set_viewport_size({"width": width, "height": 740})
    for who, path, name in (("manager", "/certification/team", PERSON),
                            ("manager", "/drills/team", PERSON),
                            ("admin", "/certification/overview", TEAM)):
        page.context.clear_cookies()
        sign_in(page, base, f"{who}@example.com")
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        where = f"{path} at {width} px"
        assert horizontal_overflow(page) == 0, where
        tables = page.evaluate(_TABLES)
        assert tables, where
        for table in tables:
            assert table["scroll"] <= 0, f"{where}: the table scrolls {table['scroll']} px"
            long = [row for row in table["rows"] if row["text"] == name]
            assert long, f"{where}: {name!r} not shown whole: {table['rows']}"
            for row in table["rows"]:
                assert not row["cut"] and row["inside"], f"{where}: {row}"
        if path == "/certification/overview":  # the Export button sat on the figures
            above = page.locator(".page-head").bounding_box()
            below = page.locator(".stat-row").bounding_box()
            assert above and below and below["y"] - (above["y"] + above["height"]) >= 8, where
        for pill in page.locator(".card-head > .pill").all():
            box = pill.bounding_box()
            assert box and box["height"] < 30, f"{where}: the count pill wraps: {box}"
        page.screenshot(path=str(artifacts / f"long-names-{path.strip('/').replace('/', '-')}"
                                             f"-{width}.png"), full_page=True)


def test_a_long_team_names_checkbox_keeps_its_size(long_names: str, phone: Any,
                                                   artifacts: Path) -> None:
    """On Add a user, the 'Manages' checkbox beside a long team name was squeezed from
    22 to 13 px wide (a flex item that shrank for the text)."""
    sign_in(phone, long_names, "admin@example.com")
    phone.goto(long_names + "/admin/users/new")
    box = phone.locator("label.check", has_text=TEAM).locator("input").bounding_box()
    assert box and box["width"] >= 22 and box["height"] >= 22, box
    phone.screenshot(path=str(artifacts / "long-names-user-form.png"), full_page=True)


def test_a_members_email_goes_whole_under_a_long_name(long_names: str, phone: Any,
                                                     artifacts: Path) -> None:
    """A team's member list set the email beside the name: beside a long name it broke
    into a column of three lines ('jordan@e', 'xample.c', 'om')."""
    sign_in(phone, long_names, "admin@example.com")
    phone.goto(long_names + "/admin/teams/1")
    email = phone.locator(".people li", has_text=PERSON).locator("small")
    box = email.bounding_box()
    assert box and box["height"] < 24, f"the email wraps: {box}"
    phone.screenshot(path=str(artifacts / "long-names-team-members.png"), full_page=True)
