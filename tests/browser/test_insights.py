"""Marketing opens the demo module's adoption insights on a laptop (screenshots looked at)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LIVE_DATA
from tests.browser.helpers import horizontal_overflow, sign_in

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

SLUG = "northwind-shield-launch"
SAYINGS = {
    "stops-ransomware": ["it stops ransomware before a single file is encrypted",
                         "shield stops ransomware before any file is encrypted",
                         "we stop ransomware before files get encrypted"],
    "behavioural-detection": ["it looks at what a program does not what it looks like",
                              "it watches behaviour instead of signatures"],
    "one-console": ["one console for every laptop and server",
                    "one console for every laptop server and cloud workload"],
}


def pitch_history() -> None:
    """Six weeks of scored pitches by the demo reps on the launched version."""
    from sqlalchemy import update
    from sqlmodel import Session, select

    from app.clock import utcnow
    from app.db import make_engine
    from app.models import User
    from certification.insights import launched_versions
    from drills.attempt_models import DONE, PitchAttempt
    from drills.models import Launch, Module
    from drills.modules import playbook_of

    rng = random.Random(7)
    now = utcnow()
    engine = make_engine(f"sqlite:///{LIVE_DATA['dir'] / 'onmessage.db'}")
    with Session(engine) as session:
        module = session.exec(select(Module).where(Module.slug == SLUG)).one()
        # The version the page shows first: the latest launched one (another browser test
        # on this served demo may have published a newer version without launching it).
        version = launched_versions(session=session, module_id=module.id or 0,
                                    team_ids=None)[0]
        start = now - timedelta(weeks=6)
        session.execute(update(Launch).where(Launch.module_id == module.id)  # type: ignore[arg-type]
                        .values(launched_at=start))
        reps = session.exec(select(User).where(User.email.in_(  # type: ignore[attr-defined]
            ["rep@example.com", "jordan@example.com", "sam@example.com", "alex@example.com",
             "casey@example.com", "taylor@example.com"]))).all()
        ids = [m.id for m in playbook_of(version).messages]
        for i in range(60):
            rep, week = rng.choice(reps), i // 10
            odds = {"stops-ransomware": .9, "behavioural-detection": .7, "one-console": .6}
            messages = []
            for mid in ids:
                said = rng.random() < odds.get(mid, .35)
                messages.append({"id": mid, "covered": said,
                                 "evidence": rng.choice(SAYINGS.get(mid, ["it rolls back"]))
                                 if said else None})
            at = start + timedelta(days=7 * week + rng.randint(0, 6))
            session.add(PitchAttempt(
                user_id=rep.id or 0, module_id=module.id or 0, module_version_id=version.id or 0,
                pitch_id="ciso-elevator", idempotency_key=f"insights-browser-{i}", status=DONE,
                audio_path="/dev/null", audio_sha256="0" * 64, audio_size=1,
                content_type="audio/wav", score=rng.randint(50, 95), created_at=at,
                updated_at=at, result={
                    # The shape `onmessage score --json` gives (see the playbook format).
                    "module": SLUG, "version": version.version, "pitch": "ciso-elevator",
                    "score": 0, "transcript": "",
                    "delivery": {"duration_s": 60.0, "words": 150, "wpm": 150, "fillers": 2,
                                 "fillers_per_100_words": 1.3, "longest_pause_s": 0.9},
                    "messages": messages,
                    "forbidden": [{"phrase": "100% protection", "said": "100% protection"}]
                    if rng.random() < 0.5 / (1 + week) else [],
                    "retired": [{"phrase": "Northwind AV", "said": "Northwind AV"}]
                    if rng.random() < 0.6 / (1 + week) else []}))
        session.commit()
    engine.dispose()


def test_marketing_reads_insights_on_a_laptop(live_server: str, laptop: Any,
                                              artifacts: Path) -> None:
    pitch_history()
    page = laptop
    sign_in(page, live_server, "marketing@example.com")
    page.goto(f"{live_server}/modules/{SLUG}")
    page.get_by_role("link", name="Insights").click()
    page.wait_for_url(f"{live_server}/modules/{SLUG}/insights")
    assert page.get_by_role("heading", name="Adoption funnel").is_visible()
    assert page.locator("svg.insights-chart").count() == 2
    weakest = page.locator("tr.ins-weakest")
    assert weakest.count() == 1
    assert "trending down" in page.locator("section[aria-labelledby=ins-drift]").inner_text()
    assert page.get_by_text("stops ransomware before").first.is_visible()
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(artifacts / "insights-1-top.png"))
    page.locator("#ins-drift").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "insights-2-drift.png"))
    page.screenshot(path=str(artifacts / "insights-3-full.png"), full_page=True)
    with page.expect_download() as download:
        messages = page.locator("section[aria-labelledby=ins-messages]")
        messages.get_by_role("link", name="CSV").click()
    assert "-messages-" in download.value.suggested_filename
