"""Sign-in providers (OIDC, SAML): add, list, enable, and remember the last error in
words for the admin page. Secrets stay in the config and are never rendered back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.identity import events, sso
from app.identity.models import IdentityProvider
from app.users import clean_name
from drills.errors import Conflict, InvalidInput, NotFound

KINDS = ("oidc", "saml")
SECRET_KEYS = frozenset({"client_secret"})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def list_providers(*, session: Session, enabled_only: bool = False) -> Sequence[IdentityProvider]:
    stmt = select(IdentityProvider)
    if enabled_only:
        stmt = stmt.where(col(IdentityProvider.enabled).is_(True))
    return session.exec(stmt.order_by(col(IdentityProvider.name))).all()


def get_by_slug(*, session: Session, slug: str) -> IdentityProvider:
    provider = session.exec(select(IdentityProvider)
                            .where(IdentityProvider.slug == slug)).first()
    if provider is None or not provider.enabled:
        raise NotFound(f"There is no sign-in provider '{slug[:40]}'. Go back to the sign-in "
                       "page and choose one listed there.")
    return provider


def get(*, session: Session, provider_id: int) -> IdentityProvider:
    provider = session.get(IdentityProvider, provider_id)
    if provider is None:
        raise NotFound(f"Provider {provider_id} does not exist.")
    return provider


def _url(value: str, what: str) -> str:
    value = (value or "").strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", value) or len(value) > 500:
        raise InvalidInput(f"{what} must be an http(s) address, e.g. "
                           "https://corp.okta.com/oauth2/default.")
    return value


def clean_oidc(form: dict[str, str]) -> dict[str, Any]:
    client_id = (form.get("client_id") or "").strip()
    if not client_id or len(client_id) > 300:
        raise InvalidInput("The client ID is required (from the provider's app settings).")
    secret = (form.get("client_secret") or "").strip()
    if not secret or len(secret) > 500:
        raise InvalidInput("The client secret is required (it is stored and never shown).")
    scopes = " ".join((form.get("scopes") or "openid email profile").split())
    if "openid" not in scopes.split():
        scopes = "openid " + scopes
    groups_claim = (form.get("groups_claim") or "groups").strip()[:100]
    return {"issuer": _url(form.get("issuer", ""), "The issuer"), "client_id": client_id,
            "client_secret": secret, "scopes": scopes, "groups_claim": groups_claim}


def clean_saml(form: dict[str, str]) -> dict[str, Any]:
    metadata = (form.get("idp_metadata") or "").strip()
    if not metadata.startswith("<") or "EntityDescriptor" not in metadata:
        raise InvalidInput("Paste the identity provider's SAML metadata XML (it starts with "
                           "<EntityDescriptor or <md:EntityDescriptor).")
    if len(metadata) > 200_000:
        raise InvalidInput("The metadata is larger than 200 KB; paste the IdP's own entry.")
    groups_attr = (form.get("groups_attribute") or "groups").strip()[:200]
    email_attr = (form.get("email_attribute") or "").strip()[:200]
    return {"idp_metadata": metadata, "groups_attribute": groups_attr,
            "email_attribute": email_attr}


def create(*, session: Session, kind: str, name: str, slug: str, jit: bool,
           form: dict[str, str]) -> IdentityProvider:
    if kind not in KINDS:
        raise InvalidInput("Choose OIDC or SAML.")
    name = clean_name(name, what="provider name", limit=80)
    slug = (slug or "").strip().lower()
    if not _SLUG.match(slug):
        raise InvalidInput("The short name may hold lower-case letters, digits and dashes "
                           "(e.g. okta); it becomes part of the sign-in addresses.")
    if session.exec(select(IdentityProvider).where(IdentityProvider.slug == slug)).first():
        raise Conflict(f"A provider with the short name '{slug}' already exists.")
    config = clean_oidc(form) if kind == "oidc" else clean_saml(form)
    provider = IdentityProvider(slug=slug, kind=kind, name=name, config=config, jit=jit)
    session.add(provider)
    session.flush()
    return provider


def set_enabled(*, session: Session, provider_id: int, enabled: bool) -> IdentityProvider:
    provider = get(session=session, provider_id=provider_id)
    provider.enabled = enabled
    session.add(provider)
    session.flush()
    return provider


def public_config(provider: IdentityProvider) -> dict[str, Any]:
    """The config without secrets, for the admin page."""
    return {k: ("(set)" if k in SECRET_KEYS else v) for k, v in provider.config.items()
            if k != "idp_metadata"}


def note_error(provider: IdentityProvider, message: str, now: datetime) -> None:
    provider.last_error = message[:1000]
    provider.last_error_at = now


def find(*, session: Session, provider_id: int) -> IdentityProvider | None:
    """The provider, or None when it was removed (a sign-in that started before)."""
    return session.get(IdentityProvider, provider_id)


def note_test(*, session: Session, provider_id: int, error: str | None, now: datetime) -> None:
    """Remember how the admin's connection test went: the error in words, or none."""
    provider = find(session=session, provider_id=provider_id)
    if provider is None:
        return
    if error:
        note_error(provider, error, now)
    else:
        provider.last_error = None
    session.add(provider)


def note_refusal(*, session: Session, provider_id: int, detail: str, subject: str,
                 now: datetime) -> None:
    """A refused sign-in: the provider's last error, and a line in the admin's log."""
    provider = find(session=session, provider_id=provider_id)
    if provider is None:
        return
    note_error(provider, detail, now)
    session.add(provider)
    events.record(session=session, source=sso.source(provider), action="refused",
                  subject=subject, ok=False, detail=detail)

