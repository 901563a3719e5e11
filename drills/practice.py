"""Daily drill practice: building drills per version, aligning a rep's cards with what is
launched to them, the due queue, and answering a card exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, event, func, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from drills.answer_check import Verdict
from drills.drill_builder import DrillSpec, build_drills, build_for
from drills.drill_models import (
    NEW_QUEUE,
    RETIRED,
    SCHEDULED,
    Drill,
    DrillBuild,
    DrillCard,
    DrillReview,
    DrillSettings,
    ModuleSync,
    PracticeStats,
)
from drills.errors import Conflict, InvalidInput, NotFound
from drills.kinds import BUILDER_VERSION, KINDS, Teaches, kind_of, payload_of
from drills.models import Launch, Module, ModuleVersion
from drills.modules import ActiveLaunch, playbook_of, published_versions, stored_diff
from drills.playbook_diff import PlaybookDiff, diff_playbooks
from drills.scheduling import (
    CardState,
    Rating,
    as_utc,
    check_retention,
    review,
)

MAX_ANSWER = 500
# New cards are introduced in the registry's order (recall first, spoken last).
_KIND_ORDER = {kind: order for order, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class DueCard:
    """A card ready to be shown, with its drill."""

    card: DrillCard
    drill: Drill

    @property
    def shown_state(self) -> str:
        return shown_state_of(self.card)


@dataclass(frozen=True)
class AnswerResult:
    """What answering did: the rating, the new schedule and the feedback to show."""

    card: DrillCard
    drill: Drill
    rating: Rating
    verdict: Verdict | None
    answer: str | None = None  # what the rep sent, for the kinds that judge an answer
    review: dict[str, Any] | None = None  # the raw review log row written, with its id


def shown_state_of(card: DrillCard) -> str:
    """The token an answer must echo: changes with every review of the card."""
    return f"{card.id}.{card.reviews}"


# --- settings ----------------------------------------------------------------------------


# Rows read several times while serving one card are kept on the session for the
# request: the session's identity map holds objects weakly, so a row nobody still
# references would be read from the database again on the next call.
_SETTINGS_KEY = "drills.settings"
_STATS_KEY = "drills.stats"
_SETTINGS = select(DrillSettings).where(DrillSettings.id == 1)
_STATS = select(PracticeStats).where(PracticeStats.user_id == bindparam("user_id"))


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _forget_rows(session: OrmSession) -> None:
    # Kept for one transaction only: a later one must read what others wrote meanwhile.
    session.info.pop(_SETTINGS_KEY, None)
    session.info.pop(_STATS_KEY, None)


def get_settings(*, session: Session) -> DrillSettings:
    """The organisation's drill settings (defaults until someone saves them)."""
    row: DrillSettings | None = session.info.get(_SETTINGS_KEY)
    if row is None:
        row = session.execute(_SETTINGS).scalar_one_or_none() or DrillSettings()
        session.info[_SETTINGS_KEY] = row
    return row


def update_settings(*, session: Session, desired_retention: float, new_per_day: int,
                    session_cards: int, by: int | None, now: datetime) -> DrillSettings:
    """Change the organisation's retention target and daily limits."""
    try:
        retention = check_retention(desired_retention)
    except ValueError as exc:
        raise InvalidInput(f"Desired retention: {exc}.") from None
    if not 0 <= new_per_day <= 200:
        raise InvalidInput("New cards per day must be between 0 and 200.")
    if not 3 <= session_cards <= 60:
        raise InvalidInput("Cards per session must be between 3 and 60.")
    row = session.get(DrillSettings, 1) or DrillSettings(id=1)
    row.desired_retention, row.new_per_day, row.session_cards = retention, new_per_day, \
        session_cards
    row.updated_at, row.updated_by_id = now, by
    session.add(row)
    session.flush()
    session.info[_SETTINGS_KEY] = row
    return row


# --- building drills per version -----------------------------------------------------------


