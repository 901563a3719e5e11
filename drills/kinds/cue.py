"""A message's cue and canonical line, shared by the kinds that drill one message."""

from __future__ import annotations

import re
from typing import Any

from drills.playbook_format import Message, Playbook

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOP = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "before", "but", "by", "can", "every",
    "for", "from", "has", "have", "if", "in", "into", "is", "it", "its", "it's", "of",
    "on", "one", "or", "our", "so", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "to", "under", "up", "us", "was", "we", "what",
    "when", "which", "who", "will", "with", "without", "you", "your", "yours"
])


def content_words(text: str) -> list[str]:
    """The words that carry meaning, longest first."""
    words = [w for w in _WORD.findall(text) if w.casefold() not in _STOP and len(w) > 2]
    return sorted(words, key=len, reverse=True)


def cue(playbook: Playbook, message: Message, index: int) -> dict[str, Any]:
    """Where the message sits, the pitch situation it belongs to, its key words."""
    situation = next((p.prompt for p in playbook.pitches
                      if p.messages is None or message.id in p.messages), None)
    replaces = [r.phrase for r in playbook.retired if r.replaced_by == message.id]
    return {"number": index + 1, "of": len(playbook.messages),
            "situation": situation, "keywords": list(message.keywords) or content_words(
                message.statement)[:3], "replaces": replaces}


def line(message: Message) -> dict[str, Any]:
    """The canonical line, its proof and up to three pieces of evidence."""
    return {"statement": message.statement, "proof": message.proof,
            "evidence": list(message.evidence[:3])}
