"""Insights benchmark: the per-module insights page and its CSV exports via HTTP.

Seeds 2,000 reps in 100 teams with 20 launched modules, 50,000 drill reviews and 10,000
scored pitch attempts (results with evidence quotes, forbidden and retired phrases) plus
certifications and decided reviews, starts `uvicorn` on SQLite and, when reachable, on
PostgreSQL in its own database, then times sequential requests (after warm-up) and prints
p50/p95/max.

    .venv/bin/python bench/insights.py [--requests 40]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_bench_insights
         | --no-postgres]

Not a test: it prints figures. Target (issue 7): under 500 ms at p95.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from support import on_both_databases, production_server, time_views
from team_view import _playbook

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TEAMS = 100
REPS_PER_TEAM = 20
MODULES = 20
REVIEWS = 50_000
ATTEMPTS = 10_000
SECRET = "bench-secret-key-that-is-long-enough-for-production-0123456789"
QUOTES = ["the product saves time every day", "it saves you time on every call",
          "saves time so the team can sell", "you save time number one", None]


def seed(url: str) -> dict[str, Any]:
    """Bulk-seed the organisation; returns session cookies, a module slug and a team id."""
    from sqlalchemy import insert
    from sqlalchemy import select as sa_select
    from sqlmodel import Session

    from app.auth import start_session
    from app.clock import utcnow
    from app.db import make_engine
    from app.migrations import upgrade
    from app.models import Role, Team, TeamManager, User, UserRole
    from certification.models import Certification, Review
    from drills.attempt_models import DONE, PitchAttempt
    from drills.drill_models import Drill, DrillCard, DrillReview
    from drills.models import Launch
    from drills.modules import import_playbook

    upgrade(url=url)
    engine = make_engine(url)
    rng = random.Random(7)
    now = utcnow()
    launched = now - timedelta(days=60)
    with Session(engine) as session:
        teams = [Team(name=f"Team {t:03d}") for t in range(TEAMS)]
        session.add_all(teams)
        session.flush()
        versions = [import_playbook(session=session, data=_playbook(i), filename="b.yaml",
                                    by=None, now=now - timedelta(days=90))
                    for i in range(MODULES)]
        session.execute(insert(Launch), [
            {"module_id": v.module_id, "module_version_id": v.id, "team_id": t.id,
             "due_at": now + timedelta(days=10), "launched_at": launched}
            for v in versions for t in teams])
        session.execute(insert(User), [
            {"email": f"rep{t}-{r}@bench.example", "name": f"Rep {t:03d}-{r:02d}",
             "team_id": teams[t].id, "is_active": True, "created_at": now}
            for t in range(TEAMS) for r in range(REPS_PER_TEAM)])
        reps = session.execute(User.__table__.select().where(
            User.__table__.c.email.like("%@bench.example"))).all()
        session.execute(insert(UserRole), [{"user_id": r.id, "role": Role.REP.value}
                                           for r in reps])
        manager = User(email="manager@bench.example", name="Bench Manager", created_at=now)
        marketing = User(email="marketing@bench.example", name="Bench Marketing",
                         created_at=now)
        session.add_all([manager, marketing])
        session.flush()
        session.add_all([UserRole(user_id=manager.id or 0, role=Role.MANAGER.value),
                         UserRole(user_id=marketing.id or 0, role=Role.MARKETING.value),
                         TeamManager(team_id=teams[0].id or 0, user_id=manager.id or 0)])
        session.execute(insert(Drill), [
            {"module_id": v.module_id, "kind": kind, "subject": f"m{j}", "fingerprint": "f",
             "since_version": 1, "payload": {}, "created_at": now}
            for v in versions for j in range(1, 4) for kind in ("recall", "gap")])
        drills = session.execute(sa_select(Drill.__table__.c.id,
                                           Drill.__table__.c.module_id)).all()
        chosen: set[tuple[int, int]] = set()
        while len(chosen) < REVIEWS // 3:
            chosen.add((rng.randrange(len(reps)), rng.randrange(len(drills))))
        pairs = [(reps[r], drills[d]) for r, d in chosen]
        session.execute(insert(DrillCard), [
            {"user_id": r.id, "drill_id": d.id, "module_id": d.module_id, "queue": 2,
             "state": 2, "step": None, "stability": 20.0, "difficulty": rng.uniform(2, 9),
             "due": now + timedelta(days=5), "last_review": now, "reviews": 3,
             "lapses": 0, "created_at": launched} for r, d in pairs])
        cards = session.execute(DrillCard.__table__.select()).all()
        session.execute(insert(DrillReview), [
            {"card_id": c.id, "user_id": c.user_id, "drill_id": c.drill_id,
             "rating": rng.choice((1, 3, 3, 3, 4)),
             "reviewed_at": launched + timedelta(days=rng.randint(0, 59), minutes=k),
             "source": "tap", "state_before": 2 if k else 0, "state_after": 2,
             "due_after": now} for c in cards for k in range(3)])
        attempts = []
        for i in range(ATTEMPTS):
            rep, v = rng.choice(reps), rng.choice(versions)
            at = launched + timedelta(days=rng.randint(0, 59))
            week = (at - launched).days // 7
            messages = [{"id": f"m{j}", "covered": (q := rng.choice(QUOTES)) is not None,
                         "confidence": 0.9, "evidence": q, "start": 1.0, "end": 2.0,
                         "missed_reason": None if q else "not said", "weight": 1.0}
                        for j in (1, 2)]
            drift = rng.random() < 0.4 / (1 + week)
            attempts.append({
                "user_id": rep.id, "module_id": v.module_id, "module_version_id": v.id,
                "pitch_id": "elevator", "idempotency_key": f"bench-{i}", "status": DONE,
                "audio_path": "/dev/null", "audio_sha256": "0" * 64, "audio_size": 1,
                "content_type": "audio/wav", "score": rng.randint(40, 99),
                "result": {"score": 70, "transcript": "the product saves time " * 20,
                           "messages": messages,
                           "forbidden": [{"phrase": "guaranteed", "said": "guaranteed",
                                          "reason": "legal"}] if drift else [],
                           "retired": [{"phrase": "old line", "said": "old line",
                                        "replaced_by": "m1"}] if rng.random() < 0.1 else []},
                "created_at": at, "updated_at": at})
        session.execute(insert(PitchAttempt), attempts)
        by_team = {r.id: r.team_id for r in reps}
        session.execute(insert(Certification), [
            {"user_id": r.id, "team_id": r.team_id, "module_id": v.module_id,
             "module_version_id": v.id, "version": 1,
             "state": "certified" if (held := rng.random() < 0.4) else "in_progress",
             "certified_at": launched + timedelta(days=rng.randint(5, 55)) if held else None,
             "counts_from_version": 1, "signoff": "none", "summary": "",
             "created_at": launched, "updated_at": now}
            for r in reps for v in versions])
        certs = {(c.user_id, c.module_id): c.id for c in session.execute(
            Certification.__table__.select()).all()}
        scored = session.execute(PitchAttempt.__table__.select().limit(3000)).all()
        session.execute(insert(Review), [
            {"certification_id": certs[(a.user_id, a.module_id)], "attempt_id": a.id,
             "user_id": a.user_id, "team_id": by_team[a.user_id], "module_id": a.module_id,
             "status": "approved", "submitted_at": now, "decided_at": now,
             "machine": {"m1": True, "m2": False}, "judgements": 2,
             **({"overrides": {"m2": True}, "overridden": 1} if rng.random() < 0.2
                else {"overrides": {}, "overridden": 0})} for a in scored])
        cookies = {"manager": start_session(session=session, user=manager, days=1, now=now),
                   "marketing": start_session(session=session, user=marketing, days=1,
                                              now=now)}
        team_id = teams[0].id
        session.commit()
        print(f"  seeded {len(reps)} reps, {TEAMS} teams, {MODULES} modules, "
              f"{len(cards) * 3} drill reviews, {len(attempts)} scored attempts, "
              f"{len(scored)} decided reviews", flush=True)
    engine.dispose()
    return {"cookies": cookies, "team_id": team_id, "slug": "bench-00"}


def run(label: str, url: str, *, requests: int) -> None:
    print(f"\n== {label} ({url.split('@')[-1]})", flush=True)
    started = time.perf_counter()
    info = seed(url)
    print(f"  seeding took {time.perf_counter() - started:.0f} s", flush=True)
    mk, mg, team = info["cookies"]["marketing"], info["cookies"]["manager"], info["team_id"]
    with production_server(url, secret=SECRET, repo=REPO,
                           prefix="onmessage-bench-insights-") as root:
        base = f"{root}/modules/{info['slug']}/insights"
        views = [("insights page (marketing, all)", base, mk),
                 ("insights page (manager, 1 team)", f"{base}?team={team}", mg),
                 *[(f"CSV {t} (all teams)", f"{base}/{t}.csv", mk)
                   for t in ("funnel", "messages", "drift", "phrasings")],
                 # Once more at the end: the steady state after everything else.
                 ("insights page (marketing, again)", base, mk)]
        time_views(views, requests, width=33)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--postgres",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/"
                                "onmessage_bench_insights")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    on_both_databases(run, db_prefix="onmessage-bench-insights-db-", postgres=args.postgres,
                      no_postgres=args.no_postgres, requests=args.requests)


if __name__ == "__main__":
    main()
