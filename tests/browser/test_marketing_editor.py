"""Marketing edits the demo module's draft in the browser, publishes it and sees the diff."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.helpers import horizontal_overflow, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

SLUG = "northwind-shield-launch"
NEW_STATEMENT = ("Northwind Shield stops ransomware before a single file is encrypted, "
                 "on every endpoint.")
NEW_PHRASE = "stops ransomware cold"


def open_draft(page: Any, base: str) -> int:
    """Open the module's draft, starting one from the latest version if none is open."""
    page.goto(f"{base}/modules/{SLUG}/draft")
    start = page.get_by_role("button", name=re.compile(r"Start draft of version \d+"))
    if start.count():
        start.click()
    page.wait_for_selector("#editor-sections")
    eyebrow = page.locator("#editor-bar .eyebrow").inner_text()
    match = re.search(r"version (\d+)", eyebrow, re.IGNORECASE)
    assert match, eyebrow
    return int(match.group(1))


def dismiss_toasts(page: Any) -> None:
    """Close the notices before a screenshot (they dismiss themselves after a while)."""
    page.evaluate("document.querySelectorAll('.toast').forEach(t => t.remove())")


def saved_after(page: Any, action: Any, op: str, path: str) -> None:
    """Run `action` and wait until the editor has saved that edit."""
    sent = (f"op={op}", "path=" + quote(path, safe=""))

    def is_it(r: Any) -> bool:
        body = r.request.post_data or ""
        return r.url.endswith("/draft/edit") and all(part in body for part in sent)

    with page.expect_response(is_it) as response:
        action()
    assert response.value.ok, response.value.text()
    page.wait_for_function(
        "() => !document.querySelector('#editor-bar').classList.contains('htmx-request')")


