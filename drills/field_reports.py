"""The field feedback loop: reps report how messages went on real calls; marketing triages.

A report names a module version and one of its messages (or objections), or reports an
objection the playbook lacks. Marketing moves it forward (new -> acknowledged -> planned
-> done / won't change), may reply, and may say which published version addressed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from drills.errors import Conflict, InvalidInput, NotFound, NotPermitted
from drills.field_report_models import FieldReport
from drills.models import Module, ModuleVersion
from drills.modules import launched_version_numbers, playbook_of, published_versions, stored_diff
from drills.playbook_format import Playbook
from drills.scheduling import as_utc

MISSING_OBJECTION = "missing_objection"
# How a message went, in the order the rep sees the buttons.
OUTCOMES: dict[str, str] = {
    "landed": "Landed",
    "pushback": "Got pushback",
    "confused": "Customers didn't get it",
    "outdated": "Outdated",
}
KINDS: dict[str, str] = {**OUTCOMES, MISSING_OBJECTION: "Missing objection"}
SOURCES = ("message", "drill", "pitch", "api")

NEW, ACKNOWLEDGED, PLANNED, DONE, WONT_CHANGE = (
    "new", "acknowledged", "planned", "done", "wont_change")
STATUSES: dict[str, str] = {
    NEW: "New",
    ACKNOWLEDGED: "Acknowledged",
    PLANNED: "Planned for next version",
    DONE: "Done",
    WONT_CHANGE: "Won't change",
}
OPEN_STATUSES = (NEW, ACKNOWLEDGED, PLANNED)
# Triage only moves forward; done and won't change close a report for good, so the
# reporter never sees an answer taken back.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (ACKNOWLEDGED, PLANNED, DONE, WONT_CHANGE),
    ACKNOWLEDGED: (ACKNOWLEDGED, PLANNED, DONE, WONT_CHANGE),
    PLANNED: (PLANNED, DONE, WONT_CHANGE),
    DONE: (),
    WONT_CHANGE: (),
}

MAX_NOTE = 1000
MAX_REPLY = 2000
# A second identical tap within this window returns the first report, not a duplicate.
DOUBLE_TAP = timedelta(minutes=2)


@dataclass(frozen=True)
class Scope:
    """Whose reports a reader sees: their own, plus their teams' (None: everyone's)."""

    user_id: int
    team_ids: frozenset[int] | None = frozenset()


@dataclass(frozen=True)
class TriageResult:
    """The triaged report and whether the reporter has a new answer to read."""

    report: FieldReport
    notify: bool


@dataclass
class Group:
    """Reports on one message of one module version, with counts and a 7-day trend."""

    module: Module
    version: int
    message_id: str | None
    label: str
    reports: list[FieldReport] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    last_7: int = 0
    prev_7: int = 0
    last_30: int = 0

    @property
    def total(self) -> int:
        return len(self.reports)

    @property
    def open(self) -> int:
        return sum(1 for r in self.reports if r.status in OPEN_STATUSES)

    @property
    def trend(self) -> str:
        """'up', 'down' or 'flat': this week against the week before."""
        if self.last_7 > self.prev_7:
            return "up"
        return "down" if self.last_7 < self.prev_7 else "flat"


def _clean_text(raw: str | None, *, limit: int, what: str) -> str:
    text = (raw or "").strip()
    if len(text) > limit:
        raise InvalidInput(f"The {what} can be at most {limit} characters (got {len(text)}).")
    return text


def subject_label(pb: Playbook, message_id: str | None) -> str:
    """What a report is about, in words: the message, the objection, or a missing one."""
    if message_id is None:
        return "Objections the playbook lacks"
    message = pb.message(message_id)
    if message is not None:
        return message.statement
    objection = pb.objection(message_id)
    return f"“{objection.objection}”" if objection is not None else message_id


def create(*, session: Session, user_id: int, team_id: int | None, module: Module,
           version: int | None, message_id: str | None, kind: str, note: str | None,
           source: str, now: datetime) -> FieldReport:
    """File a report on a version launched to the rep's team (a double tap returns the first)."""
    if kind not in KINDS:
        raise InvalidInput(f"Unknown report kind '{kind}'; use one of {', '.join(KINDS)}.")
    if source not in SOURCES:
        raise InvalidInput(f"Unknown source '{source}'; use one of {', '.join(SOURCES)}.")
    text = _clean_text(note, limit=MAX_NOTE, what="note")
    launched = (launched_version_numbers(session=session, module=module, team_ids=[team_id])
                if team_id is not None else set())
    if not launched:
        # The same answer as a missing module: unlaunched work stays invisible.
        raise NotFound(f"There is no module '{module.slug}'.")
    number = max(launched) if version is None else version
    if number not in launched:
        raise NotFound(f"Version {number} of '{module.slug}' was not launched to your team.")
    pb = playbook_of(_version_row(session, module, number))
    if kind == MISSING_OBJECTION:
        if not text:
            raise InvalidInput("Write down the objection you heard: what did the customer say?")
        message_id = None
    else:
        message_id = (message_id or "").strip()
        if not message_id:
            raise InvalidInput("Say which message this is about (message_id).")
        if pb.message(message_id) is None and pb.objection(message_id) is None:
            raise NotFound(f"Version {number} of '{module.slug}' has no message "
                           f"or objection '{message_id}'.")
    assert module.id is not None
    same_subject = (col(FieldReport.message_id) == message_id if message_id
                    else col(FieldReport.message_id).is_(None))
    earlier = session.exec(select(FieldReport).where(
        FieldReport.user_id == user_id, FieldReport.module_id == module.id,
        FieldReport.version == number, FieldReport.kind == kind, same_subject,
        FieldReport.note == text, col(FieldReport.created_at) >= now - DOUBLE_TAP,
        col(FieldReport.created_at) <= now)).first()
    if earlier is not None:
        return earlier
    report = FieldReport(user_id=user_id, team_id=team_id, module_id=module.id, version=number,
                         message_id=message_id, kind=kind, note=text, source=source,
                         status=NEW, created_at=now, updated_at=now)
    session.add(report)
    session.flush()
    return report


