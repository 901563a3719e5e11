"""Learning records out: xAPI statements built from what reps did, kept in an outbox and
sent to a Learning Record Store when one is configured.

Statements are built from the event tables themselves (drill review logs, scored pitch
attempts, decided manager reviews, certification events into "certified") by a periodic
job, not by hooks in the services that write those rows: a crash between writing the
event and writing its statement cannot lose the statement, because the next run finds
the event without one (an anti-join on the outbox's unique source key). Drill answers,
nearly all of the events, also have theirs built as they are given and written in small
batches (app/xapi_buffer.py), so the job rarely finds many; it stays the backstop.

Delivery is at-least-once and duplicate-free: each statement has a deterministic UUID
and is PUT to the LRS under that id, so sending it again (after a crash between the
LRS answering and the outbox being marked) is a no-op at the LRS (204, or 409 for an id
it already holds). Failures are retried with exponential backoff and never given up on.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, exists, func, literal
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import Database
from app.settings import Settings
from app.xapi_models import XapiStatement
from certification import state as cert_state
from certification.models import Certification, CertificationEvent, CertificationRule, Review
from drills.attempt_models import DONE, PitchAttempt
from drills.drill_models import Drill, DrillReview
from drills.models import PUBLISHED, Module, ModuleVersion
from drills.scheduling import as_utc
from drills.scoring import stored_result

log = logging.getLogger("onmessage.xapi")

XAPI_VERSION = "1.0.3"
# A fixed namespace: the same event in the same deployment always gets the same id.
_NAMESPACE = uuid.UUID("8f0c2a52-4a3e-5c1b-9d2e-6f6e6d657373")

# ADL verbs (http://adlnet.gov/expapi/verbs/), the vocabulary every LRS report knows.
VERBS: dict[str, tuple[str, str]] = {
    "answered": ("http://adlnet.gov/expapi/verbs/answered", "answered"),
    "scored": ("http://adlnet.gov/expapi/verbs/scored", "scored"),
    "passed": ("http://adlnet.gov/expapi/verbs/passed", "passed"),
    "failed": ("http://adlnet.gov/expapi/verbs/failed", "failed"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "completed"),
}
ACTIVITY_TYPES = {
    "module": "http://adlnet.gov/expapi/activities/course",
    "version": "http://adlnet.gov/expapi/activities/module",
    "drill": "http://adlnet.gov/expapi/activities/question",
    "pitch": "http://adlnet.gov/expapi/activities/performance",
    "message": "http://adlnet.gov/expapi/activities/objective",
}

DRILL_REVIEW = "drill_review"
PITCH_ATTEMPT = "pitch_attempt"
REVIEW = "review"
CERTIFICATION = "certification"
SOURCE_KINDS = (DRILL_REVIEW, PITCH_ATTEMPT, REVIEW, CERTIFICATION)

BATCH = 1000  # statements built (or sent) per round; rounds repeat until none are left
BACKOFF_FIRST_S = 30.0
BACKOFF_MAX_S = 6 * 3600.0
DELIVERED = (200, 204, 409)  # 409: the LRS already holds this id (sent before a crash)


def _iso(at: datetime) -> str:
    # SQLite hands datetimes back naive; every stored datetime is UTC.
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statement_id(*, base_url: str, kind: str, source_id: int) -> str:
    """The deterministic id of the statement for one source event."""
    return str(uuid.uuid5(_NAMESPACE, f"{base_url.rstrip('/')}|{kind}:{source_id}"))


# --- building statements ---------------------------------------------------------------


@dataclass
class Catalog:
    """Modules and their published versions, loaded once per run (or, for one module, per
    drill answer: see `module_catalog`)."""

    base: str
    modules: dict[int, tuple[str, str]] = field(default_factory=dict)  # slug, title
    versions: dict[int, ModuleVersion] = field(default_factory=dict)
    timeline: dict[int, list[tuple[datetime, int]]] = field(default_factory=dict)
    pass_marks: dict[int, int] = field(default_factory=dict)
    _drill_parts: dict[tuple[int, int | None], tuple[dict[str, Any], dict[str, Any]]] = field(
        default_factory=dict)

    @classmethod
    def load(cls, session: Session, base_url: str) -> Catalog:
        cat = cls(base=base_url.rstrip("/"))
        cat.modules = {module_id or 0: (slug, title) for module_id, slug, title
                       in session.exec(select(Module.id, Module.slug, Module.title))}
        for v in session.exec(select(ModuleVersion).where(ModuleVersion.status == PUBLISHED)
                              .order_by(col(ModuleVersion.published_at))).all():
            cat.versions[v.id or 0] = v
            if v.published_at is not None:
                cat.timeline.setdefault(v.module_id, []).append(
                    (_naive(v.published_at), v.version))
        cat.pass_marks = {r.module_version_id: r.pitch_score
                          for r in session.exec(select(CertificationRule)).all()}
        return cat

    def version_at(self, module_id: int, at: datetime) -> int | None:
        """The module's newest version published by `at` (what a drill review was on)."""
        line = self.timeline.get(module_id, [])
        i = bisect_right([t for t, _ in line], _naive(at))
        return line[i - 1][1] if i else (line[0][1] if line else None)

    def drill_parts(self, drill_id: int, module_id: int, version: int | None, kind: str,
                    subject: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """A drill review's object and context: the same for every review of that drill on
        that version, so built once per run and shared (statements are never changed)."""
        key = (drill_id, version)
        parts = self._drill_parts.get(key)
        if parts is None:
            slug = self.slug(module_id)
            message = self.activity(f"modules/{slug}/messages/{subject}", "message", subject)
            parts = (self.activity(f"modules/{slug}/drills/{drill_id}", "drill",
                                   f"{kind} drill: {subject}"),
                     self.context(module_id, version, other=[message]))
            self._drill_parts[key] = parts
        return parts

    def slug(self, module_id: int) -> str:
        module = self.modules.get(module_id)
        return module[0] if module else str(module_id)

    def activity(self, path: str, kind: str, name: str) -> dict[str, Any]:
        return {"objectType": "Activity", "id": f"{self.base}/xapi/activities/{path}",
                "definition": {"type": ACTIVITY_TYPES[kind], "name": {"en": name[:200]}}}

    def module_activity(self, module_id: int) -> dict[str, Any]:
        module = self.modules.get(module_id)
        return self.activity(f"modules/{self.slug(module_id)}", "module",
                             module[1] if module else self.slug(module_id))

    def version_activity(self, module_id: int, version: int | None) -> dict[str, Any]:
        module = self.modules.get(module_id)
        title = module[1] if module else self.slug(module_id)
        return self.activity(f"modules/{self.slug(module_id)}/versions/{version or 0}",
                             "version", f"{title} v{version or 0}")

    def actor(self, user_id: int) -> dict[str, Any]:
        # An account on this deployment, not an email: pseudonymous, and stable when a
        # person's address changes.
        return {"objectType": "Agent", "account": {"homePage": self.base, "name": str(user_id)}}

    def context(self, module_id: int, version: int | None,
                other: Sequence[dict[str, Any]] = (),
                instructor: int | None = None) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "platform": "OnMessage",
            "language": "en",
            "contextActivities": {
                "parent": [self.version_activity(module_id, version)],
                "grouping": [self.module_activity(module_id)],
            },
            "extensions": {
                f"{self.base}/xapi/extensions/module": self.slug(module_id),
                f"{self.base}/xapi/extensions/module-version": version,
            },
        }
        if other:
            ctx["contextActivities"]["other"] = list(other)
        if instructor is not None:
            ctx["instructor"] = self.actor(instructor)
        return ctx

    def statement(self, *, kind: str, source_id: int, user_id: int, verb: str,
                  obj: dict[str, Any], result: dict[str, Any], context: dict[str, Any],
                  at: datetime) -> dict[str, Any]:
        iri, display = VERBS[verb]
        return {"id": statement_id(base_url=self.base, kind=kind, source_id=source_id),
                "actor": self.actor(user_id),
                "verb": {"id": iri, "display": {"en-US": display}},
                "object": obj, "result": result, "context": context,
                "timestamp": _iso(at)}


