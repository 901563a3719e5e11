"""Helpers for browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DEMO_PASSWORD = "onmessage-demo"

# Runs in every page before the page's own scripts (init scripts are exempt from the CSP):
# a violation Chromium reports as an event is also written to the console.
_CSP_EVENTS = """document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.violatedDirective} refused ${e.blockedURI || "inline"}`
  + ` at ${e.sourceFile || location.pathname}:${e.lineNumber}`));"""


def watch_csp(context: Any) -> list[str]:
    """Collect every Content-Security-Policy violation reported by any page of `context`
    (the console message Chromium writes, and the securitypolicyviolation event)."""
    found: list[str] = []

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            page = message.page
            found.append(f"{page.url if page else '?'}: {text}")

    context.add_init_script(_CSP_EVENTS)
    context.on("console", on_console)
    return found


def sign_in(page: Any, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form and wait for the home page."""
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def flat_screenshot(page: Any, path: Path) -> None:
    """A full-page capture with the sticky bars laid flat (full-page captures would paint
    them mid-page). Set through the CSSOM, which the CSP allows: Playwright's `style=`
    option injects a <style> element, which the CSP refuses (a reported violation)."""
    page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar then sits at the top
    page.evaluate("document.querySelectorAll('.sticky-action').forEach("
                  "e => e.style.setProperty('position', 'static', 'important'))")
    page.screenshot(path=str(path), full_page=True)
    page.evaluate("document.querySelectorAll('.sticky-action').forEach("
                  "e => e.style.removeProperty('position'))")


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scroll)."""
    return int(page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def speech_wav(text: str, folder: Path, name: str = "mic") -> Path:
    """Speech for Chromium's fake microphone: espeak-ng, resampled with sox to 48 kHz 16-bit
    mono (what the capture device expects), with silence after so the loop has a gap.
    Skips the test when either tool is missing."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is missing (apt-get install {tool})")
    raw, out = folder / f"{name}-raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(out),
                    "pad", "0.3", "1.0"], check=True)
    return out


def launch_with_microphone(browser: Any, wav: Path) -> Any:
    """A second Chromium from the session's Playwright whose microphone plays `wav` (only
    one sync Playwright may run per process, so it shares the session's)."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
            "--autoplay-policy=no-user-gesture-required"]
    return browser.browser_type.launch(executable_path=CHROMIUM, args=args)


def microphone_phone(chromium: Any) -> Any:
    """A phone-sized context allowed to use the microphone."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                   has_touch=True, device_scale_factor=2,
                                   permissions=["microphone"])
    context.set_default_timeout(20_000)
    return context
