"""The change signal: a benefit told as a before/after contrast about its message.

Reps often tell a benefit as what changed for a customer rather than as the claim: "their
insurer used to get a call about a bent van most weeks; this year they've had two, since
the drivers got their coaching", "one customer went from two hundred laptops to three
hundred and fifty and their invoice didn't change". Such a story shares few of the
statement's words, but it has two things any wording of it has: a before/after contrast
("used to ...", "no longer", "anymore", "no more", "instead of", "rather than", "went
from A to B", "compared to", "than before", "these days", "previously") and the topic
it is about, named by the message's distinctive words (those no other message of the
module uses). The contrast words are English grammar, the topic is the message's own:
no wording of any particular story is listed.

`change` is 1 where a sentence (with the one after it, where the story names its topic
there) tells a contrast and names two or more of the message's distinctive words, more
than of any other message's; 0.5 for one. Denied in the same breath ("still", a figure
that is none of the message's, the opposite of one of its words) it is 0. It is
evidence the coverage model (drills/scoring_model.json) weighs with the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from drills.scoring.clauses import _Text
from drills.scoring.compiled import _Compiled, _Point
from drills.scoring.coverage import _ANTONYMS, _Signals

TOPIC_WORDS = 2  # distinctive words that make a story fully about a message

# Before/after contrasts, as normalised token sequences.
_CONTRASTS = (
    ("no", "longer"), ("anymore",), ("any", "more"), ("no", "more"), ("instead", "of"),
    ("rather", "than"), ("than", "before"), ("than", "last"), ("than", "it", "used"),
    ("these", "days"), ("nowadays",), ("compared", "to"), ("compared", "with"),
    ("down", "from"), ("up", "from"), ("previously",), ("in", "the", "past"),
)  # fmt: skip
# "used to" is a habit that changed, except as "be/get used to" (accustomed)
_ACCUSTOMED = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got",
                         "getting", "am", "becoming", "become"})
FROM_TO_REACH = 8  # "went from ten days to three": "to" this many tokens after "from"


def _contrast_at(words: Sequence[str]) -> set[int]:
    """The positions of the words that tell a before/after contrast (none if none)."""
    n = len(words)
    found: set[int] = set()
    for i, w in enumerate(words):
        if w == "used" and i + 1 < n and words[i + 1] == "to" and (
                i == 0 or words[i - 1] not in _ACCUSTOMED):
            found.update((i, i + 1))
        elif w == "from" and _from_to(words, i):
            found.add(i)
        for c in _CONTRASTS:
            if w == c[0] and tuple(words[i : i + len(c)]) == c:
                found.update(range(i, i + len(c)))
    return found


def _against(point: _Point, keys: set[str], words: Sequence[str]) -> bool:
    """Whether words said around the topic deny the message's claim: a figure that is
    not one of its figures ("from ten days to seven" for a three-day close), the opposite
    of one of its words ("done by hand" for "automatically"), or "still" (nothing
    changed: "the planner still builds the routes by hand")."""
    if "still" in words:
        return True
    # "1" is left out: "one flat fee", "a single console" are no figures
    figures = {k for k in keys if k[:1].isdigit() and k not in ("0", "1")}
    claimed = point.numbers - {"1"}
    if claimed and figures - claimed:
        return True  # (the story of a figure: every figure it says must be the message's)
    return any(_ANTONYMS.get(k) in keys for k in point.vocabulary)


def _from_to(words: Sequence[str], i: int) -> bool:
    """"from A to B" with a figure on both sides: a change in amount ("from two hundred
    laptops to three hundred and fifty", "from ten days to three")."""
    for j in range(i + 2, min(len(words), i + FROM_TO_REACH + 1)):
        if words[j] == "to":
            before = any(w[:1].isdigit() for w in words[i + 1 : j])
            after = any(w[:1].isdigit() for w in words[j + 1 : j + 4])
            return before and after
    return False


def _sentences(text: _Text) -> list[tuple[int, int, bool]]:
    """[s, e) of each sentence, and whether it is a question."""
    out, start = [], 0
    for _, e, kind in text.structure.clauses:
        if kind != "clause":
            out.append((start, e, kind == "question"))
            start = e
    if start < len(text.toks):
        out.append((start, len(text.toks), False))
    return out


def _level(n: int) -> float:
    return min(1.0, n / TOPIC_WORDS)


def change_signals(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """Set each message's `change` signal (and the words behind it)."""
    if not compiled.points or not text.toks:
        return
    sentences = _sentences(text)
    words = [t.text for t in text.toks]
    framed = text.structure.framed or (False,) * len(text.toks)
    for k, (s, e, question) in enumerate(sentences):
        marks = {s + i for i in _contrast_at(words[s:e])} if not question else set()
        if not marks:
            continue
        # the story may name its topic in the sentence after ("Their insurer used to
        # get a call most weeks. This year they've had two, since the coaching.")
        window_end = sentences[k + 1][1] if k + 1 < len(sentences) and not sentences[
            k + 1][2] else e
        # contrast clauses count: the old way ("instead of keying it in") names the topic
        named = {text.all_keys[i]: i for i in range(s, window_end)
                 if text.all_keys[i] and not framed[i] and i not in marks}
        keys = set(named)
        counts = [len(keys & p.own) for p in compiled.points]
        top = max(counts)
        if not top:
            continue
        for point, sig, n in zip(compiled.points, signals, counts, strict=True):
            # the story is about the messages it names most; one it denies is no
            # other message's story ("fuel went from ten to twelve percent of costs")
            if n == top and _level(n) > sig.change and not _against(
                    point, keys, words[s:window_end]):
                where = sorted(named[key] for key in named.keys() & point.own)
                sig.change, sig.change_span = _level(n), (where[0], where[-1])
