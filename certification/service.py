"""Certification services: assign on launch, judge progress, submit, review, renew.

Plain values in, rows out; the clock and the public base address (for credentials) are
arguments. Progress is read from the drills and pitch-attempt tables (read-only) and kept
on the certification row so team views read rows rather than recomputing schedules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, column, func, table
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, select

from certification import credentials, notices, renewal
from certification import state as st
from certification.models import (
    Certification,
    CertificationEvent,
    CertificationRule,
    Credential,
    Review,
    ReviewComment,
)
from certification.rules import (
    RUBRIC_MAX,
    RUBRIC_MIN,
    SIGNOFF_APPROVED,
    SIGNOFF_NONE,
    SIGNOFF_PENDING,
    SIGNOFF_RETURNED,
    Evaluation,
    Rule,
    Standing,
    evaluate,
    required_pitches,
    rule_from_json,
    rule_from_playbook,
)
from drills.attempt_models import DONE, PitchAttempt
from drills.drill_models import NEW_QUEUE, SCHEDULED, Drill, DrillBuild, DrillCard
from drills.errors import Conflict, InvalidInput, NotFound, NotPermitted
from drills.models import Launch, Module, ModuleVersion
from drills.modules import playbook_of
from drills.practice import ensure_built
from drills.scheduling import MAX_RETENTION, MIN_RETENTION, CardState, as_utc, retrievability
from drills.scoring import adjusted_score, stored_result

# Platform tables, named without importing the web layer (imports run app -> here).
_users = table("users", column("id"), column("name"), column("email"), column("team_id"),
               column("is_active"))
_roles = table("user_roles", column("user_id"), column("role"))

class ReviewStatus(StrEnum):
    """A sign-off request's status (stored as its text)."""

    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


PENDING, APPROVED = ReviewStatus.PENDING, ReviewStatus.APPROVED
RETURNED, WITHDRAWN = ReviewStatus.RETURNED, ReviewStatus.WITHDRAWN
DECISIONS = (APPROVED, RETURNED)
MAX_COMMENT = 2000
MAX_REVOKE_REASON = 300  # the credential row keeps this much
AT_RISK_DAYS = 7  # due within this many days and not yet close: at risk
EXPIRING_DAYS = 14  # certified but expiring within this many days: at risk


@dataclass(frozen=True)
class Reader:
    """Who is asking, as plain values (the web layer builds it from the account)."""

    user_id: int
    managed_team_ids: frozenset[int]
    is_admin: bool

    def may_read(self, *, owner_id: int, team_id: int | None) -> bool:
        return (self.is_admin or owner_id == self.user_id
                or (team_id is not None and team_id in self.managed_team_ids))

    def may_review(self, *, owner_id: int, team_id: int | None) -> bool:
        if owner_id == self.user_id:
            return False  # nobody signs off their own pitch
        return self.is_admin or (team_id is not None and team_id in self.managed_team_ids)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    team_id: int | None


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def team_of(*, session: Session, user_id: int) -> int | None:
    """The team a person is in now: authority over their work follows it, never the team
    they were in when they practised or submitted."""
    found = session.execute(sa_select(_users.c.team_id).where(_users.c.id == user_id)).first()
    return None if found is None or found[0] is None else int(found[0])


def on_rep_moved(*, session: Session, user_id: int, team_id: int | None,
                 now: datetime) -> None:
    """A rep changed teams: their certifications and waiting submissions move with them,
    and the new team's managers hear of any submission that now waits for them."""
    session.execute(sa_update(Certification).where(col(Certification.user_id) == user_id)
                    .values(team_id=team_id))
    pending = list(session.exec(select(Review).where(
        Review.user_id == user_id, Review.status == PENDING)).all())
    for review in pending:
        review.team_id = team_id
        session.add(review)
    session.flush()
    rep = people(session=session, user_ids=[user_id]).get(user_id)
    for review in pending:
        module = session.get(Module, review.module_id)
        attempt = session.get(PitchAttempt, review.attempt_id)
        notices.send(session=session, now=now, notices=notices.submitted_for_signoff(
            session=session, review_id=review.id or 0, team_id=team_id, rep_id=user_id,
            rep_name=rep.name if rep else "A rep", module_title=module.title if module else "",
            pitch_id=(attempt.pitch_id or "") if attempt else ""))


def people(*, session: Session, user_ids: Iterable[int]) -> dict[int, Person]:
    """Names and teams of these users."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.execute(sa_select(_users.c.id, _users.c.name, _users.c.email,
                                     _users.c.team_id).where(_users.c.id.in_(ids))).all()
    return {r[0]: Person(id=r[0], name=r[1], email=r[2], team_id=r[3]) for r in rows}


def reps_of_teams(*, session: Session, team_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(user id, team id) of the active reps in these teams."""
    ids = list(set(team_ids))
    if not ids:
        return []
    rows = session.execute(
        sa_select(_users.c.id, _users.c.team_id)
        .join(_roles, _roles.c.user_id == _users.c.id)
        .where(_users.c.team_id.in_(ids), _roles.c.role == "rep",
               _users.c.is_active.is_(True))).all()
    return [(int(r[0]), int(r[1])) for r in rows]


# --- rules ---------------------------------------------------------------------------------


def rule_for(*, session: Session, version: ModuleVersion, now: datetime) -> Rule:
    """The rule of a published version, snapshot on first use."""
    row = session.exec(select(CertificationRule).where(
        CertificationRule.module_version_id == version.id)).first()
    if row is None:
        rule = rule_from_playbook(playbook_of(version))
        data = rule.to_json()
        assert version.id is not None
        row = CertificationRule(module_version_id=version.id, module_id=version.module_id,
                                version=version.version, drill_retention=rule.drill_retention,
                                pitch_score=rule.pitch_score,
                                manager_signoff=rule.manager_signoff,
                                valid_days=rule.valid_days, pitches=data["pitches"],
                                messages=data["messages"], rubric=data["rubric"],
                                created_at=now)
        session.add(row)
        session.flush()
        return rule
    return rule_from_json({"drill_retention": row.drill_retention,
                           "pitch_score": row.pitch_score,
                           "manager_signoff": row.manager_signoff,
                           "valid_days": row.valid_days, "pitches": row.pitches,
                           "messages": row.messages, "rubric": row.rubric})