def _unchanged(diff: PlaybookDiff) -> set[tuple[str, str]]:
    """(family, subject) pairs the diff marks unchanged; their drills keep their schedule."""
    out = {("message", m.id) for m in diff.messages if m.status == "unchanged"}
    return out | {("objection", o.id) for o in diff.objections if o.status == "unchanged"}


def _teaches(drill: Drill) -> Teaches:
    # Message and objection ids are unique only within their own list, so a drill is told
    # apart by what it teaches too (a spoken drill teaches either).
    return payload_of(drill).teaches()


def _diff_for(version: ModuleVersion, previous: ModuleVersion) -> PlaybookDiff:
    stored = stored_diff(version)
    if stored is not None and stored.old_version == previous.version:
        return stored
    return diff_playbooks(playbook_of(previous), playbook_of(version))


def _build_version(session: Session, module_id: int, version: ModuleVersion,
                   previous: ModuleVersion | None, now: datetime) -> None:
    specs: list[DrillSpec] = build_drills(playbook_of(version))
    current = {(d.kind, _teaches(d), d.subject): d for d in session.exec(select(Drill).where(
        Drill.module_id == module_id, col(Drill.until_version).is_(None)))}
    keep = _unchanged(_diff_for(version, previous)) if previous is not None else set()
    for spec in specs:
        old = current.pop((spec.kind.value, spec.teaches, spec.subject), None)
        if old is not None and (spec.teaches, spec.subject) in keep:
            old.payload = spec.payload  # same message: fresher distractors, same schedule
            old.fingerprint = spec.fingerprint
            session.add(old)
            continue
        if old is not None:
            old.until_version = version.version
            session.add(old)
        session.add(Drill(module_id=module_id, kind=spec.kind.value, subject=spec.subject,
                          fingerprint=spec.fingerprint, since_version=version.version,
                          payload=spec.payload, created_at=now))
    for gone in current.values():  # removed from the playbook: retired, history kept
        gone.until_version = version.version
        session.add(gone)


def _upgrade_builds(session: Session, module_id: int, versions: Sequence[ModuleVersion],
                    built_to: int, builder: int, now: datetime) -> None:
    """Give versions built by an older builder the drills of the kinds introduced since
    (spoken drills, builder 2), idempotently.

    A new kind's drill teaches the same item as a drill of a kind the older builder had
    (a message's recall drill, an objection's objection drill), so it takes that
    sibling's version range: the history of which versions changed the item is already
    worked out there, and no diff is re-run.
    """
    newer = [k for k in KINDS.values() if k.since_builder > builder]
    drills = list(session.exec(select(Drill).where(Drill.module_id == module_id)))
    have = {(d.kind, _teaches(d), d.subject, d.since_version) for d in drills}
    siblings: dict[tuple[Teaches, str, int], Drill] = {}
    for drill in drills:
        if kind_of(drill.kind).since_builder <= builder:
            siblings.setdefault((_teaches(drill), drill.subject, drill.since_version), drill)
    built = [v for v in versions if v.version <= built_to]
    for (teaches, subject, since), sibling in siblings.items():
        # The playbook of the newest version in the range (unchanged items get fresh payloads).
        inside = [v for v in built if v.version >= since and (
            sibling.until_version is None or v.version < sibling.until_version)]
        if not inside:
            continue
        playbook = playbook_of(inside[-1])
        item = playbook.message(subject) if teaches == "message" else playbook.objection(subject)
        if item is None:
            continue
        for kind in newer:
            spec = build_for(kind, playbook, item)
            if spec is None or (kind.kind, teaches, subject, since) in have:
                continue
            session.add(Drill(module_id=module_id, kind=spec.kind.value, subject=spec.subject,
                              fingerprint=spec.fingerprint, since_version=since,
                              until_version=sibling.until_version, payload=spec.payload,
                              created_at=now))
            have.add((kind.kind, teaches, subject, since))