def _naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def _score(raw: float, *, low: float = 0, high: float = 100) -> dict[str, float]:
    return {"scaled": round(max(0.0, min(1.0, (raw - low) / (high - low))), 4), "raw": raw,
            "min": low, "max": high}


def _missing(kind: str, id_col: Any) -> Any:
    """No outbox row yet for this source row (uses the unique source index)."""
    return ~exists().where(col(XapiStatement.source_kind) == literal(kind),
                           col(XapiStatement.source_id) == id_col)


# Drill reviews are nearly all of the events (one per card answered), so they are read as
# plain rows, not ORM objects, and the drill's payload is not loaded at all.
_DRILL_REVIEW_COLUMNS: tuple[Any, ...] = (
    DrillReview.id, DrillReview.user_id, DrillReview.rating, DrillReview.reviewed_at,
    DrillReview.duration_ms, DrillReview.source, DrillReview.answer, DrillReview.correct,
    DrillReview.score, Drill.id, Drill.module_id, Drill.subject, Drill.kind)
_DRILL_REVIEWS = (
    sa_select(*_DRILL_REVIEW_COLUMNS).join(Drill, col(Drill.id) == DrillReview.drill_id)
    .where(col(DrillReview.id) > bindparam("after"), _missing(DRILL_REVIEW, DrillReview.id),
           col(DrillReview.reviewed_at) < bindparam("before"))
    .order_by(col(DrillReview.id)).limit(bindparam("limit")))