def _rules(session: Session, version_ids: Iterable[int], now: datetime, *,
           store: bool = True) -> dict[int, Rule]:
    """Rules by version id; with `store=False` (a read) a missing snapshot is derived from
    the playbook without writing it (events take the snapshot when a version launches)."""
    ids = list(set(version_ids))
    out: dict[int, Rule] = {}
    if not ids:
        return out
    for row in session.exec(select(CertificationRule).where(
            col(CertificationRule.module_version_id).in_(ids))):
        out[row.module_version_id] = rule_from_json({
            "drill_retention": row.drill_retention, "pitch_score": row.pitch_score,
            "manager_signoff": row.manager_signoff, "valid_days": row.valid_days,
            "pitches": row.pitches, "messages": row.messages, "rubric": row.rubric})
    for vid in set(ids) - set(out):
        version = session.get(ModuleVersion, vid)
        assert version is not None
        out[vid] = (rule_for(session=session, version=version, now=now) if store
                    else rule_from_playbook(playbook_of(version)))
    return out


# --- transitions ---------------------------------------------------------------------------


def locked(session: Session, model: type[Any], row_id: int) -> Any:
    """A row read afresh and locked for this transaction (PostgreSQL: FOR UPDATE; SQLite
    already runs one writer at a time). A decision, a submission, a practice event and the
    sweep each lock the certification (and review) they move, so two of them racing on
    one row run one after the other, the second seeing what the first did."""
    return session.get(model, row_id, with_for_update=True, populate_existing=True)


def move(*, session: Session, cert: Certification, to: str, by: int | None, reason: str,
         now: datetime) -> Certification:
    """Change a certification's state (checked) and record who, when and why."""
    st.check(cert.state, to)
    assert cert.id is not None
    session.add(CertificationEvent(certification_id=cert.id, module_id=cert.module_id,
                                   from_state=cert.state, to_state=to, at=now, by_id=by,
                                   reason=reason[:2000]))
    cert.state = to
    cert.updated_at = now
    session.add(cert)
    return cert


def _note(session: Session, cert: Certification, reason: str, by: int | None,
          now: datetime) -> None:
    """A history entry that is not a transition (a version that changed nothing of it)."""
    assert cert.id is not None
    session.add(CertificationEvent(certification_id=cert.id, module_id=cert.module_id,
                                   from_state=cert.state, to_state=cert.state, at=now,
                                   by_id=by, reason=reason[:2000]))


def _certify(session: Session, cert: Certification, rule: Rule, by: int | None, reason: str,
             now: datetime, base_url: str) -> None:
    move(session=session, cert=cert, to=st.CERTIFIED, by=by, reason=reason, now=now)
    cert.certified_at = now
    cert.certified_version = cert.version
    cert.valid_until = now + timedelta(days=rule.valid_days)
    cert.renewal_messages = None
    session.add(cert)
    session.flush()
    person = people(session=session, user_ids=[cert.user_id])[cert.user_id]
    module = session.get(Module, cert.module_id)
    assert module is not None
    criteria = (f"Recalled the module's drills at {round(rule.drill_retention * 100)}% "
                f"predicted retention, scored {rule.pitch_score}+ on every pitch"
                + (" and was signed off by a manager." if rule.manager_signoff else "."))
    credential = credentials.issue(
        session=session, certification=cert, base_url=base_url, now=now,
        subject=credentials.Subject(name=person.name, email=person.email,
                                    module_slug=module.slug, module_title=module.title,
                                    version=cert.version, criteria=criteria))
    notices.send(session=session, now=now, notices=[notices.certified(
        user_id=cert.user_id, certification_id=cert.id or 0, jti=credential.jti,
        module_title=module.title, version=cert.version)])


# --- assignment on launch ------------------------------------------------------------------


def _new_cert(session: Session, user_id: int, team_id: int, version: ModuleVersion,
              due_at: datetime | None, now: datetime) -> Certification:
    cert = Certification(user_id=user_id, team_id=team_id, module_id=version.module_id,
                         module_version_id=version.id or 0, version=version.version,
                         state=st.NOT_STARTED, due_at=due_at,
                         counts_from_version=1, created_at=now, updated_at=now)
    session.add(cert)
    session.flush()
    _note(session, cert, f"Assigned: version {version.version} launched to the team.",
          None, now)
    return cert


def _apply_version(session: Session, cert: Certification, version: ModuleVersion,
                   due_at: datetime | None, by: int | None, now: datetime) -> None:
    """Move a certification to a newer version of its module (version-aware renewal)."""
    assert version.id is not None
    old = cert.certified_version if cert.state in st.HOLDS else cert.version
    changed = renewal.changed_between(session=session, module_id=cert.module_id,
                                      old=old or cert.version, new=version.version)
    cert.version, cert.module_version_id = version.version, version.id
    still = [m.id for m in playbook_of(version).messages]
    if cert.state in st.HOLDS:
        if not changed:
            _note(session, cert, f"Version {version.version} changed none of the messages "
                  "this certification covers: it stays valid.", by, now)
            if cert.state == st.CERTIFIED:
                cert.certified_version = version.version
            return
        cert.renewal_messages = renewal.merge_focus(cert.renewal_messages, changed, still)
        cert.counts_from_version = version.version
        cert.due_at = renewal.renewal_deadline(launch_due=due_at, now=now)
        cert.signoff = SIGNOFF_NONE
        reason = (f"Version {version.version} changed "
                  f"{len(changed)} message{'s' if len(changed) != 1 else ''} "
                  f"({', '.join(changed)}): renew by {cert.due_at:%d %b %Y}.")
        if cert.state == st.CERTIFIED:
            move(session=session, cert=cert, to=st.NEEDS_UPDATE, by=by, reason=reason, now=now)
        else:
            _note(session, cert, reason, by, now)
        return
    cert.due_at = due_at
    if changed:
        # Pitches recorded before the change may quote the old line: count new ones only.
        cert.counts_from_version = version.version
        if cert.state == st.AWAITING_REVIEW:
            for review in session.exec(select(Review).where(
                    Review.certification_id == cert.id, Review.status == PENDING)):
                review.status = WITHDRAWN
                review.decided_at = now
                session.add(review)
            cert.signoff = SIGNOFF_NONE
            move(session=session, cert=cert, to=st.IN_PROGRESS, by=by, now=now,
                 reason=f"Version {version.version} changed messages of the submitted "
                        "pitch: record it again on the new version.")
            return
    _note(session, cert, f"Now working on version {version.version}.", by, now)


