"""Certification notices for the in-app inbox: what to tell whom, written idempotently.

A notice is a plain value (`accounts.inbox.Notice`); `accounts.inbox.notify` writes them.
Every notice carries a dedupe key that names the fact it announces (a certification's due
date, its lapse, a manager's day), and the table's unique key on it makes sending the same
notice twice a no-op: that is what lets the periodic sweep run every few minutes, in
several processes at once, without anyone being told the same thing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from accounts.inbox import Notice
from accounts.models import TeamManager, User


def managers_of(*, session: Session, team_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active managers per team."""
    ids = list(set(team_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(TeamManager.team_id, TeamManager.user_id)
        .join(User, col(User.id) == col(TeamManager.user_id))
        .where(col(TeamManager.team_id).in_(ids), col(User.is_active).is_(True))
        .order_by(col(TeamManager.user_id))).all()
    out: dict[int, list[int]] = {}
    for team_id, user_id in rows:
        out.setdefault(int(team_id), []).append(int(user_id))
    return out


def submitted_for_signoff(*, session: Session, review_id: int, team_id: int | None,
                          rep_id: int, rep_name: str, module_title: str,
                          pitch_id: str) -> list[Notice]:
    """Each manager of the rep's team: a pitch waits for their sign-off."""
    if team_id is None:
        return []
    return [Notice(user_id=m, kind="certification_review",
                   title=f"{rep_name} submitted a pitch for sign-off",
                   body=f"{rep_name} asks you to sign off their pitch “{pitch_id}” on "
                        f"{module_title}. Listen, score the rubric, approve or return it.",
                   link=f"/reviews/{review_id}",
                   dedupe_key=f"cert-review:{review_id}:{m}")
            for m in managers_of(session=session, team_ids=[team_id]).get(team_id, [])
            if m != rep_id]  # a manager who is also the rep never signs off their own


def certified(*, user_id: int, certification_id: int, jti: str, module_title: str,
              version: int) -> Notice:
    """The rep: they are certified, with their credential to share or download."""
    return Notice(user_id=user_id, kind="certification_certified",
                  title=f"You are certified on {module_title}",
                  body=f"Version {version} of {module_title}: your credential is ready. "
                       "Open it to share its verification link or download it.",
                  link=f"/credentials/{jti}", dedupe_key=f"cert-certified:{jti}")


def returned(*, user_id: int, certification_id: int, review_id: int, module_title: str,
             reviewer_name: str, comment: str) -> Notice:
    """The rep: their manager sent the pitch back, with what to work on."""
    return Notice(user_id=user_id, kind="certification_returned",
                  title=f"{reviewer_name} returned your pitch on {module_title}",
                  body=f"{comment} Record a new take, then send it for sign-off again.",
                  link=f"/certification/{certification_id}",
                  dedupe_key=f"review-returned:{review_id}")
