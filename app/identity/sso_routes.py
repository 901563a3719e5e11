"""Single sign-on pages: /sso/{slug}/start sends the browser to the provider; the OIDC
callback and the SAML assertion consumer bring it back signed in, or on the sign-in page
with the reason it was refused (also written to the admin log and the provider's last
error). The callback is a GET that writes: it writes only through `db.write`, in a
session of its own, never through a read's session."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app import csrf
from app.auth import start_session
from app.clock import utcnow
from app.csrf import SESSION_COOKIE
from app.db import Database
from app.identity import oidc, providers, saml, sso
from app.identity.saml import SamlError
from app.identity.sso_buttons import sign_in_buttons
from app.settings import Settings
from app.web import redirect, render, safe_next
from drills.errors import NotFound

log = logging.getLogger(__name__)
router = APIRouter(prefix="/sso", include_in_schema=False)

FLOW_COOKIE = "om_sso"
FLOW_MAX_AGE_S = 600  # ten minutes from leaving for the provider to coming back


@dataclass(frozen=True)
class ProviderView:
    """A provider's plain values, read in a short session (no ORM row outlives it)."""

    id: int
    slug: str
    kind: str
    name: str
    config: dict[str, Any]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _flow_signer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="sso-flow")


def redirect_uri(settings: Settings, slug: str, kind: str) -> str:
    end = "callback" if kind == "oidc" else "acs"
    return f"{settings.base_url.rstrip('/')}/sso/{slug}/{end}"


def _load(db: Database, slug: str) -> ProviderView:
    with db.session() as session:
        provider = providers.get_by_slug(session=session, slug=slug)
        assert provider.id is not None
        return ProviderView(provider.id, provider.slug, provider.kind, provider.name,
                            dict(provider.config))


def _buttons(db: Database) -> list[dict[str, str]]:
    with db.session() as session:
        return sign_in_buttons(session)


def _log_refusal(db: Database, provider_id: int, detail: str, subject: str) -> None:
    with db.session(write=True) as session:
        providers.note_refusal(session=session, provider_id=provider_id, detail=detail,
                               subject=subject, now=utcnow())
        session.commit()


PROVIDER_FAULT = ("it could not be reached, or did not answer as expected. Try again in a "
                  "few minutes; if it keeps failing, tell your administrator, who will find "
                  "the details in the provisioning log.")


async def refused(request: Request, provider: ProviderView, detail: str, *,
                  subject: str = "", status: int = 401, shown: str | None = None) -> Response:
    """The sign-in page with the reason; the reason also goes to the admin log. `shown`
    replaces it on the page where it is for the admin alone (addresses, network errors)."""
    db = _db(request)
    try:
        await db.write(_log_refusal, db, provider.id, detail, subject[:254])
    except Exception:  # the person's answer matters more than the log line
        log.exception("could not log a refused sign-in")
    settings = _settings(request)
    page = render(request, "auth/login.html",
                  {"next": "/", "email": "", "demo": settings.demo,
                   "error": f"Sign-in with {provider.name} failed: {shown or detail}",
                   "providers": await db.run(_buttons, db),
                   "password_sign_in": settings.password_sign_in}, status_code=status)
    page.delete_cookie(FLOW_COOKIE, path="/sso")
    return page


def _finish(db: Database, provider_id: int, identity: sso.Identity, settings: Settings,
            user_agent: str | None, before: Callable[[Session], None] | None) -> str:
    """In one write: `before` (the SAML replay check), the account (found, linked or
    created), its groups, a session."""
    with db.session(write=True) as session:
        try:
            provider = providers.find(session=session, provider_id=provider_id)
            if provider is None:
                raise NotFound("This sign-in provider was removed meanwhile.")
            if before is not None:
                before(session)
            user = sso.sign_in(session=session, provider=provider, identity=identity,
                               base_url=settings.base_url)
            token = start_session(session=session, user=user, days=settings.session_days,
                                  now=utcnow(), user_agent=user_agent)
            session.commit()
            return token
        except BaseException:
            session.rollback()
            raise


