"""Learning records out: xAPI statements from drill reviews, scored attempts, review
decisions and certifications; the outbox, `onmessage export xapi`, and delivery to a real
LRS (Ralph, started here on a free port) that is down, refuses, or already has them."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app import jobs, xapi
from app.cli import cli
from app.db import Database
from app.migrations import upgrade
from app.models import User
from app.settings import Settings, get_settings
from app.xapi_buffer import StatementBuffer
from app.xapi_models import XapiStatement
from certification import service
from drills.drill_models import Drill, DrillCard, DrillReview
from tests.async_run import run_async
from tests.certification.helpers import BASE, T0, launched, manager_of, master, refresh, scored
from tests.conftest import REPO, TEST_SECRET

# The minutely job runs after the answers it backs up (it leaves the last seconds'
# answers to the request path's buffer, see xapi.BUFFER_GRACE).
JOB_AT = T0 + timedelta(minutes=1)

ADL = "http://adlnet.gov/expapi/verbs/"


def learning_events(session: Session, now: datetime = T0) -> User:
    """One of each: a drill review, two scored pitches, an approval, a certification."""
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)
    card, drill = session.exec(select(DrillCard, Drill)
                               .join(Drill, col(Drill.id) == DrillCard.drill_id)
                               .where(DrillCard.user_id == rep.id)).first()  # type: ignore[misc]
    session.add(DrillReview(card_id=card.id or 0, user_id=rep.id or 0, drill_id=drill.id or 0,
                            rating=3, reviewed_at=now, source="typed", answer="immutable",
                            correct=True, state_before=2, state_after=2, duration_ms=4200,
                            due_after=now + timedelta(days=9)))
    scored(session, rep, module, 1, "elevator", 92, now)
    proof = scored(session, rep, module, 1, "proof", 86, now)
    refresh(session, rep, now)
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                            now=now, base_url=BASE)
    _, reader = manager_of(session, team)
    service.decide(session=session, review_id=review.id or 0, reviewer=reader,
                   decision="approved", rubric={"message_accuracy": 5, "clarity": 4,
                                                "confidence": 4, "objection_handling": 3},
                   overrides={}, comment="Clear and on message.", now=now, base_url=BASE)
    session.flush()
    return rep


def statements(session: Session) -> list[XapiStatement]:
    return list(session.exec(select(XapiStatement).order_by(col(XapiStatement.source_kind),
                                                            col(XapiStatement.source_id))))


# --- building statements --------------------------------------------------------------------


def test_each_learning_event_becomes_one_statement_once(session: Session) -> None:
    rep = learning_events(session)
    assert xapi.collect(session=session, base_url=BASE, now=T0) == 5
    rows = statements(session)
    assert sorted((r.source_kind, r.verb) for r in rows) == [
        ("certification", ADL + "completed"), ("drill_review", ADL + "answered"),
        ("pitch_attempt", ADL + "scored"), ("pitch_attempt", ADL + "scored"),
        ("review", ADL + "passed")]
    assert {r.user_id for r in rows} == {rep.id}
    # Again (or on another machine at once): nothing new, nothing duplicated.
    assert xapi.collect(session=session, base_url=BASE, now=T0) == 0
    assert len(statements(session)) == 5
    # The id is a function of the deployment and the event alone.
    for r in rows:
        assert r.id == xapi.statement_id(base_url=BASE, kind=r.source_kind,
                                         source_id=r.source_id) == r.statement["id"]


def test_statement_carries_actor_verb_object_result_and_module_version(session: Session
                                                                       ) -> None:
    rep = learning_events(session)
    xapi.collect(session=session, base_url=BASE, now=T0)
    by_kind = {r.source_kind: r.statement for r in statements(session)}
    drill = by_kind["drill_review"]
    assert drill["actor"] == {"objectType": "Agent",
                              "account": {"homePage": BASE, "name": str(rep.id)}}
    assert drill["verb"]["id"] == ADL + "answered"
    assert drill["object"]["id"].startswith(f"{BASE}/xapi/activities/modules/harbor-cert/drills/")
    assert drill["result"]["success"] is True and drill["result"]["response"] == "immutable"
    assert drill["result"]["duration"] == "PT4.20S"
    assert drill["timestamp"] == "2026-03-02T09:00:00.000Z"
    ctx = drill["context"]
    assert ctx["contextActivities"]["parent"][0]["id"] == (
        f"{BASE}/xapi/activities/modules/harbor-cert/versions/1")
    assert ctx["extensions"][f"{BASE}/xapi/extensions/module-version"] == 1

    pitch = next(r.statement for r in statements(session)
                 if r.source_kind == "pitch_attempt"
                 and r.statement["object"]["id"].endswith("/pitches/proof"))
    assert pitch["result"]["score"] == {"scaled": 0.86, "raw": 86.0, "min": 0, "max": 100}
    assert pitch["result"]["success"] is True  # 86 >= the rule's pass mark of 80
    review = by_kind["review"]
    assert review["verb"]["id"] == ADL + "passed"
    assert review["result"]["response"] == "Clear and on message."
    assert "instructor" in review["context"]
    cert = by_kind["certification"]
    assert cert["object"]["id"] == f"{BASE}/xapi/activities/modules/harbor-cert/versions/1"
    assert cert["result"]["success"] is True


def test_only_finished_things_are_recorded(session: Session) -> None:
    rep, _team, module = launched(session)
    attempt = scored(session, rep, module, 1, "elevator", 70, T0)
    attempt.status, attempt.score = "transcribing", None
    session.add(attempt)
    session.flush()
    assert xapi.collect(session=session, base_url=BASE, now=T0) == 0
    attempt.status, attempt.score = "done", 70
    session.add(attempt)
    session.flush()
    assert xapi.collect(session=session, base_url=BASE, now=T0) == 1


# --- a real database: export and delivery ---------------------------------------------------


@pytest.fixture
def own_db(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'xapi.db'}"
    upgrade(url=url)
    db = Database(Settings(environment="test", secret_key=TEST_SECRET, data_dir=tmp_path,
                           database_url=url, base_url=BASE))
    with db.session() as s:
        learning_events(s)
        s.commit()
    yield db
    db.engine.dispose()


def with_lrs(db: Database, url: str | None, username: str | None = None,
             password: str | None = None) -> Database:
    settings = db.settings.model_copy(update={"lrs_url": url, "lrs_username": username,
                                              "lrs_password": password, "lrs_timeout_s": 5.0})
    return Database(settings, engine=db.engine)


def cli_env(db: Database, monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
    for name in list(os.environ):
        if name.startswith("ONMESSAGE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ONMESSAGE_DATABASE_URL", db.settings.resolved_database_url)
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "test")
    monkeypatch.setenv("ONMESSAGE_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("ONMESSAGE_BASE_URL", BASE)
    for key, value in extra.items():
        monkeypatch.setenv(f"ONMESSAGE_{key.upper()}", value)
    get_settings.cache_clear()


def test_export_cli_writes_json_lines(own_db: Database, monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    cli_env(own_db, monkeypatch)
    try:
        runner = CliRunner()
        out = tmp_path / "statements.jsonl"
        # Nothing has run the periodic job: the export records what is missing first.
        result = runner.invoke(cli, ["export", "xapi", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "Wrote 5 statement(s)" in result.output
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(lines) == 5 and all({"id", "actor", "verb", "object", "timestamp"} <= set(s)
                                       for s in lines)
        assert [s["timestamp"] for s in lines] == sorted(s["timestamp"] for s in lines)
        to_stdout = runner.invoke(cli, ["export", "xapi", "--since", "2026-03-01"])
        assert to_stdout.exit_code == 0 and len(to_stdout.stdout.splitlines()) == 5
        later = runner.invoke(cli, ["export", "xapi", "--since", "2026-03-03"])
        assert later.exit_code == 0 and later.stdout == ""
        bad = runner.invoke(cli, ["export", "xapi", "--since", "last tuesday"])
        assert bad.exit_code == 2 and "not a date" in bad.output
    finally:
        get_settings.cache_clear()


def test_the_periodic_flush_writes_in_short_slices(own_db: Database,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Built while reading, written a slice per short write turn: all five, once each.
    monkeypatch.setattr(xapi, "SLICE", 2)
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 5
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 0
    with own_db.session() as s:
        assert xapi.outbox_counts(session=s)["recorded"] == 5


def test_later_flushes_start_after_the_reviews_already_covered(own_db: Database) -> None:
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 5
    with own_db.session() as s:
        newest = s.exec(select(DrillReview.id).order_by(col(DrillReview.id).desc())).first()
        review = s.get(DrillReview, newest)
        assert review is not None
        # SQLite commits reviews in id order: the next run starts after this one.
        assert xapi._SQLITE_REVIEWS_DONE[own_db.engine] == newest
        s.add(DrillReview(card_id=review.card_id, user_id=review.user_id,
                          drill_id=review.drill_id, rating=1, reviewed_at=T0, source="tap",
                          state_before=2, state_after=3, due_after=T0))
        s.commit()
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 1  # the new review, nothing else
    with own_db.session() as s:
        assert xapi.outbox_counts(session=s)["recorded"] == 6
    # A new process (no memory of earlier runs) checks every review, and finds none left.
    xapi._SQLITE_REVIEWS_DONE.clear()
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 0


def test_the_backstop_leaves_the_last_seconds_answers_to_the_buffer(
        own_db: Database) -> None:
    """Answers younger than BUFFER_GRACE are the request path's buffer's to write: the
    minutely job skips them (and, on SQLite, does not mark them done), then takes any the
    buffer lost once they are older."""
    with own_db.session() as s:
        newest = s.exec(select(DrillReview).order_by(col(DrillReview.id).desc())).first()
        assert newest is not None
        s.add(DrillReview(card_id=newest.card_id, user_id=newest.user_id,
                          drill_id=newest.drill_id, rating=3, reviewed_at=JOB_AT, source="tap",
                          state_before=2, state_after=2, due_after=JOB_AT))
        s.commit()
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 5  # not the one just answered
    later = JOB_AT + xapi.BUFFER_GRACE + timedelta(seconds=1)
    assert xapi.flush(db=own_db, now=lambda: later)[0] == 1  # lost by the buffer: built
    with own_db.session() as s:
        assert xapi.outbox_counts(session=s)["recorded"] == 6


async def until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Wait, polling, until `condition()` holds or `timeout_s` has passed (the test's own
    assertion then says what did not happen)."""
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


