"""Error paths through the app as `make run` serves it (tests/served.py): signed-in error
pages, refused forms, numbers out of range, the invite reset, a rep moved mid-review.

Every one of these answered 500 (or let the wrong person act) while the suite, wired
through a shared test session, passed.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.auth import create_invite
from app.clock import utcnow
from app.identity import scim_tokens
from app.models import Role
from certification import state as st
from certification.models import Credential, Review
from drills.modules import get_module
from tests.app.attempt_helpers import launched_harborguard
from tests.app.helpers import CSRF, bearer, cookie_sign_in, with_csrf
from tests.app.test_certification import RUBRIC, ready
from tests.certification.helpers import cert_of, do_launch, playbook, publish, scored
from tests.factories import make_team, make_user

HUGE = 2**70  # 1180591620717411303424: no database integer holds it


def fresh(session: Session) -> Session:
    """End the test session's transaction, so that it reads what the app committed."""
    session.rollback()
    return session


def is_styled_page(text: str, name: str) -> bool:
    """The product's error page, with the signed-in person's menu: not a bare message."""
    return '<p class="eyebrow">Error' in text and f'class="menu-name">{name}' in text


@pytest.mark.parametrize(("path", "status", "title"), [
    ("/modules/no-such-module", 404, "Not found"),
    ("/admin/users", 403, "Not allowed"),
    ("/certification/999999", 404, "Not found"),
    ("/no/such/page", 404, "Not found"),
])
def test_signed_in_error_pages_are_styled_with_the_right_status(
        served_client: TestClient, served_session: Session, path: str, status: int,
        title: str) -> None:
    rep = make_user(served_session, Role.REP, team=make_team(served_session), name="Riley Rep")
    cookie_sign_in(served_client, served_session, rep)
    page = served_client.get(path)
    assert page.status_code == status, page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in page.text and is_styled_page(page.text, "Riley Rep")


def test_signed_in_htmx_error_is_a_toast(served_client: TestClient,
                                         served_session: Session) -> None:
    rep = make_user(served_session, Role.REP, team=make_team(served_session))
    cookie_sign_in(served_client, served_session, rep)
    r = served_client.get("/modules/no-such-module", headers={"HX-Request": "true"})
    assert r.status_code == 404
    assert r.headers["HX-Retarget"] == "#toasts"
    assert "toast" in r.text and "no-such-module" in r.text


def test_signed_in_api_errors_are_json(served_client: TestClient,
                                       served_session: Session) -> None:
    rep = make_user(served_session, Role.REP, team=make_team(served_session))
    headers = bearer(served_session, rep)
    for path, status in (("/api/v1/attempts/999999", 404), ("/api/v1/users", 403)):
        r = served_client.get(path, headers=headers)
        assert r.status_code == status and isinstance(r.json()["detail"], str), path


def test_refused_review_forms_answer_with_the_reason(served_client: TestClient,
                                                     served_session: Session) -> None:
    w = ready(served_session)
    review = _submit(served_client, served_session, w)
    cookie_sign_in(served_client, served_session, w["manager"])
    htmx = {"X-CSRF-Token": CSRF, "HX-Request": "true"}
    no_rubric = served_client.post(f"/reviews/{review.id}/decision",
                                   data={"decision": "approved"}, headers=htmx)
    assert no_rubric.status_code == 422 and "toast" in no_rubric.text
    assert "Clarity" in no_rubric.text or "rubric" in no_rubric.text.lower()
    no_comment = served_client.post(f"/reviews/{review.id}/decision",
                                    data={**RUBRIC, "decision": "returned"},
                                    headers={"X-CSRF-Token": CSRF})
    assert no_comment.status_code == 422
    assert "Say what to work on" in no_comment.text
    assert is_styled_page(no_comment.text, w["manager"].name)
    # A comment longer than a review keeps is refused whole, not cut short unseen.
    too_long = served_client.post(f"/reviews/{review.id}/decision",
                                  data={**RUBRIC, "decision": "returned", "comment": "x" * 4001},
                                  headers=htmx)
    assert too_long.status_code == 422 and "4,000" in too_long.text
    # Nothing was decided by either refusal.
    assert fresh(served_session).get(Review, review.id).status == "pending"


def _int_path_routes(app: FastAPI) -> list[Any]:
    """Every route (of any included router) with an integer in its path."""
    return [r for r in iter_route_contexts(app.routes)
            if getattr(r, "dependant", None) is not None
            and any(p.field_info.annotation is int for p in r.dependant.path_params)]


