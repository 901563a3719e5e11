"""The certification state machine, as pure functions of the current state and facts.

    not_started -> in_progress -> awaiting_review -> certified
                                        |-> returned -> awaiting_review ...
    certified -> needs_update (a new version changed messages it depended on)
    certified | needs_update | returned | in_progress -> lapsed (validity/deadline passed)

Anything else is refused with Conflict, so a stale page or a double tap cannot move a
certification somewhere it should not be.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from drills.errors import Conflict


class CertState(StrEnum):
    """A certification's state (stored as its text)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    AWAITING_REVIEW = "awaiting_review"
    CERTIFIED = "certified"
    RETURNED = "returned"
    NEEDS_UPDATE = "needs_update"
    LAPSED = "lapsed"


NOT_STARTED, IN_PROGRESS = CertState.NOT_STARTED, CertState.IN_PROGRESS
AWAITING_REVIEW, CERTIFIED = CertState.AWAITING_REVIEW, CertState.CERTIFIED
RETURNED, NEEDS_UPDATE, LAPSED = CertState.RETURNED, CertState.NEEDS_UPDATE, CertState.LAPSED

STATES = (NOT_STARTED, IN_PROGRESS, AWAITING_REVIEW, RETURNED, CERTIFIED, NEEDS_UPDATE, LAPSED)
LABELS: dict[str, str] = {
    NOT_STARTED: "Not started", IN_PROGRESS: "In progress", AWAITING_REVIEW: "Awaiting review",
    RETURNED: "Returned", CERTIFIED: "Certified", NEEDS_UPDATE: "Needs update",
    LAPSED: "Lapsed",
}
# States from which the rep may send a scored take for sign-off (one list: the service,
# the pages and the API all ask `may_submit`).
SUBMITTABLE = frozenset({NOT_STARTED, IN_PROGRESS, RETURNED, NEEDS_UPDATE, LAPSED})


def may_submit(state: str) -> bool:
    return state in SUBMITTABLE


# States in which the rep holds a current certification (needs_update is still valid
# until its deadline: only the changed messages must be shown again).
HOLDS = (CERTIFIED, NEEDS_UPDATE)

ALLOWED: dict[str, frozenset[str]] = {
    NOT_STARTED: frozenset({IN_PROGRESS, AWAITING_REVIEW, CERTIFIED, LAPSED}),
    IN_PROGRESS: frozenset({AWAITING_REVIEW, CERTIFIED, LAPSED}),
    AWAITING_REVIEW: frozenset({CERTIFIED, RETURNED, IN_PROGRESS, NEEDS_UPDATE}),
    RETURNED: frozenset({AWAITING_REVIEW, IN_PROGRESS, CERTIFIED, LAPSED}),
    CERTIFIED: frozenset({NEEDS_UPDATE, LAPSED}),
    NEEDS_UPDATE: frozenset({AWAITING_REVIEW, CERTIFIED, LAPSED}),
    LAPSED: frozenset({IN_PROGRESS, AWAITING_REVIEW, CERTIFIED}),
}


def check(current: str, to: str) -> str:
    """Return `to` if the move is allowed, else raise Conflict."""
    if to not in ALLOWED.get(current, frozenset()):
        raise Conflict(f"A certification that is {LABELS.get(current, current).lower()} "
                       f"cannot become {LABELS.get(to, to).lower()}.")
    return to


@dataclass(frozen=True)
class Facts:
    """What the automatic part of the machine looks at."""

    active: bool  # any drill reviewed or pitch attempted towards this certification
    requirements_met: bool  # drills and pitches (not the sign-off)
    signoff_required: bool
    now: datetime
    due_at: datetime | None
    valid_until: datetime | None


def automatic(state: str, facts: Facts) -> str | None:
    """The state the clock and progress move a certification to, or None to stay."""
    now = facts.now
    if state == CERTIFIED:
        return LAPSED if facts.valid_until is not None and now >= facts.valid_until else None
    if state == NEEDS_UPDATE:
        expired = facts.valid_until is not None and now >= facts.valid_until
        if expired or (facts.due_at is not None and now >= facts.due_at):
            return LAPSED
        if facts.requirements_met and not facts.signoff_required:
            return CERTIFIED
        return None
    if state in (NOT_STARTED, IN_PROGRESS, LAPSED):
        if facts.requirements_met and not facts.signoff_required:
            return CERTIFIED
        if state == NOT_STARTED and facts.active:
            return IN_PROGRESS
        if state == LAPSED and facts.active and facts.due_at is not None and now < facts.due_at:
            return IN_PROGRESS  # a new deadline and fresh practice: working on it again
        return None
    return None  # awaiting_review and returned move only by a person


def is_overdue(state: str, due_at: datetime | None, now: datetime) -> bool:
    """Not (or no longer) certified and past the deadline."""
    if state == CERTIFIED:
        return False
    if state == LAPSED:
        return True
    return due_at is not None and now >= due_at
