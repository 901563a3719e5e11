"""Admin pages, API and CLI: users, teams, invites and the all-or-nothing CSV import."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.cli import cli
from app.clock import utcnow
from app.models import AuthSession, Invite, Role, Team, TeamManager, User
from app.settings import Settings, get_settings
from app.users import create_user, get_user_by_email, roles_of
from tests.app.helpers import CSRF, bearer, cookie_sign_in, count, snapshot
from tests.factories import make_team, make_user


@pytest.fixture
def admin_client(client: TestClient, session: Session) -> TestClient:
    cookie_sign_in(client, session, make_user(session, Role.ADMIN, name="Ada Admin"))
    return client


class Page:
    """A response whose text is unescaped, so messages read as a person sees them."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = html.unescape(response.text)


def post(client: TestClient, url: str, **data: Any) -> Page:
    return Page(client.post(url, data={**data, "csrf_token": CSRF}, follow_redirects=False))


def invite_link(html: str) -> str:
    match = re.search(r'value="(http://testserver/invite/[^"]+)"', html)
    assert match, "no invite link on the page"
    return match.group(1)


# --- users ------------------------------------------------------------------------------


def test_create_user_shows_a_working_invite_link(admin_client: TestClient,
                                                 session: Session) -> None:
    team = make_team(session, "West")
    response = post(admin_client, "/admin/users/new", email="Ana@Example.com", name="Ana Ortiz",
                    roles=["rep", "manager"], team_id=str(team.id), managed=[str(team.id)])
    assert response.status_code == 201, response.text
    user = get_user_by_email(session=session, email="ana@example.com")
    assert user is not None and user.team_id == team.id and user.password_hash is None
    assert roles_of(session=session, user_id=user.id or 0) == {Role.REP, Role.MANAGER}
    link = invite_link(response.text)
    admin_client.cookies.clear()
    page = admin_client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200 and "ana@example.com" in page.text


def test_edit_user(admin_client: TestClient, session: Session) -> None:
    west, east = make_team(session), make_team(session)
    rep = make_user(session, Role.REP, team=west)
    page = admin_client.get(f"/admin/users/{rep.id}")
    assert page.status_code == 200 and rep.email in page.text
    response = post(admin_client, f"/admin/users/{rep.id}", email="moved@example.com",
                    name="  Moved   Rep ", roles=["rep"], team_id=str(east.id))
    assert response.status_code == 303 and response.headers["location"] == "/admin/users"
    session.refresh(rep)
    assert (rep.email, rep.name, rep.team_id) == ("moved@example.com", "Moved Rep", east.id)
    assert "Saved Moved Rep." in admin_client.get("/admin/users").text


def test_deactivate_and_reactivate(admin_client: TestClient, session: Session,
                                   app: Any) -> None:
    rep = make_user(session, Role.REP)
    with TestClient(app) as phone:
        cookie_sign_in(phone, session, rep)
        response = post(admin_client, f"/admin/users/{rep.id}/active", active="0")
        assert response.status_code == 303
        session.refresh(rep)
        assert rep.is_active is False
        assert session.exec(select(AuthSession).where(AuthSession.user_id == rep.id)).all() == []
        assert phone.get("/", follow_redirects=False).status_code == 303
        listing = admin_client.get("/admin/users").text
        assert "deactivated" in listing
    again = post(admin_client, f"/admin/users/{rep.id}/active", active="1")
    assert again.status_code == 303
    session.refresh(rep)
    assert rep.is_active is True


def test_admin_cannot_lock_themselves_out(admin_client: TestClient, session: Session) -> None:
    admin = session.exec(select(User).where(User.name == "Ada Admin")).one()
    own_page = admin_client.get(f"/admin/users/{admin.id}").text
    assert "another admin can deactivate it" in own_page and ">Deactivate<" not in own_page
    refused = post(admin_client, f"/admin/users/{admin.id}/active", active="0")
    assert refused.status_code == 422 and "your own account" in refused.text
    demote = post(admin_client, f"/admin/users/{admin.id}", email=admin.email, name=admin.name,
                  roles=["marketing"], team_id="")
    assert demote.status_code == 422 and "own admin role" in demote.text
    session.refresh(admin)
    assert admin.is_active and Role.ADMIN in roles_of(session=session, user_id=admin.id or 0)


