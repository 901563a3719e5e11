"""Version-aware renewal: what a new published version asks of each certification.

Only messages that a version added or changed (its stored diff) must be shown again. A
certification whose messages did not change stays certified and simply moves to the new
version; one that depended on a changed message goes to "needs update" with a deadline,
and its renewal asks only for the changed messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from certification.models import Certification
from drills.models import PUBLISHED, ModuleVersion
from drills.modules import playbook_of, stored_diff
from drills.playbook_diff import changed_message_ids, diff_playbooks

RENEWAL_DAYS = 30  # deadline for a renewal when the launch gives no due date


def changed_between(*, session: Session, module_id: int, old: int, new: int) -> tuple[str, ...]:
    """Message ids added or changed by any version after `old` up to `new`, still in `new`."""
    if new <= old:
        return ()
    rows = session.exec(select(ModuleVersion).where(
        ModuleVersion.module_id == module_id, ModuleVersion.status == PUBLISHED,
        col(ModuleVersion.version) <= new, col(ModuleVersion.version) >= old)
        .order_by(col(ModuleVersion.version))).all()
    by_number = {r.version: r for r in rows}
    if new not in by_number:
        return ()
    changed: list[str] = []
    previous = by_number.get(old)
    for row in rows:
        if row.version <= old:
            continue
        diff = stored_diff(row)
        if diff is None or (previous is not None and diff.old_version != previous.version):
            # No stored diff against the version before it: compute one (rare).
            diff = diff_playbooks(playbook_of(previous) if previous else None, playbook_of(row))
        changed.extend(changed_message_ids(diff))
        previous = row
    still = {m.id for m in playbook_of(by_number[new]).messages}
    seen: set[str] = set()
    out = []
    for mid in changed:
        if mid in still and mid not in seen:
            seen.add(mid)
            out.append(mid)
    return tuple(out)


def renewal_deadline(*, launch_due: datetime | None, now: datetime) -> datetime:
    """The launch's due date, or a month from now."""
    return launch_due if launch_due is not None and launch_due > now else (
        now + timedelta(days=RENEWAL_DAYS))


def merge_focus(existing: Sequence[str] | None, changed: Sequence[str],
                still: Sequence[str]) -> list[str]:
    """Renewal messages after another version: the old ones still present, plus the new."""
    keep = set(still)
    out = [m for m in (existing or ()) if m in keep]
    out.extend(m for m in changed if m not in out)
    return out


def focus_of(cert: Certification) -> tuple[str, ...] | None:
    """The messages a certification's renewal asks for; None when it needs the module."""
    return tuple(cert.renewal_messages) if cert.renewal_messages is not None else None