def test_drill_answers_statements_are_written_in_batches(own_db: Database) -> None:
    with own_db.session() as s:
        review, drill = s.exec(select(DrillReview, Drill)
                               .join(Drill, col(Drill.id) == DrillReview.drill_id)).one()
        cat = xapi.module_catalog(session=s, base_url=BASE, module_id=drill.module_id)
        row = xapi.drill_review_row(cat, review.model_dump(), drill, T0)

    def recorded() -> int:
        with own_db.session() as s:
            return xapi.outbox_counts(session=s)["recorded"]

    async def run() -> None:
        buffer = StatementBuffer(own_db, every_s=0.01)
        buffer.start()
        # As a drill answer adds it: built when its batch is written, catalog read then.
        buffer.add(xapi.PendingReview(review.model_dump(), drill, T0))
        await until(lambda: recorded() == 1)  # written by the buffer's own task
        assert recorded() == 1
        buffer.add(dict(row))  # the same review again (a retried batch): still one row
        await buffer.stop()  # what is left is written at shutdown
        assert recorded() == 1 and buffer.take() == []

    run_async(run())
    with own_db.session() as s:
        stored = s.exec(select(XapiStatement)).one()
        assert stored.statement == row["statement"]
    # The minutely job builds the same statement, so it only adds the other four events.
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 4


