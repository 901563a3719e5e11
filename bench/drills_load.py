"""Drill load benchmark: next-drill + answer requests against the running service.

Starts `onmessage serve` on SQLite (and, when reachable, on PostgreSQL in a separate
database), seeds 200 reps on teams with a launched module, then drives
GET /api/v1/drills/due?limit=1 + POST /api/v1/drills/{id}/answers from a separate process
with 50 concurrent clients for 30 s (each client owns its reps, so no two clients answer
for the same rep at once). Prints p50/p95/p99 latency, answers per second and errors.

    .venv/bin/python bench/drills_load.py [--seconds 30] [--clients 50] [--workers 2]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_bench | --no-postgres]

Not a test: it prints figures. Targets (issue 4, 2-core machine): p99 < 50 ms,
>= 300 answers/s, zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

from support import free_port, fresh_postgres, percentile_ms

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

REPS = 200
TEAMS = 10
MESSAGES = 40  # 40 messages x 3 drills + objections: enough due cards for a 30 s run
SECRET = "bench-secret-key-that-is-long-enough-for-production-0123456789"



def _playbook() -> bytes:
    import yaml

    data = yaml.safe_load((REPO / "app" / "demo" / "playbook-v2.yaml").read_text())
    data["module"], data["title"], data["version"] = "bench-module", "Bench module", 1
    for n in range(MESSAGES - len(data["messages"])):
        data["messages"].append({
            "id": f"bench-message-{n}",
            "statement": f"Shield message {n} cuts incident response time by {n + 2} hours.",
            "keywords": ["incident", "response"], "proof": f"Case study {n}."})
    return yaml.safe_dump(data, sort_keys=False).encode()


def seed(url: str) -> list[str]:
    """Migrate, create reps with API tokens, launch the module, pre-build the cards."""
    from sqlmodel import Session

    from app.access import reader_team_ids
    from app.auth import create_api_token
    from app.clock import utcnow
    from app.db import make_engine
    from app.migrations import upgrade
    from app.models import Role
    from app.users import create_team, create_user, load_account
    from drills.modules import active_launches, import_playbook, launch
    from drills.practice import sync_rep, update_settings

    upgrade(url=url)
    engine = make_engine(url)
    now = utcnow()
    tokens = []
    with Session(engine, expire_on_commit=False) as session:
        version = import_playbook(session=session, data=_playbook(), filename="bench.yaml",
                                  by=None, now=now)
        from drills.models import Module

        module = session.get(Module, version.module_id)
        assert module is not None
        teams = [create_team(session=session, name=f"Bench team {t}") for t in range(TEAMS)]
        launch(session=session, module=module, version=None, team_ids=[t.id or 0 for t in teams],
               due_at=now + timedelta(days=21), by=None, now=now)
        # Every card may be new today: the run measures serving, not the daily cap.
        update_settings(session=session, desired_retention=0.9, new_per_day=200,
                        session_cards=15, by=None, now=now)
        for r in range(REPS):
            user = create_user(session=session, email=f"bench{r}@example.com",
                               name=f"Bench Rep {r}", roles=(Role.REP,),
                               team_id=teams[r % TEAMS].id, managed_team_ids=[])
            raw, _ = create_api_token(session=session, user=user, days=1, now=now)
            tokens.append(raw)
            account = load_account(session=session, user=user)
            sync_rep(session=session, user_id=account.id, now=now,
                     launches=active_launches(session=session,
                                              team_ids=reader_team_ids(account)))
        session.commit()
    engine.dispose()
    return tokens


def _answer_body(card: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"shown_state": card["shown_state"]}
    if card["kind"] in ("recall", "objection"):
        body["rating"] = 3
    elif card["kind"] == "pick":
        body["answer"] = "a"
    else:
        body["answer"] = "incident"
    return body


async def _client(base: str, tokens: list[str], stop_at: float,
                  out: dict[str, list[Any]]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        i = 0
        while time.perf_counter() < stop_at:
            token = tokens[i % len(tokens)]
            i += 1
            headers = {"Authorization": f"Bearer {token}"}
            t0 = time.perf_counter()
            try:
                due = await http.get("/api/v1/drills/due?limit=1", headers=headers)
            except httpx.HTTPError as exc:
                out["errors"].append(f"due: {exc!r}")
                continue
            out["due"].append(time.perf_counter() - t0)
            if due.status_code != 200:
                out["errors"].append(f"due {due.status_code}: {due.text[:120]}")
                continue
            cards = due.json()["due"]
            if not cards:
                out["empty"].append(1)
                continue
            t1 = time.perf_counter()
            try:
                answer = await http.post(f"/api/v1/drills/{cards[0]['drill_id']}/answers",
                                         json=_answer_body(cards[0]), headers=headers)
            except httpx.HTTPError as exc:
                out["errors"].append(f"answer: {exc!r}")
                continue
            out["answer"].append(time.perf_counter() - t1)
            if answer.status_code != 200:
                out["errors"].append(f"answer {answer.status_code}: {answer.text[:120]}")


def _load(base: str, tokens: list[str], clients: int, seconds: float, queue: Any) -> None:
    """The load generator: runs in its own process, reports raw timings back."""
    out: dict[str, list[Any]] = {"due": [], "answer": [], "errors": [], "empty": []}

    async def main() -> None:
        stop_at = time.perf_counter() + seconds
        # Client k owns reps k, k+clients, ...: a rep is never answered for concurrently.
        await asyncio.gather(*(_client(base, tokens[k::clients], stop_at, out)
                               for k in range(clients)))

    asyncio.run(main())
    queue.put(json.dumps(out))



def run(label: str, url: str, *, seconds: float, clients: int, workers: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="onmessage-bench-"))
    print(f"\n== {label}: seeding {REPS} reps ({url.split('@')[-1]}) ...", flush=True)
    tokens = seed(url)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONMESSAGE_")}
    env.update({"ONMESSAGE_DATABASE_URL": url, "ONMESSAGE_DATA_DIR": str(data),
                "ONMESSAGE_SECRET_KEY": SECRET, "ONMESSAGE_ENVIRONMENT": "production",
                "ONMESSAGE_BASE_URL": f"http://127.0.0.1:{port}",
                "PYTHONPATH": str(REPO)})
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning",
         "--no-access-log"], cwd=str(data), env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/drills/settings", timeout=1)
            except urllib.error.HTTPError:
                break  # 401: it is serving
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
                continue
            break
        queue: Any = multiprocessing.Queue()
        proc = multiprocessing.Process(target=_load, args=(base, tokens, clients, seconds,
                                                           queue))
        started = time.perf_counter()
        proc.start()
        raw = json.loads(queue.get(timeout=seconds + 120))
        proc.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
    due, ans, errors = raw["due"], raw["answer"], raw["errors"]
    both = due + ans
    print(f"{label}: {clients} clients, {workers} server workers, {elapsed:.1f} s")
    for name, values in (("next drill (GET /due)", due), ("answer (POST)", ans),
                         ("all requests", both)):
        print(f"  {name:<22} n={len(values):>6}  p50 {percentile_ms(values, 50):6.1f} ms  "
              f"p95 {percentile_ms(values, 95):6.1f} ms  p99 {percentile_ms(values, 99):6.1f} ms"
              + (f"  mean {statistics.fmean(values) * 1000:.1f} ms" if values else ""))
    print(f"  answers/s {len(ans) / seconds:.0f}   requests/s {len(both) / seconds:.0f}   "
          f"errors {len(errors)}   empty queues {len(raw['empty'])}")
    for line in errors[:5]:
        print("   ", line)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_bench")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sqlite = Path(tempfile.mkdtemp(prefix="onmessage-bench-db-")) / "bench.db"
    run("SQLite", f"sqlite:///{sqlite}", seconds=args.seconds, clients=args.clients,
        workers=args.workers)
    if not args.no_postgres:
        url = fresh_postgres(args.postgres)
        if url:
            run("PostgreSQL", url, seconds=args.seconds, clients=args.clients,
                workers=args.workers)


if __name__ == "__main__":
    main()
