"""Team reporting read by the database: the overview's counts match a row-by-row recount."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from app.models import Role
from certification import reporting
from certification import state as st
from certification.models import Certification
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
    cells, overdue, total = reporting.overview(session=session, now=NOW)
    expected: dict[tuple[int, int], tuple[int, int, int]] = {}
    for c in certs:
        n, held, lapsed = expected.get((c.team_id or 0, c.module_id), (0, 0, 0))
        expected[(c.team_id or 0, c.module_id)] = (
            n + 1, held + (c.state in st.HOLDS), lapsed + (c.state == st.LAPSED))
    assert {(c.team_id, c.module_id): (c.total, c.held, c.lapsed) for c in cells} == expected
    assert total == len(certs) == 10
    # Overdue exactly as the rows' own rule says (a due date of right now is overdue).
    assert overdue == sum(st.is_overdue(c.state, as_utc(c.due_at) if c.due_at else None, NOW)
                          for c in certs) == 4
    held = next(c for c in cells if c.held)
    assert held.percent == round(100 * held.held / held.total)