def sync_launches(*, session: Session, launches: Iterable[Launch], by: int | None,
                  now: datetime) -> int:
    """After a launch: give each rep of the teams a certification, or renew theirs."""
    touched = 0
    for launch in launches:
        version = session.get(ModuleVersion, launch.module_version_id)
        assert version is not None
        rule_for(session=session, version=version, now=now)
        reps = reps_of_teams(session=session, team_ids=[launch.team_id])
        existing = {c.user_id: c for c in session.exec(select(Certification).where(
            Certification.module_id == launch.module_id,
            col(Certification.user_id).in_([uid for uid, _ in reps])))}
        for user_id, team_id in reps:
            cert = existing.get(user_id)
            if cert is None:
                _new_cert(session, user_id, team_id, version, launch.due_at, now)
            else:
                cert.team_id = team_id
                if cert.version < version.version:
                    _apply_version(session, cert, version, launch.due_at, by, now)
                elif cert.state not in st.HOLDS:
                    cert.due_at = launch.due_at  # a relaunch only moves the due date
                session.add(cert)
            touched += 1
    session.flush()
    return touched


def _active_for(session: Session, team_ids: Iterable[int]) -> list[tuple[Launch,
                                                                        ModuleVersion]]:
    ids = list(set(team_ids))
    if not ids:
        return []
    return [(lnc, v) for lnc, v in session.exec(
        select(Launch, ModuleVersion).join(ModuleVersion,
                                           col(ModuleVersion.id) == Launch.module_version_id)
        .where(col(Launch.team_id).in_(ids), col(Launch.replaced_at).is_(None))).all()]


def assign_new_reps(*, session: Session, reps: Sequence[tuple[int, int]],
                    now: datetime) -> list[int] | None:
    """Certifications for reps just created (an import of thousands): as `ensure_assigned`
    and a first judgement would make them, written in bulk. A rep who has practised
    nothing stands where the rule says a fresh start does, so each launch is judged once.
    Returns the rep ids it did not cover (None: it covered all), when a fresh start would
    already meet a rule: those take the ordinary path."""
    by_team: dict[int, list[int]] = defaultdict(list)
    for user_id, team_id in reps:
        by_team[team_id].append(user_id)
    rows: list[dict[str, Any]] = []
    left: list[int] = []
    for lnc, version in _active_for(session, by_team):
        rule = rule_for(session=session, version=version, now=now)
        module = session.get(Module, lnc.module_id)
        assert module is not None
        ensure_built(session=session, module=module, version=version.version, now=now)
        drills = sum(n for _s, n, _built in session.execute(_DRILLS_PER_SUBJECT, {
            "module_id": lnc.module_id, "version": version.version}).tuples())
        ev = evaluate(rule, Standing(drill_share=0.0, drills=drills, best={}))
        if ev.practice_met:
            left += by_team[lnc.team_id]
            continue
        rows += [{"user_id": uid, "team_id": lnc.team_id, "module_id": lnc.module_id,
                  "module_version_id": version.id, "version": version.version,
                  "state": st.NOT_STARTED, "due_at": lnc.due_at, "counts_from_version": 1,
                  "signoff": SIGNOFF_NONE, "drill_percent": ev.drill_percent,
                  "pitches_met": ev.pitches_met, "pitches_required": ev.pitches_required,
                  "best_score": None, "summary": ev.summary[:300], "progress_at": now,
                  "created_at": now, "updated_at": now} for uid in by_team[lnc.team_id]]
    for i in range(0, len(rows), 1000):
        chunk = rows[i:i + 1000]
        ids = session.scalars(sa_insert(Certification).returning(
            col(Certification.id), sort_by_parameter_order=True), chunk).all()
        session.execute(sa_insert(CertificationEvent), [
            {"certification_id": cid, "module_id": r["module_id"],
             "from_state": st.NOT_STARTED, "to_state": st.NOT_STARTED, "at": now,
             "by_id": None,
             "reason": f"Assigned: version {r['version']} launched to the team."}
            for cid, r in zip(ids, chunk, strict=True)])
    return sorted(set(left)) or None


def ensure_assigned(*, session: Session, user_ids: Iterable[int], now: datetime) -> None:
    """Certifications for reps who joined a team after its launches (or moved team)."""
    ids = list(set(user_ids))
    if not ids:
        return
    team_of = dict(session.execute(
        sa_select(_users.c.id, _users.c.team_id).join(_roles, _roles.c.user_id == _users.c.id)
        .where(_users.c.id.in_(ids), _roles.c.role == "rep")).tuples().all())
    launches = _active_for(session, [t for t in team_of.values() if t is not None])
    by_team: dict[int, list[tuple[Launch, ModuleVersion]]] = defaultdict(list)
    for lnc, v in launches:
        by_team[lnc.team_id].append((lnc, v))
    have = {(c.user_id, c.module_id): c for c in session.exec(
        select(Certification).where(col(Certification.user_id).in_(list(team_of))))}
    changed = False
    for user_id, team_id in team_of.items():
        if team_id is None:
            continue
        for lnc, version in by_team.get(team_id, []):
            cert = have.get((user_id, lnc.module_id))
            if cert is None:
                rule_for(session=session, version=version, now=now)
                _new_cert(session, user_id, team_id, version, lnc.due_at, now)
                changed = True
            elif cert.team_id != team_id or cert.version < version.version:
                cert.team_id = team_id
                if cert.version < version.version:
                    _apply_version(session, cert, version, lnc.due_at, None, now)
                session.add(cert)
                changed = True
    if changed:
        session.flush()


# --- progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A certification with its rule and evaluation, as the pages show it."""

    cert: Certification
    rule: Rule
    evaluation: Evaluation
    focus: tuple[str, ...] | None
    best: Mapping[str, int]


def _clamp(retention: float) -> float:
    return min(MAX_RETENTION, max(MIN_RETENTION, retention))


# Built once, with what judging drill readiness reads and nothing else: the reps' reviewed
# cards of the modules with their drill's subject and versions (to keep the drills of the
# certification's version) and what retrievability needs (state, stability, last review).
_REVIEWED_CARDS = (
    sa_select(col(DrillCard.user_id), col(DrillCard.module_id), col(DrillCard.drill_id),
              col(Drill.subject),
              col(Drill.since_version), col(Drill.until_version), col(DrillCard.state),
              col(DrillCard.stability), col(DrillCard.last_review))
    .join(Drill, col(Drill.id) == DrillCard.drill_id)
    .where(col(DrillCard.user_id).in_(bindparam("user_ids", expanding=True)),
           col(DrillCard.module_id).in_(bindparam("module_ids", expanding=True)),
           col(DrillCard.queue).in_((NEW_QUEUE, SCHEDULED)), col(DrillCard.reviews) > 0,
           col(Drill.kind) != "spoken"))
