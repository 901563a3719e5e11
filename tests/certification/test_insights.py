"""Adoption insights: funnel, per-message ranking, drift, phrasings, CSV and charts."""

from __future__ import annotations

import csv
import importlib.util
import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app.models import Role, Team, User
from certification import insights
from certification.models import Review
from drills.attempt_models import DONE, PitchAttempt
from drills.drill_models import Drill, DrillCard, DrillReview
from drills.models import Module
from drills.modules import get_version
from drills.scheduling import REVIEW
from tests.certification.helpers import (
    T0,
    cert_of,
    do_launch,
    launched,
    master,
    refresh,
)
from tests.factories import make_team, make_user

NOW = T0 + timedelta(weeks=4)
HAS_FIELD_REPORTS = importlib.util.find_spec("drills.field_report_models") is not None
_n = iter(range(1, 10_000))


def attempt(session: Session, rep: User, module: Module, at: datetime, *,
            covered: dict[str, str | None], forbidden: tuple[str, ...] = (),
            retired: tuple[str, ...] = ()) -> PitchAttempt:
    """A scored attempt whose result covers (evidence quote) or misses (None) messages."""
    version = get_version(session=session, module=module, version=1)
    result: dict[str, Any] = {
        "messages": [{"id": mid, "covered": quote is not None, "evidence": quote}
                     for mid, quote in covered.items()],
        "forbidden": [{"phrase": p, "said": p, "reason": "no"} for p in forbidden],
        "retired": [{"phrase": p, "said": p, "replaced_by": "immutable"} for p in retired]}
    row = PitchAttempt(user_id=rep.id or 0, module_id=module.id or 0,
                       module_version_id=version.id or 0, pitch_id="elevator",
                       idempotency_key=f"ins-{next(_n)}", status=DONE, audio_path="/x.wav",
                       audio_sha256="0" * 64, audio_size=1, content_type="audio/wav",
                       score=80, result=result, created_at=at, updated_at=at)
    session.add(row)
    session.flush()
    return row


def world(session: Session) -> tuple[Module, Team, Team, list[User]]:
    """Two teams on v1: team A has two reps (one drilled, practised, certified), team B one."""
    rep, team_a, module = launched(session)
    rep2 = make_user(session, Role.REP, team=team_a)
    team_b = make_team(session)
    rep3 = make_user(session, Role.REP, team=team_b)
    do_launch(session, module, 1, team_b, T0 + timedelta(days=1))
    master(session, rep, module, T0 + timedelta(days=2))
    master(session, rep3, module, T0 + timedelta(days=2))
    # Drill history: "tested" lapses for rep (once of two reviews), others are fine.
    cards = session.exec(select(DrillCard, Drill).join(Drill, col(Drill.id) == DrillCard.drill_id)
                         .where(DrillCard.user_id == rep.id)).all()
    for card, drill in cards:
        if drill.kind != "recall":
            continue
        for i, rating in enumerate((3, 1 if drill.subject == "tested" else 3)):
            session.add(DrillReview(card_id=card.id or 0, user_id=rep.id or 0,
                                    drill_id=drill.id or 0, rating=rating,
                                    reviewed_at=T0 + timedelta(days=3 + i), source="tap",
                                    state_before=REVIEW, state_after=REVIEW,
                                    due_after=T0 + timedelta(days=9)))
    # Pitches: "immutable" always conveyed, "fast-restore" half the time, said in similar words;
    # a retired phrase early that stops later.
    attempt(session, rep, module, T0 + timedelta(days=3),
            covered={"immutable": "our backups are immutable so ransomware cannot touch them",
                     "fast-restore": None}, retired=("infinite retention",))
    attempt(session, rep, module, T0 + timedelta(days=4),
            covered={"immutable": "the backups are immutable so ransomware cannot win",
                     "fast-restore": "restore a server in 15 minutes"},
            retired=("infinite retention",), forbidden=("guaranteed",))
    attempt(session, rep3, module, T0 + timedelta(days=20),
            covered={"immutable": "backups are immutable so ransomware cannot get in",
                     "fast-restore": None})
    attempt(session, rep3, module, T0 + timedelta(days=24),
            covered={"immutable": "immutable backups", "fast-restore": "restore fast"})
    # A manager decision overriding the machine on fast-restore.
    refresh(session, rep, T0 + timedelta(days=5))
    cert = cert_of(session, rep, module)
    first = session.exec(select(PitchAttempt).where(PitchAttempt.user_id == rep.id)).first()
    assert first is not None
    session.add(Review(certification_id=cert.id or 0, attempt_id=first.id or 0,
                       user_id=rep.id or 0, team_id=team_a.id, module_id=module.id or 0,
                       status="approved", submitted_at=T0 + timedelta(days=5),
                       decided_at=T0 + timedelta(days=6),
                       machine={"immutable": True, "fast-restore": False},
                       overrides={"fast-restore": True}))
    cert.state, cert.certified_at = "certified", T0 + timedelta(days=6)
    session.add(cert)
    session.flush()
    return module, team_a, team_b, [rep, rep2, rep3]


