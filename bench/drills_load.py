"""Drill load benchmark: next-drill + answer requests against the running service.

Starts `onmessage serve` on SQLite (and, when reachable, on PostgreSQL in a separate
database), seeds 200 reps on teams with a launched module, then drives
GET /api/v1/drills/due?limit=1 + POST /api/v1/drills/{id}/answers from a separate process
with 50 concurrent clients (each client owns its reps, so no two clients answer for the
same rep at once), in two phases:

- throughput (30 s): every client sends its next request as soon as the last one returns, so the
  service is saturated. This gives the most answers per second it can serve; latency here
  is only queueing (with 50 requests always in flight, mean latency = 50 / requests per
  second, whatever the service does).
- paced (65 s, after 10 s of rest): the same 50 clients together start 300 card cycles
  (next drill + answer) per second (the target rate), each on a fixed schedule. Latency
  is measured from when a request was due to be sent, so a service that falls behind is
  charged for the wait. Over a minute long, so the server's minutely xAPI job (a
  learning record per answer) always runs inside it.

- floor (15 s): the same clients flat out, each cycle two of the lightest signed-in
  requests (GET /api/v1/drills/settings: the token checked, one small read) instead of
  next drill + answer. The most this stack serves on this machine, whatever a drill
  answer does: the distance between the two is what answering costs.

Half of each rep's cards start as due reviews, half as new cards. Prints p50/p95/p99
latency, answers per second, errors, p99 per 5 s window, the server's CPU time per card
and the xAPI statements built during each phase; on PostgreSQL also its CPU time per card
(every postgres process on this machine, from /proc: run it where nothing else uses the
database) and the connections opened to it during the phase.

    .venv/bin/python bench/drills_load.py [--seconds 30] [--paced-seconds 65]
        [--settle 10] [--clients 50] [--rate 300]
        [--workers N] [--postgres URL | --no-postgres] [--no-sqlite] [--floor-seconds S]
        [--one-request]

With --one-request each answer asks for the next card as well (POST .../answers?next=1),
as a client going from card to card does: one request per card instead of two. The paced
phase then goes on from the flat-out one: each rep still holds the card its last answer
brought, as reps in the middle of a session do. --cold-start empties their hands first, so
the paced phase opens with all 200 reps fetching their first card in the same second (a
GET /due and an answer per rep at once: twice the target rate for that second).

Not a test: it prints figures. Targets on PostgreSQL (issue 14, 2-core machine): >= 250
answers/s flat out, p99 <= 100 ms paced at 200 card cycles/s (--rate 200), zero errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

from support import free_port, on_both_databases, percentile_ms

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

REPS = 200
TEAMS = 10
# 80 messages x 4 drills + objections: over 300 cards per rep, half of them due reviews
# (see `seed`), so no rep runs out in two 30 s phases, even one on a fast connection.
MESSAGES = 80
WINDOW_S = 5.0  # the report's p99 over time, per window of this many seconds
FLOOR = False  # set in the load process for the floor phase (see _floor_cycle)
# --one-request: each answer asks for the next card too (POST .../answers?next=1), as a
# client that goes from card to card does; the rep's card in hand, by token.
ONE_REQUEST = False  # set in the load process, as FLOOR is
HELD: dict[str, dict[str, Any]] = {}
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
    from sqlalchemy import update
    from sqlmodel import Session, col

    from app.auth import create_api_token
    from app.clock import utcnow
    from app.db import make_engine
    from app.migrations import upgrade
    from app.models import Role
    from app.users import create_team, create_user, load_account
    from drills.drill_models import SCHEDULED, DrillCard
    from drills.modules import active_launches, import_playbook, launch
    from drills.practice.alignment import sync_rep
    from drills.practice.settings import update_settings

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
                                              team_ids=account.policy.readable_team_ids))
        # Half of every rep's cards were learnt three days ago and are due again: most of
        # a practising rep's cards are reviews, not new ones (which the daily cap limits).
        session.execute(update(DrillCard).where(col(DrillCard.id) % 2 == 0).values(
            queue=SCHEDULED, state=2, step=None, stability=3.0, difficulty=5.0,
            due=now - timedelta(hours=1), last_review=now - timedelta(days=3), reviews=1))
        session.commit()
    engine.dispose()
    return tokens


def _answer_body(card: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"shown_state": card["shown_state"]}
    if card["kind"] in ("recall", "objection", "spoken"):  # spoken: the rep rates themself
        body["rating"] = 3
    elif card["kind"] == "pick":
        body["answer"] = "a"
    else:
        body["answer"] = "incident"
    return body


class _Phase:
    """What one phase of load measured: latencies in seconds, errors, empty queues."""

    def __init__(self) -> None:
        self.due: list[float] = []
        self.answer: list[float] = []
        self.errors: list[str] = []
        self.empty = 0
        self.begin = time.perf_counter()
        # (seconds into the phase, latency) of every request: shows when the slow ones were.
        self.timeline: list[tuple[float, float]] = []

    def took(self, into: list[float], started: float) -> None:
        latency = time.perf_counter() - started
        into.append(latency)
        self.timeline.append((started - self.begin, latency))


async def _floor_cycle(http: Any, token: str, out: _Phase, started: float) -> None:
    """The floor: two of the lightest signed-in requests there are (the token checked, one
    small read), as many as a card cycle makes. What this stack and machine serve at best,
    whatever a drill answer does."""
    import aiohttp

    headers = {"Authorization": f"Bearer {token}"}
    try:
        for into in (out.due, out.answer):
            t0 = time.perf_counter()
            async with http.get("/api/v1/drills/settings", headers=headers) as r:
                await r.read()
                out.took(into, t0)
                if r.status != 200:
                    out.errors.append(f"settings {r.status}")
    except (aiohttp.ClientError, TimeoutError) as exc:
        out.errors.append(repr(exc))


async def _cycle(http: Any, token: str, out: _Phase, started: float) -> None:
    """One card: fetch the next due drill and answer it. `started` is when the cycle was
    due to begin (the paced phase charges a late start to the first request)."""
    import aiohttp

    if FLOOR:
        await _floor_cycle(http, token, out, started)
        return
    headers = {"Authorization": f"Bearer {token}"}
    try:
        card = HELD.pop(token, None) if ONE_REQUEST else None
        t1 = started
        if card is None:
            async with http.get("/api/v1/drills/due?limit=1", headers=headers) as due:
                body = await due.read()
                out.took(out.due, started)
                if due.status != 200:
                    out.errors.append(f"due {due.status}: {body[:120]!r}")
                    return
            cards = json.loads(body)["due"]
            if not cards:
                out.empty += 1
                return
            card, t1 = cards[0], time.perf_counter()
        ask_next = "?next=1" if ONE_REQUEST else ""
        async with http.post(f"/api/v1/drills/{card['drill_id']}/answers{ask_next}",
                             json=_answer_body(card), headers=headers) as answer:
            text = await answer.read()
            out.took(out.answer, t1)
            if answer.status != 200:
                out.errors.append(f"answer {answer.status}: {text[:120]!r}")
            elif ONE_REQUEST and (following := json.loads(text)["next"]["due"]):
                HELD[token] = following[0]
    except (aiohttp.ClientError, TimeoutError) as exc:
        out.errors.append(repr(exc))


async def _client(base: str, tokens: list[str], stop_at: float, out: _Phase,
                  interval: float | None, offset: float) -> None:
    import aiohttp

    # One keep-alive connection per client, as a phone keeps its connection open.
    connector = aiohttp.TCPConnector(limit=1)
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as http:
        i = 0
        next_at = time.perf_counter() + offset
        while True:
            if interval is not None:  # paced: wait for this cycle's slot
                delay = next_at - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                started, next_at = next_at, next_at + interval
            else:
                started = time.perf_counter()
            if started >= stop_at or time.perf_counter() >= stop_at:
                return  # (a paced client that fell behind stops on time too)
            await _cycle(http, tokens[i % len(tokens)], out, started)
            i += 1


def _load(base: str, tokens: list[str], clients: int, seconds: float, rate: float | None,
          queue: Any, floor: bool = False, one_request: bool = False,
          held: dict[str, dict[str, Any]] | None = None) -> None:
    """The load generator: runs in its own process, reports raw timings back (and, with
    --one-request, the card each rep has in hand at the end)."""
    global FLOOR, ONE_REQUEST
    FLOOR, ONE_REQUEST = floor, one_request
    HELD.clear()
    HELD.update(held or {})
    out = _Phase()

    async def main() -> None:
        out.begin = time.perf_counter()
        stop_at = out.begin + seconds
        interval = clients / rate if rate else None
        # Client k owns reps k, k+clients, ...: a rep is never answered for concurrently.
        # Paced clients start evenly spread over one interval, not all at once.
        await asyncio.gather(*(
            _client(base, tokens[k::clients], stop_at, out, interval,
                    (interval or 0) * k / clients)
            for k in range(clients)))

    asyncio.run(main())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    queue.put(json.dumps({**out.__dict__, "cpu": usage.ru_utime + usage.ru_stime,
                          "held": HELD}))


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its children (the server's workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _postgres_cpu() -> float | None:
    """CPU time used so far by this machine's PostgreSQL: every process named postgres
    (its backends, writers, WAL) plus the backends the postmaster has already reaped
    (its children's time). None where there is no local PostgreSQL to read."""
    total, found = 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, rest = stat.read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue  # gone meanwhile
        if not head.endswith("(postgres"):
            continue
        found = True
        fields = rest.split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
        if fields[1] == "1" or not _is_postgres(int(fields[1])):  # the postmaster
            total += int(fields[13]) + int(fields[14])  # cutime + cstime: reaped backends
    return total / os.sysconf("SC_CLK_TCK") if found else None


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except OSError:
        return False


def _statements(url: str) -> tuple[int, int]:
    """xAPI statements recorded so far (the server's background job builds one per answer
    every minute, and that work is part of what the service does under load) and, on
    PostgreSQL, the connections opened to this database so far (a new one forks a backend
    that loads its catalogue afresh: costly, so the count should stay flat under load)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            built = int(conn.execute(text("SELECT count(*) FROM xapi_statements")).scalar_one())
            opened = 0 if url.startswith("sqlite") else int(conn.execute(text(
                "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
            )).scalar_one())
            return built, opened
    finally:
        engine.dispose()


def _drive(base: str, url: str, tokens: list[str], *, clients: int, seconds: float,
           rate: float | None, server_pid: int, floor: bool = False,
           one_request: bool = False,
           held: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    queue: Any = multiprocessing.Queue()
    statements_before = _statements(url)
    proc = multiprocessing.Process(target=_load,
                                   args=(base, tokens, clients, seconds, rate, queue, floor,
                                         one_request, held))
    cpu_before = _cpu_seconds(server_pid)
    postgres_before = _postgres_cpu() if not url.startswith("sqlite") else None
    proc.start()
    raw: dict[str, Any] = json.loads(queue.get(timeout=seconds + 120))
    proc.join()
    raw["server_cpu"] = _cpu_seconds(server_pid) - cpu_before
    postgres_after = _postgres_cpu() if postgres_before is not None else None
    raw["postgres_cpu"] = (postgres_after - postgres_before
                           if postgres_before is not None and postgres_after is not None
                           else None)
    statements_after = _statements(url)
    raw["statements"] = statements_after[0] - statements_before[0]
    raw["connections"] = statements_after[1] - statements_before[1]
    return raw


def _report(title: str, raw: dict[str, Any], seconds: float) -> None:
    due, ans, errors = raw["due"], raw["answer"], raw["errors"]
    print(f"  {title}")
    for name, values in (("next drill (GET /due)", due), ("answer (POST)", ans),
                         ("all requests", due + ans)):
        print(f"    {name:<22} n={len(values):>6}  p50 {percentile_ms(values, 50):6.1f} ms  "
              f"p95 {percentile_ms(values, 95):6.1f} ms  p99 {percentile_ms(values, 99):6.1f} ms"
              + (f"  mean {statistics.fmean(values) * 1000:.1f} ms" if values else ""))
    print(f"    answers/s {len(ans) / seconds:.0f}   requests/s {len(due + ans) / seconds:.0f}   "
          f"errors {len(errors)}   empty queues {raw['empty']}   "
          f"xAPI statements built meanwhile {raw['statements']}", flush=True)
    if ans:  # where the two cores went: what one card (next drill + answer) costs
        print(f"    CPU per card: server {raw['server_cpu'] / len(ans) * 1000:.2f} ms, "
              f"load generator {raw['cpu'] / len(ans) * 1000:.2f} ms "
              f"(server {raw['server_cpu']:.1f} s, load generator {raw['cpu']:.1f} s)")
        if raw.get("postgres_cpu") is not None:  # the database shares the two cores
            print(f"    CPU per card: PostgreSQL {raw['postgres_cpu'] / len(ans) * 1000:.2f} ms "
                  f"({raw['postgres_cpu']:.1f} s, all its processes); "
                  f"{raw['connections']} connections opened to it meanwhile")
    for line in errors[:5]:
        print("     ", line)
    windows: dict[int, list[float]] = {}
    for at, latency in raw["timeline"]:
        windows.setdefault(int(at // WINDOW_S), []).append(latency)
    print(f"    p99 per {WINDOW_S:.0f} s window: " + "  ".join(
        f"{percentile_ms(v, 99):.0f}" for _, v in sorted(windows.items())) + " ms")


def run(label: str, url: str, *, seconds: float, paced_seconds: float, settle: float,
        clients: int, workers: int, rate: float, floor_seconds: float = 0,
        one_request: bool = False, cold_start: bool = False) -> None:
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
        print(f"{label}: {clients} clients, {workers} server worker(s), phases of "
              f"{seconds:.0f} s and {paced_seconds:.0f} s", flush=True)
        # A fresh worker loads the Whisper model for its job runner in the background
        # (app/jobs.py warm_up_for): a started service, not a starting one, is measured.
        time.sleep(settle)
        flat_out = _drive(base, url, tokens, clients=clients, seconds=seconds, rate=None,
                          server_pid=server.pid, one_request=one_request)
        _report("throughput (clients flat out)", flat_out, seconds)
        # Saturation leaves a backlog behind (learning records to write, a grown SQLite
        # log to checkpoint): the paced phase measures the steady state, from a settled
        # service, like the throughput phase from a fresh one. Its reps are the same reps
        # going on with their session: with --one-request each still holds the card the
        # last answer brought. (--cold-start drops those cards, so every rep's first cycle
        # is a GET /due as well: all 200 reps opening the app in the same second.)
        time.sleep(settle)
        held = None if cold_start else flat_out["held"]
        start = "every rep opening the app at once" if cold_start or not one_request else (
            "reps going on with the card in hand")
        _report(f"paced at {rate:.0f} card cycles/s (latency from each scheduled start; "
                f"{start})",
                _drive(base, url, tokens, clients=clients, seconds=paced_seconds, rate=rate,
                       server_pid=server.pid, one_request=one_request, held=held),
                paced_seconds)
        if floor_seconds:
            time.sleep(settle)
            _report("floor: two minimal signed-in reads per cycle instead of next drill + "
                    "answer (GET /api/v1/drills/settings twice; 'answers/s' = cycles/s)",
                    _drive(base, url, tokens, clients=clients, seconds=floor_seconds,
                           rate=None, server_pid=server.pid, floor=True), floor_seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="throughput phase")
    parser.add_argument("--paced-seconds", type=float, default=65,
                        help="paced phase: over a minute, so the server's minutely xAPI job "
                        "(a statement per answer) always runs inside it")
    parser.add_argument("--settle", type=float, default=10,
                        help="seconds of rest between the two phases")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=300,
                        help="card cycles per second in the paced phase (all clients)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_bench")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--one-request", action="store_true",
                        help="one request per card: each answer brings the next card "
                        "(POST .../answers?next=1); GET /due only when a rep has none in hand")
    parser.add_argument("--floor-seconds", type=float, default=15,
                        help="a last phase of the lightest signed-in requests, flat out: "
                        "the most this stack serves on this machine (0: skip)")
    parser.add_argument("--cold-start", action="store_true",
                        help="with --one-request: the paced phase starts with no card in "
                        "hand, so its first second carries a GET /due for every rep as well")
    args = parser.parse_args()
    on_both_databases(run, db_prefix="onmessage-bench-db-", postgres=args.postgres,
                      no_postgres=args.no_postgres,
                      no_sqlite=args.no_sqlite, seconds=args.seconds,
                      paced_seconds=args.paced_seconds, settle=args.settle,
                      clients=args.clients, workers=args.workers, rate=args.rate,
                      floor_seconds=args.floor_seconds, one_request=args.one_request,
                      cold_start=args.cold_start)


if __name__ == "__main__":
    main()
