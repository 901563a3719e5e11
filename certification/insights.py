"""Adoption insights per module version: the funnel over time, message strength, drift in
pitches, how reps phrase each message, CSV tables and server-rendered SVG charts.

Everything is read-only and computed from rows the product already keeps (launches, drill
reviews and cards, scored pitch attempts, certifications, manager reviews). Each page is a
handful of grouped queries plus one pass over the version's scored results, so the cost
grows with one module's activity, not the organisation's.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from certification import service
from certification import state as st
from certification.models import Certification, Review
from drills.attempt_models import DONE, PitchAttempt
from drills.drill_models import Drill, DrillCard, DrillReview
from drills.errors import InvalidInput
from drills.models import Launch, Module, ModuleVersion
from drills.modules import playbook_of
from drills.scheduling import REVIEW, as_utc
from drills.scoring import StoredMessage, StoredPhrase, stored_result
from drills.text_normalize import is_content, tokens

STAGES = ("launched", "drilling", "practising", "certified")
STAGE_LABELS = {"launched": "Launched to", "drilling": "Drilling", "practising": "Pitching",
                "certified": "Certified"}
MAX_POINTS = 16  # weekly points on the funnel chart (the most recent ones if older)
NGRAM_SIZES = (3, 4, 5, 6, 7, 8)
TOP_PHRASINGS = 5
# What the field-report column says while no field-report table exists to count from.
NO_FIELD_REPORTS = "no field reports yet"


# --- scope ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which version, teams and reps an insights view covers."""

    module: Module
    version: ModuleVersion
    team_ids: frozenset[int]
    rep_team: dict[int, int]  # rep user id -> team id
    launched_at: dict[int, datetime]  # team id -> first launch of this version
    all_teams: bool  # authors: every team the version went to (no per-rep filter needed)

    @property
    def first_launch(self) -> datetime | None:
        return min(self.launched_at.values()) if self.launched_at else None

    def rep_launched(self, user_id: int) -> datetime | None:
        team = self.rep_team.get(user_id)
        return self.launched_at.get(team) if team is not None else None


def scope_for(*, session: Session, module: Module, version: ModuleVersion,
              team_ids: Iterable[int] | None) -> Scope:
    """The teams this version was launched to (limited to `team_ids`), and their reps."""
    query = (sa_select(col(Launch.team_id), func.min(Launch.launched_at))
             .where(col(Launch.module_version_id) == version.id)
             .group_by(col(Launch.team_id)))
    wanted = None if team_ids is None else set(team_ids)
    if wanted is not None:
        query = query.where(col(Launch.team_id).in_(list(wanted) or [-1]))
    launched = {int(t): as_utc(at) for t, at in session.execute(query).all()}
    reps = service.reps_of_teams(session=session, team_ids=launched)
    return Scope(module=module, version=version, team_ids=frozenset(launched),
                 rep_team=dict(reps), launched_at=launched, all_teams=wanted is None)


def readable_team_ids(*, session: Session, module_id: int, team_ids: Iterable[int]) -> set[int]:
    """Of these teams, those any version of the module was launched to."""
    ids = list(set(team_ids))
    if not ids:
        return set()
    return {int(t) for t in session.execute(
        sa_select(col(Launch.team_id)).distinct()
        .where(col(Launch.module_id) == module_id, col(Launch.team_id).in_(ids))).scalars()}


def launched_versions(*, session: Session, module_id: int,
                      team_ids: Iterable[int] | None) -> list[ModuleVersion]:
    """Versions of the module launched to any of these teams (None: to any team), newest
    first."""
    query = (sa_select(ModuleVersion).where(
        col(ModuleVersion.id).in_(sa_select(col(Launch.module_version_id)).where(
            col(Launch.module_id) == module_id,
            *([col(Launch.team_id).in_(list(team_ids) or [-1])] if team_ids is not None
              else [])))).order_by(col(ModuleVersion.version).desc()))
    return list(session.execute(query).scalars())


