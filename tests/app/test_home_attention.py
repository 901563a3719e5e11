"""A manager's home leads with who needs attention: overdue first, then due within a week;
reps certified or due later are not listed."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.home.attention import needing_attention
from app.models import Role
from tests.certification.helpers import T0, cert_of, do_launch, launched
from tests.factories import make_user


def test_overdue_comes_first_then_due_soon_and_nobody_else(session: Session) -> None:
    _on_time, team, module = launched(session, due_days=21)
    late = make_user(session, Role.REP, team=team, name="Late Larry")
    soon = make_user(session, Role.REP, team=team, name="Soon Sue")
    do_launch(session, module, 1, team, T0)  # assigns the two new reps too
    cert_of(session, late, module).due_at = T0 - timedelta(days=3)
    cert_of(session, soon, module).due_at = T0 + timedelta(days=4)
    session.flush()

    rows = needing_attention(session=session, team_ids=[team.id or 0], now=T0)
    assert [r.name for r in rows] == ["Late Larry", "Soon Sue"]  # the first rep: due in 21 days
    assert rows[0].why == "overdue by 3 days"
    assert rows[1].why.startswith("due in 4 days")
    assert all(r.module == module.title for r in rows)


def test_marketing_home_shows_new_field_reports_and_where_modules_are_launched(
        client: TestClient, session: Session) -> None:
    from drills import field_reports
    from tests.factories import sign_in

    rep, team, module = launched(session)
    field_reports.create(session=session, user_id=rep.id or 0, team_id=team.id,
                         module=module, version=1, message_id=None, kind="missing_objection",
                         note="We get this free with our bank.", source="message", now=T0)
    mkt = make_user(session, Role.MARKETING)
    session.commit()
    sign_in(client, mkt)
    page = client.get("/").text
    assert "1</span>" in page.split("new field report")[0][-80:]
    assert f"launched to {team.name}" in page
    assert "1 new field report" in page


def test_a_rep_with_no_streak_is_invited_to_start_one(served_client: TestClient,
                                                      served_session: Session) -> None:
    """A rep who has not practised read "0-day streak" under a flame on their home."""
    from tests.factories import sign_in

    rep, _team, _module = launched(served_session)
    served_session.commit()
    sign_in(served_client, rep)
    home = served_client.get("/").text
    assert "Start a streak today" in home
    assert "0-day streak" not in home
