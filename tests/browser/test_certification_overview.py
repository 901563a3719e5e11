"""The admin's certification overview on a laptop: every launched team is listed before
anyone has looked at a team page, and each figure sits in its own cell under its module's
column (screenshot looked at)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import horizontal_overflow, sign_in

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")


def test_overview_cells_line_up_under_their_modules(live_server: str, laptop: Any,
                                                    artifacts: Path) -> None:
    page = laptop
    sign_in(page, live_server, "admin@example.com")
    page.goto(live_server + "/certification/overview")
    # Both demo teams, though no manager has opened a team page (assigned at launch).
    rows = page.locator("table.heatmap tbody tr")
    names = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    assert names == ["Enterprise West", "Mid-Market East"]
    headers = page.locator("table.heatmap thead th")
    columns = [headers.nth(i).bounding_box() for i in range(headers.count())]
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.count() == len(columns) - 1
        for j in range(cells.count()):
            cell = cells.nth(j)
            # A cell that is not a table cell is drawn stacked under the first column.
            assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
            box, head = cell.bounding_box(), columns[j + 1]
            assert abs(box["x"] - head["x"]) < 2 and abs(box["width"] - head["width"]) < 2
    headline = page.locator(".stat-row .stat").first.inner_text()
    assert "certified (0 of 6)" in headline
    grid = page.request.get(live_server + "/api/v1/certifications/overview").json()
    assert [t["name"] for t in grid["teams"]] == names  # the JSON twin: the same grid
    assert [c["assigned"] for c in grid["cells"]] == [3, 3]
    assert grid["totals"]["assigned"] == sum(c["assigned"] for c in grid["cells"]) == 6
    page.screenshot(path=str(artifacts / "certification-overview-laptop.png"), full_page=True)
    assert horizontal_overflow(page) == 0
