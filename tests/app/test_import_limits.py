"""Big imports are refused quickly and off the event loop, with small answers: playbooks
(page, API, CLI) and user CSV files (page, API, CLI).

The live server's view (other requests keep answering while an import is processed) is in
tests/live/test_imports_live.py.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

import app.users
import drills.playbook_format.loading
from app.cli import cli
from app.models import InboxItem, Role, Team, User
from app.settings import Settings
from app.users import (
    CsvImportError,
    create_user,
    get_user_by_email,
    parse_users_csv,
    roles_of,
)
from drills.models import Module
from tests.app.helpers import CSRF, bearer, cookie_sign_in, count, snapshot
from tests.factories import make_team, make_user

# The 900 KB file of 450,000 list items that once took 22.7 s and a 78 MB answer.
BIG_PLAYBOOK = ("format: 1\nmodule: big\nversion: 1\ntitle: Big\nmessages: ["
                + ",".join(["x"] * 450_000) + "]\n").encode()
# 450 messages that are not mappings: 450 problems, of which the first 100 are listed.
MANY_PROBLEMS = ("format: 1\nmodule: many\nversion: 1\ntitle: Many\nmessages:\n"
                 + "  - just text\n" * 450).encode()
NOTE = "showing the first 100 of 450 problems"
CSV_HEADER = b"email,name,team,roles\n"
# Small answers: an error page is a few KB of chrome plus at most 100 short problems.
SMALL = 40_000


def big_csv(rows: int, *, valid: bool = True) -> bytes:
    email = "person{}@example.com" if valid else "person{}-at-example.com"
    return CSV_HEADER + b"".join(
        f"{email.format(i)},Person {i},West,rep\n".encode() for i in range(rows))


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """`fn()` and the CPU time it took this process (every thread: the request's too).
    What these limits guard against is work (a worker thread busy for many seconds); wall
    time on a shared machine, or beside the suite's other workers, also counts the time
    spent waiting for a core."""
    started = time.process_time()
    result = fn()
    return result, time.process_time() - started


def text_of(response: Any) -> str:
    return html.unescape(response.text)


@pytest.fixture
def marketing(client: TestClient, session: Session) -> dict[str, str]:
    return bearer(session, make_user(session, Role.MARKETING))


@pytest.fixture
def admin(client: TestClient, session: Session) -> dict[str, str]:
    make_team(session, "West")
    return bearer(session, make_user(session, Role.ADMIN))


def api_import(client: TestClient, headers: dict[str, str], data: bytes) -> Any:
    return client.post("/api/v1/modules/import", content=data,
                       headers={**headers, "Content-Type": "application/yaml"})


def page_import(client: TestClient, data: bytes, name: str = "big.yaml") -> Any:
    return client.post("/modules/import", data={"csrf_token": CSRF},
                       files={"file": (name, data, "application/yaml")})


def csv_page(client: TestClient, data: bytes) -> Any:
    return client.post("/admin/import", data={"csrf_token": CSRF},
                       files={"file": ("people.csv", data, "text/csv")})


def csv_api(client: TestClient, headers: dict[str, str], data: bytes) -> Any:
    return client.post("/api/v1/users/import", headers=headers,
                       files={"file": ("people.csv", data, "text/csv")})


# --- playbooks ------------------------------------------------------------------------------


def test_the_900_kb_playbook_is_refused_quickly_with_a_small_answer(
        client: TestClient, session: Session, marketing: dict[str, str]) -> None:
    before = count(session, Module)
    response, elapsed = timed(lambda: api_import(client, marketing, BIG_PLAYBOOK))
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"path": "messages", "message": "has more than 1,000 items; the limit is 1,000"}]
    assert len(response.content) < 2_000
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert count(session, Module) == before


def test_the_api_lists_the_first_100_problems_and_counts_them_all(
        client: TestClient, marketing: dict[str, str]) -> None:
    body = api_import(client, marketing, MANY_PROBLEMS).json()
    assert len(body["problems"]) == 100
    assert body["problem_count"] == 450
    assert body["note"] == NOTE
    assert body["problems"][0] == {
        "path": "messages[0]", "message": "expected a message (a mapping of keys), got text"}


def test_the_upload_page_refuses_the_big_playbook_with_a_small_page(
        client: TestClient, session: Session) -> None:
    cookie_sign_in(client, session, make_user(session, Role.MARKETING))
    response, elapsed = timed(lambda: page_import(client, BIG_PLAYBOOK))
    assert response.status_code == 422
    assert "messages</code>: has more than 1,000 items; the limit is 1,000" in text_of(response)
    assert len(response.content) < SMALL
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    many = page_import(client, MANY_PROBLEMS, "many.yaml")
    assert many.status_code == 422
    assert text_of(many).count("expected a message (a mapping of keys)") == 100
    assert NOTE in text_of(many)
    assert len(many.content) < SMALL


def test_an_oversized_playbook_upload_names_the_limit(client: TestClient,
                                                      session: Session) -> None:
    cookie_sign_in(client, session, make_user(session, Role.MARKETING))
    response = page_import(client, b"# " + b"x" * 1_000_000)
    assert response.status_code == 413
    assert "larger than 1,000,000 bytes" in text_of(response)


def on_a_running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def parse_threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for each playbook or CSV row parsed, whether it ran on the event loop."""
    seen: list[bool] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen.append(on_a_running_loop())
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(drills.playbook_format.loading, "_load_yaml",
                        spy(drills.playbook_format.loading._load_yaml))
    monkeypatch.setattr(app.users, "_parse_csv_row", spy(app.users._parse_csv_row))
    return seen


def test_playbooks_are_parsed_off_the_event_loop(
        client: TestClient, session: Session, marketing: dict[str, str],
        parse_threads: list[bool]) -> None:
    demo = (Path(__file__).resolve().parents[2] / "app/demo/playbook.yaml").read_bytes()
    assert api_import(client, marketing, demo).status_code == 201
    cookie_sign_in(client, session, make_user(session, Role.MARKETING))
    assert page_import(client, MANY_PROBLEMS).status_code == 422
    assert parse_threads == [False, False]


# --- user CSV files --------------------------------------------------------------------------


def test_a_30000_row_csv_is_refused_before_its_rows_are_checked(
        client: TestClient, session: Session, admin: dict[str, str],
        parse_threads: list[bool]) -> None:
    before = snapshot(session)
    data = big_csv(30_000)
    response, elapsed = timed(lambda: csv_api(client, admin, data))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"line": 10_002, "message": "the file has more than 10,000 users; "
                               "the limit is 10,000 per import: split it into smaller files"}]
    assert len(response.content) < 2_000
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert parse_threads == []  # not one row was checked
    assert snapshot(session) == before


