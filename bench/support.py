"""Pieces every benchmark shares: a free port, percentiles, a fresh PostgreSQL database."""

from __future__ import annotations

import socket


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


def print_timing(name: str, times: list[float], size: int, *, width: int = 30) -> None:
    """One benchmark line: n, p50, p95, max and mean of durations in seconds, and size."""
    import statistics

    print(f"  {name:<{width}} n={len(times):>3}  p50 {percentile_ms(times, 50):6.1f} ms  "
          f"p95 {percentile_ms(times, 95):6.1f} ms  max {max(times) * 1000:6.1f} ms  "
          f"mean {statistics.fmean(times) * 1000:6.1f} ms  ({size / 1024:.0f} kB)",
          flush=True)
