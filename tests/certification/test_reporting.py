"""Team reporting read by the database: the overview's counts match a row-by-row recount,
and the CSV (everyone, or some teams) says what the rows say, formula-safe."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.certification import service as pages_service
from app.db import make_engine
from app.models import Role
from app.settings import Settings
from certification import reporting, service
from certification import state as st
from certification.models import Certification
from drills.models import Module
from drills.modules import get_module
from drills.scheduling import as_utc
from tests.certification.helpers import T0, do_launch, playbook, publish
from tests.factories import make_team, make_user

NOW = T0 + timedelta(days=10)
# (state, days from NOW to the due date or None), dealt to the certifications in turn.
DEAL = [(st.CERTIFIED, -5), (st.NEEDS_UPDATE, 3), (st.LAPSED, None), (st.IN_PROGRESS, -1),
        (st.NOT_STARTED, 0), (st.AWAITING_REVIEW, 9), (st.RETURNED, -2), (st.IN_PROGRESS, None)]


def world(session: Session) -> list[Certification]:
    """Two teams, two modules launched to both, certifications in every state."""
    teams = [make_team(session, "Alpha"), make_team(session, "Bravo")]
    names = ["zoe Quinn", "Adam Berg", "=HYPERLINK(1)", "Mia Chen", "adam Ames"]
    for i, name in enumerate(names):
        make_user(session, Role.REP, team=teams[i % 2], name=name)
    for slug in ("harbor-cert", "harbor-two"):
        version = publish(session, playbook(1, slug=slug))
        module = get_module(session=session, slug=slug)
        for team in teams:
            do_launch(session, module, version.version, team, T0)
    certs = list(session.exec(select(Certification).order_by(Certification.id)))
    for cert, (state, due) in zip(certs, DEAL * 2, strict=False):
        cert.state = state
        cert.due_at = NOW + timedelta(days=due) if due is not None else None
        if state in st.HOLDS:
            cert.certified_at, cert.valid_until = T0, T0 + timedelta(days=180)
        session.add(cert)
    session.flush()
    return certs


def test_overview_counts_match_a_recount(session: Session) -> None:
    certs = world(session)
    grid = reporting.overview_grid(session=session, now=NOW)
    expected: dict[tuple[int, int], tuple[int, int, int, int, int]] = {}
    for c in certs:
        n, held, working, lapsed, overdue = expected.get((c.team_id or 0, c.module_id),
                                                         (0, 0, 0, 0, 0))
        expected[(c.team_id or 0, c.module_id)] = (
            n + 1, held + (c.state in st.HOLDS),
            working + (c.state in (st.IN_PROGRESS, st.AWAITING_REVIEW, st.RETURNED)),
            lapsed + (c.state == st.LAPSED),
            # Overdue exactly as the rows' own rule says (a due date of right now is).
            overdue + st.is_overdue(c.state, as_utc(c.due_at) if c.due_at else None, NOW))
    assert {k: (c.assigned, c.certified, c.in_progress, c.lapsed, c.overdue)
            for k, c in grid.cells.items()} == expected
    assert grid.totals.assigned == len(certs) == 10
    assert grid.totals.overdue == 4
    assert grid.totals.certified == sum(c.certified for c in grid.cells.values())
    held = next(c for c in grid.cells.values() if c.certified)
    assert held.percent == round(100 * held.certified / held.assigned)
    # Each row lists one cell per module, in the header's order.
    for tid, _name in grid.teams:
        assert [c.module_id if c else None for c in grid.row(tid)] == [
            m.id for m in grid.modules]


def test_overview_lists_a_launched_team_nobody_has_looked_at(session: Session) -> None:
    certs = world(session)
    empty = make_team(session, "Charlie")  # launched to, no reps yet
    module = session.get(Module, certs[0].module_id)
    assert module is not None
    do_launch(session, module, 1, empty, T0)
    grid = reporting.overview_grid(session=session, now=NOW)
    assert (empty.id, module.id) in grid.cells
    assert grid.cells[(empty.id or 0, module.id or 0)].assigned == 0
    assert [name for _, name in grid.teams] == ["Alpha", "Bravo", "Charlie"]


def test_csv_rows_say_what_the_certifications_say(session: Session) -> None:
    certs = world(session)
    rows = list(csv.reader(io.StringIO(reporting.to_csv(session=session, now=NOW))))
    assert rows[0] == reporting.CSV_HEADER
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == len(certs)
    # By name (case-insensitive), then module; a name that reads as a formula is quoted.
    assert [r["rep"] for r in body[::2]] == ["'=HYPERLINK(1)", "adam Ames", "Adam Berg",
                                             "Mia Chen", "zoe Quinn"]
    assert [r["module"] for r in body[:2]] == ["harbor-cert", "harbor-two"]
    folks = service.people(session=session, user_ids=[c.user_id for c in certs])
    slug_of = {m.id: m.slug for m in session.exec(select(Module))}
    by_key = {(folks[c.user_id].email, slug_of[c.module_id]): c for c in certs}
    for r in body:
        cert = by_key[(r["email"], r["module"])]
        due = as_utc(cert.due_at) if cert.due_at else None
        assert r["state"] == cert.state and r["team_id"] == str(cert.team_id)
        assert r["due"] == (due.date().isoformat() if due else "")
        assert r["overdue"] == ("yes" if st.is_overdue(cert.state, due, NOW) else "no")
        assert r["certified_at"] == (T0.date().isoformat() if cert.state in st.HOLDS else "")
        assert r["valid_until"] == ((T0 + timedelta(days=180)).date().isoformat()
                                    if cert.state in st.HOLDS else "")
    alpha = certs[0].team_id
    team_rows = list(csv.reader(io.StringIO(reporting.to_csv(session=session, now=NOW,
                                                             team_ids=[alpha or 0]))))
    assert {r[2] for r in team_rows[1:]} == {str(alpha)} and len(team_rows) == 1 + 6


def test_csv_comes_in_chunks(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    world(session)
    monkeypatch.setattr(reporting, "CSV_CHUNK_ROWS", 3)
    chunks = list(reporting.csv_export(session=session, now=NOW))
    # the header alone first (sent before the database has sorted anything), then the
    # 10 rows in threes and the rest
    assert chunks[0] == ",".join(reporting.CSV_HEADER) + "\r\n"
    assert len(chunks) == 5
    assert "".join(chunks) == reporting.to_csv(session=session, now=NOW)


def test_overview_reads_alike_in_parallel_and_in_turn(served_session: Session,
                                                       served_settings: Settings) -> None:
    # The page reads the share over time on a second connection while it reads the grid
    # (app/certification/service.py `overview`): the same page as reading them in turn.
    world(served_session)
    served_session.commit()
    engine = make_engine(served_settings.resolved_database_url)
    try:
        opened: list[Session] = []

        def open_session() -> Session:
            opened.append(Session(engine))
            return opened[-1]

        in_turn = pages_service.overview(served_session, NOW)
        in_parallel = pages_service.overview(served_session, NOW, open_session)
    finally:
        engine.dispose()
    assert len(opened) == 1 and opened[0] is not served_session
    assert in_parallel["rows"] == in_turn["rows"] and in_parallel["totals"] == in_turn["totals"]
    assert [c["svg"] for c in in_parallel["charts"]] == [c["svg"] for c in in_turn["charts"]]
    assert len(in_turn["charts"]) == 2 and "<polyline" in in_turn["charts"][0]["svg"]
