"""Progress: where each certification stands (drill readiness, pitch bests, sign-off),
judged on events and stored on the row; reads of the stored figures for every page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    Integer,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from accounts.policy import Policy
from certification import renewal
from certification import state as st
from certification.models import Certification, CertificationEvent
from certification.people import team_of, utc_or_none
from certification.rules import Evaluation, Rule, Standing, evaluate
from certification.sql import whole_days_between
from certification.transitions import certify, lapse, move, rules_of
from drills.attempt_models import DONE, PitchAttempt
from drills.drill_models import NEW_QUEUE, SCHEDULED, Drill, DrillBuild, DrillCard
from drills.errors import NotFound
from drills.kinds import WRITTEN_KINDS
from drills.models import Module, ModuleVersion
from drills.practice.builds import ensure_built
from drills.scheduling import (
    MAX_RETENTION,
    MIN_RETENTION,
    NEW,
    CardState,
    as_utc,
    recall_horizon,
    retrievability,
)

AT_RISK_DAYS = 7  # due within this many days and not yet close: at risk
EXPIRING_DAYS = 14  # certified but expiring within this many days: at risk


@dataclass(frozen=True)
class Progress:
    """A certification with its rule and evaluation, as the pages show it."""

    cert: Certification
    rule: Rule
    evaluation: Evaluation
    focus: tuple[str, ...] | None
    best: Mapping[str, int]


def _clamp(retention: float) -> float:
    return min(MAX_RETENTION, max(MIN_RETENTION, retention))


# Built once, with what judging drill readiness reads and nothing else: how many of each
# rep's reviewed written cards of one module version's drills are recalled at the rule's
# target, per subject, counted by the database. A card counts while the whole days since
# its review are at most its stability × the target's horizon (`recall_horizon`: the same
# test as `retrievability(...) >= target`, one comparison instead of a power per card).
_RECALLED_PER_SUBJECT = (
    sa_select(col(DrillCard.user_id), col(Drill.subject), func.count())
    .join(Drill, col(Drill.id) == DrillCard.drill_id)
    .where(col(DrillCard.user_id).in_(bindparam("user_ids", expanding=True)),
           col(DrillCard.module_id) == bindparam("module_id"),
           col(DrillCard.queue).in_((NEW_QUEUE, SCHEDULED)), col(DrillCard.reviews) > 0,
           col(Drill.kind).in_(WRITTEN_KINDS),
           col(Drill.since_version) <= bindparam("version"),
           (col(Drill.until_version).is_(None))
           | (col(Drill.until_version) > bindparam("version")),
           # The card of an answer about to be written (its rep's only: counted by the caller)
           ~((col(DrillCard.drill_id) == bindparam("skip_drill"))
             & (col(DrillCard.user_id) == bindparam("skip_user"))),
           col(DrillCard.state) != NEW, col(DrillCard.stability).is_not(None),
           col(DrillCard.last_review).is_not(None),
           whole_days_between(col(DrillCard.last_review),
                              bindparam("now", type_=DateTime(timezone=True)))
           <= col(DrillCard.stability) * bindparam("horizon", type_=Float()))
    .group_by(col(DrillCard.user_id), col(Drill.subject)))
# How many written (not spoken) drills a version has per subject: counted by the database,
# with the version the module's drills are built up to (one statement for both).
_BUILT_UP_TO = (sa_select(col(DrillBuild.version))
                .where(col(DrillBuild.module_id) == bindparam("module_id")).scalar_subquery())
DRILLS_PER_SUBJECT = (
    sa_select(col(Drill.subject), func.count(), _BUILT_UP_TO)
    .where(col(Drill.module_id) == bindparam("module_id"), col(Drill.kind).in_(WRITTEN_KINDS),
           col(Drill.since_version) <= bindparam("version"),
           (col(Drill.until_version).is_(None))
           | (col(Drill.until_version) > bindparam("version")))
    .group_by(col(Drill.subject)))


@dataclass(frozen=True)
class Answered:
    """A drill answer not yet written: its card's state after it, and its drill's place
    (so a judgement made before the write counts the card as it will be)."""

    user_id: int
    module_id: int
    drill_id: int
    subject: str
    since_version: int
    until_version: int | None
    after: CardState


def _drill_standing(session: Session, certs: Sequence[Certification],
                    rules: Mapping[int, Rule], now: datetime,
                    answered: Answered | None = None,
                    counted: _Counted | None = None) -> dict[int, tuple[float, int]]:
    """(share recalled at the retention target, required drills) per certification.

    Counted by the database, neither statement loading a drill or a card: the drills per
    subject of each version, and each rep's recalled cards per subject (`counted`: both
    already read, by `_one_trip`)."""
    if counted is None:
        counted = _Counted(required=_drills_per_subject(session, certs, now),
                           recalled=_recalled_per_subject(session, certs, rules, now,
                                                          answered))
    required, recalled = counted.required, counted.recalled
    out: dict[int, tuple[float, int]] = {}
    for cert in certs:
        rule = rules[cert.module_version_id]
        focus = renewal.focus_of(cert)
        total = sum(n for subject, n in required[(cert.module_id, cert.version)].items()
                    if focus is None or subject in focus)
        mastered = sum(n for subject, n in recalled[(cert.user_id, cert.module_version_id)]
                       .items() if focus is None or subject in focus)
        if answered is not None and _counts_for(answered, cert, focus):
            # The answer's card as it will be once written (the database has it as it was).
            mastered += retrievability(
                answered.after, now=now,
                desired_retention=_clamp(rule.drill_retention)) >= rule.drill_retention
        assert cert.id is not None
        out[cert.id] = (mastered / total if total else 0.0, total)
    return out


def _drills_per_subject(session: Session, certs: Sequence[Certification],
                        now: datetime) -> dict[tuple[int, int], dict[str, int]]:
    """The written drills per subject of each (module, version), built first if need be."""
    per_subject: dict[tuple[int, int], dict[str, int]] = {}
    for cert in certs:
        key = (cert.module_id, cert.version)
        if key not in per_subject:
            params = {"module_id": cert.module_id, "version": cert.version}
            rows = session.execute(DRILLS_PER_SUBJECT, params).tuples().all()
            if not rows or rows[0][2] is None or rows[0][2] < cert.version:
                # Not built up to this version yet (or nothing to drill): build, count again.
                module = session.get(Module, cert.module_id)
                assert module is not None
                ensure_built(session=session, module=module, version=cert.version, now=now)
                rows = session.execute(DRILLS_PER_SUBJECT, params).tuples().all()
            per_subject[key] = {str(subject): int(n) for subject, n, _built in rows}
    return per_subject


def _recalled_per_subject(session: Session, certs: Sequence[Certification],
                          rules: Mapping[int, Rule], now: datetime,
                          answered: Answered | None) -> dict[tuple[int, int], dict[str, int]]:
    """Recalled cards per (rep, module version) and subject: one statement per version,
    leaving out the card of an answer about to be written (counted by the caller)."""
    recalled: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    by_version: dict[int, list[Certification]] = defaultdict(list)
    for cert in certs:
        by_version[cert.module_version_id].append(cert)
    for version_id, group in by_version.items():
        params = _recalled_params(group, rules[version_id], now, answered)
        for uid, subject, n in session.execute(_RECALLED_PER_SUBJECT, params).tuples():
            recalled[(uid, version_id)][str(subject)] = int(n)
    return recalled


def _recalled_params(group: Sequence[Certification], rule: Rule, now: datetime,
                     answered: Answered | None) -> dict[str, Any]:
    """`_RECALLED_PER_SUBJECT`'s parameters for certifications on one module version."""
    first = group[0]
    skip = (answered.drill_id if answered is not None
            and answered.module_id == first.module_id else -1)
    horizon = recall_horizon(rule.drill_retention,
                             desired_retention=_clamp(rule.drill_retention))
    return {"user_ids": list({c.user_id for c in group}), "module_id": first.module_id,
            "version": first.version, "skip_drill": skip,
            "skip_user": answered.user_id if answered is not None else -1, "now": now,
            "horizon": horizon}


