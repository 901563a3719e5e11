"""Drills generated from a playbook version: pure, deterministic, no database.

Every message yields a recall, a fill-the-gap, a pick-the-line and a spoken drill; every
objection an objection drill and a spoken drill. A spoken drill's payload carries its
rubric (the points a good answer covers), so a recorded answer is scored against exactly
what the rep was asked. A drill's `fingerprint` hashes the playbook item it teaches, so a new
version changes a drill exactly when the version diff marks its message changed.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from drills.playbook_format import Message, Objection, Playbook, Point


class DrillKind(StrEnum):
    RECALL = "recall"
    GAP = "gap"
    PICK = "pick"
    OBJECTION = "objection"
    # Recorded practice: same cards and reviews, the rating comes from the spoken score.
    SPOKEN = "spoken"


KIND_LABELS = {DrillKind.RECALL: "Recall", DrillKind.GAP: "Fill the gap",
               DrillKind.PICK: "Pick the on-message line", DrillKind.OBJECTION: "Objection",
               DrillKind.SPOKEN: "Say it"}
# Kinds the rep rates themself; the others derive a rating from the answer.
SELF_RATED = frozenset({DrillKind.RECALL, DrillKind.OBJECTION})

# Coaching targets for a spoken answer (shown, never scored): one message is a sentence
# or two; an objection answer makes two or three points.
SPOKEN_MESSAGE_SECONDS = (5, 30)
SPOKEN_OBJECTION_SECONDS = (10, 45)

BLANK = "_____"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOP = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "before", "but", "by", "can", "every",
    "for", "from", "has", "have", "if", "in", "into", "is", "it", "its", "it's", "of",
    "on", "one", "or", "our", "so", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "to", "under", "up", "us", "was", "we", "what",
    "when", "which", "who", "will", "with", "without", "you", "your", "yours"
])


@dataclass(frozen=True)
class DrillSpec:
    """One drill of a version: what it teaches (kind + subject) and what it shows."""

    kind: DrillKind
    subject: str
    fingerprint: str
    payload: dict[str, Any] = field(hash=False, compare=False)


def fingerprint(item: Message | Objection) -> str:
    """A stable hash of the playbook item a drill teaches."""
    data = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def build_drills(playbook: Playbook) -> list[DrillSpec]:
    """Every drill for one version, in talk-track order."""
    out: list[DrillSpec] = []
    for index, message in enumerate(playbook.messages):
        fp = fingerprint(message)
        cue = _cue(playbook, message, index)
        out.append(DrillSpec(DrillKind.RECALL, message.id, fp, {**cue, **_answer(message)}))
        out.append(DrillSpec(DrillKind.GAP, message.id, fp, {**cue, **_gap(message)}))
        out.append(DrillSpec(DrillKind.PICK, message.id, fp,
                             {**cue, **_pick(playbook, message)}))
    for objection in playbook.objections:
        out.append(DrillSpec(DrillKind.OBJECTION, objection.id, fingerprint(objection), {
            "prompt": objection.objection,
            "points": [{"id": p.id, "statement": p.statement, "keywords": list(p.keywords)}
                       for p in objection.response],
        }))
    # Spoken drills last: they are the hardest form, introduced after the line was seen.
    for index, message in enumerate(playbook.messages):
        out.append(spoken_message(playbook, message, index))
    for objection in playbook.objections:
        out.append(spoken_objection(objection))
    return out


def _rubric_point(point: Point) -> dict[str, Any]:
    return {"id": point.id, "statement": point.statement, "evidence": list(point.evidence),
            "keywords": list(point.keywords), "weight": point.weight}


def spoken_message(playbook: Playbook, message: Message, index: int) -> DrillSpec:
    """'Say it in your own words': the rubric is this one message with its evidence."""
    cue = _cue(playbook, message, index)
    keywords = ", ".join(cue["keywords"])
    # The cue must not give the line away: the pitch situation, else the keywords.
    prompt = cue["situation"] or f"the message about {keywords}"
    return DrillSpec(DrillKind.SPOKEN, message.id, fingerprint(message), {
        **cue, **_answer(message), "family": "message",
        "prompt": f"Say it in your own words: {prompt}",
        "points": [_rubric_point(message)], "duration": list(SPOKEN_MESSAGE_SECONDS)})


def spoken_objection(objection: Objection) -> DrillSpec:
    """'Answer: <objection>': the rubric is the objection's response points."""
    return DrillSpec(DrillKind.SPOKEN, objection.id, fingerprint(objection), {
        "family": "objection", "objection": objection.objection,
        "prompt": f"Answer: {objection.objection}",
        "points": [_rubric_point(p) for p in objection.response],
        "duration": list(SPOKEN_OBJECTION_SECONDS)})


