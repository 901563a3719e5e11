"""Helpers for browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import warnings
from collections.abc import Iterator
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


# axe-core (npm, installed by .ci/run into node_modules/): every page a browser test opens
# is checked against WCAG 2.1 A and AA once loaded and again after each htmx swap.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE_RUNNER = """(function () {
  if (window.top !== window || !window.axe) return;
  // The document this runner (and the axe beside it) was injected into. A tab opened with
  // window.open starts as about:blank, and the app's page then takes over that same window
  // without init scripts of its own; axe keeps reading the blank document (no <title>).
  // So a runner checks only its own document, and only an app page (http); wait_for_axe
  // injects a fresh axe and runner into such a page.
  var mine = document;
  window.__omAxeDoc = mine;
  var pending = Promise.resolve();
  function run() {
    pending = pending.then(function () {
      if (document !== mine || !/^https?:$/.test(location.protocol)) return null;
      var where = location.pathname;
      return axe.run(mine, {runOnly: {type: "tag", values: TAGS}, resultTypes: ["violations"]})
        .then(function (r) {
          r.violations.forEach(function (v) {
            console.error("AXE violation: " + v.id + " (" + v.impact + ") " + v.help + " at " +
              where + ": " + v.nodes.slice(0, 4).map(function (n) {
                var why = (n.failureSummary || "").replace(/\\s+/g, " ");
                return n.target.join(" ") + " " + why.slice(0, 220);
              }).join(" | "));
          });
        });
    }).catch(function (e) { console.error("AXE error: " + e); });
    return pending;
  }
  window.__omAxe = function () { return pending; };
  function start() {
    run();
    mine.addEventListener("htmx:afterSettle", function () { setTimeout(run, 30); });
  }
  if (document.readyState === "complete") start();  // (injected after the load)
  else window.addEventListener("load", function () { if (document === mine) start(); });
})();""".replace("TAGS", json.dumps(AXE_TAGS))


def watch_axe(context: Any) -> list[str]:
    """Collect axe-core's WCAG 2.1 AA violations on every page of `context` (after load and
    after every htmx swap). Empty, with a warning, when axe-core is not installed."""
    found: list[str] = []
    if not AXE.exists():
        warnings.warn(f"{AXE} is missing (npm install axe-core): pages are not checked "
                      "for accessibility", stacklevel=2)
        return found

    def on_console(message: Any) -> None:
        if message.text.startswith(("AXE violation", "AXE error")) and message.text not in found:
            found.append(message.text)  # (once: a page is checked again after each swap)

    # Init scripts run before the page's own and are exempt from its CSP.
    context.add_init_script(path=str(AXE))
    context.add_init_script(_AXE_RUNNER)
    context.on("console", on_console)
    return found


def wait_for_axe(page: Any) -> None:
    """Wait for the accessibility check of `page`'s document, first running one where the
    init scripts did not reach it (the first page of a tab opened by window.open). Call
    it before closing a page, or that page goes unchecked."""
    with contextlib.suppress(Exception):
        if AXE.exists() and page.evaluate("!!window.axe && window.__omAxeDoc !== document"):
            page.evaluate(AXE.read_text(encoding="utf-8"))  # (evaluate is exempt from CSP)
            page.evaluate(_AXE_RUNNER)
        page.evaluate("window.__omAxe ? window.__omAxe() : null")


def finish_axe(context: Any) -> None:
    """Wait for the checks still running on the context's open pages."""
    for page in context.pages:
        wait_for_axe(page)


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


def microphone_phone(chromium: Any, *, width: int = 360, height: int = 740,
                     timeout_ms: int = 20_000) -> Any:
    """A phone-sized context allowed to use the microphone."""
    context = chromium.new_context(viewport={"width": width, "height": height},
                                   is_mobile=True, has_touch=True, device_scale_factor=2,
                                   permissions=["microphone"])
    context.set_default_timeout(timeout_ms)
    return context


@contextlib.contextmanager
def csp_checked_page(context: Any) -> Iterator[Any]:
    """A page of `context` whose Content-Security-Policy violations fail the test; the
    context is closed afterwards."""
    violations = watch_csp(context)
    try:
        yield context.new_page()
        assert violations == [], "CSP violations:\n" + "\n".join(violations)
    finally:
        context.close()


def jordan_with_drills_mastered(session: Any, now: Any) -> tuple[Any, Any, Any]:
    """The demo's Jordan Lee with every drill of the demo module well remembered (cards
    synced, then set as reviewed long-term): (rep, module, published version). For the
    seeds of the review browser tests."""
    from datetime import timedelta

    from sqlmodel import col, select

    from app.users import get_user_by_email
    from drills.drill_models import DrillCard
    from drills.modules import active_launches, get_module, latest_published
    from drills.practice.alignment import sync_rep
    from drills.scheduling import REVIEW

    rep = get_user_by_email(session=session, email="jordan@example.com")
    assert rep is not None and rep.id is not None
    module = get_module(session=session, slug="northwind-shield-launch")
    version = latest_published(session=session, module=module)
    assert version is not None
    sync_rep(session=session, user_id=rep.id, now=now,
             launches=active_launches(session=session, team_ids=[rep.team_id or 0]))
    for card in session.exec(select(DrillCard).where(DrillCard.user_id == rep.id,
                                                     col(DrillCard.queue) > 0)):
        card.state, card.step, card.stability, card.difficulty = REVIEW, None, 300.0, 4.0
        card.last_review, card.due, card.reviews = now, now + timedelta(days=200), 3
        card.queue = 2
        session.add(card)
    return rep, module, version