def _counts_for(a: Answered, cert: Certification, focus: Sequence[str] | None) -> bool:
    """Whether an answered card is one of the drills this certification counts."""
    return ((a.user_id, a.module_id) == (cert.user_id, cert.module_id)
            and a.since_version <= cert.version
            and (a.until_version is None or a.until_version > cert.version)
            and (focus is None or a.subject in focus))


# Built once (the statements every drill answer runs): SQLAlchemy then skips building each
# statement and its cache key per call, which costs more than the query itself.
_PITCH_BESTS = (
    sa_select(col(PitchAttempt.user_id), col(PitchAttempt.module_id),
              col(PitchAttempt.pitch_id), col(ModuleVersion.version),
              func.max(PitchAttempt.score),
              func.max(func.coalesce(col(PitchAttempt.sure_score), col(PitchAttempt.score))))
    .join(ModuleVersion, col(ModuleVersion.id) == PitchAttempt.module_version_id)
    .where(col(PitchAttempt.user_id).in_(bindparam("user_ids", expanding=True)),
           col(PitchAttempt.module_id).in_(bindparam("module_ids", expanding=True)),
           col(PitchAttempt.status) == DONE, col(PitchAttempt.pitch_id).is_not(None))
    .group_by(col(PitchAttempt.user_id), col(PitchAttempt.module_id),
              col(PitchAttempt.pitch_id), col(ModuleVersion.version)))


