"""The drill area's use cases, each one function that the pages and the API both call:
what the session shows next, answering a card, a rep's and a team's progress, message
difficulty and the organisation's settings. Routes render or serialise what these return;
the queries are here or in the `drills` domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app import xapi
from app.db import Database, begin_write
from app.drills.sync import sync_account
from app.users import Account, get_team, members_of
from app.xapi_buffer import StatementBuffer
from certification import events as certification_events
from certification import service as certification_service
from certification.service import Answered, Judged
from drills.answer_feedback import answer_feedback
from drills.drill_models import DrillSettings
from drills.errors import InvalidInput
from drills.kinds import kind_of, label_of
from drills.modules import active_launches, get_module, latest_published, playbook_of
from drills.practice.answering import (
    AnswerResult,
    PreparedAnswer,
    answer,
    prepare_answer_in_sync,
    record_answer,
    require_answerable,
)
from drills.practice.cards import DueCard, get_card
from drills.practice.day_stats import (
    new_left_today,
    reviewed_today,
    settings_and_day,
    streak,
)
from drills.practice.queue import due_count, due_queue, due_queue_and_counts, next_due_at
from drills.practice.settings import get_settings, update_settings
from drills.practice.views import card_view
from drills.progress import Mastery, MessageDifficulty, mastery_for, message_difficulty
from drills.scheduling import interval_text
from drills.session_summary import today_summary
from drills.spoken_drills import spoken_drill

# Cards a phone keeps for going on with no connection: at most one session's worth.
PACK_CARDS = 15


# --- the session: what comes next ------------------------------------------------------------


def session_counts(session: Session, account: Account, now: datetime,
                   done: int) -> dict[str, Any]:
    """The session's counters: cards done, left and planned, the progress bar, streak."""
    settings = settings_and_day(session, account.id)
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


def _shown(due: DueCard) -> dict[str, Any]:
    view = card_view(due, reveal=True)
    return {"card": view, "kind_label": label_of(view["kind"])}


