"""Drill pages: the phone session, a rep's progress, the team view, message difficulty and
the organisation's settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from app import audio_storage
from app.clock import utcnow
from app.deps import (
    CurrentAdmin,
    CurrentManager,
    CurrentMarketing,
    CurrentRep,
    SessionDep,
    SettingsDep,
)
from app.routes.drill_summary import today_summary
from app.routes.drill_support import SyncedRep
from app.users import Account, get_team, members_of
from app.web import redirect, render
from certification import service as certification_service
from drills.errors import Conflict, InvalidInput
from drills.kinds import label_of
from drills.modules import active_launches, get_module, latest_published, playbook_of
from drills.practice import (
    DueCard,
    card_view,
    due_count,
    due_queue,
    get_card,
    get_settings,
    next_due_at,
    require_answerable,
    reviewed_today,
    streak,
    update_settings,
)
from drills.progress import mastery_for, message_difficulty
from drills.scheduling import interval_text
from drills.spoken_drills import spoken_drill

router = APIRouter(include_in_schema=False)


def _session_context(session: Session, account: Account, now: datetime,
                     done: int) -> dict[str, Any]:
    settings = get_settings(session=session)
    left = due_count(session=session, user_id=account.id, now=now)
    today = reviewed_today(session=session, user_id=account.id, now=now)
    # The bar counts today's answers against what this session can still show, so a
    # session resumed later in the day starts where the rep left it, not empty.
    still = max(0, min(left, settings.session_cards - done))
    return {"done": done, "planned": min(settings.session_cards, done + left), "left": left,
            "session_cards": settings.session_cards, "bar_done": today,
            "bar_total": today + still,
            "streak": streak(session=session, user_id=account.id, now=now),
            "today": today}


def _upcoming(session: Session, account: Account, now: datetime) -> str | None:
    upcoming = next_due_at(session=session, user_id=account.id)
    return interval_text(upcoming, now) if upcoming else None


def stage_response(request: Request, session: Session, account: Account, now: datetime, *,
                   done: int, result: dict[str, Any] | None = None) -> Response:
    """The session's stage fragment: a card, the feedback on an answer, or the wrap-up."""
    ctx = _session_context(session, account, now, done)
    if result is not None and result["correct"] is None:
        ctx["flash"] = result  # self-rated: the reveal was the feedback; go straight on
    elif result is not None:
        ctx.update(mode="feedback", fb=result,
                   last=done >= ctx["session_cards"] or ctx["left"] == 0)
        return render(request, "drills/session.html", ctx, block="stage")
    queue = [] if done >= ctx["session_cards"] else due_queue(
        session=session, user_id=account.id, now=now, limit=1)
    if not queue:
        ctx.update(mode="done", upcoming=_upcoming(session, account, now),
                   summary=today_summary(session=session, user_id=account.id, now=now))
    else:
        view = card_view(queue[0], reveal=True)
        ctx.update(mode="card", card=view, kind_label=label_of(view["kind"]))
    return render(request, "drills/session.html", ctx, block="stage")


@router.get("/drills")
def session_page(request: Request, account: SyncedRep, session: SessionDep) -> Response:
    now = utcnow()
    ctx = _session_context(session, account, now, 0)
    queue = due_queue(session=session, user_id=account.id, now=now, limit=1)
    if queue:
        view = card_view(queue[0], reveal=True)
        ctx.update(mode="card", card=view, kind_label=label_of(view["kind"]))
    else:
        ctx.update(mode="done", upcoming=_upcoming(session, account, now),
                   summary=today_summary(session=session, user_id=account.id, now=now))
    return render(request, "drills/session.html", ctx)


# Cards a phone keeps for going on with no connection: at most one session's worth.
PACK_CARDS = 15


@router.get("/drills/pack")
def offline_pack(request: Request, account: SyncedRep, session: SessionDep,
                 n: int = 0) -> Response:
    """The next due cards, each rendered as the session would show it, for the phone to
    keep (drills.js): with no connection it shows them in turn and queues the answers,
    which the server takes once each (a card's shown state refuses a replay)."""
    now = utcnow()
    ctx = _session_context(session, account, now, max(0, min(n, 1000)))
    room = max(0, min(PACK_CARDS, ctx["session_cards"] - ctx["done"]))
    queue = due_queue(session=session, user_id=account.id, now=now, limit=room) if room else []
    cards = []
    for due in queue:
        view = card_view(due, reveal=True)
        cards.append({"card": view, "kind_label": label_of(view["kind"])})
    return render(request, "drills/_pack.html", {**ctx, "cards": cards})


