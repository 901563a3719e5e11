"""Small links and disclosures are 44 px tall targets on a touch phone (360 px).

Before: a team's member names (admin, Teams) and a manager's launched modules (home) were
23 px tall links 7 px apart; the teams in Certification across teams 16 px; the CSV
import's Example and the live pitch's What we hear disclosures 23 and 32 px.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

CHECKS = {
    "admin": [("/admin/teams/1", ".people li > a"),
              ("/certification/overview", ".heatmap tbody th a"),
              ("/admin/import", ".example > summary")],
    "manager": [("/", ".people li > a:not(.pill)")],
    "rep": [("/pitches/northwind-shield-launch/ciso-elevator/live", "summary.small")],
}


@pytest.mark.parametrize("who", sorted(CHECKS))
def test_small_targets_are_44_px_on_a_touch_phone(live_server: str, phone: Any,
                                                   who: str) -> None:
    sign_in(phone, live_server, f"{who}@example.com")
    for path, selector in CHECKS[who]:
        phone.goto(live_server + path)
        phone.wait_for_load_state("networkidle")
        targets = phone.locator(selector).all()
        assert targets, f"{selector} on {path}"
        for target in targets:
            box = target.bounding_box()
            assert box and box["height"] >= 44 and box["width"] >= 44, (
                f"{selector} on {path}: {target.inner_text()!r} is {box}")