def scope(session: Session, module: Module, team_ids: set[int] | None = None
          ) -> insights.Scope:
    version = get_version(session=session, module=module, version=1)
    return insights.scope_for(session=session, module=module, version=version,
                              team_ids=team_ids)


def test_funnel_counts_each_stage_and_grows_over_time(session: Session) -> None:
    module, _, _, _ = world(session)
    data = insights.insights(session=session, scope=scope(session, module), now=NOW)
    f = data.funnel
    assert f.reps == 3
    assert f.counts == {"launched": 3, "drilling": 1, "practising": 2, "certified": 1}
    assert f.share("practising") == 2 / 3
    practising = [v for _, v in f.series["practising"]]
    assert practising[0] == 0.0 and practising[-1] == 2 / 3
    assert practising == sorted(practising)  # reaching a stage is for good


def test_manager_scope_sees_only_their_teams(session: Session) -> None:
    module, team_a, team_b, _ = world(session)
    data = insights.insights(session=session, scope=scope(session, module, {team_a.id or 0}),
                             now=NOW)
    assert data.funnel.reps == 2
    assert data.attempts == 2  # rep3's (team B) pitches are not counted
    by_id = {r.id: r for r in data.messages}
    assert by_id["immutable"].pitched == 2
    # A team the version never went to gives an empty scope, not everyone.
    elsewhere = make_team(session)
    empty = scope(session, module, {elsewhere.id or 0})
    assert empty.rep_team == {} and empty.team_ids == frozenset()
    assert insights.insights(session=session, scope=empty, now=NOW).funnel.reps == 0
    assert team_b.id in scope(session, module).team_ids


def test_messages_ranked_weakest_first(session: Session) -> None:
    module, _, _, _ = world(session)
    rows = insights.insights(session=session, scope=scope(session, module), now=NOW).messages
    by_id = {r.id: r for r in rows}
    assert by_id["immutable"].convey_rate == 1.0
    assert by_id["fast-restore"].convey_rate == 0.5
    assert by_id["tested"].lapse_rate == 0.5  # one lapse in two reviews from REVIEW
    assert by_id["fast-restore"].override_rate == 1.0
    assert by_id["immutable"].override_rate == 0.0
    # Without the field-report table the column says so (None), not a reassuring zero.
    assert by_id["immutable"].field_reports == (0 if HAS_FIELD_REPORTS else None)
    assert [r.id for r in rows].index("fast-restore") < [r.id for r in rows].index("immutable")
    assert rows[-1].weakness <= rows[0].weakness


def test_field_reports_counted_per_message_when_the_table_exists(session: Session) -> None:
    models = pytest.importorskip("drills.field_report_models")
    module, team_a, team_b, reps = world(session)
    for rep, team in ((reps[0], team_a), (reps[2], team_b)):
        session.add(models.FieldReport(user_id=rep.id or 0, team_id=team.id,
                                       module_id=module.id or 0, version=1,
                                       message_id="tested", kind="pushback", source="message",
                                       status="new"))
    session.flush()
    everyone = insights.insights(session=session, scope=scope(session, module), now=NOW)
    assert {r.id: r.field_reports for r in everyone.messages}["tested"] == 2
    mine = insights.insights(session=session, scope=scope(session, module, {team_a.id or 0}),
                             now=NOW)
    assert {r.id: r.field_reports for r in mine.messages}["tested"] == 1