_NO_CUTOFF = datetime(9999, 1, 1, tzinfo=UTC)


def _drill_review_item(cat: Catalog, row: Sequence[Any]) -> dict[str, Any]:
    (review_id, user_id, rating, reviewed_at, duration_ms, source, answer, correct, score,
     drill_id, module_id, subject, kind) = row
    version = cat.version_at(module_id, reviewed_at)
    # A self-rated tap has no right answer: Again (1) is a miss, Hard..Easy a recall.
    success = correct if correct is not None else rating > 1
    result: dict[str, Any] = {"success": success, "extensions": {
        f"{cat.base}/xapi/extensions/rating": rating,
        f"{cat.base}/xapi/extensions/answer-source": source}}
    if score is not None:
        result["score"] = _score(float(score))
    else:
        result["score"] = _score(float(rating), low=1, high=4)
    if answer:
        result["response"] = answer[:500]
    if duration_ms is not None:
        result["duration"] = f"PT{duration_ms / 1000:.2f}S"
    obj, context = cat.drill_parts(drill_id, module_id, version, kind, subject)
    return dict(kind=DRILL_REVIEW, source_id=review_id, user_id=user_id, verb="answered",
                at=reviewed_at, obj=obj, result=result, context=context)


def _drill_reviews(session: Session, cat: Catalog, after: int, limit: int,
                   before: datetime | None = None) -> list[dict[str, Any]]:
    rows = session.execute(_DRILL_REVIEWS, {"after": after, "limit": limit,
                                            "before": before or _NO_CUTOFF}).all()
    return [_drill_review_item(cat, row) for row in rows]


def _pitch_object(cat: Catalog, attempt: PitchAttempt, version: int | None) -> dict[str, Any]:
    slug = cat.slug(attempt.module_id)
    if attempt.pitch_id:
        return cat.activity(f"modules/{slug}/versions/{version or 0}/pitches/{attempt.pitch_id}",
                            "pitch", f"pitch {attempt.pitch_id}")
    if attempt.drill_id:
        return cat.activity(f"modules/{slug}/drills/{attempt.drill_id}", "drill",
                            f"spoken drill {attempt.drill_id}")
    return cat.version_activity(attempt.module_id, version)


def _covered(attempt: PitchAttempt) -> list[str]:
    return list(stored_result(attempt.result).covered_ids)