def test_a_failed_batch_is_left_to_the_minutely_job(own_db: Database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with own_db.session() as s:
        review, drill = s.exec(select(DrillReview, Drill)
                               .join(Drill, col(Drill.id) == DrillReview.drill_id)).one()
        cat = xapi.module_catalog(session=s, base_url=BASE, module_id=drill.module_id)
        row = xapi.drill_review_row(cat, review.model_dump(), drill, T0)
    buffer = StatementBuffer(own_db, every_s=0.01)
    calls: list[int] = []

    def broken(rows: list[dict[str, Any]]) -> None:
        calls.append(len(rows))
        raise RuntimeError("disk full")

    monkeypatch.setattr(buffer, "_write", broken)

    async def run() -> None:
        buffer.start()
        buffer.add(row)
        await until(lambda: len(calls) == 1)
        buffer.add(row)  # the task carried on after the failure
        await until(lambda: len(calls) == 2)
        await buffer.stop()

    run_async(run())
    assert calls == [1, 1] and buffer.take() == []  # dropped, not retried forever
    assert xapi.flush(db=own_db, now=lambda: JOB_AT)[0] == 5  # the job builds it instead


def test_without_an_lrs_statements_are_kept_not_sent(own_db: Database) -> None:
    added, result = xapi.flush(db=own_db, now=lambda: JOB_AT)
    assert added == 5 and result.sent == 0
    with own_db.session() as s:
        assert xapi.outbox_counts(session=s) == {"recorded": 5, "sent": 0, "waiting": 5}


def test_the_periodic_job_records_and_is_scheduled_with_the_service(own_db: Database) -> None:
    assert jobs.XAPI_KIND in [p.kind for p in jobs.SERVICE_PERIODIC]
    created = jobs.schedule_periodic(db=own_db, now=T0,
                                     periodic=[jobs.Periodic(jobs.XAPI_KIND, jobs.XAPI_EVERY_S)])
    assert len(created) == 1
    assert jobs.run_job(own_db, created[0]) == "done"
    with own_db.session() as s:
        assert xapi.outbox_counts(session=s)["recorded"] == 5


# --- a tiny recording server: the exact HTTP the sender speaks ------------------------------


class _Recorder(BaseHTTPRequestHandler):
    answers: ClassVar[list[int]] = []
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k.lower(): v for k, v in self.headers.items()}
        type(self).seen.append({"path": self.path, "headers": headers,
                                "body": json.loads(body)})
        code = type(self).answers.pop(0) if type(self).answers else 204
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Recorder", (_Recorder,), {"answers": [], "seen": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/xAPI/", handler
    server.shutdown()
    server.server_close()