def test_new_invite_link_replaces_the_old(admin_client: TestClient, session: Session) -> None:
    first = post(admin_client, "/admin/users/new", email="li@example.com", name="Li Wei",
                 roles=["marketing"])
    old = invite_link(first.text)
    user = get_user_by_email(session=session, email="li@example.com")
    assert user is not None
    second = post(admin_client, f"/admin/users/{user.id}/invite")
    assert second.status_code == 200
    new = invite_link(second.text)
    assert new != old
    assert admin_client.get(old.removeprefix("http://testserver")).status_code == 409
    assert admin_client.get(new.removeprefix("http://testserver")).status_code == 200


def test_no_invite_for_a_deactivated_user(admin_client: TestClient, session: Session) -> None:
    user = make_user(session, Role.MARKETING)
    user.is_active = False
    session.add(user)
    session.commit()
    response = post(admin_client, f"/admin/users/{user.id}/invite")
    assert response.status_code == 422 and "Reactivate" in response.text
    assert count(session, Invite) == 0


def test_duplicate_email_is_409_and_writes_nothing(admin_client: TestClient,
                                                   session: Session) -> None:
    existing = make_user(session, Role.MARKETING)
    before = snapshot(session)
    response = post(admin_client, "/admin/users/new", email=existing.email.upper(),
                    name="Someone Else", roles=["marketing"])
    assert response.status_code == 409
    assert f"A user with the email {existing.email} already exists" in response.text
    assert "open that user instead, or use another email" in response.text  # what to do
    assert 'value="Someone Else"' in response.text  # the form keeps what was typed
    assert snapshot(session) == before
    other = make_user(session, Role.MARKETING)
    session.commit()
    edit = post(admin_client, f"/admin/users/{other.id}", email=existing.email,
                name=other.name, roles=["marketing"], team_id="")
    assert edit.status_code == 409 and "already exists" in edit.text


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": "N" * 121}, "at most 120 characters"),
    ({"email": "a" * 250 + "@example.com"}, "at most 254 characters"),
    ({"email": "not-an-email"}, "not a valid email address"),
    ({"name": "   "}, "A name is required"),
    ({"roles": []}, "at least one role"),
    ({"roles": ["boss"]}, "Unknown role 'boss'"),
    ({"roles": ["rep"], "team_id": ""}, "A rep must belong to a team"),
    ({"team_id": "99999"}, "Team 99999 does not exist"),
    ({"team_id": "abc"}, "is not a team"),
    ({"roles": ["marketing"], "managed": ["{team}"]}, "Only a manager can manage teams"),
    ({"name": "x" * 2001}, "Some fields were missing or invalid"),
])
def test_bad_user_fields_are_422(admin_client: TestClient, session: Session,
                                 fields: dict[str, Any], message: str) -> None:
    team = make_team(session)
    data: dict[str, Any] = {"email": "new@example.com", "name": "New Person",
                            "roles": ["rep"], "team_id": str(team.id)}
    data.update(fields)
    data["managed"] = [str(team.id) if m == "{team}" else m for m in data.get("managed", [])]
    before = snapshot(session)
    response = post(admin_client, "/admin/users/new", **data)
    assert response.status_code == 422, response.text[:500]
    assert message in response.text
    assert snapshot(session) == before


def test_users_list_filters_by_team(admin_client: TestClient, session: Session) -> None:
    west, east = make_team(session, "West"), make_team(session, "East")
    make_user(session, Role.REP, team=west, name="Wendy West")
    make_user(session, Role.REP, team=east, name="Ed East")
    page = admin_client.get("/admin/users", params={"team": west.id}).text
    assert "Wendy West" in page and "Ed East" not in page


