"""Insights pages, CSV exports and the JSON API over HTTP (access has its own matrix rows)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.models import Role, Team
from drills.models import Module
from tests.app.helpers import bearer, cookie_sign_in
from tests.certification.helpers import do_launch, launched, publish
from tests.certification.test_insights import attempt
from tests.factories import make_team, make_user


def seeded(session: Session) -> tuple[Module, int, int]:
    """v1 launched to team A (two pitches) and team B (one, with a forbidden phrase)."""
    now = utcnow()
    rep, team_a, module = launched(session, now=now - timedelta(days=10))
    team_b = make_team(session)
    rep_b = make_user(session, Role.REP, team=team_b)
    do_launch(session, module, 1, team_b, now - timedelta(days=9))
    attempt(session, rep, module, now - timedelta(days=8),
            covered={"immutable": "backups are immutable so ransomware", "fast-restore": None})
    attempt(session, rep, module, now - timedelta(days=2),
            covered={"immutable": "backups are immutable so ransomware cannot",
                     "fast-restore": "restore it fast"})
    attempt(session, rep_b, module, now - timedelta(days=1),
            covered={"immutable": None, "fast-restore": None}, forbidden=("=cmd|guaranteed",))
    session.flush()
    return module, team_a.id or 0, team_b.id or 0


def test_marketing_sees_every_team_with_charts_and_ranking(client: TestClient,
                                                          session: Session) -> None:
    module, _, _ = seeded(session)
    cookie_sign_in(client, session, make_user(session, Role.MARKETING))
    page = client.get(f"/modules/{module.slug}/insights")
    assert page.status_code == 200
    text = page.text
    main = text.split("<main")[1].split("</main>")[0]
    assert "Adoption funnel" in text and '<svg class="chart' in text and "<script" not in main
    assert "Messages, weakest first" in text and "weakest" in text
    assert "2 teams" in text and "3 scored pitches" in text
    assert "“=cmd|guaranteed”" in text  # drift phrase listed, escaped as text
    assert "backups are immutable so ransomware" in text  # a phrasing repeated twice
    assert f"/modules/{module.slug}/insights/messages.csv?version=1" in text


def test_manager_sees_only_their_team_and_cannot_pick_another(client: TestClient,
                                                              session: Session) -> None:
    module, team_a, team_b = seeded(session)
    manager = make_user(session, Role.MANAGER, manages=(session.get_one(Team, team_a),))
    cookie_sign_in(client, session, manager)
    page = client.get(f"/modules/{module.slug}/insights")
    assert page.status_code == 200 and "1 team " in page.text and "2 scored pitches" in page.text
    assert "guaranteed" not in page.text  # team B's pitch is not theirs to read
    assert client.get(f"/modules/{module.slug}/insights?team={team_b}").status_code == 403
    assert client.get(f"/modules/{module.slug}/insights?version=7").status_code == 404
    home = client.get("/")
    assert f"/modules/{module.slug}/insights?version=1&amp;team={team_a}" in home.text


def test_csv_exports_each_table(client: TestClient, session: Session) -> None:
    module, team_a, _ = seeded(session)
    cookie_sign_in(client, session, make_user(session, Role.ADMIN))
    for table in ("funnel", "messages", "drift", "phrasings"):
        response = client.get(f"/modules/{module.slug}/insights/{table}.csv?version=1")
        assert response.status_code == 200, table
        assert response.headers["content-type"].startswith("text/csv")
        assert f"insights-{module.slug}-v1-{table}" in response.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(response.text)))
        assert len(rows) >= 2, table
    drift = client.get(f"/modules/{module.slug}/insights/drift.csv").text
    assert "'=cmd|guaranteed" in drift  # a spreadsheet will not run it
    one_team = client.get(f"/modules/{module.slug}/insights/messages.csv?team={team_a}")
    assert f"v1-team-{team_a}" in one_team.headers["content-disposition"]


def test_api_returns_the_same_data(client: TestClient, session: Session) -> None:
    module, team_a, _ = seeded(session)
    headers = bearer(session, make_user(session, Role.MARKETING))
    body = client.get(f"/api/v1/modules/{module.slug}/insights", headers=headers).json()
    assert body["launched"] is True and body["version"] == 1
    assert body["funnel"]["counts"]["launched"] == 2
    assert body["scored_attempts"] == 3
    assert body["messages"][0]["rank"] == 1
    assert {m["id"] for m in body["messages"]} == {"immutable", "fast-restore", "tested"}
    assert body["drift"]["phrases"][0]["phrase"] == "=cmd|guaranteed"
    narrowed = client.get(f"/api/v1/modules/{module.slug}/insights?team={team_a}",
                          headers=headers).json()
    assert narrowed["teams"] == [team_a] and narrowed["scored_attempts"] == 2


def test_unlaunched_module_shows_an_empty_state(client: TestClient, session: Session) -> None:
    from tests.certification.helpers import playbook

    publish(session, playbook(1, slug="unlaunched"))
    cookie_sign_in(client, session, make_user(session, Role.MARKETING))
    page = client.get("/modules/unlaunched/insights")
    assert page.status_code == 200 and "No insights yet" in page.text
    assert client.get("/modules/unlaunched/insights/messages.csv").status_code == 404
    assert client.get("/modules/nope/insights").status_code == 404


def test_module_overview_links_to_insights(client: TestClient, session: Session) -> None:
    module, _, _ = seeded(session)
    cookie_sign_in(client, session, make_user(session, Role.MARKETING))
    assert f'href="/modules/{module.slug}/insights"' in client.get(
        f"/modules/{module.slug}").text
