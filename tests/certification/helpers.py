"""Helpers for certification tests: a three-message module, mastered drills, scored pitches."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from app.models import Role, Team, User
from certification import events, service
from drills.attempt_models import DONE, PitchAttempt
from drills.drill_models import NEW_QUEUE, SCHEDULED, Drill, DrillCard
from drills.models import Launch, Module, ModuleVersion
from drills.modules import active_launches, get_module, get_version, import_playbook, launch
from drills.practice.alignment import sync_rep
from drills.scheduling import NEW, REVIEW
from tests.factories import make_team, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BASE = "http://testserver"
_keys = itertools.count(1)

MESSAGES = {
    "immutable": "Backups are immutable, so ransomware cannot encrypt or delete them.",
    "fast-restore": "Restore a whole server in under fifteen minutes.",
    "tested": "Every backup is tested for recoverability every night.",
}


def playbook(version: int, *, slug: str = "harbor-cert", signoff: bool = True,
             changed: dict[str, str] | None = None,
             objection: str = "We already have backups.",
             rubric: list[str] | None = None) -> str:
    """A module with three messages and two pitches; `changed` rewrites some statements;
    `rubric` lines (YAML list items) set the review's criteria."""
    statements = {**MESSAGES, **(changed or {})}
    lines = ["format: 1", f"module: {slug}", f"version: {version}", f"title: Harbor {slug}",
             "messages:"]
    for mid, text in statements.items():
        lines += [f"  - id: {mid}", f"    statement: \"{text}\""]
    lines += ["objections:", "  - id: have-backups", f"    objection: \"{objection}\"",
              "    response:", "      - id: untested",
              "        statement: \"Untested backups fail when you need them.\"",
              "pitches:",
              "  - id: elevator", "    prompt: \"Pitch the CISO in the lift.\"",
              "    messages: [immutable, fast-restore]",
              "  - id: proof", "    prompt: \"Convince the IT director.\"",
              "    messages: [tested]",
              "certification:", "  drill_retention: 0.85", "  pitch_score: 80",
              f"  manager_signoff: {'true' if signoff else 'false'}", "  valid_days: 180"]
    if rubric is not None:
        lines += ["  rubric:", *[f"    - {item}" for item in rubric]]
    return "\n".join(lines) + "\n"


def publish(session: Session, text: str, now: datetime = T0) -> ModuleVersion:
    return import_playbook(session=session, data=text, filename="p.yaml", by=None, now=now)


def launched(session: Session, *, slug: str = "harbor-cert", signoff: bool = True,
             team: Team | None = None, now: datetime = T0, due_days: int = 21,
             rubric: list[str] | None = None) -> tuple[User, Team, Module]:
    """A rep on a team that has v1 of the module launched, with certifications synced."""
    version = publish(session, playbook(1, slug=slug, signoff=signoff, rubric=rubric), now)
    module = get_module(session=session, slug=slug)
    team = team or make_team(session)
    rep = make_user(session, Role.REP, team=team)
    do_launch(session, module, version.version, team, now, due_days=due_days)
    return rep, team, module


def do_launch(session: Session, module: Module, version: int, team: Team, now: datetime,
              due_days: int = 21) -> list[Launch]:
    launches = launch(session=session, module=module, version=version, team_ids=[team.id or 0],
                      due_at=now + timedelta(days=due_days), by=None, now=now)
    events.on_launch(session=session, launches=launches, by=None, now=now, base_url=BASE)
    return launches


def set_card(session: Session, card: DrillCard, state: tuple[float, float] | None,
             now: datetime) -> None:
    """Give a card a practice history: never reviewed (None), or last reviewed `ago` days
    before `now` with `stability` days, as (stability, ago)."""
    if state is None:
        card.state, card.stability, card.difficulty = NEW, None, None
        card.last_review, card.reviews, card.queue = None, 0, NEW_QUEUE
    else:
        stability, ago = state
        card.state, card.step, card.stability, card.difficulty = REVIEW, None, stability, 5.0
        card.last_review = now - timedelta(days=ago)
        card.due, card.reviews, card.queue = now + timedelta(days=1), 1, SCHEDULED
    session.add(card)


