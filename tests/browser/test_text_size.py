"""Nothing a person must read is under 12 px on a 360 px phone.

Before, Team practice's module version ('v2', a <small> in a .8rem table heading) was
10.7 px; the phone top bar's labels (Modules, Field reports, Inbox) 11.2 px, the unread
counts 10.9 and 11.2 px, and Team certification's cell details 11.8 px. Charts (SVG,
scaled with their box) are left out.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

# Every visible text run outside an SVG and outside screen-reader-only text, with its size.
_SMALL_TEXT = """() => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el || el.closest('svg, .sr, .skip, [aria-hidden=true]')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize);
    // (0 px: text drawn as an icon instead, the brand on a phone)
    if (size > 0 && size < 12) out.push(`${size.toFixed(1)} px: ${text.slice(0, 40)}`);
  }
  return out;
}"""

PAGES = {
    "rep": ["/", "/drills/progress", "/certification",
            "/modules/northwind-shield-launch/whats-new"],
    "manager": ["/", "/drills/team", "/certification/team", "/reviews"],
    "admin": ["/certification/overview", "/admin/users", "/admin/teams/1"],
}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_no_text_under_12_px(live_server: str, phone: Any, who: str) -> None:
    sign_in(phone, live_server, f"{who}@example.com")
    for path in PAGES[who]:
        phone.goto(live_server + path)
        phone.wait_for_load_state("networkidle")
        small = phone.evaluate(_SMALL_TEXT)
        assert small == [], f"{path} ({who}): text under 12 px: {small}"
