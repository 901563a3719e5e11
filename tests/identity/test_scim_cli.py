"""`onmessage scim token create/list/revoke`: printed once, stored hashed, usable, revocable."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import cli
from app.identity.models import ScimToken
from app.settings import Settings, get_settings
from tests.identity.scim_helpers import SCIM, fresh


@pytest.fixture
def cli_env(served_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ONMESSAGE_DATA_DIR", str(served_settings.data_dir))
    monkeypatch.setenv("ONMESSAGE_SECRET_KEY", served_settings.secret_key)
    if served_settings.database_url:
        monkeypatch.setenv("ONMESSAGE_DATABASE_URL", served_settings.database_url)
    else:
        monkeypatch.delenv("ONMESSAGE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield CliRunner()  # type: ignore[misc]
    get_settings.cache_clear()


def test_token_create_prints_once_stores_a_hash_and_revokes(
        cli_env: CliRunner, served_client: TestClient, served_session: Session) -> None:
    created = cli_env.invoke(cli, ["scim", "token", "create", "--name", "Okta production"])
    assert created.exit_code == 0, created.output
    raw = next(line for line in created.output.splitlines() if line.startswith("scim_"))
    assert "/scim/v2" in created.output
    fresh(served_session)
    row = served_session.exec(select(ScimToken)).one()
    assert row.name == "Okta production" and raw not in row.token_hash
    headers = {"Authorization": f"Bearer {raw}"}
    assert served_client.get(f"{SCIM}/Users", headers=headers).status_code == 200
    listed = cli_env.invoke(cli, ["scim", "token", "list"])
    assert "Okta production" in listed.output and raw not in listed.output
    revoked = cli_env.invoke(cli, ["scim", "token", "revoke", str(row.id)])
    assert revoked.exit_code == 0, revoked.output
    assert served_client.get(f"{SCIM}/Users", headers=headers).status_code == 401
    empty = cli_env.invoke(cli, ["scim", "token", "create", "--name", "  "])
    assert empty.exit_code == 2 and "token name is required" in empty.output
