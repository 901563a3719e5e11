"""What leadership reads: heatmap reps x modules, overdue and at-risk reps, agreement of
managers with the machine, the share certified over time, CSV export and a small SVG chart.

Everything reads the stored certification rows (kept current by `certification.events`), so
an admin overview of thousands of reps is a few grouped queries, not a schedule replay.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from accounts.models import Team, User
from certification import service
from certification import state as st
from certification.models import Certification, CertificationEvent, Review
from certification.sql import utc_day
from drills.models import Launch, Module
from drills.scheduling import as_utc


@dataclass
class Cell:
    cert: Certification
    overdue: bool
    at_risk: bool


@dataclass
class HeatRow:
    person: service.Person
    cells: dict[int, Cell] = field(default_factory=dict)
    overdue: int = 0
    at_risk: int = 0


@dataclass(frozen=True)
class Heatmap:
    modules: list[Module]
    rows: list[HeatRow]

    @property
    def overdue(self) -> list[HeatRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def at_risk(self) -> list[HeatRow]:
        return [r for r in self.rows if r.at_risk and not r.overdue]


def heatmap(*, session: Session, certs: Sequence[Certification], now: datetime) -> Heatmap:
    """Reps x modules from certification rows, with overdue and at-risk flags."""
    module_ids = sorted({c.module_id for c in certs})
    modules = list(session.exec(select(Module).where(col(Module.id).in_(module_ids))
                                .order_by(Module.title)).all()) if module_ids else []
    folks = service.people(session=session, user_ids=[c.user_id for c in certs])
    rows: dict[int, HeatRow] = {}
    for cert in certs:
        person = folks.get(cert.user_id)
        if person is None:
            continue
        row = rows.setdefault(cert.user_id, HeatRow(person=person))
        due = as_utc(cert.due_at) if cert.due_at else None
        cell = Cell(cert=cert, overdue=st.is_overdue(cert.state, due, now),
                    at_risk=service.at_risk(cert, now))
        row.cells[cert.module_id] = cell
        row.overdue += cell.overdue
        row.at_risk += cell.at_risk
    return Heatmap(modules=modules,
                   rows=sorted(rows.values(), key=lambda r: r.person.name.lower()))


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


IN_PROGRESS_STATES = (st.IN_PROGRESS, st.AWAITING_REVIEW, st.RETURNED)


@dataclass(frozen=True)
class OverviewCell:
    """One launched team x module: its reps' certifications counted by state. `overdue`
    cuts across the others (a rep in progress past the due date is both)."""

    team_id: int
    module_id: int
    assigned: int = 0
    certified: int = 0  # held: certified, or needs update (still valid until its deadline)
    in_progress: int = 0  # in progress, awaiting review or returned
    not_started: int = 0
    lapsed: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.certified / self.assigned) if self.assigned else 0


@dataclass(frozen=True)
class OverviewTotals:
    assigned: int
    certified: int
    in_progress: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.certified / self.assigned) if self.assigned else 0


@dataclass(frozen=True)
class Overview:
    """Teams x modules: every team with a module launched (or certifications on it), every
    such module, one cell per pair (None where that team has neither), and totals that are
    the sums of the cells."""

    teams: list[tuple[int, str]]
    modules: list[Module]
    cells: dict[tuple[int, int], OverviewCell]
    totals: OverviewTotals

    def row(self, team_id: int) -> list[OverviewCell | None]:
        return [self.cells.get((team_id, m.id or 0)) for m in self.modules]


def overview_grid(*, session: Session, now: datetime) -> Overview:
    """The admin overview (page and API) from the stored rows and the active launches:
    complete whatever anyone has looked at, since assignment happens on events."""
    state, due = col(Certification.state), col(Certification.due_at)
    rows = session.execute(
        sa_select(col(Certification.team_id), col(Certification.module_id), func.count(),
                  _count_if(state.in_(st.HOLDS)), _count_if(state.in_(IN_PROGRESS_STATES)),
                  _count_if(state == st.NOT_STARTED), _count_if(state == st.LAPSED),
                  _count_if((state == st.LAPSED) | ((state != st.CERTIFIED) & (due <= now))))
        .where(col(Certification.team_id).is_not(None))
        .group_by(col(Certification.team_id), col(Certification.module_id))).all()
    cells = {(int(t), int(m)): OverviewCell(team_id=int(t), module_id=int(m), assigned=int(n),
                                            certified=int(h), in_progress=int(p),
                                            not_started=int(ns), lapsed=int(lp),
                                            overdue=int(od))
             for t, m, n, h, p, ns, lp, od in rows}
    launched = session.execute(sa_select(col(Launch.team_id), col(Launch.module_id))
                               .where(col(Launch.replaced_at).is_(None))).all()
    for t, m in launched:  # a launched team with no rep yet still has its (empty) cell
        cells.setdefault((int(t), int(m)), OverviewCell(team_id=int(t), module_id=int(m)))
    team_ids = sorted({t for t, _ in cells})
    names = dict(session.execute(sa_select(col(Team.id), col(Team.name))
                                 .where(col(Team.id).in_(team_ids))).tuples().all()) \
        if team_ids else {}
    module_ids = {m for _, m in cells}
    modules = list(session.exec(select(Module).where(col(Module.id).in_(module_ids))
                                .order_by(Module.title, col(Module.id))).all()) \
        if module_ids else []
    teams = sorted(((t, str(names.get(t, t))) for t in team_ids),
                   key=lambda tn: (tn[1].lower(), tn[0]))
    values = list(cells.values())
    totals = OverviewTotals(assigned=sum(c.assigned for c in values),
                            certified=sum(c.certified for c in values),
                            in_progress=sum(c.in_progress for c in values),
                            overdue=sum(c.overdue for c in values))
    return Overview(teams=teams, modules=modules, cells=cells, totals=totals)


@dataclass(frozen=True)
class Agreement:
    module_id: int
    reviews: int
    judgements: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return self.agreed / self.judgements if self.judgements else None


def agreement(*, session: Session, module_ids: Iterable[int] | None = None) -> dict[
        int, Agreement]:
    """Per module: how often managers kept the machine's per-message judgement.

    Sums the counts each review stores when it is decided (`Review.judgements`,
    `Review.overridden`) rather than reading every review's JSON.
    """
    query = (sa_select(col(Review.module_id), func.count(), func.sum(col(Review.judgements)),
                       func.sum(col(Review.overridden)))
             .where(col(Review.status).in_(service.DECISIONS))
             .group_by(col(Review.module_id)))
    if module_ids is not None:
        query = query.where(col(Review.module_id).in_(list(module_ids)))
    out = {}
    for module_id, reviews, judged, overridden in session.execute(query).all():
        out[module_id] = Agreement(module_id=module_id, reviews=int(reviews),
                                   judgements=int(judged or 0),
                                   agreed=int(judged or 0) - int(overridden or 0))
    return out


def share_over_time(*, session: Session, module_id: int, now: datetime, weeks: int = 12,
                    team_ids: Iterable[int] | None = None) -> list[tuple[datetime, float]]:
    """The share of the module's certifications held (certified or needs update) each week."""
    query = select(CertificationEvent.certification_id, CertificationEvent.to_state,
                   CertificationEvent.at).where(CertificationEvent.module_id == module_id)
    if team_ids is not None:
        query = query.where(col(CertificationEvent.certification_id).in_(
            select(Certification.id).where(col(Certification.team_id).in_(list(team_ids)))))
    # Same-instant events replay in the order they were recorded (their ids).
    events = list(session.exec(query.order_by(col(CertificationEvent.at),
                                              col(CertificationEvent.id))).all())
    points = [now - timedelta(weeks=weeks - i) for i in range(weeks + 1)]
    state: dict[int, str] = {}
    out: list[tuple[datetime, float]] = []
    i = 0
    for point in points:
        while i < len(events) and as_utc(events[i][2]) <= point:
            state[events[i][0]] = events[i][1]
            i += 1
        held = sum(1 for s in state.values() if s in st.HOLDS)
        out.append((point, held / len(state) if state else 0.0))
    return out


