"""The sign-in page's "Sign in with ..." buttons (one per enabled provider)."""

from __future__ import annotations

from sqlmodel import Session

from app.identity.providers import list_providers


def sign_in_buttons(session: Session) -> list[dict[str, str]]:
    return [{"slug": p.slug, "name": p.name}
            for p in list_providers(session=session, enabled_only=True)]