def ensure_built(*, session: Session, module: Module, version: int, now: datetime) -> None:
    """Build drills for every published version up to `version`, oldest first, once."""
    assert module.id is not None
    build = session.get(DrillBuild, module.id)
    if build is not None and build.version >= version and build.builder >= BUILDER_VERSION:
        return
    done = build.version if build else 0
    versions = sorted(published_versions(session=session, module=module),
                      key=lambda v: v.version)
    if build is not None and build.builder < BUILDER_VERSION:
        # Before building anything newer, so the next version carries these drills on.
        _upgrade_builds(session, module.id, versions, done, build.builder, now)
        session.flush()
    previous = next((v for v in reversed(versions) if v.version <= done), None)
    for row in versions:
        if done < row.version <= version:
            _build_version(session, module.id, row, previous, now)
            previous = row
    session.flush()
    build = build or DrillBuild(module_id=module.id, version=version)
    build.version, build.built_at = max(version, done), now
    build.builder = BUILDER_VERSION
    session.add(build)
    session.flush()


def drills_of_version(*, session: Session, module_id: int, version: int) -> Sequence[Drill]:
    """The drills a rep on this version practises."""
    return session.exec(select(Drill).where(
        Drill.module_id == module_id, Drill.since_version <= version,
        (col(Drill.until_version).is_(None)) | (col(Drill.until_version) > version),
    ).order_by(col(Drill.id))).all()


# --- aligning a rep's cards with their launches ----------------------------------------------


def _align(session: Session, user_id: int, module_id: int, version: int,
           now: datetime) -> None:
    wanted = {d.id: d for d in drills_of_version(session=session, module_id=module_id,
                                                 version=version)}
    cards = session.exec(select(DrillCard).where(DrillCard.user_id == user_id,
                                                 DrillCard.module_id == module_id)).all()
    have = set()
    for card in cards:
        have.add(card.drill_id)
        queue = (SCHEDULED if card.reviews else NEW_QUEUE) if card.drill_id in wanted else RETIRED
        if card.queue != queue:
            card.queue = queue
            session.add(card)
    fresh = sorted((d for i, d in wanted.items() if i not in have),
                   key=lambda d: (_KIND_ORDER.get(d.kind, len(_KIND_ORDER)), d.id or 0))
    for drill in fresh:
        assert drill.id is not None
        session.add(DrillCard(user_id=user_id, drill_id=drill.id, module_id=module_id,
                              queue=NEW_QUEUE, due=now, created_at=now))


# The statements a rep's every drill request runs are built once: SQLAlchemy then skips
# building each statement and its cache key per call, which costs more than the query.
_SYNC_ANY = select(ModuleSync.module_id).where(ModuleSync.user_id == bindparam("user_id")) \
    .limit(1)
_SYNC_CHECK = (
    select(Launch.module_id, ModuleVersion.version, ModuleSync.version,  # type: ignore[call-overload]
           ModuleSync.builder,
           select(func.count()).select_from(ModuleSync)
           .where(ModuleSync.user_id == bindparam("user_id")).correlate(None)
           .scalar_subquery())
    .join(ModuleVersion, col(ModuleVersion.id) == Launch.module_version_id)
    .outerjoin(ModuleSync, (col(ModuleSync.user_id) == bindparam("user_id"))
               & (col(ModuleSync.module_id) == Launch.module_id))
    .where(col(Launch.team_id).in_(bindparam("team_ids", expanding=True)),
           col(Launch.replaced_at).is_(None)))


def rep_in_sync(*, session: Session, user_id: int, team_ids: Iterable[int]) -> bool:
    """True when `sync_rep` would change nothing for the launches to these teams: every
    active launch's version matches the rep's sync row (current builder) and the rep has
    no sync row for a module no longer launched. One query, no playbook content loaded."""
    ids = sorted(set(team_ids))
    rows = session.execute(_SYNC_CHECK, {"user_id": user_id, "team_ids": ids}).all() \
        if ids else []
    if not rows:
        return session.execute(_SYNC_ANY, {"user_id": user_id}).first() is None
    for _module_id, version, synced_version, builder, _count in rows:
        if synced_version != version or builder is None or builder < BUILDER_VERSION:
            return False
    return len({row[0] for row in rows}) == rows[0][4]


