"""Marketing's draft editor through the web layer: inline edits, preview, publish, discard."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.clock import utcnow
from app.models import Role
from drills.models import Module, ModuleVersion
from drills.modules import create_module, get_draft, get_module, import_playbook, publish_draft
from tests.app.helpers import cookie_sign_in
from tests.factories import csrf_of, make_user, sign_in

REPO = Path(__file__).resolve().parents[2]
DEMO_V1 = (REPO / "app/demo/playbook.yaml").read_bytes()
HX = {"HX-Request": "true"}


def headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf_of(client, "/"), **HX}


def edit(client: TestClient, slug: str, **form: Any) -> httpx.Response:
    return client.post(f"/modules/{slug}/draft/edit", data=form, headers=headers(client))


def draft_content(session: Session, slug: str) -> dict[str, Any]:
    session.expire_all()
    draft = get_draft(session=session, module=get_module(session=session, slug=slug))
    assert draft is not None
    return draft.content


@pytest.fixture
def author(client: TestClient, session: Session) -> TestClient:
    user = make_user(session, Role.MARKETING)
    session.commit()
    return sign_in(client, user)


@pytest.fixture
def module(session: Session) -> Module:
    module, _ = create_module(session=session, slug="fy27-pricing", title="FY27 pricing",
                              created_by=None, now=utcnow())
    session.commit()
    return module


def test_editor_page_shows_every_section_with_labelled_inputs(
        author: TestClient, module: Module) -> None:
    page = author.get("/modules/fy27-pricing/draft")
    assert page.status_code == 200
    for heading in ("Basics", "Key messages", "Objections", "Forbidden phrases",
                    "Retired phrases", "Pitches", "Certification"):
        assert heading in page.text
    # Every input, textarea and select has a label pointing at it (or sits inside one).
    ids = re.findall(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"',
                     page.text)
    assert "f-messages-0-statement" in ids
    for element_id in ids:
        assert f'for="{element_id}"' in page.text, element_id
    assert 'hx-post="/modules/fy27-pricing/draft/edit"' in page.text
    # A new module's first message is empty (a hint, not text): it cannot be published yet.
    assert re.search(r'id="publish-button"[^>]*disabled', page.text)
    assert "must not be empty" in page.text


def test_a_new_module_cannot_be_published_before_its_first_message_is_written(
        author: TestClient, session: Session, module: Module) -> None:
    r = author.post("/modules/fy27-pricing/draft/publish", headers=headers(author),
                    follow_redirects=False)
    assert r.status_code == 422
    assert "Not published" in r.text and "must not be empty" in r.text
    assert get_draft(session=session, module=module) is not None  # the draft is kept


def test_inline_edits_save_and_answer_with_the_problems_list(
        author: TestClient, session: Session, module: Module) -> None:
    r = edit(author, "fy27-pricing", op="set", path="messages[0].statement",
             value="Every rep tells the same story within a week.", expect="first-message")
    assert r.status_code == 200, r.text
    # A typing edit re-renders nothing under the cursor: only the out-of-band status parts.
    assert 'id="editor-bar" class="editor-bar" hx-swap-oob="true"' in r.text
    assert 'id="problems" hx-swap-oob="true"' in r.text
    assert "Saved" in r.text and "ready to publish" in r.text
    assert 'id="editor-sections"' not in r.text

    edit(author, "fy27-pricing", op="set", path="messages[0].evidence",
         value="same story in a week\nwhole team on message\n")
    edit(author, "fy27-pricing", op="set", path="messages[0].keywords", value="week, story")
    edit(author, "fy27-pricing", op="set", path="messages[0].weight", value="2")
    edit(author, "fy27-pricing", op="set", path="certification.pitch_score", value="75")
    edit(author, "fy27-pricing", op="set", path="due_days", value="21")
    content = draft_content(session, "fy27-pricing")
    m = content["messages"][0]
    assert m["statement"] == "Every rep tells the same story within a week."
    assert m["evidence"] == ["same story in a week", "whole team on message"]
    assert m["keywords"] == ["week", "story"]
    assert m["weight"] == 2.0
    assert content["certification"] == {"pitch_score": 75}
    assert content["due_days"] == 21


def test_add_remove_and_move_redraw_the_section(
        author: TestClient, session: Session, module: Module) -> None:
    r = edit(author, "fy27-pricing", op="add", path="messages")
    assert r.status_code == 200
    # Message ops redraw every section (pitches and retired phrases list message ids).
    assert r.text.lstrip().startswith('<div id="editor-sections"')
    assert "f-messages-1-statement" in r.text
    assert "HX-Trigger-After-Settle" in r.headers
    # The new message is empty, so publishing is blocked and the problem links to it.
    assert 'href="#f-messages-1-statement"' in r.text
    assert "disabled" in r.text.split('id="publish-button"')[1].split(">")[0]
    assert draft_content(session, "fy27-pricing")["messages"][1] == {
        "id": "message-1", "statement": ""}

    edit(author, "fy27-pricing", op="set", path="messages[1].statement", value="Second.")
    r = edit(author, "fy27-pricing", op="move", path="messages[1]", direction="up",
             expect="message-1")
    assert r.status_code == 200
    ids = [m["id"] for m in draft_content(session, "fy27-pricing")["messages"]]
    assert ids == ["message-1", "first-message"]

    r = edit(author, "fy27-pricing", op="add", path="forbidden", value="cheapest on the market")
    assert r.text.lstrip().startswith('<section id="f-forbidden"')
    r = edit(author, "fy27-pricing", op="remove", path="messages[0]", expect="message-1")
    assert r.status_code == 200
    content = draft_content(session, "fy27-pricing")
    assert [m["id"] for m in content["messages"]] == ["first-message"]
    assert content["forbidden"] == [{"phrase": "cheapest on the market"}]


def test_renaming_a_message_carries_its_references(
        author: TestClient, session: Session, module: Module) -> None:
    edit(author, "fy27-pricing", op="add", path="pitches", value="Pitch the CFO")
    edit(author, "fy27-pricing", op="set", path="pitches[0].messages", value=["first-message"])
    edit(author, "fy27-pricing", op="add", path="retired", value="per-seat pricing")
    edit(author, "fy27-pricing", op="set", path="retired[0].replaced_by", value="first-message")
    r = edit(author, "fy27-pricing", op="set", path="messages[0].id", value="One Story",
             expect="first-message")
    assert r.status_code == 200
    content = draft_content(session, "fy27-pricing")
    assert content["messages"][0]["id"] == "one-story"
    assert content["pitches"][0]["messages"] == ["one-story"]
    assert content["retired"][0]["replaced_by"] == "one-story"


def test_an_edit_aimed_at_a_moved_item_is_refused(
        author: TestClient, session: Session, module: Module) -> None:
    edit(author, "fy27-pricing", op="add", path="messages", value="Second message")
    # Another tab moved the messages; this tab still thinks messages[0] is first-message.
    edit(author, "fy27-pricing", op="move", path="messages[1]", direction="up")
    r = edit(author, "fy27-pricing", op="set", path="messages[0].statement", value="Oops",
             expect="first-message")
    assert r.status_code == 409
    assert "another tab" in r.text
    assert r.headers["HX-Retarget"] == "#toasts"
    assert draft_content(session, "fy27-pricing")["messages"][0]["statement"] == "Second message"


@pytest.mark.parametrize(("form", "message"), [
    ({"op": "set", "path": "messages[0].weight", "value": "heavy"}, "must be a number"),
    ({"op": "set", "path": "messages[5].statement", "value": "x"}, "There is no message 6"),
    ({"op": "set", "path": "module", "value": "other"}, "not a field the editor can change"),
    ({"op": "set", "path": "messages[0]..id", "value": "x"}, "is not a field of a playbook"),
    ({"op": "move", "path": "messages[0]", "direction": "up"}, "already the first"),
    ({"op": "rename", "path": "title"}, "Unknown edit"),
])
def test_bad_edits_are_refused_with_a_reason(
        author: TestClient, session: Session, module: Module, form: dict[str, str],
        message: str) -> None:
    before = draft_content(session, "fy27-pricing")
    r = edit(author, "fy27-pricing", **form)
    assert r.status_code == 422
    assert message in r.text
    assert draft_content(session, "fy27-pricing") == before


def test_publish_then_the_version_is_immutable(
        author: TestClient, session: Session, module: Module) -> None:
    edit(author, "fy27-pricing", op="set", path="messages[0].statement", value="Version one.")
    r = author.post("/modules/fy27-pricing/draft/publish", headers=headers(author),
                    follow_redirects=False)
    assert r.status_code == 204  # htmx: HX-Redirect to the launch (v1 has nothing to diff)
    assert r.headers["HX-Redirect"] == "/modules/fy27-pricing/launch"

    # There is no draft any more: editing is a clear 409, the page offers a new draft.
    r = edit(author, "fy27-pricing", op="set", path="title", value="Changed")
    assert r.status_code == 409
    assert "published versions cannot be edited" in r.text
    page = author.get("/modules/fy27-pricing/draft")
    assert page.status_code == 200
    assert "Published versions never change" in page.text
    assert "Start draft of version 2" in page.text

    token = csrf_of(author, "/modules/fy27-pricing/draft")
    r = author.post("/modules/fy27-pricing/draft", data={"csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/modules/fy27-pricing/draft"
    content = draft_content(session, "fy27-pricing")
    assert content["version"] == 2
    assert content["messages"][0]["statement"] == "Version one."

    edit(author, "fy27-pricing", op="set", path="messages[0].statement", value="Version two.")
    r = author.post("/modules/fy27-pricing/draft/publish", data={"csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/modules/fy27-pricing/versions/2/diff"
    diff = author.get(r.headers["location"])
    assert diff.status_code == 200 and "two" in diff.text
    # The published v1 is unchanged by everything since.
    v1 = author.get("/modules/fy27-pricing/versions/1")
    assert "Version one." in v1.text


def test_problems_block_publishing_with_a_422_listing_paths(
        author: TestClient, session: Session, module: Module) -> None:
    edit(author, "fy27-pricing", op="set", path="messages[0].statement", value="")
    edit(author, "fy27-pricing", op="add", path="pitches")
    edit(author, "fy27-pricing", op="set", path="pitches[0].messages", value="no-such-message")
    page = author.get("/modules/fy27-pricing/draft")
    assert "3 problems to fix before publishing" in page.text
    assert re.search(r'id="publish-button"[^>]*disabled', page.text)

    token = csrf_of(author, "/modules/fy27-pricing/draft")
    r = author.post("/modules/fy27-pricing/draft/publish", data={"csrf_token": token})
    assert r.status_code == 422
    for path in ("messages[0].statement", "pitches[0].prompt", "pitches[0].messages[0]"):
        assert f"<code class=\"problem-path\">{path}</code>" in r.text
    assert 'href="#f-pitches-0-messages"' in r.text  # the problem links to its field
    assert "Your draft is kept" in r.text
    session.expire_all()
    module_row = get_module(session=session, slug="fy27-pricing")
    draft = get_draft(session=session, module=module_row)
    assert draft is not None and draft.status == "draft"
    assert draft.content["pitches"][0]["messages"] == ["no-such-message"]


def test_preview_shows_the_draft_as_a_rep_sees_it(
        author: TestClient, session: Session) -> None:
    import_playbook(session=session, data=DEMO_V1, filename="demo.yaml", by=None, now=utcnow())
    session.commit()
    token = csrf_of(author, "/modules/northwind-shield-launch/draft")
    author.post("/modules/northwind-shield-launch/draft", data={"csrf_token": token})
    edit(author, "northwind-shield-launch", op="set", path="messages[0].statement",
         value="Northwind Shield stops ransomware in its tracks.", expect="stops-ransomware")
    page = author.get("/modules/northwind-shield-launch/draft/preview")
    assert page.status_code == 200
    assert "Northwind Shield stops ransomware in its tracks." in page.text
    assert "Preview of draft v2" in page.text
    assert "pill-changed" in page.text  # badged as changed since v1

    edit(author, "northwind-shield-launch", op="set", path="title", value="")
    page = author.get("/modules/northwind-shield-launch/draft/preview")
    assert page.status_code == 200
    assert "must not be empty" in page.text and "Fix them in the editor" in page.text


def test_discard_throws_the_draft_away(author: TestClient, session: Session) -> None:
    import_playbook(session=session, data=DEMO_V1, filename="demo.yaml", by=None, now=utcnow())
    session.commit()
    token = csrf_of(author, "/modules/northwind-shield-launch/draft")
    author.post("/modules/northwind-shield-launch/draft", data={"csrf_token": token})
    edit(author, "northwind-shield-launch", op="set", path="title", value="Scrap this")
    r = author.post("/modules/northwind-shield-launch/draft/discard",
                    data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/modules/northwind-shield-launch"
    session.expire_all()
    module = get_module(session=session, slug="northwind-shield-launch")
    assert get_draft(session=session, module=module) is None
    assert module.title == "Northwind Shield launch"


def test_a_first_draft_cannot_be_discarded(author: TestClient, module: Module) -> None:
    token = csrf_of(author, "/modules/fy27-pricing/draft")
    r = author.post("/modules/fy27-pricing/draft/discard", data={"csrf_token": token})
    assert r.status_code == 409


@pytest.mark.parametrize("role", [Role.REP, Role.MANAGER])
def test_reps_and_managers_cannot_use_the_editor(
        client: TestClient, session: Session, module: Module, role: Role) -> None:
    user = make_user(session, role)
    cookie_sign_in(client, session, user)
    h = {"X-CSRF-Token": client.cookies["om_csrf"], **HX}
    assert client.get("/modules/fy27-pricing/draft").status_code == 403
    assert client.get("/modules/fy27-pricing/draft/preview").status_code == 403
    for path, form in [("draft", {}), ("draft/edit", {"op": "set", "path": "title",
                                                      "value": "Hijacked"}),
                       ("draft/publish", {}), ("draft/discard", {})]:
        r = client.post(f"/modules/fy27-pricing/{path}", data=form, headers=h)
        assert r.status_code == 403, path
    session.expire_all()
    draft = session.get(ModuleVersion, get_draft(
        session=session, module=get_module(session=session, slug="fy27-pricing")).id)  # type: ignore[union-attr]
    assert draft is not None and draft.content["title"] == "FY27 pricing"


def test_edits_need_the_csrf_token(author: TestClient, session: Session,
                                   module: Module) -> None:
    r = author.post("/modules/fy27-pricing/draft/edit", headers=HX,
                    data={"op": "set", "path": "title", "value": "Forged"})
    assert r.status_code == 403
    assert draft_content(session, "fy27-pricing")["title"] == "FY27 pricing"


def test_two_tabs_editing_different_fields_both_keep_their_change(
        author: TestClient, session: Session, module: Module) -> None:
    # Each edit applies to the stored draft, not to the page the tab loaded earlier.
    author.get("/modules/fy27-pricing/draft")
    edit(author, "fy27-pricing", op="set", path="title", value="Tab one title")
    edit(author, "fy27-pricing", op="set", path="messages[0].proof", value="Tab two proof")
    content = draft_content(session, "fy27-pricing")
    assert content["title"] == "Tab one title"
    assert content["messages"][0]["proof"] == "Tab two proof"


def test_publishing_a_module_that_does_not_exist_is_a_404(author: TestClient) -> None:
    assert author.get("/modules/nope/draft").status_code == 404


def test_publish_twice_is_a_conflict(author: TestClient, session: Session,
                                     module: Module) -> None:
    edit(author, "fy27-pricing", op="set", path="messages[0].statement", value="Version one.")
    publish_draft(session=session, module=module, by=None, now=utcnow())
    session.commit()
    token = csrf_of(author, "/modules/fy27-pricing/draft")
    r = author.post("/modules/fy27-pricing/draft/publish", data={"csrf_token": token})
    assert r.status_code == 409


def test_the_rubric_is_edited_in_the_browser_one_criterion_per_line(
        author: TestClient, session: Session, module: Module) -> None:
    page = author.get("/modules/fy27-pricing/draft")
    assert 'id="f-certification-rubric"' in page.text
    r = edit(author, "fy27-pricing", op="set", path="certification.rubric",
             value="Message accuracy\nDiscovery questions\n\nNext step agreed")
    assert r.status_code == 200, r.text
    assert draft_content(session, "fy27-pricing")["certification"]["rubric"] == [
        "Message accuracy", "Discovery questions", "Next step agreed"]
    # A criterion given as {id, label} in the file keeps its id while its label stays.
    content = copy.deepcopy(draft_content(session, "fy27-pricing"))  # (a new object is saved)
    content["certification"]["rubric"][1] = {"id": "discovery", "label": "Discovery questions"}
    draft = get_draft(session=session, module=module)
    assert draft is not None
    draft.content = content
    session.add(draft)
    session.commit()
    edit(author, "fy27-pricing", op="set", path="certification.rubric",
         value="Discovery questions\nClarity")
    session.expire_all()
    assert draft_content(session, "fy27-pricing")["certification"]["rubric"] == [
        {"id": "discovery", "label": "Discovery questions"}, "Clarity"]
    # Emptied, the default criteria apply again.
    edit(author, "fy27-pricing", op="set", path="certification.rubric", value="")
    assert "rubric" not in draft_content(session, "fy27-pricing").get("certification", {})