def test_the_row_limit_is_a_setting(client: TestClient, session: Session,
                                    settings: Settings) -> None:
    settings.max_import_rows = 3
    make_team(session, "West")
    cookie_sign_in(client, session, make_user(session, Role.ADMIN))
    response = csv_page(client, big_csv(4))
    assert response.status_code == 422
    assert "the file has more than 3 users; the limit is 3 per import" in text_of(response)
    assert csv_page(client, big_csv(3)).status_code == 200  # (after the redirect)


def test_blank_lines_are_bounded_too() -> None:
    """Blank lines are skipped, but a file of little else is refused at once, not read
    line by line (25 MB of them took 20 s of a worker thread)."""
    flood = CSV_HEADER + b"\n" * (25 * 1024 * 1024)
    started = time.process_time()  # CPU time, as `timed` measures
    with pytest.raises(CsvImportError) as exc:
        parse_users_csv(flood)
    assert time.process_time() - started < 1.0
    assert exc.value.errors == [(20_002, "the file has more than 20,000 lines; a file of at "
                                 "most 10,000 users has no more: remove the blank lines, or "
                                 "split it into smaller files")]
    some_blanks = big_csv(3) + b"\n" * 3
    assert len(parse_users_csv(some_blanks, max_rows=3).rows) == 3


def test_csv_problems_are_capped_at_100_with_the_total(
        client: TestClient, session: Session, admin: dict[str, str],
        parse_threads: list[bool]) -> None:
    data = big_csv(450, valid=False)
    body = csv_api(client, admin, data).json()
    assert len(body["errors"]) == 100 and body["error_count"] == 450
    assert body["note"] == NOTE
    assert len(parse_threads) == 450 and not any(parse_threads)  # all off the loop
    cookie_sign_in(client, session, make_user(session, Role.ADMIN))
    page = csv_page(client, data)
    assert page.status_code == 422
    assert len(re.findall(r"<li>Line \d+: ", text_of(page))) == 100
    assert NOTE in text_of(page)
    assert len(page.content) < SMALL