def _pitch_bests(session: Session, certs: Sequence[Certification],
                 rules: Mapping[int, Rule],
                 rows: Sequence[tuple[Any, ...]] | None = None) -> dict[int, dict[str, int]]:
    """Best counted pitch score per pitch, per certification (`rows`: `_PITCH_BESTS`'s,
    already read). Without a manager's sign-off nobody checks the scorer's uncertain
    judgements, so such a module counts each attempt's sure score (those judgements
    counted as missed)."""
    user_ids = list({c.user_id for c in certs})
    module_ids = list({c.module_id for c in certs})
    out: dict[int, dict[str, int]] = {c.id or 0: {} for c in certs}
    if not user_ids:
        return out
    if rows is None:
        rows = session.execute(_PITCH_BESTS, {"user_ids": user_ids,
                                              "module_ids": module_ids}).tuples().all()
    by_key: dict[tuple[int, int], list[tuple[str, int, int, int]]] = defaultdict(list)
    for uid, mid, pid, version, score, sure in rows:
        if score is not None:
            by_key[(uid, mid)].append((pid, int(version), int(score), int(sure)))
    for cert in certs:
        best: dict[str, int] = {}
        sure_only = not rules[cert.module_version_id].manager_signoff
        for pid, version, score, sure in by_key.get((cert.user_id, cert.module_id), []):
            if version >= cert.counts_from_version:
                best[pid] = max(best.get(pid, 0), sure if sure_only else score)
        out[cert.id or 0] = best
    return out


def _activity(session: Session, certs: Sequence[Certification]) -> set[tuple[int, int]]:
    user_ids = list({c.user_id for c in certs})
    if not user_ids:
        return set()
    cards = session.execute(
        sa_select(col(DrillCard.user_id), col(DrillCard.module_id)).where(
            col(DrillCard.user_id).in_(user_ids), col(DrillCard.reviews) > 0).distinct()).all()
    tried = session.execute(
        sa_select(col(PitchAttempt.user_id), col(PitchAttempt.module_id)).where(
            col(PitchAttempt.user_id).in_(user_ids)).distinct()).all()
    return {(int(a), int(b)) for a, b in [*cards, *tried]}


@dataclass(frozen=True)
class Judged:
    """One certification judged from what was read: the drill standing and pitch bests,
    and the row's fields the judgement assumed (`seen`), to check they still hold when it
    is applied (in the writer's turn, after the reading ended)."""

    cert_id: int
    seen: tuple[Any, ...]
    rule: Rule
    share: float
    drills: int
    best: Mapping[str, int]


