"""Live practice latency through the served app: `onmessage serve` (demo data) and its
WebSocket /api/v1/live, fed in real time by app.live.client as a microphone would.

    .venv/bin/python bench/live_latency.py [--take-seconds 60] [--sessions 1 2 3]

Builds takes at run time with espeak-ng and sox: the demo CISO pitch's three messages,
said plainly, between filler sentences, to the length asked. Prints, per number of
simultaneous sessions (each a different demo rep streaming its own take at the same time):

* covered latency: from the end of a message's words in the audio to its `covered` frame
  (p50 / p95 / worst over every message that was covered; missed ones are counted);
* stop -> result: from sending `stop` to the `result` frame, the rep pausing 1 s before
  Stop (as people do) and, separately, stopping the instant the last word ends;
* the server process's memory (resident now and peak) and the load average.

The machine's CPUs may be shared with other work while this runs (it is on the 2-core
development machine): read the load average printed with each figure. Needs espeak-ng
and sox on PATH.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.live.client import BYTES_PER_S, LiveRun, pcm_of, stream_take  # noqa: E402
from bench.support import free_port, percentile_ms  # noqa: E402

PITCH = "northwind-shield-launch/ciso-elevator"
MESSAGES = {
    "stops-ransomware": "Northwind Shield stops ransomware before a single file is encrypted.",
    "behavioural-detection": "It looks at what a program does, not what it looks like, so it "
                             "catches zero-day attacks that nobody has seen before.",
    "rollback": "And if anything slips through, one click rolls every affected machine back "
                "to a clean state in under thirty seconds.",
}
FILLERS = [
    "Thanks for taking the time today.",
    "Most of our customers have between two hundred and five thousand laptops.",
    "Your team told me security reviews take a long time.",
    "Let me tell you what we hear from people in your role.",
    "I will keep this short.",
    "We work with hospitals, banks and schools.",
]
REPS = ["rep", "jordan", "sam", "alex", "casey", "taylor"]


@dataclass
class Take:
    pcm: bytes
    ends: dict[str, float]  # message id -> second its words end in the take


def _say(text: str, folder: Path, name: str) -> Path:
    raw, out = folder / f"{name}-raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)],
                   check=True)
    return out


def build_take(seconds: float, folder: Path, order: int, *, pause_before_stop: float) -> Take:
    """Fillers and the three messages (rotated by `order`), 0.5 s between sentences."""
    gap = b"\x00\x00" * 8000
    ids = list(MESSAGES)
    ids = ids[order % 3:] + ids[:order % 3]
    lines: list[tuple[str | None, str]] = []
    for i, mid in enumerate(ids):
        lines += [(None, FILLERS[(order + i) % len(FILLERS)]), (mid, MESSAGES[mid])]
    pcm, ends = b"", {}
    n = 0
    while len(pcm) / BYTES_PER_S < seconds:
        mid, text = lines[n] if n < len(lines) else (None, FILLERS[n % len(FILLERS)])
        speech = pcm_of(_say(text, folder, f"t{order}-{n}"))
        pcm += speech
        if mid is not None:
            ends[mid] = len(pcm) / BYTES_PER_S
        pcm += gap
        n += 1
    pcm = pcm[:int(seconds * BYTES_PER_S) // 2 * 2]
    ends = {k: v for k, v in ends.items() if v <= seconds}
    return Take(pcm=pcm + b"\x00\x00" * int(16000 * pause_before_stop), ends=ends)


def _memory(pid: int) -> str:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return f"RSS {fields.get('VmRSS', '?')}, peak {fields.get('VmHWM', '?')}"


def _load() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _token(base: str, who: str) -> dict[str, str]:
    import httpx

    r = httpx.post(base + "/api/v1/tokens", json={"email": f"{who}@example.com",
                                                  "password": "onmessage-demo"}, timeout=30)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['token']}"}


async def _together(base: str, takes: list[Take]) -> list[LiveRun]:
    url = base.replace("http://", "ws://") + f"/api/v1/live?pitch={PITCH}"
    heads = [_token(base, REPS[i]) for i in range(len(takes))]
    return list(await asyncio.gather(*(stream_take(url, t.pcm, headers=h)
                                       for t, h in zip(takes, heads, strict=True))))


def _report(label: str, takes: list[Take], runs: list[LiveRun], pid: int) -> None:
    lat: list[float] = []
    missed = 0
    stops: list[float] = []
    for take, run in zip(takes, runs, strict=True):
        seen = {f["message"]: t for t, f in run.timed("covered")}
        for mid, end in take.ends.items():
            if mid in seen and seen[mid] <= (run.stop_at or 1e9):
                lat.append(max(0.0, seen[mid] - end))
            else:
                missed += 1
        results = run.timed("result")
        if results and run.stop_at is not None:
            stops.append(results[-1][0] - run.stop_at)
            print(f"   server, stop -> result: {results[-1][1].get('timings')}")
        elif run.error():
            print(f"   error: {run.error()}")
    p = f"{percentile_ms(lat, 50) / 1000:.2f} / {percentile_ms(lat, 95) / 1000:.2f} / " \
        f"{max(lat, default=float('nan')):.2f} s" if lat else "none covered"
    s = f"{percentile_ms(stops, 50) / 1000:.2f} s (worst {max(stops):.2f})" if stops else "-"
    print(f"{label:<34} covered p50/p95/worst {p}  ({len(lat)} covered, {missed} missed live)"
          f"  stop->result {s}  |  {_memory(pid)}  |  {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--take-seconds", type=float, default=60.0)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    exe = [str(Path(sys.executable).parent / "onmessage")]
    with tempfile.TemporaryDirectory(prefix="om-live-bench-") as tmp:
        folder = Path(tmp)
        print(f"building takes ({args.take_seconds:.0f} s each) with espeak-ng ...", flush=True)
        n = max(args.sessions)
        paused = [build_take(args.take_seconds, folder, i, pause_before_stop=1.0)
                  for i in range(n)]
        abrupt = build_take(args.take_seconds, folder, 0, pause_before_stop=0.0)
        data = folder / "data"
        data.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ONMESSAGE_")}
        env.update({"ONMESSAGE_DATA_DIR": str(data), "ONMESSAGE_DEMO": "1",
                    "ONMESSAGE_LIVE_MAX_SESSIONS": str(n), "PYTHONPATH": str(ROOT)})
        for step in ("migrate", "demo"):
            subprocess.run([*exe, step], cwd=data, env=env, check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (data / "server.log").open("w")
        server = subprocess.Popen([*exe, "serve", "--port", str(port)], cwd=data,
                                  env={**env, "ONMESSAGE_BASE_URL": base}, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            print(f"server {base} (pid {server.pid}), {_memory(server.pid)}, {_load()}")
            print(f"pitch {PITCH}, takes of {args.take_seconds:.0f} s streamed in 100 ms "
                  "frames at real time\n")
            for count in args.sessions:
                takes = paused[:count]
                runs = asyncio.run(_together(base, takes))
                _report(f"{count} session(s), pause before Stop", takes, runs, server.pid)
            runs = asyncio.run(_together(base, [abrupt]))
            _report("1 session, Stop as speech ends", [abrupt], runs, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()


if __name__ == "__main__":
    main()