def test_non_admin_gets_403(client: TestClient, session: Session) -> None:
    cookie_sign_in(client, session, make_user(session, Role.MANAGER))
    response = client.get("/admin/users")
    assert response.status_code == 403 and "for admin accounts" in response.text


# --- teams --------------------------------------------------------------------------------


def test_create_rename_and_staff_a_team(admin_client: TestClient, session: Session) -> None:
    created = post(admin_client, "/admin/teams", name="Enterprise  West")
    assert created.status_code == 303
    team = session.exec(select(Team).where(Team.name == "Enterprise West")).one()
    assert created.headers["location"] == f"/admin/teams/{team.id}"
    manager = make_user(session, Role.MANAGER, name="Max Manager")
    page = admin_client.get(f"/admin/teams/{team.id}")
    assert page.status_code == 200 and "Max Manager" in page.text
    saved = post(admin_client, f"/admin/teams/{team.id}", name="Enterprise North",
                 managers=[str(manager.id)])
    assert saved.status_code == 303
    session.refresh(team)
    assert team.name == "Enterprise North"
    assert session.exec(select(TeamManager.user_id).where(
        TeamManager.team_id == team.id)).all() == [manager.id]
    listing = admin_client.get("/admin/teams").text
    assert "Enterprise North" in listing and "managed by Max Manager" in listing


def test_team_errors(admin_client: TestClient, session: Session) -> None:
    team = make_team(session, "West")
    other = make_team(session, "East")
    rep = make_user(session, Role.REP, team=team)
    before = snapshot(session)
    dup = post(admin_client, "/admin/teams", name="west")
    assert dup.status_code == 409 and "A team called 'west' already exists" in dup.text
    assert "choose another name" in dup.text  # what to do about it
    long = post(admin_client, "/admin/teams", name="T" * 121)
    assert long.status_code == 422 and "at most 120 characters" in long.text
    empty = post(admin_client, "/admin/teams", name=" ")
    assert empty.status_code == 422 and "team name is required" in empty.text
    rename = post(admin_client, f"/admin/teams/{other.id}", name="West")
    assert rename.status_code == 422 and "already exists" in rename.text
    not_manager = post(admin_client, f"/admin/teams/{team.id}", name="West",
                       managers=[str(rep.id)])
    assert not_manager.status_code == 422 and "is not a manager" in not_manager.text
    assert snapshot(session) == before
    assert admin_client.get("/admin/teams/99999").status_code == 404


# --- CSV import -----------------------------------------------------------------------------

GOOD_CSV = (
    "email,name,team,roles\n"
    "ana@example.com,Ana Ortiz,West,rep\n"
    "li@example.com,Li Wei,West,manager;rep\n"
    "mo@example.com,Mo Salah,,marketing\n"
)


def upload(client: TestClient, data: bytes, create_teams: bool = False,
           name: str = "people.csv") -> Page:
    form = {"csrf_token": CSRF, **({"create_teams": "1"} if create_teams else {})}
    return Page(client.post("/admin/import", data=form,
                            files={"file": (name, data, "text/csv")}, follow_redirects=False))


def test_import_a_good_file(admin_client: TestClient, session: Session) -> None:
    make_team(session, "West")
    before = count(session, User)
    response = upload(admin_client, GOOD_CSV.encode())
    assert response.status_code == 303 and response.headers["location"] == "/admin/users"
    assert count(session, User) == before + 3
    li = get_user_by_email(session=session, email="li@example.com")
    assert li is not None
    assert roles_of(session=session, user_id=li.id or 0) == {Role.MANAGER, Role.REP}
    assert "Imported 3 users" in admin_client.get("/admin/users").text


def test_import_can_create_teams(admin_client: TestClient, session: Session) -> None:
    response = upload(admin_client, GOOD_CSV.encode("utf-8-sig"), create_teams=True)
    assert response.status_code == 303
    assert session.exec(select(Team).where(Team.name == "West")).first() is not None