def master(session: Session, rep: User, module: Module, now: datetime,
           subjects: set[str] | None = None) -> int:
    """Sync the rep's cards and mark them (or those on `subjects`) as well remembered, and
    report it as the drill answers would (`events.on_practice`)."""
    sync_rep(session=session, user_id=rep.id or 0, now=now,
             launches=active_launches(session=session, team_ids=[rep.team_id or 0]))
    rows = session.exec(select(DrillCard, Drill).join(Drill, col(Drill.id) == DrillCard.drill_id)
                        .where(DrillCard.user_id == rep.id, DrillCard.module_id == module.id,
                               col(DrillCard.queue) > 0)).all()
    n = 0
    for card, drill in rows:
        if subjects is not None and drill.subject not in subjects:
            continue
        card.state, card.step, card.stability, card.difficulty = REVIEW, None, 400.0, 4.0
        card.last_review, card.due, card.reviews, card.queue = now, now + timedelta(days=300), 1, 2
        session.add(card)
        n += 1
    session.flush()
    events.on_practice(session=session, user_id=rep.id or 0, module_id=module.id or 0,
                       now=now, base_url=BASE)
    return n


def scored(session: Session, rep: User, module: Module, version: int, pitch_id: str,
           score: int, now: datetime, missed: tuple[str, ...] = ()) -> PitchAttempt:
    """A finished, scored pitch attempt, reported as the pipeline does
    (`events.on_attempt_scored`, same transaction)."""
    row = get_version(session=session, module=module, version=version)
    ids = {"elevator": ["immutable", "fast-restore"], "proof": ["tested"]}[pitch_id]
    attempt = PitchAttempt(
        user_id=rep.id or 0, module_id=module.id or 0, module_version_id=row.id or 0,
        pitch_id=pitch_id, idempotency_key=f"cert-test-{next(_keys)}", status=DONE,
        audio_path="/nonexistent.wav", audio_sha256="0" * 64, audio_size=1,
        content_type="audio/wav", duration_s=12.0, score=score,
        transcript={"text": "backups are immutable", "duration_s": 12.0,
                    "words": [["backups", 0.5, 0.9, 0.9], ["are", 1.0, 1.1, 0.9],
                              ["immutable", 1.2, 1.8, 0.9]]},
        result={"score": score, "messages": [
            {"id": i, "covered": i not in missed, "confidence": 0.9,
             "evidence": None if i in missed else "backups are immutable",
             "start": None if i in missed else 0.5, "end": None if i in missed else 1.8,
             "missed_reason": "not said" if i in missed else None, "weight": 1.0}
            for i in ids]},
        created_at=now, updated_at=now, finished_at=now)
    session.add(attempt)
    session.flush()
    events.on_attempt_scored(session=session, attempt=attempt, now=now, base_url=BASE)
    return attempt


def cert_of(session: Session, rep: User, module: Module) -> service.Certification:
    cert = session.exec(select(service.Certification).where(
        service.Certification.user_id == rep.id,
        service.Certification.module_id == module.id)).one()
    return cert


def refresh(session: Session, rep: User, now: datetime) -> list[service.Progress]:
    """The rep practised every module of theirs at `now` (as a drill answer or a scored
    pitch reports it through `certification.events`): each certification is judged again."""
    out = []
    for cert in service.for_users(session=session, user_ids=[rep.id or 0]):
        out += events.on_practice(session=session, user_id=cert.user_id,
                                  module_id=cert.module_id, now=now, base_url=BASE)
    return out


def manager_of(session: Session, team: Team) -> tuple[User, service.Reader]:
    user = make_user(session, Role.MANAGER, manages=(team,))
    return user, service.Reader(user_id=user.id or 0, managed_team_ids=frozenset({team.id or 0}),
                                is_admin=False)