# How many written (not spoken) drills a version has per subject: counted by the database,
# with the version the module's drills are built up to (one statement for both).
_BUILT_UP_TO = (sa_select(col(DrillBuild.version))
                .where(col(DrillBuild.module_id) == bindparam("module_id")).scalar_subquery())
_DRILLS_PER_SUBJECT = (
    sa_select(col(Drill.subject), func.count(), _BUILT_UP_TO)
    .where(col(Drill.module_id) == bindparam("module_id"), col(Drill.kind) != "spoken",
           col(Drill.since_version) <= bindparam("version"),
           (col(Drill.until_version).is_(None))
           | (col(Drill.until_version) > bindparam("version")))
    .group_by(col(Drill.subject)))


@dataclass(frozen=True)
class Answered:
    """A drill answer not yet written: its card's state after it, and its drill's place
    (so a judgement made before the write counts the card as it will be)."""

    user_id: int
    module_id: int
    drill_id: int
    subject: str
    since_version: int
    until_version: int | None
    after: CardState


def _drill_standing(session: Session, certs: Sequence[Certification],
                    rules: Mapping[int, Rule], now: datetime,
                    answered: Answered | None = None) -> dict[int, tuple[float, int]]:
    """(share recalled at the retention target, required drills) per certification.

    Two statements whatever the number of certifications, neither loading a drill's
    content: the drills counted per subject by the database, and the reviewed cards."""
    per_subject: dict[tuple[int, int], dict[str, int]] = {}
    for cert in certs:
        key = (cert.module_id, cert.version)
        if key not in per_subject:
            params = {"module_id": cert.module_id, "version": cert.version}
            rows = session.execute(_DRILLS_PER_SUBJECT, params).tuples().all()
            if not rows or rows[0][2] is None or rows[0][2] < cert.version:
                # Not built up to this version yet (or nothing to drill): build, count again.
                module = session.get(Module, cert.module_id)
                assert module is not None
                ensure_built(session=session, module=module, version=cert.version, now=now)
                rows = session.execute(_DRILLS_PER_SUBJECT, params).tuples().all()
            per_subject[key] = {str(subject): int(n) for subject, n, _built in rows}
    found: dict[tuple[int, int], dict[int, tuple[str, int, int | None, CardState]]] = (
        defaultdict(dict))
    if certs:
        for uid, mid, did, subject, since, until, state, stability, last in session.execute(
                _REVIEWED_CARDS, {"user_ids": list({c.user_id for c in certs}),
                                  "module_ids": list({c.module_id for c in certs})}).tuples():
            found[(uid, mid)][did] = (subject, since, until, CardState(
                state=state, stability=stability, last_review=last))
    if answered is not None:
        a = answered
        found[(a.user_id, a.module_id)][a.drill_id] = (a.subject, a.since_version,
                                                        a.until_version, a.after)
    cards = {key: list(rows.values()) for key, rows in found.items()}
    out: dict[int, tuple[float, int]] = {}
    for cert in certs:
        rule = rules[cert.module_version_id]
        focus = renewal.focus_of(cert)
        counts = per_subject[(cert.module_id, cert.version)]
        total = sum(n for subject, n in counts.items() if focus is None or subject in focus)
        target = _clamp(rule.drill_retention)
        mastered = sum(
            1 for subject, since, until, card in cards.get((cert.user_id, cert.module_id), [])
            if since <= cert.version and (until is None or until > cert.version)
            and (focus is None or subject in focus)
            and retrievability(card, now=now, desired_retention=target) >= rule.drill_retention)
        assert cert.id is not None
        out[cert.id] = (mastered / total if total else 0.0, total)
    return out


# Built once (the statements every drill answer runs): SQLAlchemy then skips building each
# statement and its cache key per call, which costs more than the query itself.
_PITCH_BESTS = (
    sa_select(col(PitchAttempt.user_id), col(PitchAttempt.module_id),
              col(PitchAttempt.pitch_id), col(ModuleVersion.version),
              func.max(PitchAttempt.score),
              func.max(func.coalesce(col(PitchAttempt.sure_score), col(PitchAttempt.score))))
    .join(ModuleVersion, col(ModuleVersion.id) == PitchAttempt.module_version_id)
    .where(col(PitchAttempt.user_id).in_(bindparam("user_ids", expanding=True)),
           col(PitchAttempt.module_id).in_(bindparam("module_ids", expanding=True)),
           col(PitchAttempt.status) == DONE, col(PitchAttempt.pitch_id).is_not(None))
    .group_by(col(PitchAttempt.user_id), col(PitchAttempt.module_id),
              col(PitchAttempt.pitch_id), col(ModuleVersion.version)))


def _pitch_bests(session: Session, certs: Sequence[Certification],
                 rules: Mapping[int, Rule]) -> dict[int, dict[str, int]]:
    """Best counted pitch score per pitch, per certification. Without a manager's
    sign-off nobody checks the scorer's uncertain judgements, so such a module counts
    each attempt's sure score (those judgements counted as missed)."""
    user_ids = list({c.user_id for c in certs})
    module_ids = list({c.module_id for c in certs})
    out: dict[int, dict[str, int]] = {c.id or 0: {} for c in certs}
    if not user_ids:
        return out
    rows = session.execute(_PITCH_BESTS, {"user_ids": user_ids,
                                          "module_ids": module_ids}).all()
    by_key: dict[tuple[int, int], list[tuple[str, int, int, int]]] = defaultdict(list)
    for uid, mid, pid, version, score, sure in rows:
        if score is not None:
            by_key[(uid, mid)].append((pid, int(version), int(score), int(sure)))
    for cert in certs:
        best: dict[str, int] = {}
        sure_only = not rules[cert.module_version_id].manager_signoff
        for pid, version, score, sure in by_key.get((cert.user_id, cert.module_id), []):
            if version >= cert.counts_from_version:
                best[pid] = max(best.get(pid, 0), sure if sure_only else score)
        out[cert.id or 0] = best
    return out


def _activity(session: Session, certs: Sequence[Certification]) -> set[tuple[int, int]]:
    user_ids = list({c.user_id for c in certs})
    if not user_ids:
        return set()
    cards = session.execute(
        sa_select(col(DrillCard.user_id), col(DrillCard.module_id)).where(
            col(DrillCard.user_id).in_(user_ids), col(DrillCard.reviews) > 0).distinct()).all()
    tried = session.execute(
        sa_select(col(PitchAttempt.user_id), col(PitchAttempt.module_id)).where(
            col(PitchAttempt.user_id).in_(user_ids)).distinct()).all()
    return {(int(a), int(b)) for a, b in [*cards, *tried]}


