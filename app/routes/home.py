"""Each role's home: what to do next."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func
from sqlmodel import col, select

from app.clock import utcnow
from app.deps import SessionDep
from app.drills.service import rep_home
from app.drills.sync import SyncedOptional
from app.models import Invite, Role, Team, User
from app.routes.api_field_reports import scope_of
from app.routes.home_attention import needing_attention
from app.routes.modules import module_rows
from app.users import get_team, list_teams, members_of
from app.web import login_url, redirect, render
from certification import service as certification_service
from drills import field_reports
from drills.modules import (
    active_launches,
    learned_version,
    list_modules,
)

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, account: SyncedOptional, session: SessionDep) -> Response:
    if account is None:
        if getattr(request.state, "session_expired", False):
            return redirect(request, login_url("/"),
                            notice="Your session has expired. Sign in again to continue.")
        return redirect(request, "/login")
    ctx: dict[str, Any] = {"sections": []}
    if account.has(Role.REP):
        ctx["sections"].append("rep")
        ctx["rep_team"] = (get_team(session=session, team_id=account.team_id)
                           if account.team_id else None)
        assignments = []
        for item in active_launches(session=session, team_ids=account.policy.readable_team_ids):
            seen = learned_version(session=session, user_id=account.id, module=item.module)
            assignments.append({"item": item, "unread": seen is None
                                or seen < item.version.version})
        ctx["assignments"] = assignments
        ctx.update(rep_home(session, account, utcnow()))
        ctx["certs"] = {p.cert.module_id: p for p in certification_service.progress_for_users(
            session=session, user_ids=[account.id], now=utcnow())}
    if account.has(Role.MANAGER, Role.ADMIN):
        reader = account.policy
        ctx["reviews_pending"] = certification_service.pending_count(session=session,
                                                                     reader=reader)
    if account.has(Role.MANAGER):
        ctx["sections"].append("manager")
        teams = [get_team(session=session, team_id=tid) for tid in sorted(account.managed_team_ids)]
        ctx["managed_teams"] = [
            {"team": t, "members": list(members_of(session=session, team_id=t.id or 0)),
             "launches": active_launches(session=session, team_ids=[t.id or 0])}
            for t in teams
        ]
        ctx["attention"] = needing_attention(session=session, team_ids=[
            t.id or 0 for t in teams], now=utcnow())
    if account.has(Role.MARKETING):
        ctx["sections"].append("marketing")
        ctx["team_count"] = len(list_teams(session=session))
        # Each module with where it is launched, and what reps have said that is not read yet.
        ctx["modules"] = module_rows(session, list_modules(session=session))
        new_reports = field_reports.list_for(session=session, scope=scope_of(account),
                                             statuses=(field_reports.NEW,), limit=5000)
        ctx["new_reports"] = len(new_reports)
        ctx["new_reports_by_module"] = {m: sum(1 for r in new_reports if r.module_id == m)
                                        for m in {r.module_id for r in new_reports}}
    if account.has(Role.ADMIN):
        ctx["sections"].append("admin")
        ctx["user_count"] = session.exec(select(func.count()).select_from(User)).one()
        ctx["team_total"] = session.exec(select(func.count()).select_from(Team)).one()
        ctx["never_signed_in"] = session.exec(
            select(func.count()).select_from(User).where(col(User.password_hash).is_(None),
                                                         col(User.is_active).is_(True))
        ).one()
        ctx["pending_invites"] = session.exec(
            select(func.count()).select_from(Invite).where(col(Invite.used_at).is_(None))
        ).one()
    return render(request, "home/index.html", ctx)
