"""Settings refuse unsafe production values; the CLI migrates and seeds; /healthz reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import cli
from app.db import make_engine
from app.demo import DEMO_PASSWORD, PEOPLE
from app.main import create_app
from app.models import Role, Team, TeamManager, User
from app.passwords import verify_password
from app.settings import DEFAULT_SECRET, Settings, get_settings
from app.users import load_account

GOOD_SECRET = "s" * 48


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No ONMESSAGE_* variables or .env file from the machine running the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("ONMESSAGE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


# --- settings ------------------------------------------------------------


@pytest.mark.parametrize(("values", "message"), [
    ({}, "ONMESSAGE_SECRET_KEY must be set"),
    ({"secret_key": DEFAULT_SECRET}, "ONMESSAGE_SECRET_KEY must be set"),
    ({"secret_key": "x" * 31}, "32+ characters"),
    ({"secret_key": GOOD_SECRET, "demo": True}, "ONMESSAGE_DEMO cannot be enabled"),
])
def test_production_refuses_unsafe_settings(clean_env: Path, values: dict[str, object],
                                           message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("+", r"\+")):
        Settings(environment="production", **values)


def test_production_reads_the_environment(clean_env: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="ONMESSAGE_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("ONMESSAGE_SECRET_KEY", GOOD_SECRET)
    settings = Settings()
    assert settings.environment == "production" and not settings.demo
    (clean_env / ".env").write_text("ONMESSAGE_DEMO=1\n")
    with pytest.raises(ValidationError, match="ONMESSAGE_DEMO"):
        Settings()


def test_development_allows_the_default_secret(clean_env: Path) -> None:
    settings = Settings()
    assert settings.environment == "development" and settings.secret_key == DEFAULT_SECRET
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("data/onmessage.db")
    assert not settings.secure_cookies
    assert Settings(base_url="https://om.example.com").secure_cookies


def test_cli_refuses_to_serve_or_seed_unsafely(clean_env: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "production")
    served = runner.invoke(cli, ["serve", "--port", "1"])
    assert served.exit_code != 0 and isinstance(served.exception, ValidationError)
    monkeypatch.setenv("ONMESSAGE_SECRET_KEY", GOOD_SECRET)
    get_settings.cache_clear()
    seeded = runner.invoke(cli, ["demo"])
    assert seeded.exit_code == 2 and "Refusing to seed demo accounts" in seeded.output


@pytest.mark.parametrize(("args", "expected"), [
    (["--port", "8123"], "http://127.0.0.1:8123"),
    (["--host", "localhost", "--port", "9000"], "http://localhost:9000"),
    (["--host", "::1", "--port", "9000"], "http://[::1]:9000"),
    (["--host", "0.0.0.0", "--port", "9000"], "http://127.0.0.1:8000"),  # unknown: default
])
def test_serve_gives_the_app_its_own_address(clean_env: Path, monkeypatch: pytest.MonkeyPatch,
                                             args: list[str], expected: str) -> None:
    """Served on another port with no ONMESSAGE_BASE_URL, links and the SSO and SCIM
    addresses name the port it serves on, not the default 8000."""
    import uvicorn

    seen: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.append(get_settings().base_url))
    # serve sets it for the app it starts: recorded here, so it is removed afterwards
    monkeypatch.setenv("ONMESSAGE_BASE_URL", "unset")
    monkeypatch.delenv("ONMESSAGE_BASE_URL")
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 0, result.output
    assert seen == [expected]
    if "0.0.0.0" in args:
        assert "set ONMESSAGE_BASE_URL" in result.output


def test_serve_keeps_a_base_url_that_is_set(clean_env: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.append(get_settings().base_url))
    monkeypatch.setenv("ONMESSAGE_BASE_URL", "https://onmessage.example.com")
    assert CliRunner().invoke(cli, ["serve", "--port", "8123"]).exit_code == 0
    assert seen == ["https://onmessage.example.com"]


# --- migrate and demo ------------------------------------------------------------


def _users(url: str) -> list[User]:
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            return list(s.exec(select(User).order_by(User.email)).all())
    finally:
        engine.dispose()


def test_migrate_and_demo_are_idempotent(clean_env: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{clean_env / 'demo.db'}"
    monkeypatch.setenv("ONMESSAGE_DATABASE_URL", url)
    monkeypatch.setenv("ONMESSAGE_DEMO", "1")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["migrate"])
        assert result.exit_code == 0 and "up to date" in result.output
    first = runner.invoke(cli, ["demo"])
    assert first.exit_code == 0, first.output
    assert "rep@example.com" in first.output and DEMO_PASSWORD in first.output
    users = _users(url)
    assert {u.email for u in users} == {p.email for p in PEOPLE}
    assert len(users) >= 9  # admin, marketing, managers, reps across two teams

    second = runner.invoke(cli, ["demo"])
    assert second.exit_code == 0, second.output
    assert "(0 things created)" in second.output
    assert len(_users(url)) == len(users)

    # One hash is shared by every demo account: checking it once checks them all.
    assert len({u.password_hash for u in users}) == 1
    assert verify_password(DEMO_PASSWORD, users[0].password_hash)

    engine = make_engine(url)
    try:
        with Session(engine) as s:
            teams = {t.id: t.name for t in s.exec(select(Team)).all()}
            assert len(teams) >= 2
            for user in s.exec(select(User)).all():
                account = load_account(session=s, user=user)
                if Role.REP in account.roles:
                    assert user.team_id in teams, user.email
                if Role.MANAGER in account.roles:
                    assert account.managed_team_ids, f"{user.email} manages no team"
            managed = set(s.exec(select(TeamManager.team_id)).all())
            assert managed == set(teams)  # every demo team has a manager

        app = create_app(Settings(environment="development", database_url=url,
                                  data_dir=clean_env, demo=True), engine=engine)
        with TestClient(app) as client:
            page = client.get("/login")
            assert "rep@example.com" in page.text  # the demo hint
            token = client.cookies["om_csrf"]
            signed_in = client.post("/login", data={"email": "rep@example.com",
                                                    "password": DEMO_PASSWORD,
                                                    "csrf_token": token})
            assert signed_in.status_code == 200 and signed_in.url.path == "/"
            assert "Hi Riley" in signed_in.text
    finally:
        engine.dispose()


# --- health ------------------------------------------------------------


def test_healthz_reports_each_part(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["database"]["ok"] and body["database"]["backend"] in {"sqlite", "postgresql"}
    assert (body["job_queue"]["ok"], body["job_queue"]["backend"]) == (True, "in-process")
    assert body["transcription_model"]["ok"] is True


def test_healthz_with_redis(client: TestClient, settings: Settings) -> None:
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except Exception as exc:
        pytest.skip(f"no Redis server at {url} ({exc}); start one to run this test")
    settings.redis_url = url
    body = client.get("/healthz").json()
    assert (body["job_queue"]["ok"], body["job_queue"]["backend"]) == (True, "redis")


def test_healthz_reports_what_is_not_ready(client: TestClient, settings: Settings,
                                           tmp_path: Path) -> None:
    settings.redis_url = "redis://127.0.0.1:1/0"
    settings.whisper_model = str(tmp_path)  # a folder without model.bin
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["database"]["ok"] is True
    assert body["job_queue"]["ok"] is False and body["job_queue"]["error"]
    assert body["transcription_model"]["ok"] is False
    assert "model.bin" in body["transcription_model"]["error"]


def test_readme_lists_every_setting() -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `ONMESSAGE_([A-Z0-9_]+)` \|", readme, re.MULTILINE))
    fields = {name.upper() for name in Settings.model_fields}
    assert table == fields
