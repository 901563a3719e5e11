"""Single sign-on in headless Chromium, on a phone: through the real OpenID Connect
provider's login page and through the real SAML IdP's, back to OnMessage signed in; and
the admin page, screenshotted on a laptop and a phone."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from tests.browser.conftest import _require_browser
from tests.browser.helpers import sign_in, watch_csp
from tests.identity.conftest import (  # noqa: F401  (fixtures: the real providers)
    SAML_PASSWORD,
    OidcProvider,
    SamlIdp,
    oidc_provider,
    saml_idp,
)
from tests.live_server import seed_demo, serving

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def _configure(data: Path, op: OidcProvider, idp: SamlIdp) -> None:
    """The providers and a mapping, as an admin would set them on /admin/identity."""
    from app.db import make_engine
    from app.identity.mappings import create_mapping
    from app.identity.models import IdentityProvider
    from app.users import get_team_by_name

    engine = make_engine(f"sqlite:///{data / 'onmessage.db'}")
    with Session(engine) as session:
        west = get_team_by_name(session=session, name="Enterprise West")
        assert west is not None
        create_mapping(session=session, group_name="OnMessage Reps West", role="rep",
                       team_id=west.id)
        session.add(IdentityProvider(slug="corp", kind="oidc", name="Corp SSO", jit=True,
                                     config={"issuer": op.issuer, "client_id": op.client_id,
                                             "client_secret": op.client_secret,
                                             "scopes": "openid email profile groups",
                                             "groups_claim": "groups"}))
        session.add(IdentityProvider(slug="corpsaml", kind="saml", name="Corp SAML", jit=True,
                                     config={"idp_metadata": idp.metadata(),
                                             "groups_attribute": "groups"}))
        session.commit()
    engine.dispose()


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory: pytest.TempPathFactory, oidc_provider: OidcProvider,  # noqa: F811
               saml_idp: SamlIdp) -> Iterator[str]:  # noqa: F811
    _require_browser()
    import urllib.request

    data = tmp_path_factory.mktemp("sso-live")
    env = seed_demo(data)
    _configure(data, oidc_provider, saml_idp)
    with serving(data, env, log_name="sso-server.log") as server:
        oidc_provider.run(f'add_redirect_uri("{server.base}/sso/corp/callback")')
        with urllib.request.urlopen(f"{server.base}/sso/corpsaml/metadata", timeout=30) as r:
            saml_idp.trust(r.read().decode())
        oidc_provider.run('add_user("riley", "riley@corp.example", ["OnMessage Reps West"], '
                          '"Riley", "Quinn")')
        saml_idp.add_user("morgan", "morgan@corp.example", ["OnMessage Reps West"],
                          "Morgan Lee")
        yield server.base


@contextlib.contextmanager
def _context(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(**options)
    context.set_default_timeout(20_000)
    violations = watch_csp(context)
    try:
        yield context.new_page()
        ours = [v for v in violations if "/sso/" not in v and "openid" not in v]
        assert ours == [], "CSP violations:\n" + "\n".join(ours)
    finally:
        context.close()


def test_oidc_sign_in_on_a_phone(browser: Any, sso_server: str, artifacts: Path,
                                 oidc_provider: OidcProvider) -> None:  # noqa: F811
    with _context(browser, **PHONE) as page:
        page.goto(sso_server + "/login")
        page.screenshot(path=str(artifacts / "sso-login-phone.png"), full_page=True)
        page.get_by_role("link", name="Sign in with Corp SSO").click()
        page.wait_for_url("**/accounts/login/**")
        page.fill("#id_username", "riley")
        page.fill("#id_password", oidc_provider.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(sso_server + "/")
        assert "Riley" in page.content()
        page.screenshot(path=str(artifacts / "sso-oidc-home-phone.png"), full_page=True)


def test_saml_sign_in_on_a_phone(browser: Any, sso_server: str, artifacts: Path) -> None:
    with _context(browser, **PHONE) as page:
        page.goto(sso_server + "/login")
        page.get_by_role("link", name="Sign in with Corp SAML").click()
        page.wait_for_url("**/sso/redirect**")
        page.fill("#username", "morgan")
        page.fill("#password", SAML_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(sso_server + "/")
        assert "Morgan" in page.content()
        page.screenshot(path=str(artifacts / "sso-saml-home-phone.png"), full_page=True)


def test_admin_identity_page(browser: Any, sso_server: str, artifacts: Path) -> None:
    for name, options in (("laptop", {"viewport": {"width": 1280, "height": 800}}),
                          ("phone", PHONE)):
        with _context(browser, **options) as page:
            sign_in(page, sso_server, "admin@example.com")
            page.goto(sso_server + "/admin/identity")
            assert page.get_by_role("heading", name="Sign-in providers").is_visible()
            assert "Corp SAML" in page.content() and "Corp SSO" in page.content()
            page.screenshot(path=str(artifacts / f"sso-admin-{name}.png"), full_page=True)
