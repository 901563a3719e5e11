"""The one way certification state moves: each use case that changes what a certification
depends on calls its event here, in its own transaction (a drill answer, a scored pitch, a
launch, a rep joining or moving team); the periodic sweep lapses what ran out of time
(`certification.sweep`), and sign-off is the certification's own command
(`service.submit`, `service.decide`, `service.withdraw`).

Pages and API reads never call these: they read the stored rows (`service.progress`), so
a page view cannot certify a rep, sign a credential or move a figure.

Publishing a version moves nothing by itself: a certification follows the version launched
to the rep's team, so a new version reaches certifications through `on_launch`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from accounts.models import Role, User, UserRole
from certification import service
from certification.models import Certification, CertificationRule
from certification.rules import Rule
from certification.transitions import rule_of_row
from drills.attempt_models import DONE, PitchAttempt
from drills.models import Launch

# A rep's certification on a module with the rule of its version, in one statement (the
# rule's snapshot is missing only before its version was first judged: `judge` takes it).
_CERT_AND_RULE = (select(Certification, CertificationRule)
                  .outerjoin(CertificationRule, col(CertificationRule.module_version_id)
                             == col(Certification.module_version_id))
                  .where(Certification.user_id == bindparam("user_id"),
                         Certification.module_id == bindparam("module_id")))
_CERT_AND_RULE_LOCKED = (_CERT_AND_RULE.with_for_update(of=Certification)
                         .execution_options(populate_existing=True))


def _certs_of(session: Session, user_id: int, module_id: int, *,
              lock: bool) -> tuple[list[Certification], dict[int, Rule]]:
    rows = session.execute(_CERT_AND_RULE_LOCKED if lock else _CERT_AND_RULE,
                           {"user_id": user_id, "module_id": module_id}).tuples().all()
    return ([cert for cert, _rule in rows],
            {rule.module_version_id: rule_of_row(rule) for _cert, rule in rows if rule})


def judge_practice(*, session: Session, answered: service.Answered,
                   now: datetime) -> list[service.Judged]:
    """Before a drill answer is written (reading only, outside the writer's turn): where
    the rep's certification on its module will stand once it is. `on_practice` applies it
    in the answer's transaction, or judges again if the row changed meanwhile."""
    certs, rules = _certs_of(session, answered.user_id, answered.module_id, lock=False)
    return service.judge(session=session, certs=certs, now=now, answered=answered,
                         rules=rules)


def on_practice(*, session: Session, user_id: int, module_id: int, now: datetime,
                base_url: str, judged: list[service.Judged] | None = None
                ) -> list[service.Progress]:
    """A rep answered a drill of a module: re-judge that rep's certification on it only
    (the row is written only when a figure or the state changed). With `judged` (from
    `judge_practice`, read before the writer's turn) the reading is not done again unless
    the row changed since."""
    # Locked: a decision or the sweep on this row waits for (or is waited for by) this one.
    certs, rules = _certs_of(session, user_id, module_id, lock=True)
    if judged is None or len(judged) != len(certs) or not all(
            service.still_holds(j, c) for j, c in zip(judged, certs, strict=True)):
        judged = service.judge(session=session, certs=certs, now=now, rules=rules)
    return service.settle(session=session, certs=certs, judged=judged, now=now,
                          base_url=base_url, active={(user_id, module_id)})


def on_attempt_scored(*, session: Session, attempt: PitchAttempt, now: datetime,
                      base_url: str) -> list[service.Progress]:
    """A pitch attempt (or a spoken drill's take) was scored: its best may meet the rule."""
    if attempt.status != DONE:
        return []
    return on_practice(session=session, user_id=attempt.user_id, module_id=attempt.module_id,
                       now=now, base_url=base_url)


def on_launch(*, session: Session, launches: Iterable[Launch], by: int | None, now: datetime,
              base_url: str) -> int:
    """Versions were launched to teams: assign each rep a certification or move theirs to
    the new version (renewal where messages changed), and judge them on it at once."""
    launches = list(launches)
    touched = service.sync_launches(session=session, launches=launches, by=by, now=now)
    _judge(session, {lnc.module_id for lnc in launches}, now, base_url,
           team_ids={lnc.team_id for lnc in launches})
    return touched


def on_rep_joined(*, session: Session, user_id: int, now: datetime, base_url: str) -> None:
    """A rep was created in a team, moved into one, or became a rep: the team's launches
    become certifications for them now, not when someone next looks at a page."""
    service.ensure_assigned(session=session, user_ids=[user_id], now=now)
    service.refresh(session=session, certs=service.for_users(session=session,
                                                             user_ids=[user_id]),
                    now=now, base_url=base_url)


def on_rep_moved(*, session: Session, user_id: int, team_id: int | None, now: datetime,
                 base_url: str) -> None:
    """A rep changed teams: their certifications and waiting submissions follow them, and
    the new team's launches are assigned."""
    service.on_rep_moved(session=session, user_id=user_id, team_id=team_id, now=now)
    on_rep_joined(session=session, user_id=user_id, now=now, base_url=base_url)


def _judge(session: Session, module_ids: set[int], now: datetime, base_url: str, *,
           team_ids: set[int]) -> None:
    certs = list(session.exec(select(Certification).where(
        col(Certification.module_id).in_(module_ids),
        col(Certification.team_id).in_(team_ids))).all())
    service.refresh(session=session, certs=certs, now=now, base_url=base_url)


def on_reps_added(*, session: Session, user_ids: Iterable[int], now: datetime,
                  base_url: str) -> None:
    """Reps created in bulk (an import): each gets their team's launches at once."""
    ids = list(user_ids)
    service.ensure_assigned(session=session, user_ids=ids, now=now)
    service.refresh(session=session, certs=service.for_users(session=session, user_ids=ids),
                    now=now, base_url=base_url)


def on_reps_created(*, session: Session, reps: Iterable[tuple[int, int]], now: datetime,
                    base_url: str) -> None:
    """Reps (user id, team id) just created in bulk (an import of thousands): their teams'
    launches become certifications at once, written in bulk."""
    left = service.assign_new_reps(session=session, reps=list(reps), now=now)
    if left:
        on_reps_added(session=session, user_ids=left, now=now, base_url=base_url)


def assign_missing(*, session: Session, now: datetime, base_url: str) -> list[int]:
    """Reps of a launched team without its certification (data from before assignment
    moved to events, or an event lost to a crash): assign them. One query finds them;
    usually there are none. The periodic sweep runs it."""
    missing = session.execute(
        sa_select(col(User.id)).distinct()
        .join(UserRole, (col(UserRole.user_id) == col(User.id))
              & (col(UserRole.role) == Role.REP.value))
        .join(Launch, (col(Launch.team_id) == col(User.team_id))
              & col(Launch.replaced_at).is_(None))
        .outerjoin(Certification, (col(Certification.user_id) == col(User.id))
                   & (col(Certification.module_id) == col(Launch.module_id)))
        .where(col(User.is_active).is_(True), col(Certification.id).is_(None))).scalars().all()
    ids = [int(i) for i in missing]
    if ids:
        on_reps_added(session=session, user_ids=ids, now=now, base_url=base_url)
    return ids
