"""Shared by the outcome tests: a text as the normalised words and sentence numbers the
outcome readers (drills.scoring.outcome_counts) take."""

from __future__ import annotations

from drills.text_normalize import tokens


def sentences(text: str) -> tuple[list[str], list[int]]:
    """The text's normalised words, and for each the number of its sentence (split at
    full stops)."""
    words: list[str] = []
    sentence: list[int] = []
    for n, part in enumerate(text.split(".")):
        ws = tokens(part)
        words += ws
        sentence += [n] * len(ws)
    return words, sentence