def test_drift_by_week_trends_down(session: Session) -> None:
    module, _, _, _ = world(session)
    d = insights.insights(session=session, scope=scope(session, module), now=NOW).drift
    assert d.weeks[0].attempts == 2 and d.weeks[0].retired == 2 and d.weeks[0].forbidden == 1
    assert sum(w.retired for w in d.weeks[1:]) == 0
    assert d.trend == "down"
    top = d.phrases[0]
    assert (top.kind, top.phrase, top.hits) == ("retired", "infinite retention", 2)


def test_drift_trend_rules() -> None:
    def w(i: int, n: int, bad: int) -> insights.DriftWeek:
        return insights.DriftWeek(week=i, attempts=n, forbidden=bad, retired=0)
    assert insights._trend([w(0, 10, 1)]) == "too early"
    assert insights._trend([w(0, 10, 5), w(1, 10, 5)]) == "flat"
    assert insights._trend([w(0, 10, 1), w(1, 10, 6)]) == "up"
    assert insights._trend([w(0, 10, 6), w(1, 0, 0), w(2, 10, 1)]) == "down"


def test_phrasings_count_normalised_ngrams_keeping_the_longest() -> None:
    top = insights.top_phrasings([
        "Our backups are IMMUTABLE, so ransomware can't touch them",
        "the backups are immutable so ransomware cannot win",
        "backups are immutable so ransomware cannot get in",
        "one-click rollback", "one click rollback"])
    texts = [p.text for p in top]
    # A phrasing starts and ends on a content word ("... ransomware", not "... can not").
    assert texts[0] == "backups are immutable so ransomware"
    assert top[0].count == 3
    assert not any(t == "backups are immutable" for t in texts)  # subsumed by the longer one
    assert insights.top_phrasings([]) == []


def test_phrasings_per_message_from_covered_quotes(session: Session) -> None:
    module, _, _, _ = world(session)
    items = insights.insights(session=session, scope=scope(session, module), now=NOW).phrasings
    by_id = {m.id: m for m in items}
    assert by_id["immutable"].quotes == 4
    assert by_id["immutable"].top and by_id["immutable"].top[0].count >= 3
    assert by_id["tested"].quotes == 0 and by_id["tested"].top == []


def test_csv_tables_and_json(session: Session) -> None:
    module, _, _, _ = world(session)
    data = insights.insights(session=session, scope=scope(session, module), now=NOW)
    for table in insights.TABLES:
        text = insights.table_csv(data, table)
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2, table
    messages = list(csv.DictReader(io.StringIO(insights.messages_csv(data.messages))))
    assert messages[0]["rank"] == "1"
    assert messages[0]["field_reports"] == ("0" if HAS_FIELD_REPORTS
                                            else insights.NO_FIELD_REPORTS)
    body = insights.to_json(data)
    assert body["funnel"]["counts"]["launched"] == 3
    assert body["messages"][0]["rank"] == 1


def test_csv_cells_cannot_run_as_formulas() -> None:
    row = insights.MessageRow(id="m", statement="=HYPERLINK(\"x\")")
    text = insights.messages_csv([row])
    assert "'=HYPERLINK" in text


def test_charts_are_inline_svg(session: Session) -> None:
    module, _, _, _ = world(session)
    data = insights.insights(session=session, scope=scope(session, module), now=NOW)
    svg = insights.funnel_chart(data.funnel)
    assert svg.startswith("<svg") and "series-certified" in svg and "<script" not in svg
    assert "series-retired" in insights.drift_chart(data.drift)
    assert insights.svg_lines([], label="empty").endswith("</svg>")


def test_empty_version_has_no_data_but_renders(session: Session) -> None:
    _, _, module = launched(session, slug="quiet")
    data = insights.insights(session=session, scope=scope(session, module), now=NOW)
    assert data.funnel.reps == 1 and data.funnel.counts["drilling"] == 0
    assert all(r.pitched == 0 and r.convey_rate is None for r in data.messages)
    assert data.drift.trend == "too early"
    assert insights.funnel_chart(data.funnel).startswith("<svg")
