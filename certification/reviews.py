"""Manager sign-off: a rep submits a scored take, a manager of their team approves or
returns it with a rubric and comments; the rep may withdraw it while it waits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from accounts.inbox import notify
from accounts.models import User
from accounts.policy import Policy
from certification import notices
from certification import state as st
from certification.models import Certification, Review, ReviewComment
from certification.people import people, team_of
from certification.progress import Progress, refresh
from certification.rules import (
    RUBRIC_MAX,
    RUBRIC_MIN,
    SIGNOFF_APPROVED,
    SIGNOFF_NONE,
    SIGNOFF_PENDING,
    SIGNOFF_RETURNED,
    Rule,
    required_pitches,
)
from certification.transitions import certify, locked, move, rules_of
from drills.attempt_models import DONE, PitchAttempt
from drills.errors import Conflict, InvalidInput, NotFound, NotPermitted
from drills.models import Module, ModuleVersion
from drills.modules import playbook_of
from drills.scheduling import as_utc
from drills.scoring import adjusted_score, stored_result


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


def machine_judgement(attempt: PitchAttempt) -> dict[str, bool]:
    """The scorer's covered/missed verdict per message of an attempt."""
    return stored_result(attempt.result).verdicts()


def submit(*, session: Session, user_id: int, attempt_id: int, now: datetime,
           base_url: str, cert_id: int | None = None) -> Review:
    """A rep submits a scored pitch for sign-off once drills and pitches meet the rule;
    with `cert_id`, only for that certification (an attempt of another module is refused,
    never filed under the module it belongs to)."""
    chosen = _chosen_certification(session, cert_id, user_id)
    attempt = _submittable_attempt(session, attempt_id, user_id, chosen)
    cert = locked(session, Certification, _assigned_certification(session, user_id, attempt))
    (standing,) = refresh(session=session, certs=[cert], now=now, base_url=base_url)
    _check_awaits_submission(cert, standing)
    _check_take_counts(session, cert, standing, attempt)
    machine = machine_judgement(attempt)
    review = Review(certification_id=cert.id or 0, attempt_id=attempt_id, user_id=user_id,
                    team_id=cert.team_id, module_id=cert.module_id, status=PENDING,
                    submitted_at=now, machine=machine, judgements=len(machine))
    session.add(review)
    move(session=session, cert=cert, to=st.AWAITING_REVIEW, by=user_id, now=now,
         reason=f"Submitted the pitch “{pitch_label(session, attempt)}” (score "
                f"{attempt.score}) for sign-off.")
    cert.signoff = SIGNOFF_PENDING
    session.add(cert)
    session.flush()
    _tell_managers(session, review, attempt, now)
    refresh(session=session, certs=[cert], now=now, base_url=base_url)  # summary says pending
    return review


def _chosen_certification(session: Session, cert_id: int | None,
                          user_id: int) -> Certification | None:
    """The certification the rep named, if any; one not theirs is refused."""
    if cert_id is None:
        return None
    chosen = session.get(Certification, cert_id)
    if chosen is None or chosen.user_id != user_id:
        # Before looking at the attempt: a manager who may read this certification is
        # told they cannot submit for the rep (403), not that the attempt is not theirs.
        raise NotPermitted("Only the rep can submit their own pitch for sign-off.")
    return chosen