@dataclass(frozen=True)
class Judged:
    """One certification judged from what was read: the drill standing and pitch bests,
    and the row's fields the judgement assumed (`seen`), to check they still hold when it
    is applied (in the writer's turn, after the reading ended)."""

    cert_id: int
    seen: tuple[Any, ...]
    rule: Rule
    share: float
    drills: int
    best: Mapping[str, int]


def _seen(cert: Certification) -> tuple[Any, ...]:
    return (cert.state, cert.version, cert.module_version_id, cert.signoff,
            cert.counts_from_version, cert.renewal_messages, cert.pitches_met,
            cert.best_score)


def judge(*, session: Session, certs: Sequence[Certification], now: datetime,
          answered: Answered | None = None) -> list[Judged]:
    """Where each certification stands, reading only (`answered`: a drill answer about to
    be written, counted as written)."""
    if not certs:
        return []
    rules = _rules(session, [c.module_version_id for c in certs], now)
    drills = _drill_standing(session, certs, rules, now, answered)
    bests = _pitch_bests(session, certs, rules)
    out = []
    for cert in certs:
        assert cert.id is not None
        share, n = drills[cert.id]
        out.append(Judged(cert_id=cert.id, seen=_seen(cert),
                          rule=rules[cert.module_version_id], share=share, drills=n,
                          best=bests[cert.id]))
    return out


def still_holds(judged: Judged, cert: Certification) -> bool:
    """Whether a judgement made earlier still describes the row as it is now."""
    return judged.cert_id == cert.id and judged.seen == _seen(cert)


def settle(*, session: Session, certs: Sequence[Certification], judged: Sequence[Judged],
           now: datetime, base_url: str, active: set[tuple[int, int]]) -> list[Progress]:
    """Apply judgements to their certifications: automatic moves (certify, lapse, start)
    and the figures, the row written only when something changed."""
    out = []
    for cert, j in zip(certs, judged, strict=True):
        assert cert.id == j.cert_id
        rule = j.rule
        focus = renewal.focus_of(cert)
        standing = Standing(drill_share=j.share, drills=j.drills, best=j.best,
                            signoff=cert.signoff)
        ev = evaluate(rule, standing, focus=focus)
        to = st.automatic(cert.state, st.Facts(
            active=(cert.user_id, cert.module_id) in active,
            requirements_met=ev.practice_met, signoff_required=rule.manager_signoff,
            now=now, due_at=_utc(cert.due_at), valid_until=_utc(cert.valid_until)))
        if to == st.CERTIFIED:
            _certify(session, cert, rule, None, "Drills and pitches met the module's rule "
                     "(no manager sign-off required).", now, base_url)
        elif to == st.LAPSED:
            lapse(session=session, cert=cert, now=now)
        elif to is not None:
            move(session=session, cert=cert, to=to, by=None, now=now,
                 reason="Started practising." if to == st.IN_PROGRESS else "Progress.")
        shown = (ev.drill_percent, ev.pitches_met, ev.pitches_required,
                 max(standing.best.values()) if standing.best else None,
                 ("Certified" if cert.state == st.CERTIFIED else ev.summary)[:300])
        # Written only when it changed: a drill answer that moves no figure (most of them)
        # must not rewrite the row.
        if shown != (cert.drill_percent, cert.pitches_met, cert.pitches_required,
                     cert.best_score, cert.summary):
            (cert.drill_percent, cert.pitches_met, cert.pitches_required, cert.best_score,
             cert.summary) = shown
            cert.progress_at = now
            session.add(cert)
        out.append(Progress(cert=cert, rule=rule, evaluation=ev, focus=focus,
                            best=standing.best))
    session.flush()
    return out


def refresh(*, session: Session, certs: Sequence[Certification], now: datetime,
            base_url: str, practised: bool = False) -> list[Progress]:
    """Judge each certification's progress, keep it on the row, apply automatic moves.

    Only `certification.events` (and this module's own commands) call this: certification
    state moves when something happens, never when a page is read. `practised` says the
    event itself was practice on these certifications (saves looking for activity).
    """
    if not certs:
        return []
    active = ({(c.user_id, c.module_id) for c in certs} if practised
              else _activity(session, certs))
    return settle(session=session, certs=certs, judged=judge(session=session, certs=certs,
                                                              now=now),
                  now=now, base_url=base_url, active=active)


def progress(*, session: Session, certs: Sequence[Certification],
             now: datetime) -> list[Progress]:
    """Each certification with its rule and evaluation as the last event left them: reads
    only. The drill figure is the stored drill readiness (the same number every page, the
    CSV and the API show); pitch bests and sign-off are read as they are."""
    if not certs:
        return []
    rules = _rules(session, [c.module_version_id for c in certs], now, store=False)
    bests = _pitch_bests(session, certs, rules)
    out = []
    for cert in certs:
        rule = rules[cert.module_version_id]
        focus = renewal.focus_of(cert)
        standing = Standing(drill_share=cert.drill_percent / 100, drills=1,
                            best=bests[cert.id or 0], signoff=cert.signoff)
        out.append(Progress(cert=cert, rule=rule, evaluation=evaluate(rule, standing,
                                                                      focus=focus),
                            focus=focus, best=standing.best))
    return out


def lapse(*, session: Session, cert: Certification, now: datetime) -> None:
    """Validity or the renewal deadline passed: the rep must certify on the module again."""
    expired = cert.valid_until is not None and now >= as_utc(cert.valid_until)
    reason = ("The certification's validity ended." if expired and cert.state in st.HOLDS
              else "The deadline passed before the requirements were met.")
    move(session=session, cert=cert, to=st.LAPSED, by=None, reason=reason, now=now)
    cert.renewal_messages = None
    cert.counts_from_version = cert.version
    cert.signoff = SIGNOFF_NONE
    cert.due_at = None
    session.add(cert)


def for_users(*, session: Session, user_ids: Iterable[int]) -> list[Certification]:
    """Certifications of these reps, by module."""
    ids = list(set(user_ids))
    if not ids:
        return []
    return list(session.exec(select(Certification).where(
        col(Certification.user_id).in_(ids)).order_by(col(Certification.id))).all())