def _pitch_attempts(session: Session, cat: Catalog, after: int,
                    limit: int) -> list[dict[str, Any]]:
    rows = session.exec(select(PitchAttempt)
                        .where(col(PitchAttempt.id) > after, PitchAttempt.status == DONE,
                               col(PitchAttempt.score).is_not(None),
                               _missing(PITCH_ATTEMPT, PitchAttempt.id))
                        .order_by(col(PitchAttempt.id)).limit(limit)).all()
    out = []
    for attempt in rows:
        mv = cat.versions.get(attempt.module_version_id)
        version = mv.version if mv else None
        score = float(attempt.score or 0)
        result: dict[str, Any] = {"score": _score(score), "completion": True, "extensions": {
            f"{cat.base}/xapi/extensions/messages-covered": _covered(attempt)}}
        mark = cat.pass_marks.get(attempt.module_version_id)
        if mark is not None:
            result["success"] = score >= mark
        if attempt.duration_s is not None:
            result["duration"] = f"PT{attempt.duration_s:.2f}S"
        out.append(dict(kind=PITCH_ATTEMPT, source_id=attempt.id or 0, user_id=attempt.user_id,
                        verb="scored", at=attempt.finished_at or attempt.updated_at,
                        obj=_pitch_object(cat, attempt, version), result=result,
                        context=cat.context(attempt.module_id, version)))
    return out


def _reviews(session: Session, cat: Catalog, after: int, limit: int) -> list[dict[str, Any]]:
    from certification.service import APPROVED, DECISIONS

    rows = session.exec(select(Review, PitchAttempt)
                        .join(PitchAttempt, col(PitchAttempt.id) == Review.attempt_id)
                        .where(col(Review.id) > after, col(Review.status).in_(DECISIONS),
                               col(Review.decided_at).is_not(None),
                               _missing(REVIEW, Review.id))
                        .order_by(col(Review.id)).limit(limit)).all()
    out = []
    for review, attempt in rows:
        mv = cat.versions.get(attempt.module_version_id)
        version = mv.version if mv else None
        approved = review.status == APPROVED
        result: dict[str, Any] = {"success": approved, "completion": True}
        if attempt.score is not None:
            result["score"] = _score(float(attempt.score))
        if review.comment:
            result["response"] = review.comment[:500]
        assert review.decided_at is not None
        out.append(dict(kind=REVIEW, source_id=review.id or 0, user_id=review.user_id,
                        verb="passed" if approved else "failed", at=review.decided_at,
                        obj=_pitch_object(cat, attempt, version), result=result,
                        context=cat.context(attempt.module_id, version,
                                            instructor=review.reviewer_id)))
    return out


def _certifications(session: Session, cat: Catalog, after: int,
                    limit: int) -> list[dict[str, Any]]:
    rows = session.exec(select(CertificationEvent, Certification)
                        .join(Certification,
                              col(Certification.id) == CertificationEvent.certification_id)
                        .where(col(CertificationEvent.id) > after,
                               CertificationEvent.to_state == cert_state.CERTIFIED,
                               _missing(CERTIFICATION, CertificationEvent.id))
                        .order_by(col(CertificationEvent.id)).limit(limit)).all()
    out = []
    for event, cert in rows:
        version = cert.certified_version or cert.version
        result: dict[str, Any] = {"success": True, "completion": True, "extensions": {
            f"{cat.base}/xapi/extensions/valid-until":
                _iso(cert.valid_until) if cert.valid_until else None}}
        if cert.best_score is not None:
            result["score"] = _score(float(cert.best_score))
        out.append(dict(kind=CERTIFICATION, source_id=event.id or 0, user_id=cert.user_id,
                        verb="completed", at=event.at,
                        obj=cat.version_activity(cert.module_id, version), result=result,
                        context=cat.context(cert.module_id, version,
                                            instructor=event.by_id)))
    return out


# A module's slug and title with each published version (one row per version, or one
# with no version), in one round trip.
_TIMELINE_COLUMNS: tuple[Any, ...] = (Module.slug, Module.title, ModuleVersion.published_at,
                                      ModuleVersion.version)
_MODULE_TIMELINE = (
    sa_select(*_TIMELINE_COLUMNS).select_from(Module)
    .outerjoin(ModuleVersion, (col(ModuleVersion.module_id) == Module.id)
               & (col(ModuleVersion.status) == PUBLISHED)
               & col(ModuleVersion.published_at).is_not(None))
    .where(col(Module.id) == bindparam("module_id"))
    .order_by(col(ModuleVersion.published_at)))


