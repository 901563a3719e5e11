"""SCIM 2.0 through the served app, with the request sequences Okta and Entra ID send."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.clock import utcnow
from app.identity.mappings import create_mapping
from app.identity.models import ProvisioningEvent, ScimToken, ScimUser
from app.identity.scim_tokens import revoke
from app.models import Role, User
from app.users import roles_of
from tests.factories import make_team, make_user, sign_in
from tests.identity.scim_helpers import (
    SCIM,
    create,
    entra_user,
    fresh,
    group,
    okta_user,
    patch,
    scim_token,
)

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def _events(session: Session, action: str | None = None) -> list[ProvisioningEvent]:
    fresh(session)
    stmt = select(ProvisioningEvent).order_by(ProvisioningEvent.id)  # type: ignore[arg-type]
    rows = list(session.exec(stmt).all())
    return [e for e in rows if action is None or e.action == action]


def test_okta_sequence_create_find_group_push_and_deactivate(
        served_client: TestClient, served_session: Session, served_app: FastAPI) -> None:
    client, session = served_client, served_session
    west = make_team(session, "Enterprise West")
    create_mapping(session=session, group_name="OnMessage Reps West", role="rep",
                   team_id=west.id)
    create_mapping(session=session, group_name="OnMessage Managers West", role=None,
                   team_id=west.id, manages=True)
    headers = scim_token(session, "Okta")

    # Okta looks the user up first, then creates them.
    found = client.get(f'{SCIM}/Users?filter=userName eq "dana@corp.example"'
                       "&startIndex=1&count=100", headers=headers)
    assert found.status_code == 200
    assert found.headers["content-type"].startswith("application/scim+json")
    assert found.json()["totalResults"] == 0 and found.json()["Resources"] == []
    dana = create(client, headers, okta_user("Dana@Corp.example"))
    assert dana["userName"] == "dana@corp.example"
    assert dana["active"] is True and dana["externalId"] == "00u1abcd"
    assert dana["displayName"] == "Dana Reyes"
    assert dana["meta"]["location"].endswith(f"/scim/v2/Users/{dana['id']}")
    again = client.get(f'{SCIM}/Users?filter=userName eq "DANA@corp.example"', headers=headers)
    assert [r["id"] for r in again.json()["Resources"]] == [dana["id"]]

    # Group push: the group is created with its member, who gets the mapped role and team.
    reps = create(client, headers, group("OnMessage Reps West", [dana["id"]]), "Groups")
    fresh(session)
    uid = int(dana["id"])
    assert roles_of(session=session, user_id=uid) == {Role.REP}
    assert session.get(User, uid).team_id == west.id  # type: ignore[union-attr]

    managers = create(client, headers, group("OnMessage Managers West"), "Groups")
    added = client.patch(f"{SCIM}/Groups/{managers['id']}", headers=headers, json=patch(
        {"op": "add", "path": "members", "value": [{"value": dana["id"],
                                                     "display": "dana@corp.example"}]}))
    assert added.status_code == 204, added.text
    fresh(session)
    assert roles_of(session=session, user_id=uid) == {Role.REP, Role.MANAGER}

    # Okta removes a member with a filtered path.
    removed = client.patch(f"{SCIM}/Groups/{reps['id']}", headers=headers, json=patch(
        {"op": "remove", "path": f'members[value eq "{dana["id"]}"]'}))
    assert removed.status_code == 204, removed.text
    fresh(session)
    assert roles_of(session=session, user_id=uid) == {Role.MANAGER}
    members = client.get(f"{SCIM}/Groups/{reps['id']}", headers=headers).json()["members"]
    assert members == []

    # Okta renames a group with a path-less replace carrying the id.
    renamed = client.patch(f"{SCIM}/Groups/{managers['id']}", headers=headers, json=patch(
        {"op": "replace", "value": {"id": managers["id"], "displayName": "Mgrs West"}}))
    assert renamed.status_code == 204
    fresh(session)
    assert roles_of(session=session, user_id=uid) == frozenset()  # no mapping names it now

    # Deactivation: Okta's PATCH active false.
    off = client.patch(f"{SCIM}/Users/{dana['id']}", headers=headers,
                       json=patch({"op": "replace", "value": {"active": False}}))
    assert off.status_code == 200 and off.json()["active"] is False
    assert [e.subject for e in _events(session, "deactivated")] == ["dana@corp.example"]
    assert {e.source for e in _events(session)} >= {"scim:Okta"}


def test_deactivation_signs_the_person_out_everywhere_and_keeps_the_account(
        served_client: TestClient, served_session: Session, served_app: FastAPI) -> None:
    session = served_session
    rep = make_user(session, Role.REP, email="kim@corp.example")
    session.commit()
    browser = TestClient(served_app, base_url="http://testserver")
    sign_in(browser, rep)
    assert browser.get("/", follow_redirects=False).status_code == 200
    headers = scim_token(session)
    # An account invited before SCIM: Okta's create links it instead of refusing it.
    linked = create(served_client, headers, okta_user("kim@corp.example", "Kim", "Ode"))
    assert linked["id"] == str(rep.id)
    off = served_client.patch(f"{SCIM}/Users/{rep.id}", headers=headers,
                              json=patch({"op": "replace", "path": "active", "value": False}))
    assert off.status_code == 200, off.text
    signed_out = browser.get("/", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/login")
    fresh(session)
    kept = session.get(User, rep.id)
    assert kept is not None and kept.is_active is False
    assert roles_of(session=session, user_id=rep.id) == {Role.REP}  # history and role kept
    assert [e.action for e in _events(session)][-3:] == ["token_created", "linked",
                                                         "deactivated"]
    assert kept.name == "Kim Ode"


def test_entra_sequence(served_client: TestClient, served_session: Session) -> None:
    client, session = served_client, served_session
    east = make_team(session, "Mid-Market East")
    create_mapping(session=session, group_name="Sales East", role="rep", team_id=east.id)
    headers = scim_token(session, "Entra ID")
    # Entra ID probes with a random userName first.
    probe = client.get(f'{SCIM}/Users?filter=userName eq "7c1d9b0e-probe"', headers=headers)
    assert probe.status_code == 200 and probe.json()["totalResults"] == 0
    lee = create(client, headers, entra_user("lee.park@corp.example"))
    assert lee["name"]["givenName"] == "Lee" and lee["externalId"] == "e-42"
    by_external = client.get(f'{SCIM}/Users?filter=externalId eq "e-42"', headers=headers)
    assert by_external.json()["totalResults"] == 1
    look = client.get(f'{SCIM}/Groups?excludedAttributes=members'
                      '&filter=displayName eq "Sales East"', headers=headers)
    assert look.status_code == 200 and look.json()["totalResults"] == 0
    sales = create(client, headers, {"schemas": [
        "urn:ietf:params:scim:schemas:core:2.0:Group"], "externalId": "g-1",
        "displayName": "Sales East"}, "Groups")
    add = client.patch(f"{SCIM}/Groups/{sales['id']}", headers=headers, json=patch(
        {"op": "Add", "path": "members", "value": [{"value": lee["id"]}]}))
    assert add.status_code == 204, add.text
    fresh(session)
    assert roles_of(session=session, user_id=int(lee["id"])) == {Role.REP}
    listed = client.get(f'{SCIM}/Groups?excludedAttributes=members'
                        '&filter=displayName eq "sales east"', headers=headers).json()
    assert listed["totalResults"] == 1 and "members" not in listed["Resources"][0]
    # Entra ID's attribute updates, with its capitalised ops and string booleans.
    changed = client.patch(f"{SCIM}/Users/{lee['id']}", headers=headers, json=patch(
        {"op": "Replace", "path": "displayName", "value": "Lee Park-Kim"},
        {"op": "Replace", "path": 'emails[type eq "work"].value',
         "value": "lee.pk@corp.example"},
        {"op": "Replace", "path": "title", "value": "Senior AE"},
        {"op": "Replace", "path": "active", "value": "False"}))
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["displayName"] == "Lee Park-Kim" and body["active"] is False
    assert body["emails"][0]["value"] == "lee.pk@corp.example"
    gone = client.patch(f"{SCIM}/Groups/{sales['id']}", headers=headers, json=patch(
        {"op": "Remove", "path": "members", "value": [{"value": lee["id"]}]}))
    assert gone.status_code == 204
    assert client.get(f"{SCIM}/Groups/{sales['id']}", headers=headers).json()["members"] == []


def test_pagination_and_filters(served_client: TestClient, served_session: Session) -> None:
    headers = scim_token(served_session)
    ids = [create(served_client, headers, okta_user(f"p{i}@corp.example", external_id=f"x{i}"))
           ["id"] for i in range(5)]
    page = served_client.get(f"{SCIM}/Users?startIndex=2&count=2", headers=headers).json()
    assert page["totalResults"] == 5 and page["startIndex"] == 2
    assert page["itemsPerPage"] == 2 and [r["id"] for r in page["Resources"]] == ids[1:3]
    tail = served_client.get(f"{SCIM}/Users?startIndex=5&count=10", headers=headers).json()
    assert [r["id"] for r in tail["Resources"]] == ids[4:]
    none = served_client.get(f"{SCIM}/Users?count=0", headers=headers).json()
    assert none["totalResults"] == 5 and none["Resources"] == []
    both = served_client.get(f'{SCIM}/Users?filter=userName sw "p" and externalId eq "x3"',
                             headers=headers).json()
    assert [r["id"] for r in both["Resources"]] == [ids[3]]


def test_discovery_endpoints(served_client: TestClient, served_session: Session) -> None:
    headers = scim_token(served_session)
    spc = served_client.get(f"{SCIM}/ServiceProviderConfig", headers=headers).json()
    assert spc["patch"]["supported"] is True and spc["filter"]["supported"] is True
    assert spc["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = served_client.get(f"{SCIM}/ResourceTypes", headers=headers).json()
    assert {t["id"] for t in types["Resources"]} == {"User", "Group"}
    assert served_client.get(f"{SCIM}/ResourceTypes/User", headers=headers).status_code == 200
    schemas = served_client.get(f"{SCIM}/Schemas", headers=headers).json()
    urns = {s["id"] for s in schemas["Resources"]}
    assert "urn:ietf:params:scim:schemas:core:2.0:User" in urns
    one = served_client.get(f"{SCIM}/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group",
                            headers=headers)
    assert one.status_code == 200 and one.json()["name"] == "Group"


def _refused(response, status: int, scim_type: str | None = None) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status)
    if scim_type:
        assert body["scimType"] == scim_type
    assert len(body["detail"]) > 10
    return str(body["detail"])


def test_refusals_answer_in_scim_format_change_nothing_and_are_logged(
        served_client: TestClient, served_session: Session) -> None:
    client, session = served_client, served_session
    headers = scim_token(session, "Okta")
    detail = _refused(client.get(f"{SCIM}/Users"), 401)
    assert "Bearer" in detail
    _refused(client.get(f"{SCIM}/Users", headers={"Authorization": "Bearer scim_other"}), 401)
    dana = create(client, headers, okta_user("dana@corp.example"))
    # Filter injection: SQL in a value is just a value; outside the grammar it is refused.
    assert client.get(f"{SCIM}/Users?filter=userName eq \"x\\\" or 1=1 --\"",
                      headers=headers).json()["totalResults"] == 0
    _refused(client.get(f'{SCIM}/Users?filter=userName eq "x" or 1 eq 1', headers=headers),
             400, "invalidFilter")
    _refused(client.get(f"{SCIM}/Users?filter=userName eq x'; DROP TABLE users; --",
                        headers=headers), 400, "invalidFilter")
    _refused(client.get(f'{SCIM}/Users?filter=password eq "x"', headers=headers), 400,
             "invalidFilter")
    # A PATCH on an unknown attribute changes nothing, even the operations before it.
    unknown = client.patch(f"{SCIM}/Users/{dana['id']}", headers=headers, json=patch(
        {"op": "replace", "path": "active", "value": False},
        {"op": "replace", "path": "favouriteColour", "value": "teal"}))
    assert "favouriteColour" in _refused(unknown, 400, "invalidPath")
    assert client.get(f"{SCIM}/Users/{dana['id']}", headers=headers).json()["active"] is True
    _refused(client.post(f"{SCIM}/Users", headers=headers,
                         json=okta_user("DANA@corp.example")), 409, "uniqueness")
    _refused(client.post(f"{SCIM}/Users", headers=headers, json={"userName": ""}), 400)
    _refused(client.post(f"{SCIM}/Users", headers=headers,
                         json={"userName": "not-an-email"}), 400, "invalidValue")
    _refused(client.post(f"{SCIM}/Users", headers=headers, content=b"{not json"), 400,
             "invalidSyntax")
    _refused(client.get(f"{SCIM}/Users/99999", headers=headers), 404)
    _refused(client.get(f"{SCIM}/Users?startIndex=abc", headers=headers), 400)
    _refused(client.post(f"{SCIM}/Groups", headers=headers, json=group("G", ["424242"])), 400,
             "invalidValue")
    _refused(client.get(f"{SCIM}/Nope", headers=headers), 404)
    fresh(session)
    assert session.exec(select(ScimUser)).all().__len__() == 1
    refused = [e for e in _events(session) if not e.ok]
    assert len(refused) >= 10
    assert any("Only 'and' may join filter terms" in e.detail for e in refused)
    assert {e.source for e in refused} >= {"scim:Okta", "scim (no valid token)"}
    # A revoked token stops working at once.
    okta = session.exec(select(ScimToken)).one()
    assert okta.id is not None
    revoke(session=session, token_id=okta.id, now=utcnow())
    session.commit()
    _refused(client.get(f"{SCIM}/Users", headers=headers), 401)


def test_delete_keeps_the_account_and_its_history(served_client: TestClient,
                                                  served_session: Session) -> None:
    headers = scim_token(served_session)
    dana = create(served_client, headers, okta_user("dana@corp.example"))
    create(served_client, headers, group("Everyone", [dana["id"]]), "Groups")
    assert served_client.delete(f"{SCIM}/Users/{dana['id']}", headers=headers).status_code == 204
    _refused(served_client.get(f"{SCIM}/Users/{dana['id']}", headers=headers), 404)
    fresh(served_session)
    kept = served_session.get(User, int(dana["id"]))
    assert kept is not None and kept.is_active is False
    # The directory can provision the same person again: the account comes back.
    back = create(served_client, headers, okta_user("dana@corp.example"))
    assert back["id"] == dana["id"] and back["active"] is True


def test_nul_in_a_scim_body_is_refused_and_writes_nothing(served_client: TestClient,
                                                          served_session: Session) -> None:
    headers = scim_token(served_session)
    response = served_client.post(f"{SCIM}/Users", headers=headers,
                                  json=okta_user("nul\x00@corp.example"))
    assert response.status_code in (400, 422), response.text
    assert response.json()["schemas"] == [ERROR]
    fresh(served_session)
    assert served_session.exec(select(ScimUser)).all() == []


def test_attributes_and_excluded_attributes(served_client: TestClient,
                                            served_session: Session) -> None:
    headers = scim_token(served_session)
    dana = create(served_client, headers, okta_user("dana@corp.example"))
    only = served_client.get(f"{SCIM}/Users/{dana['id']}?attributes=userName,name.givenName",
                             headers=headers).json()
    assert set(only) == {"schemas", "id", "userName", "name"}
    assert only["name"] == {"givenName": "Dana"}
    without = served_client.get(f"{SCIM}/Users?excludedAttributes=name,emails,id",
                                headers=headers).json()["Resources"][0]
    assert "name" not in without and "emails" not in without
    assert without["id"] == dana["id"] and without["userName"] == "dana@corp.example"


def test_a_filter_string_spelling_a_nul_or_half_a_surrogate_pair_is_an_invalid_filter(
        served_client: TestClient, served_session: Session) -> None:
    """The abuse probe's find: the filter's quoted string is JSON, so `"\\ud800"` and
    `"\\u0000"` came out of it as half a surrogate pair (SQLite's driver could not encode
    it: a 500, the connection dropped) and a NUL (PostgreSQL refuses it in a query), after
    the check on every request's text had passed the address's plain backslashes."""
    headers = scim_token(served_session)
    for resource in ("Users", "Groups"):
        for escape in ("\\ud800", "\\udfff", "\\u0000", "a\\u0000b"):
            attribute = "userName" if resource == "Users" else "displayName"
            response = served_client.get(f'{SCIM}/{resource}?filter={attribute} eq "{escape}"',
                                         headers=headers)
            detail = _refused(response, 400, "invalidFilter")
            assert "character" in detail
    # Characters written out, and a pair of halves, are a value like any other.
    pair = served_client.get(f'{SCIM}/Users?filter=userName eq "\\ud83d\\ude00@x.example"',
                             headers=headers)
    assert pair.status_code == 200 and pair.json()["totalResults"] == 0