# --- the funnel ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Funnel:
    """How many reps reached each stage now, and the share at each stage week by week."""

    reps: int
    counts: dict[str, int]
    series: dict[str, list[tuple[datetime, float]]]

    def share(self, stage: str) -> float:
        return self.counts.get(stage, 0) / self.reps if self.reps else 0.0


def _in_version(version: int) -> Any:
    """Drills that belong to this version: since <= version < until (or still current)."""
    return and_(col(Drill.since_version) <= version,
                or_(col(Drill.until_version).is_(None), col(Drill.until_version) > version))


def _rep_filter(scope: Scope, column: Any) -> list[Any]:
    # Authors read every launched team: filtering rows by 2,000 ids costs more than dropping
    # the few rows of reps outside the launch in Python.
    return [] if scope.all_teams else [column.in_(list(scope.rep_team) or [-1])]


def _points(start: datetime | None, now: datetime) -> list[datetime]:
    if start is None:
        return [now]
    weeks = max(1, math.ceil((now - start) / timedelta(weeks=1)))
    weeks = min(weeks, MAX_POINTS - 1)
    return [now - timedelta(weeks=weeks - i) for i in range(weeks + 1)]


def funnel(*, session: Session, scope: Scope, now: datetime) -> Funnel:
    """Launched -> drilling -> practising -> certified: each rep's first moment per stage."""
    vid, number = scope.version.id, scope.version.version
    first_review = dict(session.execute(
        sa_select(col(DrillReview.user_id), func.min(DrillReview.reviewed_at))
        .join(Drill, col(Drill.id) == DrillReview.drill_id)
        .where(col(Drill.module_id) == scope.module.id, _in_version(number),
               *_rep_filter(scope, col(DrillReview.user_id)))
        .group_by(col(DrillReview.user_id))).tuples().all())
    first_attempt = dict(session.execute(
        sa_select(col(PitchAttempt.user_id), func.min(PitchAttempt.created_at))
        .where(col(PitchAttempt.module_version_id) == vid, col(PitchAttempt.status) == DONE,
               *_rep_filter(scope, col(PitchAttempt.user_id)))
        .group_by(col(PitchAttempt.user_id))).tuples().all())
    certified = dict(session.execute(
        sa_select(col(Certification.user_id), col(Certification.certified_at))
        .where(col(Certification.module_id) == scope.module.id,
               col(Certification.state).in_(st.HOLDS),
               col(Certification.certified_at).is_not(None),
               *_rep_filter(scope, col(Certification.user_id)))).tuples().all())
    reached: dict[str, list[datetime]] = {s: [] for s in STAGES}
    for user_id in scope.rep_team:
        launched = scope.rep_launched(user_id)
        if launched is None:
            continue
        reached["launched"].append(launched)
        for stage, source in (("drilling", first_review), ("practising", first_attempt),
                              ("certified", certified)):
            at = source.get(user_id)
            if at is not None:
                # A stage reached before this version's launch counts from the launch.
                reached[stage].append(max(as_utc(at), launched))
    points = _points(scope.first_launch, now)
    total = len(reached["launched"])
    series = {s: [(p, sum(1 for at in reached[s] if at <= p) / total if total else 0.0)
                  for p in points] for s in STAGES}
    return Funnel(reps=total, counts={s: len(v) for s, v in reached.items()}, series=series)


# --- scored results (one pass serves messages, drift and phrasings) ------------------------


@dataclass(frozen=True)
class Scored:
    """The parts of one scored attempt the insights read."""

    user_id: int
    at: datetime
    messages: tuple[StoredMessage, ...]
    forbidden: tuple[StoredPhrase, ...]
    retired: tuple[StoredPhrase, ...]


