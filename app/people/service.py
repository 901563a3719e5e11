"""People, teams and sign-in as the admin pages, the sign-in pages and the API use them:
signing in with a password (the page and the token exchange), invites, the admin's lists
and forms, what the API says about a person, and one's own API tokens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlmodel import Session, col, select

from app import mailer
from app.auth import (
    BadCredentials,
    RateLimits,
    TooManyAttempts,
    authenticate,
    create_invite,
    revoke_api_token,
    token_hash,
)
from app.clock import utcnow
from app.db import begin_write
from app.identity.sso import password_allowed
from app.models import ApiToken, Role, Team, User
from app.settings import Settings
from app.users import (
    Account,
    active_managers,
    create_user,
    get_team,
    list_teams,
    list_users,
    load_account,
    load_accounts,
    managers_of,
    members_of,
    teams_by_id,
)
from drills.errors import NotPermitted

# --- signing in -----------------------------------------------------------------------------


def sign_in_with_password(*, session: Session, settings: Settings, email: str, password: str,
                          address: str, now: datetime, password_off: str) -> User:
    """The person whose email and password these are. Where password sign-in is off for
    them, BadCredentials says `password_off`; a failure is committed before it is raised,
    so rate limiting counts it even though the request answers with an error."""
    if not password_allowed(settings, email):
        raise BadCredentials(password_off)
    try:
        return authenticate(session=session, email=email, password=password, address=address,
                            limits=RateLimits.from_settings(settings), now=now)
    except (BadCredentials, TooManyAttempts):
        session.commit()  # keep the recorded failure for rate limiting
        raise


# --- invites --------------------------------------------------------------------------------


def invite_url(settings: Settings, token: str) -> str:
    return f"{settings.base_url.rstrip('/')}/invite/{token}"


def invite_email(settings: Settings, name: str, email: str, url: str,
                 hours: int) -> EmailMessage:
    return mailer.message(
        settings, to=email, subject="You are invited to OnMessage",
        text=(f"Hello {name},\n\nYou have an OnMessage account: it is where you learn new "
              "messaging with a few minutes of drills a day and practise your pitch.\n\n"
              f"Set your password here (the link works once, for {hours} hours):\n{url}\n"))


def not_joined(session: Session) -> list[User]:
    """Active people who have never signed in (invited or imported, not joined): no
    password set and no sign-in of any kind, single sign-on included."""
    return [u for u in list_users(session=session)
            if u.is_active and not u.password_hash and u.last_login_at is None]


def invite_everyone_not_joined(session: Session, by: int,
                               settings: Settings) -> list[dict[str, Any]]:
    """A fresh invite link for everyone who has not joined, in one short write (run with
    `Database.write`); each person's earlier links stop working."""
    begin_write(session)
    try:
        now = utcnow()
        links = [{"user": u, "url": invite_url(settings, create_invite(
            session=session, user=u, hours=settings.invite_hours, now=now, created_by=by))}
            for u in not_joined(session)]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return links


def create_user_with_invite(*, session: Session, by: int, values: dict[str, Any],
                            roles: Sequence[str], settings: Settings,
                            now: datetime) -> tuple[User, str]:
    """A new user (from the admin's form) and their invite link."""
    user = create_user(session=session, email=values["email"], name=values["name"],
                       roles=roles, team_id=values["team_id"],
                       managed_team_ids=values["managed"], base_url=settings.base_url)
    token = create_invite(session=session, user=user, hours=settings.invite_hours, now=now,
                          created_by=by)
    return user, invite_url(settings, token)


# --- the admin's lists and forms ----------------------------------------------------------


def user_rows(session: Session, team_id: int | None) -> list[dict[str, Any]]:
    """Users (of one team, or all) with their roles, team and the teams they manage."""
    teams = {t.id: t for t in list_teams(session=session)}
    rows = []
    for acct in load_accounts(session=session, users=list_users(session=session,
                                                                 team_id=team_id)):
        user = acct.user
        rows.append({"user": user, "roles": sorted(acct.roles), "team": teams.get(user.team_id),
                     "managed": [teams[t] for t in sorted(acct.managed_team_ids) if t in teams]})
    return rows


def form_values_of(session: Session, user: User) -> dict[str, Any]:
    """A user as the admin's form shows them."""
    acct = load_account(session=session, user=user)
    return {"email": user.email, "name": user.name, "team_id": user.team_id,
            "roles": [r.value for r in acct.roles], "managed": sorted(acct.managed_team_ids)}


def team_rows(session: Session) -> list[dict[str, Any]]:
    """Every team with its member count and managers."""
    rows = []
    for team in list_teams(session=session):
        assert team.id is not None
        rows.append({"team": team, "members": len(members_of(session=session, team_id=team.id)),
                     "managers": managers_of(session=session, team_id=team.id)})
    return rows


def team_form(session: Session, team_id: int) -> dict[str, Any]:
    """A team with its members, its managers, and the active managers who could manage it."""
    team = get_team(session=session, team_id=team_id)
    candidates = list(active_managers(session=session))
    current = {u.id for u in managers_of(session=session, team_id=team_id)}
    return {"team": team, "candidates": candidates, "current": current,
            "members": members_of(session=session, team_id=team_id, active_only=False)}


# --- people in the API ----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A person as the API describes them."""

    account: Account
    team: Team | None
    managed: list[Team]


def profile(session: Session, account: Account,
            teams: Mapping[int, Team] | None = None) -> Profile:
    """A person with their team and managed teams (from `teams` when given, a list's)."""
    def team(team_id: int) -> Team:
        found = teams.get(team_id) if teams is not None else None
        return found if found is not None else get_team(session=session, team_id=team_id)

    user = account.user
    return Profile(account=account, team=team(user.team_id) if user.team_id else None,
                   managed=[team(t) for t in sorted(account.managed_team_ids)])


def profiles(session: Session, users: Sequence[User]) -> list[Profile]:
    """People as the API lists them: their roles and teams read for all of them at once
    (a query a person, then a query a team, took seconds for 10,000 people)."""
    accounts = load_accounts(session=session, users=users)
    teams = teams_by_id(session=session, team_ids=(
        t for a in accounts for t in (a.user.team_id, *a.managed_team_ids) if t is not None))
    return [profile(session, acct, teams) for acct in accounts]


def visible_teams(session: Session, account: Account) -> list[Team]:
    """Teams: all for admins and marketing, the managed ones for managers, your own for reps."""
    return [team for team in list_teams(session=session)
            if (account.has(Role.ADMIN, Role.MARKETING) or team.id in account.managed_team_ids
                or team.id == account.team_id)]


def team_members(session: Session, account: Account, team_id: int) -> list[Profile]:
    """Members of a team the person manages (or any, for admins)."""
    get_team(session=session, team_id=team_id)
    if not (account.has(Role.ADMIN) or team_id in account.managed_team_ids):
        raise NotPermitted("You can only list the members of teams you manage.")
    return profiles(session, members_of(session=session, team_id=team_id))


# --- one's own API tokens -------------------------------------------------------------------


def tokens_of(session: Session, user_id: int) -> Sequence[ApiToken]:
    """A person's API tokens, newest first."""
    return session.exec(select(ApiToken).where(ApiToken.user_id == user_id)
                        .order_by(col(ApiToken.created_at).desc())).all()


def revoke_token_by_value(session: Session, user_id: int, token: str, now: datetime) -> None:
    """Revoke the token with this raw value (the one a call was made with)."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).one()
    assert row.id is not None
    revoke_api_token(session=session, token_id=row.id, user_id=user_id, now=now)