async def signed_in(request: Request, provider: ProviderView, identity: sso.Identity,
                    next_path: str, before: Callable[[Session], None] | None = None
                    ) -> Response:
    settings, db = _settings(request), _db(request)
    try:
        token = await db.write(_finish, db, provider.id, identity, settings,
                               request.headers.get("user-agent"), before)
    except (sso.SsoRefused, SamlError) as exc:
        detail = exc.detail if isinstance(exc, sso.SsoRefused) else str(exc)
        return await refused(request, provider, detail,
                             subject=identity.email or identity.subject, status=403)
    response = redirect(request, safe_next(next_path))
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_days * 86400,
                        httponly=True, samesite="lax", secure=settings.secure_cookies, path="/")
    response.delete_cookie(FLOW_COOKIE, path="/sso")
    csrf.rotate(request, response, secure=settings.secure_cookies)
    return response


# --- start ----------------------------------------------------------------------------


@router.get("/{slug}/start")
async def start(request: Request, slug: str, next: str | None = None) -> Response:
    settings, db = _settings(request), _db(request)
    provider = await db.run(_load, db, slug)
    if provider.kind == "saml":
        return await _saml_start(request, provider, safe_next(next))
    uri = redirect_uri(settings, slug, "oidc")
    try:
        auth = await run_in_threadpool(oidc.authorization_request, provider.config, uri,
                                       timeout=settings.sso_timeout_s)
    except oidc.OidcError as exc:
        return await refused(request, provider, str(exc), shown=_shown(exc))
    flow = _flow_signer(settings).dumps({"p": slug, "s": auth.state, "n": auth.nonce,
                                         "v": auth.code_verifier, "next": safe_next(next)})
    response = redirect(request, auth.url)
    response.set_cookie(FLOW_COOKIE, flow, max_age=FLOW_MAX_AGE_S, httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/sso")
    return response


# --- OIDC callback --------------------------------------------------------------------


def _identity(provider: ProviderView, claims: dict[str, Any],
              info: dict[str, Any]) -> sso.Identity:
    merged = {**info, **claims}
    groups_claim = provider.config.get("groups_claim") or "groups"
    raw_groups = merged.get(groups_claim) or []
    if isinstance(raw_groups, str):
        raw_groups = [raw_groups]
    email = merged.get("email")
    if email and merged.get("email_verified") is False:
        raise oidc.OidcError(f"The provider says the email {email} is not verified.")
    return sso.Identity(subject=str(claims["sub"]), email=str(email) if email else None,
                        name=str(merged.get("name") or "") or None,
                        groups=tuple(str(g)[:200] for g in raw_groups if g)[:500])


def _complete(provider: ProviderView, settings: Settings, code: str,
              verifier: str, nonce: str) -> sso.Identity:
    """The network half of the callback: exchange, validate, user info."""
    config, timeout = provider.config, settings.sso_timeout_s
    uri = redirect_uri(settings, provider.slug, "oidc")
    tokens = oidc.exchange_code(config, uri, code, verifier, timeout=timeout)
    meta = oidc.discover(config["issuer"], timeout=timeout)
    claims = oidc.validate_id_token(
        str(tokens["id_token"]), issuer=config["issuer"], client_id=config["client_id"],
        nonce=nonce,
        keys=lambda refresh: oidc.key_set(meta.jwks_uri, timeout=timeout, refresh=refresh))
    groups_claim = config.get("groups_claim") or "groups"
    info: dict[str, Any] = {}
    if ("email" not in claims or groups_claim not in claims) and tokens.get("access_token"):
        info = oidc.userinfo(config, str(tokens["access_token"]), timeout=timeout)
        if info.get("sub") not in (None, claims["sub"]):
            raise oidc.OidcError("The user info belongs to someone else (sub differs).")
    return _identity(provider, claims, info)


@router.get("/{slug}/callback")
async def callback(request: Request, slug: str, code: str | None = None,
                   state: str | None = None, error: str | None = None,
                   error_description: str | None = None) -> Response:
    settings, db = _settings(request), _db(request)
    provider = await db.run(_load, db, slug)
    if provider.kind != "oidc":
        raise NotFound("This provider does not use OpenID Connect.")
    # The state first, an error answer's too (the provider sends it back with either): a
    # link anyone can write would otherwise put its own words on this page as the
    # provider's, and in the admin's log.
    try:
        flow = _flow_signer(settings).loads(request.cookies.get(FLOW_COOKIE, ""),
                                            max_age=FLOW_MAX_AGE_S)
    except BadSignature:
        return await refused(request, provider, "the sign-in was started too long ago or in "
                             "another browser. Start again from the sign-in page.")
    if not isinstance(flow, dict) or flow.get("p") != slug or not state \
            or not _same(str(flow.get("s", "")), state):
        return await refused(request, provider, "the state does not match the sign-in this "
                             "browser started (a forged or replayed answer). Start again.")
    if error:
        words = (error_description or error)[:300]
        return await refused(request, provider, f"the provider said: {words}.")
    if not code:
        return await refused(request, provider, "the provider sent no authorization code.")
    try:
        identity = await run_in_threadpool(_complete, provider, settings, code,
                                           str(flow["v"]), str(flow["n"]))
    except oidc.OidcError as exc:
        return await refused(request, provider, str(exc), shown=_shown(exc))
    return await signed_in(request, provider, identity, str(flow.get("next") or "/"))


def _shown(exc: oidc.OidcError) -> str | None:
    return PROVIDER_FAULT if isinstance(exc, oidc.ProviderFault) else None


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# --- SAML -----------------------------------------------------------------------------


def _relay_signer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="saml-relay")


