from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Role
from tests.factories import make_user, sign_in


def test_rep_signs_in_and_lands_on_home(client: TestClient, session: Session) -> None:
    rep = make_user(session, Role.REP)
    sign_in(client, rep)
    page = client.get("/")
    assert page.status_code == 200
    assert "Today" in page.text and rep.name.split()[0] in page.text


def test_healthz_reports_every_part(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["database"]["ok"] and body["job_queue"]["ok"]
    assert "transcription_model" in body
