"""A frame after a forbidden or retired phrase disowns it only within its sentence: the
next sentence is about something else ("It's tamper-proof. We used to seal by hand."),
unless it is only a short reply on the phrase ("Tamper-proof? No longer."). Sentences
written for the mechanism, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize(("text", "said"), [
    ("The seals are tamper-proof. We used to check them by hand.", True),
    ("Every seal is tamper-proof. No longer do you count them at the gate.", True),
    ("and honestly it's tamper-proof. We used to lose a pallet a week", True),
    ("Tamper-proof is off the table for us now.", False),
    ("Tamper-proof used to be the line, and we dropped it.", False),
    ("Tamper-proof? No longer.", False),
])
def test_a_frame_after_the_phrase_stays_in_its_sentence(text: str, said: bool) -> None:
    assert _said("forbidden", "tamper-proof", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("For most clinics it replaced your practice manager.", True),
    ("It's basically replaced your practice manager.", True),
    ("It has replaced the practice manager in a lot of clinics.", True),
    ("Nobody should tell you it replaces your practice manager.", False),
    ("We never said it replaced your practice manager.", False),
])
def test_the_phrases_own_verb_in_another_tense_is_the_phrase(text: str, said: bool) -> None:
    """The phrase's verb in another tense is no verb of leaving about it ("replaced your
    practice manager" is "replaces your practice manager", not "replaced X")."""
    assert _said("forbidden", "replaces your practice manager", text) is said