def _bucket(column: Any, points: Sequence[datetime]) -> Any:
    """The index of the first sample point at or after a moment (len(points): after all)."""
    return case(*[(column <= p, i) for i, p in enumerate(points)], else_=len(points))


def _cumulative(rows: Iterable[Any], n: int) -> dict[int, list[int]]:
    """(module, bucket, count) rows -> per module, the running total at each point."""
    per: dict[int, list[int]] = defaultdict(lambda: [0] * (n + 1))
    for module_id, bucket, count in rows:
        per[module_id][int(bucket)] += int(count or 0)
    out = {}
    for module_id, counts in per.items():
        running, acc = [], 0
        for c in counts[:n]:  # the last bucket is after every point
            acc += c
            running.append(acc)
        out[module_id] = running
    return out


def shares_over_time(*, session: Session, now: datetime, weeks: int = 12) -> dict[
        int, list[tuple[datetime, float]]]:
    """Per module, the weekly share of certifications held; two scans whatever the size.

    Held at a moment = certifications whose transitions into a held state outnumber those
    out of it up to then. Each row is counted once, in the bucket of the first sample point
    it precedes (a CASE over the points), and the buckets are added up here; the scans read
    covering indexes (module, states, time) and (module, created).
    """
    points = [now - timedelta(weeks=weeks - i) for i in range(weeks + 1)]
    held = tuple(st.HOLDS)
    into = col(CertificationEvent.to_state).in_(held) & col(
        CertificationEvent.from_state).not_in(held)
    out_of = col(CertificationEvent.from_state).in_(held) & col(
        CertificationEvent.to_state).not_in(held)
    when = _bucket(col(CertificationEvent.at), points).label("bucket")
    flips = session.execute(
        sa_select(col(CertificationEvent.module_id), when,
                  func.sum(case((into, 1), else_=-1)))
        .where(into | out_of).group_by(col(CertificationEvent.module_id), "bucket")).all()
    made = _bucket(col(Certification.created_at), points).label("bucket")
    totals = session.execute(
        sa_select(col(Certification.module_id), made, func.count())
        .group_by(col(Certification.module_id), "bucket")).all()
    held_at = _cumulative(flips, len(points))
    out: dict[int, list[tuple[datetime, float]]] = {}
    for module_id, counts in _cumulative(totals, len(points)).items():
        flipped = held_at.get(module_id, [0] * len(points))
        out[module_id] = [(p, min(1.0, max(0.0, h / n)) if n else 0.0)
                          for p, h, n in zip(points, flipped, counts, strict=True)]
    return out


