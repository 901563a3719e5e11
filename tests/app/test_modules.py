"""Playbook modules through the web layer: import, publish, diff, launch, read, inbox."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from app.clock import utcnow
from app.models import InboxItem, Role, Team, User
from app.users import update_user
from drills.errors import Conflict
from drills.models import Launch, Module, ModuleVersion
from drills.modules import create_module, get_module, publish_draft, save_draft
from drills.playbook_format import parse_playbook
from tests.factories import api_token, make_team, make_user, sign_in

REPO = Path(__file__).resolve().parents[2]
DEMO_V1 = (REPO / "app/demo/playbook.yaml").read_text()
DEMO_V2 = (REPO / "app/demo/playbook-v2.yaml").read_text()
SAMPLES = sorted((REPO / "tests/drills/playbooks").glob("*.yaml"))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def world(session: Session, client: TestClient) -> dict[str, object]:
    west, east = make_team(session, "West"), make_team(session, "East")
    people = {
        "marketing": make_user(session, Role.MARKETING),
        "rep": make_user(session, Role.REP, team=west),
        "rep_east": make_user(session, Role.REP, team=east),
        "manager": make_user(session, Role.MANAGER, manages=(west,)),
        "admin": make_user(session, Role.ADMIN),
    }
    session.commit()
    tokens = {name: api_token(client, user) for name, user in people.items()}
    return {"west": west, "east": east, **people, "tokens": tokens}


def import_yaml(client: TestClient, token: str, text: str | bytes, **params: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/modules/import", content=text, params=params,
                       headers={**bearer(token), "Content-Type": "application/yaml"})


def count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


# --- import and export ------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_import_then_export_gives_back_an_equivalent_document(
    client: TestClient, world: dict, path: Path
) -> None:
    token = world["tokens"]["marketing"]
    created = import_yaml(client, token, path.read_bytes())
    assert created.status_code == 201, created.text
    body = created.json()
    exported = client.get(f"/api/v1/modules/{body['slug']}/versions/{body['version']}/export",
                          headers=bearer(token))
    assert exported.status_code == 200
    assert parse_playbook(exported.text) == parse_playbook(path.read_bytes())


def test_bad_playbooks_are_refused_with_their_paths_and_nothing_is_imported(
    client: TestClient, session: Session, world: dict
) -> None:
    token = world["tokens"]["marketing"]
    before = count(session, Module), count(session, ModuleVersion)
    cases = {
        "format: 1\nmodule: x\nversion: 1\ntitle: T\nmessages: [\n": "",
        "format: 1\nmodule: x\nversion: 1\ntitle: T\nmesages: []\n": "mesages",
        "format: 1\nmodule: Bad Slug\nversion: 1\ntitle: T\nmessages:\n  - id: a\n"
        "    statement: s\n": "module",
        "format: 1\nmodule: x\nversion: 1\ntitle: T\nmessages:\n  - id: a\n    statement: s\n"
        "  - id: a\n    statement: t\n": "messages[1].id",
        "format: 1\nmodule: x\nversion: 1\ntitle: T\nmessages:\n  - id: a\n    statement: s\n"
        "retired:\n  - phrase: old\n    replaced_by: nowhere\n": "retired[0].replaced_by",
        "format: 1\nmodule: x\nversion: 1\ntitle: T\nmessages: []\n": "messages",
    }
    for text, path in cases.items():
        response = import_yaml(client, token, text)
        assert response.status_code == 422, text
        problems = response.json()["problems"]
        assert problems and all(p["message"] for p in problems)
        assert path in [p["path"] for p in problems], (path, problems)
    not_utf8 = import_yaml(client, token, b"format: 1\ntitle: \xff\xfe\n")
    assert not_utf8.status_code == 422 and "UTF-8" in not_utf8.text
    huge = import_yaml(client, token, b"# " + b"x" * 1_100_000)
    assert huge.status_code == 422
    assert (count(session, Module), count(session, ModuleVersion)) == before


def test_a_version_that_does_not_grow_is_refused(client: TestClient, world: dict) -> None:
    token = world["tokens"]["marketing"]
    assert import_yaml(client, token, DEMO_V1).status_code == 201
    again = import_yaml(client, token, DEMO_V1)
    assert again.status_code == 422
    assert again.json()["problems"][0]["path"] == "version"
    assert import_yaml(client, token, DEMO_V2).status_code == 201


def test_import_as_draft_then_publish_and_published_versions_are_immutable(
    client: TestClient, session: Session, world: dict
) -> None:
    token = world["tokens"]["marketing"]
    assert import_yaml(client, token, DEMO_V1).status_code == 201
    staged = import_yaml(client, token, DEMO_V2, draft="true")
    assert staged.json() == {"slug": "northwind-shield-launch", "version": 2, "status": "draft"}
    # A published import while a draft is open would clash with it.
    third = DEMO_V2.replace("version: 2", "version: 3")
    assert import_yaml(client, token, third).status_code == 409
    module = get_module(session=session, slug="northwind-shield-launch")
    publish_draft(session=session, module=module, by=None, now=utcnow())
    with pytest.raises(Conflict):
        publish_draft(session=session, module=module, by=None, now=utcnow())
    with pytest.raises(Conflict):
        save_draft(session=session, module=module, content={}, now=utcnow())


def test_readers_cannot_write(client: TestClient, world: dict) -> None:
    for who in ("rep", "manager"):
        token = world["tokens"][who]
        assert import_yaml(client, token, DEMO_V1).status_code == 403
    assert import_yaml(client, world["tokens"]["marketing"], DEMO_V1).status_code == 201
    for who in ("rep", "manager"):
        launch = client.post("/api/v1/modules/northwind-shield-launch/launches",
                             json={"team_ids": [world["west"].id]},
                             headers=bearer(world["tokens"][who]))
        assert launch.status_code == 403


# --- diff -------------------------------------------------------------------------------


def test_version_diff_per_message(client: TestClient, world: dict) -> None:
    token = world["tokens"]["marketing"]
    import_yaml(client, token, DEMO_V1)
    import_yaml(client, token, DEMO_V2)
    diff = client.get("/api/v1/modules/northwind-shield-launch/versions/2/diff",
                      headers=bearer(token)).json()
    status = {m["id"]: m["status"] for m in diff["messages"]}
    assert status["rollback"] == "changed" and status["managed-detection"] == "added"
    assert [s for s in status.values() if s == "unchanged"]
    backwards = client.get("/api/v1/modules/northwind-shield-launch/versions/1/diff",
                           params={"against": 2}, headers=bearer(token)).json()
    assert {m["id"]: m["status"] for m in backwards["messages"]}["managed-detection"] == "removed"
    missing = client.get("/api/v1/modules/northwind-shield-launch/versions/9/diff",
                         headers=bearer(token))
    assert missing.status_code == 404


# --- launches, assignments, inbox ----------------------------------------------------------


def test_launch_assigns_every_rep_of_the_teams_and_a_newer_version_replaces_it(
    client: TestClient, session: Session, world: dict
) -> None:
    mkt = world["tokens"]["marketing"]
    import_yaml(client, mkt, DEMO_V1)
    url = "/api/v1/modules/northwind-shield-launch/launches"
    first = client.post(url, json={"team_ids": [world["west"].id, world["east"].id]},
                        headers=bearer(mkt))
    assert first.status_code == 201, first.text
    assert first.json()["reps_notified"] == 2
    # Default due date comes from due_days (21) in the playbook.
    due = first.json()["launches"][0]["due_at"]
    assert due.startswith((utcnow() + timedelta(days=21)).date().isoformat())
    # A double tap does not duplicate the launch or the notice.
    client.post(url, json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    assert count(session, Launch) == 2
    assert count(session, InboxItem) == 2

    import_yaml(client, mkt, DEMO_V2)
    second = client.post(url, json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    assert second.json()["launches"][0]["version"] == 2
    rep_view = client.get(url, headers=bearer(world["tokens"]["rep"])).json()
    assert [(x["team_id"], x["version"]) for x in rep_view] == [(world["west"].id, 2)]
    east_view = client.get(url, headers=bearer(world["tokens"]["rep_east"])).json()
    assert [x["version"] for x in east_view] == [1]
    # Launching the older version over the newer one is refused.
    back = client.post(url, json={"team_ids": [world["west"].id], "version": 1},
                       headers=bearer(mkt))
    assert back.status_code == 409


def test_launch_errors_are_clear(client: TestClient, session: Session, world: dict) -> None:
    mkt = world["tokens"]["marketing"]
    create_module(session=session, slug="unpublished", title="Unpublished",
                  created_by=None, now=utcnow())
    session.commit()
    r = client.post("/api/v1/modules/unpublished/launches",
                    json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    assert r.status_code == 409 and "no published version" in r.json()["detail"]
    import_yaml(client, mkt, DEMO_V1)
    url = "/api/v1/modules/northwind-shield-launch/launches"
    r = client.post(url, json={"team_ids": [999999]}, headers=bearer(mkt))
    assert r.status_code == 404 and "999999" in r.json()["detail"]
    r = client.post(url, json={"team_ids": [world["west"].id],
                               "due_at": (utcnow() - timedelta(days=1)).isoformat()},
                    headers=bearer(mkt))
    assert r.status_code == 422 and "future" in r.json()["detail"]
    assert client.post(url, json={"team_ids": []}, headers=bearer(mkt)).status_code == 422
    assert count(session, Launch) == 0


def test_a_rep_who_joins_later_gets_the_assignment(
    client: TestClient, session: Session, world: dict
) -> None:
    mkt = world["tokens"]["marketing"]
    import_yaml(client, mkt, DEMO_V1)
    client.post("/api/v1/modules/northwind-shield-launch/launches",
                json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    mover: User = world["rep_east"]
    assert mover.id is not None
    update_user(session=session, user_id=mover.id, name=mover.name, email=mover.email,
                roles=[Role.REP], team_id=world["west"].id)
    session.commit()
    items = session.exec(select(InboxItem).where(InboxItem.user_id == mover.id)).all()
    assert [i.kind for i in items] == ["launch"]
    sign_in(client, mover)
    home = client.get("/")
    assert "Northwind Shield launch" in home.text


def test_reps_and_managers_read_only_what_was_launched_to_their_teams(
    client: TestClient, world: dict
) -> None:
    mkt = world["tokens"]["marketing"]
    import_yaml(client, mkt, DEMO_V1)
    import_yaml(client, mkt, DEMO_V2)
    client.post("/api/v1/modules/northwind-shield-launch/launches",
                json={"team_ids": [world["west"].id], "version": 1}, headers=bearer(mkt))
    slug = "/api/v1/modules/northwind-shield-launch"
    for who in ("rep", "manager"):
        token = world["tokens"][who]
        assert client.get(slug, headers=bearer(token)).json()["version"] == 1
        assert client.get(slug, params={"version": 2}, headers=bearer(token)).status_code == 404
        listed = client.get("/api/v1/modules", headers=bearer(token)).json()
        assert [(m["slug"], m["versions"]) for m in listed] == [("northwind-shield-launch", [1])]
    other = world["tokens"]["rep_east"]
    assert client.get(slug, headers=bearer(other)).status_code == 404
    assert client.get("/api/v1/modules", headers=bearer(other)).json() == []
    assert client.get(slug, headers=bearer(mkt)).json()["version"] == 2


def test_whats_new_shows_changes_since_the_version_the_rep_read(
    client: TestClient, session: Session, world: dict
) -> None:
    mkt = world["tokens"]["marketing"]
    url = "/api/v1/modules/northwind-shield-launch/launches"
    import_yaml(client, mkt, DEMO_V1)
    client.post(url, json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    sign_in(client, world["rep"])
    page = client.get("/modules/northwind-shield-launch/whats-new")
    assert page.status_code == 200 and "New messaging for your team" in page.text
    csrf = client.cookies.get("om_csrf")
    read = client.post("/modules/northwind-shield-launch/learned",
                       data={"version": 1, "csrf_token": csrf}, follow_redirects=False)
    assert read.status_code == 303
    import_yaml(client, mkt, DEMO_V2)
    client.post(url, json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    page = client.get("/modules/northwind-shield-launch/whats-new")
    assert "New since you last read (v1)" in page.text
    assert "managed" in page.text.lower() and "Changed" in page.text
    # A version never launched to the rep's team cannot be marked as read.
    bogus = client.post("/modules/northwind-shield-launch/learned",
                        data={"version": 7, "csrf_token": csrf})
    assert bogus.status_code == 404


def test_inbox_lists_launches_and_marks_them_read(
    client: TestClient, session: Session, world: dict
) -> None:
    mkt = world["tokens"]["marketing"]
    import_yaml(client, mkt, DEMO_V1)
    client.post("/api/v1/modules/northwind-shield-launch/launches",
                json={"team_ids": [world["west"].id]}, headers=bearer(mkt))
    sign_in(client, world["rep"])
    page = client.get("/inbox")
    assert "New messaging: Northwind Shield launch" in page.text
    item = session.exec(select(InboxItem)).one()
    csrf = client.cookies.get("om_csrf")
    client.post(f"/inbox/{item.id}/read", data={"csrf_token": csrf})
    session.refresh(item)
    assert item.read_at is not None
    # Someone else's inbox item is not found, not marked.
    other = make_user(session, Role.REP, team=world["east"])
    session.commit()
    sign_in(client, other)
    r = client.post(f"/inbox/{item.id}/read", data={"csrf_token": client.cookies.get("om_csrf")})
    assert r.status_code == 404


def test_marketing_pages_cover_the_module_lifecycle(
    client: TestClient, session: Session, world: dict
) -> None:
    sign_in(client, world["marketing"])
    csrf = client.cookies.get("om_csrf")
    created = client.post("/modules", data={"slug": "fy27-pricing", "title": "FY27 pricing",
                                            "csrf_token": csrf}, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"].endswith("/draft")
    dup = client.post("/modules", data={"slug": "fy27-pricing", "title": "Again",
                                        "csrf_token": csrf})
    assert dup.status_code == 409 and "already exists" in dup.text
    bad = client.post("/modules", data={"slug": "Not A Slug", "title": "x", "csrf_token": csrf})
    assert bad.status_code == 422
    upload = client.post("/modules/import", data={"csrf_token": csrf},
                         files={"file": ("demo.yaml", DEMO_V1.encode(), "application/yaml")},
                         follow_redirects=False)
    assert upload.status_code == 303
    broken = client.post("/modules/import", data={"csrf_token": csrf},
                         files={"file": ("broken.yaml", b"format: 2\n", "application/yaml")})
    assert broken.status_code == 422 and "broken.yaml" in broken.text
    overview = client.get("/modules/northwind-shield-launch")
    assert overview.status_code == 200 and "Version 1" in overview.text
    west: Team = world["west"]
    launched = client.post("/modules/northwind-shield-launch/launches",
                           data={"version": 1, "teams": [west.id], "due": "2099-01-31",
                                 "csrf_token": csrf}, follow_redirects=False)
    assert launched.status_code == 303
    lnc = session.exec(select(Launch)).one()
    assert lnc.due_at is not None and lnc.due_at.date().isoformat() == "2099-01-31"
    bad_date = client.post("/modules/northwind-shield-launch/launches",
                           data={"version": 1, "teams": [west.id], "due": "31/01/2099",
                                 "csrf_token": csrf})
    assert bad_date.status_code == 422 and "not a date" in bad_date.text
    exported = client.get("/modules/northwind-shield-launch/export?version=1")
    assert exported.headers["content-type"].startswith("application/yaml")
    assert parse_playbook(exported.text) == parse_playbook(DEMO_V1)


def test_the_short_name_is_made_from_the_title_when_left_empty(
        client: TestClient, session: Session) -> None:
    from tests.factories import csrf_of

    mkt = make_user(session, Role.MARKETING)
    session.commit()
    sign_in(client, mkt)
    token = csrf_of(client, "/modules")
    r = client.post("/modules", data={"csrf_token": token, "title": "FY27 Pricing Story!",
                                      "slug": ""}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/modules/fy27-pricing-story/draft"