def _with_huge_ids(route: Any) -> str:
    path = route.path
    for p in route.dependant.path_params:
        value = str(HUGE) if p.field_info.annotation is int else "x"
        path = path.replace("{" + p.name + "}", value)
    return path


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REP])
def test_huge_integers_anywhere_are_refused_not_500(served_app: FastAPI,
                                                    served_session: Session,
                                                    role: Role) -> None:
    person = make_user(served_session, role, team=make_team(served_session))
    routes = _int_path_routes(served_app)
    assert len(routes) >= 17
    with TestClient(served_app, raise_server_exceptions=False) as client:
        cookie_sign_in(client, served_session, person)
        api = {**bearer(served_session, person), **with_csrf(client)}
        for route in routes:
            path = _with_huge_ids(route)
            for method in route.methods - {"HEAD"}:
                headers = api if path.startswith("/api/") else with_csrf(client)
                r = client.request(method, path, headers=headers, data={"csrf_token": CSRF},
                                   follow_redirects=False)
                assert r.status_code < 500, f"{method} {path}: {r.status_code} {r.text[:200]}"
        # ... and in queries and JSON bodies.
        # (2**37 fits SQLite's INTEGER but not PostgreSQL's: the fuzzer found it.)
        for method, path, body in (("GET", f"/api/v1/users?team_id={HUGE}", None),
                                   ("GET", f"/api/v1/teams/{2**37}/members", None),
                                   ("GET", f"/api/v1/users?team_id={-(2**37)}", None),
                                   ("GET", f"/api/v1/reviews?team={HUGE}", None),
                                   ("POST", "/api/v1/users", {"email": "n@example.com",
                                                              "name": "N", "roles": ["rep"],
                                                              "team_id": HUGE})):
            r = client.request(method, path, headers=api, json=body)
            assert r.status_code < 500, f"{method} {path}: {r.status_code} {r.text[:200]}"


def test_an_unexpected_error_is_a_styled_page_not_a_bare_500(served_app: FastAPI,
                                                             served_session: Session) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    served_app.add_api_route("/broken-for-test", broken)
    rep = make_user(served_session, Role.REP, team=make_team(served_session), name="Riley Rep")
    with TestClient(served_app, raise_server_exceptions=False) as client:
        cookie_sign_in(client, served_session, rep)
        page = client.get("/broken-for-test")
    assert page.status_code == 500
    assert "Something went wrong" in page.text and is_styled_page(page.text, "Riley Rep")
    assert "a bug" not in page.text  # no internals shown
    # Sent from Starlette's outermost middleware, yet as guarded as every other page.
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"


class _Endless:
    """A request body far over the limit, made as it is sent (the test client gathers it
    before sending, so what is measured here is the answer, not the reading)."""

    def __init__(self, chunk: bytes, total: int) -> None:
        self.chunk, self.total, self.sent = chunk, total, 0

    def __iter__(self) -> Any:
        while self.sent < self.total:
            self.sent += len(self.chunk)
            yield self.chunk


@pytest.mark.parametrize("path", ["/api/v1/drills/1/answers", "/api/v1/attempts",
                                  "/api/v1/tokens"])
def test_a_body_over_the_app_wide_limit_is_refused_with_a_reason(
        served_client: TestClient, served_session: Session, path: str) -> None:
    rep = make_user(served_session, Role.REP, team=make_team(served_session))
    limit = served_client.app.state.settings.max_upload_mb  # type: ignore[attr-defined]
    body = _Endless(b" " * 1024 * 1024, (limit + 40) * 1024 * 1024)
    response = served_client.post(path, headers={**bearer(served_session, rep),
                                                 "content-type": "application/json"},
                                  content=body)
    assert response.status_code == 413, response.text[:300]
    assert response.json()["detail"].startswith(f"The request is larger than {limit + 1} MB")


