"""The buyer role-play's settings (marketing, over the API) and the turns they produce over
the live socket of the served app."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.live.client import pcm_of
from tests.live.http import api_token
from tests.live_practice.conftest import Served
from tests.live_practice.runner import run_async

SETTINGS = "/api/v1/modules/northwind-shield-launch/roleplay"


def test_marketing_chooses_the_objections_and_persistence(served: Served) -> None:
    rep = api_token(served.base, "rep@example.com")
    marketing = api_token(served.base, "marketing@example.com")
    shown = httpx.get(served.base + SETTINGS, headers=rep, timeout=30).json()
    assert shown["objections"] is None and shown["persistence"] == 1
    assert [o["id"] for o in shown["available"]] == ["already-have-antivirus", "too-expensive"]
    assert httpx.put(served.base + SETTINGS, headers=rep, timeout=30,
                     json={"objections": None, "persistence": 2}).status_code == 403
    bad = httpx.put(served.base + SETTINGS, headers=marketing, timeout=30,
                    json={"objections": ["nope"], "persistence": 1})
    assert bad.status_code == 422 and "no objection 'nope'" in bad.json()["detail"]
    assert httpx.put(served.base + SETTINGS, headers=marketing, timeout=30,
                     json={"objections": [], "persistence": 1}).status_code == 422
    assert httpx.put(served.base + SETTINGS, headers=marketing, timeout=30,
                     json={"persistence": 4}).status_code == 422
    saved = httpx.put(served.base + SETTINGS, headers=marketing, timeout=30,
                      json={"objections": ["too-expensive"], "persistence": 1})
    assert saved.status_code == 200 and saved.json()["objections"] == ["too-expensive"]


@pytest.mark.whisper
def test_the_buyer_follows_the_settings_turn_by_turn(served: Served) -> None:
    httpx.put(served.base + SETTINGS, timeout=30,
              headers=api_token(served.base, "marketing@example.com"),
              json={"objections": ["too-expensive"], "persistence": 1}).raise_for_status()
    frames = run_async(_silent_roleplay(served))
    buyer = [(f["kind"], f["text"]) for f in frames if f["type"] == "buyer"]
    assert [k for k, _ in buyer] == ["opener", "follow-up", "objection", "follow-up", "close"]
    assert buyer[0][1].startswith("A CISO has 60 seconds")
    assert buyer[2][1] == "It's too expensive for us right now."
    judged = [f for f in frames if f["type"] == "judgement"]
    assert len(judged) == 4 and all(j["missed"] and not j["covered"] for j in judged)
    assert judged[2]["objection"] == "too-expensive"
    # Nothing was said: the conversation ends with a clear refusal and nothing written
    assert frames[-1]["type"] == "error" and frames[-1]["code"] == 4422


async def _silent_roleplay(served: Served) -> list[dict[str, Any]]:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    frames: list[dict[str, Any]] = []
    headers = api_token(served.base, "casey@example.com")
    async with connect(f"{served.ws}?roleplay=northwind-shield-launch",
                       additional_headers=headers) as ws:
        assert json.loads(await ws.recv())["type"] == "ready"
        await ws.send(json.dumps({"type": "start", "format": "pcm_s16le",
                                  "sample_rate": 16000}))
        try:
            async for message in ws:
                frame = json.loads(message)
                frames.append(frame)
                if frame["type"] == "buyer" and frame["kind"] != "close":
                    for _ in range(10):  # a second of silence as the answer, in real time
                        await ws.send(b"\x00\x00" * 1600)
                        await asyncio.sleep(0.1)
                    await ws.send(json.dumps({"type": "turn_end"}))
        except ConnectionClosed:
            pass
    return frames


def test_marketing_sets_the_buyer_on_a_page(served: Served) -> None:
    from tests.live.http import post_form, signed_in

    client = signed_in(served.base, "marketing@example.com")
    page = client.get("/modules/northwind-shield-launch/roleplay")
    assert page.status_code == 200 and "We already have antivirus." in page.text
    saved = post_form(client, "/modules/northwind-shield-launch/roleplay",
                      {"objection": ["already-have-antivirus"], "persistence": "3"},
                      page="/modules/northwind-shield-launch/roleplay")
    assert saved.status_code == 303
    shown = client.get(SETTINGS).json()
    assert shown["objections"] == ["already-have-antivirus"] and shown["persistence"] == 3
    bad = post_form(client, "/modules/northwind-shield-launch/roleplay",
                    {"objection": ["already-have-antivirus"], "persistence": "7"},
                    page="/modules/northwind-shield-launch/roleplay")
    assert bad.status_code == 422 and "1, 2 or 3" in bad.text
    rep = signed_in(served.base, "rep@example.com")
    assert rep.get("/modules/northwind-shield-launch/roleplay").status_code == 403


@pytest.mark.whisper
def test_an_objection_answered_in_a_roleplay_answers_its_due_card(
        served: Served, tmp_path: Path) -> None:
    from tests.app.audio_tools import require
    from tests.live_practice.test_spoken_drill import ANSWER, due_spoken_card

    require("espeak-ng", "sox")
    httpx.put(served.base + SETTINGS, timeout=30,
              headers=api_token(served.base, "marketing@example.com"),
              json={"objections": ["already-have-antivirus"], "persistence": 1}
              ).raise_for_status()
    email = "taylor@example.com"
    headers = api_token(served.base, email)
    drill_id, _ = due_spoken_card(served, headers, email)
    raw, wav = tmp_path / "raw.wav", tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", str(raw), ANSWER],
                   check=True, capture_output=True, timeout=60)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav), "pad",
                    "0", "1"], check=True, capture_output=True, timeout=60)
    frames = run_async(_roleplay(served, headers, pcm_of(wav)))
    assert frames[-1]["type"] == "result", frames[-3:]
    attempt = httpx.get(served.base + f"/api/v1/attempts/{frames[-1]['attempt_id']}",
                        headers=headers, timeout=30).json()
    turns = attempt["result"]["roleplay"]["turns"]
    answered = [t for t in turns if t["objection"] == "already-have-antivirus"]
    assert answered and answered[0]["card"]["drill_id"] == drill_id
    assert answered[0]["card"]["answered"] is True, answered[0]["card"]
    # the card is no longer due: the role-play's answer was its review
    due = httpx.get(served.base + "/api/v1/drills/due?limit=100", headers=headers,
                    timeout=30).json()["due"]
    assert drill_id not in [c["drill_id"] for c in due]


async def _roleplay(served: Served, headers: dict[str, str],
                    answer: bytes) -> list[dict[str, Any]]:
    """Silence to the buyer's other lines; `answer` (16 kHz PCM) to its objection."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    frames: list[dict[str, Any]] = []
    async with connect(f"{served.ws}?roleplay=northwind-shield-launch",
                       additional_headers=headers) as ws:
        assert json.loads(await ws.recv())["type"] == "ready"
        await ws.send(json.dumps({"type": "start", "format": "pcm_s16le",
                                  "sample_rate": 16000}))
        try:
            async for message in ws:
                frame = json.loads(message)
                frames.append(frame)
                if frame["type"] != "buyer" or frame["kind"] == "close":
                    continue
                audio = answer if frame["kind"] == "objection" else b"\x00\x00" * 16000
                for i in range(0, len(audio), 3200):  # in real time, 100 ms frames
                    await ws.send(audio[i:i + 3200])
                    await asyncio.sleep(0.1)
                await ws.send(json.dumps({"type": "turn_end"}))
        except ConnectionClosed:
            pass
    return frames