def _seen(cert: Certification) -> tuple[Any, ...]:
    return (cert.state, cert.version, cert.module_version_id, cert.signoff,
            cert.counts_from_version, cert.renewal_messages, cert.pitches_met,
            cert.best_score)


@dataclass(frozen=True)
class _Counted:
    """What judging drill readiness reads: written drills per subject of each (module,
    version), recalled cards per subject of each (rep, module version)."""

    required: Mapping[tuple[int, int], Mapping[str, int]]
    recalled: Mapping[tuple[int, int], Mapping[str, int]]


def _tagged(tag: str, query: Any, width: int) -> Any:
    # One statement's rows as (tag, key, n1, n2, n3): the UNION ALL below needs one shape.
    sub = query.subquery()
    cols = list(sub.c)
    return sa_select(literal_column(f"'{tag}'").label("tag"),
                     cast(cols[0], String).label("key"),
                     *(cast(c, Integer).label(f"n{i}") for i, c in enumerate(cols[1:1 + width])),
                     *(cast(null(), Integer).label(f"n{i}") for i in range(width, 3)))


# Everything judging one certification reads, in one trip: its version's written drills
# per subject (with how far the module is built), the rep's recalled cards per subject, and
# their pitch bests; the same three statements `judge` runs for many certifications.
_ONE_CERT = union_all(_tagged("d", DRILLS_PER_SUBJECT, 2),
                      _tagged("r", _RECALLED_PER_SUBJECT.with_only_columns(
                          col(Drill.subject), func.count()), 1),
                      _tagged("p", _PITCH_BESTS.with_only_columns(
                          col(PitchAttempt.pitch_id), col(ModuleVersion.version),
                          func.max(PitchAttempt.score),
                          func.max(func.coalesce(col(PitchAttempt.sure_score),
                                                 col(PitchAttempt.score)))), 3))


# The same for a certification on the whole module (no renewal focus, nearly all of them):
# only the totals count, so the database sums them rather than sending a row per subject
# (a drill answer's judgement read 80 rows for a playbook of 80 messages; now 2).
_ALL_SUBJECTS = literal_column("''", String).label("subject")
_ONE_CERT_TOTALS = union_all(
    _tagged("d", DRILLS_PER_SUBJECT.with_only_columns(
        _ALL_SUBJECTS, func.count(), _BUILT_UP_TO).group_by(None), 2),
    _tagged("r", _RECALLED_PER_SUBJECT.with_only_columns(
        _ALL_SUBJECTS, func.count()).group_by(None), 1),
    _tagged("p", _PITCH_BESTS.with_only_columns(
        col(PitchAttempt.pitch_id), col(ModuleVersion.version), func.max(PitchAttempt.score),
        func.max(func.coalesce(col(PitchAttempt.sure_score), col(PitchAttempt.score)))), 3))


def _one_trip(session: Session, cert: Certification, rules: Mapping[int, Rule],
              now: datetime, answered: Answered | None
              ) -> tuple[_Counted, list[tuple[Any, ...]]] | None:
    """The counts and pitch-best rows judging one certification reads, in one statement;
    None when its version is not built yet (the caller builds it and reads as usual).
    Without a renewal focus the drill counts come as totals (subject '')."""
    params = {**_recalled_params([cert], rules[cert.module_version_id], now, answered),
              "module_ids": [cert.module_id]}
    drills: dict[str, int] = {}
    recalled: dict[str, int] = {}
    bests: list[tuple[Any, ...]] = []
    built = None
    statement = _ONE_CERT if renewal.focus_of(cert) is not None else _ONE_CERT_TOTALS
    for tag, key, n0, n1, n2 in session.execute(statement, params).tuples():
        if tag == "d":
            drills[str(key)], built = int(n0), n1
        elif tag == "r":
            recalled[str(key)] = int(n0)
        else:
            bests.append((cert.user_id, cert.module_id, key, n0, n1, n2))
    if built is None or built < cert.version or not any(drills.values()):
        # (no written drill: the per-subject statement has no row then, the totals a 0)
        return None
    return (_Counted(required={(cert.module_id, cert.version): drills},
                     recalled={(cert.user_id, cert.module_version_id): recalled}), bests)


