"""OpenID Connect sign-in against a real provider (django-oidc-provider in its own
process): code + PKCE, state, nonce, JWKS validation with key rotation, and refusals."""

from __future__ import annotations

import base64
import json
import time
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlmodel import Session, select

from app.identity import oidc
from app.identity.mappings import create_mapping
from app.identity.models import ExternalIdentity, IdentityProvider, ProvisioningEvent
from app.identity.sso_routes import FLOW_COOKIE
from app.models import Role, User
from app.settings import Settings
from app.users import roles_of
from tests.factories import make_team, make_user
from tests.identity.conftest import OidcProvider
from tests.identity.scim_helpers import fresh

CALLBACK = "http://testserver/sso/corp/callback"


def add_provider(session: Session, op: OidcProvider, *, jit: bool = True) -> IdentityProvider:
    provider = IdentityProvider(slug="corp", kind="oidc", name="Corp SSO", jit=jit, config={
        "issuer": op.issuer, "client_id": op.client_id, "client_secret": op.client_secret,
        "scopes": "openid email profile groups", "groups_claim": "groups"})
    session.add(provider)
    session.commit()
    return provider


def provider_login(auth_url: str, username: str, password: str) -> str:
    """Sign in at the provider's own login form, as a browser would; returns where the
    provider sends the browser back (our callback, with code and state)."""
    with httpx.Client(follow_redirects=False, timeout=30) as c:
        r = c.get(auth_url)
        assert r.status_code == 302, r.text[:300]
        login = urljoin(auth_url, r.headers["location"])
        c.get(login)
        nxt = parse_qs(urlparse(login).query)["next"][0]
        r = c.post(login, data={"username": username, "password": password,
                                "csrfmiddlewaretoken": c.cookies["csrftoken"], "next": nxt},
                   headers={"Referer": login})
        assert r.status_code == 302, f"provider login failed: {r.text[:300]}"
        r = c.get(urljoin(login, r.headers["location"]))
        assert r.status_code == 302, r.text[:300]
        return str(r.headers["location"])