def scored_results(*, session: Session, scope: Scope) -> list[Scored]:
    """Every scored attempt on this version by the scope's reps."""
    rows = session.execute(
        sa_select(col(PitchAttempt.user_id), col(PitchAttempt.created_at),
                  col(PitchAttempt.result))
        .where(col(PitchAttempt.module_version_id) == scope.version.id,
               col(PitchAttempt.status) == DONE,
               *_rep_filter(scope, col(PitchAttempt.user_id)))).all()
    out = []
    for user_id, at, result in rows:
        if user_id not in scope.rep_team or not isinstance(result, dict):
            continue
        try:
            typed = stored_result(result)
        except InvalidInput:
            continue  # one unreadable result must not take the team's insights down
        out.append(Scored(user_id=int(user_id), at=as_utc(at), messages=typed.messages,
                          forbidden=typed.forbidden, retired=typed.retired))
    return out


# --- per message ---------------------------------------------------------------------------


@dataclass
class MessageRow:
    """How one message of the version is doing, across the scope's reps."""

    id: str
    statement: str
    pitched: int = 0  # scored attempts whose pitch asked for this message
    conveyed: int = 0
    drill_reviews: int = 0
    drill_reps: int = 0
    review_reviews: int = 0  # drill reviews of cards already in review (lapse base)
    lapses: int = 0
    difficulty: float | None = None  # mean FSRS difficulty (1-10) of reviewed cards
    judgements: int = 0  # manager decisions that saw the machine's call on it
    overrides: int = 0
    field_reports: int | None = None  # None: there is no field-report data to count

    @property
    def convey_rate(self) -> float | None:
        return self.conveyed / self.pitched if self.pitched else None

    @property
    def lapse_rate(self) -> float | None:
        return self.lapses / self.review_reviews if self.review_reviews else None

    @property
    def override_rate(self) -> float | None:
        return self.overrides / self.judgements if self.judgements else None

    @property
    def weakness(self) -> float:
        """0 (strong) to 1 (weak): the mean of the signals this message has data for.

        Missed in pitches, forgotten in drills, hard on the schedule, and judged wrongly by
        the machine each point at a message that does not land or is not said clearly.
        """
        parts = [v for v in (
            None if self.convey_rate is None else 1 - self.convey_rate,
            self.lapse_rate,
            None if self.difficulty is None else (self.difficulty - 1) / 9,
            self.override_rate) if v is not None]
        return sum(parts) / len(parts) if parts else 0.0


def _drill_stats(session: Session, scope: Scope) -> tuple[dict[str, tuple[int, int, int, int]],
                                                          dict[str, float]]:
    as_review = case((col(DrillReview.state_before) == REVIEW, 1), else_=0)
    lapsed = case(((col(DrillReview.state_before) == REVIEW) & (col(DrillReview.rating) == 1),
                   1), else_=0)
    logs = session.execute(
        sa_select(col(Drill.subject), func.count(), func.sum(as_review), func.sum(lapsed),
                  func.count(func.distinct(DrillReview.user_id)))
        .join(Drill, col(Drill.id) == DrillReview.drill_id)
        .where(col(Drill.module_id) == scope.module.id, _in_version(scope.version.version),
               *_rep_filter(scope, col(DrillReview.user_id)))
        .group_by(col(Drill.subject))).all()
    stats = {s: (int(n), int(r or 0), int(lp or 0), int(u)) for s, n, r, lp, u in logs}
    difficulty = session.execute(
        sa_select(col(Drill.subject), func.avg(DrillCard.difficulty))
        .join(Drill, col(Drill.id) == DrillCard.drill_id)
        .where(col(Drill.module_id) == scope.module.id, _in_version(scope.version.version),
               col(DrillCard.reviews) > 0, *_rep_filter(scope, col(DrillCard.user_id)))
        .group_by(col(Drill.subject))).all()
    return stats, {s: float(d) for s, d in difficulty if d is not None}


def field_report_counts(*, session: Session, scope: Scope) -> dict[str, int] | None:
    """Field reports per message id; None while the product keeps no field reports."""
    try:
        from drills.field_report_models import FieldReport
    except ImportError:
        # Field reports ship separately: without their table there is nothing to count,
        # and the page says so rather than showing zeros that look like good news.
        return None
    query = (sa_select(col(FieldReport.message_id), func.count())
             .where(col(FieldReport.module_id) == scope.module.id,
                    col(FieldReport.version) == scope.version.version,
                    col(FieldReport.message_id).is_not(None))
             .group_by(col(FieldReport.message_id)))
    if not scope.all_teams:
        query = query.where(col(FieldReport.team_id).in_(list(scope.team_ids) or [-1]))
    return {str(m): int(n) for m, n in session.execute(query).all()}


