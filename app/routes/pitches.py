"""Recorded pitch practice on the phone: pick a pitch, read the rubric, record, see the result.

The recorder page uploads to `POST /api/v1/attempts` (session cookie + X-CSRF-Token), so
the page and the API share one upload path; these routes render pages and fragments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlmodel import Session

from app import audio_storage
from app.deps import CurrentUser, SessionDep, SettingsDep
from app.models import User
from app.pitch_pipeline import retry, stage_names
from app.users import Account
from app.web import redirect, render
from drills import attempts
from drills.attempt_models import DONE, FAILED, PitchAttempt
from drills.drill_models import Drill
from drills.errors import NotFound, NotPermitted
from drills.models import Module, ModuleVersion
from drills.modules import (
    active_launches,
    get_module,
    latest_published,
    playbook_of,
)
from drills.playbook_format import Pitch, Playbook, Point
from drills.scheduling import interval_text
from drills.scoring import (
    DEFAULT_WPM_BAND,
    FORBIDDEN_PENALTY,
    RETIRED_PENALTY,
    StoredResult,
    stored_result,
)
from drills.scoring.coaching import coaching_for, duration_note, explain_score

router = APIRouter(include_in_schema=False)


# --- shared with the API -------------------------------------------------------------------


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


def readable_attempt(session: Session, account: Account, attempt_id: int) -> PitchAttempt:
    """An attempt the caller may read (the rep, their managers, admins), else NotFound."""
    attempt = attempts.get(session=session, attempt_id=attempt_id)
    owner = session.get(User, attempt.user_id)
    return attempts.require_readable(attempt=attempt,
                                     owner_team_id=owner.team_id if owner else None,
                                     reader=account.policy)


def audio_response(settings_data_dir: Any, attempt: PitchAttempt) -> Response:
    """The stored recording, with range support so the player can seek to a timestamp."""
    path = audio_storage.resolve(settings_data_dir, attempt.audio_path)
    if not path.is_file():
        raise NotFound("This recording's file is missing on the server.")
    return FileResponse(path, media_type=attempt.content_type,
                        headers={"Cache-Control": "private, max-age=3600"},
                        filename=f"attempt-{attempt.id}.{path.suffix.lstrip('.')}",
                        content_disposition_type="inline")


# --- view helpers ---------------------------------------------------------------------------


def whole_shares(weights: list[float]) -> list[int]:
    """Whole percentages that add up to exactly 100 (largest remainder): rounding each
    share on its own showed 34 + 33 + 34 = 101%."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0 for _ in weights]
    exact = [100 * w / total for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[:100 - sum(shares)]:
        shares[i] += 1
    return shares


def rubric(target: PitchTarget) -> dict[str, Any]:
    """What the rep sees before recording: the same rules the scorer applies."""
    pb, pitch = target.playbook, target.pitch
    messages: list[Point] = list(pb.messages_for_pitch(pitch.id))
    if pitch.messages is not None and len(messages) < len(pitch.messages):
        # a pitch may name objection-response points too
        messages += [r.point for r in pb.all_points() if r.kind == "response"
                     and r.point.id in pitch.messages]
    shares = whole_shares([m.weight for m in messages])
    return {
        "messages": [{"m": m, "share": share} for m, share in zip(messages, shares, strict=True)],
        "duration": pitch.duration,
        "forbidden": pb.forbidden,
        "retired": pb.retired,
        "wpm_band": DEFAULT_WPM_BAND,
        "forbidden_penalty": FORBIDDEN_PENALTY,
        "retired_penalty": RETIRED_PENALTY,
    }


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def highlighted_words(attempt: PitchAttempt, result: StoredResult) -> list[dict[str, Any]]:
    """Transcript words with what each one counts as: evidence, forbidden or retired."""
    if not attempt.transcript:
        return []
    spans: list[tuple[float, float, str, str]] = []
    for m in result.messages:
        if m.covered and m.start is not None and m.end is not None:
            spans.append((m.start, m.end, "hl-evidence", m.id))
    for hits, css in ((result.forbidden, "hl-forbidden"), (result.retired, "hl-retired")):
        for h in hits:
            if h.start is not None:
                spans.append((h.start, h.end or h.start + 0.5, css, h.phrase))
    out = []
    for text, start, end, _p in attempt.transcript.get("words", []):
        css, title = "", ""
        if start is not None:
            mid = (start + (end if end is not None else start)) / 2
            for lo, hi, cls, label in spans:
                if lo - 0.05 <= mid <= hi + 0.05 and (not css or cls != "hl-evidence"):
                    css, title = cls, label
        out.append({"text": text, "start": start, "css": css, "title": title})
    return out


def result_view(session: Session, attempt: PitchAttempt) -> dict[str, Any]:
    version = session.get(ModuleVersion, attempt.module_version_id)
    assert version is not None
    pb = playbook_of(version)
    points = {r.point.id: r.point for r in pb.all_points()}
    points.update({m.id: m for m in pb.messages})
    texts = {pid: p.statement for pid, p in points.items()}
    # validated: a broken result is a clear error, not a 500
    typed = stored_result(attempt.result)
    messages = [{**m.model_dump(), "statement": texts.get(m.id, m.id),
                 "at": fmt_time(m.start),
                 # what to say next time, for a missed message
                 "coach": None if m.covered or m.id not in points
                 else coaching_for(points[m.id])}
                for m in typed.messages]
    return {"r": typed, "messages": messages, "d": typed.delivery,
            "words": highlighted_words(attempt, typed),
            "explained": explain_score(typed) if attempt.result else None,
            "duration_note": duration_note(typed.delivery),
            "covered": sum(1 for m in messages if m["covered"]),
            "pitch": pb.pitch(attempt.pitch_id) if attempt.pitch_id else None,
            "forbidden": [{**h.model_dump(), "at": fmt_time(h.start)} for h in typed.forbidden],
            "retired": [{**h.model_dump(), "at": fmt_time(h.start),
                         "replacement": texts.get(h.replaced_by or "")}
                        for h in typed.retired]}


def _attempt_context(session: Session, account: Account, attempt: PitchAttempt) -> dict[str, Any]:
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
        ctx["drill"] = drill.payload if drill is not None else {}
        outcome = (attempt.result or {}).get("drill")
        if outcome and outcome.get("due"):
            due = datetime.fromisoformat(outcome["due"])
            outcome = {**outcome, "interval": interval_text(due, attempt.finished_at or due)}
        ctx["drill_answer"] = outcome
    if attempt.status == DONE:
        ctx.update(result_view(session, attempt))
        ctx["previous"] = [
            {"a": a, "r": stored_result(a.result) if a.result else None}
            for a in attempts.previous_on_pitch(session=session, attempt=attempt)]
    return ctx


# --- pages ----------------------------------------------------------------------------------


@router.get("/pitches")
def pitches_page(request: Request, account: CurrentUser, session: SessionDep) -> Response:
    """Every pitch of the modules launched to this person's teams, with their best score."""
    groups = []
    seen: set[int] = set()
    for item in active_launches(session=session, team_ids=account.policy.readable_team_ids):
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
    modules = {item.module.id: item.module
               for item in active_launches(session=session,
                                           team_ids=account.policy.readable_team_ids)}
    return render(request, "pitches/index.html",
                  {"groups": groups, "recent": recent, "modules": modules,
                   "target": None})


@router.get("/pitches/{slug}/{pitch_id}")
def rubric_page(request: Request, slug: str, pitch_id: str, account: CurrentUser,
                session: SessionDep) -> Response:
    """The rubric first: what will be scored, before a word is recorded."""
    target = resolve_pitch(session, account, slug, pitch_id)
    prior = [a for a in attempts.list_for_user(session=session, user_id=account.id,
                                               module_ids=[target.module.id or 0])
             if a.pitch_id == pitch_id][:5]
    return render(request, "pitches/rubric.html",
                  {"t": target, "rubric": rubric(target), "prior": prior})


@router.get("/pitches/{slug}/{pitch_id}/record")
def record_page(request: Request, slug: str, pitch_id: str, account: CurrentUser,
                session: SessionDep, settings: SettingsDep) -> Response:
    """The recorder: timer, level meter, listen back, re-record, submit."""
    target = resolve_pitch(session, account, slug, pitch_id)
    return render(request, "pitches/record.html",
                  {"t": target, "rubric": rubric(target),
                   "max_seconds": settings.max_recording_s,
                   "min_seconds": int(audio_storage.MIN_SECONDS),
                   "max_bytes": settings.max_upload_mb * 1024 * 1024})


@router.get("/attempts/{attempt_id}")
def attempt_page(request: Request, attempt_id: int, account: CurrentUser,
                 session: SessionDep) -> Response:
    """Live progress while the attempt is processed, then the explained result."""
    attempt = readable_attempt(session, account, attempt_id)
    return render(request, "pitches/attempt.html", _attempt_context(session, account, attempt))


@router.get("/attempts/{attempt_id}/status")
def attempt_status(request: Request, attempt_id: int, account: CurrentUser,
                   session: SessionDep) -> Response:
    """The progress fragment htmx polls; once finished it reloads the page for the result."""
    attempt = readable_attempt(session, account, attempt_id)
    if attempt.status in (DONE, FAILED) and request.headers.get("hx-request") == "true":
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return render(request, "pitches/attempt.html", _attempt_context(session, account, attempt),
                  block="progress")


@router.get("/attempts/{attempt_id}/audio")
def attempt_audio(attempt_id: int, account: CurrentUser, session: SessionDep,
                  settings: SettingsDep) -> Response:
    """Play the recording (same access as the attempt)."""
    attempt = readable_attempt(session, account, attempt_id)
    return audio_response(settings.data_dir, attempt)


@router.post("/attempts/{attempt_id}/retry")
def retry_submit(request: Request, attempt_id: int, account: CurrentUser,
                 session: SessionDep) -> Response:
    """Process a failed attempt's recording again (only its owner)."""
    attempt = readable_attempt(session, account, attempt_id)
    if attempt.user_id != account.id:
        raise NotPermitted("Only the rep who recorded it can retry an attempt.")
    retry(session=session, attempt=attempt)
    return redirect(request, f"/attempts/{attempt_id}")
