"""What the rep does with a forbidden or retired phrase they said: denied, put in
someone else's mouth, asked and answered no, or disowned just after, it is not said
(playbook-format.md: a statement that negates it does not count); made bigger ("not
just unhackable"), it is. Used by drills.scoring.phrases once a phrase is found."""

from __future__ import annotations

from drills.scoring.clauses import _HESITATIONS, _OTHERS, _contains, _Text

# Cues just before a phrase that distance the rep from it.
_DISTANCING = (
    ("no", "longer"), ("not",), ("never",), ("away", "from"), ("instead", "of"),
    ("rather", "than"), ("used", "to"), ("replaced",), ("unlike",), ("moved", "from"),
    ("gone",), ("no",), ("stopped",), ("retired",), ("dropped",), ("ditched",),
    ("nothing",), ("nobody",), ("gave", "up"), ("give", "up"), ("rid", "of"),
    ("phased", "out"), ("scrapped",), ("abandoned",), ("past",),
)  # fmt: skip
# A denied naming of it, a few words before: "nobody should call a backup unhackable",
# "we never describe it as ...".
_NAMING_VERBS = frozenset({
    "call", "calls", "called", "calling", "describe", "describes", "described", "label",
    "labels", "labelled", "labeled", "claim", "claims", "say", "says", "promise",
    "promises", "word", "words", "term", "advertise", "market", "brand",
})  # fmt: skip
# words a clause cannot end on: what follows the comma is their object
_OPEN_ENDINGS = frozenset({
    "from", "of", "to", "than", "for", "with", "by", "in", "on", "at", "about", "as",
    "into", "onto", "like", "the", "a", "an", "our", "your", "their", "my", "its",
})  # fmt: skip
_NOT_JUST = frozenset({"just", "only", "merely", "simply"})
_NAMING_NOUNS = frozenset({"word", "words", "term"})  # "we never use that word"
_DENIERS = frozenset({"not", "never", "nobody", "no", "nothing", "noone"})
NAMING_WITHIN = 7  # tokens back from the phrase, in its sentence
# ... or just after it: "Clinicflow Lite is gone", "X was retired years ago"
_DISTANCING_AFTER = (
    ("is", "gone"), ("was", "retired"), ("is", "retired"), ("was", "replaced"),
    ("is", "replaced"), ("was", "dropped"), ("is", "a", "thing", "of", "the", "past"),
    ("no", "longer"), ("anymore",), ("was", "discontinued"), ("is", "discontinued"),
    ("was", "scrapped"), ("is", "over"), ("went", "away"),
)  # fmt: skip


def disowned_before(text: _Text, s: int, words: frozenset[str]) -> bool:
    """Whether the words just before a phrase distance the rep from it ("not", "no
    longer", "instead of"...), within the same sentence."""
    if text.structure.distanced and text.structure.distanced[s]:
        return True  # "nobody should tell you it's unhackable", "rivals claim ..."
    before = [t.text for t in text.toks[max(_clause_start(text, s), s - 4) : s]]
    if s < len(text.toks) and text.toks[s].text not in words:
        before.append(text.toks[s].text)  # the fuzzy window began on the cue itself
    # "not just unhackable", "not only bulletproof": the claim stands, and grows
    before = [w for k, w in enumerate(before)
              if not (w in _DENIERS and before[k + 1 : k + 2] and before[k + 1] in _NOT_JUST)]
    return any(_contains(before, cue) for cue in _DISTANCING) or _naming_denied(text, s)


def _clause_start(text: _Text, s: int) -> int:
    """Where the clause of token s starts, for the cues that may distance a phrase: "no
    fees at all, zero fees" keeps its "zero fees". A clause that leads into the next
    ("we moved away from, per-seat pricing") or only hesitates ("um,") belongs to it."""
    clauses = text.structure.clauses
    k = next((k for k, (s0, e0, _) in enumerate(clauses) if s0 <= s < e0), None)
    if k is None:
        return 0
    while k > 0 and clauses[k - 1][2] == "clause":
        p0, p1, _ = clauses[k - 1]
        words = [t.text for t in text.toks[p0:p1]]
        if not words or not (words[-1] in _OPEN_ENDINGS
                             or all(w in _HESITATIONS for w in words)):
            break
        k -= 1
    return clauses[k][0]


def _naming_denied(text: _Text, s: int) -> bool:
    """A denier then a naming verb in the few words before, in the same sentence:
    "nobody should call a backup unhackable", "we never describe it as ..."."""
    sentence = text.structure.sentence
    lo = max(0, s - NAMING_WITHIN)
    if sentence:
        while lo < s and sentence[lo] != sentence[s]:
            lo += 1
    before = [t.text for t in text.toks[lo:s]]
    # a denier, or someone else ("competitors call theirs unhackable"), then a naming verb
    return any((w in _DENIERS or w in _OTHERS) and any(v in _NAMING_VERBS
                                                        for v in before[k + 1 :])
               for k, w in enumerate(before))


def disowned_after(text: _Text, e: int) -> bool:
    """Whether the words just after a phrase disown it ("... is gone", "... was retired")."""
    after = [t.text for t in text.toks[e : e + 6]]
    return any(tuple(after[: len(cue)]) == cue for cue in _DISTANCING_AFTER) or any(
        tuple(after[1 : 1 + len(cue)]) == cue for cue in _DISTANCING_AFTER
    ) or _naming_denied_after(text, e) or _answered_no(text, e)


def _answered_no(text: _Text, e: int) -> bool:
    """A claim answered no at once: "Is it unhackable? No system is." (answered yes, or
    not at all, the rep said it); the same with the question mark lost, "it's
    unhackable, no system is"."""
    toks, ends = text.toks, {e0 for _, e0, _ in text.structure.clauses}
    for s0, e0, kind in text.structure.clauses:
        if s0 < e <= e0 and kind == "question" and e0 < len(toks) and (
                toks[e0].text in _DENIERS):
            return True
    words = [t.text for t in toks[e : e + 3]]
    if words[:1] == ["no"] and words[2:3] in (["is"], ["are"]):
        return e + 3 in ends  # "no system is."
    if words[:1] in (["nothing"], ["nobody"], ["none"]) and words[1:2] in (["is"], ["are"]):
        return e + 2 in ends
    return False


def _naming_denied_after(text: _Text, e: int) -> bool:
    """A denied naming of the phrase just said, in the same sentence: "... hassle-free,
    and we would never say it", "... we don't use that word"."""
    sentence = text.structure.sentence
    after: list[str] = []
    for i in range(e, min(len(text.toks), e + NAMING_WITHIN + 2)):
        if sentence and e > 0 and sentence[i] != sentence[e - 1]:
            break
        after.append(text.toks[i].text)
    for k, w in enumerate(after):
        if w not in _DENIERS:
            continue
        rest = after[k + 1 :]
        for j, v in enumerate(rest):
            if v in _NAMING_VERBS and (v in _NAMING_NOUNS or rest[j + 1 : j + 2] in (
                    ["it"], ["that"], ["this"], ["so"])):
                return True
    return False