def axes_note(first: str, last: str) -> str:
    """A chart's axes in words, shown under it where its SVG labels would be too small to
    read (a phone-sized box scales them down to 5 or 6 px)."""
    return f"0% to 100%, {first} to {last}"


def dated_axes_note(series: Sequence[tuple[datetime, float]]) -> str:
    """`axes_note` for a share over dates (its first and last day), "" for no points."""
    return axes_note(f"{series[0][0]:%d %b}", f"{series[-1][0]:%d %b}") if series else ""


def svg_chart(series: Sequence[tuple[datetime, float]], *, label: str, width: int = 560,
              height: int = 180) -> str:
    """A small line chart of a share (0-1) over time, as inline SVG (no script, no CDN)."""
    pad_l, pad_r, pad_t, pad_b = 36, 10, 10, 24
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    n = max(len(series) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad_l + w * i / n, pad_t + h * (1 - v)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">']
    for frac in (0, 0.5, 1):
        _, y = xy(0, frac)
        parts.append(f'<line class="chart-grid" x1="{pad_l}" x2="{width - pad_r}" '
                     f'y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="chart-axis" x="{pad_l - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{int(frac * 100)}%</text>')
    if series:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, (_, v)
                                                         in enumerate(series)))
        first_x, _ = xy(0, 0)
        last_x, _ = xy(len(series) - 1, 0)
        base_y = pad_t + h
        parts.append(f'<polygon class="chart-area" points="{first_x:.1f},{base_y:.1f} {pts} '
                     f'{last_x:.1f},{base_y:.1f}"/>')
        parts.append(f'<polyline class="chart-line" points="{pts}"/>')
        for i, (when, v) in enumerate(series):
            x, y = xy(i, v)
            parts.append(f'<circle class="chart-dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
                         f'<title>{when:%d %b}: {round(v * 100)}%</title></circle>')
        for i in (0, len(series) - 1):
            x, _ = xy(i, 0)
            anchor = "start" if i == 0 else "end"
            parts.append(f'<text class="chart-axis" x="{x:.1f}" y="{height - 6}" '
                         f'text-anchor="{anchor}">{series[i][0]:%d %b}</text>')
    parts.append("</svg>")
    return "".join(parts)