def _module_titles(session: Session, account: Account) -> dict[int, dict[str, Any]]:

    out = {}
    for item in active_launches(session=session, team_ids=account.policy.readable_team_ids):
        pb = playbook_of(item.version)
        out[item.module.id or 0] = {"title": item.module.title, "slug": item.module.slug,
                                    "version": item.version.version,
                                    "goal": pb.certification.drill_retention}
    return out


@router.get("/drills/progress")
def progress_page(request: Request, account: SyncedRep, session: SessionDep) -> Response:
    now = utcnow()
    target = get_settings(session=session).desired_retention
    mastery = mastery_for(session=session, user_ids=[account.id], now=now, target=target)
    ready = certification_service.readiness(session=session, user_ids=[account.id])
    modules = _module_titles(session, account)
    rows = [{"module": info, "m": mastery.get((account.id, mid)),
             "readiness": ready.get((account.id, mid))} for mid, info in modules.items()]
    return render(request, "drills/progress.html", {
        "rows": rows, "target": target, **_session_context(session, account, now, 0)})


@router.get("/drills/team")
def team_page(request: Request, account: CurrentManager, session: SessionDep) -> Response:
    now = utcnow()
    target = get_settings(session=session).desired_retention
    teams = []
    for team_id in sorted(account.managed_team_ids):
        team = get_team(session=session, team_id=team_id)
        members = list(members_of(session=session, team_id=team_id))
        ids = [m.id for m in members if m.id is not None]
        mastery = mastery_for(session=session, user_ids=ids, now=now, target=target)
        ready = certification_service.readiness(session=session, user_ids=ids)
        launches = active_launches(session=session, team_ids=[team_id])
        people = [{"user": m, "streak": streak(session=session, user_id=m.id or 0, now=now),
                   "modules": [(mastery.get(key), ready.get(key)) for key in
                               ((m.id or 0, lnc.module.id or 0) for lnc in launches)]}
                  for m in members]
        teams.append({"team": team, "launches": launches, "people": people})
    return render(request, "drills/team.html", {"teams": teams, "target": target})


@router.get("/drills/modules/{slug}")
def difficulty_page(request: Request, slug: str, _account: CurrentMarketing,
                    session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    latest = latest_published(session=session, module=module)
    pb = playbook_of(latest) if latest else None
    rows = message_difficulty(session=session, module_id=module.id or 0)
    names: dict[str, str] = {}
    if pb is not None:
        names = {m.id: m.statement for m in pb.messages}
        names.update({o.id: o.objection for o in pb.objections})
    return render(request, "drills/difficulty.html",
                  {"module": module, "rows": rows, "names": names})


@router.get("/admin/drills")
def settings_page(request: Request, _account: CurrentAdmin, session: SessionDep) -> Response:
    return render(request, "drills/settings.html", {"s": get_settings(session=session)})


@router.post("/admin/drills")
def save_settings(request: Request, account: CurrentAdmin, session: SessionDep,
                  desired_retention: Annotated[str, Form()],
                  new_per_day: Annotated[str, Form()],
                  session_cards: Annotated[str, Form()]) -> Response:
    try:
        retention = float(desired_retention)
        per_day, per_session = int(new_per_day), int(session_cards)
    except ValueError:
        raise InvalidInput("Use numbers: a retention such as 0.9, and whole numbers of "
                           "cards.") from None
    update_settings(session=session, desired_retention=retention, new_per_day=per_day,
                    session_cards=per_session, by=account.id, now=utcnow())
    return redirect(request, "/admin/drills", notice="Drill settings saved.")


@router.get("/drills/{drill_id}/record")
def record_spoken_page(request: Request, drill_id: int, account: CurrentRep,
                       session: SessionDep, settings: SettingsDep,
                       state: str | None = None) -> Response:
    """The recorder for one spoken drill card; the take answers the card once scored."""
    now = utcnow()
    current = get_card(session=session, user_id=account.id, drill_id=drill_id)  # 404: not yours
    spoken_drill(session=session, drill_id=drill_id)  # 422: answered on the session page
    # The state the session showed travels on (a stale screen is refused here, not after
    # the rep has spoken); opened directly, the card's current state is what is shown.
    shown = state or current.shown_state
    try:
        due: DueCard = require_answerable(session=session, user_id=account.id,
                                          drill_id=drill_id, shown_state=shown, now=now)
    except Conflict as exc:
        return redirect(request, "/drills", notice=exc.detail)
    view = card_view(due, reveal=False)
    view["shown_state"] = shown
    return render(request, "drills/record.html", {
        "card": view, "max_seconds": settings.max_recording_s,
        "min_seconds": int(audio_storage.MIN_SECONDS),
        "max_bytes": settings.max_upload_mb * 1024 * 1024})