def sync_rep(*, session: Session, user_id: int, launches: Iterable[ActiveLaunch],
             now: datetime) -> bool:
    """Give the rep cards for their launched versions; retire the rest. True if changed."""
    active = {a.module.id: a for a in launches if a.module.id is not None}
    synced = {s.module_id: s for s in session.exec(
        select(ModuleSync).where(ModuleSync.user_id == user_id))}
    changed = False
    for module_id, item in active.items():
        row = synced.get(module_id)
        if (row is not None and row.version == item.version.version
                and row.builder >= BUILDER_VERSION):
            continue
        ensure_built(session=session, module=item.module, version=item.version.version, now=now)
        _align(session, user_id, module_id, item.version.version, now)
        row = row or ModuleSync(user_id=user_id, module_id=module_id, version=0)
        row.version, row.synced_at = item.version.version, now
        row.builder = BUILDER_VERSION
        session.add(row)
        changed = True
    for module_id, row in synced.items():
        if module_id not in active:  # the team no longer has the module (moved team)
            session.execute(update(DrillCard).where(
                col(DrillCard.user_id) == user_id, col(DrillCard.module_id) == module_id)
                .values(queue=RETIRED))
            session.delete(row)
            changed = True
    if changed:
        session.flush()
    return changed


# --- the queue -------------------------------------------------------------------------------


def _stats_row(session: Session, user_id: int) -> PracticeStats | None:
    cache: dict[int, PracticeStats | None] = session.info.setdefault(_STATS_KEY, {})
    if user_id not in cache:
        cache[user_id] = session.execute(_STATS, {"user_id": user_id}).scalar_one_or_none()
    return cache[user_id]


def _stats(session: Session, user_id: int) -> PracticeStats:
    stats = _stats_row(session, user_id)
    if stats is None:
        stats = PracticeStats(user_id=user_id)
        session.info[_STATS_KEY][user_id] = stats
    return stats


def new_left_today(*, session: Session, user_id: int, now: datetime,
                   settings: DrillSettings | None = None) -> int:
    """How many new cards the rep may still start today."""
    settings = settings or get_settings(session=session)
    stats = _stats_row(session, user_id)
    used = stats.new_count if stats and stats.new_day == as_utc(now).date() else 0
    return max(0, settings.new_per_day - used)


_CARD_AND_DRILL = select(DrillCard, Drill).join(Drill, col(Drill.id) == DrillCard.drill_id)
_DUE_REVIEWS = (_CARD_AND_DRILL
                .where(DrillCard.user_id == bindparam("user_id"), DrillCard.queue == SCHEDULED,
                       DrillCard.due <= bindparam("now"))
                .order_by(col(DrillCard.due)).limit(bindparam("limit")))
_NEW_CARDS = (_CARD_AND_DRILL
              .where(DrillCard.user_id == bindparam("user_id"), DrillCard.queue == NEW_QUEUE)
              .order_by(col(DrillCard.id)).limit(bindparam("limit")))


def due_queue(*, session: Session, user_id: int, now: datetime, limit: int = 20,
              settings: DrillSettings | None = None) -> list[DueCard]:
    """Cards due now: reviews by due date, then new cards within today's allowance."""
    settings = settings or get_settings(session=session)
    rows = list(session.execute(_DUE_REVIEWS, {"user_id": user_id, "now": now,
                                               "limit": limit}).tuples())
    room = min(limit - len(rows), new_left_today(session=session, user_id=user_id, now=now,
                                                 settings=settings))
    if room > 0:
        rows += session.execute(_NEW_CARDS, {"user_id": user_id, "limit": room}).tuples()
    return [DueCard(card=c, drill=d) for c, d in rows]


@dataclass(frozen=True)
class QueueCounts:
    """The rep's queue at a glance: reviews due now, new cards waiting, next due date."""

    reviews_due: int
    new_waiting: int
    next_due: datetime | None

    def due_count(self, new_left: int) -> int:
        """Cards practicable now: reviews due plus new cards within today's allowance."""
        return self.reviews_due + min(self.new_waiting, new_left)


