"""Certification as the pages and the API use it: whose teams a person may report on,
what a rep's certification pages show, submitting and withdrawing a take, the review
queue and one review, and credentials as verifiers and their holders see them.

The rules and every change of state live in the domain (`certification/`); these
functions gather what a page or an API answer needs and keep the SQL out of the routes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.models import Role, Team
from app.pitches.service import explained_result
from app.users import Account, get_team, list_teams
from certification import credentials, reporting
from certification import service as certification_service
from certification import state as st
from certification.models import Certification, Credential, Review
from certification.rules import criteria_shown
from drills.attempt_models import PitchAttempt
from drills.errors import NotFound, NotPermitted
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of
from drills.scheduling import as_utc

# --- who may report on which teams ------------------------------------------------------------


def team_scope(session: Session, account: Account, team: int | None) -> list[Team]:
    """Teams this person may report on: the one asked for (checked), else all of theirs."""
    if account.has(Role.ADMIN):
        if team is not None:
            return [get_team(session=session, team_id=team)]
        return list(list_teams(session=session))
    if team is not None:
        if team not in account.managed_team_ids:
            raise NotPermitted("You can only see the teams you manage.")
        return [get_team(session=session, team_id=team)]
    return [get_team(session=session, team_id=t) for t in sorted(account.managed_team_ids)]


@dataclass(frozen=True)
class CsvScope:
    team_ids: list[int] | None  # None: every team (admins without a team)
    name: str  # for the file name


def csv_scope(session: Session, account: Account, team: int | None) -> CsvScope:
    """Which teams a CSV download covers (who may see what: decided here)."""
    if team is None and account.has(Role.ADMIN):
        return CsvScope(team_ids=None, name="all-teams")
    teams = team_scope(session, account, team)
    return CsvScope(team_ids=[t.id or 0 for t in teams],
                    name=f"team-{teams[0].id}" if len(teams) == 1 else "my-teams")


# --- the rep's and the team's pages ---------------------------------------------------------


def rep_cards(session: Session, account: Account, now: datetime) -> list[dict[str, Any]]:
    """Each assigned module's certification, what is left, and what the rep can do next
    (reads only: the rows are as the last event left them)."""
    items = certification_service.progress_for_users(session=session, user_ids=[account.id],
                                                     now=now)
    modules = {m.id: m for m in session.exec(select(Module).where(
        col(Module.id).in_([p.cert.module_id for p in items])))} if items else {}
    pending = {r.certification_id: r for r in session.exec(select(Review).where(
        Review.user_id == account.id, Review.status == certification_service.PENDING))}
    creds = {c.certification_id: c for c in session.exec(select(Credential).where(
        Credential.user_id == account.id, Credential.status == credentials.ACTIVE))}
    out = []
    for p in items:
        cert = p.cert
        can_submit = (p.rule.manager_signoff and p.evaluation.practice_met
                      and st.may_submit(cert.state))
        out.append({"cert": cert, "module": modules.get(cert.module_id), "p": p,
                    "label": st.LABELS[cert.state],
                    "overdue": st.is_overdue(cert.state, cert.due_at and as_utc(cert.due_at),
                                             now),
                    "attempt": next(iter(certification_service.submittable_takes(
                        session=session, progress=p, limit=1)), None) if can_submit else None,
                    "pending": pending.get(cert.id or 0), "credential": creds.get(cert.id or 0)})
    return out


def team_heatmap(session: Session, account: Account, team: int | None,
                 now: datetime) -> dict[str, Any]:
    """Reps x modules of one team (admins pick a team; the overview covers all of them),
    the teams to choose from, and the reviews waiting."""
    teams = team_scope(session, account, team)
    if team is None and account.has(Role.ADMIN) and teams:
        teams = teams[:1]
    chosen = teams[0] if teams else None
    maps = []
    if chosen is not None:
        # The rows as events left them: a look at the team changes nothing.
        certs = certification_service.for_teams(session=session, team_ids=[chosen.id or 0])
        maps.append({"team": chosen, "map": reporting.heatmap(session=session, certs=certs,
                                                              now=now)})
    choices = (list(list_teams(session=session)) if account.has(Role.ADMIN)
               else team_scope(session, account, None))
    return {"maps": maps, "choices": choices, "chosen": chosen,
            "pending": certification_service.pending_count(session=session,
                                                           reader=account.policy)}


def overview(session: Session, now: datetime,
             open_session: Callable[[], AbstractContextManager[Session]] | None = None,
             ) -> dict[str, Any]:
    """Every launched team x module: share certified, overdue, agreement, share over time.

    With `open_session`, the share over time (the longest of the three reads: a scan of
    every certification event) runs at the same time as the grid, on a session and a
    database connection of its own: the database works on both at once, so the page waits
    for the longer one only, not their sum."""
    with open_session() if open_session else contextlib.nullcontext(session) as reading:
        if reading is session:  # one session (one connection) never serves two threads
            grid = reporting.overview_grid(session=session, now=now)
            agree = reporting.agreement(session=session)
            shares = reporting.shares_over_time(session=session, now=now)
        else:
            with ThreadPoolExecutor(max_workers=1) as pool:
                pending = pool.submit(reporting.shares_over_time, session=reading, now=now)
                grid = reporting.overview_grid(session=session, now=now)
                agree = reporting.agreement(session=session)
                shares = pending.result()
    charts = [{"module": m, "svg": reporting.svg_chart(
        shares.get(m.id or 0, []), label=f"Share certified on {m.title}, last 12 weeks"),
        "axes": reporting.dated_axes_note(shares.get(m.id or 0, []))} for m in grid.modules]
    # Laid out here (one cell or None per module, in the header's order) so the 2,000-cell
    # table renders without lookups in the template.
    rows = [(tid, name, grid.row(tid)) for tid, name in grid.teams]
    return {"modules": grid.modules, "rows": rows, "agree": agree, "charts": charts,
            "totals": grid.totals}


def certification_details(session: Session, account: Account, cert_id: int,
                          now: datetime) -> dict[str, Any]:
    """One certification as its page shows it: requirements, history, reviews, credentials
    and, for its rep, the takes they may submit."""
    cert = certification_service.get(session=session, cert_id=cert_id, reader=account.policy)
    (p,) = certification_service.progress(session=session, certs=[cert], now=now)
    module = session.get(Module, cert.module_id)
    person = certification_service.people(session=session, user_ids=[cert.user_id])[cert.user_id]
    events = certification_service.history(session=session, cert_id=cert_id)
    actors = certification_service.people(session=session,
                                          user_ids=[e.by_id for e in events if e.by_id])
    reviews = session.exec(select(Review).where(Review.certification_id == cert_id)
                           .order_by(col(Review.submitted_at).desc())).all()
    creds = session.exec(select(Credential).where(Credential.certification_id == cert_id)
                         .order_by(col(Credential.issued_at).desc())).all()
    version = session.get(ModuleVersion, cert.module_version_id)
    assert version is not None
    pb = playbook_of(version)
    own = cert.user_id == account.id
    return {
        "cert": cert, "p": p, "module": module, "person": person, "events": events,
        "actors": actors, "reviews": reviews, "creds": creds, "own": own,
        "focus_text": [m.statement for m in pb.messages if p.focus and m.id in p.focus],
        "pb": pb,
        "takes": certification_service.submittable_takes(session=session, progress=p)
        if own else [],
        "pitch_prompts": {x.id: x.prompt for x in pb.pitches}}


# --- submitting a take for sign-off -----------------------------------------------------------


def submit_for_review(session: Session, account: Account, *, cert_id: int, attempt_id: int,
                      now: datetime, base_url: str) -> Review:
    """The rep submits a scored take of a certification they may see (else 404)."""
    certification_service.get(session=session, cert_id=cert_id, reader=account.policy)
    return certification_service.submit(session=session, user_id=account.id,
                                        attempt_id=attempt_id, cert_id=cert_id, now=now,
                                        base_url=base_url)


def withdraw_submission(session: Session, account: Account, *, review_id: int,
                        now: datetime) -> Review:
    """The rep takes back a submission that is still waiting (only the rep who sent it)."""
    review = certification_service.get_review(session=session, review_id=review_id,
                                               reader=account.policy)
    if review.user_id != account.id:
        raise NotPermitted("Only the rep who submitted it can withdraw a submission.")
    certification_service.withdraw(session=session, review_id=review_id, user_id=account.id,
                                   now=now)
    return review


# --- the review queue and one review ------------------------------------------------------------


def review_queue(session: Session, account: Account) -> dict[str, Any]:
    """Submissions waiting for sign-off, oldest first; the latest ten decisions; and how
    often managers agreed with the machine on those modules."""
    reader = account.policy
    pending = certification_service.list_reviews(session=session, reader=reader)
    decided = [r for status in certification_service.DECISIONS
               for r in certification_service.list_reviews(session=session, reader=reader,
                                                            status=status, limit=10)]
    decided.sort(key=lambda r: r.decided_at or r.submitted_at, reverse=True)
    agree = reporting.agreement(session=session, module_ids={r.module_id for r in decided})
    modules = {m: session.get(Module, m) for m in agree}
    return {"pending": _queue_rows(session, pending),
            "decided": _queue_rows(session, decided[:10]),
            "agree": [(modules[m], a) for m, a in agree.items() if modules.get(m)]}


def _queue_rows(session: Session, reviews: Sequence[Review]) -> list[dict[str, Any]]:
    """Reviews with the rep, module and attempt they name."""
    folks = certification_service.people(session=session, user_ids=[r.user_id for r in reviews])
    out = []
    for r in reviews:
        attempt = session.get(PitchAttempt, r.attempt_id)
        version = session.get(ModuleVersion, attempt.module_version_id) if attempt else None
        pitch = (playbook_of(version).pitch(attempt.pitch_id)
                 if version is not None and attempt is not None and attempt.pitch_id else None)
        out.append({"review": r, "person": folks.get(r.user_id),
                    "module": session.get(Module, r.module_id), "attempt": attempt,
                    "pitch": pitch})
    return out


def review_details(session: Session, account: Account, review_id: int,
                   now: datetime) -> dict[str, Any]:
    """One review as its page shows it: the take explained (the scorer's unsure judgements
    first), the rubric, the manager's judgements so far, the comments and earlier rounds,
    and what this reader may do."""
    review = certification_service.get_review(session=session, review_id=review_id,
                                              reader=account.policy)
    attempt = session.get(PitchAttempt, review.attempt_id)
    cert = session.get(Certification, review.certification_id)
    assert attempt is not None and cert is not None
    version = session.get(ModuleVersion, attempt.module_version_id)
    rule = certification_service.review_rules(session=session, reviews=[review],
                                              now=now)[review.id or 0]
    view = explained_result(session, attempt)
    # The judgements the scorer is unsure of first: they are what the manager is for.
    view["messages"] = sorted(view["messages"], key=lambda m: not m.get("check"))
    manager = dict(review.machine)
    manager.update(review.overrides or {})
    person = certification_service.people(session=session,
                                          user_ids=[review.user_id]).get(review.user_id)
    comments = certification_service.comments_of(session=session, review_id=review.id or 0)
    authors = certification_service.people(session=session, user_ids=[
        c.author_id for c in comments if c.author_id])
    reader = account.policy
    rep_team = certification_service.team_of(session=session, user_id=review.user_id)
    pending = review.status == certification_service.PENDING
    criteria = criteria_shown(rule, review.rubric, decided=not pending)
    may_review = reader.may_review(owner_id=review.user_id, team_id=rep_team)
    return {"review": review,
            "adjusted": certification_service.adjusted(session=session, review=review),
            "penalty": view["r"].penalty, "earlier": _earlier_rounds(session, review),
            "attempt": attempt, "cert": cert, "person": person,
            "module": session.get(Module, review.module_id), "version": version,
            "rule": rule, "criteria": criteria, "manager": manager, "comments": comments,
            "authors": authors, "can_decide": pending and may_review,
            "can_comment": may_review, **view}


def _earlier_rounds(session: Session, review: Review) -> list[dict[str, Any]]:
    """The certification's earlier decided submissions with their comments and pins."""
    rounds = certification_service.history_of_reviews(session=session, review=review)
    pins = {r.id: certification_service.comments_of(session=session, review_id=r.id or 0)
            for r in rounds}
    names = certification_service.people(session=session, user_ids={
        *(r.reviewer_id for r in rounds if r.reviewer_id),
        *(c.author_id for cs in pins.values() for c in cs if c.author_id)})
    return [{"review": r, "reviewer": names.get(r.reviewer_id or 0),
             "attempt": session.get(PitchAttempt, r.attempt_id), "pins": pins[r.id],
             "names": names} for r in rounds]


