"""SAML 2.0 sign-in against a real IdP (pysaml2's IdP server in its own process, signing
with its own key): SP- and IdP-initiated, and every refusal: unsigned, signed by another
key, expired, wrong audience, wrong recipient, replayed, answering another request."""

from __future__ import annotations

import base64
import html
import re
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.clock import utcnow
from app.identity import saml
from app.identity.mappings import create_mapping
from app.identity.models import ExternalIdentity, IdentityProvider, ProvisioningEvent
from app.models import Role, User
from app.users import roles_of
from tests.factories import make_team
from tests.identity.conftest import SAML_PASSWORD, SamlIdp
from tests.identity.scim_helpers import fresh

BASE = "http://testserver"
ACS = saml.acs_url(BASE, "corp")
SP = saml.entity_id(BASE, "corp")


@pytest.fixture
def corp(served_client: TestClient, served_session: Session, saml_idp: SamlIdp) -> SamlIdp:
    """The IdP as a provider (JIT on), trusted both ways, with a team mapped from a group."""
    west = make_team(served_session, "Enterprise West")
    create_mapping(session=served_session, group_name="OnMessage Reps West", role="rep",
                   team_id=west.id)
    served_session.add(IdentityProvider(slug="corp", kind="saml", name="Corp SAML", jit=True,
                                        config={"idp_metadata": saml_idp.metadata(),
                                                "groups_attribute": "groups"}))
    served_session.commit()
    metadata = served_client.get("/sso/corp/metadata")
    assert metadata.status_code == 200
    saml_idp.trust(metadata.text)
    saml_idp.add_user("dana", "dana@corp.example", ["OnMessage Reps West"], "Dana Reyes")
    return saml_idp


def _form(page: str) -> tuple[str, dict[str, str]]:
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    fields = {m.group(1): html.unescape(m.group(2))
              for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}
    return action, fields


def idp_sign_in(url: str, username: str = "dana") -> tuple[str, dict[str, str]]:
    """At the IdP: open its sign-in form, sign in; returns the auto-posting form's
    target and fields (SAMLResponse, RelayState), as the browser would post them."""
    with httpx.Client(timeout=30) as c:
        page = c.get(url)
        assert page.status_code == 200, page.text[:300]
        _, fields = _form(page.text)
        base = f"{urlparse(url).scheme}://{urlparse(url).netloc}"
        done = c.post(f"{base}/login", data={**fields, "username": username,
                                              "password": SAML_PASSWORD})
        assert done.status_code == 200, done.text[:500]
        return _form(done.text)


def test_sp_metadata_is_served_at_the_entity_id(corp: SamlIdp,
                                                served_client: TestClient) -> None:
    xml = served_client.get("/sso/corp/metadata")
    assert xml.headers["content-type"].startswith("application/samlmetadata+xml")
    assert f'entityID="{SP}"' in xml.text and ACS in xml.text
    assert 'WantAssertionsSigned="true"' in xml.text


def test_sp_initiated_sign_in(corp: SamlIdp, served_client: TestClient,
                              served_session: Session) -> None:
    start = served_client.get("/sso/corp/start?next=/drills", follow_redirects=False)
    assert start.status_code == 303
    location = start.headers["location"]
    assert location.startswith(f"{corp.base}/sso/redirect?")
    assert "SAMLRequest" in parse_qs(urlparse(location).query)
    action, fields = idp_sign_in(location)
    assert action == ACS
    done = served_client.post("/sso/corp/acs", data=fields, follow_redirects=False)
    assert done.status_code == 303, done.text[:800]
    assert done.headers["location"] == "/drills"
    assert served_client.get("/", follow_redirects=False).status_code == 200
    fresh(served_session)
    dana = served_session.exec(select(User).where(User.email == "dana@corp.example")).one()
    assert dana.name == "Dana Reyes"
    assert roles_of(session=served_session, user_id=dana.id) == {Role.REP}  # type: ignore[arg-type]
    # The same response again: a replay.
    again = TestClient(served_client.app, base_url=BASE).post("/sso/corp/acs", data=fields,
                                                              follow_redirects=False)
    assert again.status_code == 403 and "already used" in again.text


def test_idp_initiated_sign_in(corp: SamlIdp, served_client: TestClient,
                               served_session: Session) -> None:
    action, fields = idp_sign_in(f"{corp.base}/idp-init?acs={ACS}&sp={SP}&relay=/drills")
    assert action == ACS and fields["RelayState"] == "/drills"
    done = served_client.post("/sso/corp/acs", data=fields, follow_redirects=False)
    assert done.status_code == 303, done.text[:800]
    assert done.headers["location"] == "/drills"
    fresh(served_session)
    assert served_session.exec(select(ExternalIdentity)).one().subject == "dana@corp.example"


