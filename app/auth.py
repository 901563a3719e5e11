"""Sign-in: password checks with rate limiting, browser sessions, API tokens, invites."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, bindparam, cast, event, func
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, delete, select, update

from app.clock import utcnow
from app.models import ApiToken, AuthSession, Invite, LoginFailure, TeamManager, User, UserRole
from app.passwords import check_new_password, hash_password, verify_password
from app.settings import Settings
from drills.errors import Conflict, DomainError, InvalidInput, NotFound

GENERIC_FAILURE = "That email and password do not match an active account."


class TooManyAttempts(DomainError):
    """Sign-in is paused for this account from this address, or for this address."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many failed sign-ins. Wait {_duration(seconds)} and try again, "
            "or ask your admin for a new invite link."
        )
        self.retry_after_s = seconds


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class BadCredentials(DomainError):
    """Wrong email or password (deliberately does not say which)."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Failures of an account from an address count towards its pause for this long.
FAILURE_MEMORY = timedelta(days=1)


@dataclass(frozen=True)
class RateLimits:
    """Pauses grow per (account, address) pair, so failures from elsewhere never lock an
    account's owner out; a flat limit per address stops spraying many accounts."""

    free_failures: int
    backoff_seconds: int
    backoff_max_seconds: int
    per_address: int
    window_minutes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        return cls(settings.login_free_failures, settings.login_backoff_seconds,
                   settings.login_backoff_max_minutes * 60,
                   settings.login_max_failures_per_address,
                   settings.login_failure_window_minutes)

    def pause_after(self, failures: int) -> int:
        """Seconds an account waits, from an address, after that many failures there."""
        if failures < self.free_failures:
            return 0
        doublings = min(failures - self.free_failures, 32)  # (the cap is reached long before)
        return min(self.backoff_max_seconds, self.backoff_seconds * 2 ** doublings)


def _pair_failures(session: Session, email: str, address: str,
                   since: datetime) -> list[datetime]:
    """When this account failed from this address since `since`, newest first."""
    return list(session.exec(
        select(LoginFailure.at).where(LoginFailure.email == email,
                                      LoginFailure.address == address,
                                      col(LoginFailure.at) >= since)
        .order_by(col(LoginFailure.at).desc())
    ).all())


def _address_failures(session: Session, address: str, since: datetime) -> int:
    return session.exec(
        select(func.count()).select_from(LoginFailure)
        .where(LoginFailure.address == address, col(LoginFailure.at) >= since)
    ).one()


def _seconds_left(until: datetime, now: datetime) -> int:
    return max(0, math.ceil((until - now).total_seconds()))


def check_throttle(*, session: Session, email: str, address: str, limits: RateLimits,
                   now: datetime) -> None:
    """Raise TooManyAttempts while this account is paused from this address, or this
    address is paused for all accounts."""
    failures = _pair_failures(session, email, address, now - FAILURE_MEMORY)
    if failures:
        until = failures[0] + timedelta(seconds=limits.pause_after(len(failures)))
        if (wait := _seconds_left(until, now)) > 0:
            raise TooManyAttempts(wait)
    if _address_failures(session, address, now - timedelta(minutes=limits.window_minutes)) \
            >= limits.per_address:
        raise TooManyAttempts(limits.window_minutes * 60)


def authenticate(
    *, session: Session, email: str, password: str, address: str, limits: RateLimits,
    now: datetime,
) -> User:
    """Check a password; record failures; raise TooManyAttempts or BadCredentials."""
    email = (email or "").strip().lower()[:254]
    address = (address or "unknown")[:64]
    # Checked before the password: while paused, even the right one gets no answer.
    check_throttle(session=session, email=email, address=address, limits=limits, now=now)
    user = session.exec(select(User).where(User.email == email)).first()
    ok = verify_password(password or "", user.password_hash if user else None)
    if not ok or user is None or not user.is_active:
        session.add(LoginFailure(email=email, address=address, at=now))
        session.flush()
        raise BadCredentials(GENERIC_FAILURE)
    # A success clears this address's failures for the account (a forgetful owner starts
    # afresh), not those from elsewhere: someone guessing keeps their pause.
    session.exec(delete(LoginFailure).where(col(LoginFailure.email) == email,
                                            col(LoginFailure.address) == address))
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) < now - FAILURE_MEMORY))
    user.last_login_at = now
    session.add(user)
    session.flush()
    return user


# --- browser sessions ---------------------------------------------------------------


def start_session(
    *, session: Session, user: User, days: int, now: datetime, user_agent: str | None = None
) -> str:
    """Create a browser session; returns the raw token for the cookie."""
    assert user.id is not None
    token = new_token()
    session.add(AuthSession(token_hash=token_hash(token), user_id=user.id, created_at=now,
                            expires_at=now + timedelta(days=days),
                            user_agent=(user_agent or "")[:300] or None))
    session.flush()
    return token


# Checked on every request (never cached), so built once: SQLAlchemy then skips building
# the statement and its cache key each time, which costs more than the query itself.
# Every signed-in request then needs the user's roles and managed teams (app/users.py,
# `load_account`): they come in the same round trip, as two comma-separated lists, and are
# left on the session for it under this key (taken once, dropped at commit or rollback).
ROLES_AND_TEAMS_KEY = "auth.roles_and_teams"
_ROLES_OF = (select(func.aggregate_strings(col(UserRole.role), ","))
             .where(col(UserRole.user_id) == User.id).scalar_subquery())
_TEAMS_OF = (select(func.aggregate_strings(cast(TeamManager.team_id, String), ","))
             .where(col(TeamManager.user_id) == User.id).scalar_subquery())
_SESSION_USER = (select(User, AuthSession.expires_at, _ROLES_OF, _TEAMS_OF)
                 .join(AuthSession, col(AuthSession.user_id) == User.id)
                 .where(AuthSession.token_hash == bindparam("token_hash")))