def module_catalog(*, session: Session, base_url: str, module_id: int) -> Catalog:
    """What statements about one module's drills need (see `drill_review_row`), read once
    per batch of answers (`pending_rows`)."""
    cat = Catalog(base=base_url.rstrip("/"))
    rows = session.execute(_MODULE_TIMELINE, {"module_id": module_id}).all()
    if rows:
        cat.modules[module_id] = (rows[0][0], rows[0][1])
    cat.timeline[module_id] = [(_naive(at), version) for _slug, _title, at, version in rows
                               if at is not None]
    return cat


@dataclass(frozen=True)
class PendingReview:
    """A drill review just logged, whose statement is built when its batch is written
    (with one module catalog per batch, not a read per answer)."""

    review: Mapping[str, Any]
    drill: Drill
    now: datetime


def pending_rows(session: Session, base_url: str,
                 pending: Sequence[PendingReview]) -> list[dict[str, Any]]:
    """The outbox rows of these reviews, each module's catalog read once."""
    catalogs: dict[int, Catalog] = {}
    rows = []
    for p in pending:
        module_id = p.drill.module_id
        if module_id not in catalogs:
            catalogs[module_id] = module_catalog(session=session, base_url=base_url,
                                                 module_id=module_id)
        rows.append(drill_review_row(catalogs[module_id], p.review, p.drill, p.now))
    return rows


def drill_review_row(cat: Catalog, review: Mapping[str, Any], drill: Drill,
                     now: datetime) -> dict[str, Any]:
    """The outbox row for a drill review just logged (its column values, with its id):
    built exactly as the periodic job builds it from the table (see app/xapi_buffer.py)."""
    row = (review["id"], review["user_id"], review["rating"], review["reviewed_at"],
           review["duration_ms"], review["source"], review["answer"], review["correct"],
           review["score"], drill.id, drill.module_id, drill.subject, drill.kind)
    return _row(cat, _drill_review_item(cat, row), now)


_BUILDERS: dict[str, Callable[[Session, Catalog, int, int], list[dict[str, Any]]]] = {
    DRILL_REVIEW: _drill_reviews, PITCH_ATTEMPT: _pitch_attempts, REVIEW: _reviews,
    CERTIFICATION: _certifications}


@dataclass
class _Scan:
    """How far one run has looked through each kind of event (by source id, ascending):
    each round carries on from there instead of re-checking what it already passed."""

    after: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_BUILDERS, 0))
    done: set[str] = field(default_factory=set)
    # Drill reviews answered at or after this are left to the request path's buffer
    # (app/xapi_buffer.py), which writes them within a second (None: take every one).
    reviews_before: datetime | None = None

    @property
    def finished(self) -> bool:
        return len(self.done) == len(_BUILDERS)


def _row(cat: Catalog, it: dict[str, Any], now: datetime) -> dict[str, Any]:
    stmt = cat.statement(kind=it["kind"], source_id=it["source_id"], user_id=it["user_id"],
                         verb=it["verb"], obj=it["obj"], result=it["result"],
                         context=it["context"], at=it["at"])
    return {"id": stmt["id"], "source_kind": it["kind"], "source_id": it["source_id"],
            "user_id": it["user_id"], "verb": VERBS[it["verb"]][0], "timestamp": it["at"],
            "statement": stmt, "created_at": now, "attempts": 0}


def _build_rows(session: Session, cat: Catalog, now: datetime, max_rows: int,
                scan: _Scan) -> list[dict[str, Any]]:
    """Statements for up to `max_rows` events that have none yet, continuing `scan`
    (reads only)."""
    rows: list[dict[str, Any]] = []
    for kind, build in _BUILDERS.items():
        room = max_rows - len(rows)
        if room <= 0:
            break
        if kind in scan.done:
            continue
        items = (_drill_reviews(session, cat, scan.after[kind], room, scan.reviews_before)
                 if kind == DRILL_REVIEW else build(session, cat, scan.after[kind], room))
        if items:
            scan.after[kind] = items[-1]["source_id"]
        if len(items) < room:
            scan.done.add(kind)
        rows += (_row(cat, it, now) for it in items)
    return rows


_INSERTS = {  # ON CONFLICT DO NOTHING: see `store`
    "sqlite": sqlite_insert(XapiStatement.__table__).on_conflict_do_nothing(),  # type: ignore[attr-defined]
    "postgresql": pg_insert(XapiStatement.__table__).on_conflict_do_nothing(),  # type: ignore[attr-defined]
}