async def _saml_start(request: Request, provider: ProviderView, next_path: str) -> Response:
    """SP-initiated: an AuthnRequest by HTTP-Redirect. The request id travels, signed by
    us, in RelayState (the IdP posts back cross-site, where no cookie of ours comes)."""
    settings = _settings(request)
    request_id = saml.new_request_id()
    relay = _relay_signer(settings).dumps({"r": request_id, "next": next_path})
    try:
        location = await run_in_threadpool(saml.start, provider.config, settings.base_url,
                                           provider.slug, request_id, relay)
    except SamlError as exc:
        return await refused(request, provider, str(exc))
    return redirect(request, location)


def _outstanding(settings: Settings, relay_state: str) -> tuple[dict[str, str], str]:
    """The request a RelayState of ours names ({} for IdP-initiated), and where to go."""
    try:
        relay = _relay_signer(settings).loads(relay_state, max_age=FLOW_MAX_AGE_S)
    except BadSignature:
        return {}, safe_next(relay_state) if relay_state.startswith("/") else "/"
    if not isinstance(relay, dict):
        return {}, "/"
    return {str(relay.get("r")): str(relay.get("next") or "/")}, str(relay.get("next") or "/")


@router.post("/{slug}/acs")
async def assertion_consumer(request: Request, slug: str) -> Response:
    """The IdP posts the SAMLResponse here (SP- or IdP-initiated). Exempt from the CSRF
    token (the IdP's signature is what protects it; see app/csrf.py)."""
    settings, db = _settings(request), _db(request)
    provider = await db.run(_load, db, slug)
    if provider.kind != "saml":
        raise NotFound("This provider does not use SAML.")
    form = await request.form()
    raw, relay_state = form.get("SAMLResponse"), form.get("RelayState") or ""
    if not isinstance(raw, str) or not raw or not isinstance(relay_state, str):
        return await refused(request, provider, "no SAMLResponse was posted.", status=400)
    outstanding, next_path = _outstanding(settings, relay_state)
    try:
        assertion = await run_in_threadpool(saml.read_response, provider.config,
                                            settings.base_url, slug, raw, outstanding)
        # A RelayState of ours must be answered by the response to that request.
        if outstanding and assertion.in_response_to not in outstanding:
            raise SamlError("The answer is not for the sign-in this RelayState names.")
    except SamlError as exc:
        return await refused(request, provider, str(exc))

    def not_replayed(session: Session) -> None:
        saml.remember(session=session, assertion_id=assertion.assertion_id,
                      expires_at=assertion.expires_at, now=utcnow())

    return await signed_in(request, provider, assertion.identity, next_path, not_replayed)


@router.get("/{slug}/metadata")
async def sp_metadata(request: Request, slug: str) -> Response:
    """The SP's SAML metadata at a stable URL (its entity id): give it to the IdP."""
    settings, db = _settings(request), _db(request)
    provider = await db.run(_load, db, slug)
    if provider.kind != "saml":
        raise NotFound("This provider does not use SAML.")
    try:
        xml = await run_in_threadpool(saml.sp_metadata, settings.base_url, slug)
    except SamlError as exc:
        raise NotFound(str(exc)) from None
    return Response(xml, media_type="application/samlmetadata+xml")
