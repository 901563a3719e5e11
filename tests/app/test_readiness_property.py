"""One drill readiness figure: for random practice histories, the rep's home, My progress,
the certification page, the team views, the CSV and the API all report the same number,
and it is the share of the module's drills recalled at its target (floored)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlmodel import Session, col, select

from app.clock import utcnow
from app.models import Role
from certification import events
from certification.rules import readiness_percent
from drills.drill_models import NEW_QUEUE, SCHEDULED, Drill, DrillCard
from drills.scheduling import CardState, retrievability
from tests.app.helpers import bearer, cookie_sign_in
from tests.certification.helpers import BASE, cert_of, launched, master, set_card
from tests.factories import make_user

# A card never reviewed, or reviewed with this stability (days) this many days ago.
CARD = hs.one_of(hs.none(), hs.tuples(hs.floats(0.05, 400.0), hs.floats(0.0, 120.0)))
READINESS = re.compile(r"drill readiness (?:</span>)?(\d+)%", re.IGNORECASE)


def _figures(text: str) -> set[int]:
    return {int(n) for n in READINESS.findall(text)}


def _world(app: FastAPI, session: Session) -> dict[str, Any]:
    now = utcnow()
    rep, team, module = launched(session, now=now)
    master(session, rep, module, now)  # cards for every drill (states set per example)
    manager = make_user(session, Role.MANAGER, manages=(team,))
    cards = list(session.exec(select(DrillCard).where(
        DrillCard.user_id == rep.id, col(DrillCard.queue).in_((NEW_QUEUE, SCHEDULED)))
        .order_by(col(DrillCard.id))).all())
    spoken = set(session.exec(select(Drill.id).where(Drill.module_id == module.id,
                                                     Drill.kind == "spoken")).all())
    clients = {"rep": cookie_sign_in(TestClient(app), session, rep),
               "manager": cookie_sign_in(TestClient(app), session, manager)}
    return {"rep": rep, "module": module, "cards": cards, "spoken": spoken,
            "clients": clients, "api": bearer(session, rep)}


def _practise(session: Session, w: dict[str, Any], states: list[Any]) -> int:
    """Give the rep's cards these states, report the practice; the expected figure."""
    now = utcnow()
    recalled = total = 0
    for card, state in zip(w["cards"], states, strict=False):
        set_card(session, card, state, now)
        if card.drill_id in w["spoken"]:
            continue  # spoken drills are practised by recording, not counted here
        total += 1
        seen = CardState(state=card.state, step=card.step, stability=card.stability,
                         difficulty=card.difficulty, due=card.due,
                         last_review=card.last_review)
        recalled += retrievability(seen, now=now, desired_retention=0.85) >= 0.85
    session.flush()
    events.on_practice(session=session, user_id=w["rep"].id, module_id=w["module"].id,
                       now=now, base_url=BASE)
    session.commit()
    return readiness_percent(recalled / total if total else 0.0, total)


def test_every_surface_reports_the_same_drill_readiness(app: FastAPI,
                                                        session: Session) -> None:
    w = _world(app, session)
    cert = cert_of(session, w["rep"], w["module"])
    rep, manager = w["clients"]["rep"], w["clients"]["manager"]

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(hs.lists(CARD, min_size=len(w["cards"]), max_size=len(w["cards"])))
    def check(states: list[Any]) -> None:
        expected = _practise(session, w, states)
        session.refresh(cert)
        assert cert.drill_percent == expected
        seen: dict[str, set[int]] = {
            "home": _figures(rep.get("/").text),
            "my progress": _figures(rep.get("/drills/progress").text),
            "certification page": _figures(rep.get(f"/certification/{cert.id}").text),
            "my certifications": _figures(rep.get("/certification").text),
            "team certification": _figures(
                manager.get(f"/certification/team?team={cert.team_id}").text),
        }
        team_practice = manager.get("/drills/team").text
        seen["team practice"] = (_figures(team_practice) if "Drill readiness </span>"
                                 in team_practice else {expected})  # "not started"
        rows = list(csv.DictReader(io.StringIO(manager.get("/certification/team.csv").text)))
        seen["csv"] = {int(r["drill_readiness"]) for r in rows
                       if r["email"] == w["rep"].email}
        api = rep.get("/api/v1/certifications", headers=w["api"]).json()
        seen["api certifications"] = {a["drill_readiness"] for a in api}
        drills = rep.get("/api/v1/drills/progress", headers=w["api"]).json()
        seen["api drills"] = {m["drill_readiness"] for m in drills["modules"]}
        assert {k: v for k, v in seen.items() if v != {expected}} == {}

    check()


def test_my_certifications_shows_readiness_at_goal_with_pitches_left(
        app: FastAPI, session: Session) -> None:
    """Found by the property above: with the drills at the goal and pitches still to do,
    "Your certifications" named what was left and no readiness figure at all."""
    w = _world(app, session)
    expected = _practise(session, w, [None] + [(1.0, 0.0)] * (len(w["cards"]) - 1))
    cert = cert_of(session, w["rep"], w["module"])
    assert cert.drill_percent == expected
    page = w["clients"]["rep"].get("/certification").text
    assert "Still to do" in page  # the pitches
    assert _figures(page) == {expected}
