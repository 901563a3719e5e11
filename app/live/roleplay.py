"""The buyer of a role-play, built from the module alone (no language model).

The buyer opens with a pitch's prompt, then raises the playbook's objections in order.
Each answer is judged against what it should cover: the pitch's messages for the opener,
the objection's response points for an objection. When an answer leaves points out, the
buyer follows up on one of them (up to `persistence` times per turn) before moving on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from drills.playbook_format import playbook_from_dict
from drills.scoring import (
    PointSpec,
    ScoringSpec,
    score_transcript,
    spec_for_points,
    spec_from_playbook,
    spec_from_playbook_dict,
)
from drills.transcript import Transcript, Word

CLOSING = "Thanks, that's all my questions. I'll think it over."


@dataclass(frozen=True)
class BuyerTurn:
    """One thing the buyer says, and what a good answer to it covers."""

    number: int
    kind: str  # "opener" | "objection" | "follow-up"
    text: str
    points: tuple[PointSpec, ...]
    objection: str | None = None

    def frame(self) -> dict[str, Any]:
        return {"type": "buyer", "turn": self.number, "kind": self.kind, "text": self.text,
                "objection": self.objection, "expects": [p.id for p in self.points]}


def follow_up_text(point: PointSpec) -> str:
    """A question about a point the rep left out, from its keywords (never its answer)."""
    if point.keywords:
        return f"And what about {point.keywords[0]}? You haven't said anything about that."
    return "Can you say more? I'm not convinced yet."


@dataclass
class Buyer:
    """The role-play's script, advanced by the judgement of each answer."""

    content: Mapping[str, Any]
    pitch_id: str
    persistence: int = 1
    objections: Sequence[str] | None = None  # ids, in order; None: all of the playbook's
    turns: list[dict[str, Any]] = field(default_factory=list)  # what was said and judged
    _queue: list[BuyerTurn] = field(default_factory=list)
    _current: BuyerTurn | None = None
    _follow_ups: int = 0

    def __post_init__(self) -> None:
        pb = playbook_from_dict(self.content)
        pitch = spec_from_playbook(pb, self.pitch_id)
        prompt = next(p.prompt for p in pb.pitches if p.id == self.pitch_id)
        self._queue = [BuyerTurn(0, "opener", prompt, pitch.points)]
        wanted = list(self.objections) if self.objections is not None else None
        for o in pb.objections:
            if wanted is not None and o.id not in wanted:
                continue
            points = spec_for_points(pb, (r.id for r in o.response)).points
            self._queue.append(BuyerTurn(0, "objection", o.objection, points,
                                         objection=o.id))

    @property
    def open_turn(self) -> bool:
        """Whether the buyer's current line still waits for its judgement."""
        return self._current is not None and (
            not self.turns or self.turns[-1]["turn"] != self._current.number)

    @property
    def spec(self) -> ScoringSpec:
        return spec_from_playbook_dict(self.content, self.pitch_id)

    def next_turn(self) -> BuyerTurn | None:
        """The buyer's next line (None: the conversation is over)."""
        if not self._queue:
            self._current = None
            return None
        turn = self._queue.pop(0)
        self._current = BuyerTurn(len(self.turns) + 1, turn.kind, turn.text, turn.points,
                                  turn.objection)
        return self._current

    def judge(self, words: Sequence[Word]) -> dict[str, Any]:
        """Judge the answer to the current turn; queue a follow-up on a missed point."""
        turn = self._current
        assert turn is not None
        base = self.spec
        spec = ScoringSpec(module=base.module, version=base.version, pitch=None,
                           points=turn.points, forbidden=base.forbidden, retired=base.retired)
        result = score_transcript(spec, Transcript.from_words(list(words), duration_s=None))
        covered = [{"id": m.id, "quote": m.evidence} for m in result.messages if m.covered]
        missed = [m.id for m in result.messages if not m.covered]
        judgement = {"type": "judgement", "turn": turn.number, "kind": turn.kind,
                     "buyer": turn.text, "answer": result.transcript, "covered": covered,
                     "missed": missed, "objection": turn.objection}
        self.turns.append({k: v for k, v in judgement.items() if k != "type"})
        if turn.kind == "follow-up":
            self._follow_ups += 1
        else:
            self._follow_ups = 0
        if missed and self._follow_ups < self.persistence:
            point = next(p for p in turn.points if p.id == missed[0])
            # a follow-up expects only the points still missing
            left = tuple(p for p in turn.points if p.id in missed)
            self._queue.insert(0, BuyerTurn(0, "follow-up", follow_up_text(point), left,
                                            turn.objection))
        return judgement
