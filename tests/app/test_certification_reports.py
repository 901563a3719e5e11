"""The admin overview and the CSV exports through HTTP, with what they show checked."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Role, Team, User
from certification.models import Certification, Review
from drills.models import Module
from tests.app.helpers import cookie_sign_in
from tests.certification.helpers import T0, scored
from tests.certification.test_reporting import world
from tests.factories import make_user


def test_overview_shows_each_team_and_module_and_agreement(client: TestClient,
                                                            session: Session) -> None:
    certs = world(session)
    # Two decided reviews on the first module: 3 judgements, 1 overridden.
    first = certs[0]
    rep, module = session.get(User, first.user_id), session.get(Module, first.module_id)
    assert rep is not None and module is not None
    attempt = scored(session, rep, module, 1, "elevator", 90, T0)
    for judged, overridden in ((2, 1), (1, 0)):
        session.add(Review(certification_id=first.id or 0, attempt_id=attempt.id or 0,
                           user_id=first.user_id, team_id=first.team_id,
                           module_id=first.module_id, status="approved", submitted_at=T0,
                           machine={}, judgements=judged, overridden=overridden))
    admin = make_user(session, Role.ADMIN)
    cookie_sign_in(client, session, admin)
    page = client.get("/certification/overview")
    assert page.status_code == 200
    text = page.text
    assert re.search(r">Alpha</a></th>", text) and re.search(r">Bravo</a></th>", text)
    held = sum(c.state in ("certified", "needs_update") for c in certs)
    assert f"certified ({held} of {len(certs)})" in text
    # Rows by team, cells by module (see `world`): Alpha holds 2 of 3 on the first module
    # (one lapsed) and 0 of 3 on the second; Bravo 0 of 2, then 2 of 2. Overdue as the
    # rows' rule says (a needs-update past its renewal deadline is overdue until swept).
    cells = re.findall(r'hm-label">(\d+)%</span><small>([^<]*)</small>', text)
    assert cells == [("67", "2/3 · 2 overdue · 1 lapsed"), ("0", "0/3 · 2 overdue"),
                     ("0", "0/2 · 2 overdue"), ("100", "2/2 · 1 overdue")]
    # Every figure sits in its own table cell (a <td> that is not display: table-cell is
    # drawn stacked with its neighbours under the first column).
    assert ".hm.hm-share { display: grid" not in client.get("/static/app.css").text
    assert "<strong>67%</strong> <small class=\"muted\">of 3 judgements in 2 reviews" in text
    assert text.count('<svg class="chart') == 2  # (the top bar's icons are SVGs too)


def test_csv_exports_stream_with_a_file_name(client: TestClient, session: Session) -> None:
    certs = world(session)
    admin = make_user(session, Role.ADMIN)
    alpha = certs[0].team_id
    team = session.get(Team, alpha)
    assert team is not None
    manager = make_user(session, Role.MANAGER, manages=(team,))
    cookie_sign_in(client, session, admin)
    everyone = client.get("/certification/team.csv")
    assert everyone.status_code == 200
    assert everyone.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="certification-all-teams-' in everyone.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(everyone.text)))
    assert len(rows) == 1 + len(session.exec(select(Certification)).all())
    cookie_sign_in(client, session, manager)
    mine = client.get("/certification/team.csv")
    assert f'filename="certification-team-{alpha}-' in mine.headers["content-disposition"]
    assert {r[2] for r in list(csv.reader(io.StringIO(mine.text)))[1:]} == {str(alpha)}
    # The team's and the module's names come last, for people reading it in a spreadsheet.
    named = list(csv.DictReader(io.StringIO(mine.text)))
    assert {r["team"] for r in named} == {team.name}
    assert all(r["module_title"] and r["module_title"] != r["module"] for r in named)


def test_the_served_csv_streams_from_its_own_session(served_client: TestClient,
                                                     served_session: Session) -> None:
    """As `make run` serves it, the download reads after the request's session is closed,
    on a session of its own: every committed certification is in it, names included."""
    certs = world(served_session)
    admin = make_user(served_session, Role.ADMIN)
    served_session.commit()
    cookie_sign_in(served_client, served_session, admin)
    with served_client.stream("GET", "/certification/team.csv") as download:
        assert download.status_code == 200
        text = "".join(download.iter_text())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(certs)
    assert {r["team"] for r in rows} >= {"Alpha", "Bravo"}