# Ids and slugs first (what scripts join on, in the order they always had); the team's and
# the module's names at the end, for the people who open the file in a spreadsheet.
CSV_HEADER = ["rep", "email", "team_id", "module", "version", "state", "due", "overdue",
              "drill_readiness", "pitches_met", "pitches_required", "best_score",
              "certified_at", "valid_until", "progress", "team", "module_title"]


def _csv_safe(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run a cell that starts with these as a formula: quote it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_CHUNK_ROWS = 2000


def _csv_query(now: datetime, team_ids: Iterable[int] | None) -> Any:
    """One row per rep and module, cells ready to write (days as text, the overdue flag
    as `state.is_overdue` decides it), by rep name (case-insensitive) then module: the
    database sorts and joins the names, so rows can be written as they arrive."""
    c = Certification
    state, due = col(c.state), col(c.due_at)
    overdue = case((state == st.CERTIFIED, "no"), (state == st.LAPSED, "yes"),
                   (due <= now, "yes"), else_="no")
    query = (sa_select(col(User.name), col(User.email), col(c.team_id), col(Module.slug),
                       col(c.version), state, utc_day(due), overdue, col(c.drill_percent),
                       col(c.pitches_met), col(c.pitches_required), col(c.best_score),
                       utc_day(col(c.certified_at)), utc_day(col(c.valid_until)),
                       col(c.summary), col(Team.name), col(Module.title))
             .join(User, col(User.id) == col(c.user_id))
             .join(Module, col(Module.id) == col(c.module_id))
             .outerjoin(Team, col(Team.id) == col(c.team_id))
             .order_by(func.lower(col(User.name)), col(User.id), col(c.module_id)))
    if team_ids is not None:
        query = query.where(col(c.team_id).in_(list(team_ids)))
    return query


# Written as the person typed them: made formula-safe (the other cells are numbers,
# states and days the app writes).
_TYPED = (0, 1, 3, 11, 14, 15, 16)


def csv_export(*, session: Session, now: datetime,
               team_ids: Iterable[int] | None = None) -> Iterator[str]:
    """The certification CSV (everyone, or these teams' reps) as text: the header, then
    chunks of CSV_CHUNK_ROWS rows. The rows stream from the database
    (40,000 rows are never all in memory), so the session must stay open while the chunks
    are read: a streamed download opens its own (see app/certification/pages.py)."""
    size = CSV_CHUNK_ROWS
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(CSV_HEADER)
    # The header goes first, before the query: the download starts at once while the
    # database sorts the rows (40,000 of them take it a tenth of a second or more).
    yield buf.getvalue()
    buf.seek(0)
    buf.truncate()
    # Options on the statement, not the connection (which would keep them for the next
    # statement the session runs on it).
    result = session.connection().execute(
        _csv_query(now, team_ids).execution_options(stream_results=True, yield_per=size))
    for rows in result.partitions(size):
        for row in rows:
            cells = list(row)
            for i in _TYPED:
                cells[i] = _csv_safe(cells[i])
            out.writerow(cells)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def to_csv(*, session: Session, now: datetime, team_ids: Iterable[int] | None = None) -> str:
    """The whole CSV as one string (see `csv_export`)."""
    return "".join(csv_export(session=session, now=now, team_ids=team_ids))
