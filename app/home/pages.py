"""Each role's home: what to do next."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.clock import utcnow
from app.deps import SessionDep
from app.drills.service import rep_home
from app.drills.sync import SyncedOptional
from app.home import service
from app.models import Role
from app.web import login_url, redirect, render
from certification import service as certification_service

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
        ctx.update(service.rep_section(session, account, utcnow()))
        ctx.update(rep_home(session, account, utcnow()))
    if account.has(Role.MANAGER, Role.ADMIN):
        ctx["reviews_pending"] = certification_service.pending_count(session=session,
                                                                     reader=account.policy)
    if account.has(Role.MANAGER):
        ctx["sections"].append("manager")
        ctx.update(service.manager_section(session, account, utcnow()))
    if account.has(Role.MARKETING):
        ctx["sections"].append("marketing")
        ctx.update(service.marketing_section(session, account))
    if account.has(Role.ADMIN):
        ctx["sections"].append("admin")
        ctx.update(service.admin_counts(session))
    return render(request, "home/index.html", ctx)
