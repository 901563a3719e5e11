"""SQL statements and in-process CPU per drill card: what one answer costs the database.

Seeds a few reps as bench/drills_load.py does (a fresh database: PostgreSQL by default,
SQLite with --sqlite), serves the app in this process (TestClient, no network) and
answers cards in turn, counting every statement the engine sends per request. Prints the
statements per GET /due and per POST .../answers (and per POST .../answers?next=1), and
this process's CPU time per card (the client's share included: compare runs, not totals).

    .venv/bin/python bench/drill_statements.py [--sqlite] [--cards 200] [--show]

--show prints the statements of one answer (each request's, in order).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from support import fresh_postgres

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import drills_load  # noqa: E402  (the seed and answer bodies the load bench uses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="a fresh SQLite file instead")
    parser.add_argument("--postgres",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/onmessage_stmts")
    parser.add_argument("--cards", type=int, default=200, help="cards answered per mode")
    parser.add_argument("--reps", type=int, default=4)
    parser.add_argument("--show", action="store_true", help="print one answer's SQL")
    args = parser.parse_args()

    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from app.main import create_app
    from app.settings import Settings

    if args.sqlite:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='onmessage-stmts-')) / 'b.db'}"
    else:
        found = fresh_postgres(args.postgres)
        if found is None:
            raise SystemExit("PostgreSQL is not reachable")
        url = found
    drills_load.REPS = args.reps
    tokens = drills_load.seed(url)
    settings = Settings(environment="production", secret_key=drills_load.SECRET,
                        data_dir=Path(tempfile.mkdtemp(prefix="onmessage-stmts-data-")),
                        database_url=url, base_url="http://testserver")
    app = create_app(settings)
    sent: list[str] = []
    engine = app.state.db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    # Round trips the statements above leave out: a pooled connection's checkout (with
    # PostgreSQL, pre-pinged) and each transaction's COMMIT or ROLLBACK.
    @event.listens_for(engine, "checkout")
    def _checkout(*_args: Any) -> None:
        sent.append("-- checkout (pre-ping)" if engine.pool._pre_ping else "-- checkout")

    @event.listens_for(engine, "commit")
    def _commit(*_args: Any) -> None:
        sent.append("-- COMMIT")

    @event.listens_for(engine, "rollback")
    def _rollback(*_args: Any) -> None:
        sent.append("-- ROLLBACK")

    def sql(stmts: list[str]) -> int:
        return sum(not s.startswith("--") for s in stmts)

    def trips(stmts: list[str]) -> int:  # statements, commits and rollbacks, pings
        return sum(not s.startswith("-- checkout") or "pre-ping" in s for s in stmts)

    def request(client: TestClient, method: str, path: str, token: str,
                json: Any = None) -> tuple[Any, list[str]]:
        sent.clear()
        r = client.request(method, path, json=json,
                           headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        return r.json(), list(sent)

    with TestClient(app, base_url="http://testserver") as client:
        for one_request in (False, True):
            per_due: list[int] = []
            per_answer: list[int] = []
            trips_due: list[int] = []
            trips_answer: list[int] = []
            held: dict[str, dict[str, Any]] = {}
            shown = False
            cpu0 = time.process_time()
            for i in range(args.cards):
                token = tokens[i % len(tokens)]
                card = held.pop(token, None) if one_request else None
                if card is None:
                    body, stmts = request(client, "GET", "/api/v1/drills/due?limit=1", token)
                    per_due.append(sql(stmts))
                    trips_due.append(trips(stmts))
                    if not body["due"]:
                        continue
                    card = body["due"][0]
                path = f"/api/v1/drills/{card['drill_id']}/answers" + (
                    "?next=1" if one_request else "")
                body, stmts = request(client, "POST", path, token,
                                      drills_load._answer_body(card))
                per_answer.append(sql(stmts))
                trips_answer.append(trips(stmts))
                if one_request and body["next"]["due"]:
                    held[token] = body["next"]["due"][0]
                if args.show and not shown and i >= len(tokens):  # past each rep's first
                    shown = True
                    print(f"\n-- one POST {path} ({sql(stmts)} statements):")
                    for s in stmts:
                        print(f"    {len(s.encode()):5d} chars  ", " ".join(s.split())[:160])
            cpu = time.process_time() - cpu0
            mode = "one request per card (POST ?next=1)" if one_request \
                else "two requests per card (GET /due + POST)"
            print(f"\n{mode}, {len(per_answer)} answers on {url.split('@')[-1]}:")
            if per_due:
                print(f"  GET /due: statements mean {statistics.fmean(per_due):.2f} "
                      f"(min {min(per_due)}, max {max(per_due)}, n={len(per_due)}), "
                      f"round trips {statistics.fmean(trips_due):.2f}")
            print(f"  POST answer: statements mean {statistics.fmean(per_answer):.2f} "
                  f"(min {min(per_answer)}, max {max(per_answer)}), "
                  f"round trips {statistics.fmean(trips_answer):.2f}")
            total = sum(per_due) + sum(per_answer)
            print(f"  per card: {total / len(per_answer):.2f} statements, "
                  f"{(sum(trips_due) + sum(trips_answer)) / len(per_answer):.2f} round trips "
                  "(with checkout pings and commits), "
                  f"{cpu / len(per_answer) * 1000:.2f} ms CPU in this process "
                  "(server and client)", flush=True)


if __name__ == "__main__":
    main()
