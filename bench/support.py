"""Pieces every benchmark shares: a free port, percentiles, a fresh PostgreSQL database."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile_ms(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of durations in seconds, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fresh_postgres(url: str) -> str | None:
    """Create (or recreate) the bench database; None when PostgreSQL is not reachable."""
    try:
        import psycopg
    except ImportError:
        return None
    base, _, name = url.rpartition("/")
    admin = base.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"\n(PostgreSQL not used: {exc})")
        return None
    return url


def on_both_databases(run: Callable[..., None], *, db_prefix: str, postgres: str,
                      no_postgres: bool, no_sqlite: bool = False, **kwargs: Any) -> None:
    """Run a benchmark on a fresh SQLite file, then on a fresh PostgreSQL database when one
    is reachable (and not turned off): `run(label, url, **kwargs)`."""
    import tempfile

    if not no_sqlite:
        sqlite = Path(tempfile.mkdtemp(prefix=db_prefix)) / "bench.db"
        run("SQLite", f"sqlite:///{sqlite}", **kwargs)
    if not no_postgres:
        url = fresh_postgres(postgres)
        if url:
            run("PostgreSQL", url, **kwargs)


def print_timing(name: str, times: list[float], size: int, *, width: int = 30) -> None:
    """One benchmark line: n, p50, p95, max and mean of durations in seconds, and size."""
    import statistics

    print(f"  {name:<{width}} n={len(times):>3}  p50 {percentile_ms(times, 50):6.1f} ms  "
          f"p95 {percentile_ms(times, 95):6.1f} ms  max {max(times) * 1000:6.1f} ms  "
          f"mean {statistics.fmean(times) * 1000:6.1f} ms  ({size / 1024:.0f} kB)",
          flush=True)


def get(url: str, cookie: str) -> tuple[float, int, int]:
    """GET a page as the signed-in session `cookie`: (seconds, status, bytes)."""
    import time
    import urllib.request

    req = urllib.request.Request(url, headers={"Cookie": f"om_session={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = resp.read()
        status = resp.status
    return time.perf_counter() - started, status, len(body)


def first_byte(url: str, cookie: str) -> tuple[float, int]:
    """GET as `cookie` and read only the first byte of the body: (seconds, status). What a
    streamed download's user waits for before anything arrives."""
    import time
    import urllib.request

    req = urllib.request.Request(url, headers={"Cookie": f"om_session={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as resp:
        resp.read(1)
        took, status = time.perf_counter() - started, resp.status
        resp.read()  # drain, so the server is not measured against a closed socket next
    return took, status


@contextlib.contextmanager
def production_server(database_url: str, *, secret: str, repo: Path,
                      prefix: str) -> Iterator[str]:
    """Serve the app (one uvicorn worker, production settings) on a free port over
    `database_url` until the block ends; yields the base URL."""
    import os
    import subprocess
    import sys
    import tempfile
    import time
    import urllib.error
    import urllib.request

    data = Path(tempfile.mkdtemp(prefix=prefix))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONMESSAGE_")}
    env.update({"ONMESSAGE_DATABASE_URL": database_url, "ONMESSAGE_DATA_DIR": str(data),
                "ONMESSAGE_SECRET_KEY": secret, "ONMESSAGE_ENVIRONMENT": "production",
                "ONMESSAGE_BASE_URL": base, "PYTHONPATH": str(repo)})
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--workers", "1", "--log-level", "warning",
         "--no-access-log"], cwd=str(data), env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def wait_for_jobs(database_url: str, *, quiet_s: float = 3, timeout_s: float = 900) -> float:
    """Wait until the served app has no background job queued or running for `quiet_s`
    (its start-up work over seeded history: the certification sweep, the first xAPI flush,
    which on a slow machine outlast a fixed warm-up); returns the seconds waited.

    Only the start-up backlog is waited out: the periodic jobs of later minutes run while
    pages are timed, as they would in service.
    """
    import time

    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    started = time.monotonic()
    quiet_since: float | None = None
    try:
        while time.monotonic() - started < timeout_s:
            with engine.connect() as conn:
                busy = conn.execute(text("SELECT count(*) FROM jobs WHERE status IN "
                                         "('queued', 'running')")).scalar_one()
            now = time.monotonic()
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= quiet_s:
                break
            time.sleep(0.5)
    finally:
        engine.dispose()
    return time.monotonic() - started


def time_views(views: list[tuple[str, str, str]], requests: int, *, width: int,
               warm_s: float = 15) -> None:
    """Time each (name, url, cookie) view `requests` times and print a line for each.

    First every view is fetched at least three times and for at least `warm_s` seconds
    (template compile, first-use caches, and the server's start-up work: the job queue
    resuming, the certification sweep, the first xAPI flush over seeded history), so that
    work is not timed as a page's.
    """
    import time

    warm_until, rounds = time.monotonic() + warm_s, 0
    while rounds < 3 or time.monotonic() < warm_until:
        for _name, address, cookie in views:
            get(address, cookie)
        rounds += 1
    for name, address, cookie in views:
        times: list[float] = []
        size = 0
        for _ in range(requests):
            elapsed, status, size = get(address, cookie)
            assert status == 200, (name, status)
            times.append(elapsed)
        print_timing(name, times, size, width=width)
