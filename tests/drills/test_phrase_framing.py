"""How a forbidden or retired phrase is framed decides whether the rep said it as their
own claim (drills.scoring.phrase_framing): wordings written for these frames, not taken
from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize("text", [
    "Unhackable is a myth, so we test restores instead.",
    "Is it unhackable? Honestly, no.",
    "Anyone selling 100% uptime is lying to you.",
    "Other providers advertise 100% uptime.",
    "100% uptime is not a promise anyone can keep.",
    "Unhackable is not a word we use.",
    # mentioned, quoted, denied to everyone, or supposed
    "You asked if it is unhackable.",
    "We talked about 100% uptime last quarter, but the real point is speed.",
    "The word unhackable gets thrown around a lot.",
    "Beware of 100% uptime claims.",
    "The brochure promised 100% uptime, which we had to correct.",
    "Nobody in this industry delivers 100% uptime.",
    "I'd be lying if I said unhackable.",
    "Calling it 100% uptime would be misleading.",
    "Unhackable? That's not a claim we make.",
    "Unhackable, no. Audited, yes.",
])
def test_a_claim_the_rep_calls_untrue_or_gives_to_others_is_not_said(text: str) -> None:
    phrase = "unhackable" if "nhackable" in text else "100% uptime"
    assert not _said("forbidden", phrase, text)


@pytest.mark.parametrize("text", [
    "The Gold tier doesn't exist anymore.",
    "The Gold tier is no more.",
    "The Gold tier is no longer offered.",
    "You might remember the Gold tier; it's been folded into Pro.",
    "Forget the Gold tier, Pro covers everything.",
    "Pro took over from the Gold tier.",
    "Gold tier? That's history.",
    "If you're still on the Gold tier, we'll move you to Pro for free.",
    "We say goodbye to the Gold tier this year.",
    "The Gold tier will be retired in June.",
    "Pro is the successor to the Gold tier.",
    # spoken: fillers, run-on, non-native word order, the phrase taken up again
    "gold tier is not more available",
    "we are not anymore selling gold tier",
    "the gold tier we don't have it anymore",
    "um so the gold tier uh that one is uh discontinued",
    "gold tier is finished, now is only pro",
    "so yeah we kind of moved away from the uh gold tier",
    "the gold tier uh we retired it last year",
    "gold tier was like the old thing",
    "the gold tier that's like ancient history now",
    "forget about the gold tier",
    # what it did when it ended, or what it became
    "The Gold tier ended last March.",
    "Pro is what the Gold tier became.",
])
def test_a_retired_name_that_is_gone_is_not_said(text: str) -> None:
    assert not _said("retired", "Gold tier", text)


@pytest.mark.parametrize(("kind", "phrase", "text"), [
    ("forbidden", "100% uptime", "Unlike other vendors, we give you 100% uptime."),
    ("forbidden", "zero fees", "Most providers offer a free trial, Clinicflow offers zero fees."),
    ("forbidden", "unhackable", "Our competitors' products are hackable; ours is unhackable."),
    ("forbidden", "zero fees", "Zero fees is not a myth."),
    ("forbidden", "zero fees", "It is zero fees, which is no lie."),
    ("forbidden", "unhackable", "Unhackable isn't just a word for us, it's the design."),
    ("forbidden", "100% uptime", "Ignore the noise: 100% uptime is what we deliver."),
    ("retired", "Gold tier", "The Gold tier is no more expensive than Basic."),
    ("retired", "Gold tier", "The Gold tier is not expensive."),
    ("retired", "Gold tier", "The Gold tier? It is the best value."),
    ("retired", "Gold tier", "Forget spreadsheets, the Gold tier does it for you."),
    ("retired", "Gold tier", "We merged billing into the Gold tier."),
    ("retired", "Gold tier", "Nothing beats the Gold tier."),
    ("retired", "Gold tier", "The Gold tier will be your best choice."),
    ("forbidden", "100% uptime", "Competitors say 99%, but we give 100% uptime."),
    ("forbidden", "100% uptime", "100% uptime would be great, and that is what you get."),
    ("forbidden", "zero fees", "As I mentioned, it is zero fees for every patient."),
    ("forbidden", "zero fees", "Customers asked for zero fees and we delivered zero fees."),
    ("forbidden", "zero fees", "Zero fees, no contracts, no surprises."),
    ("forbidden", "unhackable", "Ask anyone, it is unhackable."),
    # a cue of leaving that is about something else, a few words before
    ("forbidden", "100% uptime", "We are still on track for 100% uptime."),
    ("retired", "Gold tier", "Say goodbye to spreadsheets with the Gold tier."),
    ("forbidden", "100% uptime", "Nothing but 100% uptime, every month."),
    # a denier that stops short of the phrase
    ("forbidden", "zero fees", "Not to mention zero fees."),
    ("forbidden", "100% uptime", "Never worry again with 100% uptime."),
    ("forbidden", "100% uptime", "No more outages with 100% uptime."),
    ("forbidden", "zero fees", "No setup cost and zero fees monthly."),
    ("retired", "Gold tier", "the uh the gold tier is like the best one we have"),
    ("retired", "Gold tier", "the gold tier uh it is the best"),
    ("retired", "Gold tier", "Gold tier, we recommend it to everyone."),
    ("retired", "Gold tier", "Gold tier, we love it, no longer do you need spreadsheets."),
    ("forbidden", "unhackable", "um it's it's basically unhackable you know"),
    ("retired", "Gold tier", "Gold tier, we dropped the price to twenty dollars."),
    ("retired", "Gold tier", "The Gold tier ended up being our bestseller."),
    ("retired", "Gold tier", "The Gold tier became our bestseller."),
])
def test_a_claim_that_only_looks_framed_is_said(kind: str, phrase: str, text: str) -> None:
    assert _said(kind, phrase, text)


@pytest.mark.parametrize(("kind", "phrase", "text"), [
    ("retired", "Gold tier", "We don't work with the Gold tier."),
    ("retired", "Gold tier", "We never offer the Gold tier."),
    ("forbidden", "zero fees", "It's not zero fees."),
])
def test_a_denier_that_reaches_the_phrase_denies_it(kind: str, phrase: str, text: str) -> None:
    assert not _said(kind, phrase, text)


@pytest.mark.parametrize(("text", "said"), [
    # the past half of a then-and-now contrast: a retired name left behind
    ("Back in the day we had the Gold tier, now it's Pro.", False),
    ("before we had gold tier but now is pro", False),
    ("Last year we sold the Gold tier; now we sell Pro.", False),
    ("We had the Gold tier before, now we have Pro.", False),
    # the present half, or no contrast: said
    ("The Gold tier is what we sell now.", True),
    ("Now we have the Gold tier for everyone.", True),
    ("The Gold tier is great, and today you get a discount.", True),
])
def test_a_retired_name_in_the_past_half_of_then_and_now_is_not_said(
        text: str, said: bool) -> None:
    assert _said("retired", "Gold tier", text) is said


def test_then_and_now_leaves_a_forbidden_claim_said() -> None:
    """Only a retired name is left in the past by it: a forbidden claim of what was
    delivered before is still the rep's claim."""
    assert _said("forbidden", "100% uptime",
                 "We had 100% uptime last year, and now we have it again.")
