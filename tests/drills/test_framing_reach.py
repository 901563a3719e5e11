"""How far a framing cue reaches, where clauses are cut, and stories told over several
clauses, on sentences written for these tests: a framing covers the clause or report it
governs, not everything after it; a framing that really distances the claim after it
still does."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, message_signals
from drills.scoring.clauses import _structure
from drills.scoring.outcome_signal import _outcome_window
from drills.text_normalize import analyze
from drills.transcript import Transcript


def structure(text: str):  # type: ignore[no-untyped-def]
    words = text.split()
    toks = analyze(words)
    return [t.text for t in toks], _structure(words, toks)


def framed(text: str, word: str) -> bool:
    texts, st = structure(text)
    return st.framed[texts.index(word)]


def clause_texts(text: str) -> list[str]:
    texts, st = structure(text)
    return [" ".join(texts[s:e]) for s, e, _ in st.clauses]


# --- what a framing cue governs ---------------------------------------------------------


def test_what_others_tell_us_is_testimony() -> None:
    text = "you never touch the keyboard and people tell us that saves an hour every day"
    assert not framed(text, "saves")
    assert not framed("someone told me the vet was home by six", "home")


@pytest.mark.parametrize("text", [
    "competitors tell us the restore takes minutes",  # a rival's word stays theirs
    "people say the restore takes minutes",  # said to no one of ours: their claim
    "people tell you the restore takes minutes",
])
def test_what_others_claim_stays_framed(text: str) -> None:
    assert framed(text, "minutes")


def test_a_denied_speech_act_after_the_claim_governs_nothing() -> None:
    text = ("It was plugged into their ledger by week eight, which their IT director "
            "still can't quite believe.")
    _, st = structure(text)
    assert not any(st.framed)


@pytest.mark.parametrize("text, word", [
    ("I can't promise the restore takes minutes.", "minutes"),  # governs what follows
    ("It was live by week eight, which I can't promise.", "promise"),  # the rep's own
    ("Nobody would believe it.", "believe"),  # it has an object
])
def test_a_denied_speech_act_that_governs_something_still_frames(text: str, word: str) -> None:
    assert framed(text, word)


def test_used_to_frames_the_past_state_not_the_clause_it_sits_in() -> None:
    text = "the officer who used to do the typing now spends august with the operators"
    assert framed(text, "typing") and not framed(text, "spends")
    text = "the team of twenty clears the caseload that used to need 28 people"
    assert framed(text, "28") and not framed(text, "clears")


def test_used_to_still_frames_a_past_state_said_on_its_own() -> None:
    assert framed("the close used to take ten days", "10")
    assert framed("our planner used to stay until seven most nights", "planner")


def test_maybe_before_a_figure_only_approximates_it() -> None:
    assert not framed("in maybe sixty seconds we had every landlord on screen", "landlord")
    assert framed("maybe we restore a server in sixty seconds", "restore")


# --- where clauses are cut ----------------------------------------------------------------


def test_between_x_and_y_is_one_clause() -> None:
    assert clause_texts("the rest is settled between us and the underwriter") == [
        "the rest is settled between us and the underwriter"]
    assert len(clause_texts("we sit between the two sites and we pay for both")) == 2


def test_a_report_after_and_is_a_clause_of_its_own() -> None:
    texts, st = structure("you do not touch the keyboard and people tell us it works")
    assert not st.negated[texts.index("people")]
    assert st.negated[texts.index("keyboard")]
    # a verb of saying with no subject of its own after "and" cuts nothing
    assert len(clause_texts("we do not want to and say it")) == 1


def test_a_pronoun_said_again_starts_no_parallel_clause() -> None:
    assert len(clause_texts(
        "she snapped three pictures and had a price before she had finished her coffee")) == 1
    assert len(clause_texts("her money was in her account that afternoon")) == 1
    # a content word said again still does: "ask not what ..., ask what ..."
    assert len(clause_texts(
        "ask not what your country can do for you ask what you can do for your country")) == 2


# --- the outcome window -----------------------------------------------------------------


def test_the_outcome_window_keeps_what_follows_a_framing_that_ends_in_its_clause() -> None:
    texts, st = structure("their auditors asked where a number came from at ten and had "
                          "the whole trail on their desk by lunch")
    window = _outcome_window(st, 0)
    assert window is not None and texts[window[0]] == "and"


@pytest.mark.parametrize("text", [
    "maybe we restore every server in minutes",  # framed to the clause's end
    "we restore every server, in theory, in minutes",  # an aside frames the sentence
    "competitors say they restore every server in minutes",
])
def test_the_outcome_window_drops_a_framing_that_reaches_its_end(text: str) -> None:
    _, st = structure(text)
    assert all(_outcome_window(st, c) is None for c in range(len(st.clauses)))


# --- a story told over a subject's comma-cut acts ----------------------------------------

SPEC = ScoringSpec(
    module="pharmacy",
    version=1,
    pitch=None,
    points=(
        PointSpec("register", "The controlled drugs register keeps itself up to date, so "
                  "inspections pass without a scramble.", (), ("register", "inspection")),
        PointSpec("notes", "Consult notes write themselves.", (), ("notes",)),
    ),
)


def outcome(text: str) -> dict[str, float]:
    _, _, signals, _ = message_signals(SPEC, Transcript.from_text(text), semantic=False)
    return {p.id: s.outcome for p, s in zip(SPEC.points, signals, strict=True)}


def test_a_story_told_as_one_subjects_acts_is_read_across_them() -> None:
    text = ("Last inspection of the drugs register: the inspector opened the book, "
            "checked three entries, nodded, left.")
    assert outcome(text)["register"] == 1.0


@pytest.mark.parametrize("text", [
    # the acts are not the inspector's: a subject of its own
    "Last inspection of the drugs register: the inspector opened the book, we checked "
    "three entries, she left.",
    # no shared tense: a list of things, not acts
    "Last inspection of the drugs register: the inspector, the book, three entries, left.",
])
def test_acts_with_a_subject_of_their_own_are_no_shared_story(text: str) -> None:
    assert outcome(text)["register"] < 1.0


def test_a_hedge_with_a_verb_of_its_own_does_not_run_on_into_the_next_claim() -> None:
    text = "tent poles that should have come in at nothing we went back through their imports"
    assert framed(text, "should") and not framed(text, "imports")
    # a bare hedge still runs on into the claim it hedges
    assert framed("maybe in some cases you could restore a server in minutes", "server")


def test_a_report_run_on_after_a_wish_is_not_wished_for() -> None:
    text = ("your auditors will want to see the method first some of our customers say "
            "demand charges came down by 20 percent")
    assert framed(text, "method") and not framed(text, "demand")
    # a wish with the report inside it stays one clause: "want our customers to say"
    assert framed("we want our customers to say the bills came down", "bills")