def message_rows(*, session: Session, scope: Scope,
                 results: Sequence[Scored]) -> list[MessageRow]:
    """Per message of the version, ranked weakest first."""
    playbook = playbook_of(scope.version)
    rows = {m.id: MessageRow(id=m.id, statement=m.statement) for m in playbook.messages}
    for res in results:
        for m in res.messages:
            row = rows.get(m.id)
            if row is not None:
                row.pitched += 1
                row.conveyed += m.covered
    stats, difficulty = _drill_stats(session, scope)
    for subject, (n, in_review, lapses, reps) in stats.items():
        if subject in rows:
            r = rows[subject]
            r.drill_reviews, r.review_reviews, r.lapses, r.drill_reps = n, in_review, lapses, reps
    for subject, d in difficulty.items():
        if subject in rows:
            rows[subject].difficulty = d
    decided = session.execute(
        sa_select(col(Review.team_id), col(Review.machine), col(Review.overrides))
        .join(PitchAttempt, col(PitchAttempt.id) == Review.attempt_id)
        .where(col(Review.module_id) == scope.module.id,
               col(Review.status).in_(service.DECISIONS),
               col(PitchAttempt.module_version_id) == scope.version.id)).all()
    for team_id, machine, overrides in decided:
        if team_id not in scope.team_ids:
            continue
        for msg in machine or {}:
            if msg in rows:
                rows[msg].judgements += 1
                # The review keeps only disagreements as overrides (service.decide).
                rows[msg].overrides += msg in (overrides or {})
    reports = field_report_counts(session=session, scope=scope)
    if reports is not None:
        for r in rows.values():
            r.field_reports = reports.get(r.id, 0)
    order = {m.id: i for i, m in enumerate(playbook.messages)}
    return sorted(rows.values(), key=lambda r: (-r.weakness, order[r.id]))


# --- drift ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriftWeek:
    week: int  # weeks since the version's first launch (0 = launch week)
    attempts: int
    forbidden: int  # attempts with at least one forbidden phrase
    retired: int  # attempts with at least one retired phrase

    @property
    def forbidden_rate(self) -> float:
        return self.forbidden / self.attempts if self.attempts else 0.0

    @property
    def retired_rate(self) -> float:
        return self.retired / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class DriftPhrase:
    kind: str  # "forbidden" | "retired"
    phrase: str
    hits: int
    attempts: int
    last_week: int


@dataclass(frozen=True)
class Drift:
    weeks: list[DriftWeek]
    phrases: list[DriftPhrase]
    trend: str  # "down" | "up" | "flat" | "too early"

    @property
    def attempts(self) -> int:
        return sum(w.attempts for w in self.weeks)


def _trend(weeks: Sequence[DriftWeek]) -> str:
    """Compare the drift rate of the later half of the weeks with the earlier half."""
    active = [w for w in weeks if w.attempts]
    if len(active) < 2:
        return "too early"
    half = len(active) // 2
    early, late = active[:half], active[half:]

    def rate(ws: Sequence[DriftWeek]) -> float:
        n = sum(w.attempts for w in ws)
        return sum(max(w.forbidden, w.retired) for w in ws) / n if n else 0.0

    before, after = rate(early), rate(late)
    # A change of under five points, or a tenth of the rate, is noise at these sizes.
    if abs(after - before) < max(0.05, 0.1 * before):
        return "flat"
    return "down" if after < before else "up"


