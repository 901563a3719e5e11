"""Figures in other forms and word forms: what normalising must make equal, and the
near misses it must keep apart (a figure said in the message's slot that is not its own)."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.text_normalize import analyze, canonical, stem
from drills.transcript import Transcript


def texts(phrase: str) -> list[str]:
    return [t.text for t in analyze(phrase.split())]


@pytest.mark.parametrize(
    ("said", "same_as"),
    [("within the week", "within a week"), ("inside the hour", "inside an hour"),
     ("within the month", "within a month")],
)
def test_within_the_unit_is_one_unit(said: str, same_as: str) -> None:
    assert texts(said)[1:] == texts(same_as)[1:]


@pytest.mark.parametrize("said", ["later in the week", "the week before", "within the weeks"])
def test_the_unit_elsewhere_is_no_length(said: str) -> None:
    assert not any(t[:1].isdigit() for t in texts(said))


@pytest.mark.parametrize(
    "forms",
    [("save", "saves", "saving", "saved"), ("rate", "rates", "rated"),
     ("wipe", "wiped", "wiping"), ("note", "notes", "noted"), ("type", "typed", "typing")],
)
def test_a_short_words_silent_e_keeps_one_key(forms: tuple[str, ...]) -> None:
    assert len({canonical(f) for f in forms}) == 1


def test_stem_keeps_short_spellings_for_phrase_matching() -> None:
    # "Lite" of a retired product name stays as written: phrases compare spellings
    assert stem("lite") == "lite"


SPEC = ScoringSpec(
    module="vets",
    version=1,
    pitch=None,
    points=(
        PointSpec("dictation",
                  "Vets dictate exam notes and the record is written for them, saving an "
                  "hour a day.", ("notes written up from the voice",), ("dictate", "notes")),
        PointSpec("decisions",
                  "Applications are checked against the address automatically, so they "
                  "are decided in two days instead of six weeks.", (),
                  ("applications", "address")),
        PointSpec("wipe", "A lost laptop can be wiped remotely in seconds.", (),
                  ("wipe", "lost")),
        PointSpec("portal", "Customers track every order in one portal.", (), ("portal",)),
    ),
)


def covered(text: str) -> set[str]:
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    return {m.id for m in result.messages if m.covered}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the message's own slot ("saving ...") with another length, two clauses on
        ("You dictate your exam notes, and the record gets written for you, which saves "
         "about half an hour a day.", "dictation"),
        ("Applications are checked against the address automatically, and decided "
         "within the week.", "decisions"),
        ("A lost laptop can be wiped in about ten minutes.", "wipe"),
    ],
)
def test_another_figure_in_the_messages_slot_is_a_near_miss(text: str, message: str) -> None:
    assert message not in covered(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("You dictate your exam notes, and the record gets written for you, which saves "
         "about an hour a day.", "dictation"),
        ("Applications are checked against the address automatically, and decided "
         "within forty-eight hours.", "decisions"),
        ("A lost laptop can be wiped remotely in a few seconds.", "wipe"),
    ],
)
def test_the_same_figure_in_another_form_still_counts(text: str, message: str) -> None:
    assert message in covered(text)


@pytest.mark.parametrize(
    ("said", "same_as"),
    [("below five grand", "below 5000"), ("under 5 grand", "under 5,000"),
     ("from thirty grand to twenty", "from 30000 to 20000"),
     ("half a dozen", "6"), ("three quarters of an hour", "45 minutes"),
     ("three quarters of calls", "75% of calls"), ("a quarter of a million", "250,000"),
     ("in 48hrs", "in two days"), ("30mins", "half an hour")],
)
def test_the_same_figure_said_otherwise(said: str, same_as: str) -> None:
    assert texts(said) == texts(same_as)


@pytest.mark.parametrize(
    ("said", "unlike"),
    [("the grand total", "the 1000 total"), ("from 30 to 20", "from 30000 to 20000"),
     ("a quarter of an hour", "25 percent of an hour")],
)
def test_near_forms_stay_apart(said: str, unlike: str) -> None:
    assert texts(said) != texts(unlike)


@pytest.mark.parametrize(
    "forms",
    [("hold", "holds", "held"), ("write", "written", "wrote"), ("send", "sent"),
     ("take", "took", "taken"), ("fall", "fell", "fallen")],
)
def test_irregular_past_forms_keep_one_key(forms: tuple[str, ...]) -> None:
    assert len({canonical(f) for f in forms}) == 1


@pytest.mark.parametrize("word", ["left", "led", "fed"])
def test_past_forms_that_are_other_words_keep_their_key(word: str) -> None:
    assert canonical(word) != canonical({"left": "leave", "led": "lead", "fed": "feed"}[word])


LIST_SPEC = ScoringSpec(
    module="customs",
    version=1,
    pitch=None,
    points=(
        PointSpec("status-portal", "One portal shows every shipment's customs status, with an "
                  "alert the moment anything is held.", ("you see holds as they happen",),
                  ("portal", "alert", "status")),
        PointSpec("tariff-codes", "Each product is classified under the right tariff code by a "
                  "licensed broker.", (), ("tariff code", "broker")),
        PointSpec("entries", "Customs entries are filed within four hours.", (), ("entries",)),
    ),
)


def test_a_list_item_with_the_messages_words_covers_it() -> None:
    result = score_transcript(LIST_SPEC, Transcript.from_text(
        "Day to day you get three things: classification by a licensed broker, a live status "
        "portal with alerts on holds, and entries filed within four hours."), semantic=False)
    assert {m.id for m in result.messages if m.covered} == {
        "status-portal", "tariff-codes", "entries"}


def test_a_list_item_of_other_words_does_not() -> None:
    result = score_transcript(LIST_SPEC, Transcript.from_text(
        "Day to day you get three things: a broker you can call, a live chat window with "
        "a status light, and entries filed within four hours."), semantic=False)
    assert "status-portal" not in {m.id for m in result.messages if m.covered}


@pytest.mark.parametrize(
    ("said", "same_as"),
    [("nine times out of ten", "90%"), ("one pound in twenty", "5% pound"),
     ("5p in the pound", "5%"), ("half a percent", "0.5%")],
)
def test_shares_said_otherwise(said: str, same_as: str) -> None:
    assert texts(said) == texts(same_as)


def test_a_count_in_places_is_no_share() -> None:
    assert "percent" not in texts("four stores in twelve cities")


@pytest.mark.parametrize(
    ("said", "same_as"),
    [("drop by nine tee percent", "drop by 90%"), ("fif ty minutes", "50 minutes"),
     ("eigh tee five", "85")],
)
def test_a_split_ty_number_is_one_number(said: str, same_as: str) -> None:
    assert texts(said) == texts(same_as)


def test_a_tee_elsewhere_stays_a_word() -> None:
    assert texts("tee it up") == ["tee", "it", "up"]


@pytest.mark.parametrize(("said", "same_as"), [
    ("nothing is keyed in twice", "nothing is typed twice"),
    ("staff rekey the data", "staff retype the data"),
])
def test_keyed_in_is_typed(said: str, same_as: str) -> None:
    assert [canonical(t) for t in texts(said)] == [canonical(t) for t in texts(same_as)]


def test_key_alone_is_no_typing() -> None:
    assert canonical("key") != canonical("type")


KEGS = ScoringSpec(
    module="kegs",
    version=1,
    pitch=None,
    points=(
        PointSpec("losses", "Every keg carries a scannable tag, so keg losses drop by two "
                  "thirds.", (), ("tag", "losses")),
        PointSpec("calls", "Calls to the brewery drop by half.", (), ("calls",)),
    ),
)


def kegs_covered(text: str) -> set[str]:
    result = score_transcript(KEGS, Transcript.from_text(text), semantic=False)
    return {m.id for m in result.messages if m.covered}


@pytest.mark.parametrize("text", ["We cut keg losses in half with a tag on every keg.",
                                  "Keg losses are halved once every keg carries a tag."])
def test_halving_is_another_share_than_two_thirds(text: str) -> None:
    assert "losses" not in kegs_covered(text)


def test_halving_still_says_a_message_of_half() -> None:
    assert "calls" in kegs_covered("Calls to the brewery are cut in half.")


@pytest.mark.parametrize(
    ("said", "same_as"),
    [("within half a minute", "within 30 seconds"), ("in a half minute", "in 30 seconds"),
     ("half a second", "0.5 seconds")],
)
def test_half_a_minute_is_thirty_seconds(said: str, same_as: str) -> None:
    assert texts(said) == texts(same_as)


def test_half_a_minute_conveys_under_thirty_seconds_and_two_minutes_does_not() -> None:
    rollback = PointSpec("rollback", "One click rolls every affected machine back to a clean "
                         "state in under 30 seconds.", ("one-click rollback",),
                         ("rollback", "one click"))
    spec = ScoringSpec("m", 1, None, (rollback,), (), ())

    def covered(text: str) -> bool:
        result = score_transcript(spec, Transcript.from_text(text), semantic=False)
        return result.messages[0].covered

    assert covered("One click rolls every affected machine back to a clean state within "
                   "half a minute.")
    assert not covered("One click rolls every affected machine back to a clean state "
                       "within two minutes.")
