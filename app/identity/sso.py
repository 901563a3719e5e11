"""After a provider has vouched for someone (OIDC or SAML): find or create their
account, apply their groups, and refuse with a reason when they may not sign in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.clock import utcnow
from app.identity import events, mappings
from app.identity.models import ExternalIdentity, IdentityProvider
from app.models import User
from app.settings import DEFAULT_BASE_URL, Settings
from app.users import MAX_NAME, get_user_by_email, load_account, normalise_email
from drills.errors import DomainError, InvalidInput


class SsoRefused(DomainError):
    """The provider vouched for someone who may not sign in here (or said something we
    cannot accept); the detail says why, in words."""


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in."""

    subject: str
    email: str | None
    name: str | None
    groups: tuple[str, ...]


def source(provider: IdentityProvider) -> str:
    return f"{provider.kind}:{provider.slug}"


def password_allowed(settings: Settings, email: str) -> bool:
    """Email and password sign-in: for everyone, or only the break-glass admins."""
    return settings.password_sign_in or email.strip().lower() in settings.break_glass_emails


def _find(session: Session, provider: IdentityProvider, identity: Identity) -> User | None:
    link = session.exec(select(ExternalIdentity).where(
        ExternalIdentity.provider_id == provider.id,
        ExternalIdentity.subject == identity.subject)).first()
    if link is not None:
        return session.get(User, link.user_id)
    if identity.email:
        return get_user_by_email(session=session, email=identity.email)
    return None


def sign_in(*, session: Session, provider: IdentityProvider, identity: Identity,
            base_url: str = DEFAULT_BASE_URL) -> User:
    """The account to start a session for; raises SsoRefused (the caller rolls back, so
    nothing is created, and logs the refusal)."""
    assert provider.id is not None
    if not identity.subject:
        raise SsoRefused("The provider did not say who signed in (no subject).")
    email = None
    if identity.email:
        try:
            email = normalise_email(identity.email)
        except InvalidInput:
            raise SsoRefused(f"The provider sent the email {identity.email[:100]!r}, which is "
                             "not a valid address.") from None
    identity = Identity(identity.subject[:255], email, identity.name, identity.groups)
    user = _find(session, provider, identity)
    created = False
    if user is None:
        if not provider.jit:
            raise SsoRefused(f"There is no OnMessage account for {email or identity.subject}. "
                             "Ask your admin to add you (or to let this provider create "
                             "accounts on first sign-in).")
        if not email:
            raise SsoRefused("The provider did not send an email address, which a new account "
                             "needs: add the email claim or attribute.")
        name = " ".join((identity.name or email.split("@")[0]).split())[:MAX_NAME]
        user = User(email=email, name=name, is_active=True)
        session.add(user)
        session.flush()
        created = True
    assert user.id is not None
    if not user.is_active:
        raise SsoRefused(f"The account {user.email} is deactivated. Ask your admin.")
    link = session.exec(select(ExternalIdentity).where(
        ExternalIdentity.provider_id == provider.id,
        ExternalIdentity.user_id == user.id)).first()
    if link is not None and link.subject != identity.subject:
        raise SsoRefused(f"The account {user.email} is linked to another identity at "
                         f"{provider.name}; refused.")
    now = utcnow()
    if link is None:
        link = ExternalIdentity(provider_id=provider.id, subject=identity.subject,
                                user_id=user.id, groups=[], created_at=now)
    link.groups = sorted(set(identity.groups))[:500]
    link.last_sign_in_at = now
    session.add(link)
    session.flush()
    if created:
        events.record(session=session, source=source(provider), action="created",
                      subject=user.email, user_id=user.id,
                      detail="created at first sign-in (just-in-time)")
    has_mappings = bool(mappings.list_mappings(session=session))
    mappings.apply(session=session, user_ids=[user.id], source=source(provider),
                   base_url=base_url)
    account = load_account(session=session, user=user)
    if not account.roles:
        groups = ", ".join(identity.groups) or "none"
        why = ("none of your groups is mapped to a role in OnMessage" if has_mappings
               else "your account has no role yet")
        raise SsoRefused(f"Signed in at {provider.name} as {user.email}, but {why} "
                         f"(groups: {groups}). Ask your admin.")
    user.last_login_at = now
    provider.last_sign_in_at = now
    session.add(user)
    session.add(provider)
    session.flush()
    return user
