"""Manager decisions as labelled examples for the scorer (drills.scoring.learning).

Each decided review of an attempt on a module version gives, per message the machine
judged, what the manager judged (their override, else the machine's judgement they let
stand), the machine's confidence and the words it quoted. The next attempt on that
version is scored with them.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from certification.models import Review
from certification.service import DECISIONS
from drills.attempt_models import PitchAttempt
from drills.errors import InvalidInput
from drills.scoring import stored_result
from drills.scoring.learning import ManagerExample, MessageLearning, learn

MAX_REVIEWS = 500  # the newest decisions of a version are plenty to learn from


def examples_for(*, session: Session, module_version_id: int) -> list[ManagerExample]:
    """Every manager judgement on attempts at this module version, oldest first."""
    rows = session.exec(
        select(Review, PitchAttempt)
        .join(PitchAttempt, col(PitchAttempt.id) == col(Review.attempt_id))
        .where(PitchAttempt.module_version_id == module_version_id,
               col(Review.status).in_(DECISIONS), col(Review.decided_at).is_not(None))
        .order_by(col(Review.decided_at).desc(), col(Review.id).desc())
        .limit(MAX_REVIEWS)).all()
    out: list[ManagerExample] = []
    for review, attempt in reversed(rows):
        assert review.decided_at is not None
        overrides = review.overrides or {}
        try:
            result = stored_result(attempt.result)
        except InvalidInput:
            continue  # an unreadable old result teaches nothing; it must not stop scoring
        for m in result.messages:
            if m.id not in review.machine:
                continue
            out.append(ManagerExample(
                message_id=m.id,
                covered=bool(overrides.get(m.id, review.machine[m.id])),
                machine_covered=m.covered,
                confidence=m.confidence,
                # what made it covered, or the sentence nearest to a missed message
                text=m.evidence if m.covered else (m.closest or m.evidence),
                decided_on=review.decided_at.date(),
                machine_unsure=m.check,
            ))
    return out


def learned_for(*, session: Session, module_version_id: int) -> dict[str, MessageLearning]:
    """What the managers' decisions on this version teach, per message id."""
    return learn(examples_for(session=session, module_version_id=module_version_id))


def accepted_phrasings(*, session: Session, module_version_id: int,
                       limit: int = 5) -> dict[str, list[tuple[str, str]]]:
    """Per message id, the rep phrasings managers accepted where the machine had missed
    them or left them to the manager (newest first, each once): candidates for the next
    version's evidence."""
    out: dict[str, list[tuple[str, str]]] = {}
    seen: set[tuple[str, str]] = set()
    for ex in reversed(examples_for(session=session, module_version_id=module_version_id)):
        if not ex.accepted_phrasing or ex.text is None:
            continue
        key = (ex.message_id, " ".join(ex.text.lower().split()))
        if key in seen or len(out.get(ex.message_id, [])) >= limit:
            continue
        seen.add(key)
        out.setdefault(ex.message_id, []).append(
            (ex.text, f"{ex.decided_on.day} {ex.decided_on.strftime('%b')}"))
    return out
