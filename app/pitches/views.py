"""How a pitch and a scored take are shown: the rubric before recording, the explained
result after (also on the manager's review page), and the recording itself."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.responses import FileResponse, Response

from app import audio_storage
from app.web import fmt_time
from drills.attempt_models import PitchAttempt
from drills.errors import NotFound
from drills.playbook_format import Playbook, Point
from drills.scoring import (
    DEFAULT_WPM_BAND,
    FORBIDDEN_PENALTY,
    RETIRED_PENALTY,
    StoredResult,
    stored_result,
)
from drills.scoring.coaching import coaching_for, duration_note, explain_score

if TYPE_CHECKING:
    from app.pitches.service import PitchTarget


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


def result_view(pb: Playbook, attempt: PitchAttempt, rep: str | None = None) -> dict[str, Any]:
    """A scored take explained against the playbook it was scored with; `rep` names the
    rep in its sentences when someone else (their manager) reads it."""
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
            "explained": explain_score(typed, rep) if attempt.result else None,
            "duration_note": duration_note(typed.delivery, rep),
            "covered": sum(1 for m in messages if m["covered"]),
            "pitch": pb.pitch(attempt.pitch_id) if attempt.pitch_id else None,
            "forbidden": [{**h.model_dump(), "at": fmt_time(h.start)} for h in typed.forbidden],
            "retired": [{**h.model_dump(), "at": fmt_time(h.start),
                         "replacement": texts.get(h.replaced_by or "")}
                        for h in typed.retired]}


def audio_response(data_dir: Path, attempt: PitchAttempt) -> Response:
    """The stored recording, with range support so the player can seek to a timestamp."""
    path = audio_storage.resolve(data_dir, attempt.audio_path)
    if not path.is_file():
        raise NotFound("This recording's file is missing on the server.")
    return FileResponse(path, media_type=attempt.content_type,
                        headers={"Cache-Control": "private, max-age=3600"},
                        filename=f"attempt-{attempt.id}.{path.suffix.lstrip('.')}",
                        content_disposition_type="inline")