def judge(*, session: Session, certs: Sequence[Certification], now: datetime,
          answered: Answered | None = None,
          rules: Mapping[int, Rule] | None = None) -> list[Judged]:
    """Where each certification stands, reading only (`answered`: a drill answer about to
    be written, counted as written; `rules`: the certifications' rules, already read)."""
    if not certs:
        return []
    if rules is None or any(c.module_version_id not in rules for c in certs):
        rules = rules_of(session, [c.module_version_id for c in certs], now)
    # One certification (a drill answer's): its counts and pitch bests in one statement.
    alone = _one_trip(session, certs[0], rules, now, answered) if len(certs) == 1 else None
    counted, rows = alone if alone is not None else (None, None)
    drills = _drill_standing(session, certs, rules, now, answered, counted)
    bests = _pitch_bests(session, certs, rules, rows)
    out = []
    for cert in certs:
        assert cert.id is not None
        share, n = drills[cert.id]
        out.append(Judged(cert_id=cert.id, seen=_seen(cert),
                          rule=rules[cert.module_version_id], share=share, drills=n,
                          best=bests[cert.id]))
    return out


def still_holds(judged: Judged, cert: Certification) -> bool:
    """Whether a judgement made earlier still describes the row as it is now."""
    return judged.cert_id == cert.id and judged.seen == _seen(cert)


def settle(*, session: Session, certs: Sequence[Certification], judged: Sequence[Judged],
           now: datetime, base_url: str, active: set[tuple[int, int]]) -> list[Progress]:
    """Apply judgements to their certifications: automatic moves (certify, lapse, start)
    and the figures, the row written only when something changed."""
    out = []
    for cert, j in zip(certs, judged, strict=True):
        assert cert.id == j.cert_id
        rule = j.rule
        focus = renewal.focus_of(cert)
        standing = Standing(drill_share=j.share, drills=j.drills, best=j.best,
                            signoff=cert.signoff)
        ev = evaluate(rule, standing, focus=focus)
        to = st.automatic(cert.state, st.Facts(
            active=(cert.user_id, cert.module_id) in active,
            requirements_met=ev.practice_met, signoff_required=rule.manager_signoff,
            now=now, due_at=utc_or_none(cert.due_at), valid_until=utc_or_none(cert.valid_until)))
        if to == st.CERTIFIED:
            certify(session, cert, rule, None, "Drills and pitches met the module's rule "
                     "(no manager sign-off required).", now, base_url)
        elif to == st.LAPSED:
            lapse(session=session, cert=cert, now=now)
        elif to is not None:
            move(session=session, cert=cert, to=to, by=None, now=now,
                 reason="Started practising." if to == st.IN_PROGRESS else "Progress.")
        shown = (ev.drill_percent, ev.pitches_met, ev.pitches_required,
                 max(standing.best.values()) if standing.best else None,
                 ("Certified" if cert.state == st.CERTIFIED else ev.summary)[:300])
        # Written only when it changed: a drill answer that moves no figure (most of them)
        # must not rewrite the row.
        if shown != (cert.drill_percent, cert.pitches_met, cert.pitches_required,
                     cert.best_score, cert.summary):
            (cert.drill_percent, cert.pitches_met, cert.pitches_required, cert.best_score,
             cert.summary) = shown
            cert.progress_at = now
            session.add(cert)
        out.append(Progress(cert=cert, rule=rule, evaluation=ev, focus=focus,
                            best=standing.best))
    session.flush()
    return out


