"""A module's own rubric criteria in marketing's draft editor and on the rep's read page:
shown, kept through edits, its problems pointing at it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.models import Role
from drills.modules import get_draft, get_module, import_playbook
from tests.app.test_module_editor import draft_content, edit
from tests.factories import csrf_of, make_user, sign_in

SAMPLE = (Path(__file__).resolve().parents[1] / "drills/playbooks/keel-rubric.yaml").read_bytes()
# The editor shows the criteria one per line in its rubric field.
LABELS = "Message accuracy\nDiscovery questions (open, about cost)\nActive listening\n" \
         "Next step agreed"


def test_the_editor_shows_and_keeps_the_rubric(client: TestClient, session: Session) -> None:
    import_playbook(session=session, data=SAMPLE, filename="keel.yaml", by=None, now=utcnow(),
                    as_draft=True)
    author = sign_in(client, make_user(session, Role.MARKETING))
    session.commit()
    page = author.get("/modules/keel-discovery/draft")
    assert page.status_code == 200
    assert 'id="f-certification-rubric"' in page.text and LABELS in page.text

    r = edit(author, "keel-discovery", op="set", path="certification.pitch_score", value="75")
    assert r.status_code == 200, r.text
    content = draft_content(session, "keel-discovery")
    assert content["certification"]["pitch_score"] == 75
    assert content["certification"]["rubric"][1] == {
        "id": "discovery", "label": "Discovery questions (open, about cost)"}

    # A broken rubric (a file's draft edited elsewhere) is listed and points at the block.
    draft = get_draft(session=session, module=get_module(session=session, slug="keel-discovery"))
    assert draft is not None
    draft.content = {**content, "certification": {**content["certification"],
                                                   "rubric": ["Clarity", "clarity"]}}
    session.add(draft)
    session.commit()
    page = author.get("/modules/keel-discovery/draft")
    assert "<code class=\"problem-path\">certification.rubric[1]</code>" in page.text
    assert 'href="#f-certification-rubric"' in page.text

    token = csrf_of(author, "/modules/keel-discovery/draft")
    r = author.post("/modules/keel-discovery/draft/publish", data={"csrf_token": token})
    assert r.status_code == 422 and "duplicate criterion id" in r.text


def test_reps_read_the_criteria_their_manager_scores(client: TestClient,
                                                     session: Session) -> None:
    import_playbook(session=session, data=SAMPLE, filename="keel.yaml", by=None, now=utcnow())
    author = sign_in(client, make_user(session, Role.MARKETING))
    session.commit()
    page = author.get("/modules/keel-discovery/versions/3")
    assert page.status_code == 200
    listed = LABELS.replace("\n", ", ")
    assert f"Your manager scores a recorded pitch from 1 to 5 on: {listed}." in page.text
