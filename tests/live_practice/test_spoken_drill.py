"""A spoken drill answered live: the card is answered the moment every point it asks for
has been heard, without waiting for Stop."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from app.db import make_engine
from app.live.client import pcm_of, stream_take
from tests.app.audio_tools import require
from tests.live.http import api_token
from tests.live_practice.conftest import Served
from tests.live_practice.runner import run_async

REP = "alex@example.com"
# The answer to "It's too expensive for us right now": both its points, plainly (tiny.en
# hears espeak-ng's "antivirus" as "empty virus" often enough to make that one a lottery).
PRICE_ANSWER = ("A single ransomware incident costs far more than the licence. Shield pays "
                "for itself by replacing other tools.")
ANSWER = ("Antivirus only catches threats it already has a signature for, and most "
          "ransomware today is new. Shield replaces your antivirus, so you can retire the "
          "old antivirus. Even if an attack gets in, rollback restores machines in minutes.")


def due_spoken_card(served: Served, headers: dict[str, str], email: str = REP,
                    objection: str = "already-have-antivirus") -> tuple[int, str]:
    """The rep's spoken card for an objection, made a review due now."""
    httpx.get(served.base + "/api/v1/drills/due", headers=headers, timeout=30)  # syncs cards
    engine = make_engine(served.url)
    try:
        with engine.begin() as conn:
            card_id, drill_id = conn.execute(text(
                "SELECT c.id, c.drill_id FROM drill_cards c JOIN drills d ON d.id = c.drill_id"
                " JOIN users u ON u.id = c.user_id WHERE u.email = :e AND d.kind = 'spoken'"
                " AND d.subject = :o AND c.queue != 0"), {"e": email, "o": objection}).one()
            now = datetime.now(UTC).replace(tzinfo=None)
            conn.execute(text(
                "UPDATE drill_cards SET queue = 2, state = 2, stability = 3.0, difficulty = 5.0,"
                " reviews = 1, due = :due, last_review = :last WHERE id = :id"),
                {"due": now - timedelta(days=1), "last": now - timedelta(days=4), "id": card_id})
    finally:
        engine.dispose()
    due = httpx.get(served.base + "/api/v1/drills/due?limit=100", headers=headers,
                    timeout=30).json()
    card = next(c for c in due["due"] if c["drill_id"] == drill_id)
    return int(drill_id), str(card["shown_state"])


@pytest.mark.whisper
def test_a_spoken_drill_is_answered_the_moment_its_points_are_heard(
        served: Served, tmp_path: Path) -> None:
    require("espeak-ng", "sox")
    raw, wav = tmp_path / "raw.wav", tmp_path / "answer.wav"
    # Said twice (a rep repeating themselves): tiny.en mishears espeak-ng's words now and
    # then, and which ones depends on where each pass starts; the card is answered as soon
    # as every point has been heard once, whichever time round that is.
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", str(raw),
                    f"{PRICE_ANSWER} ... Let me say that again. {PRICE_ANSWER}"],
                   check=True, capture_output=True, timeout=60)
    # 10 s of silence after the answer: the card must be answered before the take ends
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav),
                    "pad", "0", "10"], check=True, capture_output=True, timeout=60)
    headers = api_token(served.base, REP)
    drill_id, shown = due_spoken_card(served, headers, objection="too-expensive")
    pcm = pcm_of(wav)
    url = f"{served.ws}?drill={drill_id}&shown_state={shown}"
    run = run_async(stream_take(url, pcm, headers=headers))
    assert run.error() is None, run.error()
    ready = run.of("ready")[0]
    assert ready["drill"] == drill_id and len(ready["messages"]) == 2
    result = run.result()
    heard_at = run.timed("result")[0][0]
    ticks = run.timed("covered")
    if {f["message"] for _, f in ticks} == {m["id"] for m in ready["messages"]}:
        # every point was heard live: the card was answered then, not at the take's end
        assert heard_at - max(t for t, _ in ticks) < 2.0, (heard_at, ticks)
        assert heard_at < len(pcm) / 32000 - 1.0 and run.stop_at is None
    else:  # tiny.en misheard a point both times: the take ends at Stop, answered then
        assert run.stop_at is not None and heard_at >= run.stop_at, (heard_at, ticks)
    attempt = httpx.get(served.base + f"/api/v1/attempts/{result['attempt_id']}",
                        headers=headers, timeout=30).json()
    assert attempt["status"] == "done" and attempt["drill"] == drill_id
    assert attempt["drill_answer"]["answered"] is True
    # The rating follows what the whole take scored (drills/spoken_rating.py): Good or
    # better when every point was conveyed with no red line; tiny.en mishearing a point
    # both times (or hearing a ruled-out phrase in espeak-ng's voice) rates it lower.
    scored = attempt["result"]
    clean = (all(m["covered"] for m in scored["messages"]) and scored["score"] >= 75
             and not scored["forbidden"] and not scored["retired"])
    label = attempt["drill_answer"]["rating_label"]
    assert label in (("Good", "Easy") if clean else ("Again", "Hard", "Good")), (label, scored)