def _version_row(session: Session, module: Module, number: int) -> ModuleVersion:
    row = session.exec(select(ModuleVersion).where(
        ModuleVersion.module_id == module.id, ModuleVersion.version == number)).first()
    if row is None:
        raise NotFound(f"Module '{module.slug}' has no version {number}.")
    return row


def _scoped(scope: Scope) -> SelectOfScalar[FieldReport]:
    stmt = select(FieldReport)
    if scope.team_ids is not None:
        stmt = stmt.where(or_(FieldReport.user_id == scope.user_id,
                              col(FieldReport.team_id).in_(list(scope.team_ids) or [-1])))
    return stmt


def list_for(*, session: Session, scope: Scope, module_id: int | None = None,
             statuses: Iterable[str] | None = None, limit: int = 1000) -> Sequence[FieldReport]:
    """Reports the reader may see, newest first."""
    stmt = _scoped(scope)
    if module_id is not None:
        stmt = stmt.where(FieldReport.module_id == module_id)
    if statuses is not None:
        wanted = list(statuses)
        unknown = [s for s in wanted if s not in STATUSES]
        if unknown:
            raise InvalidInput(f"Unknown status '{unknown[0]}'; use one of {', '.join(STATUSES)}.")
        stmt = stmt.where(col(FieldReport.status).in_(wanted))
    return session.exec(stmt.order_by(col(FieldReport.created_at).desc(),
                                      col(FieldReport.id).desc()).limit(limit)).all()


def get(*, session: Session, scope: Scope, report_id: int) -> FieldReport:
    """One report the reader may see, or NotFound (others' reports are not revealed)."""
    report = session.exec(_scoped(scope).where(FieldReport.id == report_id)).first()
    if report is None:
        raise NotFound(f"There is no field report {report_id}.")
    return report