def start(client: TestClient, next_path: str = "/") -> str:
    r = client.get(f"/sso/corp/start?next={next_path}", follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return str(r.headers["location"])


def back(client: TestClient, callback_url: str) -> Any:
    assert callback_url.startswith(CALLBACK), callback_url
    return client.get(callback_url.removeprefix("http://testserver"), follow_redirects=False)


def test_code_flow_with_pkce_creates_the_account_with_mapped_role_and_team(
        served_client: TestClient, served_session: Session, oidc_provider: OidcProvider) -> None:
    session = served_session
    west = make_team(session, "Enterprise West")
    create_mapping(session=session, group_name="OnMessage Reps West", role="rep",
                   team_id=west.id)
    add_provider(session, oidc_provider)
    oidc_provider.run('add_user("dana", "dana@corp.example", ["OnMessage Reps West"], '
                      '"Dana", "Reyes")')
    login_page = served_client.get("/login")
    assert "Sign in with Corp SSO" in login_page.text
    auth_url = start(served_client, "/drills")
    query = parse_qs(urlparse(auth_url).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["nonce"][0] and query["state"][0] and query["redirect_uri"] == [CALLBACK]
    done = back(served_client, provider_login(auth_url, "dana", oidc_provider.password))
    assert done.status_code == 303, done.text[:500]
    assert done.headers["location"] == "/drills"
    assert served_client.get("/", follow_redirects=False).status_code == 200
    fresh(session)
    dana = session.exec(select(User).where(User.email == "dana@corp.example")).one()
    assert dana.name == "Dana Reyes" and dana.team_id == west.id
    assert roles_of(session=session, user_id=dana.id) == {Role.REP}  # type: ignore[arg-type]
    link = session.exec(select(ExternalIdentity)).one()
    assert link.user_id == dana.id and link.groups == ["OnMessage Reps West"]


def _refused_page(response: Any, words: str, status: int = 401) -> None:
    assert response.status_code == status, response.text[:500]
    assert words in response.text
    assert "Sign in with Corp SSO" in response.text  # back on the sign-in page


def _nothing_created(session: Session, email: str) -> None:
    fresh(session)
    assert session.exec(select(User).where(User.email == email)).first() is None
    assert session.exec(select(ExternalIdentity)).all() == []


def test_state_mismatch_is_refused_logged_and_creates_nothing(
        served_client: TestClient, served_session: Session, oidc_provider: OidcProvider) -> None:
    add_provider(served_session, oidc_provider)
    oidc_provider.run('add_user("sam", "sam@corp.example", [], "Sam", "Ode")')
    make_user(served_session, Role.ADMIN)  # (mappings none: roles stay as admins set them)
    served_session.commit()
    callback = provider_login(start(served_client), "sam", oidc_provider.password)
    state = parse_qs(urlparse(callback).query)["state"][0]
    forged = callback.replace(f"state={state}", "state=forged-state")
    _refused_page(back(served_client, forged), "state does not match")
    _nothing_created(served_session, "sam@corp.example")
    provider = served_session.exec(select(IdentityProvider)).one()
    assert provider.last_error and "state does not match" in provider.last_error
    refused = served_session.exec(select(ProvisioningEvent)
                                  .where(ProvisioningEvent.ok == False)).all()  # noqa: E712
    assert [e.source for e in refused] == ["oidc:corp"]
    # Without the flow cookie (another browser), the real answer is refused too.
    other = TestClient(served_client.app, base_url="http://testserver")
    _refused_page(back(other, provider_login(start(served_client), "sam",
                                             oidc_provider.password)),
                  "started too long ago or in another browser")


def test_unknown_person_without_jit_and_unmapped_groups_are_refused(
        served_client: TestClient, served_session: Session, oidc_provider: OidcProvider) -> None:
    session = served_session
    provider = add_provider(session, oidc_provider, jit=False)
    oidc_provider.run('add_user("lee", "lee@corp.example", ["Finance"], "Lee", "Park")')
    page = back(served_client, provider_login(start(served_client), "lee",
                                              oidc_provider.password))
    _refused_page(page, "There is no OnMessage account for lee@corp.example", 403)
    _nothing_created(session, "lee@corp.example")
    # With just-in-time creation on, but Lee's only group is mapped to nothing.
    provider = session.exec(select(IdentityProvider)).one()
    provider.jit = True
    session.add(provider)
    west = make_team(session, "West")
    create_mapping(session=session, group_name="OnMessage Reps West", role="rep",
                   team_id=west.id)
    session.commit()
    page = back(served_client, provider_login(start(served_client), "lee",
                                              oidc_provider.password))
    _refused_page(page, "none of your groups is mapped to a role", 403)
    assert "Finance" in page.text
    _nothing_created(session, "lee@corp.example")


def test_key_rotation_is_followed(served_client: TestClient, served_session: Session,
                                  oidc_provider: OidcProvider) -> None:
    add_provider(served_session, oidc_provider)
    rep = make_user(served_session, Role.REP, email="kim@corp.example")
    served_session.commit()
    oidc_provider.run('add_user("kim", "kim@corp.example", [], "Kim", "Ode")')
    first = back(served_client, provider_login(start(served_client), "kim",
                                               oidc_provider.password))
    assert first.status_code == 303, first.text[:300]
    rotated_at = time.monotonic()
    oidc_provider.run("print(rotate_key())")
    time.sleep(max(0.0, oidc.KEYS_REFETCH_MIN_S - (time.monotonic() - rotated_at)) + 0.5)
    served_client.cookies.clear()
    second = back(served_client, provider_login(start(served_client), "kim",
                                                oidc_provider.password))
    assert second.status_code == 303, second.text[:500]
    fresh(served_session)
    links = served_session.exec(select(ExternalIdentity)).all()
    assert [link.user_id for link in links] == [rep.id]


# --- the ID token checks, on real tokens from the provider --------------------------------


@pytest.fixture
def real_token(oidc_provider: OidcProvider) -> dict[str, Any]:
    """An ID token the provider issued (through its real flow), with what validates it."""
    oidc_provider.run('add_user("tess", "tess@corp.example", ["G"], "Tess", "Ng")')
    config = {"issuer": oidc_provider.issuer, "client_id": oidc_provider.client_id,
              "client_secret": oidc_provider.client_secret, "scopes": "openid email groups"}
    request = oidc.authorization_request(config, CALLBACK, timeout=10)
    callback = provider_login(request.url, "tess", oidc_provider.password)
    code = parse_qs(urlparse(callback).query)["code"][0]
    tokens = oidc.exchange_code(config, CALLBACK, code, request.code_verifier, timeout=10)
    meta = oidc.discover(oidc_provider.issuer, timeout=10)
    return {"id_token": tokens["id_token"], "nonce": request.nonce, "config": config,
            "keys": lambda refresh: oidc.key_set(meta.jwks_uri, timeout=10, refresh=refresh)}


def _validate(t: dict[str, Any], token: str | None = None, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"issuer": t["config"]["issuer"],
                            "client_id": t["config"]["client_id"], "nonce": t["nonce"],
                            "keys": t["keys"], **overrides}
    return oidc.validate_id_token(token or t["id_token"], **args)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_real_id_token_validates_and_each_tampering_is_refused(
        real_token: dict[str, Any]) -> None:
    claims = _validate(real_token)
    assert claims["email"] == "tess@corp.example" and claims["groups"] == ["G"]
    header_b64, payload_b64, _ = real_token["id_token"].split(".")
    header = json.loads(base64.urlsafe_b64decode(header_b64 + "=="))
    with pytest.raises(oidc.OidcError, match="nonce"):
        _validate(real_token, nonce="another-nonce")
    with pytest.raises(oidc.OidcError, match="expired"):
        _validate(real_token, now=time.time() + 86400)
    with pytest.raises(oidc.OidcError, match="aud"):
        _validate(real_token, client_id="another-client")
    with pytest.raises(oidc.OidcError, match="iss"):
        _validate(real_token, issuer="https://evil.example/openid")
    # alg none: the same claims, unsigned.
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload_b64}."
    with pytest.raises(oidc.OidcError, match="signature"):
        _validate(real_token, unsigned)
    # Signed by another key that claims the provider's key id.
    forger = RSAKey.generate_key(2048, parameters={"kid": header["kid"]})
    forged = jwt.encode({"alg": "RS256", "kid": header["kid"]}, claims, forger)
    with pytest.raises(oidc.OidcError, match="signature"):
        _validate(real_token, forged)
    # ... or a key id the provider does not publish (refetched once, then refused).
    stranger = RSAKey.generate_key(2048, parameters={"kid": "not-the-providers"})
    with pytest.raises(oidc.OidcError, match="does not publish"):
        _validate(real_token, jwt.encode({"alg": "RS256", "kid": "not-the-providers"},
                                         claims, stranger))
    # HS256 with the client secret as key: refused (asymmetric algorithms only).
    from joserfc.jwk import OctKey
    secret = OctKey.import_key(real_token["config"]["client_secret"])
    with pytest.raises(oidc.OidcError, match="signature"):
        _validate(real_token, jwt.encode({"alg": "HS256"}, claims, secret))
    # A changed payload breaks the real signature.
    tampered = f"{header_b64}.{_b64({**claims, 'email': 'boss@corp.example'})}." \
               f"{real_token['id_token'].split('.')[2]}"
    with pytest.raises(oidc.OidcError, match="signature"):
        _validate(real_token, tampered)


def test_a_provider_error_is_shown_only_for_a_sign_in_this_browser_started(
        served_client: TestClient, served_session: Session, served_settings: Settings) -> None:
    """The abuse probe's find: the callback showed `error_description` before it checked
    the state, so any link (/sso/corp/callback?error=x&error_description=...) put 300
    characters of anyone's words on this site's own sign-in page ("Your account is locked:
    call ...") and in the admin's provider log as the provider's. The words are the
    provider's only when the state is the one this browser was sent there with."""
    served_session.add(IdentityProvider(slug="corp", kind="oidc", name="Corp SSO", jit=True,
                                        config={"issuer": "https://idp.invalid",
                                                "client_id": "c", "client_secret": "s"}))
    served_session.commit()
    planted = "Your account is locked, call 0800 000 000"
    link = f"/sso/corp/callback?error=access_denied&error_description={planted}&state=s1"
    forged = served_client.get(link, follow_redirects=False)
    _refused_page(forged, "started too long ago or in another browser")
    assert planted not in forged.text
    fresh(served_session)
    provider = served_session.exec(select(IdentityProvider)).one()
    assert provider.last_error and planted not in provider.last_error
    # This browser's own sign-in, which the provider turned down: its words are shown.
    flow = URLSafeTimedSerializer(served_settings.secret_key, salt="sso-flow").dumps(
        {"p": "corp", "s": "s1", "n": "n", "v": "v", "next": "/"})
    served_client.cookies.set(FLOW_COOKIE, flow, path="/sso")
    other_state = served_client.get(link.replace("state=s1", "state=s2"),
                                    follow_redirects=False)
    _refused_page(other_state, "state does not match")
    assert planted not in other_state.text
    served_client.cookies.set(FLOW_COOKIE, flow, path="/sso")
    own = served_client.get(link, follow_redirects=False)
    _refused_page(own, f"the provider said: {planted}.")