def for_teams(*, session: Session, team_ids: Iterable[int]) -> list[Certification]:
    """Certifications of the reps in these teams."""
    ids = list(set(team_ids))
    if not ids:
        return []
    return list(session.exec(select(Certification).where(
        col(Certification.team_id).in_(ids)).order_by(col(Certification.id))).all())


def progress_for_users(*, session: Session, user_ids: Iterable[int],
                       now: datetime) -> list[Progress]:
    """These reps' certifications and where they stand (reads only)."""
    return progress(session=session, certs=for_users(session=session, user_ids=user_ids),
                    now=now)


def readiness(*, session: Session, user_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Drill readiness (`rules.READINESS_DEFINITION`) per (rep, module), as stored by the
    last event: what every page, the CSV and the API show under that name."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.execute(sa_select(col(Certification.user_id), col(Certification.module_id),
                                     col(Certification.drill_percent))
                           .where(col(Certification.user_id).in_(ids))).tuples().all()
    return {(u, m): p for u, m, p in rows}


def get(*, session: Session, cert_id: int, reader: Reader) -> Certification:
    """A certification the reader may see (the rep, their managers, admins), else NotFound."""
    cert = session.get(Certification, cert_id)
    if cert is None or not reader.may_read(
            owner_id=cert.user_id, team_id=team_of(session=session, user_id=cert.user_id)):
        raise NotFound(f"There is no certification {cert_id}.")
    return cert


def history(*, session: Session, cert_id: int) -> list[CertificationEvent]:
    """Every transition and note, oldest first."""
    return list(session.exec(select(CertificationEvent).where(
        CertificationEvent.certification_id == cert_id)
        .order_by(col(CertificationEvent.at), col(CertificationEvent.id))).all())


def revoke_credential(*, session: Session, jti: str, by: int, reason: str,
                      now: datetime) -> Credential:
    """Revoke an issued credential (admins); its certification's history says who and why.

    The certification itself keeps its state: revocation withdraws the public proof (say,
    issued in error or to the wrong person), which verification then reports as revoked.
    """
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput("Say why the credential is revoked.")
    if len(text) > MAX_REVOKE_REASON:
        raise InvalidInput(f"A reason can be at most {MAX_REVOKE_REASON} characters.")
    cred = credentials.get(session=session, jti=jti)
    if cred.status == credentials.REVOKED:
        return cred  # idempotent: a double tap keeps the first reason and time
    credentials.revoke(session=session, credential=cred, reason=text, now=now)
    cert = session.get(Certification, cred.certification_id)
    if cert is not None:
        _note(session, cert, f"Credential {cred.jti} (version {cred.version}) revoked: {text}",
              by, now)
    session.flush()
    return cred


# --- reviews -------------------------------------------------------------------------------


def machine_judgement(attempt: PitchAttempt) -> dict[str, bool]:
    """The scorer's covered/missed verdict per message of an attempt."""
    return stored_result(attempt.result).verdicts()


