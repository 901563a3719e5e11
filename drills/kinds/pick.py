"""Pick the on-message line: the line among three plausible wrong ones (a changed figure
or promise, retired or forbidden wording, another message), each with why it is wrong."""

from __future__ import annotations

import random
import re
from typing import Any, Literal

from pydantic import BaseModel

from drills.answer_check import Verdict, check_pick
from drills.errors import InvalidInput
from drills.kinds.base import Kind, MessageCard
from drills.kinds.cue import cue, line
from drills.playbook_format import Message, Playbook


class PickOption(BaseModel):
    id: str
    text: str
    correct: bool
    why: str = ""


class PickPayload(MessageCard):
    kind: Literal["pick"] = "pick"
    options: list[PickOption]


# Word swaps that keep a line plausible but change what it promises.
_SWAPS = [("before", "after"), ("less", "more"), ("every", "some"), ("stops", "slows"),
          ("nobody", "everyone"), ("never", "rarely"), ("all", "most"), ("more", "less"),
          ("faster", "slower"), ("own", "partner"), ("replaces", "adds to"),
          ("one", "two"), ("cannot", "can")]


def changed_meaning(statement: str) -> tuple[str, str] | None:
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


def build(playbook: Playbook, message: Message, index: int) -> PickPayload:
    rng = random.Random(message.id)  # same options for every rep and every rebuild
    wrong: list[tuple[str, str]] = []
    paraphrase = changed_meaning(message.statement)
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
    options: list[dict[str, Any]] = [{"text": message.statement, "correct": True,
                                      "why": "This is the canonical line."}]
    options += [{"text": text, "correct": False, "why": why} for text, why in wrong[:3]]
    rng.shuffle(options)
    for letter, option in zip("abcd", options, strict=False):
        option["id"] = letter
    return PickPayload(**cue(playbook, message, index), **line(message),
                       options=[PickOption(**o) for o in options])


def view(p: PickPayload, _reveal: bool, showing: str) -> dict[str, Any]:
    # Shuffled per showing (seeded by the shown state), so a retry does not come back in
    # the same order, while a reload of the same showing does not reshuffle.
    options = [{"id": o.id, "text": o.text} for o in p.options]
    random.Random(showing).shuffle(options)
    return {**p.cue_view(), "options": options}


def judge(p: PickPayload, answer: str) -> Verdict:
    verdict = check_pick(answer.strip(), [o.model_dump() for o in p.options])
    if verdict is None:
        raise InvalidInput("Pick one of the options shown (a, b, c or d).")
    return verdict


def feedback(p: PickPayload, answer: str | None) -> dict[str, Any]:
    return {"statement": p.statement, "proof": p.proof, "picked": answer,
            "options": [o.model_dump() for o in p.options]}


KIND = Kind(kind="pick", label="Pick the on-message line", payload=PickPayload,
            for_message=build, view=view, judge=judge,
            answer_doc="the option id (pick the line)", source="picked", feedback=feedback,
            card_template="drills/kinds/pick.html",
            feedback_template="drills/kinds/pick_feedback.html")