def addressable_versions(*, session: Session, report: FieldReport) -> list[int]:
    """Published versions after the report's whose stored diff changed what it is about."""
    module = session.get(Module, report.module_id)
    assert module is not None
    out: list[int] = []
    for row in published_versions(session=session, module=module):
        if row.version <= report.version:
            continue
        diff = stored_diff(row)
        if diff is None:
            continue
        if report.message_id is None:
            changed = any(o.status == "added" for o in diff.objections)
        else:
            touched = [(m.id, m.status) for m in diff.messages]
            touched += [(o.id, o.status) for o in diff.objections]
            changed = (report.message_id, "changed") in touched or \
                (report.message_id, "removed") in touched
        if changed:
            out.append(row.version)
    return sorted(out)


def triage(*, session: Session, report: FieldReport, status: str, reply: str | None,
           addressed_version: int | None, by: int, expected_status: str | None,
           now: datetime) -> TriageResult:
    """Move a report forward, optionally answering the reporter and naming the fixing version."""
    if status not in STATUSES:
        raise InvalidInput(f"Unknown status '{status}'; use one of {', '.join(STATUSES)}.")
    if expected_status is not None and expected_status != report.status:
        # The page showed an older state: someone else triaged it meanwhile (or a double tap).
        raise Conflict(f"This report is now '{STATUSES.get(report.status, report.status)}'; "
                       "reload to see the latest.")
    if status not in TRANSITIONS[report.status]:
        if not TRANSITIONS[report.status]:
            raise Conflict(f"This report is closed ({STATUSES[report.status]}).")
        raise Conflict(f"A report that is '{STATUSES[report.status]}' cannot go back to "
                       f"'{STATUSES[status]}'.")
    text = _clean_text(reply, limit=MAX_REPLY, what="reply")
    if addressed_version is not None:
        if status != DONE:
            raise InvalidInput("Only a report marked done can be addressed in a version.")
        allowed = addressable_versions(session=session, report=report)
        if addressed_version not in allowed:
            offer = ", ".join(f"v{n}" for n in allowed) or "none yet"
            raise InvalidInput(f"Version {addressed_version} did not change this message "
                               f"(versions that did: {offer}).")
    if status == report.status and not text:
        raise InvalidInput("Nothing to change: pick a new status or write a reply.")
    moved = status != report.status
    report.status = status
    report.addressed_version = addressed_version if status == DONE else report.addressed_version
    if text:
        report.reply, report.replied_by_id, report.replied_at = text, by, now
    report.updated_at = now
    session.add(report)
    session.flush()
    # The reporter hears about answers and closures, not about internal bookkeeping moves.
    closed = moved and status in (DONE, WONT_CHANGE)
    return TriageResult(report=report, notify=bool(text) or closed)


def group(*, session: Session, reports: Sequence[FieldReport], now: datetime) -> list[Group]:
    """Reports grouped by module, version and message; the busiest open groups first."""
    modules: dict[int, Module] = {}
    books: dict[tuple[int, int], Playbook] = {}
    groups: dict[tuple[int, int, str | None], Group] = {}
    for report in reports:
        if report.module_id not in modules:
            found = session.get(Module, report.module_id)
            assert found is not None
            modules[report.module_id] = found
        module = modules[report.module_id]
        key = (report.module_id, report.version, report.message_id)
        if key not in groups:
            bk = (report.module_id, report.version)
            if bk not in books:
                books[bk] = playbook_of(_version_row(session, module, report.version))
            groups[key] = Group(module=module, version=report.version,
                                message_id=report.message_id,
                                label=subject_label(books[bk], report.message_id))
        g = groups[key]
        g.reports.append(report)
        g.counts[report.kind] = g.counts.get(report.kind, 0) + 1
        age = as_utc(now) - as_utc(report.created_at)
        g.last_7 += age <= timedelta(days=7)
        g.prev_7 += timedelta(days=7) < age <= timedelta(days=14)
        g.last_30 += age <= timedelta(days=30)
    return sorted(groups.values(), key=lambda g: (g.module.title, -g.version, -g.open, -g.total))


def require_triager(*, can_triage: bool) -> None:
    """Triage is marketing's job; managers read their teams' reports only."""
    if not can_triage:
        raise NotPermitted("Only marketing and admins can triage field reports.")
