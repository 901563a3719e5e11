"""Recorded pitches, as the pages, the API and live practice use them: which version a
person practises, the pitch a URL names, who may read an attempt, and the upload (checked
in a read, stored outside any transaction, then written in one short write turn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.db import begin_write
from app.models import User
from app.pitch_pipeline import attempt_json, retry, stage_names, submit
from app.pitches.views import result_view
from app.users import Account
from app.web import fmt_time
from drills import attempts
from drills.attempt_models import DONE, PitchAttempt
from drills.attempts import StoredAudio
from drills.drill_models import Drill
from drills.errors import InvalidInput, NotFound, NotPermitted
from drills.kinds import payload_of
from drills.models import Module, ModuleVersion
from drills.modules import active_launches, get_module, latest_published, playbook_of
from drills.playbook_format import Pitch, Playbook
from drills.practice.answering import require_answerable
from drills.practice.cards import get_card
from drills.scheduling import interval_text
from drills.scoring import stored_result
from drills.spoken_drills import spoken_drill

# --- what a person practises ----------------------------------------------------------------


def practice_version(session: Session, account: Account, module: Module) -> ModuleVersion:
    """The version this person practises: their team's current launch (authors: latest)."""
    current = [a for a in active_launches(session=session,
                                          team_ids=account.policy.readable_team_ids)
               if a.module.id == module.id]
    if current:
        return max(current, key=lambda a: a.version.version).version
    if account.policy.may_author:
        latest = latest_published(session=session, module=module)
        if latest is not None:
            return latest
    raise NotFound(f"There is no module '{module.slug}' launched to your team.")


@dataclass(frozen=True)
class PitchTarget:
    module: Module
    version: ModuleVersion
    playbook: Playbook
    pitch: Pitch


def resolve_pitch(session: Session, account: Account, slug: str, pitch_id: str) -> PitchTarget:
    """The module, version and pitch named in a URL or form, if this person may practise it."""
    module = get_module(session=session, slug=slug)
    version = practice_version(session, account, module)
    playbook = playbook_of(version)
    pitch = playbook.pitch(pitch_id)
    if pitch is None:
        raise NotFound(f"Module '{slug}' has no pitch '{pitch_id}'.")
    return PitchTarget(module=module, version=version, playbook=playbook, pitch=pitch)


def pitch_groups(*, session: Session, account: Account) -> dict[str, Any]:
    """Every pitch of the modules launched to this person's teams, with their best score,
    and their latest takes."""
    groups = []
    seen: set[int] = set()
    launched = active_launches(session=session, team_ids=account.policy.readable_team_ids)
    for item in launched:
        if item.module.id in seen:
            continue
        seen.add(item.module.id or 0)
        version = practice_version(session, account, item.module)
        pb = playbook_of(version)
        if not pb.pitches:
            continue
        best = attempts.best_scores(session=session, user_id=account.id,
                                    module_id=item.module.id or 0)
        groups.append({"module": item.module, "pb": pb, "version": version, "best": best,
                       "due": item.launch.due_at})
    recent = attempts.list_for_user(session=session, user_id=account.id, limit=5)
    return {"groups": groups, "recent": recent,
            "modules": {item.module.id: item.module for item in launched}}


def prior_takes(*, session: Session, account: Account, target: PitchTarget,
                limit: int = 5) -> list[PitchAttempt]:
    """This person's latest takes of the pitch."""
    return [a for a in attempts.list_for_user(session=session, user_id=account.id,
                                              module_ids=[target.module.id or 0])
            if a.pitch_id == target.pitch.id][:limit]


# --- reading an attempt -------------------------------------------------------------------


def readable_attempt(session: Session, account: Account, attempt_id: int) -> PitchAttempt:
    """An attempt the caller may read (the rep, their managers, admins), else NotFound."""
    attempt = attempts.get(session=session, attempt_id=attempt_id)
    owner = session.get(User, attempt.user_id)
    return attempts.require_readable(attempt=attempt,
                                     owner_team_id=owner.team_id if owner else None,
                                     reader=account.policy)


def attempt_status(*, session: Session, account: Account, attempt_id: int) -> dict[str, Any]:
    """The API's view of an attempt: status, and when done the CLI's result object."""
    attempt = readable_attempt(session, account, attempt_id)
    module = session.get(Module, attempt.module_id)
    return attempt_json(attempt, module_slug=module.slug if module else "")


def first_name(user: User) -> str:
    """What the pages call a rep in a sentence about their take ("Riley conveyed...")."""
    return (user.name or user.email).split()[0]


def scored_playbook(session: Session, attempt: PitchAttempt) -> Playbook:
    """The playbook of the version a take was scored against."""
    version = session.get(ModuleVersion, attempt.module_version_id)
    assert version is not None
    return playbook_of(version)


def explained_result(session: Session, attempt: PitchAttempt) -> dict[str, Any]:
    """A scored take explained against its version (the attempt and review pages)."""
    return result_view(scored_playbook(session, attempt), attempt)


