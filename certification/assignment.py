"""Assignment: a launch makes certifications for its team's reps (new reps, a new
version, a rep who moves team)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, select

from accounts.inbox import notify
from accounts.models import Role, User, UserRole
from certification import notices, renewal
from certification import state as st
from certification.models import Certification, CertificationEvent, Review
from certification.people import people, reps_of_teams
from certification.progress import DRILLS_PER_SUBJECT
from certification.reviews import PENDING, WITHDRAWN
from certification.rules import SIGNOFF_NONE, Standing, evaluate
from certification.transitions import move, note, rule_for
from drills.attempt_models import PitchAttempt
from drills.models import Launch, Module, ModuleVersion
from drills.modules import playbook_of
from drills.practice.builds import ensure_built


def _new_cert(session: Session, user_id: int, team_id: int, version: ModuleVersion,
              due_at: datetime | None, now: datetime) -> Certification:
    cert = Certification(user_id=user_id, team_id=team_id, module_id=version.module_id,
                         module_version_id=version.id or 0, version=version.version,
                         state=st.NOT_STARTED, due_at=due_at,
                         counts_from_version=1, created_at=now, updated_at=now)
    session.add(cert)
    session.flush()
    note(session, cert, f"Assigned: version {version.version} launched to the team.",
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
            note(session, cert, f"Version {version.version} changed none of the messages "
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
            note(session, cert, reason, by, now)
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
    note(session, cert, f"Now working on version {version.version}.", by, now)


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
        drills = sum(n for _s, n, _built in session.execute(DRILLS_PER_SUBJECT, {
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
        sa_select(col(User.id), col(User.team_id))
        .join(UserRole, col(UserRole.user_id) == col(User.id))
        .where(col(User.id).in_(ids), col(UserRole.role) == Role.REP.value)).tuples().all())
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
        notify(session=session, now=now, notices=notices.submitted_for_signoff(
            session=session, review_id=review.id or 0, team_id=team_id, rep_id=user_id,
            rep_name=rep.name if rep else "A rep", module_title=module.title if module else "",
            pitch_id=(attempt.pitch_id or "") if attempt else ""))