_TOKEN_USER = (select(User, ApiToken.expires_at, ApiToken.revoked_at,  # type: ignore[call-overload]
                      _ROLES_OF, _TEAMS_OF)
               .join(ApiToken, col(ApiToken.user_id) == User.id)
               .where(ApiToken.token_hash == bindparam("token_hash")))


def _keep_roles_and_teams(session: Session, user: User, roles: str | None,
                          teams: str | None) -> None:
    session.info[ROLES_AND_TEAMS_KEY] = (user.id, roles, teams)


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _forget_roles_and_teams(session: OrmSession) -> None:
    session.info.pop(ROLES_AND_TEAMS_KEY, None)  # a later transaction reads them afresh


def user_for_session(*, session: Session, token: str, now: datetime) -> User | None:
    """The active user behind a session cookie, or None if expired or unknown."""
    found = session.execute(_SESSION_USER, {"token_hash": token_hash(token)}).first()
    if found is None:
        return None
    user, expires_at, roles, teams = found
    if expires_at <= now or not user.is_active:
        return None
    _keep_roles_and_teams(session, user, roles, teams)
    return user


def end_session(*, session: Session, token: str) -> None:
    """Sign out: forget this session."""
    session.exec(delete(AuthSession).where(col(AuthSession.token_hash) == token_hash(token)))
    session.flush()


# --- API tokens -------------------------------------------------------------------------


def create_api_token(
    *, session: Session, user: User, days: int, now: datetime, name: str = "api"
) -> tuple[str, ApiToken]:
    """Issue a bearer token; the raw value is shown once and only its hash is kept."""
    assert user.id is not None
    raw = "om_" + new_token()
    row = ApiToken(token_hash=token_hash(raw), user_id=user.id, name=name[:100] or "api",
                   created_at=now, expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    return raw, row


def user_for_api_token(*, session: Session, token: str, now: datetime) -> User | None:
    """The active user behind a bearer token, or None if unknown, expired or revoked."""
    found = session.execute(_TOKEN_USER, {"token_hash": token_hash(token)}).first()
    if found is None:
        return None
    user, expires_at, revoked_at, roles, teams = found
    if revoked_at is not None or expires_at <= now or not user.is_active:
        return None
    _keep_roles_and_teams(session, user, roles, teams)
    return user


def revoke_api_token(*, session: Session, token_id: int, user_id: int, now: datetime) -> None:
    """Revoke one of the user's own tokens."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user_id:
        raise NotFound("No such token.")
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.flush()


def revoke_all_credentials(*, session: Session, user_id: int, now: datetime | None = None) -> None:
    """Sign a user out everywhere (deactivation, password change)."""
    session.exec(delete(AuthSession).where(col(AuthSession.user_id) == user_id))
    session.exec(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=now or utcnow())
    )
    session.flush()


# --- invites and passwords -----------------------------------------------------------


def create_invite(
    *, session: Session, user: User, hours: int, now: datetime, created_by: int | None = None
) -> str:
    """A fresh single-use invite for a user; earlier unused ones stop working."""
    assert user.id is not None
    session.exec(
        update(Invite)
        .where(col(Invite.user_id) == user.id, col(Invite.used_at).is_(None))
        .values(expires_at=now)
    )
    token = new_token()
    session.add(Invite(token_hash=token_hash(token), user_id=user.id, created_by_id=created_by,
                       created_at=now, expires_at=now + timedelta(hours=hours)))
    session.flush()
    return token


def get_invite(*, session: Session, token: str, now: datetime) -> tuple[Invite, User]:
    """Return a usable invite, or explain why it cannot be used."""
    invite = session.exec(select(Invite).where(Invite.token_hash == token_hash(token))).first()
    if invite is None:
        raise NotFound("This invite link is not valid. Check that you copied all of it, "
                       "or ask your admin for a new one.")
    if invite.used_at is not None:
        raise Conflict("This invite link has already been used. Sign in with your password, "
                       "or ask your admin for a new link.")
    if invite.expires_at <= now:
        raise Conflict("This invite link has expired. Ask your admin for a new one.")
    user = session.get(User, invite.user_id)
    if user is None or not user.is_active:
        raise Conflict("This account is not active. Ask your admin.")
    return invite, user


def accept_invite(
    *, session: Session, token: str, password: str, confirm: str, now: datetime
) -> User:
    """Set the password from an invite link; the link then stops working, and every
    session and API token of the account is revoked (an invite is also how a locked-out
    or compromised account is recovered, so whatever held the old password must go)."""
    invite, user = get_invite(session=session, token=token, now=now)
    check_new_password(password, confirm)
    # Mark it used with a guarded update so two concurrent submits cannot both win.
    result = session.exec(
        update(Invite)
        .where(col(Invite.id) == invite.id, col(Invite.used_at).is_(None))
        .values(used_at=now)
    )
    if result.rowcount != 1:
        raise Conflict("This invite link has already been used.")
    assert user.id is not None
    user.password_hash = hash_password(password)
    session.add(user)
    revoke_all_credentials(session=session, user_id=user.id, now=now)
    return user


def change_password(
    *, session: Session, user: User, current: str, new: str, confirm: str
) -> None:
    """Change a password after checking the current one; every session and API token of
    the account is revoked (the caller starts a fresh session for this browser)."""
    if not verify_password(current or "", user.password_hash):
        raise InvalidInput("Your current password is not right.")
    check_new_password(new, confirm)
    if new == current:
        raise InvalidInput("Choose a password different from the current one.")
    assert user.id is not None
    user.password_hash = hash_password(new)
    session.add(user)
    revoke_all_credentials(session=session, user_id=user.id)
