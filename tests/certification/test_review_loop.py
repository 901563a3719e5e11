"""The return loop: an override moves the score as the scorer's formula would, approving
below the rule's score needs a recorded reason, and a resubmission's review shows the
earlier rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from certification import service
from certification import state as st
from drills.errors import InvalidInput
from drills.scoring import adjusted_score
from tests.certification.helpers import BASE, T0, cert_of, launched, manager_of, master, scored

RUBRIC = {"message_accuracy": 4, "clarity": 4, "confidence": 4, "objection_handling": 4}


def test_adjusted_score_follows_the_scorers_formula() -> None:
    result = {"messages": [{"id": "a", "covered": True, "weight": 2.0},
                           {"id": "b", "covered": True, "weight": 1.0},
                           {"id": "c", "covered": False, "weight": 1.0}],
              "forbidden": [{"phrase": "cheap"}, {"phrase": "cheap"}], "retired": []}
    assert adjusted_score(result, {}) == 60  # 100 x 3/4 - 15 (one distinct forbidden)
    assert adjusted_score(result, {"a": False}) == 10  # 100 x 1/4 - 15
    assert adjusted_score(result, {"c": True}) == 85
    assert adjusted_score({"messages": [], "forbidden": [{"phrase": "x"}]}, {}) == 0


def _pending(session: Session) -> tuple:  # type: ignore[type-arg]
    rep, team, module = launched(session)
    master(session, rep, module, T0)
    scored(session, rep, module, 1, "elevator", 100, T0)
    proof = scored(session, rep, module, 1, "proof", 100, T0)
    review = service.submit(session=session, user_id=rep.id or 0, attempt_id=proof.id or 0,
                            now=T0, base_url=BASE)
    _, reader = manager_of(session, team)
    return rep, module, review, reader


def test_approving_below_the_rules_score_needs_a_reason_that_is_kept(session: Session) -> None:
    rep, module, review, reader = _pending(session)
    # The manager hears the only message of this pitch missed: 100 becomes 0.
    with pytest.raises(InvalidInput, match="scores 0, below the 80"):
        service.decide(session=session, review_id=review.id, reviewer=reader,
                       decision="approved", rubric=RUBRIC, overrides={"tested": False},
                       comment=None, now=T0, base_url=BASE)
    assert review.status == "pending"
    assert service.adjusted(session=session, review=review,
                            overrides={"tested": False}) == 0
    service.decide(session=session, review_id=review.id, reviewer=reader, decision="approved",
                   rubric=RUBRIC, overrides={"tested": False},
                   comment="Said in the discovery call; the recording cut it.", now=T0,
                   base_url=BASE)
    assert service.adjusted(session=session, review=review) == 0
    (last,) = service.history(session=session, cert_id=review.certification_id)[-1:]
    assert last.to_state == st.CERTIFIED
    assert "Approved below the rule's score (0 < 80): Said in the discovery call" in last.reason
    assert cert_of(session, rep, module).state == st.CERTIFIED


def test_a_resubmissions_review_lists_the_earlier_rounds(session: Session) -> None:
    rep, module, first, reader = _pending(session)
    service.add_comment(session=session, review_id=first.id, reviewer=reader, at_s=3.5,
                        body="Lead with the restore time.", now=T0)
    service.decide(session=session, review_id=first.id, reviewer=reader, decision="returned",
                   rubric=None, overrides=None, comment="Slower, and the proof first.",
                   now=T0, base_url=BASE)
    later = T0 + timedelta(hours=2)
    again = scored(session, rep, module, 1, "proof", 95, later)
    second = service.submit(session=session, user_id=rep.id or 0, attempt_id=again.id or 0,
                            now=later, base_url=BASE)
    rounds = service.history_of_reviews(session=session, review=second)
    assert [(r.id, r.status, r.comment) for r in rounds] == [
        (first.id, "returned", "Slower, and the proof first.")]
    assert service.history_of_reviews(session=session, review=first) == []