_SCHEDULED = col(DrillCard.queue) == SCHEDULED
_QUEUE_COUNTS = select(
    func.count(case((_SCHEDULED & (col(DrillCard.due) <= bindparam("now")), 1))),
    func.count(case((col(DrillCard.queue) == NEW_QUEUE, 1))),
    func.min(case((_SCHEDULED, DrillCard.due))),
).where(DrillCard.user_id == bindparam("user_id"))


def queue_counts(*, session: Session, user_id: int, now: datetime) -> QueueCounts:
    """Reviews due, new cards waiting and the next scheduled due date, in one scan."""
    reviews, new, upcoming = session.execute(_QUEUE_COUNTS,
                                             {"user_id": user_id, "now": now}).one()
    return QueueCounts(reviews_due=int(reviews), new_waiting=int(new), next_due=upcoming)


def due_count(*, session: Session, user_id: int, now: datetime,
              settings: DrillSettings | None = None) -> int:
    """How many cards the rep could practise now (reviews due + new allowed today)."""
    counts = queue_counts(session=session, user_id=user_id, now=now)
    return counts.due_count(new_left_today(session=session, user_id=user_id, now=now,
                                           settings=settings))


def next_due_at(*, session: Session, user_id: int) -> datetime | None:
    """When the rep's next scheduled card falls due."""
    return session.exec(select(func.min(DrillCard.due)).where(
        DrillCard.user_id == user_id, DrillCard.queue == SCHEDULED)).one()


def streak(*, session: Session, user_id: int, now: datetime) -> int:
    """Consecutive UTC days with practice, ending today or yesterday."""
    stats = _stats_row(session, user_id)
    if stats is None or stats.last_day is None:
        return 0
    return stats.streak if stats.last_day >= as_utc(now).date() - timedelta(days=1) else 0


def reviewed_today(*, session: Session, user_id: int, now: datetime) -> int:
    """Answers given today (UTC)."""
    start = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(session.exec(select(func.count()).select_from(DrillReview).where(
        DrillReview.user_id == user_id, DrillReview.reviewed_at >= start)).one())


# --- answering -------------------------------------------------------------------------------


_CARD_OF_USER = _CARD_AND_DRILL.where(DrillCard.user_id == bindparam("user_id"),
                                      DrillCard.drill_id == bindparam("drill_id"))


def _load(session: Session, user_id: int, drill_id: int) -> tuple[DrillCard, Drill]:
    row = session.execute(_CARD_OF_USER, {"user_id": user_id, "drill_id": drill_id}).first()
    if row is None:
        raise NotFound(f"There is no drill {drill_id} in your practice.")
    return row[0], row[1]


def _judge(drill: Drill, rating: int | None, answer: str | None) -> tuple[Rating, Verdict | None]:
    kind = kind_of(drill.kind)
    if kind.judge is None:  # rated by the rep (or, for a spoken drill, by its scored take)
        if rating is None:
            raise InvalidInput("This drill is rated by you: send a rating from 1 (Again) "
                               "to 4 (Easy).")
        if answer is not None:
            raise InvalidInput("Send a rating, not an answer, for this drill.")
        try:
            return Rating(rating), None
        except ValueError:
            raise InvalidInput("A rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).") from None
    if rating is not None or answer is None:
        raise InvalidInput("This drill checks your answer: send the answer, not a rating.")
    if len(answer) > MAX_ANSWER:
        raise InvalidInput(f"An answer can be at most {MAX_ANSWER} characters.")
    verdict = kind.judge(payload_of(drill), answer)
    return verdict.rating, verdict