def test_marketing_edits_publishes_and_sees_the_diff(
        live_server: str, laptop: Any, artifacts: Path) -> None:
    page = laptop
    sign_in(page, live_server, "marketing@example.com")
    number = open_draft(page, live_server)

    # Edit the first message's statement; it saves as the author types.
    statement = page.locator("#f-messages-0-statement")
    assert page.get_by_label("Statement").first.get_attribute("id") == "f-messages-0-statement"
    saved_after(page, lambda: statement.fill(NEW_STATEMENT), "set", "messages[0].statement")
    # Add an accepted phrasing: one per line.
    evidence = page.locator("#f-messages-0-evidence")
    before = evidence.input_value()
    saved_after(page, lambda: evidence.fill(before.rstrip() + "\n" + NEW_PHRASE),
                "set", "messages[0].evidence")
    expect(page.locator("#editor-bar .save-state")).to_contain_text("Saved")

    # Adding an empty message shows a problem linked to it and blocks publishing...
    items = page.locator("#f-messages ol.items > li")
    before_count = items.count()
    saved_after(page, lambda: page.get_by_role("button", name="Add a message").click(),
                "add", "messages")
    # the section is swapped in after the save's response: count its items once it is
    # (counting at once could name the last old message, a race seen in a full run)
    expect(items).to_have_count(before_count + 1)
    new_index = before_count
    new_statement = page.locator(f"#f-messages-{new_index}-statement")
    expect(new_statement).to_be_focused()
    expect(page.locator(f'#problems a[href="#f-messages-{new_index}-statement"]')).to_be_visible()
    expect(page.locator("#publish-button")).to_be_disabled()
    expect(new_statement).to_have_attribute("aria-invalid", "true")
    # ... and removing it again clears the problem.
    page.once("dialog", lambda dialog: dialog.accept())
    remove = page.get_by_role("button", name=f"Remove message {new_index + 1}")
    saved_after(page, remove.click, "remove", f"messages[{new_index}]")
    expect(page.locator("#problems .ready")).to_be_visible()
    expect(page.locator("#publish-button")).to_be_enabled()

    # A new message's id is made from its first words once written (not 'message-7').
    saved_after(page, lambda: page.get_by_role("button", name="Add a message").click(),
                "add", "messages")
    new_index = page.locator("#f-messages ol.items > li").count() - 1
    new_statement = page.locator(f"#f-messages-{new_index}-statement")
    new_statement.fill("Rollback takes under thirty seconds on any endpoint.")
    saved_after(page, lambda: new_statement.press("Tab"), "set", f"messages[{new_index}].id")
    expect(page.locator(f"#f-messages-{new_index}-id")).to_have_value(
        "rollback-takes-under-thirty-seconds")
    page.once("dialog", lambda dialog: dialog.accept())
    remove = page.get_by_role("button", name=f"Remove message {new_index + 1}")
    saved_after(page, remove.click, "remove", f"messages[{new_index}]")
    expect(page.locator("#problems .ready")).to_be_visible()

    # The changes are stored: a reload shows them.
    page.reload()
    assert page.locator("#f-messages-0-statement").input_value() == NEW_STATEMENT
    assert NEW_PHRASE in page.locator("#f-messages-0-evidence").input_value()
    page.locator("#f-messages-0").scroll_into_view_if_needed()
    page.locator("#f-messages-0-evidence").focus()
    dismiss_toasts(page)
    page.screenshot(path=str(artifacts / "editor.png"))
    assert horizontal_overflow(page) == 0

    # Preview shows the draft as a rep will see it.
    page.get_by_role("link", name="Preview").click()
    page.wait_for_url(f"**/modules/{SLUG}/draft/preview")
    assert page.locator(".pb-statement", has_text=NEW_STATEMENT).is_visible()
    page.screenshot(path=str(artifacts / "editor-preview.png"))
    page.get_by_role("link", name="Keep editing").click()
    page.wait_for_selector("#editor-sections")

    # Publishing asks once more, saying what the version holds.
    page.locator("#publish-button").click()
    confirm = page.locator(".publish-panel")
    expect(confirm).to_contain_text(f"version {number}")
    expect(confirm).to_contain_text("key messages")
    page.screenshot(path=str(artifacts / "editor-publish-confirm.png"))
    page.get_by_role("button", name=f"Yes, publish version {number}").click()
    page.wait_for_url(f"**/modules/{SLUG}/versions/{number}/diff")
    assert page.get_by_role("heading", name=f"What changed in v{number}").is_visible()
    inserted = page.locator("ins", has_text="on every endpoint")
    assert inserted.count() >= 1 and inserted.first.is_visible()
    assert page.get_by_text(NEW_PHRASE).first.is_visible()
    assert page.get_by_text(f"Published version {number}").is_visible()  # the notice
    dismiss_toasts(page)
    page.screenshot(path=str(artifacts / "diff.png"), full_page=True)

    # The published version is immutable: the editor now offers a new draft instead.
    page.goto(f"{live_server}/modules/{SLUG}/draft")
    assert page.get_by_text("Published versions never change").is_visible()
    assert page.get_by_role("button", name=f"Start draft of version {number + 1}").is_visible()


def test_editor_fits_a_phone(live_server: str, phone: Any, artifacts: Path) -> None:
    sign_in(phone, live_server, "marketing@example.com")
    phone.goto(f"{live_server}/modules/{SLUG}/draft")
    started = phone.get_by_role("button", name=re.compile(r"Start draft")).count() > 0
    open_draft(phone, live_server)
    assert horizontal_overflow(phone) == 0
    small = phone.evaluate(
        """() => [...document.querySelectorAll(
              '#main button, #main input[type=text], #main input[type=number], #main select,'
              + ' #main a.button')]
            .filter(el => el.offsetParent !== null)
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.id || el.innerText)""")
    assert small == []
    phone.locator("#f-messages-1").scroll_into_view_if_needed()
    dismiss_toasts(phone)
    phone.screenshot(path=str(artifacts / "editor-phone.png"))
    if started:  # leave the demo as it was: throw the draft away again
        phone.locator(".discard-zone summary").click()
        phone.get_by_role("button", name=re.compile("Discard draft")).click()
        phone.wait_for_url(f"**/modules/{SLUG}")
        assert phone.get_by_text("Discarded the draft").is_visible()