def test_an_invite_reset_signs_out_every_session_and_token(served_client: TestClient,
                                                           served_session: Session) -> None:
    rep = make_user(served_session, Role.REP, team=make_team(served_session))
    old_api = bearer(served_session, rep)
    other_browser = TestClient(served_client.app)
    cookie_sign_in(other_browser, served_session, rep)
    assert other_browser.get("/", follow_redirects=False).status_code == 200
    token = create_invite(session=served_session, user=rep, hours=72, now=utcnow())
    served_session.commit()
    set_password = served_client.post(
        f"/invite/{token}", data={"password": "a-new-pass-phrase-9", "confirm":
                                  "a-new-pass-phrase-9", "csrf_token": CSRF},
        headers=with_csrf(served_client), follow_redirects=False)
    assert set_password.status_code == 303, set_password.text[:300]
    assert served_client.get("/", follow_redirects=False).status_code == 200  # this browser
    assert other_browser.get("/", follow_redirects=False).status_code == 303  # to sign-in
    assert served_client.get("/api/v1/me", headers=old_api).status_code == 401


def _submit(client: TestClient, session: Session, w: dict[str, Any]) -> Review:
    cookie_sign_in(client, session, w["rep"])
    cert = cert_of(session, w["rep"], w["module"])
    r = client.post(f"/certification/{cert.id}/submit",
                    data={"attempt_id": str(w["proof"].id), "csrf_token": CSRF},
                    headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    return fresh(session).exec(select(Review).where(Review.user_id == w["rep"].id)
                               .order_by(col(Review.id).desc())).first()


def test_authority_follows_the_reps_current_team(served_client: TestClient,
                                                 served_session: Session) -> None:
    w = ready(served_session)
    review = _submit(served_client, served_session, w)
    new_team = make_team(served_session, "Gamma")
    new_manager = make_user(served_session, Role.MANAGER, manages=(new_team,),
                            name="Nia New")
    admin = make_user(served_session, Role.ADMIN)
    served_session.commit()
    cookie_sign_in(served_client, served_session, admin)
    moved = served_client.post(
        f"/admin/users/{w['rep'].id}",
        data={"email": w["rep"].email, "name": w["rep"].name, "team_id": str(new_team.id),
              "roles": ["rep"], "csrf_token": CSRF},
        headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert moved.status_code == 303, moved.text[:300]

    # The former manager can neither see nor decide it, by page or API.
    cookie_sign_in(served_client, served_session, w["manager"])
    assert served_client.get(f"/reviews/{review.id}").status_code == 404
    assert w["rep"].name not in served_client.get("/reviews").text
    refused = served_client.post(f"/reviews/{review.id}/decision",
                                 data={**RUBRIC, "decision": "approved"},
                                 headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert refused.status_code == 404
    api = served_client.post(f"/api/v1/reviews/{review.id}",
                             headers=bearer(served_session, w["manager"]),
                             json={"decision": "approved", "rubric": {
                                 "message_accuracy": 5, "clarity": 4, "confidence": 4,
                                 "objection_handling": 3}})
    assert api.status_code == 404
    cert = cert_of(fresh(served_session), w["rep"], w["module"])
    assert served_client.get(f"/certification/{cert.id}").status_code == 404
    assert fresh(served_session).exec(select(Credential)).first() is None

    # The new manager has it in their queue and inbox, and decides it.
    cookie_sign_in(served_client, served_session, new_manager)
    assert w["rep"].name in served_client.get("/reviews").text
    assert f"/reviews/{review.id}" in served_client.get("/inbox").text
    done = served_client.post(f"/reviews/{review.id}/decision",
                              data={**RUBRIC, "decision": "approved"},
                              headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert done.status_code == 303, done.text[:300]
    assert cert_of(fresh(served_session), w["rep"], w["module"]).state == st.CERTIFIED
    assert cert_of(served_session, w["rep"], w["module"]).team_id == new_team.id


def test_submit_refuses_an_attempt_of_another_modules_certification(
        served_client: TestClient, served_session: Session) -> None:
    w = ready(served_session)  # rep, module harbor-cert, a scored 'proof' attempt on it
    now = utcnow()
    other_version = publish(served_session, playbook(1, slug="other-cert"), now)
    other = get_module(session=served_session, slug="other-cert")
    do_launch(served_session, other, other_version.version, w["team"], now)
    served_session.commit()
    other_cert = cert_of(served_session, w["rep"], other)
    headers = bearer(served_session, w["rep"])
    r = served_client.post(f"/api/v1/certifications/{other_cert.id}/submit", headers=headers,
                           json={"attempt_id": w["proof"].id})
    assert r.status_code == 409, r.text
    assert "another module" in r.json()["detail"]
    assert "Harbor other-cert" in r.json()["detail"]  # names the module it was sent to
    assert fresh(served_session).exec(select(Review)).first() is None


def test_the_rep_hears_a_return_and_a_certification(served_client: TestClient,
                                                    served_session: Session) -> None:
    w = ready(served_session)
    review = _submit(served_client, served_session, w)
    cookie_sign_in(served_client, served_session, w["manager"])
    back = served_client.post(f"/reviews/{review.id}/decision",
                              data={**RUBRIC, "decision": "returned",
                                    "comment": "Name the nightly restore test."},
                              headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    assert back.status_code == 303, back.text[:300]
    cookie_sign_in(served_client, served_session, w["rep"])
    inbox = served_client.get("/inbox").text
    assert "Maya Manager returned your pitch" in inbox
    assert "Name the nightly restore test." in inbox
    cert = cert_of(fresh(served_session), w["rep"], w["module"])
    assert f"/certification/{cert.id}" in inbox

    # The returned take cannot be sent again; a new take can.
    r = served_client.post(f"/api/v1/certifications/{cert.id}/submit",
                           headers=bearer(served_session, w["rep"]),
                           json={"attempt_id": w["proof"].id})
    assert r.status_code == 409 and "record a new take" in r.json()["detail"]
    w["proof"] = scored(served_session, w["rep"], w["module"], 1, "proof", 90, utcnow())
    served_session.commit()
    review = _submit(served_client, served_session, w)
    cookie_sign_in(served_client, served_session, w["manager"])
    served_client.post(f"/reviews/{review.id}/decision", data={**RUBRIC, "decision": "approved"},
                       headers={"X-CSRF-Token": CSRF}, follow_redirects=False)
    cookie_sign_in(served_client, served_session, w["rep"])
    inbox = served_client.get("/inbox").text
    cred = fresh(served_session).exec(select(Credential)).one()
    assert "You are certified on" in inbox and f"/credentials/{cred.jti}" in inbox


def test_a_playbook_sent_as_curl_labels_it_is_refused_with_what_to_send(
        served_client: TestClient, served_session: Session) -> None:
    """`curl --data-binary @playbook.yaml` labels the body a url-encoded form; the NUL
    check parsed it as one and used the body up, and the import then answered 500."""
    author = make_user(served_session, Role.MARKETING)
    auth = bearer(served_session, author)
    text = playbook(1, slug="curl-sent")
    as_curl = served_client.post("/api/v1/modules/import", content=text, headers={
        **auth, "Content-Type": "application/x-www-form-urlencoded"})
    assert as_curl.status_code == 422, as_curl.text[:300]
    assert "Content-Type: application/yaml" in as_curl.json()["detail"]
    as_told = served_client.post("/api/v1/modules/import", content=text,
                                 headers={**auth, "Content-Type": "application/yaml"})
    assert as_told.status_code == 201 and as_told.json()["slug"] == "curl-sent"


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/x-www-form-urlencoded", b"userName=kim%40corp.example"),
    ("multipart/form-data; boundary=xx", b"--xx--\r\n"),
    ("application/scim+json", b"[" * 5000 + b"]" * 5000),
])
def test_a_scim_body_that_is_not_json_is_a_scim_400_not_500(
        served_client: TestClient, served_session: Session, content_type: str,
        body: bytes) -> None:
    """A form, or JSON nested past Python's stack, sent to SCIM answered 500."""
    raw, _ = scim_tokens.create(session=served_session, name="Okta", now=utcnow())
    served_session.commit()
    r = served_client.post("/scim/v2/Users", content=body,
                           headers={"Authorization": f"Bearer {raw}",
                                    "Content-Type": content_type})
    assert r.status_code == 400, r.text[:300]
    assert r.json()["scimType"] == "invalidSyntax" and "JSON" in r.json()["detail"]


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("pitch.mp3", b"ID3" + b"\xff" * 5000, "audio/mpeg"),
    ("pitch.webm", bytes.fromhex("1a45dfa39f4286810100") + bytes(50), "audio/webm"),
], ids=["mp3", "webm"])
def test_an_unplayable_recording_is_refused_without_the_servers_paths(
        served_client: TestClient, served_session: Session, name: str, data: bytes,
        content_type: str) -> None:
    """The refusal quoted the decoder's error: its number and the stored file's path on
    the server (data directory, the rep's id), which tell the rep nothing they can use."""
    team = make_team(served_session)
    rep = make_user(served_session, Role.REP, team=team)
    launched_harborguard(served_session, team)
    r = served_client.post("/api/v1/attempts", headers=bearer(served_session, rep),
                           files={"audio": (name, data, content_type)},
                           data={"idempotency_key": f"unplayable-{name}", "module": "harborguard",
                                 "pitch": "it-director"})
    assert r.status_code == 422, r.text[:300]
    detail = r.json()["detail"]
    assert detail == "The recording is damaged or cut off and cannot be played. Record again."
    data_dir = str(served_client.app.state.settings.data_dir)  # type: ignore[attr-defined]
    assert data_dir not in r.text and "Errno" not in r.text


def test_a_refused_launch_shows_the_form_with_what_was_chosen(
        served_client: TestClient, served_session: Session) -> None:
    """A refused launch (no team ticked, a date it cannot read) came back with the latest
    version, no team and the default due date: the choices made were thrown away."""
    publish(served_session, playbook(1))
    publish(served_session, playbook(2))
    west, east = make_team(served_session, "West"), make_team(served_session, "East")
    author = make_user(served_session, Role.MARKETING, name="Mo Marketing")
    cookie_sign_in(served_client, served_session, author)
    form = {"csrf_token": CSRF, "version": "1", "due": "2099-03-04"}
    no_team = served_client.post("/modules/harbor-cert/launches", data=form)
    assert no_team.status_code == 422 and "Choose at least one team" in no_team.text
    assert 'class="menu-name">Mo Marketing' in no_team.text  # the page, in the layout
    assert '<option value="1" selected>' in no_team.text
    assert 'name="due" value="2099-03-04"' in no_team.text
    bad_date = served_client.post("/modules/harbor-cert/launches",
                                  data={**form, "teams": [str(east.id)], "due": "31/01/2099"})
    assert bad_date.status_code == 422 and "not a date" in bad_date.text
    assert f'name="teams" value="{east.id}" checked>' in bad_date.text
    assert f'name="teams" value="{west.id}">' in bad_date.text


def test_refused_drill_settings_come_back_on_the_form_as_typed(
        served_client: TestClient, served_session: Session) -> None:
    """A drill setting out of range (or not a number) answered the bare error page, and the
    values typed into the form were gone."""
    admin = make_user(served_session, Role.ADMIN, name="Ada Admin")
    cookie_sign_in(served_client, served_session, admin)
    before = served_client.get("/admin/drills").text
    for typed in (("0.5", "12", "15"), ("0.9", "lots", "15")):
        form = dict(zip(("desired_retention", "new_per_day", "session_cards"), typed,
                        strict=True))
        r = served_client.post("/admin/drills", data={"csrf_token": CSRF, **form})
        assert r.status_code == 422 and '<p class="alert" role="alert">' in r.text
        assert 'class="menu-name">Ada Admin' in r.text  # the page, in the layout
        for name, value in form.items():
            assert f'name="{name}"' in r.text and f'value="{value}"' in r.text
    assert served_client.get("/admin/drills").text == before  # nothing was saved


def test_an_empty_csv_import_is_refused_on_the_import_form(
        served_client: TestClient, served_session: Session) -> None:
    """An empty (or oversized) CSV answered the bare error page, without the form, while a
    CSV with bad rows, and every playbook import refusal, come back on the form."""
    admin = make_user(served_session, Role.ADMIN, name="Ada Admin")
    cookie_sign_in(served_client, served_session, admin)
    r = served_client.post("/admin/import", data={"csrf_token": CSRF},
                           files={"file": ("people.csv", b"", "text/csv")})
    assert r.status_code == 422, r.text[:300]
    assert '<p>The CSV file is empty.' in r.text
    assert 'action="/admin/import"' in r.text and 'class="menu-name">Ada Admin' in r.text


def test_a_form_sent_after_signing_out_elsewhere_comes_back_to_its_page(
        served_client: TestClient, served_session: Session) -> None:
    """Signed out in another tab (or expired), a form sent from a page led to sign-in and
    then home: the person had to find the page again to send it once more."""
    rep = make_user(served_session, Role.REP, team=make_team(served_session))
    cookie_sign_in(served_client, served_session, rep)
    served_client.cookies.set("om_session", "signed-out-in-another-tab")
    page = "http://testserver/modules/harbor-cert/whats-new?from=home"
    form = {"csrf_token": CSRF, "kind": "landed", "module": "harbor-cert", "note": "typed"}
    plain = served_client.post("/field-reports", data=form, headers={"Referer": page},
                               follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == "/login?next=/modules/harbor-cert/whats-new%3Ffrom%3Dhome"
    htmx = served_client.post("/field-reports", data=form, headers={
        **with_csrf(served_client), "HX-Request": "true", "HX-Current-URL": page})
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"].startswith("/login?next=/modules/harbor-cert/whats-new")
    elsewhere = served_client.post("/field-reports", data=form, follow_redirects=False,
                                   headers={"Referer": "https://evil.example/modules"})
    assert elsewhere.headers["location"] == "/login?next=/"


@pytest.mark.parametrize("after_start", [False, True], ids=["as start", "after start"])
def test_a_deeply_nested_live_frame_is_refused_not_a_server_error(
        served_client: TestClient, served_session: Session, after_start: bool) -> None:
    """A text frame of JSON nested past Python's stack ended a live take with 1011 ("went
    wrong on the server") instead of the protocol's 4400 for a frame not understood."""
    team = make_team(served_session)
    rep = make_user(served_session, Role.REP, team=team)
    launched_harborguard(served_session, team)
    with served_client.websocket_connect("/api/v1/live?pitch=harborguard/it-director",
                                         headers=bearer(served_session, rep)) as ws:
        assert ws.receive_json()["type"] == "ready"
        if after_start:
            ws.send_json({"type": "start", "format": "pcm_s16le", "sample_rate": 16000})
            assert ws.receive_json()["type"] == "started"
        ws.send_text("[" * 5000 + "]" * 5000)
        error = ws.receive_json()
        assert error["type"] == "error" and error["code"] == 4400, error
        assert ws.receive()["code"] == 4400


def test_a_playbook_spelling_a_nul_is_refused_with_where(served_client: TestClient,
                                                         served_session: Session) -> None:
    """YAML can spell a NUL ("\\0"): the import took it into the title and the messages,
    where PostgreSQL cannot store it (a 500) and SQLite's pages showed the title cut at it."""
    author = make_user(served_session, Role.MARKETING)
    cookie_sign_in(served_client, served_session, author)
    text = playbook(1, slug="nul-probe").replace("title: Harbor nul-probe",
                                                 'title: "Harbor\\0 launch"')
    r = served_client.post("/modules/import", data={"csrf_token": CSRF},
                           files={"file": ("nul.yaml", text.encode(), "application/yaml")})
    assert r.status_code == 422, r.text[:300]
    assert "nul.yaml was not imported" in r.text and "holds a NUL character" in r.text
    assert served_client.get("/modules/nul-probe").status_code == 404


@pytest.mark.parametrize(("old", "new", "where"), [
    ("title: Harbor blank-probe", 'title: "\\u200b"', "title"),
    ('statement: "Untested backups fail when you need them."', 'statement: "\\xad\\u2060"',
     "objections[0].response[0].statement"),
    ('prompt: "Pitch the CISO in the lift."', 'prompt: "\\u0301\\u0301"', "pitches[0].prompt"),
])
def test_a_playbook_text_that_shows_nothing_is_refused_with_where(
        served_client: TestClient, served_session: Session, old: str, new: str,
        where: str) -> None:
    """The abuse probe's find: a title, statement or prompt of only invisible characters
    (a zero-width space, a soft hyphen, a word joiner, accents with no letter) passed the
    format's "must not be empty" check, which only stripped spaces: the module was
    published with a title or a line reps saw as blank."""
    author = make_user(served_session, Role.MARKETING)
    cookie_sign_in(served_client, served_session, author)
    text = playbook(1, slug="blank-probe")
    assert old in text
    r = served_client.post("/modules/import", data={"csrf_token": CSRF}, files={
        "file": ("blank.yaml", text.replace(old, new).encode(), "application/yaml")})
    assert r.status_code == 422, r.text[:300]
    assert "blank.yaml was not imported" in r.text and "must not be empty" in r.text
    assert where in r.text
    assert served_client.get("/modules/blank-probe").status_code == 404


def test_a_module_title_that_shows_nothing_is_refused(served_client: TestClient,
                                                      served_session: Session) -> None:
    author = make_user(served_session, Role.MARKETING)
    cookie_sign_in(served_client, served_session, author)
    r = served_client.post("/modules", data={"csrf_token": CSRF, "slug": "blank-title",
                                             "title": "\u200b\u00ad"})
    assert r.status_code == 422, r.text[:300]
    assert "Give the module a title" in r.text
    assert served_client.get("/modules/blank-title/draft").status_code == 404
