"""Promote a rep's phrasing that a manager accepted to an evidence phrase of the next
version (the insights page's one click): the module's open draft gets it, started from
the latest published version if no draft is open."""

from __future__ import annotations

import copy
from datetime import datetime

from sqlmodel import Session

from drills.errors import InvalidInput, NotFound
from drills.models import Module, ModuleVersion
from drills.modules import save_draft, start_draft
from drills.playbook_format.limits import MAX_STATEMENT


def promote_phrasing(*, session: Session, module: Module, message_id: str, phrase: str,
                     now: datetime) -> tuple[ModuleVersion, bool]:
    """Add `phrase` to the evidence of `message_id` in the draft; returns the draft and
    whether it was added (False: the draft already had it)."""
    text = " ".join(phrase.split())
    if not text:
        raise InvalidInput("Choose a phrasing to add.")
    if len(text) > MAX_STATEMENT:
        raise InvalidInput(f"A phrasing can be at most {MAX_STATEMENT} characters.")
    draft = start_draft(session=session, module=module, now=now)
    content = copy.deepcopy(draft.content)
    message = next((m for m in content.get("messages") or [] if m.get("id") == message_id),
                   None)
    if message is None:
        raise NotFound(f"The draft of version {draft.version} has no message '{message_id}' "
                       "(was it removed or renamed?).")
    evidence = list(message.get("evidence") or [])
    if any(" ".join(e.lower().split()) == text.lower() for e in evidence):
        return draft, False
    message["evidence"] = [*evidence, text]
    return save_draft(session=session, module=module, content=content, now=now), True
