"""A drill session started online goes on with the network off: the phone shows the cards
it kept, queues the answers, and sends them when the connection returns, each counted
exactly once (a replayed answer is refused by its shown state and leaves the queue)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LIVE_DATA, _page
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

REP = "taylor@example.com"  # no other browser test drills as Taylor


@pytest.fixture
def phone390(browser: Any) -> Iterator[Any]:
    with _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
               has_touch=True, device_scale_factor=2) as page:
        yield page


def _reviews() -> int:
    """Taylor's drill answers as the server's database holds them."""
    from sqlalchemy import func
    from sqlmodel import Session, select

    from app.db import make_engine
    from app.models import User
    from drills.drill_models import DrillReview

    engine = make_engine(f"sqlite:///{LIVE_DATA['dir'] / 'onmessage.db'}")
    try:
        with Session(engine) as session:
            user = session.exec(select(User).where(User.email == REP)).one()
            return int(session.exec(select(func.count()).select_from(DrillReview)
                                    .where(DrillReview.user_id == user.id)).one())
    finally:
        engine.dispose()


def _answer(page: Any) -> str:
    """Answer the card on the stage the way a rep would; returns its drill id."""
    card = page.locator(".drill-card[data-drill]").first
    card.wait_for()
    drill = str(card.get_attribute("data-drill"))
    classes = str(card.get_attribute("class"))
    if "kind-gap" in classes:
        page.locator("#gap-answer").fill("ransomware")
        page.get_by_role("button", name="Check").click()
    elif "kind-pick" in classes:
        page.locator(".pick").first.click()
    else:  # self-rated (recall, objection; a spoken card's "can't talk now" fallback)
        page.locator(".drill-reveal > summary").last.click()
        page.locator(".drill-reveal[open] .rate-3").click()
    page.wait_for_function(
        "id => !document.querySelector(`.drill-card[data-drill='${id}']`)", arg=drill)
    feedback = page.locator(".drill-feedback")
    if feedback.count():
        page.locator(".drill-actions .button").first.click()
        page.wait_for_function("() => !document.querySelector('.drill-feedback')")
    return drill


def _kept(page: Any, what: str) -> list[dict[str, Any]]:
    raw = page.evaluate(
        "k => localStorage.getItem(k + document.getElementById('drill-stage').dataset.user)",
        f"om-drill-{what}:")
    return list(json.loads(raw or "[]"))


def test_drills_go_on_offline_and_each_answer_counts_once(
        live_server: str, phone390: Any, artifacts: Path) -> None:
    page = phone390
    sign_in(page, live_server, REP)
    page.evaluate("navigator.serviceWorker.ready")  # the app shell is kept from here on
    page.goto(live_server + "/drills")
    before = _reviews()
    _answer(page)  # online, as usual
    page.wait_for_function("() => { const s = document.getElementById('drill-stage');"
                           " return JSON.parse(localStorage.getItem('om-drill-pack:'"
                           " + s.dataset.user) || '[]').length >= 4; }")
    assert _reviews() == before + 1

    page.context.set_offline(True)
    offline = [_answer(page) for _ in range(3)]
    assert len(set(offline)) == 3, "a kept card was shown twice"
    note = page.locator(".offline-note")
    assert "3 answers saved on this phone" in note.inner_text()
    assert _reviews() == before + 1  # nothing reached the server
    queued = _kept(page, "queue")
    assert [q["drill"] for q in queued] == offline
    page.screenshot(path=str(artifacts / "drills-offline.png"))
    # Reopened with no connection, it goes on from the first kept card not answered yet.
    # (Playwright's offline switch does not reach the service worker's own fetches, so
    # here the page itself may come from the server; the kept cards decide what shows.)
    # The server's word on any answer it did not take, from before the page is reopened
    # (a reopened page may send what it kept at once).
    refused: list[str] = []
    page.on("response", lambda r: refused.append(f"{r.url} {r.request.post_data} "
                                                  f"{r.text()}")
            if r.status >= 400 and "/answers" in r.url else None)
    page.reload()
    page.locator(".offline-note").wait_for()
    shown = page.locator(".drill-card[data-drill]").first.get_attribute("data-drill")
    assert shown not in offline

    page.context.set_offline(False)
    page.wait_for_function("() => localStorage.getItem('om-drill-queue:' + document"
                           ".getElementById('drill-stage').dataset.user) === '[]'")
    # Normally all three are sent now. Playwright's offline switch does not reach requests
    # that pass a service worker, so a reopened page may already have sent some: they are
    # taken then, or refused here as replays. Whatever path each took, each of the three
    # counts once (the database, below), and nothing is sent more often than answered.
    sent = int(page.locator("#drill-stage").get_attribute("data-last-sent") or 0)
    assert sent + len(refused) <= 3, refused
    assert all("already answered" in r for r in refused), refused
    assert page.locator(".offline-note").count() == 0
    assert _reviews() == before + 4

    # The same answers sent again (a response lost on the way back) count nothing more.
    page.evaluate("([k, v]) => { localStorage.setItem(k + document.getElementById("
                  "'drill-stage').dataset.user, v); window.dispatchEvent(new Event('online')); }",
                  ["om-drill-queue:", json.dumps(queued)])
    page.wait_for_function("() => localStorage.getItem('om-drill-queue:' + document"
                           ".getElementById('drill-stage').dataset.user) === '[]'")
    assert _reviews() == before + 4

    _answer(page)  # and the session goes on online
    assert _reviews() == before + 5
