"""Team-view benchmark: the manager heatmap, the admin overview and the CSV export via HTTP.

Seeds 2,000 reps in 100 teams with 20 launched modules and history (a certification per
rep and module in every state, 2-4 transitions each, scored pitch attempts, decided
reviews), starts `uvicorn` on SQLite and, when reachable, on PostgreSQL in its own
database, waits for the server's start-up jobs over that history to finish, then times
sequential requests (after warm-up) and prints p50/p95/max.

    .venv/bin/python bench/team_view.py [--requests 40]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_bench_team
         | --no-postgres]

Not a test: it prints figures. Targets (issue 14, with no writes on reads): heatmap and
admin overview p95 <= 150 ms, team CSV <= 50 ms, the all-teams CSV's first byte <= 200 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from support import (
    first_byte,
    on_both_databases,
    print_timing,
    production_server,
    time_views,
    wait_for_jobs,
)

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TEAMS = 100
REPS_PER_TEAM = 20
MODULES = 20
SECRET = "bench-secret-key-that-is-long-enough-for-production-0123456789"
STATES = (["certified"] * 5 + ["in_progress"] * 3 + ["not_started"] * 2
          + ["awaiting_review", "returned", "needs_update", "lapsed"])



def _playbook(i: int) -> str:
    return (f"format: 1\nmodule: bench-{i:02d}\nversion: 1\ntitle: Bench module {i:02d}\n"
            "messages:\n"
            + "".join(f"  - id: m{j}\n    statement: \"Message {j} of module {i}: the product "
                      f"saves time number {j}.\"\n" for j in range(1, 4))
            + "pitches:\n  - id: elevator\n    prompt: \"Pitch it.\"\n    messages: [m1, m2]\n"
            "  - id: proof\n    prompt: \"Prove it.\"\n    messages: [m3]\n")


def seed(url: str) -> dict[str, Any]:
    """Bulk-seed the organisation; returns session cookies and the measured team id."""
    from sqlalchemy import insert

    from app.auth import start_session
    from app.clock import utcnow
    from app.db import make_engine
    from app.migrations import upgrade
    from app.models import Role, Team, TeamManager, User, UserRole
    from certification.models import Certification, CertificationEvent, Review
    from drills.attempt_models import DONE, PitchAttempt
    from drills.models import Launch
    from drills.modules import import_playbook

    upgrade(url=url)
    engine = make_engine(url)
    rng = random.Random(6)
    now = utcnow()
    from sqlmodel import Session

    with Session(engine) as session:
        teams = [Team(name=f"Team {t:03d}") for t in range(TEAMS)]
        session.add_all(teams)
        session.flush()
        versions = [import_playbook(session=session, data=_playbook(i), filename="b.yaml",
                                    by=None, now=now - timedelta(days=120))
                    for i in range(MODULES)]
        session.execute(insert(Launch), [
            {"module_id": v.module_id, "module_version_id": v.id, "team_id": t.id,
             "due_at": now + timedelta(days=rng.randint(-20, 40)),
             "launched_at": now - timedelta(days=100)}
            for v in versions for t in teams])
        users = [{"email": f"rep{t}-{r}@bench.example", "name": f"Rep {t:03d}-{r:02d}",
                  "team_id": teams[t].id, "is_active": True, "created_at": now}
                 for t in range(TEAMS) for r in range(REPS_PER_TEAM)]
        session.execute(insert(User), users)
        reps = session.execute(
            User.__table__.select().where(User.__table__.c.email.like("%@bench.example"))
        ).all()
        session.execute(insert(UserRole), [{"user_id": r.id, "role": Role.REP.value}
                                           for r in reps])
        manager = User(email="manager@bench.example", name="Bench Manager", created_at=now)
        admin = User(email="admin@bench.example", name="Bench Admin", created_at=now)
        session.add_all([manager, admin])
        session.flush()
        session.add_all([UserRole(user_id=manager.id or 0, role=Role.MANAGER.value),
                         UserRole(user_id=admin.id or 0, role=Role.ADMIN.value),
                         TeamManager(team_id=teams[0].id or 0, user_id=manager.id or 0)])
        certs = []
        for rep in reps:
            for v in versions:
                state = rng.choice(STATES)
                held = state in ("certified", "needs_update")
                certs.append({
                    "user_id": rep.id, "team_id": rep.team_id, "module_id": v.module_id,
                    "module_version_id": v.id, "version": 1, "state": state,
                    "due_at": now + timedelta(days=rng.randint(-20, 40)),
                    "certified_at": now - timedelta(days=30) if held else None,
                    "certified_version": 1 if held else None,
                    "valid_until": now + timedelta(days=150) if held else None,
                    "counts_from_version": 1, "signoff": "none",
                    "drill_percent": rng.randint(0, 100), "pitches_met": rng.randint(0, 2),
                    "pitches_required": 2, "best_score": rng.randint(40, 99),
                    "summary": "drills 71% of 85%, 1 of 2 pitches at 80+, manager sign-off "
                               "needed", "created_at": now - timedelta(days=100),
                    "updated_at": now})
        session.execute(insert(Certification), certs)
        rows = session.execute(Certification.__table__.select()).all()
        events = []
        for c in rows:
            start = now - timedelta(days=rng.randint(60, 100))
            events.append({"certification_id": c.id, "module_id": c.module_id,
                           "from_state": "not_started", "to_state": "not_started",
                           "at": start, "reason": "Assigned."})
            if c.state != "not_started":
                events.append({"certification_id": c.id, "module_id": c.module_id,
                               "from_state": "not_started", "to_state": "in_progress",
                               "at": start + timedelta(days=3), "reason": "Started."})
            if c.state in ("certified", "needs_update", "lapsed"):
                events.append({"certification_id": c.id, "module_id": c.module_id,
                               "from_state": "awaiting_review", "to_state": "certified",
                               "at": start + timedelta(days=rng.randint(10, 50)),
                               "reason": "Signed off."})
        session.execute(insert(CertificationEvent), events)
        attempts = [{"user_id": c.user_id, "module_id": c.module_id,
                     "module_version_id": c.module_version_id, "pitch_id": "elevator",
                     "idempotency_key": f"bench-{c.id}", "status": DONE,
                     "audio_path": "/dev/null", "audio_sha256": "0" * 64, "audio_size": 1,
                     "content_type": "audio/wav", "score": c.best_score,
                     "result": {"messages": [{"id": "m1", "covered": True},
                                             {"id": "m2", "covered": False}]},
                     "created_at": now, "updated_at": now}
                    for c in rows if c.state != "not_started"]
        session.execute(insert(PitchAttempt), attempts)
        by_key = {(a.user_id, a.module_id): a.id for a in session.execute(
            PitchAttempt.__table__.select()).all()}
        reviews = []
        for c in rows:
            if c.state not in ("certified", "needs_update"):
                continue
            overrides = {"m2": True} if rng.random() < 0.2 else {}
            # The counts `service.submit` and `service.decide` store with each review.
            reviews.append({
                "certification_id": c.id, "attempt_id": by_key[(c.user_id, c.module_id)],
                "user_id": c.user_id, "team_id": c.team_id, "module_id": c.module_id,
                "status": "approved", "submitted_at": now - timedelta(days=20),
                "decided_at": now - timedelta(days=19), "reviewer_id": manager.id,
                "machine": {"m1": True, "m2": False}, "overrides": overrides,
                "judgements": 2, "overridden": len(overrides), "rubric": {"clarity": 4}})
        session.execute(insert(Review), reviews)
        cookies = {"manager": start_session(session=session, user=manager, days=1, now=now),
                   "admin": start_session(session=session, user=admin, days=1, now=now)}
        session.commit()
        print(f"  seeded {len(reps)} reps, {TEAMS} teams, {MODULES} modules, {len(rows)} "
              f"certifications, {len(events)} events, {len(attempts)} attempts, "
              f"{len(reviews)} reviews", flush=True)
        team_id = teams[0].id
    engine.dispose()
    return {"cookies": cookies, "team_id": team_id}


def run(label: str, url: str, *, requests: int) -> None:
    print(f"\n== {label} ({url.split('@')[-1]})", flush=True)
    started = time.perf_counter()
    info = seed(url)
    print(f"  seeding took {time.perf_counter() - started:.0f} s", flush=True)
    cookies, team = info["cookies"], info["team_id"]
    with production_server(url, secret=SECRET, repo=REPO,
                           prefix="onmessage-bench-team-") as base:
        waited = wait_for_jobs(url)
        print(f"  the server's start-up jobs finished after {waited:.0f} s", flush=True)
        views = [("manager heatmap (team of 20)", f"{base}/certification/team?team={team}",
                  cookies["manager"]),
                 ("admin overview (100 teams)", f"{base}/certification/overview",
                  cookies["admin"]),
                 ("CSV export (team of 20)", f"{base}/certification/team.csv?team={team}",
                  cookies["manager"]),
                 ("CSV export (all 40,000 rows)", f"{base}/certification/team.csv",
                  cookies["admin"]),
                 ("overview JSON (API)", f"{base}/api/v1/certifications/overview",
                  cookies["admin"])]
        time_views(views, requests, width=30)
        firsts = []
        for _ in range(requests):
            took, status = first_byte(f"{base}/certification/team.csv", cookies["admin"])
            assert status == 200
            firsts.append(took)
        print_timing("CSV all rows: first byte", firsts, 0, width=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--postgres",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/"
                                "onmessage_bench_team")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    on_both_databases(run, db_prefix="onmessage-bench-team-db-", postgres=args.postgres,
                      no_postgres=args.no_postgres,
                      no_sqlite=args.no_sqlite, requests=args.requests)


if __name__ == "__main__":
    main()