def stage(session: Session, account: Account, now: datetime, *, done: int,
          feedback: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the session's stage shows: the next card, the feedback on an answer, or the
    wrap-up of the day (with the counters)."""
    ctx = session_counts(session, account, now, done)
    if feedback is not None and feedback["correct"] is None:
        ctx["flash"] = feedback  # self-rated: the reveal was the feedback; go straight on
    elif feedback is not None:
        ctx.update(mode="feedback", fb=feedback,
                   last=done >= ctx["session_cards"] or ctx["left"] == 0)
        return ctx
    queue = [] if done >= ctx["session_cards"] else due_queue(
        session=session, user_id=account.id, now=now, limit=1)
    if queue:
        ctx.update(mode="card", **_shown(queue[0]))
    else:
        upcoming = next_due_at(session=session, user_id=account.id)
        ctx.update(mode="done", upcoming=interval_text(upcoming, now) if upcoming else None,
                   summary=today_summary(session=session, user_id=account.id, now=now))
    return ctx


def offline_pack(session: Session, account: Account, now: datetime, done: int) -> dict[str, Any]:
    """The next due cards as the session would show them, for a phone to keep offline."""
    ctx = session_counts(session, account, now, max(0, min(done, 1000)))
    room = max(0, min(PACK_CARDS, ctx["session_cards"] - ctx["done"]))
    queue = due_queue(session=session, user_id=account.id, now=now, limit=room) if room else []
    return {**ctx, "cards": [_shown(due) for due in queue]}


@dataclass(frozen=True)
class DueCards:
    """The rep's next due cards and their queue at a glance (the API's GET /due)."""

    due: list[dict[str, Any]]
    due_count: int
    new_left_today: int
    streak: int
    next_due_at: str | None


def due_cards(session: Session, account: Account, now: datetime, limit: int) -> DueCards:
    settings = settings_and_day(session, account.id)
    queue, counts = due_queue_and_counts(session=session, user_id=account.id, now=now,
                                         limit=limit, settings=settings)
    new_left = new_left_today(session=session, user_id=account.id, now=now, settings=settings)
    return DueCards(
        due=[card_view(d, reveal=True) for d in queue],
        due_count=counts.due_count(new_left),
        new_left_today=new_left,
        streak=streak(session=session, user_id=account.id, now=now),
        next_due_at=counts.next_due.isoformat() if counts.next_due else None)


def spoken_card(session: Session, account: Account, drill_id: int, shown_state: str | None,
                now: datetime) -> dict[str, Any]:
    """One spoken drill card for its recorder, as shown (Conflict: it cannot be answered
    with that shown state; NotFound: not the rep's; InvalidInput: not a spoken drill)."""
    current = get_card(session=session, user_id=account.id, drill_id=drill_id)
    spoken_drill(session=session, drill_id=drill_id)  # answered on the session page
    # The state the session showed travels on (a stale screen is refused here, not after
    # the rep has spoken); opened directly, the card's current state is what is shown.
    shown = shown_state or current.shown_state
    due = require_answerable(session=session, user_id=account.id, drill_id=drill_id,
                             shown_state=shown, now=now)
    return {**card_view(due, reveal=False), "shown_state": shown}


def rep_home(session: Session, account: Account, now: datetime) -> dict[str, Any]:
    """The rep home's practice summary: due now and streak (each module's drill readiness
    comes with its certification)."""
    return {"drills_due": due_count(session=session, user_id=account.id, now=now),
            "drill_streak": streak(session=session, user_id=account.id, now=now)}


# --- answering a card --------------------------------------------------------------------------


@dataclass(frozen=True)
class GivenAnswer:
    """What the rep sent for a card: a rating (self-rated kinds) or an answer (checked
    kinds), and the shown state that guards against a double tap."""

    shown_state: str
    rating: int | None = None
    answer: str | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class _Checked:
    """An answer checked and scheduled while reading."""

    answer: PreparedAnswer
    # The rep's certification on the module as it will stand once the answer is written,
    # judged while reading so the writer's turn only applies it (None: judged in the
    # write, after the answer is written).
    judged: list[Judged] | None


async def answer_card(db: Database, session: Session, account: Account, drill_id: int,
                      given: GivenAnswer, now: datetime, statements: StatementBuffer, *,
                      next_cards: int = 0) -> tuple[dict[str, Any], DueCards | None]:
    """Answer one due card once, moving the rep's certification with it: the feedback,
    and (`next_cards` > 0) the next due cards as `due_cards` gives them once it is written.

    Its learning record (xAPI) is added to `statements`, written in the next batch."""
    base_url = db.settings.base_url
    following: DueCards | None = None
    if db.is_sqlite:
        # Check and schedule first, reading only; the writer's turn (one SQLite writer at
        # a time) is then taken just for the writes: a card changed meanwhile gets a 409.
        checked = await db.run(_prepare, session, account, drill_id, given, now)
        result = await db.write(_record, session, account, drill_id, given, checked,
                                base_url, now)
        if next_cards:  # read after the answer is written: that card is no longer due
            following = await db.run(due_cards, session, account, now, next_cards)
    else:  # no single writer to wait for: one transaction, in one trip to a thread
        result, checked, following = await db.write(_answer_in_one_transaction, session,
                                                    account, drill_id, given, base_url, now,
                                                    next_cards)
    if checked is not None and result.review is not None:  # its learning record, batched
        statements.add(xapi.PendingReview(result.review, result.drill, now))
    return answer_feedback(result, now), following


def _prepare(session: Session, account: Account, drill_id: int, given: GivenAnswer,
             now: datetime, *, in_write: bool = False) -> _Checked | None:
    """The checked answer, or None when the rep's cards must first be aligned with a new
    launch (that writes, so it happens in the write turn).

    SQLite (`in_write` False): the certification is judged now, while reading, so the
    single writer's turn stays short, and the read is ended before the caller waits for
    that turn (SQLite cannot upgrade it). `in_write`: the caller writes next in this same
    transaction and judges the certification there."""
    checked = None
    # (whether the rep's cards are in sync is read with the card: one statement)
    prepared = prepare_answer_in_sync(session=session, user_id=account.id,
                                      team_ids=account.policy.readable_team_ids,
                                      drill_id=drill_id, shown_state=given.shown_state,
                                      rating=given.rating, answer=given.answer, now=now,
                                      duration_ms=given.duration_ms)
    if prepared is not None:
        drill = prepared.drill
        judged = certification_events.judge_practice(session=session, now=now, answered=Answered(
            user_id=account.id, module_id=drill.module_id, drill_id=drill.id or 0,
            subject=drill.subject, since_version=drill.since_version,
            until_version=drill.until_version, after=prepared.after)) \
            if not kind_of(drill.kind).recorded and not in_write else None
        checked = _Checked(prepared, judged)
    if not in_write:
        session.commit()
    return checked


def _record(session: Session, account: Account, drill_id: int, given: GivenAnswer,
            checked: _Checked | None, base_url: str, now: datetime) -> AnswerResult:
    try:
        result = _write(session, account, drill_id, given, checked, base_url, now)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def _write(session: Session, account: Account, drill_id: int, given: GivenAnswer,
           checked: _Checked | None, base_url: str, now: datetime) -> AnswerResult:
    begin_write(session)
    if checked is not None:
        result = record_answer(session=session, prepared=checked.answer)
    else:  # (its learning record is left to the minutely job)
        sync_account(session, account, now)
        result = answer(session=session, user_id=account.id, drill_id=drill_id,
                        shown_state=given.shown_state, rating=given.rating,
                        answer=given.answer, now=now, duration_ms=given.duration_ms)
    # The certification moves with the answer, in its transaction (only that module's).
    certification_events.on_practice(session=session, user_id=account.id,
                                     module_id=result.drill.module_id, now=now,
                                     base_url=base_url,
                                     judged=checked.judged if checked else None)
    return result


def _answer_in_one_transaction(session: Session, account: Account, drill_id: int,
                               given: GivenAnswer, base_url: str, now: datetime,
                               next_cards: int
                               ) -> tuple[AnswerResult, _Checked | None, DueCards | None]:
    # No single writer to keep short: the certification is judged once, in the write,
    # rather than judged while reading and then checked again under the row lock; and the
    # check, the writes and the next cards share one transaction (a commit and a fresh
    # pooled connection, pinged, cost more than the reads they would separate; and the
    # settings and the day's stats, read for the check, are not read again).
    try:
        checked = _prepare(session, account, drill_id, given, now, in_write=True)
        result = _write(session, account, drill_id, given, checked, base_url, now)
        # Read after the answer is written (the transaction sees its own writes): the card
        # just answered is no longer among them.
        following = due_cards(session, account, now, next_cards) if next_cards else None
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result, checked, following


# --- progress ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleProgress:
    """A rep's practice on one launched module: mastery, and the certification's figure."""

    module_id: int
    module: dict[str, Any] | None  # title, slug, version, goal (None: no longer launched)
    mastery: Mastery | None
    readiness: int | None  # drill readiness, as the certification stores it


def _launched_modules(session: Session, account: Account) -> dict[int, dict[str, Any]]:
    out = {}
    for item in active_launches(session=session, team_ids=account.policy.readable_team_ids):
        pb = playbook_of(item.version)
        out[item.module.id or 0] = {"title": item.module.title, "slug": item.module.slug,
                                    "version": item.version.version,
                                    "goal": pb.certification.drill_retention}
    return out


def rep_progress(session: Session, account: Account, now: datetime, *,
                 launched: bool) -> tuple[float, list[ModuleProgress]]:
    """The retention target and the rep's progress per module: per module launched to
    them (`launched`, the page) or per module they have cards of (the API)."""
    target = get_settings(session=session).desired_retention
    mastery = mastery_for(session=session, user_ids=[account.id], now=now, target=target)
    ready = certification_service.readiness(session=session, user_ids=[account.id])
    if launched:
        modules = _launched_modules(session, account)
        return target, [ModuleProgress(mid, info, mastery.get((account.id, mid)),
                                       ready.get((account.id, mid)))
                        for mid, info in modules.items()]
    return target, [ModuleProgress(m.module_id, None, m, ready.get((account.id, m.module_id)))
                    for m in mastery.values()]


def team_progress(session: Session, account: Account, now: datetime
                  ) -> tuple[float, list[dict[str, Any]]]:
    """Per team the manager manages: its launches and each member's streak, mastery and
    readiness per launched module."""
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
    return target, teams


def difficulty(session: Session, slug: str) -> dict[str, Any]:
    """A module's messages and objections by how hard reps find them, with their text
    from the latest published version."""
    module = get_module(session=session, slug=slug)
    latest = latest_published(session=session, module=module)
    pb = playbook_of(latest) if latest else None
    rows: list[MessageDifficulty] = message_difficulty(session=session,
                                                       module_id=module.id or 0)
    names: dict[str, str] = {}
    if pb is not None:
        names = {m.id: m.statement for m in pb.messages}
        names.update({o.id: o.objection for o in pb.objections})
    return {"module": module, "rows": rows, "names": names}


# --- settings ----------------------------------------------------------------------------------


def settings(session: Session) -> DrillSettings:
    """The organisation's drill settings."""
    return get_settings(session=session)


def save_settings(session: Session, account: Account, now: datetime, *,
                  desired_retention: float, new_per_day: int,
                  session_cards: int) -> DrillSettings:
    """Change the desired retention and daily limits (admins)."""
    return update_settings(session=session, desired_retention=desired_retention,
                           new_per_day=new_per_day, session_cards=session_cards,
                           by=account.id, now=now)


def parse_settings_form(desired_retention: str, new_per_day: str,
                        session_cards: str) -> tuple[float, int, int]:
    """The settings form's fields as numbers (InvalidInput when they are not)."""
    try:
        return float(desired_retention), int(new_per_day), int(session_cards)
    except ValueError:
        raise InvalidInput("Use numbers: a retention such as 0.9, and whole numbers of "
                           "cards.") from None

