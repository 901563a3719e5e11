"""What each role's home shows: a rep's modules and certifications, a manager's teams and
who needs attention, marketing's modules and unread field reports, an admin's counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.field_reports.service import new_reports
from app.home.attention import needing_attention
from app.models import Invite, Team, User
from app.modules.service import module_rows
from app.users import Account, get_team, list_teams, members_of
from certification import service as certification_service
from drills.modules import active_launches, learned_version


def rep_section(session: Session, account: Account, now: datetime) -> dict[str, Any]:
    """The rep's team, the modules launched to them (unread ones marked), certifications."""
    assignments = []
    for item in active_launches(session=session, team_ids=account.policy.readable_team_ids):
        seen = learned_version(session=session, user_id=account.id, module=item.module)
        assignments.append({"item": item, "unread": seen is None
                            or seen < item.version.version})
    return {
        "rep_team": (get_team(session=session, team_id=account.team_id)
                     if account.team_id else None),
        "assignments": assignments,
        "certs": {p.cert.module_id: p for p in certification_service.progress_for_users(
            session=session, user_ids=[account.id], now=now)}}


def manager_section(session: Session, account: Account, now: datetime) -> dict[str, Any]:
    """The manager's teams with members and launches, and who needs attention first."""
    teams = [get_team(session=session, team_id=tid) for tid in sorted(account.managed_team_ids)]
    return {
        "managed_teams": [
            {"team": t, "members": list(members_of(session=session, team_id=t.id or 0)),
             "launches": active_launches(session=session, team_ids=[t.id or 0])}
            for t in teams],
        "attention": needing_attention(session=session, team_ids=[t.id or 0 for t in teams],
                                       now=now)}


def marketing_section(session: Session, account: Account) -> dict[str, Any]:
    """Each module with where it is launched, and what reps have said that is not read yet."""
    untriaged = new_reports(session=session, account=account)
    return {
        "team_count": len(list_teams(session=session)),
        "modules": module_rows(session=session),
        "new_reports": len(untriaged),
        "new_reports_by_module": {m: sum(1 for r in untriaged if r.module_id == m)
                                  for m in {r.module_id for r in untriaged}}}


def admin_counts(session: Session) -> dict[str, Any]:
    """People and teams, who has never signed in, and the invites not used yet."""
    return {
        "user_count": session.exec(select(func.count()).select_from(User)).one(),
        "team_total": session.exec(select(func.count()).select_from(Team)).one(),
        "never_signed_in": session.exec(
            select(func.count()).select_from(User).where(col(User.password_hash).is_(None),
                                                         col(User.is_active).is_(True))
        ).one(),
        "pending_invites": session.exec(
            select(func.count()).select_from(Invite).where(col(Invite.used_at).is_(None))
        ).one()}
