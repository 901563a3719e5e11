"""Helpers for browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DEMO_PASSWORD = "onmessage-demo"


def sign_in(page: Any, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form and wait for the home page."""
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


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