def submit(*, session: Session, user_id: int, attempt_id: int, now: datetime,
           base_url: str, cert_id: int | None = None) -> Review:
    """A rep submits a scored pitch for sign-off once drills and pitches meet the rule;
    with `cert_id`, only for that certification (an attempt of another module is refused,
    never filed under the module it belongs to)."""
    chosen = session.get(Certification, cert_id) if cert_id is not None else None
    if cert_id is not None and (chosen is None or chosen.user_id != user_id):
        # Before looking at the attempt: a manager who may read this certification is
        # told they cannot submit for the rep (403), not that the attempt is not theirs.
        raise NotPermitted("Only the rep can submit their own pitch for sign-off.")
    attempt = session.get(PitchAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound(f"There is no attempt {attempt_id}.")
    if chosen is not None and chosen.module_id != attempt.module_id:
        module = session.get(Module, chosen.module_id)
        raise Conflict(f"Attempt {attempt_id} is a pitch of another module; submit a "
                       f"pitch recorded for '{module.title if module else 'this module'}'.")
    if attempt.status != DONE or attempt.pitch_id is None:
        raise Conflict("Only a scored pitch attempt can be submitted for sign-off.")
    found = session.exec(select(Certification.id).where(
        Certification.user_id == user_id, Certification.module_id == attempt.module_id)).first()
    if found is None:
        raise NotFound("This module is not assigned to you for certification.")
    cert = locked(session, Certification, found)
    (standing,) = refresh(session=session, certs=[cert], now=now, base_url=base_url)
    if not standing.rule.manager_signoff:
        raise Conflict("This module needs no manager sign-off.")
    if not st.may_submit(cert.state):
        raise Conflict(f"This certification is {st.LABELS[cert.state].lower()}; there is "
                       "nothing to submit.")
    version = session.get(ModuleVersion, attempt.module_version_id)
    assert version is not None
    if version.version < cert.counts_from_version:
        raise Conflict(f"Record this pitch again on version {cert.version}: the messages "
                       "changed since this attempt.")
    if cert.state == st.RETURNED:
        returned_at = last_returned_at(session=session, cert=cert)
        if returned_at is not None and as_utc(attempt.created_at) <= as_utc(returned_at):
            raise Conflict("Your manager returned this certification: record a new take "
                           "of the pitch and send that one.")
    pitches = {p.id for p in required_pitches(standing.rule, standing.focus)}
    if attempt.pitch_id not in pitches:
        raise InvalidInput("Submit one of the pitches the certification asks for.")
    if not standing.evaluation.practice_met:
        raise Conflict(f"Not ready for sign-off yet: {standing.evaluation.left}.")
    machine = machine_judgement(attempt)
    review = Review(certification_id=cert.id or 0, attempt_id=attempt_id, user_id=user_id,
                    team_id=cert.team_id, module_id=cert.module_id, status=PENDING,
                    submitted_at=now, machine=machine, judgements=len(machine))
    session.add(review)
    move(session=session, cert=cert, to=st.AWAITING_REVIEW, by=user_id, now=now,
         reason=f"Submitted pitch '{attempt.pitch_id}' (score {attempt.score}) for sign-off.")
    cert.signoff = SIGNOFF_PENDING
    session.add(cert)
    session.flush()
    _tell_managers(session, review, attempt, now)
    refresh(session=session, certs=[cert], now=now, base_url=base_url)  # summary says pending
    return review


def last_returned_at(*, session: Session, cert: Certification) -> datetime | None:
    """When a manager last returned this certification (None: never)."""
    at = session.execute(sa_select(func.max(col(Review.decided_at))).where(
        col(Review.certification_id) == cert.id, col(Review.status) == RETURNED)
    ).scalar_one_or_none()
    return as_utc(at) if at is not None else None


def submittable_takes(*, session: Session, progress: Progress,
                      limit: int = 6) -> list[PitchAttempt]:
    """The scored takes the rep may send for sign-off, best first: of a pitch the
    certification asks for, recorded on a version that still counts, and (after a
    return) recorded after it. The rep chooses which one to send."""
    cert = progress.cert
    pitches = [p.id for p in required_pitches(progress.rule, progress.focus)]
    if not pitches:
        return []
    query = (select(PitchAttempt)
             .join(ModuleVersion, col(ModuleVersion.id) == PitchAttempt.module_version_id)
             .where(PitchAttempt.user_id == cert.user_id,
                    PitchAttempt.module_id == cert.module_id, PitchAttempt.status == DONE,
                    col(PitchAttempt.pitch_id).in_(pitches),
                    col(ModuleVersion.version) >= cert.counts_from_version))
    if cert.state == st.RETURNED:
        returned_at = last_returned_at(session=session, cert=cert)
        if returned_at is not None:
            query = query.where(col(PitchAttempt.created_at) > returned_at)
    return list(session.exec(query.order_by(col(PitchAttempt.score).desc(),
                                            col(PitchAttempt.created_at).desc())
                             .limit(limit)).all())


def _tell_managers(session: Session, review: Review, attempt: PitchAttempt,
                   now: datetime) -> None:
    """The rep's team managers learn a pitch waits for them (in the same transaction, so
    a refused or rolled-back submission tells nobody)."""
    assert review.id is not None
    rep = people(session=session, user_ids=[review.user_id]).get(review.user_id)
    module = session.get(Module, review.module_id)
    notices.send(session=session, now=now, notices=notices.submitted_for_signoff(
        session=session, review_id=review.id, team_id=review.team_id, rep_id=review.user_id,
        rep_name=rep.name if rep else "A rep", module_title=module.title if module else "",
        pitch_id=attempt.pitch_id or ""))


def get_review(*, session: Session, review_id: int, reader: Reader) -> Review:
    """A review the reader may see, else NotFound (never revealing that it exists)."""
    review = session.get(Review, review_id)
    if review is None or not reader.may_read(
            owner_id=review.user_id, team_id=team_of(session=session, user_id=review.user_id)):
        raise NotFound(f"There is no review {review_id}.")
    return review


def withdraw(*, session: Session, review_id: int, user_id: int, now: datetime) -> Review:
    """The rep takes a pending submission back."""
    review = session.get(Review, review_id)
    if review is None or review.user_id != user_id:
        raise NotFound(f"There is no review {review_id}.")
    cert = locked(session, Certification, review.certification_id)
    review = locked(session, Review, review_id)
    if review.status != PENDING:
        raise Conflict(f"This submission is already {review.status}.")
    assert cert is not None
    review.status, review.decided_at = WITHDRAWN, now
    session.add(review)
    back = st.NEEDS_UPDATE if cert.renewal_messages is not None else st.IN_PROGRESS
    move(session=session, cert=cert, to=back, by=user_id, now=now,
         reason="Withdrew the submission.")
    cert.signoff = SIGNOFF_NONE
    session.flush()
    return review


def list_reviews(*, session: Session, reader: Reader, status: str = PENDING,
                 team_id: int | None = None, limit: int = 200) -> list[Review]:
    """Reviews the reader may decide, oldest first (pending) or newest first (decided)."""
    # By the rep's team now, not the team the review was filed under.
    query = (select(Review).join(_users, _users.c.id == col(Review.user_id))
             .where(Review.status == status))
    if not reader.is_admin:
        teams = set(reader.managed_team_ids)
        if team_id is not None:
            teams &= {team_id}
        query = query.where(_users.c.team_id.in_(list(teams)))
    elif team_id is not None:
        query = query.where(_users.c.team_id == team_id)
    query = query.where(Review.user_id != reader.user_id)
    order = (col(Review.submitted_at).asc() if status == PENDING
             else col(Review.decided_at).desc())
    return list(session.exec(query.order_by(order, col(Review.id)).limit(limit)).all())


def _clean_rubric(rule: Rule, rubric: Mapping[str, Any] | None, *, required: bool) -> dict[
        str, int]:
    """Scores by criterion id, checked against the rule's criteria (all of them to approve)."""
    names = ", ".join(f"{c.id} ({c.label})" for c in rule.rubric)
    out: dict[str, int] = {}
    for key, value in (rubric or {}).items():
        if key not in rule.rubric_ids:
            raise InvalidInput(f"Unknown rubric criterion '{key}'; this module scores "
                               f"{names}.")
        if value in (None, ""):
            continue
        try:
            score = int(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"Score '{key}' from {RUBRIC_MIN} to {RUBRIC_MAX}.") from None
        if not RUBRIC_MIN <= score <= RUBRIC_MAX:
            raise InvalidInput(f"Score '{key}' from {RUBRIC_MIN} to {RUBRIC_MAX}.")
        out[key] = score
    missing = [f"{c.id} ({c.label})" for c in rule.rubric if c.id not in out]
    if required and missing:
        raise InvalidInput(f"Score every rubric criterion before approving (missing: "
                           f"{', '.join(missing)}).")
    return out


def review_rules(*, session: Session, reviews: Sequence[Review], now: datetime) -> dict[
        int, Rule]:
    """Per review id, the rule its decision is judged by: that of the version the rep's
    certification is on now (what `decide` certifies against, so form and check agree)."""
    cert_ids = {r.certification_id for r in reviews}
    if not cert_ids:
        return {}
    version_of = dict(session.execute(
        sa_select(col(Certification.id), col(Certification.module_version_id))
        .where(col(Certification.id).in_(cert_ids))).tuples().all())
    rules = _rules(session, version_of.values(), now)
    return {r.id or 0: rules[version_of[r.certification_id]] for r in reviews}


def decide(*, session: Session, review_id: int, reviewer: Reader, decision: str,
           rubric: Mapping[str, Any] | None, overrides: Mapping[str, bool] | None,
           comment: str | None, now: datetime, base_url: str) -> Review:
    """A manager approves or returns a submission, with rubric scores and overrides."""
    review = get_review(session=session, review_id=review_id, reader=reviewer)
    if not reviewer.may_review(owner_id=review.user_id,
                               team_id=team_of(session=session, user_id=review.user_id)):
        raise NotPermitted("Only a manager of the rep's team (or an admin) can decide, and "
                           "never on their own pitch.")
    if decision not in DECISIONS:
        raise InvalidInput("Decide 'approved' or 'returned'.")
    # Certification first, then review (the order every command takes): a second manager
    # deciding at the same moment waits here, then finds the review decided.
    cert = locked(session, Certification, review.certification_id)
    review = locked(session, Review, review_id)
    assert cert is not None
    if review.status != PENDING:
        raise Conflict(f"This submission was already {review.status}; nothing was changed.")
    rule = review_rules(session=session, reviews=[review], now=now)[review_id]
    scores = _clean_rubric(rule, rubric, required=decision == APPROVED)
    changed: dict[str, bool] = {}
    for key, value in (overrides or {}).items():
        if key not in review.machine:
            raise InvalidInput(f"'{key}' is not a message of this pitch.")
        if bool(value) != bool(review.machine[key]):
            changed[key] = bool(value)  # only disagreements are overrides
    text = " ".join((comment or "").split())[:MAX_COMMENT] or None
    if decision == RETURNED and not text:
        raise InvalidInput("Say what to work on when returning a pitch.")
    score = adjusted(session=session, review=review, overrides=changed)
    below = decision == APPROVED and score is not None and score < rule.pitch_score
    if below and not text:
        raise InvalidInput(f"With your judgements this pitch scores {score}, below the "
                           f"{rule.pitch_score} the module asks for: say why you approve it.")
    attempt = session.get(PitchAttempt, review.attempt_id)
    if attempt is not None and score is not None:
        # a manager has now judged every message of this attempt: nothing is unsure
        attempt.sure_score = score
        session.add(attempt)
    review.status, review.decided_at, review.reviewer_id = decision, now, reviewer.user_id
    review.rubric, review.overrides, review.comment = scores, changed, text
    review.overridden = len(changed)
    session.add(review)
    if decision == APPROVED:
        cert.signoff = SIGNOFF_APPROVED
        why = (f" Approved below the rule's score ({score} < {rule.pitch_score}): {text}"
               if below else (f" {text}" if text else ""))
        _certify(session, cert, rule, reviewer.user_id, "Signed off by a manager." + why,
                 now, base_url)
    else:
        cert.signoff = SIGNOFF_RETURNED
        move(session=session, cert=cert, to=st.RETURNED, by=reviewer.user_id, now=now,
             reason=text or "Returned.")
        module = session.get(Module, cert.module_id)
        reviewer_person = people(session=session, user_ids=[reviewer.user_id]).get(
            reviewer.user_id)
        notices.send(session=session, now=now, notices=[notices.returned(
            user_id=review.user_id, certification_id=cert.id or 0, review_id=review_id,
            module_title=module.title if module else "your module",
            reviewer_name=reviewer_person.name if reviewer_person else "Your manager",
            comment=text or "")])
    session.flush()
    refresh(session=session, certs=[cert], now=now, base_url=base_url)
    return review


def adjusted(*, session: Session, review: Review,
             overrides: Mapping[str, bool] | None = None) -> int | None:
    """The attempt's score with the manager's judgements (`overrides`, else the review's
    own) in place of the machine's; None if the attempt has no stored result."""
    attempt = session.get(PitchAttempt, review.attempt_id)
    if attempt is None or not attempt.result:
        return None
    judged = review.overrides if overrides is None else overrides
    if not judged:
        return attempt.score  # nobody disagreed: the machine's score stands as recorded
    return adjusted_score(stored_result(attempt.result), judged)


def history_of_reviews(*, session: Session, review: Review) -> list[Review]:
    """Earlier decided submissions of the same certification, newest first: what a
    manager reviewing a resubmission must see (the return comments, the pins)."""
    return list(session.exec(select(Review).where(
        Review.certification_id == review.certification_id, Review.id != review.id,
        col(Review.submitted_at) <= review.submitted_at,
        col(Review.status).in_(DECISIONS)).order_by(col(Review.submitted_at).desc(),
                                                    col(Review.id).desc())).all())


def add_comment(*, session: Session, review_id: int, reviewer: Reader, at_s: float | None,
                body: str, now: datetime) -> ReviewComment:
    """Pin a comment to a moment of the recording."""
    review = get_review(session=session, review_id=review_id, reader=reviewer)
    if not reviewer.may_review(owner_id=review.user_id,
                               team_id=team_of(session=session, user_id=review.user_id)):
        raise NotPermitted("Only a manager of the rep's team can comment on this pitch.")
    text = " ".join((body or "").split())
    if not text:
        raise InvalidInput("Write a comment first.")
    if len(text) > MAX_COMMENT:
        raise InvalidInput(f"A comment can be at most {MAX_COMMENT} characters.")
    if at_s is not None and not 0 <= at_s <= 24 * 3600:
        raise InvalidInput("The time must be within the recording.")
    comment = ReviewComment(review_id=review.id or 0, author_id=reviewer.user_id,
                            at_s=round(at_s, 2) if at_s is not None else None, body=text,
                            created_at=now)
    session.add(comment)
    session.flush()
    return comment


def comments_of(*, session: Session, review_id: int) -> list[ReviewComment]:
    """A review's comments in recording order."""
    rows = session.exec(select(ReviewComment).where(ReviewComment.review_id == review_id)
                        .order_by(col(ReviewComment.at_s), col(ReviewComment.id))).all()
    return list(rows)


def pending_count(*, session: Session, reader: Reader) -> int:
    """How many submissions wait for this manager."""
    query = sa_select(func.count()).select_from(Review).where(col(Review.status) == PENDING,
                                                              col(Review.user_id)
                                                              != reader.user_id)
    if not reader.is_admin:
        query = query.join(_users, _users.c.id == col(Review.user_id)).where(
            _users.c.team_id.in_(list(reader.managed_team_ids)))
    return int(session.execute(query).scalar_one())


def at_risk(cert: Certification, now: datetime) -> bool:
    """Due soon and not close, or certified and expiring soon."""
    if cert.state == st.CERTIFIED:
        return (cert.valid_until is not None
                and as_utc(cert.valid_until) - now < timedelta(days=EXPIRING_DAYS))
    if cert.due_at is None or st.is_overdue(cert.state, _utc(cert.due_at), now):
        return False
    soon = as_utc(cert.due_at) - now < timedelta(days=AT_RISK_DAYS)
    return soon and cert.state != st.AWAITING_REVIEW