def attempt_context(*, session: Session, account: Account,
                    attempt: PitchAttempt) -> dict[str, Any]:
    """What the attempt page shows: progress, then the explained result, the card a spoken
    drill's take answered, and the earlier takes of the same pitch."""
    version = session.get(ModuleVersion, attempt.module_version_id)
    module = session.get(Module, attempt.module_id)
    assert version is not None and module is not None
    pb = playbook_of(version)
    owner = session.get(User, attempt.user_id)
    ctx: dict[str, Any] = {
        "attempt": attempt, "module": module, "pb": pb, "version": version,
        "pitch": pb.pitch(attempt.pitch_id) if attempt.pitch_id else None,
        "own": attempt.user_id == account.id, "owner": owner,
        "stages": stage_names(), "fmt_time": fmt_time,
    }
    if attempt.drill_id is not None:
        drill = session.get(Drill, attempt.drill_id)
        if drill is not None:  # (the page says "Spoken drill" when it is gone)
            ctx["drill"] = payload_of(drill)
        outcome = (attempt.result or {}).get("drill")
        if outcome and outcome.get("due"):
            due = datetime.fromisoformat(outcome["due"])
            outcome = {**outcome, "interval": interval_text(due, attempt.finished_at or due)}
        ctx["drill_answer"] = outcome
    if attempt.status == DONE:
        rep = first_name(owner) if owner is not None and not ctx["own"] else None
        ctx.update(result_view(pb, attempt, rep))
        ctx["previous"] = [
            {"a": a, "r": stored_result(a.result) if a.result else None}
            for a in attempts.previous_on_pitch(session=session, attempt=attempt)]
    return ctx


def retry_attempt(*, session: Session, account: Account, attempt_id: int) -> PitchAttempt:
    """Process a failed attempt's recording again (only the rep who recorded it)."""
    attempt = readable_attempt(session, account, attempt_id)
    if attempt.user_id != account.id:
        raise NotPermitted("Only the rep who recorded it can retry an attempt.")
    return retry(session=session, attempt=attempt)


# --- the upload ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadTarget:
    """What an upload is for, checked while reading; `existing` answers a retried upload."""

    slug: str
    module_id: int
    version_id: int
    pitch_id: str | None = None
    drill_id: int | None = None
    shown_state: str | None = None
    existing: PitchAttempt | None = None


def split_pitch(module: str | None, pitch: str | None) -> tuple[str, str]:
    """Accept `module` + `pitch`, or `pitch` as "module-slug/pitch-id"."""
    pitch = (pitch or "").strip()
    module = (module or "").strip()
    if not module and "/" in pitch:
        module, _, pitch = pitch.partition("/")
    if not module or not pitch:
        raise InvalidInput("Name the pitch: send `module` (the module's slug) and `pitch` "
                           "(the pitch id), or `pitch` as 'module-slug/pitch-id'.")
    return module, pitch


def upload_target(session: Session, account: Account, key: str, *, module: str | None,
                  pitch: str | None, drill: int | None, shown_state: str | None,
                  now: datetime) -> UploadTarget:
    """Check, before the recording is read, what an upload is for: a pitch (`module` and
    `pitch`) or a spoken drill's card (`drill` with the `shown_state` the rep saw). A
    retried upload (the same key) must name the same thing; it is answered with the
    attempt it created. The read ends here (SQLite cannot upgrade it to a write)."""
    if drill is not None:
        target = _drill_target(session, account, key, drill, shown_state, now)
    else:
        target = _pitch_target(session, account, key, module, pitch)
    session.commit()
    return target


def _retried(session: Session, user_id: int, key: str, *, module_id: int,
             pitch_id: str | None, drill_id: int | None) -> PitchAttempt | None:
    """The attempt an earlier upload with this key created, if it names the same target."""
    existing = attempts.find_by_key(session=session, user_id=user_id, key=key)
    if existing is not None:
        attempts.require_same_target(attempt=existing, module_id=module_id,
                                     pitch_id=pitch_id, drill_id=drill_id)
    return existing


def _pitch_target(session: Session, account: Account, key: str, module: str | None,
                  pitch: str | None) -> UploadTarget:
    slug, pitch_id = split_pitch(module, pitch)
    target = resolve_pitch(session, account, slug, pitch_id)
    module_id = target.module.id or 0
    existing = _retried(session, account.id, key, module_id=module_id, pitch_id=pitch_id,
                        drill_id=None)
    return UploadTarget(slug=slug, module_id=module_id, version_id=target.version.id or 0,
                        pitch_id=pitch_id, existing=existing)


def _drill_target(session: Session, account: Account, key: str, drill_id: int,
                  shown_state: str | None, now: datetime) -> UploadTarget:
    # Only the rep who owns the card: anyone else's drill is simply not found.
    due = get_card(session=session, user_id=account.id, drill_id=drill_id)
    drill = spoken_drill(session=session, drill_id=drill_id)
    module = session.get(Module, drill.module_id)
    if module is None:
        raise NotFound(f"There is no drill {drill_id} in your practice.")
    # A retried upload (perhaps after the take already answered the card): same answer.
    existing = _retried(session, account.id, key, module_id=module.id or 0, pitch_id=None,
                        drill_id=drill_id)
    version_id = 0
    if existing is None:
        if not (shown_state or "").strip():
            raise InvalidInput("Send the card's shown_state with a spoken drill's recording.")
        require_answerable(session=session, user_id=account.id, drill_id=drill_id,
                           shown_state=shown_state or "", now=now)
        version_id = practice_version(session, account, module).id or 0
    return UploadTarget(slug=module.slug, module_id=module.id or 0, version_id=version_id,
                        drill_id=due.drill.id, shown_state=shown_state, existing=existing)


def record_upload(session: Session, user_id: int, key: str, target: UploadTarget,
                  stored: StoredAudio, now: datetime) -> tuple[PitchAttempt, bool]:
    """The short write: the attempt row and its job (or the attempt a concurrent retry of
    the same upload created first). True when this call created it."""
    begin_write(session)
    try:
        attempt, created = attempts.create(
            session=session, user_id=user_id, key=key, module_id=target.module_id,
            module_version_id=target.version_id, pitch_id=target.pitch_id,
            drill_id=target.drill_id, shown_state=target.shown_state, audio=stored, now=now)
        if created:
            submit(session=session, attempt=attempt)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return attempt, created

