"""What the rep does with a forbidden or retired phrase they said: denied, put in
someone else's mouth, asked and answered no, or disowned just after, it is not said
(playbook-format.md: a statement that negates it does not count); made bigger ("not
just unhackable"), it is. Used by drills.scoring.phrases once a phrase is found.

The frames are found by structure, from word classes (drills.scoring.phrase_cues):
* before it: a denier that reaches it ("we never offer X"; not "never worry again with
  X"), a verb of leaving or ending with it as object ("moved on from X", "we retired
  X"), someone else who says or sells it ("anyone selling X"), a mention ("you asked
  about X"), the word named as a word ("the word X");
* after it, with it as subject: what is past or untrue ("X was the old way", "X has been
  retired", "X's been replaced" (a contracted "has" the tokens lose), "X is a myth",
  "X doesn't exist anymore"), also when the next sentence takes it up ("X? That's
  history."); a denied naming ("... and we would never say it"); a
  question answered no ("Is it X? Honestly, no.");
* someone other than the rep as the subject of a verb of saying, printing or putting
  it on something ("the last supplier told you X", "a customer called it X", "a rival
  prints X on its leaflets", "vendors put X on their websites", "according to their
  website, X"; "one of our competitors" is someone else), unless the rep agrees ("...,
  and it is");
* its words given back right after it ("X. His words, not ours."), or what someone
  else's words are ("our competitor's slogan is X", "their pitch is X"), taken up by a
  pronoun ("X, that's what they put on the flyer"), seen on others' pages ("X on a lot
  of vendor sites"), called a red flag ("X is a red flag"), printed by someone ("X
  plastered everywhere"), the line of a former job ("X was the line at my last job"), or
  what someone else mentions ("if someone mentions X");
* a denied verb of presenting something as it ("we don't sell anything as X");
* a question the rep reports ("people ask whether X"), answered no, also without a
  "no" ("I wish.", "I'd be lying.", "The answer's no");
* the claim withheld ("I'm not saying X", "it would be wrong to say X", "I wish I could
  promise X"), warned against ("beware of X", "if you hear X, ..."), turned down after
  ("X sounds great, but ..."), or called a myth ("the myth is that X");
* a forbidden phrase used of something not the product ("their world-class team",
  "any plug-and-play headset", "robots that replace your pickers"; not when the rep's
  side stands behind it: "with us they never X"); a retired name
  spoken of as gone by (gone_by: remembered, renamed, shut down, its holders moved off
  it, what there was before, what the listener still has);
* given to someone else in a short clause inside or after it ("X, the salesman said",
  "every seal, they say, is X", "X, or so our old brochure said": reported_aside), or
  by someone the rep had before ("my old boss liked to say X");
* named as a kind of words ("claims like X", "X is a term that gets thrown around"), in
  quotes ("the so-called X"), or in a cleft after a denied verb of saying ("the claim
  you won't hear from me is X"); a goal ("your target of X", "X is a goal");
* taken back later in its sentence ("..., and we were wrong", "..., so we don't
  anymore", "... no, I'm joking"), refused or ended in a short next sentence ("My
  predecessor pitched X. I won't.", "We used to tell clients X. We stopped."), or in a
  clause about it ("X is something we don't offer", "X was never part of our offer",
  "X is something I will never put in writing", "X is something we'd love to offer
  one day");
* a refusal that reaches the verb of saying over a verb of coming or standing ("I'm not
  going to stand here and tell you X"), or over a denied hedge ("I'm not sure I'd call
  it X", "I wouldn't go so far as to say X"); a former line past the opening of its
  complement ("our old line, back when I started, was that X");
* a question answered no after a wish ("X? I'd love to say so, but no"), after who asks
  it ("is it X people always ask me and the answer is no"), after a sentence of candour
  ("I'll be straight with you. No."), only in part ("Mostly."), or by denying its own
  word ("... not a guarantee"); what no honest seller makes ("X is a promise no honest
  vendor makes"), nobody can give or has ("..., nobody can give them that"), the rep
  never came across ("I've never met a system that's X"), or dares the listener to
  find ("X, good luck finding that");
* a topic or an unmarked question answered no in the words run on after it, as an ASR
  writes it ("bulletproof i'd love to say so but no", "X nothing does", "X not with any
  system i know of"; _run_on_answered), only by answers that cannot go on with the
  claim ("zero fees no hidden charges" is said).
The rep's own voice again ("..., but we give X") ends what came before; a denial that
insists ("no word of a lie, X", "I'm not exaggerating when I say X") leaves it said.
Unpunctuated and non-native speech is read the same way where it can be ("is it
bulletproof no nothing is", "X not exist anymore")."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from drills.scoring import phrase_cues as cues
from drills.scoring.clauses import (
    _ATTRIBUTION_VERBS,
    _HESITATIONS,
    _OTHER_NOUN_AFTER,
    _OTHERS,
    _THIRD_PARTIES,
    _contains,
    _Text,
)
from drills.text_normalize import is_content, stem


def disowned_before(text: _Text, s: int, words: frozenset[str], e: int | None = None) -> bool:
    """Whether the words just before a phrase distance the rep from it ("not", "no
    longer", "instead of"...), within the same sentence; `e`: where the phrase ends."""
    if _insisted(_sentence_before(text, s)):
        return False  # "no word of a lie, X", "I'm not exaggerating when I say X"
    if text.structure.distanced and text.structure.distanced[s]:
        return True  # "nobody should tell you it's unhackable", "rivals claim ..."
    before = [t.text for t in text.toks[max(_clause_start(text, s), s - 4) : s]]
    if s < len(text.toks) and text.toks[s].text not in words and (
            stem(text.toks[s].text) not in {stem(w) for w in words}):
        # the fuzzy window began on the cue itself (not on a form of the phrase's own
        # word: "it replaced your front desk" for "replaces your front desk")
        before.append(text.toks[s].text)
    # "not just unhackable", "not only bulletproof", "not to mention X": the claim
    # stands, and grows; and a denier's reach ends at a word that joins on something
    # else: "never worry again with X", "no setup cost and X"
    before = [w for k, w in enumerate(before)
              if not (w in cues.DENIERS and _claim_stands(before, k))]
    # "nothing beats X", "nothing but X", "nobody matches X": X is claimed, the best
    # ("nobody else is X, but we are": a boast, as "no other vendor offers X")
    before = [w for k, w in enumerate(before)
              if not (w in cues.NOBODY and (any(v in cues.OUTDOING for v in before[k + 1 :])
                                            or before[k + 1 : k + 2] == ["else"]))]
    return (any(_contains(before, cue) for cue in cues.DISTANCING) or _left_behind(text, s)
            or _naming_denied(text, s) or _said_by_others(text, s) or _quoted(text, s)
            or _reported_from_others(text, s, s + 1 if e is None else e)
            or _asked_whether(text, s) or _withheld(text, s, s + 1 if e is None else e)
            or _warned_or_heard(text, s, s + 1 if e is None else e)
            or _called_untrue_before(text, s) or _approximated(text, s)
            or _counterfactual(text, s) or _former_complement(text, s)
            or _cleft_denied(text, s) or _kept_by_listener(text, s, s + 1 if e is None else e)
            or _promised_to_listener(text, s, s + 1 if e is None else e)
            or _requirement_declined(text, s, s + 1 if e is None else e)
            or _never_seen(text, s) or _wished_for(text, s)
            or _left_to_others(text, s, s + 1 if e is None else e)
            or _if_someone_offers(text, s))


WHETHER_WITHIN = 3  # tokens before a phrase where a "whether" governs it
BYGONE_REPLY_MAX = 3  # words of a next sentence that is only a reply on the phrase


def _insisted(said: list[str]) -> bool:
    """Whether the words before a phrase, in its sentence, insist on it with a denied
    word of lying, no other denier after it: "no word of a lie, X", "not gonna lie, it's
    X", "I'm not exaggerating when I say X", "it's no exaggeration to say X" (not "I'm
    not lying when I say we never X")."""
    k = max((k for k, w in enumerate(said) if w in cues.LYING), default=-1)
    if k < 0 or not any(w in cues.DENIERS for w in said[max(0, k - cues.INSIST_WITHIN) : k]):
        return False
    after = said[k + 1 :]
    # ("I'm not going to lie to you and say X": the denial reaches the saying)
    joined = any(w == "and" and any(x in cues.SAYING_ACTS for x in after[j + 1 : j + 3])
                 for j, w in enumerate(after))
    return not joined and not any(w in cues.DENIERS or w in cues.AVOIDING for w in after)


def _quoted(text: _Text, s: int) -> bool:
    """The phrase named as words, not said as a claim: "the word X", "X claims", or
    in a clause that mentions it ("you asked about X", "we talked about X last
    quarter"), that denies it to everyone ("nobody in this industry delivers X"), or
    that supposes the rep said it ("I'd be lying if I said X")."""
    toks = text.toks
    if s > 0 and toks[s - 1].text in cues.WORD_NOUNS:
        return True
    if _named_as_example(text, s):
        return True
    lo = max(_clause_start(text, s), s - cues.NAMING_WITHIN)
    before = [t.text for t in toks[lo:s]]
    said = _sentence_before(text, s)[-cues.NAMING_WITHIN :]
    if any(w in cues.WORD_NOUNS and any(v in cues.AVOIDING or v in cues.DENIERS
                                        for v in said[k + 1 : k + 5])
           for k, w in enumerate(said)):
        return True  # "the word I avoid is X", "a term we never use: X"
    if before and before[0] in cues.NOBODY and not any(
            w in cues.OUTDOING or w == "else" for w in before):
        return True  # the clause's subject denies it: "nobody in this industry ..."
    if before[:1] == ["no"] and before[2:3] and (
            before[2] in cues.MODALS or before[2] in cues.AUX or before[2] in cues.ENTAILING):
        return True  # "no system means you're never X", "no tool can give you X"
    if said[1:4] == ["and", "i", "mean"]:
        said = [said[0], *said[5:]]  # "nobody, and I mean nobody, is X"
    if said[:1] and said[0] in cues.NOBODY and len(said) <= cues.NAMING_WITHIN and not any(
            w in cues.OUTDOING or w in ("else", "and", "but", "so") for w in said):
        return True  # ... with an aside cut off by commas: "nobody, us included, can X"
    if _asked_of(before) and not _whether_answered_yes(text, s):
        return True  # asked about, never asserted: "people ask me whether (if) we X"
    for k, w in enumerate(before):
        rest = before[k + 1 :]
        if w in cues.MENTIONING and "as" not in before[max(0, k - 2) : k] and not any(
                v in cues.OWN_VOICE for v in rest) and not (
                w == "mentions" and _own_side(before[:k])):  # "our site mentions X"
            return True
        if w in cues.ASKING_ABOUT and k > 0 and "about" in rest[:3]:
            return True  # "when people ask me about X" (not "Ask me about X: ...")
        if w == "if" and rest[:1] and rest[0] in cues.OWN_VOICE | {"you"} and any(
                v in cues.NAMING_VERBS or v in _ATTRIBUTION_VERBS for v in rest[1:3]):
            return True
    return False


_KNOWING = frozenset({"knew", "know", "knows", "realised", "realized", "saw", "understood"})


def _asked_of(before: Sequence[str]) -> bool:
    """Whether the words right before a phrase put it in a question: "whether", or an
    "if" that a verb of asking governs ("people ask me if we're X"; not "if we're X,
    say so", a condition)."""
    near = list(before[-WHETHER_WITHIN:])
    if "whether" in near:
        return True
    if "if" not in near:
        return False
    k = len(before) - len(near) + near.index("if")
    return any(w in cues.ASKING for w in before[max(0, k - cues.ASKED_WITHIN - 1) : k])


def _wished_for(text: _Text, s: int) -> bool:
    """The phrase as what the rep only wishes for, right before it: "we'd all love X",
    "I'd love X", "I wish X were so" (not "you'll love X", "we love X")."""
    said = _sentence_before(text, s)[-5:]
    w = next((k for k in range(len(said) - 1, -1, -1) if said[k] == "wish"), None)
    if w is not None and w > 0 and said[w - 1] in cues.OWN_VOICE and len(said) - w <= 3 and (
            not any(x in _KNOWING or x in cues.PIVOT_WORDS or x == "and" for x in said[w + 1 :])):
        return True  # "I wish spoilage went to zero", "we wish it were X" (not "I wish
        # every owner knew X", whose X the rep holds true)
    k = next((k for k in range(len(said) - 1, -1, -1) if said[k] in cues.WANTING), None)
    if k is None or k < len(said) - 2 or "would" not in said[max(0, k - 3) : k]:
        return False
    return any(w in cues.OWN_VOICE for w in said[max(0, k - 4) : k]) and (
        said[k + 1 :] in ([], ["a"], ["the"]))


def _left_to_others(text: _Text, s: int, e: int) -> bool:
    """The phrase as what the rep leaves to others: "I'll leave X to the competition",
    "we leave X to other vendors"."""
    before = _sentence_before(text, s)[-2:]
    after = _rest_of_sentence(text, e)[:4]
    return any(w in cues.LEAVING for w in before) and after[:1] == ["to"] and (
        not any(w in cues.OWN_SIDE for w in after)) and _other_party(after[1:])


def _if_someone_offers(text: _Text, s: int) -> bool:
    """The phrase as what someone left indefinite offers or says, in a condition: "if a
    broker offers X, walk away", "if someone tells you X, ..." (not "if you want X")."""
    said = _since_own_voice(_sentence_before(text, s)[-cues.NAMING_WITHIN :])
    if "if" not in said:
        return False
    cond = said[said.index("if") + 1 :]
    verb = len(cond)
    while verb > 0 and cond[verb - 1] in cues.COMPLEMENT:
        verb -= 1
    return 2 <= verb <= 4 and cond[0] in cues.INDEFINITE_WHO and (
        cond[verb - 1] in cues.SAYING or cond[verb - 1] in cues.SELLING)


def _never_seen(text: _Text, s: int) -> bool:
    """The rep has never come across it: "I've never met a system that's X", "I've yet to
    see an X backup", "we've never seen X anywhere"."""
    said = _sentence_before(text, s)[-cues.NAMING_WITHIN - 2 :]
    for k, w in enumerate(said):
        if w == "never" or said[k : k + 2] == ["yet", "to"]:
            rest = said[k + 1 + (w != "never") :]
            # (what was never met is a thing of the kind, not a clause: not "I've never
            # seen it fail: it's X")
            if rest[:1] and rest[0] in cues.EXPERIENCING and (
                    len(rest) == 1 or rest[1] in cues.INDEFINITE) and not any(
                    x in cues.OWN_VOICE or x in cues.PIVOT_WORDS or x in cues.RESUMING
                    for x in rest[2:-2]) and (
                    any(x in cues.OWN_VOICE for x in said[:k]) or k == 0):
                return True
    return False


def _promised_to_listener(text: _Text, s: int, e: int) -> bool:
    """The phrase as what others promised or sold the listener, in the passive: "you've
    probably been promised X before", "you were sold X by the last supplier" (not when
    the rep's side then gives it: "..., and with us you get it")."""
    before = [w for w in _sentence_before(text, s)[-8:] if w not in _HESITATIONS]
    while before[-1:] and before[-1] in cues.COMPLEMENT and before[-1] != "you":
        before = before[:-1]  # "you might have been told [it's] X"
    before = before[-6:]
    if before[-1:] == [] or before[-1] not in cues.TOLD_PASSIVE or "you" not in before[:-1]:
        return False
    return any(w in ("were", "been", "was", "got", "get") for w in before[:-1]) and not any(
        w in cues.OWN_SIDE or w == "us" for w in _rest_of_sentence(text, e))


def _kept_by_listener(text: _Text, s: int, e: int) -> bool:
    """The phrase as what the listener keeps: "your IT team keeps X", "you retain X",
    "your accountant can keep her X", "X stays with you" (not "your lines stay X": a
    verb of staying before it says it of them)."""
    before = [w for w in _sentence_before(text, s)[-6:] if w not in ("the", "a", "an")]
    if before[-1:] and before[-1] in cues.POSSESSIVES:
        before = before[:-1]
    if before[-1:] and before[-1] in cues.KEEPING_OBJECT and any(
            w in ("you", "your") for w in before[:-1]):
        return True
    if before in (["keep"], ["retain"]):
        return True  # "Keep X if your insurer wants it": the listener told to keep it
    after = _rest_of_sentence(text, e)[:4]
    return bool(after) and after[0] in cues.KEEPING and any(
        w in ("you", "yours") for w in after[1:])


def _named_as_example(text: _Text, s: int) -> bool:
    """The phrase as an example of a kind of words: "claims like X", "buzzwords such as
    X", "a promise like X" (not "features like X")."""
    before = [t.text for t in text.toks[max(0, s - 3) : s] if t.text not in _HESITATIONS]
    if before[-1:] == ["like"]:
        return before[-2:-1] != [] and before[-2] in cues.CLAIM_EXAMPLES
    return before[-2:] == ["such", "as"] and before[-3:-2] != [] and (
        before[-3] in cues.CLAIM_EXAMPLES)


def _named_a_word_after(text: _Text, e: int) -> bool:
    """The phrase called a word that the rep keeps away from, after it: "X is a word I'd
    never put in a contract", "X is a term that gets thrown around" (not "X is the word
    for it")."""
    after = _rest_of_sentence(text, e)
    if len(after) < 3 or after[0] not in cues.COPULAS or after[1] not in ("a", "the"):
        return False
    if after[2] not in cues.WORD_NOUNS:
        return False
    return any(w in cues.DENIERS or w in cues.AVOIDING or w in cues.TOSSED
               for w in after[3 : 3 + cues.NAMING_WITHIN])


def _claim_stands(before: list[str], k: int) -> bool:
    """Whether the denier at k leaves the phrase said: "not just X", "not to mention X",
    or its reach ends before it (_reach_ends)."""
    nxt = before[k + 1 : k + 3]
    return bool(nxt) and (nxt[0] in cues.NOT_JUST or nxt == ["to", "mention"]
                          or _reach_ends(before, k))


def _reach_ends(before: list[str], k: int) -> bool:
    """Whether the denier at k stops short of the phrase: at "and"/"plus", or at "with",
    "thanks to" and the like once it has its own object ("never worry again with X",
    "no more outages with X"; but "we don't work with X" denies X)."""
    for j in range(k + 1, len(before)):
        if before[j] in cues.JOINING:
            return before[j] in ("and", "plus") or j - k - 1 >= 2
    return False


def _left_behind(text: _Text, s: int) -> bool:
    """The phrase as what the rep left or ended, in its clause: "we've moved on from
    X", "teams upgrading off the X", "we retired X", "we phased out our X"."""
    words = [t.text for t in text.toks[_clause_start(text, s) : s]][-6:]
    for cue in cues.DISTANCING_NEXT:
        m = len(cue)
        if any(tuple(words[k : k + m]) == cue and all(_left_between(x) for x in words[k + m :])
               for k in range(len(words) - m + 1)):
            return True
    for k, w in enumerate(words):
        rest = words[k + 1 :]
        root = stem(w)
        if root in cues.LEAVE_FROM and any(x in cues.FROM for x in rest[:3]):
            between = rest[[x in cues.FROM for x in rest].index(True) + 1 :]
            if all(x in cues.LINKING or x in cues.BYGONE for x in between):
                return True
        if root in cues.ENDING and all(_left_between(x) for x in rest):
            return True
        if w in cues.STOPPING and rest[:1] and rest[0].endswith("ing") and all(
                x in cues.LINKING or x in cues.BYGONE or x in ("for", "with")
                for x in rest[1:]):
            return True  # "managers stop chasing X", "forget waiting for an X"
    return False


def _left_between(word: str) -> bool:
    """Whether a word may stand between a verb of leaving or ending and the phrase it
    ends: "we've phased out [our] X", "throw out [the idea of] X"."""
    return word in cues.LINKING or word in cues.BYGONE or word in cues.IDEA_WORDS


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
        if not words or not (words[-1] in cues.OPEN_ENDINGS
                             or all(w in _HESITATIONS for w in words)):
            break
        k -= 1
    return clauses[k][0]


def _naming_denied(text: _Text, s: int) -> bool:
    """A denier then a naming verb in the few words before, in the same sentence:
    "nobody should call a backup unhackable", "we never describe it as ..."."""
    sentence = text.structure.sentence
    lo = max(0, s - cues.NAMING_WITHIN)
    if sentence:
        while lo < s and sentence[lo] != sentence[s]:
            lo += 1
    before = [t.text for t in text.toks[lo:s]]
    before = _since_own_voice(before)  # "competitors say 99%, but we give X"
    # a denier, or someone else ("competitors call theirs unhackable"), then a naming verb
    return any((w in cues.DENIERS or w in _OTHERS) and any(v in cues.NAMING_VERBS
                                                        for v in before[k + 1 :])
               for k, w in enumerate(before))


_SUBJECT_OPENERS = frozenset({"the", "your", "our", "these", "those", "all"})


def _withheld(text: _Text, s: int, e: int) -> bool:
    """The rep withholding the claim in the words before it, in its sentence: a verb of
    saying after a denier or a verb of keeping away ("I'm not saying X", "we avoid
    saying X", "we're not in the business of promising X"), after what calls saying it
    untrue ("it would be wrong to say X"), or after a wish ("I wish I could promise X";
    "I'd love to say X, but ..."). The verb must open the phrase's complement: "no need to
    call us, it's X" withholds nothing."""
    said = _sentence_before(text, s)[-cues.NAMING_WITHIN :]
    verb = len(said)
    if verb >= 3 and _plural_noun(said[-1]) and said[-2] in _SUBJECT_OPENERS:
        verb -= 2  # the complement's own subject: "tell you the machines X"
    while verb > 0 and (said[verb - 1] in cues.COMPLEMENT or said[verb - 1] in cues.AS_WHAT):
        verb -= 1
    if verb > 1 and said[verb - 1] not in cues.SAYING_ACTS and (
            said[verb - 2] in cues.SAYING_ACTS) and _listener_word(said[verb - 1]):
        verb -= 1  # "we used to tell brewers X"
    if verb > 0 and said[verb - 1] not in cues.SAYING_ACTS:
        verb = _presented_as(said, verb)
    if verb == 0 or said[verb - 1] not in cues.SAYING_ACTS | cues.PRESENTING:
        return False
    if any(w in cues.WISHING for w in said[: verb - 1]):
        return True  # (before the cut at the rep's voice: "I wish I could say X")
    if any(w in cues.SUPPOSING for w in said[max(0, verb - 3) : verb - 1]) and any(
            x in cues.PIVOT_WORDS for x in _rest_of_sentence(text, e)):
        return True  # "I could tell you X, but ...", "you could call it X, but ..."
    lead = _lead_of_joined(text, s, len(said) - verb) or said[:verb]
    before = _since_own_voice(lead)
    hedge = lead[max(0, len(lead) - len(before) - 4) : len(lead) - len(before)]
    if any(w in cues.DENIERS and any(x in cues.HEDGING for x in hedge[k + 1 :])
           for k, w in enumerate(hedge)):
        return True  # "I'm not sure I'd call it X", "I don't think we'd say X"
    if tuple(before[-3:-1]) == cues.FORMER_HABIT:
        return True  # "we used to tell brewers X": a line of the past
    for k, w in enumerate(before[:-1]):
        if (w in cues.DENIERS and before[k + 1 : k + 2] != ["only"]
                and not _claim_stands(before, k)) or w in cues.AVOIDING or (
                w in cues.UNTRUE_TO_SAY):
            return True
        if (w in cues.WANTING or w in cues.APPEALING) and any(
                x in cues.PIVOT_WORDS for x in _rest_of_sentence(text, e)):
            return True  # "I'd love to say X, but", "it would be great to say X, but"
        if w == "rather" and "than" in before[k + 1 :]:
            return True  # "I'd rather under-promise than say X"
    return False


def _listener_word(word: str) -> bool:
    """Whether a word after a verb of saying is whom it is said to: "tell brewers X",
    "promise people X", "tell them X"."""
    return word in cues.TOLD or word in cues.CUSTOMERS or _plural_noun(word)


def _lead_of_joined(text: _Text, s: int, gap: int) -> list[str]:
    """The verb of saying `gap` tokens before the phrase, with the words that lead to a
    verb of coming or standing joined to it by "and" in its place: "I'm not going to
    stand here and tell you X" reads "I'm not going to tell", "nobody should walk in
    here and promise you X" "nobody should promise", so that the denial reaches it (and
    does not stop at "and", as in "no setup cost and X"); [] where there is none."""
    said = _sentence_before(text, s)
    verb = len(said) - gap  # (said[verb - 1] is the verb of saying)
    far = said[verb - 5 : verb - 2] if said[verb - 2 : verb - 1] == ["to"] else []
    if tuple(far) in cues.GOING_FAR:  # "I wouldn't go so far as to say X"
        return [*said[max(0, verb - 5 - cues.NAMING_WITHIN) : verb - 5], said[verb - 1]]
    if verb < 3 or said[verb - 2] != "and":
        return []
    for j in range(verb - 3, max(-1, verb - 3 - cues.ARRIVING_MAX), -1):
        w = said[j]
        if w in cues.DENIERS or w in cues.OWN_VOICE or w in cues.PIVOT_WORDS or w == "and":
            return []  # (a clause of its own: "we never lie and we tell you X")
        if stem(w) in cues.ARRIVING:
            return [*said[max(0, j - cues.NAMING_WITHIN) : j], said[verb - 1]]
    return []


def _presented_as(said: list[str], verb: int) -> int:
    """Past a verb of presenting and its object, to the phrase after "as": "we don't sell
    anything as X", "we never market it as X"; where the verb ends, or 0."""
    if "as" not in said[verb:]:
        return 0
    k = verb + said[verb:].index("as")
    # the object between is short: "anything", "it", "our fund", "the new plan"
    j = next((j for j in range(k - 1, max(-1, k - 1 - cues.PRESENTED_OBJECT_MAX), -1)
              if said[j] in cues.PRESENTING), None)
    return 0 if j is None else j + 1


def _warned_or_heard(text: _Text, s: int, e: int) -> bool:
    """The phrase as what the rep warns against, or what the listener hears from
    others, a few words before it in its sentence: "beware of anything sold as X",
    "watch out for X", "run a mile from X", "if you hear X, ask for the SLA", "your
    CFO may have heard X from another vendor" (not "customers hear X and sign"). (The
    rep's voice between gives it back: "be wary of downtime: we give X".)"""
    before = _since_own_voice(_sentence_before(text, s)[-cues.NAMING_WITHIN :])
    if any(w in cues.WARNING for w in before) or any(
            _contains(before, cue) for cue in cues.WARNING_PHRASES):
        return True
    heard = len(before)
    while heard > 0 and (before[heard - 1] in cues.COMPLEMENT
                         or before[heard - 1] in cues.HEARD_ABOUT):
        heard -= 1
    if heard == 0 or before[heard - 1] not in cues.HEARING:
        return False
    who = [w for w in before[: heard - 1] if w not in cues.HEARD_AUX][-1:]
    return who == ["you"] or "from" in _rest_of_sentence(text, e)[:3]


def _cleft_denied(text: _Text, s: int) -> bool:
    """The phrase as what a cleft sentence says the rep will not say or give: "the claim
    you won't hear from me is X", "what you won't get from us is a promise of X", "two
    phrases you won't hear from me: A and X" (not "what doesn't change is X")."""
    said = _sentence_before(text, s)
    words, raw = text.toks, text.words
    cut = next((k for k in range(len(said) - 1, -1, -1) if said[k] in ("is", "are")
                or raw[words[s - len(said) + k].last].endswith(":")), None)
    if cut is None or len(said) - cut > cues.CLEFT_GAP:
        return False
    # (from the rep's last fresh start: "what I can't promise is A, but what I can is X")
    head = _since_own_voice(said[: cut + (said[cut] not in ("is", "are"))])
    if any(w in ("it", "this") for w in head[-3:]):
        return False  # the verb has an object of its own: "I've never seen it fail: X"
    return any(w in cues.DENIERS and not (head[k + 1 : k + 2] and (
        head[k + 1] in ("else", "other") or head[k + 1] in cues.NOT_JUST)) and any(
        v in cues.SAYING or v in cues.HEARING or v in cues.OFFERING or v == "get"
        or v in cues.PRINTING for v in head[k + 1 : k + 4]) for k, w in enumerate(head))


def _counterfactual(text: _Text, s: int) -> bool:
    """The phrase in a condition contrary to fact: "if it were X", "wouldn't it be great
    if we were X", "if only it were X"."""
    before = [w for w in _sentence_before(text, s)[-5:] if w not in _HESITATIONS]
    while before and before[-1] in ("a", "an", "the", "truly", "really", "totally"):
        before = before[:-1]
    return before[-1:] == ["were"] and "if" in before[-4:-1]


def _former_complement(text: _Text, s: int) -> bool:
    """The phrase as what a thing of the rep's past was: "our old slogan was X", "the
    previous tagline was X", "our old line was that it X", "the old way was the X" (the
    copula in the past, a word of the former before it; past a complement's opening,
    a line or a way before the copula: not "the last client's result was that X")."""
    said = _sentence_before(text, s)[-9:]
    head = _complement_cut(_sentence_before(text, s))
    before = head[-5:]
    if before[-1:] in (["was"], ["were"]) and any(w in cues.FORMER for w in before[:-1]) and (
            before == said[-5:] or any(w in cues.CLAIM_EXAMPLES or w in cues.REFUSED_NOUNS
                                       or w in cues.WAYS for w in before[:-1])):
        return True
    if head[-1:] in (["was"], ["were"]) and _former_line_head(head[-cues.REPORTED_WITHIN : -1]):
        return True  # "our old line, back when I started, was that X"
    return _others_words_are(before)


def _former_line_head(words: list[str]) -> bool:
    """Whether words name a former line or way, a word at most between: "our old line",
    "the previous sales pitch", "the old way"."""
    return any(w in cues.FORMER and any(
        x in cues.CLAIM_EXAMPLES or x in cues.REFUSED_NOUNS or x in cues.WAYS
        for x in words[k + 1 : k + 3]) for k, w in enumerate(words))


def _complement_cut(before: list[str]) -> list[str]:
    """The words before a phrase without the opening of the complement it stands in: "our
    old line was [that it]", "their pitch is [that you'll]", "the old way was [the]"."""
    cut = next((j for j in range(len(before) - 1, -1, -1) if before[j] == "that"), None)
    if cut is not None and all(w in cues.COMPLEMENT for w in before[cut + 1 :]):
        return before[:cut]
    while before[-1:] and before[-1] in ("the", "a", "an"):
        before = before[:-1]
    return before


def _others_words_are(before: list[str]) -> bool:
    """The phrase as what someone else's words are: "our competitor's slogan is X",
    "the rival's tagline was X", "their pitch is X" (not "our slogan is X")."""
    while before[-1:] and before[-1] in cues.ALL_OF:
        before = before[:-1]  # "his pitch was all X"
    if not before[-1:] or before[-1] not in cues.COPULAS or len(before) < 3:
        return False
    if before[-2] not in cues.CLAIM_EXAMPLES and before[-2] not in cues.REFUSED_NOUNS:
        return False
    owner = before[-4:-2]
    return owner[-1:] in (["their"], ["his"], ["her"]) or any(
        w in _THIRD_PARTIES for w in owner)


def _approximated(text: _Text, s: int) -> bool:
    """An approximation right before it, an article at most between: "close to 100%
    uptime", "almost zero fees", "it's nearly a no-brainer"."""
    before = [t.text for t in text.toks[max(0, s - 3) : s]]
    if before[-1:] and before[-1] in ("a", "an", "the"):
        before = before[:-1]
    return any(tuple(before[-len(cue) :]) == cue for cue in cues.APPROXIMATING)


def _called_untrue_before(text: _Text, s: int) -> bool:
    """The claim that follows named untrue as its sentence's subject: "the myth is that
    X", "the big lie is X"."""
    before = _sentence_before(text, s)[-cues.NAMING_WITHIN :]
    return any(w in cues.UNTRUE_NOUNS and before[k + 1 : k + 2] and before[k + 1] in cues.COPULAS
               for k, w in enumerate(before))


def _turned_from_after(text: _Text, e: int) -> bool:
    """After the phrase, a turn to the rep not doing it: "technically X, but I
    wouldn't", "X if you want but we don't recommend it"."""
    after = _rest_of_sentence(text, e)
    for k, w in enumerate(after):
        if w not in cues.PIVOT_WORDS:
            continue
        rest = after[k + 1 : k + 6]
        if not rest or rest[0] not in cues.OWN_VOICE or "not" not in rest[1:3]:
            continue
        j = rest.index("not", 1)
        tail = rest[j + 1 :]
        if not tail or tail[0] in cues.ADVISING:
            return True
    return False


def _requirement_declined(text: _Text, s: int, e: int) -> bool:
    """The phrase as the listener's requirement that the rep says they cannot meet: "if
    X is a must for you, we're not the right fit", "if you're expecting X, we're not the
    right installer"."""
    before = _sentence_before(text, s)
    k = len(before) - 1 - before[::-1].index("if") if "if" in before[-6:] else -1
    cond = before[k + 1 :]
    if k < 0 or (cond and not (cond[0] == "you" and any(w in cues.EXPECTING for w in cond))):
        return False
    rest = _rest_of_sentence(text, e)
    return any(w in cues.OWN_VOICE and "not" in rest[k + 1 : k + 4]
               and any(x in cues.NOT_A_FIT for x in rest[k + 2 : k + 9])
               for k, w in enumerate(rest))


def _rest_of_sentence(text: _Text, e: int) -> list[str]:
    if e >= len(text.toks):
        return []
    return [t.text for t in text.toks[e : _sentence_end(text, e)]]


def _since_own_voice(before: list[str]) -> list[str]:
    """The words after the last place the rep speaks for themselves again ("... but we
    give X"): what came before that is not about the phrase. The opening "we" of "we
    never call it X" is kept, as the denial follows it."""
    cut = max((k for k, w in enumerate(before) if k > 0 and (
        w in cues.OWN_VOICE or w in cues.PIVOT_WORDS)), default=-1)
    return before[cut:] if cut > 0 else before


def _denied_of(after: list[str]) -> bool:
    """Whether the words after the phrase deny that it holds or exists: "X doesn't
    exist anymore", "X is no more", "X isn't available", "X is not a word we use"."""
    while after[:1] and after[0] in cues.DENIAL_ADVERBS:
        after = after[1:]  # "X? That simply doesn't exist."
    if after[:1] in (["not"], ["never"]):
        after = ["is", *after]  # the auxiliary left out: "X not exist anymore"
    if len(after) < 3 or after[0] not in cues.AUX:
        return False
    if after[1] == "not" and after[2] in cues.NOT_OUR_WAY and after[3:4] and (
            after[3] in cues.ANSWERING):
        return True  # "X is not what we do", "X is not how it works"
    if after[1] == "no" and after[2] in ("more", "longer"):
        # "X is no more", "X is no longer offered"; not "X is no more expensive"
        return after[2] == "longer" or len(after) == 3 or after[3] in cues.SOFT_AFTER
    if after[1] not in ("not", "never") or after[2] in cues.NOT_JUST:
        return False
    if "anymore" in after[:8] or _contains(after[:8], ("any", "more")):
        return True  # "X isn't on the price list any more"
    for w in after[2:6]:
        if w in cues.NOT_SO:
            return True
        if w not in cues.LINKING:
            return False
    return False


def _said_by_others(text: _Text, s: int) -> bool:
    """Someone else, in the few words before it in its clause, says or sells it:
    "anyone selling X is lying", "other providers advertise X" (the rep's own voice
    between, "... but we offer X", gives it back to the rep)."""
    lo = max(_clause_start(text, s), s - cues.NAMING_WITHIN)
    before = _since_own_voice([t.text for t in text.toks[lo:s]])
    for k, w in enumerate(before):
        nxt = before[k + 1] if k + 1 < len(before) else ""
        other = w in _OTHERS or w in _THIRD_PARTIES or w in cues.SOURCES or (
            w in ("other", "some", "many", "most") and nxt in _OTHER_NOUN_AFTER)
        if not other:
            continue
        if any(v in cues.SELLING or v in _ATTRIBUTION_VERBS or v in cues.NAMING_VERBS
               for v in before[k + 1 :]):
            return True
    return False


def _reported_from_others(text: _Text, s: int, e: int) -> bool:
    """The phrase as what someone other than the rep says, sells or promises: the
    subject of a verb of saying before it, in its sentence, picked out as another party
    ("the last supplier told you X", "other labs advertise X", "brokers who say X",
    "another startup says their bot X", "according to their website, X"); not the rep's
    own side ("our brochure says X", "we promise X"), nor when the rep then agrees
    ("customers call it X, and it is")."""
    lo = _reported_start(text, s)
    before = _since_own_voice([t.text for t in text.toks[lo:s]])
    # the last verb of saying: a noun that spells one may stand in the subject ("half
    # the market says X")
    verb = next((k for k in range(len(before) - 1, -1, -1)
                 if before[k] in cues.SAYING or before[k] in cues.PRINTING), None)
    if verb is None:
        verb = _placed_on(before, _rest_of_sentence(text, e))
    if verb is None:
        before = _sentence_before(text, s)  # "according to X," opens the sentence
        verb = next((k for k, w in enumerate(before) if w == "according"
                     and before[k + 1 : k + 2] == ["to"]), None)
        if verb is None:
            return False
    subject = before[:verb]
    if before[verb] == "according":
        subject = before[verb + 2 : verb + 6]  # "according to their website"
    if not subject or _own_side(subject):
        return False
    if before[verb + 1 : verb + 2] and before[verb + 1] in _CLAUSE_OPENERS:
        # "contents cover offered when they sign up, the site's X": a clause of time or
        # condition after the verb, so the phrase is not what it says
        return False
    return _other_party(subject) and not _agreed(text, e)


_CLAUSE_OPENERS = frozenset({"when", "whenever", "while", "once", "after", "until", "if"})


def _placed_on(before: list[str], after: list[str]) -> int | None:
    """Where a verb of putting stands that puts the phrase on something, right before
    it: "vendors put X on their websites", "they slap X across the box"; or None."""
    verb = len(before)
    while verb > 0 and before[verb - 1] in cues.COMPLEMENT:
        verb -= 1
    if verb == 0 or before[verb - 1] not in cues.SLAPPING or not after[:1] or (
            after[0] not in cues.PLACED_ON):
        return None
    return verb - 1


def _own_side(subject: list[str]) -> bool:
    """Whether a subject is the rep's side: "we", "our brochure"; not someone the rep
    had before, "my old boss", "our previous supplier", nor a rival of theirs, "one of
    our competitors"."""
    return any(w in cues.OWN_SIDE and nxt not in cues.FORMER and nxt not in _THIRD_PARTIES
               for w, nxt in zip(subject, [*subject[1:], ""], strict=True))


def _other_party(subject: list[str]) -> bool:
    """Whether the words of a subject pick out someone other than the rep: a word for
    them ("competitors", "they", "whoever"), a marker before a noun ("another startup",
    "the last supplier", "every vendor"), or a plural noun that is not evidence."""
    if len(subject) == 1 and subject[0] in cues.QUANTIFIERS:
        return True  # "some call it X", "many say X"
    return any(w in cues.OTHER_PARTIES or w in _OTHERS or w in _THIRD_PARTIES
               or w in cues.SOURCES or _plural_noun(w) for w in subject) or any(
        (w in cues.OTHER_MARKERS and nxt not in cues.EVIDENCE)
        or (w in cues.ONE_OF and nxt in cues.PEOPLE)  # "a customer", "the CFO"
        for w, nxt in pairwise(subject))


def _sentence_before(text: _Text, s: int) -> list[str]:
    """The words of the phrase's sentence before it, at most REPORTED_WITHIN."""
    sentence = text.structure.sentence
    lo = max(0, s - cues.REPORTED_WITHIN)
    if sentence:
        while lo < s and sentence[lo] != sentence[s]:
            lo += 1
    return [t.text for t in text.toks[lo:s]]


def _plural_noun(word: str) -> bool:
    """A plural noun, as far as its letters tell, that is not the rep's evidence nor
    customers retold: "brokers", "analysts" (not "numbers", "does", "customers")."""
    return (len(word) > 3 and word.isalpha() and word.endswith("s")
            and not word.endswith(("ss", "us", "is", "ys")) and word not in cues.EVIDENCE
            and word not in cues.AUX and word not in cues.SAYING
            and word not in cues.CUSTOMERS)  # (testimony: "customers tell us X")


def _reported_start(text: _Text, s: int) -> int:
    """How far back, in the phrase's sentence, its reporting verb may stand: over the
    clauses that run on into its one without punctuation ("a rep tells you it will mean
    X"), at most REPORTED_WITHIN tokens."""
    clauses, toks, words = text.structure.clauses, text.toks, text.words
    k = next((k for k, (s0, e0, _) in enumerate(clauses) if s0 <= s < e0), None)
    if k is None:
        return max(0, s - cues.REPORTED_WITHIN)
    while k > 0 and clauses[k - 1][2] == "clause":
        p1 = clauses[k - 1][1]
        raw = words[toks[p1 - 1].last]
        if raw[-1:].isalnum() or toks[p1 - 1].text in cues.OPEN_ENDINGS:
            k -= 1
        else:
            break
    return max(clauses[k][0], s - cues.REPORTED_WITHIN)


def _agreed(text: _Text, e: int) -> bool:
    """Whether the rep agrees, after the phrase, in its sentence, with the claim just
    reported: "..., and it is", "... and they're right", "which is true"."""
    sentence, toks = text.structure.sentence, text.toks
    after = []
    for i in range(e, min(len(toks), e + 8)):
        if sentence and e > 0 and sentence[i] != sentence[e - 1]:
            break
        after.append(toks[i].text)
    for k, w in enumerate(after):
        if w not in ("and", "which"):
            continue
        rest = [x for x in after[k + 1 : k + 6] if x not in cues.ENDORSING_ADVERBS]
        if any(x in cues.AGREEING and not _set_right(rest, j)
               for j, x in enumerate(rest[:4])) and not any(
                x in cues.DENIERS for x in rest[:4]):  # ("which isn't right")
            return True
        if rest[:1] and rest[0] in cues.RESUMING | cues.WE and len(rest) >= 2 and (
                rest[1] in cues.AUX and (len(rest) == 2 or rest[2] in ("and", "but", "so"))):
            return True  # "and it is", "and it does": the sentence ends there
    return False


_CORRECTED = frozenset({"them", "him", "her", "people", "that", "it", "everyone"})


def _set_right(rest: list[str], j: int) -> bool:
    """Whether the "correct" at j is a verb done to the speakers ("and I always correct
    them"), not "they're correct": the rep says they are wrong."""
    if rest[j] != "correct":
        return False  # ("and I agree" agrees)
    if rest[j + 1 : j + 2] != [] and rest[j + 1] in _CORRECTED:
        return True
    # "I always correct": the rep's own verb, no copula between ("I'm correct" agrees)
    lead = rest[max(0, j - 2) : j]
    return any(w in ("i", "we") for w in lead) and not any(
        w in cues.COPULAS or w in cues.AUX for w in lead)


def disowned_after(text: _Text, e: int) -> bool:
    """Whether the words just after a phrase disown it ("... is gone", "... was retired")."""
    after = [t.text for t in text.toks[e : e + 6]]
    if 0 < e < len(text.toks) and _sentence_end(text, e - 1) == e and len(
            _rest_of_sentence(text, e)) > BYGONE_REPLY_MAX:
        # a new sentence is about something else: "it's HMRC-approved. We used to do
        # it by hand" (a short reply still takes the phrase up: "X? No longer.")
        after = []
    if any(tuple(after[: len(cue)]) == cue or tuple(after[1 : 1 + len(cue)]) == cue
           for cue in cues.DISTANCING_AFTER) and not (
            after[2:3] and after[2] in cues.MODALS and after[3:4] and after[3] in cues.PERSONS):
        return True  # (not inverted, going on to a claim: "X. No longer do you wait.")
    if _habit_after_its_place(text, e, after):
        return True  # "the one X in this trade used to be the coin box"
    frames = (
        _said_bygone, _named_a_word_after, _retracted_after, _seen_in_sources,
        _refused_after, _refused_next, _ended_next, _disclaimed_after, _inverted_denial,
        _naming_denied_after, _answered_no, _bare_bygone, _bare_no, _others_say_it,
        _taken_up, _turned_down, _turned_from_after, _joked, _no_longer_next, _wished_after,
        _overstated, _stopped_after, _heard_from_others_after, _nobody_gives_it, _challenged,
        _for_others, _not_ours_to_say, _refused_later, _nothing_to_do_with_us,
    )
    return _said_bygone(text, _past_aside(text, e)) or (
        e < len(text.toks) and text.toks[e].text in cues.QUOTE_AFTER) or any(
        frame(text, e) for frame in frames)


_PLACE_PREPOSITIONS = frozenset({"in", "at", "across", "around", "for", "round"})


def _habit_after_its_place(text: _Text, e: int, after: list[str]) -> bool:
    """Whether the phrase's noun, with a short phrase of place after it, is the subject
    of a past habit: "X in this trade used to be ...", "X at most shops used to mean
    ..." (in one clause, nothing that could be another verb or subject between)."""
    if not after or after[0] not in _PLACE_PREPOSITIONS:
        return False
    k = next((k for k in range(2, len(after) - 1)
              if tuple(after[k : k + 2]) == cues.FORMER_HABIT), None)
    if k is None or any(w in cues.PERSONS or w in cues.AUX or w in cues.COPULAS
                        for w in after[1:k]):
        return False
    toks, words = text.toks, text.words
    return all(words[toks[i].last][-1:].isalnum() for i in range(e - 1, e + k))


def _overstated(text: _Text, e: int) -> bool:
    """The phrase called too strong, after it: "X might be a bit strong", "X is too strong
    a word", "X would be overselling it"."""
    after = _rest_of_sentence(text, e)
    return bool(after) and after[0] in cues.MAYBE and any(
        _contains(after[1:7], cue) for cue in cues.OVERSTATED)


def _stopped_after(text: _Text, e: int) -> bool:
    """Later in its sentence, the rep says they do it no more: "we got burned promising
    X, so we don't anymore", "..., and we don't say it any more", "X cost a fortune, so
    we stopped"."""
    after = _rest_of_sentence(text, e)
    for k, w in enumerate(after):
        if w not in ("and", "but", "so") or after[k + 1 : k + 2] not in (["we"], ["i"]):
            continue
        rest = after[k + 2 : k + 8]
        if "not" in rest[:3] and ("anymore" in rest or _contains(rest, ("any", "more"))):
            return True
        if _ended_words(rest, False) and k + 2 + len(rest) >= len(after):
            return True  # "X cost a fortune, so we stopped"
    return False


def _heard_from_others_after(text: _Text, e: int) -> bool:
    """Later in its sentence, the rep has heard it from others: "unhackable, bulletproof,
    I've heard it all from other vendors" (not from customers: testimony)."""
    after = _rest_of_sentence(text, e)
    for k, w in enumerate(after):
        if w not in cues.HEARING or "from" not in after[k + 1 : k + 4]:
            continue
        who = [x for x in after[max(0, k - 3) : k] if x not in cues.HEARD_AUX]
        source = after[after.index("from", k) + 1 :][:4]
        if who[-1:] in (["i"], ["we"]) and not any(x in cues.CUSTOMERS or x in cues.OWN_SIDE
                                                    for x in source) and _other_party(source):
            return True
    return False


def _nobody_gives_it(text: _Text, e: int) -> bool:
    """In the words after it, its sentence or the next two, nobody gives it: "if your board
    wants X, nobody can give them that", "You want X. I get it. Nobody can honestly sell
    you that." (not "..., and nobody else can give you that": a boast)."""
    toks, ends = text.toks, _clause_ends(text)
    stop = min(len(toks), e + cues.NOBODY_GIVES_WITHIN)
    for k0 in range(e, stop):
        k = k0
        if toks[k].text == "no" and k + 2 < stop and toks[k + 1].text not in cues.PERSONS and (
                toks[k + 1].text not in ("other", "more", "longer", "doubt")):
            k += 1  # "no one", "no vendor": its noun stands for "nobody"
        elif toks[k].text not in cues.NOBODY:
            continue
        if k + 1 < len(toks) and toks[k + 1].text in ("else", "other"):
            continue
        # nobody [can] [honestly] gives/sells [you] that, the clause ending there (not
        # "nobody is promising it cuts your bill": "it" opens what is promised)
        at = [i for i in range(k + 1, min(stop, k + 7)) if toks[i].text not in cues.DENIAL_ADVERBS]
        verb = next((i for i in at[:3] if toks[i].text in cues.OFFERING
                     or toks[i].text in cues.SELLING or toks[i].text in cues.SAYING_ACTS
                     or toks[i].text in cues.HAVING), None)
        if verb is None:
            continue
        if any(toks[i].text in cues.REFUSED_OBJECTS and (i + 1 in ends or i + 1 >= len(toks))
               for i in range(verb + 1, min(stop, verb + 3))):
            return True
    return False


def _for_others(text: _Text, e: int) -> bool:
    """The phrase as what is for others' pages or people: "X is for the brochure
    writers", "X is for other vendors" (not "X is for every clinic")."""
    after = _rest_of_sentence(text, e)[:5]
    if after[:2] not in (["is", "for"], ["are", "for"]):
        return False
    return not any(w in cues.OWN_SIDE for w in after) and any(
        w in cues.SOURCES or w in _OTHERS or w in _THIRD_PARTIES or w in cues.OTHER_PARTIES
        for w in after[2:])


def _challenged(text: _Text, e: int) -> bool:
    """The clause right after the phrase dares the listener to find it: "X, good luck
    finding that anywhere", "X, show me a vendor who can", "X, yeah right"."""
    after = _rest_of_sentence(text, e)[:2]
    return e in _clause_ends(text) and any(tuple(after) == cue for cue in cues.CHALLENGES)


def _joked(text: _Text, e: int) -> bool:
    """The rep taking the phrase back as a joke, just after it, in its sentence or the
    next: "we know people at customs, no, I'm joking", "X. Just kidding." (not "X, no
    kidding", which says it is so)."""
    words = [t.text for t in text.toks[e : e + cues.JOKE_WITHIN]]
    return any(w in cues.JOKING and words[k - 1 : k] != [] and words[k - 1] in cues.JOKE_LEADS
               for k, w in enumerate(words))


def _seen_in_sources(text: _Text, e: int) -> bool:
    """The phrase as what is written in others' ads, just after it: "you'll see X on a
    lot of billboards", "X in their brochure" (not "X on our website")."""
    after = _rest_of_sentence(text, e)[:5]
    if not after or after[0] not in ("on", "in"):
        return False
    rest = after[1:]
    return not any(w in cues.OWN_SIDE for w in rest) and any(
        w in cues.SOURCES or w in _THIRD_PARTIES for w in rest)  # "on vendor sites"


def _refused_after(text: _Text, e: int) -> bool:
    """The phrase as what the rep does not do, in a clause about it: "X is something we
    deliberately don't offer", "X is what we never promise" (not "X is something we
    never compromise on"); or off limits: "X, as a promise, is off limits for us"."""
    after = _rest_of_sentence(text, e)
    if after[:2] == ["as", "a"]:
        after = after[3:]
    if len(after) < 3 or after[0] not in cues.COPULAS:
        return False
    if after[1] == "off" and after[2] in ("limits", "the"):
        return True
    if after[1] in cues.THING_WORDS and _never_heard_from_us(after[2:10]):
        return True  # "X is something you'll never hear from me"
    if after[1] not in cues.THING_WORDS:
        return False
    rest = after[2:9]
    for k, w in enumerate(rest):
        if w in cues.OWN_VOICE:
            tail = rest[k + 1 :]
            if any(x in cues.HOPING for x in tail[:2]) and "to" in tail[1:4]:
                return True  # "X is something we'd love to offer one day": not yet
            j = next((j for j, x in enumerate(tail) if x in ("not", "never")), None)
            return j is not None and any(x in cues.SAYING or x in cues.OFFERING
                                         or x in cues.COMMITTING for x in tail[j + 1 : j + 3])
    return False


def _never_heard_from_us(words: list[str]) -> bool:
    """Whether words say the listener will not hear it from the rep's side: "you'll never
    hear from me", "you won't hear from us"."""
    k = next((k for k, w in enumerate(words) if w in cues.HEARING), None)
    return k is not None and any(w in cues.DENIERS for w in words[:k]) and (
        words[k + 1 : k + 2] == ["from"]) and words[k + 2 : k + 3] in (["me"], ["us"])


def _retracted_after(text: _Text, e: int) -> bool:
    """The rep calling what they said untrue, later in its sentence: "years ago we
    called it X, and we were wrong", "..., which was misleading" (not "..., and that's
    no lie")."""
    after = _rest_of_sentence(text, e)
    for k, w in enumerate(after):
        if w not in ("and", "but", "which"):
            continue
        rest = after[k + 1 : k + 5]
        if w != "which":  # "and we were wrong": a subject, then its copula
            if not rest or rest[0] not in cues.RETRACTING:
                continue
            if rest[0] in ("it", "that") and _denied_of(after[k + 2 : k + 8]):
                return True  # "That's the dream, X, but it doesn't exist."
            rest = rest[1:]
        if not rest or rest[0] not in cues.COPULAS or any(x in cues.DENIERS for x in rest):
            continue
        if any(x in cues.UNTRUE_TO_SAY or x in cues.UNTRUE_ANSWERS for x in rest):
            return True
    return False


def _disclaimed_after(text: _Text, e: int) -> bool:
    """The phrase's words given back to whoever said them, right after it: "X. His
    words, not ours.", "X, their claim, not mine", "X - not my words"."""
    end = _sentence_end(text, e - 1) if e > 0 else e
    words = _rest_of_sentence(text, e) if end > e else [
        t.text for t in text.toks[e : _sentence_end(text, e)]] if e < len(text.toks) else []
    words = [w for w in words[: cues.DISCLAIM_MAX] if w not in _HESITATIONS]
    for k, w in enumerate(words):
        if w == "not" and words[k + 1 : k + 2] and words[k + 1] in cues.OWN_POSSESSIVES:
            return any(x in cues.CLAIM_EXAMPLES for x in words)  # whose words they are
    return False


def _refused_next(text: _Text, e: int) -> bool:
    """The next sentence, right after the phrase's, is a short refusal by the rep: "My
    predecessor pitched X. I won't.", "X? We don't.", "... X. We can't promise that."."""
    end = _sentence_end(text, e - 1) if e > 0 else e
    if end - e > cues.NOUN_AFTER_MAX or end >= len(text.toks):
        return False  # (only when the phrase, or a noun after it, ends its sentence)
    e = end
    words = [t.text for t in text.toks[e : _sentence_end(text, e)]
             if t.text not in _HESITATIONS]
    if len(words) > cues.REFUSAL_MAX or words[:1] not in (["i"], ["we"]):
        return False
    k = next((k for k, w in enumerate(words) if w in ("not", "never")), None)
    if k is None or k > 3 or not all(
            w in cues.AUX or w in cues.MODALS or w in ("not", "never") for w in words[1:k]):
        return False
    done = [w for w in words[k + 1 :] if w not in cues.TOLD or w in cues.REFUSED_OBJECTS]
    while done[-1:] and done[-1] in cues.REFUSED_WHEN and len(done) > 1:
        done = done[:-1]  # "We don't say that now.", "I can't give you that."
    if all(w in cues.SAYING or w in cues.OFFERING or w in cues.RESUMING or w == "do"
           for w in done):
        return True
    # "X? We never ask for it.", "X? We don't need that.", "I can't give you that." (not
    # "X. We never charge for them.", "X. I never doubt it.")
    return 2 <= len(done) <= 3 and done[-1] in cues.REFUSED_OBJECTS and (
        done[0] in cues.NEEDING or (done[0] in cues.OFFERING and len(done) == 2))


REFUSED_LATER_WITHIN = 10  # tokens between a phrase and a refusal later in its sentence
# what may end a refusal's clause: "we don't touch that at all", "... anymore"
_REFUSAL_TAIL = cues.REFUSED_WHEN | {"at", "all", "whatsoever"}
# ... and what may open the next clause, where speech runs on unpunctuated: "we dont
# touch that what we do is ..."
_NEXT_CLAUSE = frozenset({"what", "we", "i", "so", "but", "and", "instead", "because"})


def _refused_later(text: _Text, e: int) -> bool:
    """A refusal by the rep's side that takes the phrase up by a pronoun and ends its
    clause, a few words on in the phrase's sentence: "your team's X, the one payroll
    needs, stays with them, we don't touch that", "they can keep their X we dont need
    it at all what we do is ..." (the short next sentence is _refused_next). Only over
    words with no other voice or joined claim between ("X, and the old log, we don't
    need that" takes up the log)."""
    rest = [w for w in _rest_of_sentence(text, e) if w not in _HESITATIONS]
    k = next((k for k, w in enumerate(rest[: REFUSED_LATER_WITHIN + 1])
              if w in cues.OWN_VOICE), 0)
    if k == 0 or any(w in cues.RESUMING or w in ("and", "but", "so", "because", "you")
                     for w in rest[:k]):
        return False  # (right after it: the frames of a clause about it)
    words = rest[k + 1 :]
    j = next((j for j, x in enumerate(words[:4]) if x in ("not", "never")), None)
    if j is None or not all(x in cues.AUX or x in cues.MODALS for x in words[:j]):
        return False
    verb, obj = words[j + 1 : j + 2], words[j + 2 : j + 3]
    if not verb or not obj or obj[0] not in cues.REFUSED_OBJECTS or not (
            verb[0] in cues.SAYING or verb[0] in cues.OFFERING or verb[0] in cues.NEEDING):
        return False
    tail = words[j + 3 :]
    while tail[:1] and tail[0] in _REFUSAL_TAIL:
        tail = tail[1:]
    return not tail or tail[0] in _NEXT_CLAUSE


NOTHING_TO_DO_WITHIN = 8  # tokens after a phrase where "has nothing to do with us" is


def _nothing_to_do_with_us(text: _Text, e: int) -> bool:
    """The phrase's thing said to have nothing to do with the rep's side, in its
    sentence: "her X at the gym has nothing to do with us", "X had nothing to do with
    our product" (not "nothing to do with price": another thing)."""
    rest = _rest_of_sentence(text, e)[:NOTHING_TO_DO_WITHIN + 5]
    for k in range(min(len(rest), NOTHING_TO_DO_WITHIN)):
        if rest[k : k + 4] == ["nothing", "to", "do", "with"] and k > 0 and rest[k - 1] in (
                "has", "have", "had", "is", "was", "got"):
            return rest[k + 4 : k + 5] != [] and (rest[k + 4] in cues.OWN_SIDE
                                                  or rest[k + 4] in ("us", "me"))
    return False


def _ended_next(text: _Text, e: int) -> bool:
    """The first clause of the next sentence, right after the phrase's, says the rep
    ended it: "We used to tell brewers X. We stopped, because ...", "X; we've dropped
    that.", "X. We retired it last year." (not "X. We dropped the price.")."""
    end = _sentence_end(text, e - 1) if e > 0 else e
    if end != e or e >= len(text.toks):
        return False
    stop = next((e0 for s0, e0, _ in text.structure.clauses if s0 <= e < e0), len(text.toks))
    words = [t.text for t in text.toks[e:stop] if t.text not in _HESITATIONS]
    if words[:1] in (["i"], ["we"]):
        return _ended_words(words[1:], False)
    # another subject that ended it: "Four hours replaced it." (not "It replaced them.")
    k = next((k for k, w in enumerate(words[:4]) if stem(w) in cues.ENDING), None)
    return k is not None and k > 0 and not any(w in cues.RESUMING for w in words[:k]) and (
        _ended_words(words[k:], True))


def _ended_words(words: list[str], needs_object: bool) -> bool:
    """Whether the words after "we"/"I" (or a subject) end with a verb of ending its
    clause, only a pronoun and a word of when after it: "[we] stopped", "[we]'ve since
    dropped that", "[we] retired it last year" (not "[we] dropped the price")."""
    while words[:1] and (words[0] in cues.AUX or words[0] in cues.LINKING):
        words = words[1:]  # "we've since dropped that"
    if not words or words[0].endswith("ing") or stem(words[0]) not in cues.ENDING:
        return False
    rest = words[1:]
    if rest[:1] and rest[0] in cues.REFUSED_OBJECTS:
        rest = rest[1:]
    elif needs_object:
        return False
    return all(w in cues.REFUSED_WHEN for w in rest)


def _inverted_denial(text: _Text, e: int) -> bool:
    """The phrase put first, then denied with a pronoun, ending its clause: "X it is
    not", "X they are not", "X it isn't"; or the answer on it: "the honest answer on X
    is no"."""
    after = [t.text for t in text.toks[e : e + 3]]
    ends = {e0 for _, e0, _ in text.structure.clauses}
    if after[:1] in (["is"], ["was"]) and after[1:2] and after[1] in cues.NO_WORDS and (
            e + 2 in ends) and any(w in cues.ANSWER_NOUNS for w in _sentence_before(text, e)):
        return True
    rest = _rest_of_sentence(text, e)
    asked = _asking_aside(rest)  # "is it X people always ask me and the answer is no"
    if asked and _answer_is_no(text, e + asked + 1):
        return True  # "X i get asked that a lot and no its not"
    rest = rest[asked : asked + 4]
    k = next((k for k, w in enumerate(rest) if w in cues.ANSWER_NOUNS), None)
    if k is not None and rest[:1] in (["and"], ["but"]) and _answer_is_no(text, e + asked + k):
        start = _clause_start(text, e - 1)  # a question, marked or not, answered no
        before = _sentence_before(text, e - 1)
        return asked > 0 or any(w in cues.ASKING for w in before) or (
            text.toks[start].text in cues.AUX and start + 1 < e
            and text.toks[start + 1].text in cues.ANSWERING | {"you"})
    return (len(after) == 3 and after[0] in cues.ANSWERING and after[1] in cues.AUX
            and after[2] == "not" and e + 3 in ends)


def _asking_aside(after: list[str]) -> int:
    """How many words after a phrase say who asks it, up to the "and"/"but" that goes on
    to the answer: "is it X [people always ask me] and the honest answer is no", "X [my
    clients ask] and honestly the answer is no"; 0 where they do not."""
    j = next((j for j, w in enumerate(after[: cues.ASKING_ASIDE_MAX + 1])
              if w in ("and", "but")), None)
    if not j or not any(w in cues.ASKING for w in after[:j]) or any(
            w in cues.DENIERS for w in after[:j]):
        return 0
    return j


def _past_aside(text: _Text, e: int) -> int:
    """Where the phrase's sentence goes on after a short aside set off by commas ("X,
    our old flagship, has been replaced", "X, which some of you still use, is
    closing"); e itself where there is none."""
    clauses = text.structure.clauses
    k = next((k for k, (s0, _, _) in enumerate(clauses) if s0 == e), None)
    if k is None or k == 0 or clauses[k - 1][2] != "clause":
        return e
    s0, e0, kind = clauses[k]
    if kind != "clause" or e0 - s0 > cues.PARENTHESIS_MAX or e0 >= len(text.toks):
        return e
    return e0


def reported_aside(text: _Text, s: int, e: int) -> bool:
    """A short clause inside the phrase, just after it or just before its clause, in
    its sentence, that gives it to someone else: "X, the salesman said.", "X, says the
    brochure", "every order, they say, ships free", "every seal, they say, is X" (not
    the rep's side, "X, I told my team", nor testimony, "X, customers tell us", nor when
    the rep agrees, "..., and it is")."""
    sentence, toks = text.structure.sentence, text.toks
    own = _clause_start(text, s)
    clauses = text.structure.clauses
    for k, (c0, c1, _) in enumerate(clauses):
        if toks[c0:c1] and [t.text for t in toks[c0:c1]] == ["or"] and k + 1 < len(clauses):
            c1 = clauses[k + 1][1]  # "X, or so their brochure said": one aside
        hedged = c0 < len(toks) and toks[c0].text == "or"  # ("or so" is no subject)
        if not (s < c0 <= e or (c1 == own and c0 > 0)) or c0 >= len(toks) or (
                c1 - c0 > cues.ASIDE_MAX + 2 * hedged):
            continue
        if sentence and sentence[c0] != sentence[c0 - 1]:
            continue  # (the next sentence is no aside)
        words = [t.text for t in toks[c0:c1] if t.text not in _HESITATIONS]
        if words[:2] == ["or", "so"]:
            words = words[2:]  # a hedged report: "X, or so the brochure said"
        if not words:
            continue
        verb = next((k for k, w in enumerate(words) if w in cues.SAYING), None)
        if verb is None or words[0] in cues.ASIDE_OPENERS:
            continue
        # "the salesman said (them)", or the verb first: "says the brochure"
        subject, rest = (words[:verb], words[verb + 1 :]) if verb else (words[1:], [])
        if not subject or _own_side(subject) or not all(
                w in cues.TOLD for w in rest):
            continue
        if _other_party(subject) and not _agreed(text, c1):
            return True
    return False


def fragment_answered(text: _Text, s: int, e: int) -> bool:
    """The phrase said alone, as a sentence, then answered no without a question mark:
    "Zero fees. Not true, I'm afraid.", "Unhackable. Said no engineer ever." (only the
    answers that cannot open a claim of their own)."""
    sentence = text.structure.sentence
    if _run_on_answered(text, s, e):
        return True
    if not sentence or e >= len(text.toks) or sentence[e] == sentence[e - 1]:
        return False
    if s > 0 and sentence[s - 1] == sentence[s]:
        return False
    words = [t.text for t in text.toks[e : e + 3]]
    return any(words[: len(cue)] == list(cue) for cue in cues.NO_ANSWERS)


def _opens_as_topic(text: _Text, s: int) -> bool:
    """Whether the phrase opens its sentence, or an unmarked question: "bulletproof i'd
    love to ...", "is it X ...", "would i say X ..."."""
    before = [w for w in _whole_sentence_before(text, s) if w not in _HESITATIONS]
    while before[:1] and before[0] in cues.ANSWER_LEAD:
        before = before[1:]  # "so X ..."
    while before[-1:] and before[-1] in ("the", "a", "an"):
        before = before[:-1]
    if before[:1] and before[0] in cues.ANSWERING and (
            len(before) == 1 or (len(before) == 2 and before[1] in cues.COPULAS)):
        return True  # "it X ...", "it's X ...", "we were X ..."
    return not before or before in (["do"], ["does"], ["is"], ["are"]) or (
        len(before) == 2 and before[0] in cues.AUX and (
            before[1] in cues.ANSWERING or before[1] == "you")) or (
        len(before) == 3 and before[0] in cues.MODALS and before[1] in ("i", "we")
        and before[2] in cues.SAYING_ACTS)


def _run_on_answered(text: _Text, s: int, e: int) -> bool:
    """The phrase opening its sentence as a topic or an unmarked question, answered no in
    the words that run on after it, with no punctuation between (as an ASR writes it):
    "bulletproof i'd love to say so but no", "makes you hack proof nothing does",
    "unhackable not with any system i know of", "full admin access we never ask for it",
    "osha certified osha doesn't certify apps", "routemate desktop long gone", "we always
    find money no about one audit in ten" (only answers that cannot go on with the claim:
    not "zero fees no hidden charges", "unhackable nobody gets in")."""
    toks, words = text.toks, text.words
    if e >= len(toks) or not words[toks[e - 1].last][-1:].isalnum() or not _opens_as_topic(
            text, s):
        return False
    a = e
    while a < len(toks) and a < e + 2 and (toks[a].text in _HESITATIONS
                                           or toks[a].text in cues.ANSWER_LEAD):
        a += 1
    said = [t.text for t in toks[a : a + cues.ANSWER_WITHIN]]
    if any(w in cues.CANDOUR for w in said[:4]) and "you" in said[:6]:
        a += said.index("you") + 1  # "is it X i'll be straight with you no"
        said = [t.text for t in toks[a : a + cues.ANSWER_WITHIN]]
    if not said:
        return False
    whole = [t.text for t in toks[a : min(_sentence_end(text, a), a + cues.NOT_US_WITHIN)]]
    if any(w == "not" and whole[k + 1 : k + 2] != [] and whole[k + 1] in cues.OWN_SIDE_AFTER
           for k, w in enumerate(whole)):
        return True  # "X customs decides that not us"
    if said[0] in cues.PARTLY:
        return True  # "X mostly they're just careless"
    turn = _wish_turned(text, a)
    if turn is not None:  # "bulletproof i'd love to say so but no"
        return _answer_is_no(text, turn) or not _answer_is_yes(text, turn)
    if any(said[: len(cue)] == list(cue) for cue in cues.NO_ANSWERS):
        return True  # "X i wish", "X no way", "X forget it"
    if said[0] in cues.NOBODY or said[0] == "no":
        if said == ["no"]:
            return True  # "is it X i'll be straight with you no"
        if said[1:2] and said[1] in cues.NO_DOUBT:
            return False  # "X no doubt"
        verb = said[1:2] if said[0] in cues.NOBODY else said[2:3]
        if verb and (verb[0] in cues.AUX or verb[0] in cues.MODALS) and (
                said[0] != "no" or (said[1] not in cues.PERSONS
                                    and said[1] not in cues.ANSWERING)):
            return True  # "X nothing does", "X no system is" (not "X nothing to do")
        # "X no about one in ten", "X no 2 percent get remade" (not "X no 1 gets in")
        return said[0] == "no" and said[1:2] != [] and (said[1] in cues.RUN_ON_NO_NEXT or (
            said[1].replace(".", "").isdigit() and said[1] != "1"))
    if said[0] == "not":
        return said[1:2] != [] and said[1] in cues.RUN_ON_NOT_NEXT  # "not with any ..."
    while said[:1] and said[0] in cues.THEN_SPOKEN:
        said = said[1:]  # "we were X once not any more"
    if any(said[: len(cue)] == list(cue) for cue in cues.NO_LONGER_ANSWERS):
        return True
    if not said:
        return False
    if said[0] in ("never", "nope", "nah", "hardly") and (
            len(said) == 1 or said[1] in cues.NEW_SUBJECTS or said[1] in cues.RESUMING):
        return True  # "would i say X never that's not a promise ...", "X hardly"
    gone = said[1:] if said[0] in ("long", "now", "all") else said
    if gone and gone[0] in cues.BYGONE and not gone[0].endswith("ed") and (
            len(gone) == 1 or gone[1] in cues.NEW_SUBJECTS or gone[1] in cues.RESUMING
            or gone[1] in cues.SOFT_AFTER):
        return True  # "routemate desktop long gone it's all in the browser" (not "X ended
        # up our bestseller", "X closed the ticket")
    k = next((k for k, w in enumerate(said) if w in cues.PARTIAL_ANSWERS_LEAD), None)
    if k is not None and any(said[k : k + len(c)] == list(c) for c in cues.PARTIAL_ANSWERS):
        return not any(w in cues.YES_WORDS for w in said[:k])  # "usually but not always"
    if said[:3] in (["there", "is", "no"], ["there", "are", "no"]):
        return True  # "X there's no such thing"
    return (said[0] in ("we", "i") and _refused_words(said)) or _answer_denies_its_word(
        text, s, e)


def _refused_words(words: list[str]) -> bool:
    """Whether words say the rep does not do it: "we never ask for it", "we don't sell
    that", "i won't promise that"."""
    k = next((k for k, w in enumerate(words) if w in ("not", "never")), None)
    if k is None or k > 3:
        return False
    done = words[k + 1 :]
    j = next((j for j, w in enumerate(done[:3]) if w in cues.REFUSED_OBJECTS), None)
    # (the object ends it: not "we never say that lightly")
    return j is not None and j > 0 and (done[0] in cues.NEEDING or done[0] in cues.SAYING_ACTS
                                        or done[0] in cues.OFFERING) and all(
        w in cues.REFUSED_WHEN for w in done[j + 1 :])


def _no_longer_next(text: _Text, e: int) -> bool:
    """The clause after the phrase's sentence, at most a word of time between ("once",
    "then"), is only "not any more" or the like: "We were X once. Not any more, and
    ...", "X? Not anymore." (not "X. No longer do you ...", which goes on to a claim)."""
    k = e
    while k < len(text.toks) and k < e + 2 and text.toks[k].text in cues.THEN_SPOKEN:
        k += 1
    opening = _sentence_opening(text, k)
    return opening is not None and any(opening[0] == list(cue)
                                       for cue in cues.NO_LONGER_ANSWERS)


def _bare_bygone(text: _Text, e: int) -> bool:
    """The next sentence is no more than a word of the past: "X? Gone.", "X. History.",
    or a few verbless words that end on one: "X? Old pitch, gone.", "X. Dead and buried,
    long gone." (not a clause with a subject: "X. Old hands love it.")."""
    opening = _sentence_opening(text, e)
    if opening is None:
        return False
    words, kind = opening
    if kind != "clause" and 0 < len(words) <= 2 and words[-1] in cues.BYGONE:
        return True
    whole = [w for w in _rest_of_sentence(text, e) if w not in _HESITATIONS]
    return 0 < len(whole) <= BYGONE_REPLY_MAX + 1 and whole[-1] in cues.BYGONE and not any(
        w in cues.PERSONS or w in cues.COPULAS or w in cues.AUX or w in cues.RESUMING
        for w in whole)


def _sentence_opening(text: _Text, k: int) -> tuple[list[str], str] | None:
    """The clause that opens a new sentence at token k: its words (hesitations left out)
    and its kind; None where no sentence starts at k."""
    clauses = text.structure.clauses
    i = next((i for i, (s0, _, _) in enumerate(clauses) if s0 == k), None)
    if i is None or i == 0 or clauses[i - 1][2] == "clause":
        return None
    s0, e0, kind = clauses[i]
    return [t.text for t in text.toks[s0:e0] if t.text not in _HESITATIONS], kind


def _others_say_it(text: _Text, e: int) -> bool:
    """After the phrase, in its sentence: it is what others say ("X is what everyone
    promises", "X is a label every vendor slaps on", "X are what the apps advertise"),
    to be taken with a pinch of salt, or a hypothetical act of saying it that began
    before ("calling it X would insult you")."""
    after = _rest_of_sentence(text, e)
    if any(w in cues.SALT for w in after[:6]) or any(
            _contains(after[:6], cue) for cue in cues.WARNING_AFTER):
        return True  # "take X with a pinch of salt", "treat X as a warning sign"
    if _printed_by_someone(after) or _former_line(after):
        return True
    if after[:1] and after[0] in cues.COPULAS and not any(
            w in cues.DENIERS for w in after[1:3]) and any(
            _contains(after[1:5], cue) for cue in cues.WARNING_PHRASES):
        return True  # "X is a red flag" (not "X isn't a red flag")
    if after[:1] and after[0] in cues.COPULAS:
        start = _clause_start(text, e - 1)
        opener = text.toks[start].text
        if opener.endswith("ing") and opener in cues.SAYING_ACTS and (
                any(w in cues.BYGONE for w in after[1:5])
                or any(_contains(after[1:6], cue) for cue in cues.WARNING_PHRASES)):
            return True  # "calling yourself X is a red flag"
    if "exists" in after[:3] and any(w in cues.NOWHERE_REAL for w in after[2:6]):
        return True  # "X only exists in brochures"
    if after[:1] and after[0] in cues.HYPOTHETICAL:
        start = _clause_start(text, e - 1)
        if text.toks[start].text.endswith("ing") and text.toks[start].text in cues.SAYING_ACTS:
            return True
    # taken up by a pronoun after a comma: "X, that's what they put on the flyer"
    resumed = after[:1] != [] and after[0] in cues.RESUMING and after[1:2] != [] and (
        after[1] in cues.COPULAS)
    if resumed:
        after = after[1:]
    if not after[:1] or after[0] not in cues.COPULAS:
        return False
    # (its clause, to a comma: "X is what you've heard, ...", or on over a new subject:
    # "X is a line I've heard", but not over one that begins a claim of its own: "X is
    # what a rival puts in their deck we show you ...")
    return any(_object_of_others(after[1 : end - e - resumed])
               for end in _clause_ends_from(text, e + resumed))


def _clause_ends_from(text: _Text, k: int) -> list[int]:
    """Where the clause of token k may end: at each cut of the splitter up to the first
    one at punctuation (_punctuated_end)."""
    clauses = text.structure.clauses
    last = _punctuated_end(text, k)
    return [e0 for s0, e0, _ in clauses if e0 > k and e0 <= last] or [last]


def _object_of_others(rest: list[str]) -> bool:
    """After the phrase and its copula, whether its clause makes it what others say or
    print: "X is what everyone promises", "X is a label every vendor slaps on", "X is a
    promise nobody keeps", "X is a line I've heard from vendors"."""
    k = 0
    while k < len(rest) and (rest[k] in cues.OBJECT_NOUNS or rest[k] in cues.CLAIM_FIGURES):
        k += 1
    if k == 0:
        return False  # "X is ...": what follows is said of it, not of its saying
    if rest[k : k + 1] and rest[k] in cues.NOBODY and rest[k + 1 : k + 2] != ["else"]:
        return True  # "X is a promise nobody keeps" (not "... nobody else offers")
    if _claim_no_one_makes(rest[:k], rest[k:]):
        return True
    verb = next((j for j in range(k, min(len(rest), k + 5))
                 if rest[j] in cues.SAYING or rest[j] in cues.SLAPPING
                 or rest[j] in cues.HEARING or rest[j] in cues.PRINTING
                 or rest[j] in cues.SEEING), None)
    if verb is None:
        return False
    subject = rest[k:verb]
    # (a new subject run on after it begins another clause: "... sell it you'll still")
    tail = rest[verb + 1 :]
    tail = tail[: next((j for j in range(len(tail)) if tail[j] in cues.NEW_SUBJECTS
                        or tail[j] in ("and", "but", "so")), len(tail))]
    if _heard_or_seen_elsewhere(subject, rest[verb], tail):
        return True
    if rest[verb] in cues.SEEING:
        return False
    if not all(w in cues.OBJECT_GAP for w in tail) and not _on_a_source(tail):
        return False
    if rest[verb] in cues.HEARING and subject[:1] == ["you"]:
        return True  # "X is what you've heard"
    # ("our rivals", "one of our competitors" are not the rep's side: _own_side)
    return bool(subject) and not _own_side(subject) and _other_party(subject)


def _punctuated_end(text: _Text, k: int) -> int:
    """Where the clause of token k ends at punctuation, running on over the clauses cut
    only at a new subject ("X is a line | I've heard from vendors")."""
    clauses, toks, words = text.structure.clauses, text.toks, text.words
    i = next((i for i, (s0, e0, _) in enumerate(clauses) if s0 <= k < e0), None)
    if i is None:
        return len(toks)
    while i + 1 < len(clauses) and clauses[i][2] == "clause" and (
            words[toks[clauses[i][1] - 1].last][-1:].isalnum()):
        i += 1
    return clauses[i][1]


def _heard_or_seen_elsewhere(subject: list[str], verb: str, after: list[str]) -> bool:
    """After "X is a line/the sort of number", what the rep or the listener hears or sees
    of it elsewhere: "X is a line I've heard from vendors", "X is the sort of number you
    see on competitors' websites" (not what customers say, which is testimony: "X is
    something we hear from customers", nor what is on the rep's own pages)."""
    who = [w for w in subject if w not in cues.HEARD_AUX]
    if who not in (["i"], ["we"], ["you"]):
        return False
    if verb in cues.SEEING:
        return _on_a_source(after) and not any(w in cues.OWN_SIDE for w in after)
    return verb in cues.HEARING and not any(w in cues.CUSTOMERS for w in after) and (
        after[:1] == ["from"] or all(w in cues.OBJECT_GAP for w in after))


def _claim_no_one_makes(head: list[str], rest: list[str]) -> bool:
    """After the phrase and its copula, a claim noun (head) that "no" someone makes:
    "X is a promise no honest vendor makes", "X is a claim no 1 can back up" (not "... a
    promise no other vendor makes", a boast, nor "... a claim no rival can match")."""
    if rest[:1] != ["no"] or not any(w in cues.CLAIM_EXAMPLES or w in cues.REFUSED_NOUNS
                                     for w in head):
        return False
    return rest[1:2] != [] and rest[1] not in ("other", "else") and not any(
        w in cues.OUTDOING or w in ("else", "other") for w in rest[2:6])


def _printed_by_someone(after: list[str]) -> bool:
    """The phrase as what is printed or thrown about, a participle right after it: "you'll
    see X plastered everywhere", "X splashed across every van" (not "X printed on our
    boxes", nor "X printed for each driver": made for someone, it is a thing, no claim)."""
    return bool(after) and (after[0] in cues.PRINTED or after[0] in cues.TOSSED) and not any(
        w in cues.OWN_SIDE for w in after[1:6]) and after[1:2] != ["for"]


def _former_line(after: list[str]) -> bool:
    """The phrase as the line of a former place or person: "X was the line at my last
    job", "X was the pitch of my old boss"."""
    return after[:1] in (["was"], ["were"]) and any(
        w in cues.CLAIM_EXAMPLES or w in cues.REFUSED_NOUNS for w in after[1:3]) and any(
        w in cues.FORMER for w in after[3:8])


def _on_a_source(words: list[str]) -> bool:
    """Whether words after a verb of putting or printing say where: "on the flyer", "in
    their ads", "on every box" (a written source, the rep's or not)."""
    return bool(words) and words[0] in cues.PLACED_ON and len(words) <= 4 and any(
        w in cues.SOURCES or w in cues.PITCH_PLACES for w in words[1:])


def said_of_another(text: _Text, s: int, e: int, phrase: tuple[str, ...]) -> bool:
    """A forbidden phrase used of something that is not the product: as the modifier of
    another's noun ("any plug-and-play headset", "their world-class team"), as the
    owner of another noun ("replaces your adjusters' paperwork"), or, a predicate
    ("never goes down", "replaces your lawyers"), with another's thing as its subject
    ("their system never goes down", "the old tool replaces your lawyers")."""
    toks, words = text.toks, text.words
    nxt = toks[e].text if e < len(toks) else ""
    noun_after = bool(nxt) and nxt not in cues.AUX and nxt not in cues.LINKING and (
        nxt not in cues.COPULAS) and nxt.isalpha() and len(nxt) > 2
    before = [t.text for t in toks[max(_clause_start(text, s), s - 4) : s]
              if t.text not in _HESITATIONS]
    if noun_after and before[-2:] and any(w in cues.NOT_OURS for w in before[-2:]):
        return True
    if before[-1:] and before[-1] in ("that", "which", "who") and len(before) >= 2 and (
            _plural_noun(before[-2]) and not any(w in cues.OWN_SIDE for w in before[:-2])):
        return True  # "robots that replace your pickers cost millions": things in general
    raw = words[toks[e - 1].last]
    if noun_after and raw.endswith(("'s", "s'", "’s", "s’")):
        return True  # "replaces your adjusters' paperwork"
    predicate = phrase[0] in cues.PREDICATE_OPENERS or (
        len(phrase) >= 2 and phrase[0].endswith("s") and phrase[0].isalpha()
        and len(phrase[0]) > 3 and phrase[0] not in cues.AUX)
    others = [w for w in before if w in cues.OTHER_SUBJECT]
    if others and all(w == "they" for w in others) and _resumes_topic(text, s):
        return False  # "the washers, they never break down": the topic, taken up
    if not predicate and before[-1:] and before[-1] in _BE and len(before) >= 2:
        # said of a subject after a copula: "their warehouse is fully automated" (not
        # "they are X", whose "they" may be the product's own)
        predicate = any(w not in ("they", "he", "she") for w in others)
    return predicate and bool(others) and not any(
        w in cues.OWN_SIDE for w in before) and not _with_us(text, s)


_BE = frozenset({"is", "are", "was", "were"})


def _resumes_topic(text: _Text, s: int) -> bool:
    """Whether the "they" before a phrase takes up the plural noun said just before it,
    as speech puts a topic first ("the dryers, they never X", "so the washers they they
    never X"), with nothing before that noun that makes it someone else's ("their
    washers, they ..." is theirs)."""
    said = [w for w in _sentence_before(text, s) if w not in _HESITATIONS]
    k = max((k for k, w in enumerate(said) if w == "they"), default=-1)
    while k > 0 and said[k - 1] == "they":
        k -= 1  # a pronoun said twice
    if k < 1 or not _plural_noun(said[k - 1]) or said[k - 1] in cues.OTHER_SUBJECT:
        return False
    head = said[max(0, k - 4) : k - 1]
    return not any(w in cues.OTHER_SUBJECT or w in cues.NOT_OURS for w in head)


def _with_us(text: _Text, s: int) -> bool:
    """Whether the rep's side stands behind what follows, just before it in its
    sentence: "with us they're never X" (the clause of "they" starts after "with us")."""
    before = _sentence_before(text, s)[-cues.NAMING_WITHIN :]
    return any(_contains(before, cue) for cue in cues.OWN_SIDE_PHRASES)


def then_and_now(text: _Text, s: int, e: int) -> bool:
    """A retired name in the past half of a then-and-now contrast: "back in the day we
    had X, now it's Pro", "we had X before, now we have Pro", "last year we sold X;
    today there's Pro" (not "now we have X", nor "X is what we sell now")."""
    texts = [t.text for t in text.toks]
    sentence = text.structure.sentence
    lo = max(0, s - cues.THEN_WITHIN)
    if sentence:
        while lo < s and sentence[lo] != sentence[s]:
            lo += 1
    before, after = texts[lo:s], texts[e : e + cues.THEN_WITHIN]
    if any(w in cues.NOW for w in before):
        return False  # "now we have X": the present half
    now_at = next((k for k, w in enumerate(after) if w in cues.NOW), None)
    if now_at is None:
        return False
    return any(w in cues.THEN for w in before) or any(
        w in cues.THEN for w in after[:now_at])


def _year(word: str) -> bool:
    """A year: "X made sense in 2019, not now"."""
    return len(word) == 4 and word.isdigit() and 1980 <= int(word) <= 2100


def gone_by(text: _Text, s: int, e: int) -> bool:
    """A retired name spoken of as gone by: remembered ("you may remember X", "remember
    the X?"), given as what the listener knew ("you might know it as X"), named in the
    past ("X is what we called it", "we called it X back then"), in a sentence set in
    the past ("back when it was X", "X was how clinics did it years ago"), at its end of
    life ("X reached end of life"), left behind ("we've left X behind"), or as what its
    customers are moved off ("X customers get moved to Pro", "if you're still on X,
    we'll migrate you")."""
    toks = text.toks
    texts = [t.text for t in toks]
    before = texts[_clause_start(text, s) : s]
    near = [w for w in before[-4:] if w not in ("the", "a", "an", "our", "your", "old")]
    if any(w in cues.REMEMBERING for w in near) or any(
            _contains(before[-4:], cue) for cue in cues.HEARD_OF):
        return True
    if _former_habit(before):
        return True  # "we used to sell this on the X": the old way
    later = texts[e : e + 4]
    if any(w in cues.REMEMBERING for w in later) and "you" in later:
        return True  # "the X you might remember from the old contract has gone"
    rest = _rest_of_sentence(text, e)
    if any(w in cues.RESUMING and rest[k + 1 : k + 2] and rest[k + 1] in cues.BECAME
           and _names_next(text, e + k + 2) for k, w in enumerate(rest)):
        return True  # "X is the plan you're on, and on renewal it becomes Plus"
    if "still" in before and any(w in cues.LISTENER_SIDE for w in before) and not any(
            w in cues.OWN_SIDE for w in before) and not _from_us(rest[:4]):
        # "your chefs still keep a X": what the listener has, not the offer (not "you
        # still get X from us": the rep's side gives it)
        return True
    if _contains(before[-4:], ("it", "as")) and any(
            w in cues.KNOWING_AS or w in cues.NAMED for w in before[-5:]):
        return True
    if any(_contains(_sentence_before(text, s), cue) for cue in cues.PAST_OPENING):
        return True  # "back when it was X, you had to install it"
    said = _sentence_before(text, s)
    had = [w for w in said[-3:] if w not in ("the", "a", "an", "our", "those", "these")]
    if had[-1:] and had[-1] in cues.PAST_HAVING and e < len(toks) and (
            toks[e].text in cues.THEN_SPOKEN) and (
            e + 1 in _clause_ends(text) or e + 1 >= len(toks)
            or toks[e + 1].text in cues.REFUSED_OBJECTS or toks[e + 1].text in cues.NOW):
        return True  # "we had X before; those are done"
    if said[-2:] in (["there", "was"], ["there", "were"]) and any(
            w in cues.THEN for w in said[:-2]):
        return True  # "before Analytics there was X": it was, then
    after = texts[e : _sentence_end(text, s)]
    if not after and texts[e : e + 1] and texts[e] in cues.RESUMING:
        # "X? It's now part of Standard.": the next sentence takes it up
        after = texts[e + 1 : _sentence_end(text, e)]
    elif after[:1] and after[0] in cues.RESUMING and after[1:2] and after[1] in cues.COPULAS:
        after = after[1:]  # "spendlens basic it's now part of standard"
    rel = _past_relative(after) if after[:1] and (
        after[0] in cues.RELATIVES or after[0] == "as") else []
    if _shut_down(rel) or (rel[:1] and rel[0] in cues.COPULAS and any(
            w in cues.BYGONE for w in rel[1:3])):
        return True  # "the starter plan which most of you are on is being retired", "the
        # flat fee which some clients liked is gone", "X as you knew it is gone"
    if ((after[:1] and after[0] in cues.PAST_COPULAS)
            or any(w in cues.NAMED for w in before[-4:])) and any(
            _contains(after, cue) for cue in cues.PAST_TIME):
        return True  # "X was how clinics did it ten years ago", "we called it X back then"
    if after[:1] in (["is"], ["was"]) and after[1:2] == ["now"] and any(
            w in cues.NAMED for w in after[2:4]) and after[2] not in cues.DENIERS:
        return True  # "X is now called Y", "X is now just called Y"
    if after[:1] and after[0] in cues.PAST_COPULAS and after[-1:] == ["before"]:
        return True  # "X was how we charged before"
    if after[:1] and after[0] in cues.PAST_COPULAS and "until" in after[1:8]:
        return True  # "X was our product until 2022"
    if any(_contains(after, (w, "now")) or _contains(after, (w, "anymore"))
           for w in ("not", "no")) and any(
            w in cues.PAST_COPULAS or _year(w) or stem(w).endswith("ed") for w in after[:6]):
        return True  # "X made sense in 2019, not now"
    if after[:1] and (after[0] in cues.BECAME or after[:2] in (["is", "now"], ["are", "now"])
                      ) and any(_contains(after[:5], cue) for cue in cues.ABSORBED):
        return True  # "X is now part of the core plan", "X became the new page"
    if after[:2] == ["is", "now"] and _names_next(text, e + 2):
        return True  # "X is now Vaultline Business": renamed
    if after[:1] and after[0] in cues.BECAME and _names_next(text, e + 1):
        return True  # "X became Vaultline Business last year"
    if _shut_down(after) or _shut_down(_rest_of_sentence(text, _past_aside(text, e))):
        return True  # "X will be switched off in June", "X, which ..., is closing"
    if after[:1] and after[0] in cues.PAST_COPULAS and "name" in after[1:4] and all(
            w in cues.LINKING or w == "name" for w in after[1 : after.index("name")]):
        return True  # "X was the name before we split it"
    if after[:1] == ["off"] and any(w in cues.TAKING_OFF for w in before[-3:]):
        return True  # "we took X off the price list"
    if before[-2:] and any(w in cues.OLD_BEFORE for w in before[-2:]):
        return True  # "the old X dashboard"
    after = after[:6]
    if after[:1] == ["behind"] and any(stem(w) in ("leave", "left", "put") for w in before):
        return True
    if after[:1] and after[0] in cues.REACHING and after[1:3] in (["its", "end"], ["an", "end"]):
        return True  # "X reached its end"
    if _contains(after[:5], ("end", "of")) and all(
            w in cues.LINKING or w in cues.REACHING for w in after[: after.index("end")]):
        k = after.index("end")
        return after[k + 2 : k + 3] != [] and after[k + 2] in cues.END_OF
    if after[:1] in (["is"], ["was"]) and after[1:2] == ["what"] and any(
            w in cues.NAMED for w in after[2:5]):
        return True  # "X is what we called it before"
    return _moved_off(text, s, e)


def _from_us(words: list[str]) -> bool:
    """Whether words name the rep's side as where something comes from: "from us",
    "with us", "by me", "from our portal"."""
    return any(w in ("from", "with", "by", "through") and words[k + 1 : k + 2] in (
        ["us"], ["me"], ["our"], ["my"]) for k, w in enumerate(words))


def _former_habit(before: list[str]) -> bool:
    """Whether the phrase's clause, before it, is set in a past habit ("we used to sell
    this on X", "shops used to rely on X"), with no "now" after the "used to"."""
    k = next((k for k in range(len(before) - 1) if tuple(before[k : k + 2]) == cues.FORMER_HABIT),
             None)
    return k is not None and not any(w in cues.NOW for w in before[k + 2 :])


def _past_relative(after: list[str]) -> list[str]:
    """The words after a relative clause run on after a retired name, from the verb
    that goes on with the name: "[which some of you still have] closes at the end of
    the year", "[which most of you are on] is being retired"; [] where none is found."""
    for j in range(3, min(len(after), cues.RELATIVE_RUN_MAX)):
        if after[j] in cues.CLOSING_VERBS or (after[j] in cues.COPULAS and (after[j - 1] in (
                "on", "have", "use", "using", "still", "it") or after[j - 1].endswith("ed"))):
            return after[j:]
    return []


def _moved_off(text: _Text, s: int, e: int) -> bool:
    """The retired name as what its holders have, in a sentence that moves them off
    it: "X customers get moved to Pro", "existing X users keep their data", "if you're
    still on X, we'll migrate you"."""
    texts = [t.text for t in text.toks]
    end = _sentence_end(text, s)
    if end < len(texts) and texts[end] in cues.OWN_VOICE:
        end = _sentence_end(text, end)  # "...; we'll upgrade those for you"
    rest = texts[e:end]
    # "moved to Pro", "migrate you"; or done to them: "X customers were migrated"
    migrates = any(stem(w) in cues.MIGRATING
                   and (any(x in cues.MIGRATED for x in rest[k + 1 : k + 3])
                        or (k > 0 and rest[k - 1] in cues.PASSIVE_AUX))
                   for k, w in enumerate(rest))
    if _renamed_for_you(text, s, e):
        return True
    before = _sentence_before(text, s)
    if before[-1:] and before[-1] in cues.THIRD_POSSESSIVES and not (
            before[-2:-1] and stem(before[-2]) in cues.RECEIVING):
        # "their X promise slipped", "customers keep their X": not the offer (but
        # "tenants receive their X by text" is what the offer gives them)
        return True
    if len(before) >= 3 and before[-3] in cues.HOLDERS and before[-2] == "who" and (
            before[-1] in cues.USING or before[-1] in cues.RUNNING) and (
            rest[:1] and rest[0] in cues.KEEPING):
        return True  # "customers who had X keep their settings"
    if rest[1:3] in (["you", "have"], ["you", "had"], ["you", "use"]) and rest[0].isalpha() and (
            rest[0] not in cues.AUX):
        return True  # "the X tickets you have will be imported"
    if e < len(texts) and texts[e] in cues.HOLDERS and (
            migrates or (s > 0 and texts[s - 1] in cues.STILL_HOLDING)):
        return True
    if before[-2:-1] and before[-1] in cues.USING and before[-2] in cues.ON_IT and (
            migrates or (rest[:1] and rest[0] in cues.KEEPING)):
        return True  # "those on X get moved over", "those on X keep their prices"
    if migrates and rest[:2] in (["is", "what"], ["was", "what"]) and "you" in rest[2:6] and (
            any(w in cues.USING or w in cues.RUNNING for w in rest[3:8])):
        return True  # "X is what most of you still run, and we'll move you over"
    if not migrates:
        return False
    if "if" in rest[:2]:  # "X, if you're still on it, moves to the new app"
        cond = rest[rest.index("if") + 1 :][:5]
    elif "if" in before:
        cond = before[before.index("if") + 1 :]
    else:
        return False
    return bool(cond) and cond[0] == "you" and any(w in cues.USING for w in cond[1:])


def _renamed_for_you(text: _Text, s: int, e: int) -> bool:
    """"If you're on X, nothing changes but the name": the listener's current plan,
    renamed."""
    before = _sentence_before(text, s)
    if "if" not in before:
        return False
    cond = before[before.index("if") + 1 :]
    return bool(cond) and cond[0] == "you" and any(w in cues.USING for w in cond[1:]) and any(
        w in ("name", "renamed", "rename", "called") for w in _rest_of_sentence(text, e))


def _names_next(text: _Text, k: int) -> bool:
    """Whether a name (words written capitalised) starts at token k and ends its clause,
    or a preposition follows: "... is now Vaultline Business.", "... becomes Paycircle
    Plus at the same price" (not "... is now Europe's favourite")."""
    toks, words = text.toks, text.words
    if k >= len(toks) or not words[toks[k].first][:1].isupper():
        return False
    end = next((e0 for s0, e0, _ in text.structure.clauses if s0 <= k < e0), len(toks))
    j = k
    while j < end and (words[toks[j].first][:1].isupper() or toks[j].text[:1].isdigit()):
        j += 1
    return j == end or toks[j].text in cues.AFTER_NAME


def _shut_down(after: list[str]) -> bool:
    """Whether the words after a retired name say it is being shut down, only linking
    words before: "will be switched off", "is closing", "is being retired"."""
    for cue in cues.SHUTTING:
        if not _contains(after[:5], cue):
            continue
        k = after.index(cue[0])
        nxt = after[k + len(cue) : k + len(cue) + 1]
        if all(w in cues.LINKING or w in ("will", "be", "being") for w in after[:k]) and (
                len(cue) > 1 or not nxt or nxt[0] in cues.WHEN_WORDS):
            return True  # ("X is closing the gap" is another verb)
    return False


def _taken_up(text: _Text, e: int) -> bool:
    """The next clause or sentence takes the phrase up with a noun and says it is gone
    or denies it: "X? That plan's retired.", "... Paycircle Basic; that plan has been
    folded into Plus", "X, that word isn't in our vocabulary", "X; that becomes Y"."""
    starts = {s0 for s0, _, _ in text.structure.clauses}
    e = next((k for k in range(e, min(len(text.toks), e + 2)) if k in starts), -1)
    if e < 0:
        return False  # (a word may trail the phrase in its clause: "X today; that ...")
    after = [t.text for t in text.toks[e : _sentence_end(text, e)]][:8]
    if len(after) < 2 or after[0] not in ("that", "this"):
        return False
    if after[1] in cues.BECAME:
        return True  # "... X; that becomes Vaultline Business"
    if after[1] in cues.COPULAS and after[2:3] in (["the"], ["a"]) and after[3:4] and (
            after[3] in cues.CLAIM_NOUNS):
        return True  # "X. That's the line you'll get elsewhere": named as a claim
    if after[1] in cues.COPULAS and after[2:3] in (["the"], ["a"]) and after[3:4] and (
            after[3] in cues.REFUSED_NOUNS) and any(w in cues.DENIERS for w in after[4:]):
        return True  # "X. That's a promise I won't make." (not "... a promise we keep")
    if after[1] in cues.COPULAS or len(after) < 3:
        return False
    rest = after[2:]
    if after[1] in cues.WORD_NOUNS and rest[0] in cues.AUX and "not" in rest[1:3]:
        return True  # "X, that word isn't ours"
    if _denied_of(rest):
        return True
    while rest and rest[0] in cues.LINKING:
        rest = rest[1:]
    return bool(rest) and (rest[0] in cues.BYGONE or (
        not rest[0].endswith("ing") and stem(rest[0]) in cues.ENDING))


def _turned_down(text: _Text, e: int) -> bool:
    """After the phrase, said to sound good and then turned ("X sounds great, but
    there's a charge"), or wished for ("X would be nice; ours land next day")."""
    after = _rest_of_sentence(text, e)
    if after[:1] and after[0] in cues.SOUNDING and any(
            w in cues.APPEALING for w in after[1:3]):
        if any(w in cues.PIVOT_WORDS for w in after[2:]):
            return True
        if after[2:3] and after[2] in cues.RESUMING and _denied_of(after[3:]):
            return True  # run on: "X sounds lovely it isn't real"
        end = _sentence_end(text, e)  # "X sounds lovely. It isn't real."
        nxt = [t.text for t in text.toks[end : _sentence_end(text, end)]] if end < len(
            text.toks) else []
        return nxt[:1] != [] and nxt[0] in cues.RESUMING and (
            _denied_of(nxt[1:]) or any(w in cues.UNTRUE_ANSWERS for w in nxt[1:4]))
    return after[:2] == ["would", "be"] and after[2:3] != [] and (
        after[2] in cues.APPEALING) and "and" not in after[3:5]


def _sentence_end(text: _Text, s: int) -> int:
    sentence = text.structure.sentence
    end = s
    while end < len(text.toks) and (not sentence or sentence[end] == sentence[s]):
        end += 1
    return end


def _bare_no(text: _Text, e: int) -> bool:
    """The phrase answered by a bare "no" that closes its clause: "Unhackable, no.
    Audited, yes." (not "zero fees, no contracts"); or, without punctuation, by "no"
    and an elliptic denial ("FDA approved no we are not"), or after a question left
    unmarked ("is it bulletproof no nothing is")."""
    # ("is it X honestly no", "so X um no that's not what we promise")
    while e < len(text.toks) and e > 0 and (text.toks[e].text in _HESITATIONS or (
            text.toks[e].text in cues.ANSWER_LEAD and text.toks[e].text != "and")):
        e += 1
    if e >= len(text.toks) or text.toks[e].text != "no":
        return False
    if any(e0 == e + 1 for _, e0, _ in text.structure.clauses):
        return True
    after = [t.text for t in text.toks[e + 1 : e + 6] if t.text not in _HESITATIONS]
    if after[:1] and after[0] in cues.NO_DOUBT:
        return False
    if after[:1] == ["way"] or tuple(after[:2]) == cues.NO_SUCH:
        return True  # "X no way", "X no such thing"
    if after[:1] and after[0] in cues.NO_WORDS | {"that", "that's"} and (
            after[0] != "that" or after[1:3] == ["is", "not"]):
        return True  # "X no not really", "X no that's not what we promise"
    # "FDA approved no we are not this is ...": an elliptic denial, run on
    if after[:1] and after[0] in cues.ANSWERING and "not" in after[1:3]:
        k = after.index("not", 1)
        return k + 1 >= len(after) or after[k + 1] in cues.ANSWERING | {"and", "but", "so"}
    # "is it bulletproof no nothing is": a question left unmarked, answered no
    return _unmarked_question(text, e)


def _unmarked_question(text: _Text, e: int) -> bool:
    """Whether the clause that ends with the phrase (at e) opens as a question, with no
    question mark: "is it bulletproof ...", "are you FDA approved ..."."""
    start = _clause_start(text, e - 1)
    return (len(text.toks) > start + 1 and text.toks[start].text in cues.AUX
            and text.toks[start + 1].text in cues.ANSWERING | {"you"})


def _wished_after(text: _Text, e: int) -> bool:
    """A question left unmarked, answered with a wish that turns to no: "is it
    bulletproof i'd love to say so but no"."""
    turn = _wish_turned(text, e)
    return turn is not None and _unmarked_question(text, e) and _answer_is_no(text, turn)


def _said_bygone(text: _Text, e: int) -> bool:
    """The phrase as the subject of what is past: "X was the old way", "X has been
    retired", "X is legacy now", "X, which we dropped last year". A copula (or a
    relative "which we") must follow it, at most a word ("it", "really") between, and
    only linking words may stand between that and the word that makes it past, in the
    same sentence."""
    sentence, toks = text.structure.sentence, text.toks
    after = [t.text for t in toks[e : e + 8]]
    if sentence and e > 0:
        ends = next((k for k in range(e, min(len(toks), e + 8))
                     if sentence[k] != sentence[e - 1]), None)
        if ends == e and after[:1] and (after[0] in cues.RESUMING or after[0] in cues.WE):
            pass  # "X? That's history.", "X. We've dropped that.": the next sentence
        elif ends is not None:
            after = after[: ends - e]
    if after[:2] == ["as", "a"]:
        after = after[3:]  # "X as a name is gone"
    if after[:1] and after[0] in cues.AFTER_CONTRACTED_S and e > 0 and (
            text.words[toks[e - 1].last].endswith(("'s", "’s"))):
        # "X's been replaced", "X's gone": the tokens lost the contracted "has"/"is"
        after = ["has" if after[0] == "been" else "is", *after]
    if after[:1] and after[0] in cues.WE and _ended_by_us(after[1:6], False):
        return True  # "X, we've dropped it" (before "have" is read as its copula)
    if after[:2] in (["was", "how"], ["was", "what"]) and _contains(after[2:6], ("used", "to")):
        return True  # "X was how we used to do it"
    if len(after) > 1 and after[0] not in cues.COPULAS and after[1] in cues.COPULAS and (
            after[0] not in cues.DENIERS):  # ("X, nothing gets past it": another subject)
        after = after[1:]  # "X, it's gone", "X really was the old way"
    elif after[:1] and after[0] in cues.RELATIVE_OPENERS:
        k = next((k for k in range(1, min(len(after), cues.RELATIVE_MAX))
                  if after[k] in cues.COPULAS), None)
        if k is not None and not any(w in cues.DENIERS for w in after[:k]):
            after = after[k:]  # "X your team dreads is gone"
    relative = False  # "X, which we dropped": the clause is about X without an "it"
    while len(after) > 1 and after[0] in cues.TAKING_UP and after[0] not in cues.COPULAS:
        relative = relative or after[0] in cues.RELATIVES
        after = after[1:]  # "X, that one is discontinued", "X uh that is gone"
    if not after:
        return False
    if after[0] in cues.WE and _ended_by_us(after[1:6], relative):
        return True
    if (after[0] in cues.ENDED and after[1:2] != ["up"]) or (
            after[0] in cues.BECAME and len(after) == 1):
        return True  # "X ended last March", "Pro is what X became"
    if after[0] in cues.STOPPED and after[1:2] and after[1].endswith("ing"):
        return True  # "X stopped being sold in May"
    if after[0] in cues.CLOSED and (len(after) == 1 or after[1] in cues.WHEN_WORDS
                                    or after[1] in cues.CLOSED_WHEN):
        return True  # "X closed in March", "X shut down last year"
    if _denied_of(after):
        return True
    if after[0] in cues.COPULAS:
        rest = after[1:]
        # "has replaced the old reports" is what it did; "has been replaced", done to it
        passive = after[0] not in cues.PERFECT or rest[:1] == ["been"]
    elif after[0] in cues.RELATIVES and after[1:2] and after[1] in cues.WE:
        rest, passive = after[2:], True  # "which we retired", "that we have dropped"
    else:
        return False
    if any(_contains(rest[:6], cue) for cue in cues.GOING_OUT):
        return True  # "X are the first thing to go"
    for j, w in enumerate(rest):
        if w == "dream" and rest[j + 1 : j + 2] == ["come"]:
            return False  # "X is a dream come true"
        if w in cues.BYGONE or (passive and not w.endswith("ing") and stem(w) in cues.ENDING):
            return True
        if w in cues.CLAIM_FIGURES and j > 0 and rest[j - 1] in cues.CLAIM_KINDS:
            return True  # "X is a marketing number" (not "X is the number")
        if w in cues.CLAIM_NOUNS and any(x in cues.CLAIM_KINDS for x in rest):
            return True  # "X is a marketing term"
        if w not in cues.LINKING and w not in cues.CLAIM_KINDS:  # "is marketing talk"
            return False
    return False


def _ended_by_us(rest: list[str], relative: bool) -> bool:
    """After the phrase and "we", up to the word after "it": "X, we retired it", "X we
    don't have it anymore" (not "X, we love it, no longer do you ..."); or, in a
    relative clause, its first two words: "X, which we dropped last year" (not "X, we
    dropped the price")."""
    it = next((k for k, w in enumerate(rest) if w in cues.REFUSED_OBJECTS), None)
    if it is None and not relative:
        return False
    # (a relative clause past its linking words: "which we've since folded")
    rest = [w for w in rest if w not in cues.LINKING][:2] if it is None else rest[: it + 2]
    return "anymore" in rest or _contains(rest, ("no", "longer")) or any(
        not w.endswith("ing") and stem(w) in cues.ENDING for w in rest)


def _answered_no(text: _Text, e: int) -> bool:
    """A claim answered no at once: "Is it unhackable? No system is." (answered yes, or
    not at all, the rep said it); the same with the question mark lost, "it's
    unhackable, no system is"."""
    toks, ends = text.toks, {e0 for _, e0, _ in text.structure.clauses}
    for s0, e0, kind in text.structure.clauses:
        if s0 < e <= e0 and kind == "question" and (
                _answer_is_no(text, e0) or _answer_denies_its_word(text, s0, e0)):
            return True
    words = [t.text for t in toks[e : e + 3]]
    if words[:1] == ["no"] and words[2:3] in (["is"], ["are"]):
        return e + 3 in ends  # "no system is."
    if words[:1] in (["nothing"], ["nobody"], ["none"]) and words[1:2] in (["is"], ["are"]):
        return e + 2 in ends
    return False


def _answer_denies_its_word(text: _Text, s0: int, e0: int) -> bool:
    """The answer to the question [s0, e0), in its next sentence, denies one of its
    content words, that word closing its clause: "Guaranteed savings? We can show you
    the average, not a guarantee.", "... We don't guarantee it." (not "Zero errors? Not a
    single error all year.", nor "Zero fees? No fees at all.", which say it)."""
    asked = {stem(t.text) for t in text.toks[s0:e0] if is_content(t.text)}
    end, ends = _sentence_end(text, e0), _clause_ends(text)
    words = [t.text for t in text.toks[:end]]
    for k in range(e0, end):
        if words[k] != "not":
            continue
        j = k + 1
        while j < end - 1 and words[j] in ("a", "an", "the"):
            j += 1
        if j < end and stem(words[j]) in asked and (
                j + 1 in ends or j + 2 in ends or words[j + 1] in cues.PIVOT_WORDS
                or words[j + 1] in ("and", "it", "that", "this")):
            return True  # (an object may close it: "OSHA doesn't certify apps.")
    return False


def _asked_whether(text: _Text, s: int) -> bool:
    """The phrase in a question the rep reports, answered no in the next words: "people
    ask whether it replaces the adjusters. It doesn't." (unanswered or answered yes, the
    rep may be making the claim: "clients ask if we're certified; we are")."""
    before = _whole_sentence_before(text, s)
    if not any(w in cues.ASKING and any(
            v == "whether" or (v in cues.WHETHER and j < k + 2 + cues.ASKED_WITHIN)
            for j, v in enumerate(before[k + 1 :], start=k + 1))
               for k, w in enumerate(before)):
        return False
    # answered in its sentence ("..., and my honest answer is that nothing is") or next
    rest = _rest_of_sentence(text, _sentence_end(text, s) - 1)
    for k in range(s, _sentence_end(text, s)):
        if text.toks[k].text in cues.ANSWER_NOUNS and _answer_is_no(text, k):
            return True
    return bool(rest) and _answer_is_no(text, _sentence_end(text, s))


def _whole_sentence_before(text: _Text, s: int) -> list[str]:
    """All the words of the phrase's sentence before it."""
    sentence = text.structure.sentence
    lo = s
    while lo > 0 and (not sentence or sentence[lo - 1] == sentence[s]):
        lo -= 1
    return [t.text for t in text.toks[lo:s]]


def _whether_answered_yes(text: _Text, s: int) -> bool:
    """Whether the question the phrase is in ("whether X") is answered yes, in its
    sentence ("..., and my honest answer is yes") or the next ("Yes, it is.")."""
    end = _sentence_end(text, s)
    for k in range(s, end):
        if text.toks[k].text in cues.ANSWER_NOUNS:
            return _answer_is_yes(text, k)
    return _answer_is_yes(text, end)


def _answer_is_yes(text: _Text, a: int) -> bool:
    """Whether the words from token a answer yes: "Yes, it is.", "the answer is yes"."""
    words = [t.text for t in text.toks[a : a + 5]]
    k = next((k for k, w in enumerate(words) if w in cues.ANSWER_NOUNS), None)
    if k is not None:
        words = words[k + 1 :]
        if words[:1] == ["is"]:
            words = words[1:]
    words = [w for w in words if w not in cues.ANSWER_LEAD and w not in _HESITATIONS]
    if bool(words) and words[0] in cues.YES_WORDS:
        return True
    # a bare "we are." / "it does." ends a sentence of its own (not "we are not")
    said = [w for w in _rest_of_sentence(text, a) if w not in _HESITATIONS]
    return len(said) >= 2 and (said[0] in cues.WE or said[0] in cues.RESUMING) and (
        said[1] in cues.AUX) and (len(said) == 2 or said[2] in _YES_GOES_ON)


_YES_GOES_ON = frozenset({"and", "but", "so", "too", "fully", "absolutely"})


def _clause_ends(text: _Text) -> set[int]:
    return {e0 for _, e0, _ in text.structure.clauses}


def _answer_is_no(text: _Text, a: int) -> bool:
    """Whether the words from token a answer no: a denier first ("No.", "Nothing is.",
    "Not at all"; not "No doubt", "Not just X"), "there is no ...", or a "no"/"not" that
    closes a clause of the answer's first words with no "yes" before it ("We're not,
    and ...", "It doesn't.", "Absolutely not.", "I wish, but no.")."""
    toks = text.toks
    head = [t.text for t in toks[a : a + 9]]
    k = next((k for k, w in enumerate(head) if w in cues.ANSWER_NOUNS), None)
    if k is not None:
        # "The answer is no", "my honest answer is that nothing is", "the answer's no"
        a += k + 1 + (head[k + 1 : k + 2] == ["is"])
        if a < len(toks) and toks[a].text == "that":
            a += 1
    a = _past_candour(text, a)  # "I'll be straight with you. No."
    start = a
    while a < len(toks) and a < start + 2 and (toks[a].text in cues.ANSWER_LEAD
                                               or toks[a].text in _HESITATIONS):
        a += 1
    words = [t.text for t in toks[a : a + cues.ANSWER_WITHIN]]
    if not words:
        return False
    if any(words[: len(cue)] == list(cue) for cue in cues.NO_ANSWERS):
        return True  # "I wish.", "If only.", "Far from it."
    whole = [t.text for t in toks[a : min(_sentence_end(text, a), a + cues.NOT_US_WITHIN)]]
    if any(w == "not" and whole[k + 1 : k + 2] != [] and whole[k + 1] in cues.OWN_SIDE_AFTER
           for k, w in enumerate(whole)):
        return True  # "Customs decides that, not us.", "That's on your vets, not our software."
    if words[0] in cues.PARTLY and (a + 1 in _clause_ends(text) or (
            words[1:2] != [] and words[1] in cues.PIVOT_WORDS)):
        return True  # "Mostly.", "Almost, but ...": not all of it
    d = int(words[0] in _DEGREE and len(words) > 1)  # "pretty close", "very nearly"
    if (words[d] in cues.PARTLY or words[d] == "close") and (
            a + d + 1 in _clause_ends(text) or (
            words[d + 1 : d + 2] != [] and words[d + 1] in cues.PIVOT_WORDS)):
        return True  # "Pretty close, 99.2.", "Very nearly.": near it, not it
    k = next((k for k in range(len(words)) if any(
        words[k : k + len(cue)] == list(cue) for cue in cues.PARTIAL_ANSWERS)), None)
    if k is not None and not any(w in cues.YES_WORDS for w in words[:k]):
        return True  # "Honestly, most do, not all."
    turn = _wish_turned(text, a)
    if turn is not None:  # "I'd love to say so, but no.", "I'd love that, but it takes a week"
        return _answer_is_no(text, turn) or (
            _sentence_end(text, a) > turn and not _answer_is_yes(text, turn))
    if words[0] in cues.DENIERS | cues.NO_WORDS:
        return not (words[1:2] and (words[1] in cues.NO_DOUBT or words[1] in cues.NOT_JUST))
    if words[0] in cues.WE and _ended_by_us(words[1:6], False):
        return True  # "X? We retired it."
    if words[0] in cues.RESUMING and words[1:2] and words[1] in cues.AUX and (
            words[2:3] == ["not"]) and words[3:4] and (
            words[3] in cues.NOT_OUR_WAY or words[3] in cues.NOT_SO):
        return True  # "X? That's not how underwriting works." (not "It's not a gimmick")
    clause = words[: next((k + 1 for k in range(len(words)) if a + k + 1 in _clause_ends(text)),
                          len(words))]
    if any(w in cues.UNTRUE_ANSWERS for w in clause) and not any(
            w in cues.DENIERS for w in clause):
        return True  # "X? I'd be lying.", "X? That's a myth." (not "That's no myth")
    if words[:3] in (["there", "is", "no"], ["there", "are", "no"]) or any(
            w in cues.DEPENDS for w in words[:3]):
        return True  # "There's no such approval.", "Depends on the class."
    if any(w in cues.DENIERS and any(v in cues.SAYING_ACTS or v in cues.NAMING_VERBS
                                     for v in words[k + 1 : k + 3])
           for k, w in enumerate(words)):
        return True  # "I'd never say that."
    ends = {e0 for _, e0, _ in text.structure.clauses}
    for k, w in enumerate(words):
        if w in cues.YES_WORDS:
            return False
        if w in cues.NO_WORDS and a + k + 1 in ends:
            return True
    return False


# an adverb of degree before an answer's word: "pretty close", "very nearly"
_DEGREE = frozenset({"pretty", "very", "quite", "fairly", "really", "so"})


def _past_candour(text: _Text, a: int) -> int:
    """Past a short sentence from token a that only promises candour, to the answer
    after it: "[I'll be straight with you.] No.", "[To be honest with you,] no"; a where
    there is none."""
    end = _sentence_end(text, a) if a < len(text.toks) else a
    words = [t.text for t in text.toks[a:end]]
    if end < len(text.toks) and 0 < len(words) <= cues.CANDOUR_MAX and any(
            w in cues.CANDOUR for w in words) and not any(
            w in cues.NO_WORDS or w in cues.YES_WORDS for w in words):
        return end
    return a


def _wish_turned(text: _Text, a: int) -> int | None:
    """Where an answer from token a that opens with a wish turns to what it says: "I'd
    love to say so, but no", "I'd like to say yes, but I can't" (after "but"); None where
    it does not open so, or does not turn ("I'd love to say so, and it is")."""
    words = [t.text for t in text.toks[a : a + cues.WISH_TURN_MAX + 1]]
    if not any(w in cues.WANTING or w in cues.WISHING for w in words[:3]):
        return None
    end = _sentence_end(text, a)
    k = next((k for k, w in enumerate(words) if w in cues.PIVOT_WORDS and a + k < end), None)
    if k is not None:
        return a + k + 1
    # or in the next sentence: "I'd like to say yes. I can't.", "... so. Honestly, no."
    if end - a <= cues.WISH_TURN_MAX and end < len(text.toks):
        return end
    # or run on to a "no" that ends it: "i'd love to say so honestly no", "... i can't"
    k = next((k for k in range(2, len(words)) if words[k] in cues.NO_WORDS
              and a + k + 1 == end), None)
    return None if k is None else a + k


def _naming_denied_after(text: _Text, e: int) -> bool:
    """A denied naming of the phrase just said, in the same sentence: "... hassle-free,
    and we would never say it", "... we don't use that word"."""
    sentence = text.structure.sentence
    after: list[str] = []
    for i in range(e, min(len(text.toks), e + cues.NAMING_WITHIN + 2)):
        if sentence and e > 0 and sentence[i] != sentence[e - 1]:
            break
        after.append(text.toks[i].text)
    for k, w in enumerate(after):
        if w not in cues.DENIERS or (after[k + 1 : k + 2] and after[k + 1] in cues.NOT_JUST):
            continue  # "... isn't just a word for us": the rep stands by it
        if any(w in ("other", "else") for w in after[k + 1 : k + 3]):
            continue  # "... and no other vendor promises that", "no one else": a boast
        rest = after[k + 1 :]
        for j, v in enumerate(rest):
            if v in cues.NAMING_VERBS and (v in cues.NAMING_NOUNS or rest[j + 1 : j + 2] in (
                    ["it"], ["that"], ["this"], ["so"])) and not (
                    rest[j + 2 : j + 3] and rest[j + 2] in cues.MANNER):
                return True  # (not "X, and we never say that lightly": it is so)
            if v in cues.OFFERING and j < 2 and any(x in cues.OWN_VOICE for x in after[
                    max(0, k - 2) : k]) and any(x in ("it", "that", "this")
                                                for x in rest[j + 1 : j + 3]):
                return True  # "X we cannot give that", "..., I can't give them that"
    return False



# A short next sentence that answers a claim of "never"/"no" with its opposite: "X never
# breaks down. They do, they're machines.", "customers think it never runs out. It can."
_CONTRADICTING_PRONOUNS = frozenset({"it", "they", "that", "this", "he", "she", "things"})
_CONTRADICTING_FILL = frozenset({"still", "sometimes", "though", "actually", "really", "all"})


def contradicted_next(text: _Text, e: int) -> bool:
    """Whether the sentence after a phrase that denies something opens with a bare
    pronoun and auxiliary, undenied, that ends its clause: "It can.", "They do, ...",
    "It still does." (not "It can't.", "It does what it says.")."""
    opening = _sentence_opening(text, e)
    if opening is None:
        return False
    words = [w for w in opening[0] if w not in _CONTRADICTING_FILL]
    return len(words) == 2 and words[0] in _CONTRADICTING_PRONOUNS and (
        words[1] in cues.AUX or words[1] in cues.MODALS)


_THING_HEADS = frozenset({"something", "anything", "what", "one", "thing"})
_OUR_SAYING = frozenset({
    "promise", "claim", "say", "offer", "guarantee", "sell", "advertise", "put", "pitch",
})  # fmt: skip
NOT_OURS_WITHIN = 12  # words of the rest of its sentence


def _not_ours_to_say(text: _Text, e: int) -> bool:
    """Whether the rest of the phrase's sentence takes it up ("which", "that", "it") and
    calls it not something the rep's side says: "..., which is nice but not something
    we promise", "..., that's not a thing I'd claim"."""
    rest = [w for w in _rest_of_sentence(text, e)[:NOT_OURS_WITHIN] if w not in _HESITATIONS]
    if not any(w in cues.RESUMING for w in rest[:2]):
        return False
    for k, w in enumerate(rest):
        if w != "not":
            continue
        tail = [x for x in rest[k + 1 : k + 6] if x not in ("a", "the", "would", "will", "can")]
        if tail[:1] and tail[0] in _THING_HEADS and tail[1:2] and (
                tail[1] in cues.OWN_VOICE) and any(x in _OUR_SAYING for x in tail[2:4]):
            later = rest[k + 1 :]
            # ("not something we promise lightly, but we do": the claim stands)
            return not any(x in cues.PIVOT_WORDS
                           and any(y in cues.OWN_VOICE for y in later[j + 1 : j + 3])
                           for j, x in enumerate(later))
    return False