@pytest.mark.parametrize(("variant", "words"), [
    ("unsigned", "not signed"),
    ("other_key", "not signed by the identity provider"),
    ("expired", "outside its time window"),
    ("wrong_audience", "another service"),
    ("wrong_recipient", "wrong audience or recipient"),
])
def test_bad_assertions_are_refused_logged_and_create_nothing(
        corp: SamlIdp, served_client: TestClient, served_session: Session, variant: str,
        words: str) -> None:
    response = corp.craft("dana", ACS, SP, variant)
    page = served_client.post("/sso/corp/acs", data={"SAMLResponse": response},
                              follow_redirects=False)
    assert page.status_code == 401, page.text[:500]
    assert words in page.text and "Sign-in with Corp SAML failed" in page.text
    fresh(served_session)
    assert served_session.exec(select(User)).all() == []
    refused = served_session.exec(select(ProvisioningEvent)).one()
    assert refused.ok is False and refused.source == "saml:corp" and words in refused.detail
    provider = served_session.exec(select(IdentityProvider)).one()
    assert provider.last_error and words in provider.last_error


def test_an_answer_to_a_request_never_made_is_refused(
        corp: SamlIdp, served_client: TestClient, served_session: Session) -> None:
    response = corp.craft("dana", ACS, SP, in_response_to="id-never-sent-by-us")
    page = served_client.post("/sso/corp/acs", data={"SAMLResponse": response},
                              follow_redirects=False)
    assert page.status_code == 401 and "did not start" in page.text
    page = served_client.post("/sso/corp/acs", data={"SAMLResponse": "bm90IHhtbA=="},
                              follow_redirects=False)
    assert page.status_code == 401 and "not a readable SAML response" in page.text
    # No CSRF token is asked for (the IdP cannot send one), but a NUL is refused as
    # everywhere else.
    nul = served_client.post("/sso/corp/acs", data={"SAMLResponse": "x\x00"},
                             follow_redirects=False)
    assert nul.status_code == 422 and "NUL" in nul.text
    fresh(served_session)
    assert served_session.exec(select(User)).all() == []




def _status_response(issuer: str, code: str, second: str | None, message: str) -> str:
    """An IdP's answer that turns the sign-in down: a Status, no assertion, unsigned (as
    Okta sends when the person is not assigned the app; or anyone, from any page)."""
    inner = f'<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:{second}"/>' \
        if second else ""
    xml = ('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
           'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" '
           f'IssueInstant="{utcnow():%Y-%m-%dT%H:%M:%SZ}" Destination="{ACS}">'
           f'<saml:Issuer>{issuer}</saml:Issuer><samlp:Status>'
           f'<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:{code}">{inner}'
           f'</samlp:StatusCode><samlp:StatusMessage>{message}</samlp:StatusMessage>'
           '</samlp:Status></samlp:Response>')
    return base64.b64encode(xml.encode()).decode()


@pytest.mark.parametrize(("code", "second", "shown"), [
    ("Responder", None, "Responder"),
    ("Responder", "AuthnFailed", "AuthnFailed"),
    ("Requester", "RequestDenied", "RequestDenied"),
])
def test_a_refusal_from_the_idp_reads_as_one_and_shows_none_of_its_unsigned_words(
        corp: SamlIdp, served_client: TestClient, served_session: Session, code: str,
        second: str | None, shown: str) -> None:
    """The abuse probe's find: an answer that only carries a Status (no assertion) was
    shown as pysaml2 words it, the Status element's XML ("StatusError: Unsuccessful
    operation: <ns0:Status xmlns:ns0=...") cut at 200 characters, with the StatusMessage
    inside it: a rep turned away by the IdP read XML, and, as the answer is unsigned, any
    page that posts one put its own words on the sign-in page."""
    planted = "Your account is locked, call 0800 000 000"
    issuer = re.search(r'entityID="([^"]+)"', corp.metadata()).group(1)  # type: ignore[union-attr]
    answer = _status_response(issuer, code, second, planted)
    page = served_client.post("/sso/corp/acs", data={"SAMLResponse": answer},
                              follow_redirects=False)
    assert page.status_code == 401, page.text[:500]
    assert "Sign-in with Corp SAML failed" in page.text
    assert f"The identity provider turned the sign-in down ({shown})" in page.text
    assert planted not in page.text and "ns0:" not in page.text and "xmlns" not in page.text
    fresh(served_session)
    assert served_session.exec(select(User)).all() == []
