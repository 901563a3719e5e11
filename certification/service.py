"""Certification services, one module per area, named here together for the many callers
(pages, API, events, tests) that say `service.decide`:

* `people`: who is who (who is asking is an `accounts.policy.Policy`);
* `transitions`: the rule a version asks for, moves recorded as events, certify, lapse;
* `assignment`: certifications made on a launch, for new reps, for a rep who moves team;
* `progress`: where each certification stands, judged on events and stored on the row;
* `reviews`: manager sign-off (submit, decide, withdraw, comments);
* `revocation`: withdrawing an issued credential.

Plain values in, rows out; the clock and the public base address (for credentials) are
arguments.
"""

from accounts.policy import Policy
from certification.assignment import (
    assign_new_reps,
    ensure_assigned,
    on_rep_moved,
    sync_launches,
)
from certification.models import Certification
from certification.people import Person, people, reps_of_teams, team_of
from certification.progress import (
    AT_RISK_DAYS,
    EXPIRING_DAYS,
    Answered,
    Judged,
    Progress,
    at_risk,
    for_teams,
    for_users,
    get,
    history,
    judge,
    progress,
    progress_for_users,
    readiness,
    refresh,
    settle,
    still_holds,
)
from certification.reviews import (
    APPROVED,
    DECISIONS,
    MAX_COMMENT,
    PENDING,
    RETURNED,
    WITHDRAWN,
    ReviewStatus,
    add_comment,
    adjusted,
    comments_of,
    decide,
    get_review,
    history_of_reviews,
    last_returned_at,
    list_reviews,
    machine_judgement,
    pending_count,
    review_rules,
    submit,
    submittable_takes,
    withdraw,
)
from certification.revocation import MAX_REVOKE_REASON, revoke_credential
from certification.transitions import certify, lapse, locked, move, note, rule_for
from drills.scheduling import as_utc

Reader = Policy  # the name callers and tests know: who is asking

__all__ = [
    "APPROVED", "AT_RISK_DAYS", "DECISIONS", "EXPIRING_DAYS", "MAX_COMMENT",
    "MAX_REVOKE_REASON", "PENDING", "RETURNED", "WITHDRAWN", "Answered", "Certification",
    "Judged", "Person", "Policy", "Progress", "Reader", "ReviewStatus", "add_comment", "adjusted",
    "as_utc", "assign_new_reps", "at_risk", "certify", "comments_of", "decide",
    "ensure_assigned", "for_teams", "for_users", "get", "get_review", "history",
    "history_of_reviews", "judge", "lapse", "last_returned_at", "list_reviews", "locked",
    "machine_judgement", "move", "note", "on_rep_moved", "pending_count", "people",
    "progress", "progress_for_users", "readiness", "refresh", "reps_of_teams",
    "review_rules", "revoke_credential", "rule_for", "settle", "still_holds", "submit",
    "submittable_takes", "sync_launches", "team_of", "withdraw",
]
