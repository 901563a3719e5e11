"""A judgement the scorer is unsure of ("manager to check") never decides a
certification alone: a module without manager sign-off certifies on the sure score, and
a manager's decision on an attempt settles its unsure judgements."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.models import Role
from app.settings import Settings
from certification import state as st
from drills.attempt_models import PitchAttempt
from drills.modules import get_module, import_playbook
from tests.app.helpers import cookie_sign_in
from tests.app.test_scoring_learning import judged, take
from tests.certification.helpers import cert_of, do_launch, master
from tests.factories import make_team, make_user

PLAYBOOK = """\
format: 1
module: shield-solo
version: 1
title: Shield on its own
messages:
  - id: behaviour
    statement: >-
      It detects attacks by behaviour, not signatures, so it catches threats nobody has
      seen before.
    keywords: [behaviour, signatures, zero-day]
pitches:
  - id: lift
    prompt: "Tell the CISO how Shield catches new attacks."
    messages: [behaviour]
certification:
  drill_retention: 0.85
  pitch_score: 80
  manager_signoff: false
  valid_days: 180
"""
# Near the statement but not sure: the scorer's confidence on it is in the "manager to
# check" band (0.43 on 6 Dec; "It detects by behaviour and catches new threats", which
# says the claim's verb too, became a sure 0.90 that day as the scorer improved).
UNSURE = "It looks at behaviour and catches new threats."
SURE = ("It detects attacks by behaviour, not signatures, so it catches threats nobody has "
        "seen before.")


def test_an_unsure_covered_message_does_not_certify_alone(
        client: TestClient, session: Session, settings: Settings) -> None:
    now = utcnow()
    version = import_playbook(session=session, data=PLAYBOOK, filename="p.yaml", by=None,
                              now=now)
    module = get_module(session=session, slug="shield-solo")
    team = make_team(session)
    rep = make_user(session, Role.REP, team=team)
    do_launch(session, module, version.version, team, now)
    master(session, rep, module, now)
    session.commit()
    cookie_sign_in(client, session, rep)

    first = take(client, session, settings, UNSURE, "unsure-take-001", module="shield-solo",
                 pitch="lift")
    behaviour = judged(first, "behaviour")
    assert behaviour["covered"] and behaviour["check"]  # covered, but a manager should look
    assert first["score"] == 100 and first["result"]["sure_score"] == 0
    stored = session.get(PitchAttempt, first["id"])
    assert stored is not None and stored.sure_score == 0
    session.expire_all()
    cert = cert_of(session, rep, module)
    assert cert.state != st.CERTIFIED and cert.pitches_met == 0
    page = client.get(f"/attempts/{first['id']}").text
    assert ("The scorer is unsure about 1 of these messages (marked “Manager to check”): until "
            "a manager confirms them, this take counts as 0 towards certification.") in page

    second = take(client, session, settings, SURE, "unsure-take-002", module="shield-solo",
                  pitch="lift")
    assert not judged(second, "behaviour")["check"] and second["result"]["sure_score"] == 100
    assert "until a manager confirms them" not in client.get(f"/attempts/{second['id']}").text
    assert "You conveyed 1 of 1 message" in client.get(f"/attempts/{second['id']}").text
    # Their manager reads the same take: its sentences name the rep, not "You"
    manager = make_user(session, Role.MANAGER, manages=(team,), name="Morgan Lead")
    session.commit()
    cookie_sign_in(client, session, manager)
    seen = client.get(f"/attempts/{second['id']}").text
    rep_first = rep.name.split()[0]
    assert f"{rep_first} conveyed 1 of 1 message" in seen and "You conveyed" not in seen
    cookie_sign_in(client, session, rep)
    session.expire_all()
    assert cert_of(session, rep, module).state == st.CERTIFIED
