"""What a person typed survives a form the server could not read, on a 360 px phone.

Before, a form whose CSRF token had expired (the person signed in again in another tab,
which renews the token) answered "Reload the page and try again", and the reload was an
empty form; a plain form sent after signing out led through sign-in to an empty form.
Now the form comes back with what was typed and says so; an htmx form says to reload,
and the reload puts it back. Nothing is sent until the person sends it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import DEMO_PASSWORD, horizontal_overflow, sign_in

pytestmark = pytest.mark.browser

KEPT = "What you typed is back in the form"


def _expire_the_form(page: Any, base: str) -> None:
    """What signing in again in another tab does: the browser's token is renewed, and the
    one in the open page's forms no longer matches."""
    page.context.add_cookies([{"name": "om_csrf", "value": "renewed-elsewhere-" + "x" * 30,
                               "url": base}])


def test_an_expired_plain_form_comes_back_filled_in(live_server: str, phone: Any,
                                                   artifacts: Path) -> None:
    sign_in(phone, live_server, "admin@example.com")
    phone.goto(live_server + "/admin/users/new")
    phone.get_by_label("Name").fill("Priya Typed")
    phone.get_by_label("Email").fill("priya.typed@example.com")
    phone.get_by_label("Manager").check()
    _expire_the_form(phone, live_server)
    phone.get_by_role("button", name="Add and create invite link").tap()
    phone.wait_for_url(live_server + "/admin/users/new")
    phone.get_by_text(KEPT).wait_for()
    assert phone.get_by_label("Name").input_value() == "Priya Typed"
    assert phone.get_by_label("Email").input_value() == "priya.typed@example.com"
    assert phone.get_by_label("Manager").is_checked()
    assert "nothing was sent" in phone.locator("#toasts").inner_text()
    assert horizontal_overflow(phone) == 0
    phone.screenshot(path=str(artifacts / "form-refill-expired.png"), full_page=True)
    phone.goto(live_server + "/admin/users")  # nothing was created
    assert phone.get_by_text("priya.typed@example.com").count() == 0
    phone.goto(live_server + "/admin/users/new")  # shown again otherwise: an empty form
    assert phone.get_by_label("Name").input_value() == ""
    assert phone.get_by_text(KEPT).count() == 0


def test_an_expired_htmx_form_is_put_back_by_the_reload(live_server: str, phone: Any,
                                                       artifacts: Path) -> None:
    sign_in(phone, live_server, "alex@example.com")
    phone.goto(live_server + "/modules/northwind-shield-launch/whats-new")
    flag = phone.locator(".pb-message .fr-flag").first
    flag.locator("summary").tap()
    flag.get_by_text("Got pushback").tap()
    flag.locator("textarea[name=note]").fill("They asked about the cloud files")
    _expire_the_form(phone, live_server)
    flag.get_by_role("button", name="Send to marketing").tap()
    toast = phone.locator(".toast-error")
    toast.wait_for()
    assert "Reload the page" in toast.inner_text()
    phone.reload()
    phone.get_by_text(KEPT).wait_for()
    flag = phone.locator(".pb-message .fr-flag").first
    assert flag.locator("details").get_attribute("open") is not None  # opened again
    assert flag.get_by_role("radio", name="Got pushback").is_checked()
    assert flag.locator("textarea[name=note]").input_value() == "They asked about the cloud files"
    assert phone.get_by_text(KEPT).is_visible()
    phone.screenshot(path=str(artifacts / "form-refill-htmx.png"))


def test_a_form_sent_signed_out_comes_back_after_sign_in(live_server: str, phone: Any,
                                                        artifacts: Path) -> None:
    sign_in(phone, live_server, "admin@example.com")
    phone.goto(live_server + "/admin/teams")
    phone.get_by_label("New team").fill("Field Sales North")
    other = phone.context.new_page()  # signed out in another tab
    other.goto(live_server + "/")
    other.get_by_label("Account menu").tap()
    other.get_by_role("button", name="Sign out").tap()
    other.wait_for_url(live_server + "/login")
    other.close()
    phone.get_by_role("button", name="Add team").tap()
    phone.wait_for_url(live_server + "/login?next=/admin/teams")
    phone.get_by_label("Email").fill("admin@example.com")
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign in").tap()
    phone.wait_for_url(live_server + "/admin/teams")
    phone.get_by_text(KEPT).wait_for()
    assert phone.get_by_label("New team").input_value() == "Field Sales North"
    assert phone.locator(".list-main", has_text="Field Sales North").count() == 0  # not sent
    phone.screenshot(path=str(artifacts / "form-refill-signed-out.png"), full_page=True)


def test_another_person_signing_in_does_not_get_what_was_typed(live_server: str,
                                                               phone: Any) -> None:
    """The form comes back to whoever signs in on that tab: another person gets it empty,
    told that what was typed could not be kept."""
    sign_in(phone, live_server, "marketing@example.com")
    phone.goto(live_server + "/modules")
    phone.get_by_text("New module").tap()
    phone.locator("#new-title").fill("Quiet launch plan")
    phone.context.clear_cookies()  # signed out (the session ended)
    phone.get_by_role("button", name="Create").tap()
    phone.wait_for_url(live_server + "/login?next=/modules")
    sign_in_here = phone.get_by_label("Email")
    sign_in_here.fill("admin@example.com")
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign in").tap()
    phone.wait_for_url(live_server + "/modules")
    phone.get_by_text("could not be kept").wait_for()
    assert phone.locator("#new-title").input_value() == ""
    assert "Quiet launch plan" not in phone.content()
