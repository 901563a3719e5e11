"""The field loop end to end: a rep flags a message on a 360 px phone (how it went, an
optional note, Send), marketing answers from the inbox on a laptop, and the rep reads
the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import horizontal_overflow, sign_in

pytestmark = pytest.mark.browser

NOTE = "CFO asked whether rollback covers cloud files too"
REPLY = "Yes: v3 will say so in the proof point. Thanks for flagging!"


def test_rep_flags_marketing_replies_rep_reads(live_server: str, phone: Any, laptop: Any,
                                                artifacts: Path) -> None:
    sign_in(phone, live_server, "rep@example.com")
    phone.goto(live_server + "/modules/northwind-shield-launch/whats-new")
    message = phone.locator(".pb-message", has_text="roll").first
    flag = message.locator(".fr-flag")
    flag.locator("summary").tap()  # open the flag
    send = flag.get_by_role("button", name="Send to marketing")
    send.tap()  # nothing chosen yet: the browser asks for an outcome, nothing is sent
    assert message.locator(".fr-sent").count() == 0
    flag.get_by_text("Got pushback").tap()  # choosing sends nothing either
    assert flag.get_by_role("radio", name="Got pushback").is_checked()
    assert message.locator(".fr-sent").count() == 0
    flag.locator("textarea[name=note]").fill(NOTE)  # the note comes after the outcome
    flag.scroll_into_view_if_needed()
    phone.screenshot(path=str(artifacts / "field-report-phone-open.png"))
    assert horizontal_overflow(phone) == 0
    for button in flag.locator(".fr-btn").all():
        box = button.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 120, box
    send.tap()
    sent = message.locator(".fr-sent")
    sent.wait_for()
    assert "Got pushback" in sent.inner_text()
    phone.screenshot(path=str(artifacts / "field-report-phone-sent.png"))

    # An objection the playbook lacks, from the end of the objections.
    missing = phone.locator(".fr-flag-objection")
    missing.locator("summary").tap()
    missing.locator("textarea").fill("We already get endpoint protection free with our bank")
    missing.get_by_role("button", name="Send to marketing").tap()
    phone.locator(".fr-sent", has_text="Missing objection").wait_for()

    sign_in(laptop, live_server, "marketing@example.com")
    laptop.goto(live_server + "/field-reports")
    report = laptop.locator(".fr-report", has_text=NOTE)
    report.wait_for()
    assert "Got pushback · 1" in laptop.locator(".fr-group", has=report).inner_text()
    new_before = int(laptop.locator("#fr-new-count").inner_text())
    assert "rising" not in laptop.locator(".fr-group", has=report).inner_text()  # one report
    report.locator(".fr-triage > summary").click()
    report.locator("select[name=status]").select_option("planned")
    report.locator("textarea[name=reply]").fill(REPLY)
    laptop.screenshot(path=str(artifacts / "field-report-inbox.png"), full_page=True)
    report.get_by_role("button", name="Save").click()
    laptop.locator(".fr-report", has_text="Saved. The reporter").wait_for()
    # The "new" count follows the triage without a reload.
    assert int(laptop.locator("#fr-new-count").inner_text()) == new_before - 1
    laptop.screenshot(path=str(artifacts / "field-report-inbox-saved.png"), full_page=True)

    phone.goto(live_server + "/inbox")
    phone.get_by_text("Marketing answered your field report").first.tap()
    phone.wait_for_url("**/field-reports/mine*")
    mine = phone.locator(".fr-mine-item", has_text=NOTE)
    assert REPLY in mine.inner_text()
    assert "Planned for next version" in mine.inner_text()
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(artifacts / "field-report-phone-mine.png"), full_page=True)