def spoken_family(payload: dict[str, Any]) -> str:
    """'message' or 'objection': what a spoken drill's subject names."""
    return str(payload.get("family") or "message")


# --- cues and answers ----------------------------------------------------------------


def _cue(playbook: Playbook, message: Message, index: int) -> dict[str, Any]:
    situation = next((p.prompt for p in playbook.pitches
                      if p.messages is None or message.id in p.messages), None)
    replaces = [r.phrase for r in playbook.retired if r.replaced_by == message.id]
    return {"number": index + 1, "of": len(playbook.messages),
            "situation": situation, "keywords": list(message.keywords) or _content_words(
                message.statement)[:3], "replaces": replaces}


def _answer(message: Message) -> dict[str, Any]:
    return {"statement": message.statement, "proof": message.proof,
            "evidence": list(message.evidence[:3])}


def _content_words(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text) if w.casefold() not in _STOP and len(w) > 2]
    return sorted(words, key=len, reverse=True)


def _gap(message: Message) -> dict[str, Any]:
    """Blank the first keyword found in the statement, else its longest content word."""
    text = message.statement
    span: tuple[int, int] | None = None
    for keyword in message.keywords:
        found = re.search(rf"(?<!\w){re.escape(keyword)}\w*", text, re.IGNORECASE)
        if found and len(keyword) > 2:
            span = found.span()
            break
    if span is None:
        words = _content_words(text)
        found = re.search(rf"(?<!\w){re.escape(words[0])}(?!\w)", text) if words else None
        span = found.span() if found else (0, len(text))
    before, answer, after = text[:span[0]], text[span[0]:span[1]], text[span[1]:]
    return {**_answer(message), "before": before, "after": after, "expected": answer}


# --- pick the on-message line ----------------------------------------------------------

# Word swaps that keep a line plausible but change what it promises.
_SWAPS = [("before", "after"), ("less", "more"), ("every", "some"), ("stops", "slows"),
          ("nobody", "everyone"), ("never", "rarely"), ("all", "most"), ("more", "less"),
          ("faster", "slower"), ("own", "partner"), ("replaces", "adds to"),
          ("one", "two"), ("cannot", "can")]


def _changed_meaning(statement: str) -> tuple[str, str] | None:
    """A plausible paraphrase that changes the meaning, and why it is wrong."""
    number = re.search(r"\d[\d,.]*", statement)
    if number:
        raw = number.group(0).rstrip(".,")
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            value = 0.0
        wrong = str(int(value * 2) if value else 10)
        changed = statement[:number.start()] + wrong + statement[number.start() + len(raw):]
        return changed, f"Wrong figure: the playbook says {raw}, not {wrong}."
    for old, new in _SWAPS:
        found = re.search(rf"\b{re.escape(old)}\b(?![.!?]?$)", statement, re.IGNORECASE)
        if found:
            replacement = new if found.group(0).islower() else new.capitalize()
            changed = statement[:found.start()] + replacement + statement[found.end():]
            return changed, (f"Changes the meaning: the playbook says “{found.group(0)}”, "
                             f"not “{replacement}”.")
    return None


def _pick(playbook: Playbook, message: Message) -> dict[str, Any]:
    rng = random.Random(message.id)  # same options for every rep and every rebuild
    wrong: list[tuple[str, str]] = []
    paraphrase = _changed_meaning(message.statement)
    if paraphrase:
        wrong.append(paraphrase)
    for retired in playbook.retired:
        if retired.replaced_by == message.id:
            wrong.append((f"{message.statement.rstrip('.')}, thanks to {retired.phrase}.",
                          f"“{retired.phrase}” is retired messaging: this message replaces it."))
            break
    if playbook.forbidden:
        banned = rng.choice(playbook.forbidden)
        wrong.append((f"{message.statement.rstrip('.')} — {banned.phrase}.",
                      f"“{banned.phrase}” is forbidden"
                      + (f": {banned.reason}" if banned.reason else ".")))
    others = [m for m in playbook.messages if m.id != message.id]
    rng.shuffle(others)
    for other in others:
        if len(wrong) >= 3:
            break
        wrong.append((other.statement, "On message, but it is a different message "
                      f"(key words: {', '.join(other.keywords) or other.id})."))
    options = [{"text": message.statement, "correct": True,
                "why": "This is the canonical line."}]
    options += [{"text": text, "correct": False, "why": why} for text, why in wrong[:3]]
    rng.shuffle(options)
    for letter, option in zip("abcd", options, strict=False):
        option["id"] = letter
    return {**_answer(message), "options": options}
