"""Normalisation: the spellings a rep, a typist or Whisper produce compare equal."""

from __future__ import annotations

import pytest

from drills.text_normalize import (
    analyze,
    canonical,
    content_keys,
    join_to_vocabulary,
    normalize,
    squash,
    stem,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("One hundred percent", "100%"),
        ("forty percent", "40 %"),
        ("forty per cent", "40%"),
        ("2x", "two times"),
        ("twice", "2 times"),
        ("sock two", "SOC 2"),
        ("SOC-2", "soc two"),
        ("ransom wear", "ransomware"),
        ("per-seat", "per seat"),
        ("one hundred and twenty", "120"),
        ("$1,500", "1500 dollars"),
        ("40k", "forty thousand"),
        # money with a scale, however the currency is written
        ("$1.2 million", "1.2 million dollars"),
        ("$1.2M", "one point two million dollars"),
        ("1.2M dollars", "1200000 dollars"),
        ("£3bn", "three billion pounds"),
        ("£45", "45 pounds"),
        ("three point five", "3.5"),
        ("a quarter of an hour", "15 minutes"),
        # a quarter more, less or of the whole is a share, not three months
        ("a quarter more visits", "25% more visits"),
        ("cuts the bill by a quarter", "cuts the bill by 25 percent"),
        ("within a quarter", "within three months"),
        ("keyed in a second time", "keyed in twice"),
        # so much of each unit, or a ratio with its noun between
        ("five pence in the pound", "5 percent"),
        ("ten cents on the dollar", "10%"),
        ("one pound in every twenty", "5 percent pound"),
        ("three claims out of four", "75 percent claims"),
        ("half a year", "six months"),
        ("Type II", "type two"),
        ("We don't", "we do not"),
        ("It’s", "it is"),
        ("e-mail", "email"),
        ("API v1", "API version one"),
        ("the #1 CRM", "the number one CRM"),
        ("SafeSync 2.0", "SafeSync 2"),
        ("99.90%", "99.9 percent"),
        # lengths of time compare as quantities, however they are said
        ("an hour and a half", "90 minutes"),
        ("one and a half hours", "1.5 hrs"),
        ("a minute and a half", "ninety seconds"),
        ("two and a half hours", "150 minutes"),
        ("a couple of days", "48 hours"),
        ("a fortnight", "a 14 days"),
        ("120 seconds", "two minutes"),
        ("a year and a half", "18 months"),
        # shares said as ratios or fractions are percentages
        ("nine in ten", "90%"),
        ("3 out of 4", "seventy-five percent"),
        ("one out of every five", "20 percent"),
        ("two thirds", "67%"),
        ("a fifth", "20 per cent"),
        ("up by a fourth", "up by 25%"),  # the American quarter
        ("three fourths", "75 percent"),
        # letters spelled out are the word they spell
        ("s l a", "SLA"),
        ("E.H.R.", "EHR"),
        ("S-L-A", "sla"),
        ("A P I", "API"),
        ("standard A P Is", "standard APIs"),
        # a rate is the interval it says
        ("four times an hour", "every 15 minutes"),
        ("twice a day", "every 12 hours"),
    ],
)
def test_equivalent_spellings(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("half a day", "an hour"), ("90 seconds", "90 minutes"), ("a couple of days", "a day"),
     ("two and a half hours", "two hours")],
)
def test_different_lengths_of_time_stay_different(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


@pytest.mark.parametrize(
    ("text", "normal"),
    [("5 in 2024", "5 in 2024"), ("1 in 3 days", "1 in 3 days"), ("the third month",
     "the third month"), ("plan a b", "plan a b"), ("i am a", "i am a"),
     # a noun between two numbers says a ratio only with "every" or "out of"
     ("4 stores in 12 cities", "4 stores in 12 cities"),
     # a time of day is no length of time
     ("at a quarter past one", "at a quarter past 1"), ("a quarter to five", "a quarter to 5"),
     # a bare "2m" may be metres: only a currency makes it millions
     ("a 2m cable", "a 2m cable")],
)
def test_what_is_no_share_and_no_spelling_stays(text: str, normal: str) -> None:
    assert normalize(text) == normal


def test_lowercases_and_strips_punctuation() -> None:
    assert normalize('"Hello," she said -- fine!') == "hello she said fine"
    assert normalize("It's 3.5x faster.") == "it is 3.5 times faster"


def test_numbers_do_not_merge_across_unrelated_words() -> None:
    assert normalize("twenty twenty six") == "20 26"
    assert normalize("one story") == "1 story"


def test_hyphen_and_space_variants_squash_equal() -> None:
    assert squash("per-seat pricing") == squash("per seat pricing") == squash("perseat pricing")


@pytest.mark.parametrize(
    "forms",
    [
        ("cut", "cuts", "cutting"),
        ("reduce", "reduces", "reduced", "reducing"),
        ("company", "companies"),
        ("reconcile", "reconciles", "reconciliation"),
        ("automate", "automated", "automation", "automatically", "automatic"),
    ],
)
def test_word_forms_share_a_key(forms: tuple[str, ...]) -> None:
    assert len({canonical(f) for f in forms}) == 1


def test_synonyms_fold_to_one_key() -> None:
    assert canonical("cuts") == canonical("reduces") == canonical("lowered")
    assert canonical("client") == canonical("customers")
    assert stem("selling") == "sell"


def test_content_keys_skip_stopwords_and_negations() -> None:
    assert content_keys("We do not cut the cost") == [canonical("cut"), canonical("cost")]


def test_tokens_keep_their_source_words() -> None:
    toks = analyze(["We", "cut", "forty", "percent."])
    assert [(t.text, t.first, t.last) for t in toks] == [
        ("we", 0, 0),
        ("cut", 1, 1),
        ("40", 2, 2),
        ("percent", 3, 3),
    ]
    toks = analyze(["one", "hundred", "seats"])
    assert [(t.text, t.first, t.last) for t in toks] == [("100", 0, 1), ("seats", 2, 2)]


def test_join_to_vocabulary_repairs_asr_splits() -> None:
    toks = analyze(["harbor", "guard", "tests", "for", "recovery", "ability"])
    joined = join_to_vocabulary(toks, {"harborguard", "recoverability"})
    assert [t.text for t in joined] == ["harborguard", "tests", "for", "recoverability"]
    assert (joined[0].first, joined[0].last) == (0, 1)


@pytest.mark.parametrize(
    ("a", "b"),
    [("reduce", "reduction"), ("verify", "verification"), ("compliance", "compliant"),
     ("visible", "visibility"), ("predict", "predictable"), ("efficient", "efficiency"),
     ("recoverable", "recoverability"), ("optimize", "optimisation"), ("manage", "management"),
     ("analyse", "analysis"), ("accurate", "accuracy"), ("arrival", "arrives"),
     ("renewal", "renew"), ("financial", "finance")],
)
def test_word_family_shares_a_key(a: str, b: str) -> None:
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize(
    ("a", "b"), [("product", "productivity"), ("product", "production"), ("sign", "signal"),
                 ("pay", "payment"), ("general", "generate")],
)
def test_unrelated_words_keep_their_keys(a: str, b: str) -> None:
    assert canonical(a) != canonical(b)


# --- figures said in other units or forms --------------------------------------------

@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ten or twelve minutes", "10 minutes or 12 minutes"),
        ("two to three days", "2 days to 3 days"),
        ("two working days", "2 days"),
        ("a couple of business days", "2 days"),
        ("five working days", "a week"),
        ("a working week", "7 days"),
        ("ten business days", "two weeks"),
        ("five hours a week", "an hour a day"),
        ("ten hours per week", "2 hours per day"),
        ("one and a half times as fast", "50% faster"),
        ("1.5 times faster", "fifty percent faster"),
        ("half as fast again", "50 percent faster"),
        ("one and a half million", "1500000"),
        ("half of one percent", "0.5%"),
        ("a quarter of a percent", "0.25 percent"),
        ("three hundred percent of the leads", "3 times the leads"),
        ("up ninety-nine point nine percent of the time", "99.9% uptime"),
        ("the twenty-second of May", "the 22nd of May"),
        ("May the twenty-first", "May the 21st"),
        ("a day and a half", "36 hours"),
        ("three quarters of an hour", "45 minutes"),
        ("60 grand", "sixty thousand"),
        ("half a million", "500,000"),
        ("up by a fourth", "up by 25%"),
        ("s l a", "SLA"),
        ("two mil a year", "2 million a year"),
    ],
)
def test_same_figure_in_another_form(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a twenty-second delay", "the twenty-second of May"),
        ("four working days", "a week"),
        ("three hours a week", "an hour a day"),
        ("an hour a week", "an hour a day"),
        ("two times faster", "fifty percent faster"),
        ("half as fast", "50 percent faster"),
        ("from ten to seven days", "from 10 days to 7 days"),
        ("ninety percent of the leads", "90 percent the leads"),
        ("a quarter of a percent", "half a percent"),
        ("a working week", "a fortnight"),
        ("mil spec", "million spec"),
    ],
)
def test_near_figure_forms_stay_different(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


def test_a_twenty_second_delay_is_twenty_seconds() -> None:
    assert normalize("a twenty-second delay") == normalize("a 20 second delay")