def test_a_valid_big_csv_is_imported(client: TestClient, session: Session,
                                     admin: dict[str, str]) -> None:
    before = count(session, User)
    response = csv_api(client, admin, big_csv(2_000))
    assert response.status_code == 201, response.text[:500]
    assert response.json() == {"created": 2_000, "teams_created": []}
    assert count(session, User) == before + 2_000


def test_imported_users_are_what_create_user_makes(
        client: TestClient, session: Session, marketing: dict[str, str],
        admin: dict[str, str]) -> None:
    """The batched import writes what one `create_user` per row would: roles, team and
    the launch notices of the team (here, for reps of West only)."""
    west = session.exec(select(Team).where(Team.name == "West")).one()
    demo = (Path(__file__).resolve().parents[2] / "app/demo/playbook.yaml").read_bytes()
    assert api_import(client, marketing, demo).status_code == 201
    launched = client.post("/api/v1/modules/northwind-shield-launch/launches",
                           json={"team_ids": [west.id]}, headers=marketing)
    assert launched.status_code == 201, launched.text
    one_by_one = create_user(session=session, email="solo@example.com", name="Solo",
                             roles=[Role.REP], team_id=west.id)
    data = CSV_HEADER + (b"ana@example.com,Ana,west,rep\n"  # (team names ignore case)
                         b"li@example.com,Li,West,manager;rep\n"
                         b"mo@example.com,Mo,,marketing\n")
    assert csv_api(client, admin, data).status_code == 201

    def made(email: str) -> tuple[Any, ...]:
        user = get_user_by_email(session=session, email=email)
        assert user is not None and user.id is not None
        notices = session.exec(select(InboxItem.title, InboxItem.link)
                               .where(InboxItem.user_id == user.id)).all()
        return (user.team_id, user.is_active, user.password_hash,
                sorted(roles_of(session=session, user_id=user.id)), notices)

    assert made("ana@example.com") == made(one_by_one.email)
    assert made("li@example.com")[3] == [Role.MANAGER, Role.REP]
    assert made("mo@example.com") == (None, True, None, [Role.MARKETING], [])


# --- the command line -----------------------------------------------------------------------


def test_cli_validate_refuses_the_big_playbook_and_caps_the_list(tmp_path: Path) -> None:
    runner = CliRunner()
    big = tmp_path / "big.yaml"
    big.write_bytes(BIG_PLAYBOOK)
    result, elapsed = timed(lambda: runner.invoke(cli, ["playbook", "validate", str(big)]))
    assert result.exit_code == 1
    assert "messages: has more than 1,000 items; the limit is 1,000" in result.output
    assert elapsed < 2.0
    many = tmp_path / "many.yaml"
    many.write_bytes(MANY_PROBLEMS)
    result = runner.invoke(cli, ["playbook", "validate", str(many)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{many}: {NOTE}"
    assert len(lines) == 101


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from app.settings import get_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONMESSAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("ONMESSAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "development")
    get_settings.cache_clear()
    assert CliRunner().invoke(cli, ["migrate"]).exit_code == 0
    yield
    get_settings.cache_clear()


def test_cli_users_import_bounds_rows_and_problems(tmp_path: Path, cli_env: None) -> None:
    runner = CliRunner()
    big = tmp_path / "big.csv"
    big.write_bytes(big_csv(30_000))
    result, elapsed = timed(lambda: runner.invoke(cli, ["users", "import", str(big)]))
    assert result.exit_code == 1
    assert "line 10002: the file has more than 10,000 users" in result.output
    assert elapsed < 2.0
    bad = tmp_path / "bad.csv"
    bad.write_bytes(big_csv(450, valid=False))
    result = runner.invoke(cli, ["users", "import", "--create-teams", str(bad)])
    assert result.exit_code == 1
    assert f"nothing was imported; {NOTE}." in result.output
    assert len(re.findall(r"^  line \d+: ", result.output, re.M)) == 100
