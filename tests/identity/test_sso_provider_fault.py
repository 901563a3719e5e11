"""A provider that cannot be reached: the person signing in reads what they can do, the
admin's log keeps the address and the network error (abuse probe: the signed-out sign-in
page showed the issuer's address and "[Errno 111] Connection refused")."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.identity.models import IdentityProvider
from app.models import Role
from tests.factories import csrf_of, make_user, sign_in

PAGE = "/admin/identity"
ISSUER = "http://127.0.0.1:9/oauth2"  # nothing listens on the discard port


def test_an_unreachable_provider_is_explained_to_the_person_and_detailed_to_the_admin(
        served_client: TestClient, served_session: Session) -> None:
    client, session = served_client, served_session
    admin = make_user(session, Role.ADMIN)
    session.commit()
    sign_in(client, admin)
    added = client.post(f"{PAGE}/providers", data={
        "kind": "oidc", "name": "Okta", "slug": "okta", "issuer": ISSUER,
        "client_id": "0oa123", "client_secret": "s3cret", "csrf_token": csrf_of(client, PAGE)},
        follow_redirects=False)
    assert added.status_code == 303
    client.post("/logout", data={"csrf_token": csrf_of(client, "/")})
    client.cookies.clear()

    page = client.get("/sso/okta/start", follow_redirects=False)
    assert page.status_code == 401
    assert "Sign-in with Okta failed: it could not be reached" in page.text
    assert "tell your administrator" in page.text
    for private in ("127.0.0.1", "Errno", "oauth2", "discovery"):
        assert private not in page.text, private

    session.expire_all()
    provider = session.exec(select(IdentityProvider)).one()
    assert "Could not reach the provider" in (provider.last_error or "")
    assert ISSUER in (provider.last_error or "")