def decided_name(session: Session, review: Review) -> str:
    """Who a decision was about, for the notice after it."""
    person = certification_service.people(session=session,
                                          user_ids=[review.user_id]).get(review.user_id)
    return person.name if person else "The rep"


# --- credentials -------------------------------------------------------------------------------


def verification_json(session: Session, cred: Credential, now: datetime) -> dict[str, Any]:
    """What a verifier learns: the status, why, and the credential's public document."""
    check = credentials.verify_stored(session=session, credential=cred, now=now)
    return {"id": cred.jti, "status": check.status, "detail": check.detail,
            "valid_from": cred.valid_from, "valid_until": cred.valid_until,
            "revoked_at": cred.revoked_at, "credential": credentials.document_of(cred)}


def credential_page(session: Session, jti: str, now: datetime) -> dict[str, Any]:
    """A credential as its public page and certificate show it."""
    cred = credentials.get(session=session, jti=jti)
    check = credentials.verify_stored(session=session, credential=cred, now=now)
    doc = credentials.document_of(cred)
    holder = next((i["identityHash"] for i in doc["credentialSubject"]["identifier"]
                   if i.get("identityType") == "name"), "")
    return {"cred": cred, "check": check, "doc": doc, "holder": holder,
            "module": session.get(Module, cred.module_id),
            "achievement": doc["credentialSubject"]["achievement"]}


def owned_credential(session: Session, account: Account, jti: str) -> Credential:
    """A credential with its signed token, for its holder and whoever may read their work
    (anyone else: not found)."""
    cred = credentials.get(session=session, jti=jti)
    team_id = certification_service.team_of(session=session, user_id=cred.user_id)
    if not account.policy.may_read(owner_id=cred.user_id, team_id=team_id):
        raise NotFound("There is no credential with this id.")
    return cred
