"""Refresh the README's screenshots from a served demo organisation.

    .venv/bin/python docs/make_screenshots.py

Serves the demo (tests/live_server.py), seeds Jordan's scored pitches and pending review
(the manager review browser test's seed), then takes with Debian's Chromium:
docs/screenshot.png (a 390x844 phone: the rep's home, a drill's feedback and the end of
the session, side by side) and docs/manager-review.png (the review page on a 1440x900 laptop)."""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.helpers import sign_in  # noqa: E402
from tests.live_server import demo_server, seed_pending_review  # noqa: E402

PHONE = {"width": 390, "height": 844}
FRAME = """<html><body style="margin:0;background:linear-gradient(135deg,#dfe7f3,#eef2f8);
display:flex;gap:22px;padding:24px 48px;align-items:flex-start">{}</body></html>"""
SHOT = ('<img style="width:320px;border-radius:22px;box-shadow:0 12px 30px rgba(20,33,61,.22)"'
        ' src="data:image/png;base64,{}">')


def _phone_shots(browser: Any, base: str) -> list[bytes]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    sign_in(page, base, "rep@example.com")
    shots = [page.screenshot()]
    page.goto(base + "/drills")
    for _ in range(30):  # on to a pick-the-line card, answered wrong: the feedback explains
        card = page.locator(".drill-card[data-drill]").first
        card.wait_for()
        drill = card.get_attribute("data-drill")
        if "kind-pick" in str(card.get_attribute("class")):
            page.locator(".pick").last.click()
        elif page.locator("#gap-answer").count():
            page.locator("#gap-answer").fill("ransomware")
            page.get_by_role("button", name="Check").click()
        else:
            page.locator(".drill-reveal > summary").last.click()
            page.locator(".drill-reveal[open] .rate-3").click()
        page.wait_for_function(
            "id => !document.querySelector(`.drill-card[data-drill='${id}']`)", arg=drill)
        if page.locator(".drill-feedback.fb-bad").count():
            break
        if page.locator(".drill-feedback").count():
            page.locator(".drill-actions .button").first.click()
    page.wait_for_timeout(300)
    shots.append(page.screenshot())
    page.locator(".drill-actions .button").first.click()
    for _ in range(30):  # on to the end of the session: what went well, the weakest line
        if page.locator(".drill-done").count():
            break
        card = page.locator(".drill-card[data-drill], .drill-done").first
        card.wait_for()
        if page.locator(".drill-done").count():
            break
        drill = card.get_attribute("data-drill")
        if "kind-pick" in str(card.get_attribute("class")):
            page.locator(".pick").first.click()
        elif page.locator("#gap-answer").count():
            page.get_by_role("button", name="I don't know").click()
        else:
            page.locator(".drill-reveal > summary").last.click()
            page.locator(".drill-reveal[open] .rate-3").click()
        page.wait_for_function(
            "id => !document.querySelector(`.drill-card[data-drill='${id}']`)", arg=drill)
        if page.locator(".drill-feedback").count():
            page.locator(".drill-actions .button").first.click()
            page.wait_for_function("() => !document.querySelector('.drill-feedback')")
    page.locator(".drill-done").wait_for()
    page.wait_for_timeout(300)
    shots.append(page.screenshot())
    context.close()
    return shots


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, \
            demo_server(Path(tmp), prepare=seed_pending_review) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shots = _phone_shots(browser, base)
        frame = browser.new_page(viewport={"width": 1100, "height": 740})
        frame.set_content(FRAME.format("".join(SHOT.format(base64.b64encode(s).decode())
                                               for s in shots)))
        frame.wait_for_timeout(300)
        frame.screenshot(path=str(REPO / "docs" / "screenshot.png"))
        laptop = browser.new_page(viewport={"width": 1440, "height": 900})
        sign_in(laptop, base, "manager@example.com")
        laptop.goto(base + "/reviews")
        laptop.get_by_role("link", name="Jordan Lee").first.click()
        laptop.wait_for_selector("#review-audio")
        laptop.wait_for_timeout(500)
        laptop.screenshot(path=str(REPO / "docs" / "manager-review.png"))
        browser.close()
    print("wrote docs/screenshot.png and docs/manager-review.png")


if __name__ == "__main__":
    main()
