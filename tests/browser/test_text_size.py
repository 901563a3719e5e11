"""Nothing a person must read is under 12 px on a 360 px phone.

Before, Team practice's module version ('v2', a <small> in a .8rem table heading) was
10.7 px; the phone top bar's labels (Modules, Field reports, Inbox) 11.2 px, the unread
counts 10.9 and 11.2 px, and Team certification's cell details 11.8 px. A chart's axis
labels, drawn in its SVG and scaled with it, were 10 px at full size and 5 to 6 px on a
phone; now 12 px at full size, and below it a line of text under the chart says the axes.
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


# Each chart's axis labels as drawn: their size on screen (the SVG's font size times its
# scale), or None where they are hidden; and the axes line under it, where shown.
_CHART_AXES = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const shown = [...svg.querySelectorAll('text.chart-axis')].filter(t => t.getClientRects().length);
  const note = svg.parentElement.querySelector('.chart-axes');
  return {axis_px: shown.length ? Math.min(...shown.map(t =>
            parseFloat(getComputedStyle(t).fontSize) * scale)) : null,
          note_px: note && note.getClientRects().length
            ? parseFloat(getComputedStyle(note).fontSize) : null,
          note: note ? note.textContent : null};
})"""
CHART_PAGES = ["/certification/overview", "/modules/northwind-shield-launch/insights"]


def test_chart_axes_are_readable_on_a_phone_and_a_laptop(live_server: str, phone: Any,
                                                         laptop: Any) -> None:
    for page, wide in ((phone, False), (laptop, True)):
        sign_in(page, live_server, "admin@example.com")
        for path in CHART_PAGES:
            page.goto(live_server + path)
            page.wait_for_load_state("networkidle")
            charts = page.evaluate(_CHART_AXES)
            assert charts, path
            for chart in charts:
                where = f"{path} ({'laptop' if wide else 'phone'}): {chart}"
                if wide:
                    assert chart["axis_px"] is not None and chart["axis_px"] >= 12, where
                    assert chart["note_px"] is None, where
                else:
                    assert chart["axis_px"] is None, where
                    assert chart["note_px"] is not None and chart["note_px"] >= 12, where
                    assert chart["note"].startswith("0% to 100%, "), where