BAD_FILES: list[tuple[str, bytes, list[tuple[int, str]]]] = [
    ("missing column", b"email,name,roles\na@example.com,A,rep\n",
     [(1, "missing column(s): team")]),
    ("unknown team",
     b"email,name,team,roles\na@example.com,A,West,rep\nb@example.com,B,Nowhere,rep\n",
     [(3, "unknown team 'Nowhere'")]),
    ("bad role", b"email,name,team,roles\na@example.com,A,West,rep;boss\n",
     [(2, "Unknown role 'boss'")]),
    ("bad email", b"email,name,team,roles\nnot-an-email,A,West,rep\n",
     [(2, "not a valid email address")]),
    ("duplicate in file",
     b"email,name,team,roles\na@example.com,A,West,rep\nA@example.com,A2,West,rep\n",
     [(3, "appears twice (also line 2)")]),
    ("duplicate in database", b"email,name,team,roles\nexisting@example.com,E,West,rep\n",
     [(2, "already exists")]),
    ("rep without team", b"email,name,team,roles\na@example.com,A,,rep\n",
     [(2, "a rep needs a team")]),
    ("short row", b"email,name,team,roles\na@example.com,A\n",
     [(2, "expected 4 columns, found 2")]),
    ("long name", b"email,name,team,roles\na@example.com," + b"N" * 121 + b",West,rep\n",
     [(2, "at most 120 characters")]),
    ("header only", b"email,name,team,roles\n", [(2, "header but no users")]),
    ("blank file", b"\n", [(1, "missing column")]),
    ("not utf-8", "email,name,team,roles\nzoe@example.com,Zoë,West,rep\n".encode("latin-1"),
     [(2, "not UTF-8")]),
    ("every bad row", b"email,name,team,roles\nok@example.com,Ok,West,rep\n"
     b"bad,B,West,rep\nc@example.com,C,Nowhere,rep\nd@example.com,D,West,chief\n",
     [(3, "not a valid email"), (4, "unknown team"), (5, "Unknown role 'chief'")]),
]


@pytest.fixture
def import_world(session: Session) -> None:
    west = make_team(session, "West")
    create_user(session=session, email="existing@example.com", name="Existing",
                roles=[Role.REP], team_id=west.id)
    session.commit()


@pytest.mark.parametrize(("data", "problems"), [(d, p) for _, d, p in BAD_FILES],
                         ids=[name for name, _, _ in BAD_FILES])
def test_import_bad_file_reports_each_line(admin_client: TestClient, session: Session,
                                          import_world: None, data: bytes,
                                          problems: list[tuple[int, str]]) -> None:
    before = snapshot(session)
    response = upload(admin_client, data)
    assert response.status_code == 422, response.text[:500]
    assert "Nothing was imported" in response.text
    for line, reason in problems:
        assert re.search(rf"<li>Line {line}: [^<]*{re.escape(reason)}", response.text), (
            f"line {line}: {reason!r} not reported")
    assert snapshot(session) == before


def test_import_empty_and_oversized_files(admin_client: TestClient, session: Session,
                                          settings: Settings) -> None:
    before = snapshot(session)
    empty = upload(admin_client, b"")
    assert empty.status_code == 422 and "The CSV file is empty" in empty.text
    missing = admin_client.post("/admin/import", data={"csrf_token": CSRF},
                                follow_redirects=False)
    assert missing.status_code == 422 and "Choose a CSV file" in missing.text
    settings.max_upload_mb = 1
    big = GOOD_CSV.encode() + b"x@example.com,X,West,rep\n" * 50_000
    assert len(big) > 1024 * 1024
    response = upload(admin_client, big)
    assert response.status_code == 413
    assert "larger than 1 MB" in response.text
    assert snapshot(session) == before


