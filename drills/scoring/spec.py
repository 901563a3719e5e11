"""What a transcript is scored against: a frozen, hashable view of one playbook version
(and optionally one pitch), built from the typed `Playbook` so scoring never reads the
raw content dict."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drills.errors import InvalidInput, NotFound
from drills.playbook_format import Playbook, Point, playbook_from_dict

DEFAULT_WPM_BAND = (130, 170)


@dataclass(frozen=True, slots=True)
class PointSpec:
    """One message (or objection-response point) the rep is expected to convey."""

    id: str
    statement: str
    evidence: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class ScoringSpec:
    """Everything scoring needs from a playbook version and (optionally) one pitch."""

    module: str
    version: int
    pitch: str | None
    points: tuple[PointSpec, ...]
    forbidden: tuple[tuple[str, str], ...] = ()  # (phrase, reason)
    retired: tuple[tuple[str, str | None], ...] = ()  # (phrase, replaced_by)
    duration_target: tuple[float, float] | None = None
    wpm_band: tuple[int, int] = DEFAULT_WPM_BAND


def point_spec(point: Point) -> PointSpec:
    return PointSpec(id=point.id, statement=point.statement, evidence=point.evidence,
                     keywords=point.keywords, weight=float(point.weight or 1))


def spec_for_points(pb: Playbook, point_ids: Iterable[str], *, pitch: str | None = None,
                    duration: tuple[float, float] | None = None) -> ScoringSpec:
    """A spec for the given messages or objection-response points (by their own ids),
    with the playbook's forbidden and retired phrases; InvalidInput for an unknown id."""
    by_id: dict[str, Point] = {}
    for o in pb.objections:
        by_id.update((r.id, r) for r in o.response)
    by_id.update((m.id, m) for m in pb.messages)  # a message wins over a response point
    chosen = []
    for pid in point_ids:
        point = by_id.get(pid)
        if point is None:
            raise InvalidInput(f"module {pb.module!r} has no message {pid!r}")
        chosen.append(point_spec(point))
    return ScoringSpec(
        module=pb.module,
        version=pb.version,
        pitch=pitch,
        points=tuple(chosen),
        forbidden=tuple((f.phrase, f.reason or "") for f in pb.forbidden),
        retired=tuple((r.phrase, r.replaced_by or None) for r in pb.retired),
        duration_target=duration,
    )


def spec_from_playbook(pb: Playbook, pitch_id: str | None = None) -> ScoringSpec:
    """The spec of a pitch (NotFound if the playbook has no such pitch), or of every
    message when `pitch_id` is None."""
    if pitch_id is None:
        return spec_for_points(pb, (m.id for m in pb.messages))
    pitch = pb.pitch(pitch_id)
    if pitch is None:
        raise NotFound(f"unknown pitch {pitch_id!r} in module {pb.module!r}")
    ids = pitch.messages or tuple(m.id for m in pb.messages)
    duration = (float(pitch.duration[0]), float(pitch.duration[1])) if pitch.duration else None
    return spec_for_points(pb, ids, pitch=pitch_id, duration=duration)


def spec_from_playbook_dict(d: Mapping[str, Any], pitch_id: str | None = None) -> ScoringSpec:
    """`spec_from_playbook` for stored playbook content (a version's, a file's data):
    validated into the typed `Playbook` first (InvalidPlaybook if it is not one)."""
    return spec_from_playbook(playbook_from_dict(dict(d)), pitch_id)