def test_sender_puts_each_statement_by_id_with_the_xapi_header(
        own_db: Database, recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    handler.answers = [409, 500]  # the first is held already; the second fails this time
    db = with_lrs(own_db, url, "lrs", "secret")
    added, result = xapi.flush(db=db, now=lambda: JOB_AT)
    assert (added, result.sent, result.failed, result.waiting) == (5, 4, 1, 1)
    first = handler.seen[0]
    assert first["path"] == f"/xAPI/statements?statementId={first['body']['id']}"
    assert first["headers"]["x-experience-api-version"] == "1.0.3"
    assert first["headers"]["authorization"] == (
        "Basic " + base64.b64encode(b"lrs:secret").decode())
    with own_db.session() as s:
        failed = s.exec(select(XapiStatement).where(col(XapiStatement.sent_at).is_(None))).one()
        assert failed.last_error == "LRS answered 500" and failed.attempts == 1
        assert failed.next_attempt_at is not None
    # Not due yet: nothing is sent; once the backoff has passed it goes.
    assert xapi.send_pending(db=db, now=lambda: T0 + timedelta(seconds=5)).sent == 0
    later = xapi.send_pending(db=db, now=lambda: T0 + timedelta(minutes=5))
    assert (later.sent, later.waiting) == (1, 0)
    assert len(handler.seen) == 6


def test_cli_send_reports_what_happened(own_db: Database, monkeypatch: pytest.MonkeyPatch,
                                        recorder: tuple[str, type[_Recorder]]) -> None:
    url, handler = recorder
    try:
        cli_env(own_db, monkeypatch)
        kept = CliRunner().invoke(cli, ["xapi", "send"])
        assert "Recorded 5 new statement(s)." in kept.output and "No LRS configured" in kept.output
        cli_env(own_db, monkeypatch, lrs_url=url)
        sent = CliRunner().invoke(cli, ["xapi", "send"])
        assert sent.exit_code == 0, sent.output
        assert "Sent 5, failed 0, waiting 0." in sent.output and len(handler.seen) == 5
    finally:
        get_settings.cache_clear()


def test_backoff_grows_and_is_capped() -> None:
    assert [xapi.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert xapi.backoff(40) == timedelta(hours=6)


# --- a real LRS: Ralph -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ralph_python() -> Path | None:
    """Ralph pins an older FastAPI than OnMessage's, so it lives in its own virtualenv
    (see README, "Learning records and digests"); ONMESSAGE_TEST_RALPH_PYTHON overrides."""
    candidates = [os.environ.get("ONMESSAGE_TEST_RALPH_PYTHON"),
                  str(REPO / ".venv-ralph" / "bin" / "python")]
    for c in candidates:
        if c and Path(c).exists():
            return Path(c)
    return None


LRS_USER, LRS_PASSWORD = "onmessage", "lrs-test-password"
# Ralph's file-system backend (its zero-dependency one) writes each batch with operation
# CREATE, which refuses once its one statements file exists: every statement after the
# first gets a 500. Appending is what that backend does for APPEND, so the server is
# started with that default; validation, auth, id checks and queries are Ralph's own.
_RALPH_SERVER = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    python = _ralph_python()
    if python is None:
        pytest.skip("Ralph LRS is not installed: python3 -m venv .venv-ralph && "
                    ".venv-ralph/bin/pip install 'ralph-malph[backend-fs,lrs,cli]' requests")
    home = tmp_path_factory.mktemp("ralph")
    env = {**os.environ, "RALPH_APP_DIR": str(home), "RALPH_AUTH_FILE": str(home / "auth.json"),
           "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(home)}
    made = subprocess.run([str(python), "-m", "ralph", "auth", "-u", LRS_USER, "-p", LRS_PASSWORD,
                           "-s", "all", "-M", "mailto:lrs@example.com", "-w"],
                          env=env, capture_output=True, text=True, timeout=60)
    if made.returncode != 0:
        pytest.skip(f"Ralph could not write its credentials file: {made.stderr[-500:]}")
    port = _free_port()
    log = (home / "server.log").open("w")
    proc = subprocess.Popen([str(python), "-c", _RALPH_SERVER, str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/xAPI/"
    try:
        if not jobs.wait_for(lambda: _up(url), timeout=30, interval=0.2):
            pytest.skip("Ralph did not start: " + (home / "server.log").read_text()[-800:])
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _up(url: str) -> bool:
    try:
        urllib.request.urlopen(url.replace("/xAPI/", "/__lbheartbeat__"), timeout=1)
        return True
    except OSError:
        return False


def lrs_statements(url: str, **params: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    req = urllib.request.Request(f"{url}statements?limit=1000&{query}",
                                 headers={"X-Experience-API-Version": "1.0.3"})
    pair = base64.b64encode(f"{LRS_USER}:{LRS_PASSWORD}".encode()).decode()
    req.add_header("Authorization", f"Basic {pair}")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return list(json.loads(resp.read())["statements"])


def test_statements_reach_a_real_lrs_once_even_when_resent(own_db: Database, ralph: str
                                                            ) -> None:
    db = with_lrs(own_db, ralph, LRS_USER, LRS_PASSWORD)
    before = {s["id"] for s in lrs_statements(ralph)}
    added, result = xapi.flush(db=db, now=lambda: JOB_AT)
    assert (added, result.sent, result.failed, result.waiting) == (5, 5, 0, 0), result.errors
    with own_db.session() as s:
        ids = {r.id for r in statements(s)}
    stored = [s for s in lrs_statements(ralph) if s["id"] not in before]
    assert {s["id"] for s in stored} == ids
    assert {s["verb"]["id"] for s in stored} == {ADL + v for v in
                                                  ("answered", "scored", "passed", "completed")}
    # A crash after the LRS answered but before the outbox was marked: everything is sent
    # again, and the LRS still holds each statement once.
    with own_db.session() as s:
        for row in statements(s):
            row.sent_at = None
            s.add(row)
        s.commit()
    again = xapi.send_pending(db=db, now=lambda: T0)
    assert again.sent == 5 and again.failed == 0
    after = [s for s in lrs_statements(ralph) if s["id"] not in before]
    assert sorted(s["id"] for s in after) == sorted(ids)


def test_an_lrs_that_is_down_or_refuses_keeps_statements_waiting(own_db: Database, ralph: str
                                                                 ) -> None:
    down = with_lrs(own_db, f"http://127.0.0.1:{_free_port()}/xAPI/", LRS_USER, LRS_PASSWORD)
    started = time.monotonic()
    added, result = xapi.flush(db=down, now=lambda: JOB_AT)
    # One try, then the run stops: the rest would fail the same way.
    assert (added, result.sent, result.failed, result.waiting) == (5, 0, 1, 5)
    assert time.monotonic() - started < 5
    assert "unreachable" in result.errors[0]

    refused = with_lrs(own_db, ralph, LRS_USER, "wrong-password")
    bad = xapi.send_pending(db=refused, now=lambda: T0 + timedelta(hours=1))
    assert bad.sent == 0 and bad.failed == 5 and set(bad.errors) == {"LRS answered 401"}

    fixed = with_lrs(own_db, ralph, LRS_USER, LRS_PASSWORD)
    assert xapi.send_pending(db=fixed, now=lambda: T0 + timedelta(hours=1)).sent == 0  # backoff
    ok = xapi.send_pending(db=fixed, now=lambda: T0 + timedelta(days=1))
    assert (ok.sent, ok.waiting) == (5, 0)
    with own_db.session() as s:
        assert all(r.sent_at is not None and r.last_error is None for r in statements(s))
