"""Where a negation or a framing reaches, on sentences written for these tests: the
alternatives of "whether A or B", a search the rep's side does ("looking for"), a key
a message both asserts and denies."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.scoring.clauses import _structure
from drills.scoring.compiled import _phrase_keys
from drills.text_normalize import analyze, canonical
from drills.transcript import Transcript

SPEC = ScoringSpec(
    module="brokerage",
    version=1,
    pitch=None,
    points=(
        PointSpec("flat-fee", "A flat fee of £45 per entry, with no extra charge for "
                  "additional lines.", ("one price per declaration however many lines",),
                  ("flat fee", "lines")),
        PointSpec("refunds", "We find duty you overpaid in the last three years and claim "
                  "it back for you.", ("recover overpaid duty",), ("overpaid", "duty")),
        PointSpec("portal", "One portal shows every shipment's status.", (), ("portal",)),
    ),
)


def covered(text: str) -> set[str]:
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    return {m.id for m in result.messages if m.covered}


def structure(text: str):  # type: ignore[no-untyped-def]
    words = text.split()
    toks = analyze(words)
    return [t.text for t in toks], _structure(words, toks)


def test_whether_a_or_b_marks_only_its_alternatives() -> None:
    texts, st = structure("One fixed charge, whether it has three lines or three hundred, "
                          "and we file it today.")
    either = [t for t, w in zip(texts, st.whatever, strict=True) if w]
    assert either[0] == "it" and "300" in either and "file" not in either
    assert not st.negated[texts.index("charge")]


def test_an_open_question_stays_a_plain_negation() -> None:
    _, st = structure("We have no data on whether it is three days or four.")
    assert not any(st.whatever)


def test_a_key_the_phrase_asserts_and_denies_is_asserted() -> None:
    _, negated, _ = _phrase_keys("A flat fee of £45 per entry, with no extra charge for "
                                 "additional lines.")
    assert canonical("fee") not in negated and canonical("lines") in negated


@pytest.mark.parametrize("text", [
    "Our pricing is forty-five pounds a declaration, whether it's three lines or three "
    "hundred.",
    "It's forty-five pounds an entry however many lines it has.",
])
def test_whatever_the_lines_the_flat_fee_is_said(text: str) -> None:
    assert "flat-fee" in covered(text)


def test_another_fee_whatever_the_lines_is_a_near_miss() -> None:
    assert "flat-fee" not in covered(
        "Our pricing is sixty pounds a declaration, whether it's three lines or three hundred.")


def test_a_search_we_do_is_no_wish() -> None:
    assert "refunds" in covered("We go back through your last thirty-six months of imports "
                                "looking for any duty you overpaid.")


def test_looking_for_as_our_wish_is_no_claim() -> None:
    assert "refunds" not in covered(
        "We are looking for a partner to find duty you overpaid in the last three years.")


def negated_words(text: str) -> list[str]:
    texts, st = structure(text)
    return [t for t, n in zip(texts, st.negated, strict=True) if n]


@pytest.mark.parametrize(("text", "denied"), [
    ("Collection of empties we don't route, you keep your own sheets for that.",
     ["collection", "of", "empties", "route"]),
    ("Driver vetting we never touch.", ["driver", "vetting", "touch"]),
    # a negation in a relative clause ends with its verb: the main clause stands
    ("The pubs that don't send them back get charged the deposit on their invoice.",
     ["send", "them", "back"]),
])
def test_what_a_denial_reaches(text: str, denied: list[str]) -> None:
    assert negated_words(text) == denied


@pytest.mark.parametrize("text", [
    "Collection of empties we route every day.",  # no denial
    "On Mondays we don't close.",  # a time put first, no topic
    "Collection of empties, and we don't route.",  # a conjunction: a new claim
])
def test_no_fronted_topic_denied(text: str) -> None:
    assert not {"collection", "empties", "mondays"} & set(negated_words(text))


def framed_words(text: str) -> list[str]:
    texts, st = structure(text)
    return [t for t, f in zip(texts, st.framed, strict=True) if f]


def test_lets_say_with_a_cautious_figure_is_the_reps_estimate() -> None:
    assert not framed_words("So let's say entries typically go in within four hours.")


def test_lets_say_as_a_supposition_stays_framed() -> None:
    assert "server" in framed_words("Let's say a server came back within four hours.")


def test_what_matters_is_brings_in_the_claim() -> None:
    assert not framed_words("What matters to you is that tenant bills go out automatically.")


def test_a_topic_that_matters_is_only_mentioned() -> None:
    assert "bills" in framed_words("Tenant bills matter to our clients.")


@pytest.mark.parametrize(("text", "denied"), [
    ("They clip on so no shutdown under an hour a panel.", ["shutdown"]),
    ("No shutdown, and under an hour a panel.", ["shutdown"]),
    # "no more than" bounds the figure: no denial at all
    ("It takes no more than four hours.", []),
    # a denial with no figure after its noun keeps its reach
    ("There are no hidden fees for extra lines.", ["hidden", "fees", "for", "extra", "lines"]),
])
def test_no_denies_its_noun_not_the_figure_after(text: str, denied: list[str]) -> None:
    assert negated_words(text) == denied


def test_a_denied_subject_still_denies_the_figure() -> None:
    assert "15" in negated_words("No vendor can restore a whole server in under fifteen minutes.")


@pytest.mark.parametrize("text", ["Refunds come back within three years, we hope.",
                                  "We find duty you overpaid, touch wood."])
def test_a_hope_said_aside_frames_its_sentence(text: str) -> None:
    assert "refunds" not in covered(text)


def test_a_hope_about_something_else_leaves_the_claim() -> None:
    assert "refunds" in covered("We find duty you overpaid in the last three years and claim "
                                "it back, and we hope you'll like the portal.")
