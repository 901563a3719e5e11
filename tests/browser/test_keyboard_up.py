"""A form filled in on a phone with its keyboard up (a 360 x 400 px screen) is not covered.

Before, on a module's What's new, the field report's 'Send to marketing' sat under the
sticky 'I've read it' and the tab bar once the keyboard took half the screen: a tap
meant for Send landed on 'I've read it' and marked the module read. Now, while a form
with a text field has focus, the tab bar and the sticky button step aside.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

_AT_CENTRE = """(el) => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!hit && el.contains(hit); }"""


def test_a_field_report_is_sent_with_the_keyboard_up(live_server: str, phone: Any,
                                                     artifacts: Path) -> None:
    sign_in(phone, live_server, "casey@example.com")
    phone.goto(live_server + "/modules/northwind-shield-launch/whats-new")
    assert phone.locator(".tabbar").is_visible() and phone.locator(".sticky-action").is_visible()
    flag = phone.locator(".pb-message .fr-flag").nth(1)
    flag.locator("summary").tap()
    flag.get_by_text("Got pushback").tap()
    phone.set_viewport_size({"width": 360, "height": 400})  # the keyboard is up
    note = flag.locator("textarea[name=note]")
    note.tap()
    note.fill("They asked about the price per seat")
    assert not phone.locator(".tabbar").is_visible()
    assert not phone.locator(".sticky-action").is_visible()
    send = flag.get_by_role("button", name="Send to marketing")
    send.scroll_into_view_if_needed()
    assert send.evaluate(_AT_CENTRE), "Send is covered"
    phone.screenshot(path=str(artifacts / "keyboard-up-field-report.png"))
    send.tap()
    phone.locator(".fr-sent").first.wait_for()
    phone.set_viewport_size({"width": 360, "height": 740})  # the keyboard is down
    assert phone.locator(".tabbar").is_visible() and phone.locator(".sticky-action").is_visible()
    assert phone.get_by_role("button", name="I've read it").count() == 1  # not marked read