def test_import_through_the_api(client: TestClient, session: Session,
                                import_world: None) -> None:
    headers = bearer(session, make_user(session, Role.ADMIN))
    before = count(session, User)
    bad = client.post("/api/v1/users/import", headers=headers,
                      files={"file": ("p.csv", BAD_FILES[-1][1], "text/csv")})
    assert bad.status_code == 422
    body = bad.json()
    assert "Nothing was imported" in body["detail"]
    assert [e["line"] for e in body["errors"]] == [3, 4, 5]
    assert count(session, User) == before
    good = client.post("/api/v1/users/import", headers=headers,
                       files={"file": ("p.csv", GOOD_CSV.encode(), "text/csv")})
    assert good.status_code == 201 and good.json() == {"created": 3, "teams_created": []}
    assert count(session, User) == before + 3
    created = client.post("/api/v1/users/import", params={"create_teams": "true"},
                          headers=headers, files={"file": (
                              "p.csv", b"email,name,team,roles\nz@example.com,Z,North,rep\n",
                              "text/csv")})
    assert created.status_code == 201 and created.json()["teams_created"] == ["North"]


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite file the `onmessage` command uses through its settings."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.chdir(tmp_path)  # no stray .env file
    monkeypatch.setenv("ONMESSAGE_DATABASE_URL", url)
    monkeypatch.setenv("ONMESSAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ONMESSAGE_ENVIRONMENT", "development")
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(cli, ["migrate"])
    assert result.exit_code == 0, result.output
    yield url
    get_settings.cache_clear()


def _cli_users(url: str) -> list[str]:
    from app.db import make_engine

    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return sorted(s.exec(select(User.email)).all())
    finally:
        engine.dispose()


def test_cli_import(cli_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_FILES[-1][1])
    result = runner.invoke(cli, ["users", "import", str(bad)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "line 3:" in result.output and "line 5: Unknown role 'chief'" in result.output
    assert _cli_users(cli_db) == []

    good = tmp_path / "good.csv"
    good.write_text(GOOD_CSV)
    missing_team = runner.invoke(cli, ["users", "import", str(good)])
    assert missing_team.exit_code == 1 and "unknown team 'West'" in missing_team.output
    result = runner.invoke(cli, ["users", "import", "--create-teams", str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 users and teams West" in result.output
    assert _cli_users(cli_db) == ["ana@example.com", "li@example.com", "mo@example.com"]


def test_cli_create_user(cli_db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["users", "create", "--email", "ops@example.com",
                                 "--name", "Ops Person", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Invite link: http://127.0.0.1:8000/invite/" in result.output
    again = runner.invoke(cli, ["users", "create", "--email", "ops@example.com",
                                "--name", "Ops Person", "--role", "admin"])
    assert again.exit_code == 1 and "already exists" in again.output
    rep = runner.invoke(cli, ["users", "create", "--email", "r@example.com", "--name", "R",
                              "--role", "rep", "--team", "Nowhere"])
    assert rep.exit_code != 0 and "Nowhere" in rep.output
    assert _cli_users(cli_db) == ["ops@example.com"]


def test_invite_everyone_who_has_not_joined_in_one_action(admin_client: TestClient,
                                                          session: Session) -> None:
    for email, name in (("ana@example.com", "Ana Ortiz"), ("li@example.com", "Li Wei")):
        made = post(admin_client, "/admin/users/new", email=email, name=name,
                    roles=["marketing"])
        assert made.status_code == 201, made.text
    joined = make_user(session, Role.REP, name="Already Here")  # has a password
    # Signed in through single sign-on: no password, but joined all the same.
    sso = make_user(session, Role.REP, name="Signed In By Sso", password=False)
    sso.last_login_at = utcnow()
    session.add(sso)
    session.commit()
    users = Page(admin_client.get("/admin/users"))
    assert "2 people have not joined yet" in users.text
    page = post(admin_client, "/admin/invites")
    assert page.status_code == 200
    links = re.findall(r'value="(http://testserver/invite/[^"]+)"', page.text)
    assert len(links) == 2 and "Ana Ortiz" in page.text and "Li Wei" in page.text
    assert joined.name not in page.text and sso.name not in page.text
    assert "ana@example.com,http://testserver/invite/" in page.text  # the copy-all lines
    for link in links:  # every one works
        assert admin_client.get(link.removeprefix("http://testserver")).status_code == 200