def store(session: Session, rows: list[dict[str, Any]]) -> None:
    # Rows another process added meanwhile are skipped, so two concurrent runs can neither
    # duplicate nor fail. One statement run for many rows: built and compiled once.
    session.execute(_INSERTS[session.get_bind().dialect.name], rows)
    session.flush()


def collect(*, session: Session, base_url: str, now: datetime, limit: int = BATCH) -> int:
    """Build and store statements for every event that has none yet, in this session's
    transaction; returns how many rows were added."""
    cat = Catalog.load(session, base_url)
    scan = _Scan()
    added = 0
    while not scan.finished:
        rows = _build_rows(session, cat, now, limit, scan)
        if rows:
            store(session, rows)
        added += len(rows)
    return added


def export(*, session: Session, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """Every recorded statement (optionally those timestamped at or after `since`), oldest
    first; streamed in pages so a large outbox is not loaded at once."""
    last: tuple[datetime, str] | None = None
    while True:
        q = select(XapiStatement.timestamp, XapiStatement.id, XapiStatement.statement)
        if since is not None:
            q = q.where(col(XapiStatement.timestamp) >= since)
        if last is not None:
            q = q.where((col(XapiStatement.timestamp) > last[0])
                        | ((col(XapiStatement.timestamp) == last[0])
                           & (col(XapiStatement.id) > last[1])))
        page = session.exec(q.order_by(col(XapiStatement.timestamp), col(XapiStatement.id))
                            .limit(BATCH)).all()
        for _at, _id, stmt in page:
            yield dict(stmt)
        if len(page) < BATCH:
            return
        last = (page[-1][0], page[-1][1])


# --- sending ---------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # still unsent after this run (due later or not reached)
    errors: list[str] = field(default_factory=list)


def statements_endpoint(lrs_url: str) -> str:
    url = lrs_url.rstrip("/")
    return url if url.endswith("/statements") else f"{url}/statements"


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min... 6 h."""
    return timedelta(seconds=min(BACKOFF_FIRST_S * 2 ** max(attempts - 1, 0), BACKOFF_MAX_S))


class LrsUnreachable(Exception):
    """The LRS did not answer at all: stop this run, the rest wait for the next."""


def _put(settings: Settings, stmt_id: str, statement: Mapping[str, Any]) -> int:
    assert settings.lrs_url
    url = f"{statements_endpoint(settings.lrs_url)}?statementId={stmt_id}"
    req = urllib.request.Request(url, method="PUT", data=json.dumps(statement).encode(),
                                 headers={"Content-Type": "application/json",
                                          "X-Experience-API-Version": XAPI_VERSION})
    if settings.lrs_username is not None:
        pair = f"{settings.lrs_username}:{settings.lrs_password or ''}".encode()
        req.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
    try:
        with urllib.request.urlopen(req, timeout=settings.lrs_timeout_s) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError) as exc:
        raise LrsUnreachable(str(getattr(exc, "reason", exc))) from exc


def send_pending(*, db: Database, now: Callable[[], datetime], limit: int = BATCH,
                 rounds: int = 10) -> SendResult:
    """PUT due, unsent statements to the configured LRS and record what happened.

    The HTTP calls happen outside any transaction (SQLite's write lock is not held while
    waiting on the network); each outcome is written right after its call.
    """
    settings = db.settings
    result = SendResult()
    if not settings.lrs_url:
        return result
    # Up to `rounds` pages per run: a backlog drains in minutes, yet one run stays short.
    for _ in range(rounds):
        with db.session() as s:
            due_at = now()
            rows = s.exec(select(XapiStatement.id, XapiStatement.statement,
                                 XapiStatement.attempts)
                          .where(col(XapiStatement.sent_at).is_(None),
                                 (col(XapiStatement.next_attempt_at).is_(None))
                                 | (col(XapiStatement.next_attempt_at) <= due_at))
                          .order_by(col(XapiStatement.timestamp), col(XapiStatement.id))
                          .limit(limit)).all()
        unreachable = False
        for stmt_id, statement, attempts in rows:
            error: str | None = None
            try:
                status = _put(settings, stmt_id, statement)
                if status not in DELIVERED:
                    error = f"LRS answered {status}"
            except LrsUnreachable as exc:
                error = f"LRS unreachable: {exc}"
                unreachable = True
            _record(db, stmt_id, attempts=attempts + 1, error=error, at=now())
            if error is None:
                result.sent += 1
                continue
            result.failed += 1
            result.errors.append(error)
            if unreachable:
                break  # the rest would fail the same way; they stay due for the next run
        if unreachable or len(rows) < limit:
            break
    with db.session() as s:
        result.waiting = int(s.exec(select(func.count()).select_from(XapiStatement).where(
            col(XapiStatement.sent_at).is_(None))).one())
    return result


def _record(db: Database, stmt_id: str, *, attempts: int, error: str | None,
            at: datetime) -> None:
    with db.session(write=True) as s:
        row = s.get(XapiStatement, stmt_id)
        if row is None:
            return
        row.attempts = attempts
        if error is None:
            row.sent_at, row.last_error, row.next_attempt_at = at, None, None
        else:
            row.last_error = error[:2000]
            row.next_attempt_at = at + backoff(attempts)
        s.add(row)
        s.commit()


# Statements built per write transaction by the periodic job: the statements are built
# while only reading, and each slice is then written in a short turn, so drill answers
# never wait long behind a backlog (SQLite has a single writer).
SLICE = 100
BUFFER_GRACE = timedelta(seconds=30)  # far longer than the buffer takes to write

# With SQLite, how far earlier runs of this process got through drill reviews, per
# database. Reviews are only ever added, and SQLite's single writer commits them in id
# order, so no review can appear below that point later: a run starts there instead of
# re-checking every review ever given (which grew with the history, once per run). The
# first run of a process checks them all. PostgreSQL hands out ids before commit, so a
# smaller id can appear after a larger one: it checks them all every run, in the
# database, in one pass.
_SQLITE_REVIEWS_DONE: WeakKeyDictionary[Engine, int] = WeakKeyDictionary()
_NEWEST_REVIEW = select(func.max(DrillReview.id))


def flush(*, db: Database, now: Callable[[], datetime]) -> tuple[int, SendResult]:
    """Build statements for new events, then send what is due (the periodic job)."""
    added = 0
    # The backstop for answers whose buffered statement a dead process lost: under load,
    # chasing the answers of the last seconds (whose statements the buffer is about to
    # write) kept one database connection busy for seconds every minute, re-scanning the
    # reviews each round, and stalled the answers being served meanwhile.
    scan = _Scan(reviews_before=as_utc(now()) - BUFFER_GRACE)
    newest: int | None = None
    with db.session() as s:
        cat = Catalog.load(s, db.settings.base_url)
        if db.is_sqlite:
            scan.after[DRILL_REVIEW] = _SQLITE_REVIEWS_DONE.get(db.engine, 0)
            newest = s.execute(_NEWEST_REVIEW.where(
                col(DrillReview.reviewed_at) < scan.reviews_before)).scalar_one_or_none()
    while not scan.finished:
        started = time.perf_counter()
        with db.session() as s:
            rows = _build_rows(s, cat, now(), SLICE, scan)
        if rows:
            with db.background_write_turn(), db.session(write=True) as s:
                store(s, rows)
                s.commit()
        added += len(rows)
        if not scan.finished:
            # This runs in a thread of a web process and shares its interpreter lock with
            # the requests: rest twice as long as the slice took, so a backlog of thousands
            # of statements takes at most a third of the process's time while it is built.
            time.sleep(2 * (time.perf_counter() - started))
    if newest is not None:  # every review up to it now has its statement
        _SQLITE_REVIEWS_DONE[db.engine] = newest
    return added, send_pending(db=db, now=now)


def outbox_counts(*, session: Session) -> dict[str, int]:
    """Statements recorded, sent and waiting (for the CLI)."""
    total = int(session.exec(select(func.count()).select_from(XapiStatement)).one())
    unsent = int(session.exec(select(func.count()).select_from(XapiStatement).where(
        col(XapiStatement.sent_at).is_(None))).one())
    return {"recorded": total, "sent": total - unsent, "waiting": unsent}


__all__ = ["SOURCE_KINDS", "SendResult", "collect", "export", "flush", "send_pending",
           "statement_id"]