def _check_answerable(session: Session, card: DrillCard, shown_state: str, now: datetime,
                      settings: DrillSettings) -> None:
    if card.queue == RETIRED:
        raise Conflict("This drill was retired: its message changed or left the playbook. "
                       "Your history is kept.")
    if shown_state != shown_state_of(card):
        raise Conflict("This card was already answered (a double tap or an old screen). "
                       "It was counted once.")
    if card.queue == NEW_QUEUE and new_left_today(session=session, user_id=card.user_id,
                                                  now=now, settings=settings) <= 0:
        raise Conflict("You have started today's new cards. Come back tomorrow for more.")
    if card.queue == SCHEDULED and as_utc(card.due) > as_utc(now):
        raise Conflict("This card is not due yet.")


def require_answerable(*, session: Session, user_id: int, drill_id: int, shown_state: str,
                       now: datetime) -> DueCard:
    """The rep's card if it could be answered now with this shown state, else raise.

    A spoken answer is checked at upload too, so a stale screen is refused before the
    rep waits for a transcription that could not count.
    """
    card, drill = _load(session, user_id, drill_id)
    _check_answerable(session, card, shown_state, now, get_settings(session=session))
    return DueCard(card=card, drill=drill)


def get_card(*, session: Session, user_id: int, drill_id: int) -> DueCard:
    """The rep's card for a drill (NotFound if the drill is not in their practice)."""
    card, drill = _load(session, user_id, drill_id)
    return DueCard(card=card, drill=drill)


@dataclass(frozen=True)
class PreparedAnswer:
    """An answer checked and scheduled, not yet written (see `record_answer`)."""

    card: DrillCard
    drill: Drill
    rating: Rating
    verdict: Verdict | None
    after: CardState
    reviews_before: int
    lapses_before: int
    state_before: int
    now: datetime
    answer: str | None
    duration_ms: int | None
    score: float | None


def prepare_answer(*, session: Session, user_id: int, drill_id: int, shown_state: str,
                   rating: int | None = None, answer: str | None = None, now: datetime,
                   duration_ms: int | None = None, desired_retention: float | None = None,
                   fuzz: bool = True, score: float | None = None) -> PreparedAnswer:
    """Check an answer and work out the card's next schedule, reading only.

    Nothing is written, so a caller may do this before waiting for its turn to write;
    `record_answer` then refuses it if the card changed meanwhile.
    """
    card, drill = _load(session, user_id, drill_id)
    settings = get_settings(session=session)
    _check_answerable(session, card, shown_state, now, settings)
    chosen_rating, verdict = _judge(drill, rating, answer)
    before = CardState(state=card.state, step=card.step, stability=card.stability,
                       difficulty=card.difficulty, due=card.due, last_review=card.last_review)
    after = review(before, chosen_rating, now=now, fuzz=fuzz,
                   desired_retention=desired_retention or settings.desired_retention)
    return PreparedAnswer(card=card, drill=drill, rating=chosen_rating, verdict=verdict,
                          after=after, reviews_before=card.reviews, lapses_before=card.lapses,
                          state_before=card.state, now=now, answer=answer,
                          duration_ms=duration_ms, score=score)


