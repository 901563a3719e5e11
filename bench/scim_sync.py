"""SCIM benchmark: a full directory sync of 5,000 users and 200 groups, then create,
patch and list latency, over HTTP against `uvicorn` (production settings, one worker).

The sync is what Okta or Entra ID do on first connection: look each user up by userName,
create it, then create each group with its members (25 each, every user in one group;
20 groups mapped to a role and team, so memberships re-derive roles as they land).
Then timed one at a time, sequentially: creates of new users, PATCHes (Entra ID's
replace of displayName and active), filtered look-ups (userName eq) and pages of 100.

    .venv/bin/python bench/scim_sync.py [--users 5000] [--groups 200]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_bench_scim
         | --no-postgres]

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

from support import on_both_databases, print_timing, production_server

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SECRET = "bench-secret-key-that-is-long-enough-for-production-0123456789"
MAPPED_GROUPS = 20
SAMPLES = 200


def prepare(url: str) -> str:
    """Migrate, add teams and group mappings, and return a fresh SCIM token."""
    from sqlmodel import Session

    from app.clock import utcnow
    from app.db import make_engine
    from app.identity import scim_tokens
    from app.identity.mappings import create_mapping
    from app.migrations import upgrade
    from app.users import create_team

    upgrade(url=url)
    engine = make_engine(url)
    with Session(engine) as session:
        for g in range(MAPPED_GROUPS):
            team = create_team(session=session, name=f"Team {g:03d}")
            create_mapping(session=session, group_name=f"Group {g:03d}", role="rep",
                           team_id=team.id)
        raw, _ = scim_tokens.create(session=session, name="bench", now=utcnow())
        session.commit()
    engine.dispose()
    return raw


def _user(i: int) -> dict[str, Any]:
    email = f"person{i:05d}@corp.example"
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": email,
            "name": {"givenName": "Person", "familyName": f"{i:05d}"},
            "emails": [{"primary": True, "value": email, "type": "work"}],
            "externalId": f"ext-{i}", "active": True}


def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response


def run(label: str, url: str, *, users: int, groups: int) -> None:
    import httpx

    token = prepare(url)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    print(f"\n{label}: {users:,} users, {groups} groups ({MAPPED_GROUPS} mapped to teams)")
    with production_server(url, secret=SECRET, repo=REPO, prefix="onmessage-bench-scim-") \
            as base, httpx.Client(base_url=f"{base}/scim/v2", headers=headers,
                                  timeout=120) as client:
        # --- the full sync -------------------------------------------------------------
        creates: list[float] = []
        lookups: list[float] = []
        ids: list[str] = []
        started = time.perf_counter()
        for i in range(users):
            elapsed, found = _timed(lambda i=i: client.get(
                "/Users", params={"filter": f'userName eq "person{i:05d}@corp.example"'}))
            assert found.status_code == 200, found.text
            lookups.append(elapsed)
            elapsed, created = _timed(lambda i=i: client.post("/Users", json=_user(i)))
            assert created.status_code == 201, created.text
            creates.append(elapsed)
            ids.append(created.json()["id"])
        users_s = time.perf_counter() - started
        per_group = max(1, len(ids) // groups)
        group_times: list[float] = []
        for g in range(groups):
            members = [{"value": uid} for uid in ids[g * per_group:(g + 1) * per_group]]
            elapsed, created = _timed(lambda g=g, members=members: client.post(
                "/Groups", json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                 "displayName": f"Group {g:03d}", "members": members}))
            assert created.status_code == 201, created.text
            group_times.append(elapsed)
        total_s = time.perf_counter() - started
        print(f"  full sync: {total_s:6.1f} s  (users {users_s:.1f} s incl. look-ups, "
              f"groups {total_s - users_s:.1f} s; {per_group} members each)")
        print_timing("create user (during sync)", creates, 0)
        print_timing("filter userName eq (sync)", lookups, 0)
        print_timing(f"create group ({per_group} members)", group_times, 0)

        # --- latency at 5,000 ----------------------------------------------------------
        rng = random.Random(7)
        sample = rng.sample(ids, min(SAMPLES, len(ids)))
        more = [_timed(lambda i=i: client.post("/Users", json=_user(users + i)))[0]
                for i in range(SAMPLES)]
        print_timing(f"create user (at {users:,})", more, 0)
        patches = []
        for n, uid in enumerate(sample):
            ops = [{"op": "Replace", "path": "displayName", "value": f"Renamed {n}"},
                   {"op": "Replace", "path": "active", "value": "False" if n % 2 else "True"}]
            elapsed, response = _timed(lambda uid=uid, ops=ops: client.patch(
                f"/Users/{uid}", json={"Operations": ops}))
            assert response.status_code == 200, response.text
            patches.append(elapsed)
        print_timing("patch user (name, active)", patches, 0)
        members_patch = []
        for n in range(SAMPLES):
            gid = str(rng.randrange(1, groups + 1))
            uid = rng.choice(ids)
            op = {"op": "add" if n % 2 == 0 else "remove", "path": "members",
                  "value": [{"value": uid}]}
            elapsed, response = _timed(lambda gid=gid, op=op: client.patch(
                f"/Groups/{gid}", json={"Operations": [op]}))
            assert response.status_code == 204, response.text
            members_patch.append(elapsed)
        print_timing("patch group members", members_patch, 0)
        finds = [_timed(lambda uid=uid: client.get("/Users", params={
            "filter": f'userName eq "person{int(uid) % users:05d}@corp.example"'}))[0]
            for uid in sample]
        print_timing("list filter userName eq", finds, 0)
        pages = []
        size = 0
        for n in range(SAMPLES // 4):
            elapsed, response = _timed(lambda n=n: client.get(
                "/Users", params={"startIndex": 1 + (n * 100) % users, "count": 100}))
            assert response.status_code == 200
            size = len(response.content)
            pages.append(elapsed)
        print_timing("list page of 100 users", pages, size)
        group_pages = [_timed(lambda: client.get("/Groups", params={
            "excludedAttributes": "members", "count": 100}))[0] for _ in range(SAMPLES // 4)]
        print_timing("list 100 groups (no members)", group_pages, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--postgres",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/"
                                "onmessage_bench_scim")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    on_both_databases(run, db_prefix="onmessage-bench-scim-", postgres=args.postgres,
                      no_postgres=args.no_postgres, users=args.users, groups=args.groups)


if __name__ == "__main__":
    main()
