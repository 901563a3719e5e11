"""Who may do what: one policy per person, built once per request from their account.

Plain values only (their id, team, managed teams, and whether they administer or author),
so the domains can ask it without knowing about sign-in: `may_read` (a person's attempts,
certifications, credentials), `may_review` (sign off someone's pitch) and `may_author`
(change modules, triage field reports, see every team's insights).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    user_id: int
    managed_team_ids: frozenset[int]
    is_admin: bool
    team_id: int | None = None  # the person's own team (whose launches they read)
    is_author: bool = False  # marketing or admin

    def may_read(self, *, owner_id: int, team_id: int | None) -> bool:
        """Work of `owner_id` (now in `team_id`): theirs, their managers' and admins'."""
        return (self.is_admin or owner_id == self.user_id
                or (team_id is not None and team_id in self.managed_team_ids))

    def may_review(self, *, owner_id: int, team_id: int | None) -> bool:
        """Sign off `owner_id`'s pitch: a manager of their team or an admin, never oneself."""
        if owner_id == self.user_id:
            return False  # nobody signs off their own pitch
        return self.is_admin or (team_id is not None and team_id in self.managed_team_ids)

    @property
    def may_author(self) -> bool:
        return self.is_author

    @property
    def readable_team_ids(self) -> set[int]:
        """Teams whose launches this person may read: their own and those they manage."""
        ids = set(self.managed_team_ids)
        if self.team_id is not None:
            ids.add(self.team_id)
        return ids
