"""Who may see what: the object-level rules every route applies on the server."""

from __future__ import annotations

from sqlmodel import Session

from app.users import Account
from drills.errors import NotFound, NotPermitted
from drills.models import Module, ModuleVersion
from drills.modules import get_version, launched_version_numbers


def readable_versions(session: Session, account: Account, module: Module) -> set[int] | None:
    """Version numbers this person may read; None means all (authors)."""
    if account.policy.may_author:
        return None
    return launched_version_numbers(session=session, module=module,
                                    team_ids=account.policy.readable_team_ids)


def require_readable_module(session: Session, account: Account, module: Module) -> set[int] | None:
    versions = readable_versions(session, account, module)
    if versions is not None and not versions:
        # Same answer as a missing module: do not reveal unlaunched work.
        raise NotFound(f"There is no module '{module.slug}'.")
    return versions


def require_readable_version(session: Session, account: Account, module: Module,
                             version: int) -> ModuleVersion:
    versions = require_readable_module(session, account, module)
    if versions is not None and version not in versions:
        raise NotFound(f"Version {version} of '{module.slug}' was not launched to your team.")
    return get_version(session=session, module=module, version=version)


def require_author(account: Account) -> None:
    if not account.policy.may_author:
        raise NotPermitted("Only marketing and admins can change modules.")
