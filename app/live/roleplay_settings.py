"""Marketing's settings for a module's buyer role-play: read when a role-play starts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.live.models import RolePlaySettings
from drills.errors import InvalidInput

DEFAULT_PERSISTENCE = 1


def get(*, session: Session, module_id: int) -> RolePlaySettings:
    """The module's settings (unsaved defaults when marketing has set none)."""
    found = session.get(RolePlaySettings, module_id)
    return found or RolePlaySettings(module_id=module_id, objections=None,
                                     persistence=DEFAULT_PERSISTENCE)


def update(*, session: Session, module_id: int, content: Mapping[str, Any],
           objections: Sequence[str] | None, persistence: int, by: int,
           now: datetime) -> RolePlaySettings:
    """Save which objections the buyer raises (None: all) and its persistence (1-3)."""
    if not 1 <= persistence <= 3:
        raise InvalidInput("persistence is how many follow-ups the buyer asks per answer: "
                           "1, 2 or 3.")
    known = [str(o["id"]) for o in content.get("objections") or ()]
    if objections is not None:
        unknown = [o for o in objections if o not in known]
        if unknown:
            raise InvalidInput(f"The playbook has no objection {', '.join(map(repr, unknown))}"
                               f"; its objections are {', '.join(known) or 'none'}.")
        if not objections:
            raise InvalidInput("Name at least one objection, or send null for all of them.")
        objections = list(dict.fromkeys(objections))
    row = session.get(RolePlaySettings, module_id) or RolePlaySettings(module_id=module_id)
    row.objections = list(objections) if objections is not None else None
    row.persistence = persistence
    row.updated_at = now
    row.updated_by_id = by
    session.add(row)
    session.flush()
    return row