def refresh(*, session: Session, certs: Sequence[Certification], now: datetime,
            base_url: str, practised: bool = False) -> list[Progress]:
    """Judge each certification's progress, keep it on the row, apply automatic moves.

    Only `certification.events` (and this module's own commands) call this: certification
    state moves when something happens, never when a page is read. `practised` says the
    event itself was practice on these certifications (saves looking for activity).
    """
    if not certs:
        return []
    active = ({(c.user_id, c.module_id) for c in certs} if practised
              else _activity(session, certs))
    return settle(session=session, certs=certs, judged=judge(session=session, certs=certs,
                                                              now=now),
                  now=now, base_url=base_url, active=active)


def progress(*, session: Session, certs: Sequence[Certification],
             now: datetime) -> list[Progress]:
    """Each certification with its rule and evaluation as the last event left them: reads
    only. The drill figure is the stored drill readiness (the same number every page, the
    CSV and the API show); pitch bests and sign-off are read as they are."""
    if not certs:
        return []
    rules = rules_of(session, [c.module_version_id for c in certs], now, store=False)
    bests = _pitch_bests(session, certs, rules)
    out = []
    for cert in certs:
        rule = rules[cert.module_version_id]
        focus = renewal.focus_of(cert)
        standing = Standing(drill_share=cert.drill_percent / 100, drills=1,
                            best=bests[cert.id or 0], signoff=cert.signoff)
        out.append(Progress(cert=cert, rule=rule, evaluation=evaluate(rule, standing,
                                                                      focus=focus),
                            focus=focus, best=standing.best))
    return out


def for_users(*, session: Session, user_ids: Iterable[int]) -> list[Certification]:
    """Certifications of these reps, by module."""
    ids = list(set(user_ids))
    if not ids:
        return []
    return list(session.exec(select(Certification).where(
        col(Certification.user_id).in_(ids)).order_by(col(Certification.id))).all())


def for_teams(*, session: Session, team_ids: Iterable[int]) -> list[Certification]:
    """Certifications of the reps in these teams."""
    ids = list(set(team_ids))
    if not ids:
        return []
    return list(session.exec(select(Certification).where(
        col(Certification.team_id).in_(ids)).order_by(col(Certification.id))).all())


def progress_for_users(*, session: Session, user_ids: Iterable[int],
                       now: datetime) -> list[Progress]:
    """These reps' certifications and where they stand (reads only)."""
    return progress(session=session, certs=for_users(session=session, user_ids=user_ids),
                    now=now)


def readiness(*, session: Session, user_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Drill readiness (`rules.READINESS_DEFINITION`) per (rep, module), as stored by the
    last event: what every page, the CSV and the API show under that name."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.execute(sa_select(col(Certification.user_id), col(Certification.module_id),
                                     col(Certification.drill_percent))
                           .where(col(Certification.user_id).in_(ids))).tuples().all()
    return {(u, m): p for u, m, p in rows}


def get(*, session: Session, cert_id: int, reader: Policy) -> Certification:
    """A certification the reader may see (the rep, their managers, admins), else NotFound."""
    cert = session.get(Certification, cert_id)
    if cert is None or not reader.may_read(
            owner_id=cert.user_id, team_id=team_of(session=session, user_id=cert.user_id)):
        raise NotFound(f"There is no certification {cert_id}.")
    return cert


def history(*, session: Session, cert_id: int) -> list[CertificationEvent]:
    """Every transition and note, oldest first."""
    return list(session.exec(select(CertificationEvent).where(
        CertificationEvent.certification_id == cert_id)
        .order_by(col(CertificationEvent.at), col(CertificationEvent.id))).all())


def at_risk(cert: Certification, now: datetime) -> bool:
    """Due soon and not close, or certified and expiring soon."""
    if cert.state == st.CERTIFIED:
        return (cert.valid_until is not None
                and as_utc(cert.valid_until) - now < timedelta(days=EXPIRING_DAYS))
    if cert.due_at is None or st.is_overdue(cert.state, utc_or_none(cert.due_at), now):
        return False
    soon = as_utc(cert.due_at) - now < timedelta(days=AT_RISK_DAYS)
    return soon and cert.state != st.AWAITING_REVIEW