def _submittable_attempt(session: Session, attempt_id: int, user_id: int,
                         chosen: Certification | None) -> PitchAttempt:
    """The rep's own scored pitch attempt, of the chosen certification's module."""
    attempt = session.get(PitchAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound(f"There is no attempt {attempt_id}.")
    if chosen is not None and chosen.module_id != attempt.module_id:
        module = session.get(Module, chosen.module_id)
        raise Conflict(f"Attempt {attempt_id} is a pitch of another module; submit a "
                       f"pitch recorded for '{module.title if module else 'this module'}'.")
    if attempt.status != DONE or attempt.pitch_id is None:
        raise Conflict("Only a scored pitch attempt can be submitted for sign-off.")
    return attempt


def _assigned_certification(session: Session, user_id: int, attempt: PitchAttempt) -> int:
    """The id of the rep's certification on the attempt's module."""
    found = session.exec(select(Certification.id).where(
        Certification.user_id == user_id, Certification.module_id == attempt.module_id)).first()
    if found is None:
        raise NotFound("This module is not assigned to you for certification.")
    return found


def _check_awaits_submission(cert: Certification, standing: Progress) -> None:
    """The rule asks for a sign-off and the certification is in a state to send one."""
    if not standing.rule.manager_signoff:
        raise Conflict("This module needs no manager sign-off.")
    if not st.may_submit(cert.state):
        raise Conflict(f"This certification is {st.LABELS[cert.state].lower()}; there is "
                       "nothing to submit.")


def _check_take_counts(session: Session, cert: Certification, standing: Progress,
                       attempt: PitchAttempt) -> None:
    """The take is one the certification counts: on a version that still counts, after
    the last return, of a pitch the rule asks for, with the practice done."""
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
    notify(session=session, now=now, notices=notices.submitted_for_signoff(
        session=session, review_id=review.id, team_id=review.team_id, rep_id=review.user_id,
        rep_name=rep.name if rep else "A rep", module_title=module.title if module else "",
        pitch_id=pitch_label(session, attempt)))


def pitch_label(session: Session, attempt: PitchAttempt) -> str:
    """How people know the attempt's pitch: its prompt in the version it was recorded
    against (shortened), not the playbook's internal id."""
    version = session.get(ModuleVersion, attempt.module_version_id)
    prompt = next((p.prompt for p in playbook_of(version).pitches
                   if p.id == attempt.pitch_id), None) if version is not None else None
    if not prompt:
        return attempt.pitch_id or "pitch"
    return prompt if len(prompt) <= 70 else prompt[:69].rstrip() + "…"


def get_review(*, session: Session, review_id: int, reader: Policy) -> Review:
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


def list_reviews(*, session: Session, reader: Policy, status: str = PENDING,
                 team_id: int | None = None, limit: int = 200) -> list[Review]:
    """Reviews the reader may decide, oldest first (pending) or newest first (decided)."""
    # By the rep's team now, not the team the review was filed under.
    query = (select(Review).join(User, col(User.id) == col(Review.user_id))
             .where(Review.status == status))
    if not reader.is_admin:
        teams = set(reader.managed_team_ids)
        if team_id is not None:
            teams &= {team_id}
        query = query.where(col(User.team_id).in_(list(teams)))
    elif team_id is not None:
        query = query.where(col(User.team_id) == team_id)
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
    rules = rules_of(session, version_of.values(), now)
    return {r.id or 0: rules[version_of[r.certification_id]] for r in reviews}


def decide(*, session: Session, review_id: int, reviewer: Policy, decision: str,
           rubric: Mapping[str, Any] | None, overrides: Mapping[str, bool] | None,
           comment: str | None, now: datetime, base_url: str) -> Review:
    """A manager approves or returns a submission, with rubric scores and overrides."""
    review = get_review(session=session, review_id=review_id, reader=reviewer)
    _check_may_decide(session, review, reviewer, decision)
    # Certification first, then review (the order every command takes): a second manager
    # deciding at the same moment waits here, then finds the review decided.
    cert = locked(session, Certification, review.certification_id)
    review = locked(session, Review, review_id)
    assert cert is not None
    if review.status != PENDING:
        raise Conflict(f"This submission was already {review.status}; nothing was changed.")
    rule = review_rules(session=session, reviews=[review], now=now)[review_id]
    scores = _clean_rubric(rule, rubric, required=decision == APPROVED)
    changed = _clean_overrides(review, overrides)
    text = " ".join((comment or "").split())[:MAX_COMMENT] or None
    score, why = _judged_score(session, review, rule, decision, changed, text)
    _settle_sure_score(session, review, score)
    review.status, review.decided_at, review.reviewer_id = decision, now, reviewer.user_id
    review.rubric, review.overrides, review.comment = scores, changed, text
    review.overridden = len(changed)
    session.add(review)
    if decision == APPROVED:
        cert.signoff = SIGNOFF_APPROVED
        certify(session, cert, rule, reviewer.user_id, "Signed off by a manager." + why,
                now, base_url)
    else:
        _return(session, cert, review, reviewer, text, now)
    session.flush()
    refresh(session=session, certs=[cert], now=now, base_url=base_url)
    return review


def _check_may_decide(session: Session, review: Review, reviewer: Policy,
                      decision: str) -> None:
    if not reviewer.may_review(owner_id=review.user_id,
                               team_id=team_of(session=session, user_id=review.user_id)):
        raise NotPermitted("Only a manager of the rep's team (or an admin) can decide, and "
                           "never on their own pitch.")
    if decision not in DECISIONS:
        raise InvalidInput("Decide 'approved' or 'returned'.")


def _clean_overrides(review: Review, overrides: Mapping[str, bool] | None) -> dict[str, bool]:
    """The manager's judgements that disagree with the machine's, by message id."""
    changed: dict[str, bool] = {}
    for key, value in (overrides or {}).items():
        if key not in review.machine:
            raise InvalidInput(f"'{key}' is not a message of this pitch.")
        if bool(value) != bool(review.machine[key]):
            changed[key] = bool(value)  # only disagreements are overrides
    return changed


def _settle_sure_score(session: Session, review: Review, score: int | None) -> None:
    """A manager has now judged every message of the attempt: nothing is unsure."""
    attempt = session.get(PitchAttempt, review.attempt_id)
    if attempt is not None and score is not None:
        attempt.sure_score = score
        session.add(attempt)


def _judged_score(session: Session, review: Review, rule: Rule, decision: str,
                  changed: Mapping[str, bool], text: str | None) -> tuple[int | None, str]:
    """The score with the manager's judgements, and what an approval adds to its reason;
    a return needs a comment, and so does an approval below the rule's score."""
    if decision == RETURNED and not text:
        raise InvalidInput("Say what to work on when returning a pitch.")
    score = adjusted(session=session, review=review, overrides=changed)
    below = decision == APPROVED and score is not None and score < rule.pitch_score
    if below and not text:
        raise InvalidInput(f"With your judgements this pitch scores {score}, below the "
                           f"{rule.pitch_score} the module asks for: say why you approve it.")
    why = (f" Approved below the rule's score ({score} < {rule.pitch_score}): {text}"
           if below else (f" {text}" if text else ""))
    return score, why


def _return(session: Session, cert: Certification, review: Review, reviewer: Policy,
            text: str | None, now: datetime) -> None:
    """Back to the rep, who is told what to work on."""
    cert.signoff = SIGNOFF_RETURNED
    move(session=session, cert=cert, to=st.RETURNED, by=reviewer.user_id, now=now,
         reason=text or "Returned.")
    module = session.get(Module, cert.module_id)
    reviewer_person = people(session=session, user_ids=[reviewer.user_id]).get(
        reviewer.user_id)
    notify(session=session, now=now, notices=[notices.returned(
        user_id=review.user_id, certification_id=cert.id or 0, review_id=review.id or 0,
        module_title=module.title if module else "your module",
        reviewer_name=reviewer_person.name if reviewer_person else "Your manager",
        comment=text or "")])


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


def add_comment(*, session: Session, review_id: int, reviewer: Policy, at_s: float | None,
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


def pending_count(*, session: Session, reader: Policy) -> int:
    """How many submissions wait for this manager."""
    query = sa_select(func.count()).select_from(Review).where(col(Review.status) == PENDING,
                                                              col(Review.user_id)
                                                              != reader.user_id)
    if not reader.is_admin:
        query = query.join(User, col(User.id) == col(Review.user_id)).where(
            col(User.team_id).in_(list(reader.managed_team_ids)))
    return int(session.execute(query).scalar_one())