def drift(*, scope: Scope, results: Sequence[Scored], now: datetime) -> Drift:
    """How often forbidden and retired phrases are still said, by week since launch."""
    start = scope.first_launch or now
    last = max(0, (now - start) // timedelta(weeks=1))
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    phrases: dict[tuple[str, str], list[int]] = {}
    for res in results:
        week = max(0, (res.at - start) // timedelta(weeks=1))
        t = tally[week]
        t[0] += 1
        t[1] += bool(res.forbidden)
        t[2] += bool(res.retired)
        for kind, hits in (("forbidden", res.forbidden), ("retired", res.retired)):
            seen = set()
            for hit in hits:
                phrase = hit.phrase
                p = phrases.setdefault((kind, phrase), [0, 0, 0])
                p[0] += 1
                if phrase not in seen:
                    p[1] += 1
                    seen.add(phrase)
                p[2] = max(p[2], week)
    weeks = [DriftWeek(week=w, attempts=tally[w][0], forbidden=tally[w][1],
                       retired=tally[w][2]) for w in range(int(max([last, *tally])) + 1)]
    listed = sorted((DriftPhrase(kind=k, phrase=ph, hits=v[0], attempts=v[1], last_week=v[2])
                     for (k, ph), v in phrases.items()), key=lambda d: (-d.hits, d.phrase))
    return Drift(weeks=weeks, phrases=listed, trend=_trend(weeks))


# --- phrasings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    text: str
    count: int  # covered attempts whose evidence contains it


@dataclass
class MessagePhrasings:
    id: str
    statement: str
    quotes: int = 0
    top: list[Phrasing] = field(default_factory=list)


def top_phrasings(quotes: Iterable[str], *, top: int = TOP_PHRASINGS,
                  min_count: int = 2) -> list[Phrasing]:
    """The most common normalised n-grams of these quotes, longest wording kept.

    Each quote counts an n-gram once; n-grams start and end on content words; an n-gram is
    dropped when a longer one containing it is said just as often, so "one click rollback"
    is not also listed as "one click".
    """
    counts: Counter[tuple[str, ...]] = Counter()
    seen: dict[str, list[str]] = {}
    for quote in quotes:
        # Reps repeat themselves: normalise each distinct quote once.
        toks = seen.get(quote)
        if toks is None:
            toks = seen[quote] = tokens(quote)
        # A phrasing starts and ends on a content word: "one console for every laptop",
        # not "console for every laptop and".
        grams = {g for n in NGRAM_SIZES for i in range(len(toks) - n + 1)
                 if is_content((g := tuple(toks[i:i + n]))[0]) and is_content(g[-1])}
        if not grams and toks:
            grams = {tuple(toks)}  # a short quote is its own phrasing
        counts.update(grams)
    frequent = {g: c for g, c in counts.items() if c >= min_count}

    def contained(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
        n = len(small)
        return any(big[i:i + n] == small for i in range(len(big) - n + 1))

    kept = [g for g, c in frequent.items()
            if not any(len(o) > len(g) and oc >= c and contained(g, o)
                       for o, oc in frequent.items())]
    kept.sort(key=lambda g: (-frequent[g], -len(g), g))
    return [Phrasing(text=" ".join(g), count=frequent[g]) for g in kept[:top]]


def phrasings(*, scope: Scope, results: Sequence[Scored]) -> list[MessagePhrasings]:
    """Per message: how reps actually say it, from the evidence quoted in covered pitches."""
    playbook = playbook_of(scope.version)
    quotes: dict[str, list[str]] = defaultdict(list)
    for res in results:
        for m in res.messages:
            if m.covered and m.evidence:
                quotes[m.id].append(m.evidence)
    return [MessagePhrasings(id=m.id, statement=m.statement, quotes=len(quotes[m.id]),
                             top=top_phrasings(quotes[m.id])) for m in playbook.messages]


# --- everything for one page ---------------------------------------------------------------


@dataclass(frozen=True)
class Insights:
    scope: Scope
    funnel: Funnel
    messages: list[MessageRow]
    drift: Drift
    phrasings: list[MessagePhrasings]
    attempts: int


def insights(*, session: Session, scope: Scope, now: datetime) -> Insights:
    """All four views of one version, reading the scored results once."""
    results = scored_results(session=session, scope=scope)
    return Insights(scope=scope, funnel=funnel(session=session, scope=scope, now=now),
                    messages=message_rows(session=session, scope=scope, results=results),
                    drift=drift(scope=scope, results=results, now=now),
                    phrasings=phrasings(scope=scope, results=results),
                    attempts=len(results))


# --- CSV -----------------------------------------------------------------------------------

TABLES = ("funnel", "messages", "drift", "phrasings")


def _csv_safe(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run a cell that starts with these as a formula: quote it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(header)
    for row in rows:
        out.writerow([_csv_safe(v) for v in row])
    return buf.getvalue()


def funnel_csv(f: Funnel) -> str:
    """One row per week: the share of reps at each stage."""
    header = ["week_of", "reps", *[f"{s}_percent" for s in STAGES]]
    points = f.series["launched"]
    return _write(header, ([p.date().isoformat(), f.reps,
                            *[_pct(f.series[s][i][1]) for s in STAGES]]
                           for i, (p, _) in enumerate(points)))


def messages_csv(rows: Sequence[MessageRow]) -> str:
    """One row per message, weakest first."""
    header = ["rank", "message_id", "statement", "pitched", "conveyed", "convey_percent",
              "drill_reviews", "drill_reps", "lapse_percent", "mean_difficulty",
              "manager_judgements", "manager_overrides", "override_percent", "field_reports",
              "weakness"]
    return _write(header, ([i + 1, r.id, r.statement, r.pitched, r.conveyed,
                            _pct(r.convey_rate), r.drill_reviews, r.drill_reps,
                            _pct(r.lapse_rate),
                            "" if r.difficulty is None else f"{r.difficulty:.2f}",
                            r.judgements, r.overrides, _pct(r.override_rate),
                            NO_FIELD_REPORTS if r.field_reports is None else r.field_reports,
                            f"{r.weakness:.3f}"] for i, r in enumerate(rows)))


def drift_csv(d: Drift) -> str:
    """One row per week since launch, then one per phrase still said."""
    weeks = _write(["week_since_launch", "attempts", "with_forbidden", "forbidden_percent",
                    "with_retired", "retired_percent"],
                   ([w.week, w.attempts, w.forbidden, _pct(w.forbidden_rate), w.retired,
                     _pct(w.retired_rate)] for w in d.weeks))
    phrases = _write(["kind", "phrase", "times_said", "attempts", "last_week_seen"],
                     ([p.kind, p.phrase, p.hits, p.attempts, p.last_week] for p in d.phrases))
    return weeks + "\r\n" + phrases


def phrasings_csv(items: Sequence[MessagePhrasings]) -> str:
    """One row per message and common phrasing."""
    return _write(["message_id", "statement", "covered_quotes", "rank", "phrasing", "count"],
                  ([m.id, m.statement, m.quotes, i + 1, p.text, p.count]
                   for m in items for i, p in enumerate(m.top)))


def table_csv(data: Insights, table: str) -> str:
    """One of TABLES as CSV."""
    if table == "funnel":
        return funnel_csv(data.funnel)
    if table == "messages":
        return messages_csv(data.messages)
    if table == "drift":
        return drift_csv(data.drift)
    if table == "phrasings":
        return phrasings_csv(data.phrasings)
    raise ValueError(table)


def to_json(data: Insights) -> dict[str, Any]:
    """The insights as plain JSON data (the API's shape)."""
    f, d = data.funnel, data.drift
    return {
        "module": data.scope.module.slug, "version": data.scope.version.version,
        "teams": sorted(data.scope.team_ids), "reps": f.reps, "scored_attempts": data.attempts,
        "funnel": {"counts": f.counts,
                   "weekly": [{"at": p.isoformat(),
                               **{s: round(f.series[s][i][1], 4) for s in STAGES}}
                              for i, (p, _) in enumerate(f.series["launched"])]},
        "messages": [{"rank": i + 1, "id": r.id, "statement": r.statement,
                      "pitched": r.pitched, "conveyed": r.conveyed,
                      "convey_rate": r.convey_rate, "drill_reviews": r.drill_reviews,
                      "lapse_rate": r.lapse_rate, "mean_difficulty": r.difficulty,
                      "manager_judgements": r.judgements, "manager_overrides": r.overrides,
                      "override_rate": r.override_rate, "field_reports": r.field_reports,
                      "weakness": round(r.weakness, 4)} for i, r in enumerate(data.messages)],
        "drift": {"trend": d.trend,
                  "weeks": [{"week": w.week, "attempts": w.attempts, "forbidden": w.forbidden,
                             "retired": w.retired} for w in d.weeks],
                  "phrases": [{"kind": p.kind, "phrase": p.phrase, "hits": p.hits,
                               "attempts": p.attempts, "last_week": p.last_week}
                              for p in d.phrases]},
        "phrasings": [{"id": m.id, "quotes": m.quotes,
                       "top": [{"text": p.text, "count": p.count} for p in m.top]}
                      for m in data.phrasings],
    }


# --- charts --------------------------------------------------------------------------------


def svg_lines(series: Sequence[tuple[str, str, Sequence[tuple[str, float]]]], *, label: str,
              width: int = 640, height: int = 200) -> str:
    """Several shares (0-1) over the same x labels as one inline SVG line chart.

    `series` is (name, css class, [(x label, value)]); the legend is left to the page, so
    colours come from the stylesheet and match it.
    """
    pad_l, pad_r, pad_t, pad_b = 40, 12, 10, 24
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    n_points = max((len(s[2]) for s in series), default=0)
    n = max(n_points - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad_l + w * i / n, pad_t + h * (1 - max(0.0, min(1.0, v)))

    parts = [f'<svg class="chart insights-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">']
    for frac in (0, 0.25, 0.5, 0.75, 1):
        _, y = xy(0, frac)
        parts.append(f'<line class="chart-grid" x1="{pad_l}" x2="{width - pad_r}" '
                     f'y1="{y:.1f}" y2="{y:.1f}"/>')
        if frac in (0, 0.5, 1):
            parts.append(f'<text class="chart-axis" x="{pad_l - 6}" y="{y + 4:.1f}" '
                         f'text-anchor="end">{int(frac * 100)}%</text>')
    for name, cls, points in series:
        if not points:
            continue
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, (_, v)
                                                         in enumerate(points)))
        parts.append(f'<g class="{escape(cls)}"><polyline class="series-line" points="{pts}"/>')
        for i, (x_label, v) in enumerate(points):
            x, y = xy(i, v)
            parts.append(f'<circle class="series-dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
                         f'<title>{escape(name)}, {escape(x_label)}: {round(v * 100)}%'
                         f'</title></circle>')
        parts.append("</g>")
    labels = next((s[2] for s in series if s[2]), [])
    if labels:
        ticks = sorted({0, len(labels) - 1, (len(labels) - 1) // 2})
        for i in ticks:
            x, _ = xy(i, 0)
            anchor = "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
            parts.append(f'<text class="chart-axis" x="{x:.1f}" y="{height - 6}" '
                         f'text-anchor="{anchor}">{escape(labels[i][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(f: Funnel) -> str:
    """The share of reps at each stage, week by week."""
    return svg_lines([(STAGE_LABELS[s], f"series-{s}",
                       [(f"{p:%d %b}", v) for p, v in f.series[s]])
                      for s in STAGES if s != "launched"],
                     label="Share of launched reps drilling, pitching and certified by week")


def drift_chart(d: Drift) -> str:
    """Forbidden and retired phrases: the share of pitches still saying them, by week."""
    def pts(attr: str) -> list[tuple[str, float]]:
        return [(f"week {w.week}", getattr(w, attr)) for w in d.weeks]
    return svg_lines([("Forbidden", "series-forbidden", pts("forbidden_rate")),
                      ("Retired", "series-retired", pts("retired_rate"))],
                     label="Share of pitches with forbidden or retired phrases, by week since "
                           "launch", height=170)