def record_answer(*, session: Session, prepared: PreparedAnswer) -> AnswerResult:
    """Write a prepared answer: the card's new schedule, the raw review log, the day's
    counts. Counted once: a card answered since it was prepared is refused (409)."""
    p, card, drill = prepared, prepared.card, prepared.drill
    was_new = p.reviews_before == 0
    if was_new and new_left_today(session=session, user_id=card.user_id, now=p.now) <= 0:
        raise Conflict("You have started today's new cards. Come back tomorrow for more.")
    lapse = int(p.state_before == 2 and p.rating == Rating.AGAIN)
    # Optimistic lock on the review counter: of two racing requests one updates, one 409s.
    values = {"state": p.after.state, "step": p.after.step, "stability": p.after.stability,
              "difficulty": p.after.difficulty, "due": p.after.due,
              "last_review": p.after.last_review, "reviews": p.reviews_before + 1,
              "lapses": p.lapses_before + lapse, "queue": SCHEDULED}
    done = session.execute(_ANSWER_CARD, {
        **values, "card_id": card.id, "reviews_before": p.reviews_before,
    }).rowcount  # type: ignore[attr-defined]
    if done != 1:
        raise Conflict("This card was already answered (a double tap or an old screen). "
                       "It was counted once.")
    for name, value in values.items():  # what was written, without re-reading the row
        set_committed_value(card, name, value)
    assert card.id is not None and drill.id is not None
    review: dict[str, Any] = {
        "card_id": card.id, "user_id": card.user_id, "drill_id": drill.id,
        "rating": int(p.rating), "reviewed_at": p.now, "duration_ms": p.duration_ms,
        "source": _source(drill.kind, scored=p.score is not None), "answer": p.answer,
        "correct": p.verdict.correct if p.verdict else None, "score": p.score,
        "state_before": p.state_before, "state_after": p.after.state,
        "stability_after": p.after.stability, "difficulty_after": p.after.difficulty,
        "due_after": p.after.due or p.now}
    logged = session.execute(_LOG_REVIEW, review)
    review["id"] = logged.inserted_primary_key[0]  # type: ignore[attr-defined]
    _count_day(session, card.user_id, p.now, new=was_new)
    session.flush()
    return AnswerResult(card=card, drill=drill, rating=p.rating, verdict=p.verdict,
                        answer=p.answer if p.verdict is not None else None,
                        review=review)


def answer(*, session: Session, user_id: int, drill_id: int, shown_state: str,
           rating: int | None = None, answer: str | None = None, now: datetime,
           duration_ms: int | None = None, desired_retention: float | None = None,
           fuzz: bool = True, score: float | None = None) -> AnswerResult:
    """Answer a due card once: check it, reschedule with FSRS, log the raw review.

    A spoken drill takes a rating either way: from its scored take (with `score`) or
    from the rep, when they could not speak (without).
    """
    prepared = prepare_answer(session=session, user_id=user_id, drill_id=drill_id,
                              shown_state=shown_state, rating=rating, answer=answer, now=now,
                              duration_ms=duration_ms, desired_retention=desired_retention,
                              fuzz=fuzz, score=score)
    return record_answer(session=session, prepared=prepared)


# Core statements (no ORM unit of work) for the two writes of every answer.
_ANSWER_CARD = DrillCard.__table__.update().where(  # type: ignore[attr-defined]
    DrillCard.__table__.c.id == bindparam("card_id"),  # type: ignore[attr-defined]
    DrillCard.__table__.c.reviews == bindparam("reviews_before"),  # type: ignore[attr-defined]
).values({name: bindparam(name) for name in (
    "state", "step", "stability", "difficulty", "due", "last_review", "reviews", "lapses",
    "queue")})
_LOG_REVIEW = DrillReview.__table__.insert()  # type: ignore[attr-defined]


def _source(kind: str, *, scored: bool) -> str:
    # A scored take answers a spoken drill; unscored, its rep rated themself ("tap").
    return "spoken" if scored else kind_of(kind).source


def _count_day(session: Session, user_id: int, now: datetime, *, new: bool) -> None:
    stats = _stats(session, user_id)
    today: date = as_utc(now).date()
    if stats.last_day != today:
        yesterday = today - timedelta(days=1)
        stats.streak = stats.streak + 1 if stats.last_day == yesterday else 1
        stats.best_streak = max(stats.best_streak, stats.streak)
        stats.last_day = today
    if new:
        stats.new_count = stats.new_count + 1 if stats.new_day == today else 1
        stats.new_day = today
    session.add(stats)


def card_view(due: DueCard, *, reveal: bool) -> dict[str, Any]:
    """What a client may see of a card before answering (no answers for checked kinds)."""
    drill = due.drill
    out: dict[str, Any] = {"drill_id": drill.id, "kind": drill.kind,
                           "shown_state": due.shown_state, "new": due.card.reviews == 0,
                           "module_id": drill.module_id}
    # The showing seeds what a kind shuffles: a reload keeps the order, a retry does not.
    out.update(kind_of(drill.kind).view(payload_of(drill), reveal,
                                        f"{drill.id}:{due.shown_state}"))
    return out
