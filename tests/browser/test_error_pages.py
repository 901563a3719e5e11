"""Error pages in the browser, signed in: a 404 and a 403 are the product's page with the
right status and the person's menu, on a phone; a bare "Internal Server Error" never."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.helpers import horizontal_overflow, sign_in, wait_for_axe


def test_signed_in_not_found_and_not_allowed_on_a_phone(live_server: str, phone: Any,
                                                        artifacts: Path) -> None:
    sign_in(phone, live_server, "rep@example.com")
    for path, status, title in (("/modules/no-such-module", 404, "Not found"),
                                ("/admin/users", 403, "Not allowed"),
                                ("/no/such/page", 404, "Not found")):
        response = phone.goto(live_server + path)
        assert response is not None and response.status == status, path
        assert phone.get_by_role("heading", level=1).inner_text() == title
        assert phone.get_by_role("link", name="Go home").is_visible()
        # Still signed in: the account menu and the inbox are there.
        assert phone.locator("summary[aria-label='Account menu']").count() == 1
        assert "Internal Server Error" not in phone.content()
        assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(artifacts / "error-404-phone.png"), full_page=True)
    phone.get_by_role("link", name="Go home").click()
    phone.wait_for_url(live_server + "/")


def test_go_back_is_offered_only_where_there_is_a_page_to_go_back_to(
        live_server: str, phone: Any) -> None:
    """An error page opened in a tab of its own (a link in an email to something since
    removed) showed "Go back", which did nothing there."""
    sign_in(phone, live_server, "manager@example.com")
    with phone.context.expect_page() as opened:
        phone.evaluate("url => window.open(url, '_blank')", live_server + "/certification/999999")
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.get_by_role("heading", level=1).inner_text() == "Not found"
    assert tab.get_by_role("button", name="Go back").count() == 0
    assert tab.get_by_role("link", name="Go home").is_visible()
    wait_for_axe(tab)  # (the init scripts never reach a window.open tab's first page)
    tab.close()
    phone.goto(live_server + "/certification/999999")  # reached from the home page
    phone.get_by_role("button", name="Go back").click()
    phone.wait_for_url(live_server + "/")
