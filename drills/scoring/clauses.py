"""Clauses, negation and framing of a token sequence (a transcript or a playbook phrase).

A transcript is cut into clauses at punctuation and at clause conjunctions ("but",
"because", "and we"); each token knows whether it sits in the scope of a negation (of
its own clause only), in a short contrast clause ("3 days, not 10"), or in a framing
that keeps it from being the rep's own claim (a question, a hedge, someone else's
words, a denied promise, a wish, a mere mention).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from drills.text_normalize import NEGATIONS, Token

if TYPE_CHECKING:
    from drills.scoring.coverage import _Window

# Negation cues. "0" because "zero downtime" == "no downtime" == "without downtime";
# "whether" because "whether X" never asserts X.
_NEG_CUES = NEGATIONS | {"0", "whether"}
_NEG_SUBJECTS = {"nobody", "nothing", "noone"}
NEG_SCOPE = 9  # a cue negates the next few tokens of its own clause
# Negative words that, after a "not" in the same clause, repeat its negation rather than
# cancel it (negative concord, common in casual and non-native speech): "it doesn't need
# no training", "we don't charge nothing extra".
_CONCORD = frozenset({"no", "nothing", "nobody", "none", "noone"})
# Negation words that do not negate the claim next to them.
_NOT_NEGATING = {
    ("not", "only"), ("not", "just"), ("no", "doubt"), ("no", "matter"),
    ("no", "wonder"), ("nothing", "but"), ("never", "been"), ("not", "to"),
    ("without", "a"), ("not", "even"),
    # an assurance, as "no doubt" is: "no lie, restores finish in fifteen minutes"
    ("no", "lie"), ("no", "joke"), ("no", "kidding"),
}  # fmt: skip
# Framings that deny a claim said next to them ("the 3-day close is a myth").
_FRAMING = (
    ("is", "false"), ("a", "myth"), ("untrue",), ("is", "wrong"), ("not", "correct"),
    ("nonsense",), ("not", "the", "case"), ("not", "true"),
    # the claim as subject, denied by what follows: "restoring a server in fifteen minutes
    # isn't something we offer", "... is not what we do", "... aren't realistic"
    ("not", "something"), ("not", "what", "we"), ("not", "realistic"),
    ("not", "possible"), ("not", "real"), ("not", "available"), ("not", "on", "offer"),
    ("unrealistic",),
)  # fmt: skip
_HESITATIONS = {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm"}
_CLAUSE_CONJ = {"but", "however", "although", "though", "whereas", "yet", "because"}
_SOFT_CONJ = {"and", "so", "or", "then", "plus", "also"}
_SUBJECTS = {
    "i", "we", "you", "they", "it", "he", "she", "our", "your", "their", "that", "this",
    "there", "its", "my", "the",
}  # fmt: skip
# Run-on speech: a new clause starts where a subject follows a word that cannot lead into
# one ("... by hand it happens automatically"). "it", "you", "that", "this" and "there"
# are objects too ("restore it in minutes"), so they start a clause only before a verb
# that needs a subject.
_SUBJECT_ONLY = {"i", "we", "they", "he", "she"}
_SUBJECT_IF_VERB = {"it", "you", "that", "this", "there"}
_AUX_VERBS = {
    "is", "was", "are", "were", "am", "does", "did", "do", "can", "will", "would", "could",
    "should", "has", "have", "had", "takes", "took", "happens", "gets", "goes", "runs",
    "works", "means", "might", "must", "may", "shall",
}  # fmt: skip
# Words after which a subject continues the same clause: conjunctions, prepositions,
# complementisers, verbs that take a clause ("say it is"), auxiliaries ("do we").
_LEADS_IN = _CLAUSE_CONJ | _SOFT_CONJ | _AUX_VERBS | {
    "that", "if", "when", "whenever", "where", "why", "how", "what", "which", "who",
    "whether", "than", "as", "because", "since", "until", "unless", "while", "once",
    "before", "after", "of", "to", "for", "with", "by", "from", "in", "on", "at", "about",
    "like", "say", "says", "said", "think", "thinks", "know", "knows", "promise",
    "promises", "tell", "tells", "told", "claim", "claims", "mean", "guess", "hope",
    "believe", "bet", "suppose", "let", "make", "makes", "see", "sure",
    "the", "a", "an", "all", "both", "even", "only", "just", "yes", "no", "well", "okay",
    "ok", "actually", "really", "basically", "honestly", "um", "uh",
}  # fmt: skip


def _new_subject(toks: Sequence[Token], j: int) -> bool:
    """Whether token j starts a new clause in run-on speech (see _SUBJECT_ONLY)."""
    w = toks[j].text
    prev = toks[j - 1].text
    if prev in _LEADS_IN or prev in _SUBJECT_ONLY or prev in _SUBJECT_IF_VERB:
        return False
    if w in _SUBJECT_ONLY:
        return True
    nxt = toks[j + 1].text if j + 1 < len(toks) else ""
    return w in _SUBJECT_IF_VERB and nxt in _AUX_VERBS


# A clause that opens like a question is one, even where the ASR wrote no "?": "do
# dispatchers really need a live map".
_QUESTION_OPENERS = {
    "do", "does", "did", "can", "could", "would", "will", "is", "are", "was", "were",
    "have", "has", "should", "shall",
}  # fmt: skip
_QUESTION_SUBJECTS = _SUBJECT_ONLY | _SUBJECT_IF_VERB | {
    "every", "each", "all", "both",
    "your", "our", "their", "my", "his", "her", "its", "the", "a", "an", "any", "some",
    "anyone", "anybody", "someone", "somebody", "everyone", "everybody", "people",
    "these", "those", "most", "many",
}  # fmt: skip
# Words ending in -s that are not plural nouns (after an auxiliary, a word in -s is
# otherwise the plural subject of a question: "do nurses ...", "are auditors ...").
_NOT_PLURAL = {
    "always", "perhaps", "sometimes", "nevertheless", "besides", "afterwards", "towards",
    "whereas", "nowadays", "ours", "yours", "theirs", "hers", "does", "seconds", "minutes",
    "hours", "days", "weeks", "months", "years",
}  # fmt: skip


_QUESTION_LEADS = {"so", "and", "but", "ok", "okay", "well", "then", "now"} | _HESITATIONS


def _question_subject(word: str) -> bool:
    """Whether `word`, right after an auxiliary that opens a clause, is that question's
    subject: a pronoun or determiner, or a plural noun (an auxiliary followed by a verb
    in -s is not English, so a word in -s there names who is asked about)."""
    if word in _QUESTION_SUBJECTS:
        return True
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            and word.isalpha() and word not in _NOT_PLURAL)


_SENT_END_RE = re.compile(r"[.!?;…]+[\"')\]]*$")
_QUESTION_RE = re.compile(r"\?[\"')\]]*$")
_CLAUSE_END_RE = re.compile(r"[,:]+[\"')\]]*$|^[-–—]+$")



@dataclass(frozen=True, slots=True)
class _Structure:
    """Clauses and negation of a token sequence (a transcript or a playbook phrase)."""

    clauses: tuple[tuple[int, int, str], ...]  # [s, e) and how it ends: clause|sentence|question
    contrast: tuple[bool, ...]  # token in a short contrast clause: "3 days, not 10"
    negated: tuple[bool, ...]  # token in the scope of an odd number of negation cues
    framed: tuple[bool, ...] = ()  # not asserted by the rep: asked, hedged, attributed...
    distanced: tuple[bool, ...] = ()  # the subset that also distances a banned phrase
    sentence: tuple[int, ...] = ()  # sentence number of each token
    # token among what "whether A or B" or "however many ..." lets vary: neither
    # asserted nor denied, so it agrees with a message that denies it ("no extra charge
    # for additional lines") as with one that names it ("however heavy the parcel is")
    whatever: tuple[bool, ...] = ()


def _denied_earlier(toks: Sequence[Token], start: int, at: int) -> bool:
    """Whether the word at `at` was said earlier in the clause begun at `start`, right
    before "not"/"never": "X not …, X …" contrasts the denied X with the one now said."""
    word = toks[at].text
    return any(toks[j].text == word and toks[j + 1].text in ("not", "never")
               for j in range(start, at - 1))


def _structure(words: Sequence[str], toks: Sequence[Token],
               spec_words: frozenset[str] = frozenset()) -> _Structure:
    """`spec_words`: the playbook's own words, which are never mere "mention" cues."""
    n = len(toks)
    clauses, runs = _clauses(words, toks)
    clause_of, contrast = _contrast(toks, clauses)
    whatever = [False] * n
    negated = _negation(toks, clause_of, contrast, whatever, runs)
    _deny_resumed_topics(words, toks, clauses, negated)
    _deny_fronted_topics(toks, clauses, runs, negated)
    _carry_negation(toks, clauses, negated)
    framed, distanced = _framing(toks, clauses, spec_words, runs)
    sentence = [0] * n
    k = 0
    for s, e, kind in clauses:
        for i in range(s, e):
            sentence[i] = k
        k += kind != "clause"
    return _Structure(
        tuple(clauses), tuple(contrast), tuple(negated), framed, distanced, tuple(sentence),
        tuple(whatever),
    )


def _clauses(words: Sequence[str], toks: Sequence[Token]
             ) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The clauses [s, e) with how each ends (clause|sentence|question), cut at
    punctuation and, in speech without it, before a conjunction, hesitation, repeated
    word or new subject; and the clause starts found only by a new subject."""
    n = len(toks)
    clauses: list[tuple[int, int, str]] = []
    runs: set[int] = set()  # clause starts found only by _new_subject
    start = 0
    for i, tok in enumerate(toks):
        word_ends = i + 1 == n or toks[i + 1].first > tok.last
        raw = words[tok.last]
        cut = ""
        if i + 1 < n and i + 1 > start:
            cut = _cut_before(toks, i + 1, start)
            if cut == "run":
                cut = "clause"
                runs.add(i + 1)
        if word_ends and _SENT_END_RE.search(raw):
            cut = "question" if _QUESTION_RE.search(raw) else "sentence"
        elif word_ends and _CLAUSE_END_RE.search(raw) and not cut:
            # a lead that vouches for what its colon announces ends a sentence: the
            # framing in it ("Others claim it, we deliver it:") does not reach the claim
            cut = "sentence" if raw.endswith(":") and _vouching_lead(
                [t.text for t in toks[start : i + 1]]) else "clause"
        if i + 1 == n and not cut:
            cut = "sentence"
        if cut:
            clauses.append((start, i + 1, cut))
            start = i + 1
    return clauses, runs


# A lead before a colon closes on a word pointing at what follows ("it", "this",
# "otherwise"); it vouches for that claim where the rep says it in their own voice ("we
# deliver it:", "I'll say this:") or denies its contrary ("I won't pretend otherwise:",
# "Nobody else can say this:", "I'm not going to lie:"). "I can't promise this:" and
# "Vendors say this:" do not.
_POINTING = {"it", "this", "that", "otherwise"}
_CONTRARY = {"otherwise", "else", "lie", "lying", "kidding"}
_LEAD_FILLER = _SOFT_CONJ | _CLAUSE_CONJ | _HESITATIONS | {"well", "look", "now", "and"}


def _vouching_lead(texts: Sequence[str]) -> bool:
    """Whether the clause before a colon vouches for the claim after it: "we deliver
    it", "I won't pretend otherwise", "nobody else can say this" (not "I can't promise
    this", "vendors say this", "the point is")."""
    if not texts or not (texts[-1] in _POINTING or texts[-1] in _CONTRARY):
        return False
    denied = any(t in _NEG_CUES for t in texts)
    if denied:
        return bool(set(texts) & _CONTRARY)
    lead = next((t for t in texts if t not in _LEAD_FILLER), "")
    return lead in _SUBJECT_ONLY - {"they", "he", "she"}


# Pronouns recur in one clause without starting a parallel one: "she snapped three
# pictures before she'd finished her coffee", "her money was in her account".
_PRONOUN_FORMS = _SUBJECTS | _SUBJECT_ONLY | _SUBJECT_IF_VERB | {
    "her", "his", "him", "them", "me", "us", "its", "theirs", "hers", "ours", "yours",
}  # fmt: skip


def _cut_before(toks: Sequence[Token], at: int, start: int) -> str:
    """Whether a new clause begins at token `at` of the clause begun at `start` without
    punctuation: "clause", "run" (found only by a new subject), or ""."""
    nxt = toks[at].text
    if nxt == "yet" and at and toks[at - 1].text == "not":
        return ""  # "not yet" is one answer, not "not" and a clause opened by "yet"
    if nxt == "yet" and _adverb_yet(toks, at, start):
        return ""  # "I can't say it yet: ..." ends a denial, it opens no clause
    if nxt in _CLAUSE_CONJ or (
        nxt in _SOFT_CONJ and at + 1 < len(toks) and toks[at + 1].text in _SUBJECTS
        and not (nxt == "and" and _pairs_between(toks, at, start))
    ) or (nxt in _SOFT_CONJ and _report_follows(toks, at + 1)):
        return "clause"
    if nxt in _HESITATIONS:
        # "... no mechanic needed uh dispatchers see ...": a hesitation ends what
        # came before, so a negation does not run on into the next claim
        return "clause"
    if (nxt.isalpha() and len(nxt) >= 3 and nxt not in _LEADS_IN
            and ((nxt == toks[start].text and at - start >= 3 and nxt not in _PRONOUN_FORMS)
                 or _denied_earlier(toks, start, at))):
        # the clause's first word said again starts a parallel one: "ask not what
        # your country can do for you ask what you can do for your country"; so
        # does a word said again that was denied earlier in the clause ("and so,
        # my fellow Americans, ask not ... ask what ...")
        return "clause"
    if toks[at - 1].text not in _LEADS_IN and nxt in _REPORTERS and _report_follows(
            toks, at, REPORTER_RUN_MAX):
        # a report run on without a conjunction: "... see the method first | some of
        # our customers say demand charges came down"
        return "run"
    if _new_subject(toks, at):
        # run-on speech without punctuation (Whisper): "... takes all day it
        # doesn't it takes fifteen minutes" is three clauses
        return "run"
    return ""


YET_AFTER_NOT = 4  # tokens from a "not" to the "yet" that ends its clause


def _adverb_yet(toks: Sequence[Token], at: int, start: int) -> bool:
    """Whether the "yet" at `at` closes a denial ("we can't say it yet", "it isn't live
    yet") rather than opening a clause: a "not" shortly before it, and no subject after
    it ("it isn't cheap yet it pays for itself" opens one)."""
    if at + 1 < len(toks) and toks[at + 1].text in _SUBJECTS:
        return False
    return any(toks[j].text in ("not", "never")
               for j in range(max(start, at - YET_AFTER_NOT), at))


REPORTER_MAX = 2  # tokens of the one who reports, before the verb of saying
REPORTER_RUN_MAX = 4  # the same, run on without a conjunction ("some of our customers")
# what opens the subject of a report run on after a claim: a quantity or a possessive
_REPORTERS = {"some", "many", "most", "several", "half", "1", "our", "their", "your"}
_OF_WHOM = {"of", "our", "their", "your", "the"}  # "some of our customers"


def _report_follows(toks: Sequence[Token], at: int, most: int = REPORTER_MAX) -> bool:
    """Whether a report opens at token `at` after a conjunction: a short subject and a
    verb of saying ("... and people tell us ...", "... and the vet says ..."), a new
    clause that a negation or framing before it does not run into."""
    for j in range(at, min(len(toks), at + most + 1)):
        word = toks[j].text
        if word in _ATTRIBUTION_VERBS:
            return j > at and toks[j - 1].text not in _LEADS_IN
        if not (word.isalpha() or j == at) or (
                word in _LEADS_IN - {"the"} - _OF_WHOM) or word in _AUX_VERBS:
            return False
    return False


BETWEEN_WITHIN = 4  # tokens from "between" to the "and" of its pair


def _pairs_between(toks: Sequence[Token], at: int, start: int) -> bool:
    """Whether the "and" at `at` joins the pair of a "between" just before it in its
    clause ("settled between us and the underwriter"), not two clauses."""
    if at + 1 < len(toks) and toks[at + 1].text in _SUBJECT_ONLY:
        return False  # "between the two and we ...": "we" pairs with nothing
    lo = max(start, at - BETWEEN_WITHIN)
    return any(toks[j].text == "between" for j in range(lo, at))


def _contrast(toks: Sequence[Token], clauses: Sequence[tuple[int, int, str]]
              ) -> tuple[list[int], list[bool]]:
    """Each token's clause number, and whether it is in a short contrast clause (the
    rejected alternative: "3 days, not 10")."""
    n = len(toks)
    clause_of = [0] * n
    contrast = [False] * n
    for ci, (s, e, _) in enumerate(clauses):
        for i in range(s, e):
            clause_of[i] = ci
        # ", not ten" / ", but not per device": the rejected alternative, not a claim
        after_comma = ci > 0 and clauses[ci - 1][2] == "clause"
        first = toks[s].text
        second = toks[s + 1].text if s + 1 < e else ""
        if (
            after_comma
            and e - s <= 8
            and (first in ("not", "never") or (first in ("but", "and") and second == "not"))
        ):
            for i in range(s, e):
                contrast[i] = True
        # "in three days instead of ten" / "rather than per seat": the same, mid-clause
        for i in range(s, e - 2):
            pair = (toks[i].text, toks[i + 1].text)
            if pair in (("instead", "of"), ("rather", "than")) and e - i <= 6:
                for j in range(i, e):
                    contrast[j] = True
                break
    return clause_of, contrast


# Words that deny what follows nearly as "not" does: "hardly any backups get tested",
# "restores rarely finish in fifteen minutes", "few teams test every night" (not "a
# few"), "your tool fails to restore ...", "far from guaranteed".
# ("barely" and a bare "hardly" tell how little, a benefit: "the night shift barely
# noticed the server going down")
_NEAR_NEGATIONS = {"rarely", "seldom"}
# verbs of saying after "should": the rep's own telling, not a hedge
_SAYING = {"mention", "say", "add", "stress", "note", "explain", "point", "tell", "emphasise",
           "emphasize", "clarify"}
_HARDLY = {"hardly", "scarcely"}
_HARDLY_BEFORE = {"any", "anyone", "anybody", "anything", "ever", "a"}
_NOT_FEW_BEFORE = {"a", "quite", "the", "every", "these", "those"}
_FAILING = {"fail", "fails", "failed", "failing"}
# "no more than four hours", "never takes longer than fifteen minutes": a bound, said as
# the claim, not its denial
_BOUND_WORDS = {"more", "longer", "later", "over"}
BOUND_WITHIN = 3  # tokens from the cue to the bound's "more than"


def _negation_cue(toks: Sequence[Token], i: int) -> bool:
    """Whether the token at i starts a negation (see _NEG_CUES, _NEAR_NEGATIONS)."""
    w = toks[i].text
    nxt = toks[i + 1].text if i + 1 < len(toks) else ""
    if w in _NEG_CUES:
        cue = (w, nxt) not in _NOT_NEGATING
    elif w in _NEAR_NEGATIONS:
        cue = True
    elif w in _HARDLY:
        cue = nxt in _HARDLY_BEFORE
    elif w == "few":
        cue = not (i and toks[i - 1].text in _NOT_FEW_BEFORE)
    else:
        cue = (w in _FAILING and nxt == "to") or (w == "far" and nxt == "from")
    return cue and not _bound(toks, i)


def _bound(toks: Sequence[Token], i: int) -> bool:
    """Whether the negation at i only bounds a figure: "no more than four hours"."""
    for j in range(i + 1, min(len(toks) - 1, i + 1 + BOUND_WITHIN)):
        if toks[j].text in _BOUND_WORDS and toks[j + 1].text == "than":
            return True
    return False


def _negation(toks: Sequence[Token], clause_of: Sequence[int],
              contrast: Sequence[bool], whatever: list[bool],
              runs: AbstractSet[int] = frozenset()) -> list[bool]:
    """Per token: in the scope of an odd number of negation cues (each scoped to its
    clause, at most NEG_SCOPE tokens); `whatever` gets the alternatives of "whether A
    or B"."""
    n = len(toks)
    negated = [False] * n
    after_not = [False] * n  # in the scope of a "not" (for negative concord)
    for i, tok in enumerate(toks):
        if not contrast[i] and _however(toks, clause_of, i):
            for p in range(i + 1, _however_end(clause_of, i)):
                whatever[p] = True
            continue
        if contrast[i] or not _negation_cue(toks, i):
            continue
        if tok.text == "whether" and _whatever(toks, clause_of, i):
            # "whatever": what varies in it is no claim ("whether it's 3 lines or 300")
            for p in range(i + 1, _alternatives_end(toks, clause_of, i)):
                whatever[p] = True
            continue
        if tok.text in _CONCORD and after_not[i]:
            continue  # negative concord, one negation: "she doesn't need no training"
        scope, end = _negation_scope(toks, clause_of, i)
        end = min(end, _relative_end(toks, clause_of, runs, i), _purpose_end(toks, i, end))
        if scope == clause_of[i]:
            end = _figure_after_no(toks, i, end)
        for p in range(i + 1, end):
            if clause_of[p] != scope:
                if clause_of[p] < scope:
                    continue  # the parenthetical between the subject and its verb
                break
            # two negations cancel ("not a single one untested"), but "whether" only
            # ever withholds: "no data on whether coaching reduces accidents"
            negated[p] = True if tok.text == "whether" else not negated[p]
            after_not[p] = after_not[p] or tok.text == "not"
    return negated


# Words after which "whether" opens a question left open ("no data on whether it works")
_OPEN_QUESTION = frozenset({
    "on", "about", "know", "knows", "knew", "ask", "asks", "asked", "unclear", "sure",
    "check", "checks", "see", "decide", "wonder", "wonders", "tell", "data", "evidence",
    "question", "doubt", "whether", "of", "as", "to",
})  # fmt: skip
WHETHER_REACH = 10  # tokens from "whether" to its "or"


def _whatever(toks: Sequence[Token], clause_of: Sequence[int], i: int) -> bool:
    """"whether A or B" as "whatever": the claim holds either way ("one fixed charge,
    whether it has three lines or three hundred"), unless "whether" opens a question
    left open ("no data on whether it is three days or four")."""
    if i and toks[i - 1].text in _OPEN_QUESTION:
        return False
    end = min(len(toks), i + 1 + WHETHER_REACH)
    return any(toks[j].text == "or" and clause_of[j] == clause_of[i] for j in range(i + 1, end))


ALTERNATIVE_MAX = 3  # tokens of the alternative after the "or" of "whether A or B"
HOWEVER_MAX = 5  # tokens of what "however many lines it has" lets vary


def _however(toks: Sequence[Token], clause_of: Sequence[int], i: int) -> bool:
    """"however"/"no matter how" before what it lets vary ("however many lines it
    has", "however heavy the parcel is"): "whatever", as "whether A or B" is; not the
    conjunction ("However, ...", "however we price it")."""
    n = len(toks)
    w = toks[i].text
    if w == "how" and i >= 2 and (toks[i - 2].text, toks[i - 1].text) == ("no", "matter"):
        w = "however"
    if w != "however" or i + 1 >= n or clause_of[i + 1] != clause_of[i]:
        return False
    nxt = toks[i + 1].text
    return nxt.isalpha() and nxt not in _SUBJECTS and nxt not in _HESITATIONS and (
        nxt not in _SUBJECT_ONLY)


def _however_end(clause_of: Sequence[int], i: int) -> int:
    """The token after what "however" at i lets vary: its clause's end, at most
    HOWEVER_MAX tokens on."""
    end = min(len(clause_of), i + 1 + HOWEVER_MAX)
    return next((k for k in range(i + 1, end) if clause_of[k] != clause_of[i]), end)


def _alternatives_end(toks: Sequence[Token], clause_of: Sequence[int], i: int) -> int:
    """The token after the alternatives of "whether A or B" at i: B ends its clause
    or ALTERNATIVE_MAX tokens after the "or"."""
    n = len(toks)
    j = next(j for j in range(i + 1, n) if toks[j].text == "or")
    end = min(n, j + 1 + ALTERNATIVE_MAX)
    return next((k for k in range(j + 1, end) if clause_of[k] != clause_of[i]), end)


def _figure_after_no(toks: Sequence[Token], i: int, end: int) -> int:
    """Where the denial of "no" at i ends before a figure said after its noun: "no
    shutdown, under an hour a panel" denies the shutdown, not the hour; "no more than"
    bounds a figure and is no cue (_bound)."""
    if toks[i].text != "no":
        return end
    for j in range(i + 2, end):
        if toks[j].text in _AUX_VERBS:
            return end  # "no vendor can restore a server in 15 minutes": a denied subject
        if toks[j].text[:1].isdigit():
            return j - 1 if toks[j - 1].text in _FRAGMENT_OPENERS and j - 1 > i + 1 else j
    return end


_RELATIVE_SUBJECTS = {"that", "who"}
# what may follow a relative clause's verb and still be its own: a pronoun object or a
# particle ("that don't send them back")
_VERB_TAIL = {"them", "it", "us", "you", "him", "her", "back", "up", "out", "off", "in",
              "on", "over", "down", "away"}
RELATIVE_CUE_WITHIN = 2  # tokens from the relative pronoun to its "not"


def _relative_end(toks: Sequence[Token], clause_of: Sequence[int], runs: AbstractSet[int],
                  i: int) -> int:
    """Where a negation at i inside a relative clause run on after its noun ends: after
    its verb and that verb's pronoun or particle, so the main clause that follows is
    not denied ("the pubs that don't send them back get charged the deposit"); the
    usual reach elsewhere."""
    n = len(toks)
    s = next((k for k in range(i, -1, -1) if k == 0 or clause_of[k - 1] != clause_of[i]), 0)
    if s not in runs or toks[s].text not in _RELATIVE_SUBJECTS or not (
            0 < i - s <= RELATIVE_CUE_WITHIN) or toks[i].text not in ("not", "never"):
        return n
    j = i + 1  # the verb
    if j >= n or clause_of[j] != clause_of[i] or not toks[j].text.isalpha():
        return n
    j += 1
    while j < n and clause_of[j] == clause_of[i] and toks[j].text in _VERB_TAIL:
        j += 1
    return j


def _negation_scope(toks: Sequence[Token], clause_of: Sequence[int], i: int
                    ) -> tuple[int, int]:
    """The clause the negation cue at i negates, and the token its scope ends before."""
    n = len(toks)
    scope, end = clause_of[i], min(n, i + 1 + NEG_SCOPE)
    if toks[i].text in _NEG_SUBJECTS and i + 1 < n and clause_of[i + 1] != scope:
        # "Nobody, not even an admin, can alter them": a subject cut off by a
        # parenthetical negates the clause where its verb is
        j = i + 1
        if toks[j].text in ("not", "even"):
            j = next((k for k in range(j, n) if clause_of[k] != clause_of[j]), n)
            if j < n:
                scope, end = clause_of[j], min(n, j + NEG_SCOPE)
    elif toks[i].text in _NEG_SUBJECTS | {"no"}:
        # "No vendor, including us, can restore ...": a denied subject cut off by a
        # short parenthetical denies the clause after it
        ce = next((k for k in range(i + 1, n) if clause_of[k] != scope), n)
        pe = next((k for k in range(ce, n) if clause_of[k] != clause_of[ce]), n) if ce < n else n
        # (the clause after goes on with the subject's verb: "..., can restore", not a
        # new subject, "No tape, no waiting: you restore ...")
        if ce - i <= SUBJECT_CUT and pe - ce <= PARENTHETICAL_MAX and pe < n and (
                toks[pe].text in _AUX_VERBS and toks[ce].text not in _NEG_CUES):
            scope, end = clause_of[pe], min(n, pe + NEG_SCOPE)
    return scope, end


# A denied need to be somewhere, and what one is there for: "approvers no longer have to
# be at a desk to sign off" denies the desk, not the signing off
_NEEDING = {"have", "has", "need", "needs", "got"}
_PRESENCE = {"be", "come", "go", "sit", "stay", "travel", "drive", "walk", "fly", "log"}
_PLACE_AFTER_TO = {"the", "a", "an", "your", "their", "our", "his", "her", "my", "its",
                   "work", "site", "head", "each", "every"}
NEED_WITHIN = 3  # tokens from the negation cue to the "to" of the need


def _purpose_end(toks: Sequence[Token], i: int, end: int) -> int:
    """Where a denied need to be somewhere ends, before the purpose it serves: in
    "no longer have to be at a desk to sign off", "never have to come back to the
    office to approve", the "to" of "to sign off" (not the "to" of "to the office");
    `end` where the cue denies no such need."""
    texts = [t.text for t in toks[i + 1 : end]]
    need = next((k for k in range(min(len(texts) - 2, NEED_WITHIN))
                 if texts[k] in _NEEDING and texts[k + 1] == "to"), None)
    if need is None or texts[need + 2] not in _PRESENCE:
        return end
    for k in range(need + 3, len(texts) - 1):
        if texts[k] == "to" and texts[k + 1] not in _PLACE_AFTER_TO:
            return i + 1 + k
    return end


SUBJECT_CUT = 3  # tokens of a denied subject before its comma ("no vendor,")
PARENTHETICAL_MAX = 4  # tokens of the parenthetical after it ("including us,")


# A phrase cut off from its clause by commas goes on with it, and is as denied as its
# clause's end: "Nobody restores a whole server, with all of its applications, in under
# fifteen minutes."
_FRAGMENT_OPENERS = {"in", "within", "under", "for", "at", "by", "on", "with", "from", "to"}
FRAGMENT_MAX = 8  # tokens


def _fragment(texts: Sequence[str]) -> bool:
    """Whether a clause is only a phrase that goes on with the one before: it opens with
    a preposition and has no subject or verb of its own."""
    return (0 < len(texts) <= FRAGMENT_MAX and texts[0] in _FRAGMENT_OPENERS and not any(
        t in _SUBJECT_ONLY or t in _SUBJECT_IF_VERB or t in _AUX_VERBS for t in texts))


def _carry_negation(toks: Sequence[Token], clauses: Sequence[tuple[int, int, str]],
                    negated: list[bool]) -> None:
    """Negate each fragment (_fragment) whose clause ends denied, past fragments
    between them, in the same sentence."""
    texts = [t.text for t in toks]
    for k in range(1, len(clauses)):
        s, e, _ = clauses[k]
        if not _fragment(texts[s:e]) or any(negated[s:e]):
            continue
        p = k - 1
        while p > 0 and clauses[p][2] == "clause" and _fragment(
                texts[clauses[p][0] : clauses[p][1]]):
            p -= 1
        ps, pe, pkind = clauses[p]
        if pkind == "clause" and negated[pe - 1] and not _fragment(texts[ps:pe]):
            for j in range(s, e):
                negated[j] = True


# A clause that takes up what came before it by a pronoun and denies it denies that too:
# "Drugs register, we don't touch this", "Every backup tested every night, that never
# happens with tape", "Per-device pricing? We don't do that anymore." The pronoun is the
# object of a plain verb that ends its clause ("we don't charge for that" denies only a
# charge), or the subject of a verb of being or happening; the clause follows a comma or
# a question, with no conjunction ("..., and we don't ..." adds a new claim).
_RESUMING = {"this", "that", "it", "them", "those"}
_RESUMED_TAIL = {"anymore", "at", "all", "either", "here", "today", "now", "yet", "ever"}
_RESUMED_VERBS = {
    "do", "does", "did", "offer", "offers", "touch", "sell", "sells", "provide", "support",
    "have", "has", "promise", "guarantee", "handle", "cover", "include", "need", "use",
    "make", "say", "claim", "believe",
}  # fmt: skip
_HAPPENING = {
    "happen", "happens", "exist", "exists", "true", "possible", "realistic", "real",
    "work", "works", "how",
}  # fmt: skip
_TOPIC_FILLER = _HESITATIONS | {"honestly", "frankly", "look", "well", "so", "ok"}


def _deny_resumed_topics(words: Sequence[str], toks: Sequence[Token],
                         clauses: Sequence[tuple[int, int, str]], negated: list[bool]) -> None:
    """Negate what a clause takes up by a pronoun and denies (see _RESUMING): the
    sentence before it, where nothing negates it already."""
    texts = [t.text for t in toks]
    for k in range(1, len(clauses)):
        s, e, kind = clauses[k]
        # (only where the sentence ends there: "It doesn't, however, pull results ..."
        # says its verb after the aside)
        elliptical = kind != "clause" and _elliptical_denial(texts[s:e])
        if texts[s] in _SOFT_CONJ or texts[s] in _CLAUSE_CONJ or not (
                elliptical or _resumes_denied(texts[s:e])):
            continue
        p = k - 1  # past an aside: "The drugs register, honestly, we don't do that."
        while p > 0 and clauses[p][2] == "clause" and all(
                t in _TOPIC_FILLER for t in texts[clauses[p][0] : clauses[p][1]]):
            p -= 1
        _, pe, pkind = clauses[p]
        if pkind == "clause" and not _CLAUSE_END_RE.search(words[toks[pe - 1].last]):
            continue  # a run-on cut, not the comma of a topic taken up
        top = p  # the topic's sentence, from its start
        while top > 0 and clauses[top - 1][2] == "clause":
            top -= 1
        lo = clauses[top][0]
        if any(negated[lo:pe]) or (elliptical and _OWN_SUBJECTS & set(texts[lo:pe])):
            # (a bare "they don't" after the rep's own claim speaks of others: "we
            # restore in fifteen minutes. They don't.")
            continue
        for j in range(lo, pe):
            negated[j] = True


TOPIC_MAX = 6  # tokens of a topic put first, before the clause that denies it
_DO_FORMS = {"do", "does", "did", "will", "can", "would"}
# a clause with a verb, a subject or a denial of its own is no topic put first
_NOT_A_TOPIC = _AUX_VERBS | _SUBJECT_ONLY | _SUBJECT_IF_VERB | _NEG_CUES


def _deny_fronted_topics(toks: Sequence[Token], clauses: Sequence[tuple[int, int, str]],
                         runs: set[int], negated: list[bool]) -> None:
    """Negate a topic put first and denied by the clause run on after it, whose verb
    takes it as its object: "Collection of empties we don't route, you keep your own
    sheets", "Driver vetting we never touch"."""
    texts = [t.text for t in toks]
    for k in range(1, len(clauses)):
        s, e, _ = clauses[k]
        ps, pe, pkind = clauses[k - 1]
        opens = k == 1 or clauses[k - 2][2] != "clause"
        if s not in runs or pkind != "clause" or not opens or pe - ps > TOPIC_MAX:
            continue
        topic = texts[ps:pe]
        if topic[0] in _FRAGMENT_OPENERS or any(t in _NOT_A_TOPIC for t in topic) or not (
                _denies_object(texts[s:e])):
            continue
        for j in range(ps, pe):
            negated[j] = True


def _denies_object(words: Sequence[str]) -> bool:
    """Whether a clause is a subject denying a verb with no object of its own: "we
    don't route", "we never touch", "we do not offer at all"."""
    end = len(words)
    while end > 2 and words[end - 1] in _RESUMED_TAIL:
        end -= 1
    core = [w for w in words[:end] if w not in ("really", "even", "ever")]
    if len(core) == 4 and core[1] in _DO_FORMS and core[2] == "not":
        core = [core[0], "never", core[3]]
    return (len(core) == 3 and core[0] in _SUBJECT_ONLY and core[1] == "never"
            and core[2].isalpha() and core[2] not in _AUX_VERBS)


# A denial with its verb left out takes up the sentence before: "You may have heard
# restores finish in fifteen minutes. They don't." ("it won't", "they really aren't")
_ELLIPSIS_SUBJECTS = {"they", "it"}
_ELLIPSIS_AUX = {"do", "does", "did", "is", "are", "was", "were", "will", "can", "would",
                 "could", "have", "has"}
_ELLIPSIS_FILLER = _TOPIC_FILLER | {"no", "nope", "really", "actually", "sadly"}


def _elliptical_denial(words: Sequence[str]) -> bool:
    """Whether a clause is only a pronoun, an auxiliary and its "not": "They don't.",
    "No, it doesn't.", "they really aren't" (not "they don't sync", which says what)."""
    rest = [w for w in words if w not in _ELLIPSIS_FILLER and w not in _RESUMED_TAIL]
    return (len(rest) == 3 and rest[0] in _ELLIPSIS_SUBJECTS and rest[1] in _ELLIPSIS_AUX
            and rest[2] in ("not", "never"))


def _resumes_denied(words: Sequence[str]) -> bool:
    """Whether a clause denies what a pronoun in it takes up: "we don't touch this",
    "we don't do that anymore", "that never happens", "that isn't realistic"."""
    neg = next((j for j, w in enumerate(words) if w in ("not", "never")), None)
    if neg is None:
        return False
    end = len(words)
    while end > neg + 1 and words[end - 1] in _RESUMED_TAIL:
        end -= 1
    rest = [w for w in words[neg + 1 : end] if w not in ("really", "even", "ever")]
    if len(rest) == 2 and rest[0] in _RESUMED_VERBS and rest[1] in _RESUMING:
        return True  # "we don't touch this", "we never promise that, at all"
    return words[0] in ("that", "this") and neg <= 3 and any(
        w in _HAPPENING for w in words[neg + 1 : neg + 3])


# Framing: words that keep a claim from being the rep's own. Each kind has a scope:
# * a denied speech act ("I won't pretend", "don't count on", "nobody should tell you")
#   and a claim put in someone else's mouth ("our competitors say", "if anyone promises
#   you") run to the end of their sentence (at most FRAME_SCOPE tokens: Whisper text has
#   few full stops);
# * a hedge ("maybe", "might", "in some cases") covers its own clause;
# * a question covers its sentence.
FRAME_SCOPE = 20
_SPEECH_VERBS = {
    "pretend", "claim", "promise", "say", "tell", "guarantee", "rely", "count", "expect",
    "believe", "swear", "bet", "suggest", "assume",
}  # fmt: skip
_OTHERS = {
    "competitor", "competitors", "vendor", "vendors", "rival", "rivals", "others",
    "people", "someone", "somebody", "anyone", "anybody", "salesperson", "salespeople",
    "studies", "study", "critics", "brochures",
}  # fmt: skip
_SOME_OTHER = {"any", "some", "another", "other"}
# ... where the verb cannot be a noun ("any claim under five thousand dollars")
_NOUN_OR_VERB = {"claim", "claims", "promise", "pitch", "pitches", "guarantee", "suggest"}
_ATTRIBUTION_VERBS = {
    "say", "says", "said", "claim", "claims", "claimed", "promise", "promises", "promised",
    "tell", "tells", "told", "swear", "swears", "assume", "assumes", "assumed", "think",
    "thinks", "guarantee", "guarantees", "insist", "insists", "suggest", "suggests",
    "believe", "believes", "advertise", "advertises", "pitch", "pitches",
}  # fmt: skip
_HEDGE_WORDS = {
    "maybe", "perhaps", "might", "possibly", "supposedly", "allegedly", "apparently",
    "sounds", "seems",
    # what ought to be or would be in an ideal world, not what is: "ideally you would
    # test every backup", "you should test every backup", "in theory ..."
    "ideally", "hopefully", "theoretically", "should", "ought", "potentially",
}  # fmt: skip
# hedges that, right before a figure, say only how near it is ("maybe sixty seconds")
_APPROXIMATORS = {"maybe", "perhaps", "possibly"}
# The rep's former workplace ("in my last job the adjusters spent forty percent of their
# week in meetings"): what happened there is no claim about the product.
_FORMER = {"last", "previous", "old", "former"}
_WORKED = {"was", "worked", "ran", "managed", "led"}
_WORKPLACES = {
    "job", "jobs", "company", "employer", "role", "team", "firm", "workplace", "clinic",
    "practice", "office", "business", "hospital", "school", "agency", "startup", "position",
    "organisation", "organization", "restaurant", "kitchen", "warehouse", "depot", "store",
}  # fmt: skip
# What the buyer had before, as a setting: "with their old broker", "under the previous
# system", "using your former supplier"
_WITH_WORDS = {"with", "under", "using", "at", "on", "via", "through"}
_WHOSE = {"their", "your", "the", "his", "her"}
_BACK_TO_US = {"we", "us", "our", "now", "today", "nowadays", "these"}
# Doubt denies what follows as a denied promise does ("I doubt it comes back in fifteen
# minutes"), unless itself denied ("no doubt").
_DOUBT_WORDS = {"doubt", "doubts", "doubted"}
# Someone else as the subject of a clause ("many of our competitors are still working on
# their SOC 2 audit", "other vendors take ten days"): the clause is about them, up to
# where the rep speaks for themselves again ("... we take three").
_THIRD_PARTIES = {
    "competitor", "competitors", "vendor", "vendors", "rival", "rivals", "others",
    "incumbent", "incumbents",
}  # fmt: skip
_OTHER_NOUN_AFTER = {"vendors", "tools", "providers", "products", "companies", "suppliers"}
# "most brokers file within two days", "a rival agency charges per line": others who sell
# what the rep sells (not "most customers", who buy it)
_OTHERS_OF_A_KIND = {"other", "most", "many", "rival", "another"}
_PROVIDERS = _OTHER_NOUN_AFTER | {
    "vendor", "tool", "provider", "product", "company", "supplier", "broker", "brokers",
    "agency", "agencies", "firm", "firms", "platform", "platforms", "system", "systems",
    "solution", "solutions", "app", "apps", "consultancy", "consultancies", "consultants",
    "software", "services", "service", "partners",
}  # fmt: skip
_OWN_VOICE = {"we", "us", "i", "ours"}
_PIVOTS = {"but", "however", "yet", "though", "although", "instead"}
SUBJECT_WITHIN = 4  # a third party among a clause's first words is its subject
# A topic mentioned, not claimed ("we talked about pricing last quarter", "the CFO
# asked how long the close takes", "a meeting two weeks from now"): its clause.
_MENTION_WORDS = {
    "talked", "discussed", "discussing", "asked", "agenda", "mentioned", "wondered",
    "wondering", "matter", "matters", "ago", "brochure", "buzzword", "buzzwords", "hype",
    "checklist", "checklists",
    # the topic told as the buyer's pain, not as the claim: "tax filing was a nightmare"
    "nightmare", "headache", "hassle", "chore",
}  # fmt: skip
_MENTION_PHRASES = (
    ("from", "now"), ("call", "about"), ("meeting", "about"), ("talk", "about"),
    ("think", "about"), ("thinks", "about"), ("worry", "about"), ("worries", "about"),
    ("worried", "about"), ("care", "about"), ("cares", "about"), ("asks", "about"),
    ("asked", "about"),
    ("ask", "if"), ("asks", "if"), ("wonder", "if"), ("ask", "about"),
    ("came", "up", "in"), ("came", "up", "during"), ("came", "up", "last"),
    ("come", "up", "in", "our"),
)  # fmt: skip
# The topic told as what pains the buyer, said of it ("reporting phishing is confusing",
# not "no more tedious data entry")
_PAIN_WORDS = {
    "confusing", "painful", "frustrating", "tedious", "annoying", "cumbersome", "clunky",
    "stressful", "exhausting", "messy", "unreliable",
}  # fmt: skip
# A topic put off to another time or place is named, not claimed ("we can get to photo
# estimates another day", "all of that is in the deck").
_DEFERRAL_PHRASES = (
    ("another", "time"), ("another", "day"), ("other", "time"), ("get", "to", "that"),
    ("in", "the", "deck"), ("in", "the", "slides"), ("for", "later"),
    # coming back to a topic, said by its pronoun: not "you come back to a working server"
    ("come", "back", "to", "that"), ("come", "back", "to", "it"), ("come", "back", "to", "this"),
    ("get", "back", "to", "that"), ("get", "back", "to", "it"), ("get", "back", "to", "this"),
    # left to someone else or parked: "the drugs register I'll leave to your head nurse"
    ("leave", "to"), ("leave", "it", "to"), ("leave", "that", "to"), ("leave", "it", "for"),
    ("leave", "that", "for"), ("park", "that"), ("park", "it"), ("park", "this"),
    ("skip", "that"), ("get", "into", "that"), ("go", "into", "that"), ("another", "call"),
    ("separate", "call"),
    # left to the listener's own knowledge: "the order of the night, you know better than I do"
    *(("know", *it, "better", "than", who) for it in ((), ("it",), ("that",), ("this",))
      for who in ("i", "me", "we", "us")),
    # put off by the rep until checked: "and the alerts, I'd have to check with product"
    # (the rep's own need: "you'll never need to ask the office" is a claim)
    *((who, *modal, need, "to", verb) for who in ("i", "we") for modal in ((), ("would",),
      ("will",)) for need in ("have", "need") for verb in ("check", "ask", "confirm",
                                                            "verify", "double")),
)  # fmt: skip
# A topic classed as a kind of thing ("six months is a long time in finance", "backups
# are the most boring thing an IT director looks after", "testing is the job nobody has
# time for"): the clause says what the topic is to people, not what the product does.
_COPULAS = {"is", "are", "was", "were"}
_KIND_NOUNS = {
    "thing", "things", "time", "moment", "topic", "subject", "issue", "job",
    # what is hoped for, not what is: "a server back in minutes is the dream"
    "dream", "goal", "ambition", "aspiration", "wish", "fantasy", "grail",
}  # fmt: skip
CLASSED_WITHIN = 4  # tokens from the copula to the noun it classes its subject by
_MEASURING_VERBS = {"take", "takes", "took", "need", "needs", "last", "lasts"}
MEASURE_WITHIN = 6  # tokens after the kind noun where its relative clause measures
_PREPOSITIONS = {
    "by", "in", "on", "at", "for", "of", "to", "from", "with", "about", "after", "before",
    "over", "under", "within", "during", "until", "since",
}  # fmt: skip
# A topic named ahead of the clause that then speaks of it ("photos, estimates, all that,
# we can talk about another time"): short comma-cut fragments with no verb or subject.
DISLOCATED_MAX = 5  # ("mixers then dividers then ovens"; a leading "and" not counted)
# Past verbs that open a new predicate after "and" in a story ("... asked for X and had
# it in an hour").
_STORY_VERBS = {
    "had", "got", "received", "saw", "found", "left", "walked", "signed", "was", "were",
}  # fmt: skip
# a release still to come: "direct claims are coming in the spring release"
_COMING_RELEASES = (
    ("spring", "release"), ("summer", "release"), ("autumn", "release"),
    ("winter", "release"), ("fall", "release"), ("upcoming", "release"),
    ("future", "release"), ("next", "update"),
)
_HEDGE_PHRASES = (
    ("in", "some", "cases"), ("depending", "on"), ("not", "sure"), ("could", "be"),
    # a plan, not a fact yet: "we are working toward SOC 2", "it's on the roadmap"
    ("working", "toward"), ("working", "towards"), ("plan", "to"), ("plans", "to"),
    ("planning", "to"), ("on", "the", "roadmap"), ("aim", "to"), ("aiming", "to"),
    ("hope", "to"), ("not", "yet"), ("yet", "to"), ("on", "our", "list"),
    ("next", "year"), ("later", "this", "year"), ("coming", "soon"), ("in", "the", "pipeline"),
    ("next", "quarter"), ("next", "release"), ("next", "version"), ("next", "spring"),
    ("next", "summer"), ("next", "autumn"), ("next", "winter"), ("in", "development"),
    *_COMING_RELEASES, ("coming", "later"),
    ("are", "working", "on"), ("we", "are", "building"), ("we", "are", "developing"),
    ("in", "an", "ideal", "world"), ("in", "a", "perfect", "world"), ("possible", "that"),
    ("there", "is", "a", "chance"), ("chance", "that"), ("we", "are", "trialling"),
    ("we", "are", "trialing"), ("we", "are", "piloting"), ("in", "beta"), ("aim", "for"),
    ("aiming", "for"), ("on", "a", "good", "day"), ("in", "the", "best", "case"),
    ("best", "case"), ("at", "best"), ("if", "everything", "goes", "right"),
    # luck, not the product: "with luck, it pays for itself in eight weeks"
    ("with", "luck"), ("with", "any", "luck"), ("fingers", "crossed"),
    ("if", "you", "are", "lucky"), ("if", "all", "goes", "well"),
    ("someday",), ("some", "day"), ("eventually",), ("one", "of", "these", "days"),
    ("in", "theory"), ("in", "principle"), ("goal", "is", "to"), ("aim", "is", "to"),
    # a supposition: "suppose every backup got tested", "let's say a server came back"
    # ("imagine" alone sells the outcome: "imagine seeing the shape of each day")
    ("suppose",), ("supposing",), ("let", "us", "say"), ("imagine", "if"),
    # a past state, not a claim: "the close used to take us ten days"
    ("used", "to"),
)  # fmt: skip
# A wish or a request is not a claim ("patients want to book online", "auditors always
# ask for a trail"): the rep describes the need, not what the product does.
_DESIRE_WORDS = {
    "want", "wants", "wanted", "wanting", "wish", "wishes", "wishing", "hope", "hopes",
    "hoping", "hoped",
    "dream", "dreams", "expect", "expects", "expecting",
}  # fmt: skip
# A wish told by its participle after the act ("a café rang wanting double the order")
# is wished for; one right after a short subject only tells who that is ("anyone
# wanting a server back gets it in minutes", "patients wanting a slot book online"); after
# its auxiliary it is the wish itself ("we're hoping reminders will cut no-shows").
_PARTICIPLE_WISHES = {"wanting", "wishing", "hoping", "expecting"}
SUBJECT_MAX = 2  # tokens of the subject a participle of wishing may follow
# "would" with a verb of liking is a wish in any person ("we'd love to cut X one day",
# "I would prefer ...").
_DESIRE_PHRASES = (
    ("ask", "for"), ("asks", "for"), ("would", "like"), ("looking", "for"),
    ("would", "love"), ("would", "prefer"), ("would", "be", "nice"),
    # what something would be, judged: "testing every backup every night would be
    # overkill", "a server back in minutes would be a dream"
    *((*w, judged) for w in (("would", "be"), ("would", "be", "a")) for judged in (
        "great", "ideal", "overkill", "amazing", "wonderful", "lovely", "helpful", "dream",
        "luxury", "impossible", "unrealistic", "madness", "crazy", "fantasy")),
)  # fmt: skip


def _framing(
    toks: Sequence[Token], clauses: Sequence[tuple[int, int, str]],
    spec_words: frozenset[str] = frozenset(), runs: set[int] | None = None,
) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    """Per token: framed (not asserted by the rep: asked, hedged, wished for, mentioned,
    attributed to others, a denied promise), and distanced (the subset that also
    distances a banned phrase: a denied speech act or someone else's claim)."""
    n = len(toks)
    framed = [False] * n
    distanced = [False] * n
    texts = [t.text for t in toks]
    sentence_end, clause_span = _frame_spans(clauses, n, framed, texts)
    pivot = [False] * n  # a clause that turns against what came before: "but ..."
    for s, _e, _ in clauses:
        pivot[s] = texts[s] in _PIVOTS
    _frame_unmarked_questions(texts, clauses, framed)
    for i in range(n):
        cue = _frame_cue(texts, i, spec_words)
        if cue == "speech" and _governs_nothing(texts, i, clause_span[i]):
            continue
        if cue == "speech":
            _frame_to_sentence_end(i, sentence_end, pivot, framed, distanced)
        elif cue == "pitched":
            # others' pitch, up to where the rep speaks for themselves again: "unlike
            # brokers that promise the earth, we file within four hours"
            stop = list(pivot)
            for s, e, _ in clauses:
                lead = next((t for t in texts[s:e] if t not in _ASIDE_FILLER), "")
                stop[s] = stop[s] or (s > i and lead in _OWN_VOICE)
            _frame_to_sentence_end(i, sentence_end, stop, framed, distanced)
        elif cue == "before-us":
            # what the buyer had before: up to where the rep speaks of the product
            # again ("with the old system it took days; with us it takes an hour")
            for j in range(i, min(sentence_end[i], i + FRAME_SCOPE)):
                if j > i and (pivot[j] or texts[j] in _BACK_TO_US):
                    break
                framed[j] = True
        elif cue == "elsewhere":
            # the rep's former workplace: its sentence tells of that place, not of the
            # product (a banned phrase said there is still said, so not distanced), and
            # so does the clause it ends ("patients booked online at my last clinic")
            _frame_to_sentence_end(clause_span[i][0], sentence_end, pivot, framed,
                                   [False] * n)
        elif cue == "own-way":
            s, e = clause_span[i]
            for k in range(s, e):
                framed[k] = True
            _frame_dislocated_topics(texts, clauses, s, framed)
        elif cue == "making":
            # what is still being made, with what it would bring: "the team is designing
            # reports that ..., so audits take a day" (a banned phrase there is still said)
            _frame_to_sentence_end(clause_span[i][0], sentence_end, pivot, framed,
                                   [False] * n)
        elif cue == "desire":
            # what follows the wish is wished for ("patients want to book online"), what
            # came before stands ("patients book online whenever they want"); but a wish
            # in the conditional is the whole clause's ("a server back in fifteen minutes
            # would be nice")
            start = clause_span[i][0] if texts[i] == "would" else i
            if texts[i] in _PARTICIPLE_WISHES and i - clause_span[i][0] <= SUBJECT_MAX and (
                    i and texts[i - 1] not in _AUX_VERBS | _COPULAS | _SUBJECT_ONLY):
                continue  # the subject's: "anyone wanting a server back gets it in minutes"
            for j in range(start, clause_span[i][1]):
                framed[j] = True
        elif cue in ("hedge", "mention"):
            s, e = _hedged_span(texts, i, clause_span, runs)
            for j in range(s, e):
                framed[j] = True
            if cue == "mention":
                if runs and s in runs and sentence_end[s - 1] > s:
                    # run on from the clause before, with no conjunction or comma: its
                    # relative clause ("photo estimates are something we can get to
                    # another day"), so it speaks of that clause's topic
                    s = clause_span[s - 1][0]
                    for j in range(s, e):
                        framed[j] = True
                _frame_dislocated_topics(texts, clauses, s, framed)
    _frame_third_parties(texts, clauses, spec_words, framed)
    _frame_rival_story(texts, clauses, framed)
    for cs, ce, _ in clauses:
        if _disowns_it(texts[cs:ce]):
            # "drugs register, we don't touch this": the topic named before is denied
            _frame_dislocated_topics(texts, clauses, cs, framed)
    _frame_reported_speech(texts, clauses, sentence_end, pivot, framed, distanced)
    _frame_by_aside(texts, clauses, pivot, framed, distanced)
    _frame_retracted(texts, clauses, framed)
    _frame_seller_speech(texts, clauses, sentence_end, pivot, framed, distanced)
    _unframe_confirmed(texts, clauses, framed, distanced)
    for s, e, _ in clauses:
        # a purpose clause is as framed as the clause it serves: "we are building a
        # plug-in so that it works inside Word"
        if s and framed[s - 1] and tuple(texts[s : s + 2]) in (("so", "that"), ("in", "order")):
            for j in range(s, e):
                framed[j] = True
    return tuple(framed), tuple(distanced)


SPEECH_VERB_WITHIN = 4  # tokens from a denial to the speech verb it denies
_OWN_SUBJECTS = _OWN_VOICE | {"my", "our"}


def _governs_nothing(texts: Sequence[str], i: int, span: tuple[int, int]) -> bool:
    """Whether the denied speech act at i ends its clause with nothing said after it for
    it to deny, and is someone else's: "..., which their IT director still can't quite
    believe" marvels at the claim before it. The rep's own ("..., which I can't promise")
    takes the claim back, and is framed."""
    s, e = span
    if texts[i] not in _NEG_CUES:
        return False
    verb = next((j for j in range(i + 1, min(e, i + 1 + SPEECH_VERB_WITHIN))
                 if texts[j] in _SPEECH_VERBS), None)
    if verb is None or verb + 1 != e or e - s > RETRACTION_MAX:
        return False
    return not any(t in _OWN_SUBJECTS for t in texts[s:i])


# An aside that frames the whole sentence it is part of, wherever it stands in it: a
# source ("according to the analysts, ...", "..., or so the big vendors claim", "...,
# that's what other tools promise") or a bare hedge ("..., in theory.", "We could, in
# principle, ...", "Next year, we'll ..."). Its reach stops at a clause that turns
# against it ("..., but we ...").
# (not "maybe": rambling speech says "maybe, um," and still means the claim)
_ASIDE_HEDGES = (
    ("ideally",), ("hopefully",), ("theoretically",), ("supposedly",), ("allegedly",),
    ("apparently",), ("in", "theory"), ("in", "principle"), ("on", "paper"),
    ("eventually",), ("someday",), ("some", "day"), ("1", "days", "soon"),
    ("next", "year"), ("later", "this", "year"), ("next", "quarter"), ("next", "release"),
    ("next", "version"), ("next", "spring"), ("next", "summer"), ("next", "autumn"),
    ("next", "winter"), ("one", "of", "these", "days"), ("in", "the", "future"),
    ("down", "the", "line"), *_COMING_RELEASES, ("down", "the", "road"), ("with", "luck"),
    ("with", "any", "luck"), ("fingers", "crossed"),
    ("if", "you", "are", "lucky"), ("if", "all", "goes", "well"),
    ("if", "everything", "goes", "right"), ("on", "a", "good", "day"), ("best", "case"),
    ("in", "the", "best", "case"), ("at", "best"), ("in", "an", "ideal", "world"),
    ("in", "a", "perfect", "world"),
    # a hope, not a claim: "..., we hope", "..., or so I hope", "touch wood"
    ("we", "hope"), ("i", "hope"), ("let", "us", "hope"), ("we", "would", "hope"),
    ("touch", "wood"), ("knock", "on", "wood"),
)  # fmt: skip
# a release still to come, said of the claim before it ("..., that's coming in the spring
# release", "..., which is planned for the next update")
_RELEASES = (*_COMING_RELEASES, ("next", "release"), ("next", "version"))
_IT_IS = (["that", "is"], ["this", "is"], ["it", "is"], ["which", "is"])
# what the rep only heard: "..., or so I'm told"
_HEARD_ONLY = (("i", "am", "told"), ("i", "hear"), ("i", "have", "heard"),
               ("i", "have", "been", "told"), ("we", "are", "told"), ("we", "hear"),
               ("we", "have", "been", "told"), ("i", "am", "led", "to", "believe"))
# ... or any time still to come: "..., that's next year", "..., it's on the roadmap"
_LATER = (
    ("next", "year"), ("next", "quarter"), ("later", "this", "year"), ("coming", "soon"),
    ("on", "the", "roadmap"), ("in", "the", "pipeline"), ("in", "development"),
    ("planned", "for"), ("due", "in"),
)
_STILL_TO_COME = _RELEASES + _LATER
# words an aside may carry besides its cue ("and, maybe, ...", "well, in theory")
_ASIDE_FILLER = _SOFT_CONJ | _CLAUSE_CONJ | _HESITATIONS | {"well", "at", "least", "only"}
# the speaker's own side: their customers' words retold are the rep's evidence
_OWN_SIDE = {"we", "us", "our", "ours", "i", "me", "my", "customers", "clients", "users"}
# verbs by which someone other than the rep puts a claim about: their say-so, or their
# sales pitch ("the other tools promise", "that's what vendors advertise")
_SOURCE_VERBS = _ATTRIBUTION_VERBS | {
    "advertise", "advertised", "boast", "boasts", "boasted", "pitch", "pitched", "sell",
    "sells", "market", "markets", "reckon", "reckons", "insisted", "swore",
}  # fmt: skip
ASIDE_MAX = 7  # tokens: an aside is short
_TIME_PREPOSITIONS = {"by", "from", "until", "till", "in", "for"}
_ASIDE_TAIL = {"you", "it", "that", "too", "anyway", "everyone", "everybody", "so"}
# who a bare "X say" aside names ("small claim" is no source, nor "you think")
# (not "they": often the customers just named, whose words are the rep's evidence)
_SOURCES = _OTHERS | _THIRD_PARTIES | {"analysts", "experts"}
# what was told to the rep is testimony, not a claim held at arm's length
_TOLD = {"tell", "tells", "told"}


def _aside(words: Sequence[str], after_or: bool = False) -> bool:
    """Whether a clause is an aside that frames its sentence: a source ("according to
    X", "or so X claim", "that's what X promise", "the vendors say") or a bare hedge."""
    k = 0
    while k < len(words) and words[k] in _ASIDE_FILLER:
        k += 1
    # "..., or so the big vendors claim" (the "or" may end the clause before)
    so_lead = "so" in words[:k] and ("or" in words[:k] or after_or)
    words = list(words[k:])
    what_form = words[:3] in (["that", "is", "what"], ["this", "is", "what"])
    if not words or len(words) > ASIDE_MAX + 3 * what_form:  # "that's what every X says"
        return False
    if tuple(words) in _ASIDE_HEDGES or (words[0] in _TIME_PREPOSITIONS and tuple(
            words[1:]) in _ASIDE_HEDGES):
        return True  # "..., in theory.", "By next spring, ..."
    if words[:2] in _IT_IS and any(_contains(words[2:], r) for r in _STILL_TO_COME):
        return True  # "..., that's coming in the spring release", "..., that's next year"
    if tuple(words) in _HEARD_ONLY:
        return True  # "..., or so I'm told", "..., I hear"
    if tuple(words) in (("not", "yet"), ("not", "yet", "though")):
        return True  # a bare name answered: "Photo proof, not yet."
    if len(words) == 3 and words[:2] in (["in", "some"], ["for", "some"]) and _plural_noun(
            words[2]):
        return True  # "It pays for itself, in some kitchens, within eight weeks"
    if words[:2] == ["according", "to"]:
        return not any(w in _OWN_SIDE for w in words[2:5])
    if words[0] in ("in", "on") and len(words) <= 4 and any(
            w in _SOURCE_PLACES for w in words) and not any(w in _OWN_SIDE for w in words):
        return True  # "In their brochure, ...", "on the competitor's website"
    what = words[:3] in (["that", "is", "what"], ["this", "is", "what"])
    rest = words[3:] if what else words
    if words[:2] == ["is", "what"]:  # "..., is what the other vendors tell you"
        what, rest = True, words[2:]
    verb = next((j for j, w in enumerate(rest) if w in _SOURCE_VERBS), None)
    if verb is None or verb == 0 or rest[verb] in _NOUN_OR_REPORT:
        return False
    subject, after = rest[:verb], rest[verb + 1 :]
    # an aside ends with its verb ("..., the vendors claim"); what follows a verb that
    # goes on is the claim itself ("vendors claim a server comes back ...")
    if any(w not in _ASIDE_TAIL for w in after) or any(w in _OWN_SIDE for w in subject):
        return False
    sources = any(w in _SOURCES for w in subject)
    if rest[verb] in _TOLD:
        return sources  # "the other vendors tell you"; "they tell us" is testimony
    return so_lead or what or sources


def _frame_by_aside(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                    pivot: Sequence[bool], framed: list[bool], distanced: list[bool]) -> None:
    """Frame each sentence that has an aside (_aside) as a clause of its own, from the
    clause that last turned against what came before up to the next that does; an
    aside that names a source also distances a banned phrase said there."""
    start = 0
    for k, (s, e, kind) in enumerate(clauses):
        words = list(texts[s:e])
        # an aside that is its whole sentence ("Maybe.") frames nothing else
        after_or = k > 0 and texts[s - 1] == "or"
        if not (start == s and kind != "clause") and _aside(words, after_or):
            sent_end = next((e1 for _, e1, k1 in clauses[k:] if k1 != "clause"), len(texts))
            lo = max((s1 for s1, _, _ in clauses if start <= s1 <= s and pivot[s1]),
                     default=start)
            hi = next((s1 for s1, _, _ in clauses if s < s1 < sent_end and pivot[s1]),
                      sent_end)
            source = tuple(w for w in words if w not in _ASIDE_FILLER) not in _ASIDE_HEDGES
            for j in range(lo, hi):
                framed[j] = True
                distanced[j] = distanced[j] or source
        if kind != "clause":
            start = e


# Warnings against a claim frame it as a denied promise does: "be wary of tools that
# promise ...", "watch out for anyone selling ...".
# What the rep only heard or what is only intended, to the end of the sentence: "I've
# heard of tools that ...", "I read somewhere that ...", "the idea is that ..."
_HEARSAY_PHRASES = (
    ("heard", "of"), ("heard", "that"), ("read", "somewhere"), ("read", "that"),
    ("idea", "is"), ("goal", "is"), ("aim", "is"), ("target", "is"), ("plan", "is"),
    ("hope", "is"), ("ambition", "is"), ("vision", "is"),
)  # fmt: skip
_WARNING_PHRASES = (
    ("wary", "of"), ("beware",), ("watch", "out", "for"), ("steer", "clear"),
    ("fall", "for"), ("sceptical", "of"), ("skeptical", "of"), ("suspicious", "of"),
    ("careful", "of"),
)  # fmt: skip
# A claim named as someone's idea of it: "the promise that X", "the myth that X".
_CLAIM_NOUNS = {
    "promise", "promises", "idea", "myth", "notion", "assumption", "belief", "rumour",
    "rumor", "fantasy", "hype",
}  # fmt: skip
# Many or some of a kind of seller, putting a claim about ("some brokers promise X",
# "tools that advertise X"): sellers' verbs, not mere saying ("most clinics say ..." is
# often the customers' own report).
_QUANTIFIERS = {"some", "many", "most", "certain", "several", "other", "those", "these"}
_PITCH_VERBS = {
    "claim", "promise", "advertise", "boast", "swear", "insist", "pitch", "guarantee",
    "sell", "market",
}  # fmt: skip
_RELATIVES = {"that", "who", "which"}
_EVERYONE = {"everyone", "everybody"}
# sellers other than the rep, named by what they sell or are
_SELLERS = _THIRD_PARTIES | {
    "providers", "suppliers", "players", "platforms", "tools", "apps", "solutions",
    "products", "brokers", "agencies", "consultants",
}  # fmt: skip


def _plural_noun(word: str) -> bool:
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            and word.isalpha() and word not in _NOT_PLURAL and word not in _OWN_SIDE)


def _pitched(texts: Sequence[str], i: int) -> bool:
    """Whether the word at i opens a claim put about by sellers other than the rep: a
    quantified plural subject ("some brokers promise") or a relative clause on a plural
    noun ("tools that advertise"), then a seller's verb."""
    w = texts[i]
    noun = next((j for j in range(i + 1, min(len(texts), i + 4)) if _plural_noun(texts[j])),
                None) if w in _QUANTIFIERS else None
    if w in _EVERYONE:
        verbs = texts[i + 1 : i + 6]  # "everyone in this market promises ..."
    elif w == "the" and any(t in _SELLERS for t in texts[i + 1 : i + 3]):
        verbs = texts[i + 2 : i + 4]  # "the big platforms promise ..."
    elif noun is not None and texts[i + 1] != "of":
        verbs = texts[noun + 1 : noun + 3]
        if w == "other":  # "other waste trackers say": someone else, whatever the verb
            return any(v in _SOURCE_VERBS for v in verbs)
    elif w in _RELATIVES and i > 0 and _plural_noun(texts[i - 1]) and not any(
            t in _OWN_VOICE for t in texts[max(0, i - 6) : i]):
        verbs = texts[i + 1 : i + 2]
    else:
        return False
    return any(v in _PITCH_VERBS or v[:-1] in _PITCH_VERBS for v in verbs)


# What takes back the claim just said, by a pronoun or as an afterthought: "... Don't
# count on it.", "..., I wouldn't promise that", "... That's the plan for next year.",
# "... That's what the brochure says.", "... Or at least they will, next year."
_TRUST_VERBS = {
    "count", "bank", "bet", "rely", "hold", "quote", "promise", "guarantee", "swear",
    "expect",
}  # fmt: skip
_TAKEN_BACK = {"it", "that", "this", "so"}
_HOPED = {
    "plan", "goal", "aim", "hope", "dream", "theory", "idea", "ambition", "pitch",
    "marketing", "hype", "roadmap", "wish", "target",
}  # fmt: skip
_NOT_YET = {"will", "next", "plan", "hope", "should", "soon", "eventually", "someday"}
RETRACTION_MAX = 10  # tokens: a retraction is short


def _retracts(words: Sequence[str]) -> bool:
    """Whether a short clause takes back the claim before it (see _TRUST_VERBS)."""
    k = 0
    while k < len(words) and words[k] in _ASIDE_FILLER:
        k += 1
    at_least = "least" in words[:k]  # "or at least they will, next year"
    words = list(words[k:])
    if not words or len(words) > RETRACTION_MAX:
        return False
    if at_least and any(w in _NOT_YET for w in words):
        return True
    neg = next((j for j, w in enumerate(words[:4]) if w in ("not", "never")), None)
    if neg is not None and any(w in _TRUST_VERBS for w in words[neg + 1 : neg + 3]) and any(
            w in _TAKEN_BACK for w in words[neg + 2 : neg + 6]):
        return True  # "don't count on it", "I wouldn't promise that to anyone"
    if words[:2] in (["that", "is"], ["this", "is"]):
        rest = words[2:6]
        return any(w in _HOPED for w in rest) or (rest[:1] == ["what"] and _aside(words))
    return False


_CONFIRM_LEAD = {"and", "which", "yes", "yeah", "so", "but", "well"} | _HESITATIONS
# "in my experience", "from what I have seen": the rep's own warrant for what follows
_WARRANTS = (("in", "my", "experience"), ("in", "our", "experience"),
             ("from", "what", "i", "have", "seen"), ("from", "what", "we", "have", "seen"))
_CONFIRM_PRONOUNS = {"it", "they", "we", "that", "this", "which", "he", "she"}
_CONFIRM_AUX = {"is", "are", "do", "does", "did", "was", "were", "can", "will", "has", "have"}
_TRUE_WORDS = {"right", "true", "correct", "accurate", "spot", "so"}


def _confirms(words: Sequence[str]) -> bool:
    """Whether a clause only confirms what its sentence said before: "and yes, they do",
    "and that's right", "which is true", "and in my experience it's true" (not "and
    it isn't", not a claim of its own)."""
    k = 0
    while k < len(words) and words[k] in _CONFIRM_LEAD:
        k += 1
    rest = list(words[k:])
    for warrant in _WARRANTS:
        if tuple(rest[: len(warrant)]) == warrant:
            rest = rest[len(warrant) :]
    if any(w in _NEG_CUES for w in rest) or not rest:
        return False
    if len(rest) == 2 and rest[0] in _CONFIRM_PRONOUNS and rest[1] in _CONFIRM_AUX:
        return "yes" in words[:k] or k > 0  # "and they do", "yes, it does"
    if rest[:1] == ["is"]:  # "which is true"
        rest = ["it", *rest]
    return (len(rest) in (3, 4) and rest[0] in _CONFIRM_PRONOUNS and rest[1] in ("is", "are")
            and rest[-1] in _TRUE_WORDS | {"on"} and rest[2:] != ["so"])


def _unframe_confirmed(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                       framed: list[bool], distanced: list[bool]) -> None:
    """A claim given to others or asked, then confirmed by the rep in its sentence, is
    the rep's: "the brochure claims X, and in my experience that's right", "people ask
    if X, and yes, it does"."""
    sent_start = 0
    for _s, e, kind in clauses:
        if kind != "clause":
            # the words after the last framed one, up to the sentence's end
            last = next((j for j in range(e - 1, sent_start - 1, -1) if framed[j]), None)
            if last is not None and last + 1 < e and _confirms(texts[last + 1 : e]):
                for j in range(sent_start, last + 1):
                    framed[j] = distanced[j] = False
            sent_start = e


def _frame_retracted(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                     framed: list[bool]) -> None:
    """Frame the claim a retraction takes back: the clauses before it in its sentence,
    or, where it is a short sentence of its own, the sentence before."""
    sent_start = 0
    prev_start: int | None = None  # where the sentence before began
    for s, e, kind in clauses:
        if s > sent_start and not all(t in _ASIDE_FILLER for t in texts[sent_start:s]) and (
                _retracts(texts[s:e])):
            for j in range(sent_start, s):
                framed[j] = True
        if kind != "clause":
            whole = texts[sent_start:e]
            if prev_start is not None and (_retracts(whole) or _aside(whole)):
                for j in range(prev_start, sent_start):
                    framed[j] = True
            prev_start, sent_start = sent_start, e


# Who sells against the rep, named as a speaker: "your current provider says ...", "the
# market leader promises ...", "Acme's website says ...", "their sales team will tell
# you ..." (customers, who are not here, speak as testimony).
_SELLER_WORDS = _SELLERS | {
    "competitor", "provider", "leader", "website", "site", "brochure", "brochures",
    "advert", "adverts", "ads", "salesperson", "salespeople", "vendor", "rival",
    "incumbent", "guys", "sales",
}  # fmt: skip
SELLER_BEFORE = 8  # tokens before the verb where the seller is named
_SOURCE_PLACES = {"brochure", "brochures", "website", "site", "ads", "adverts", "marketing",
                  "deck", "pitch"}


def _frame_seller_speech(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                         sentence_end: Sequence[int], pivot: Sequence[bool],
                         framed: list[bool], distanced: list[bool]) -> None:
    """Frame and distance what a seller other than the rep says or promises, from the
    verb to the end of its sentence (or where the rep speaks again)."""
    stop = list(pivot)
    for s, e, _ in clauses:
        lead = next((t for t in texts[s:e] if t not in _ASIDE_FILLER), "")
        stop[s] = stop[s] or lead in _OWN_VOICE
    sent_start = 0
    for s, e, kind in clauses:
        for i in range(s, e):
            if texts[i] not in _SOURCE_VERBS or texts[i] in _NOUN_OR_REPORT:
                continue
            before = texts[max(sent_start, i - SELLER_BEFORE) : i]
            seller = max((k for k, w in enumerate(before) if w in _SELLER_WORDS), default=-1)
            if seller >= 0 and not any(w in _OWN_VOICE for w in before[seller:]) and not (
                    before[seller - 1 : seller] == ["our"] if seller else False):
                _frame_to_sentence_end(i, sentence_end, stop, framed, distanced)
        if kind != "clause":
            sent_start = e


# What the listener already has or does is their way now, not the product's claim ("the
# clean-down is on your plan already", "your crew already check it by hand").
_LISTENER = {"you", "your", "yours", "yourself", "yourselves"}
LISTENER_WITHIN = 6  # tokens from the listener's word to its "already"
_LISTENER_LEADS = _SOFT_CONJ | _CLAUSE_CONJ | _HESITATIONS | {"yeah", "yes", "well", "now"}


_BEFORE_OWN_CLAUSE = _LISTENER_LEADS | _COPULAS | _PREPOSITIONS


def _listeners_own(texts: Sequence[str], i: int) -> int | None:
    """Where the listener's words start if the "already" at i tells what the listener
    has or does now ("your crew already check it", "you already have a map", "it is on
    your plan already"), else None."""
    for j in range(max(0, i - LISTENER_WITHIN), i):
        if texts[j] in _LISTENER:
            return j
    return None


def _relative_to_noun(texts: Sequence[str], j: int) -> bool:
    """Whether the listener's words at j open a relative clause on the noun before them
    ("the record you already run", "the tools your team already uses"): a name for the
    listener's existing thing, which the product's claim may well be about."""
    return j > 0 and texts[j - 1] not in _BEFORE_OWN_CLAUSE
# A feature told as the work of the people making it is not there yet: "the product
# team is also planning a page that ...", "our engineers are designing an app that ..."
# (the product as subject claims: "it plans the night"; "we're testing every backup").
_MAKING_VERBS = {"planning", "designing", "developing", "prototyping", "scoping"}
_MAKERS = {"we", "team", "teams", "engineers", "developers", "designers", "company"}
# what may stand between the makers and their verb: "the team is also now planning"
_MAKER_GAP = {"is", "are", "also", "now", "currently", "actively", "busy", "already"}


def _made_by_people(texts: Sequence[str], i: int) -> bool:
    """Whether the verb at i is in the progressive of the people who make the product
    ("we are designing", "the team's also planning"; not "your team can stop planning")."""
    j = i - 1
    while j >= 0 and texts[j] in _MAKER_GAP:
        j -= 1
    return j >= 0 and texts[j] in _MAKERS


def _frame_cue(texts: Sequence[str], i: int, spec_words: frozenset[str]) -> str:
    """What the word at i frames by: "speech" (a denied speech act or a claim put in
    someone else's mouth), "desire" (a wish or a request), "hedge" (a hedge or a plan),
    "making" (a feature the product's makers are still making), "own-way" (what the
    listener already has or does),
    "mention" (a topic mentioned or put off), or "" (none)."""
    w = texts[i]
    ahead = texts[i + 1 : i + 5]
    if (w in _CLAIM_NOUNS and ahead[:1] == ["that"]) or _pitched(texts, i):
        return "pitched"
    if w == "what" and ahead[:1] == ["if"] and not (
            ahead[1:2] and ahead[1] in _OWN_VOICE and ahead[2:3] and ahead[2] in _TOLD | {
                "said", "say", "showed", "show"}):
        return "hedge"  # a supposition ("what if every backup ..."), not "what if I told you"
    # "it doesn't only tell you X, it also shows Y" denies no speech act: "not only" adds
    denied = w in _NEG_CUES and w != "0" and (w, texts[i + 1] if ahead else "") not in (
        _NOT_NEGATING) and any(v in _SPEECH_VERBS for v in ahead)
    attributed = w in _OTHERS and any(v in _ATTRIBUTION_VERBS for v in texts[i + 1 : i + 4]) and (
        not _testimony(texts, i))
    # whoever they are: "if any broker promises you", "some suppliers swear", "another
    # firm will tell you"
    verb = ahead[2] if len(ahead) >= 3 and ahead[1] == "will" else (
        ahead[1] if len(ahead) >= 2 else "")
    attributed = attributed or (w in _SOME_OTHER and verb in (
        _ATTRIBUTION_VERBS - _NOUN_OR_VERB))
    doubted = w in _DOUBT_WORDS and (i == 0 or texts[i - 1] not in ("no", "without"))
    if denied or attributed or doubted or _hearsay(texts, i):
        return "speech"
    if w == "my" and len(ahead) >= 2 and ahead[0] in _FORMER and ahead[1] in _WORKPLACES:
        return "elsewhere"
    if w == "when" and ahead[:1] == ["i"] and ahead[1:2] and ahead[1] in _WORKED:
        return "elsewhere"  # "when I was at Deloitte, the close took three days"
    if w in _WITH_WORDS and len(ahead) >= 3 and ahead[0] in _WHOSE and ahead[1] in (
            _FORMER - {"last"}) and ahead[2].isalpha():
        return "before-us"  # "with their old broker, ...", "under the previous system"
    if w in _DESIRE_WORDS:
        return "desire"
    if w in _APPROXIMATORS and ahead[:1] and ahead[0][:1].isdigit():
        return ""  # "in maybe sixty seconds": how near the figure is, not a hedged claim
    if w in _HEDGE_WORDS and not (w == "should" and ahead[:1] and ahead[0] in _SAYING):
        return "hedge"  # (not "we should mention that ...": the rep says it)
    if w in ("in", "for") and ahead[:1] == ["some"] and len(ahead) > 1 and _plural_noun(
            ahead[1]):
        return "hedge"  # only some: "in some kitchens", "for some clinics"
    if _classes_its_subject(texts, i) or (w in _MENTION_WORDS and w not in spec_words and not (
            i and texts[i - 1] == "no") and not (  # "no matter how many lines": no mention
            w in ("matter", "matters") and _focus(texts, i))):
        return "mention"
    before = texts[max(0, i - 2) : i]
    if w in _PAIN_WORDS and w not in spec_words and any(
            t in _COPULAS or t in ("gets", "feels", "seems") for t in before) and not any(
            t in _NEG_CUES for t in before):  # "it's not confusing at all" is a claim
        return "mention"  # the buyer's pain: "reporting them is confusing for people"
    j = _listeners_own(texts, i) if w == "already" else None
    if j is not None and not _relative_to_noun(texts, j):
        return "own-way"  # the listener's own way now: "the clean-down is on your plan already"
    if w in _MAKING_VERBS and _made_by_people(texts, i):
        return "making"  # a thing still being made: "the product team is planning a page"
    if w == "looking" and _searching(texts, i):
        return ""
    if w == "let" and _estimate(texts, i):
        return ""
    # the cue phrases that start with this word, in the order above
    for h, kind in _PHRASES_BY_FIRST.get(w, ()):
        if tuple(texts[i : i + len(h)]) == h and _intends(texts, i, h):
            return kind
    return ""


# nouns of an intention that also name a thing sold: "the plan is to ..." is an intention,
# "the starter plan is ten pounds a month" a price
_ALSO_A_THING = frozenset({"plan"})
_INTENT_OPENERS = frozenset({"to", "that"})


def _intends(texts: Sequence[str], i: int, cue: tuple[str, ...]) -> bool:
    """Whether the cue phrase at i, when its noun can also name a thing sold, brings in an
    intention: "to" or "that" after it."""
    if cue[0] not in _ALSO_A_THING:
        return True
    after = texts[i + len(cue) : i + len(cue) + 1]
    return bool(after) and after[0] in _INTENT_OPENERS


# who sells against the rep: what they tell us is their pitch, not the customers' word
_RIVALS = _THIRD_PARTIES | {"salesperson", "salespeople", "brochures"}
_TO_US = {"us", "me"}


def _testimony(texts: Sequence[str], i: int) -> bool:
    """Whether the others named at i tell the rep's side something ("people tell us
    it saves an hour", "someone told me"): the customers' word, retold as the rep's
    evidence, not a claim held at arm's length ("competitors tell us" still is)."""
    if texts[i] in _RIVALS:
        return False
    verb = next((j for j in range(i + 1, min(len(texts), i + 4))
                 if texts[j] in _ATTRIBUTION_VERBS), None)
    return verb is not None and texts[verb] in _TOLD and verb + 1 < len(texts) and (
        texts[verb + 1] in _TO_US)


# words that make "let's say ..." the rep's own cautious figure, not a supposition:
# "let's say entries typically go in within four hours", "let's say roughly a third"
_ESTIMATING = {"typically", "usually", "normally", "roughly", "conservatively", "about",
               "around", "approximately", "generally"}
ESTIMATE_WITHIN = 5  # tokens after "let us say" where the estimating word stands


def _estimate(texts: Sequence[str], i: int) -> bool:
    """Whether "let us say" at i gives the rep's own cautious estimate."""
    if tuple(texts[i : i + 3]) != ("let", "us", "say"):
        return False
    return any(t in _ESTIMATING for t in texts[i + 3 : i + 3 + ESTIMATE_WITHIN])


FOCUS_WITHIN = 4  # tokens from "what matters" to the "is" that brings in its claim


def _focus(texts: Sequence[str], i: int) -> bool:
    """Whether "matters" at i brings in the claim it puts first ("what matters to you is
    that tenant bills go out automatically"), not a topic only mentioned ("security
    matters to our clients")."""
    return i > 0 and texts[i - 1] in ("what", "that", "which") and any(
        t in _COPULAS for t in texts[i + 1 : i + 1 + FOCUS_WITHIN])


SEARCH_SUBJECT_BEFORE = 12  # tokens before "looking for" where "we" does the search
_PROGRESSIVE = _COPULAS | {"am", "be", "been", "being"}


def _searching(texts: Sequence[str], i: int) -> bool:
    """Whether "looking for" at i is a search the rep's side does, not a wish: a
    participle after our own verb ("we go back through your imports looking for
    anything you overpaid"); "we are looking for partners" stays a wish."""
    before = texts[max(0, i - SEARCH_SUBJECT_BEFORE) : i]
    return bool(before) and before[-1] not in _PROGRESSIVE and any(
        t in ("we", "our", "us") for t in before)


# What the rep has only heard, or holds only in an ideal world, runs to the end of its
# sentence as a claim in someone else's mouth does: "according to the utility, ...",
# "I've heard that ...", "rumour has it ...", "in a perfect world ..."
_HEARSAY = (
    ("i", "have", "heard"), ("i", "heard"), ("we", "have", "heard"), ("we", "heard"),
    ("rumour", "has", "it"), ("rumor", "has", "it"), ("word", "is"), ("reportedly",),
    ("in", "a", "perfect", "world"), ("in", "an", "ideal", "world"),
    ("common", "belief"), ("so", "they", "say"), ("the", "story", "goes"),
)  # fmt: skip
_OWN_SOURCES = frozenset({"our", "my", "us", "we", "me", "i"})


def _hearsay(texts: Sequence[str], i: int) -> bool:
    """Whether the words at i open hearsay or an ideal world ("according to" a source
    other than the rep's own: "according to our data" is their claim)."""
    if texts[i] == "according" and texts[i + 1 : i + 2] == ["to"]:
        return i + 2 < len(texts) and texts[i + 2] not in _OWN_SOURCES
    if texts[i] == "word" and i and texts[i - 1] in ("the", "a", "that", "this"):
        return False  # "the word is out", "that word is": no hearsay
    return any(tuple(texts[i : i + len(h)]) == h for h in _HEARSAY if h[0] == texts[i])


def _phrases_by_first() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The cue phrases by their first word (each token is looked up once), with the
    frame each gives; desire before hedge before mention."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrases, kind in ((_HEARSAY_PHRASES, "speech"), (_WARNING_PHRASES, "pitched"),
                          (_DESIRE_PHRASES, "desire"),
                          (_HEDGE_PHRASES, "hedge"), (_MENTION_PHRASES, "mention"),
                          (_DEFERRAL_PHRASES, "mention")):
        for h in phrases:
            out.setdefault(h[0], []).append((h, kind))
    return out


_PHRASES_BY_FIRST = _phrases_by_first()


def _classes_its_subject(texts: Sequence[str], i: int) -> bool:
    """Whether the copula at i classes its subject as a kind of thing: followed by a
    kind noun with only its determiners and adjectives between ("is a long time"), none
    a figure ("restores are a five-minute job" is a claim)."""
    if texts[i] not in _COPULAS:
        return False
    for j in range(i + 1, min(len(texts), i + 1 + CLASSED_WITHIN)):
        t = texts[j]
        if t in _KIND_NOUNS:
            # "fifteen minutes is the time it takes to restore a server" identifies the
            # figure with a measure, a claim, by the measuring verb after the noun
            return j > i + 1 and not any(
                u in _MEASURING_VERBS for u in texts[j + 1 : j + 1 + MEASURE_WITHIN])
        if t[:1].isdigit() or t in _AUX_VERBS or t in _SUBJECT_ONLY or t in _PREPOSITIONS:
            return False  # "it's done by the time the loaves come out" classes nothing
    return False


DISOWNING_MAX = 7  # tokens of a short clause that denies what was named before it
_DEMONSTRATIVES = frozenset({"this", "that", "it", "those", "these"})


def _disowns_it(clause: Sequence[str]) -> bool:
    """A short clause that denies doing what it points back to: "we don't touch this",
    "we do not do that", "I won't cover it"."""
    return (len(clause) <= DISOWNING_MAX and any(t in _NEG_CUES for t in clause[:3])
            and bool(_DEMONSTRATIVES & set(clause[2:])))


def _frame_dislocated_topics(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                             start: int, framed: list[bool]) -> None:
    """Frame the topics named just before a mention or deferral that begins at token
    `start`, in its sentence: the short comma-cut fragments with no verb or subject it
    speaks of ("peak charges, installation, all of that is in the deck")."""
    k = next((ci for ci, (s, _, _) in enumerate(clauses) if s == start), None)
    while k:
        s, e, kind = clauses[k - 1]
        fragment = texts[s:e]
        lead = s < e and texts[s] in _SOFT_CONJ  # "..., and the order of the night, ..."
        if kind != "clause" or e - s - lead > DISLOCATED_MAX or any(
                t in _AUX_VERBS or t in _SUBJECT_ONLY for t in fragment):
            break
        for j in range(s, e):
            framed[j] = True
        k -= 1


def _frame_spans(clauses: Sequence[tuple[int, int, str]], n: int, framed: list[bool],
                 texts: Sequence[str] = ()) -> tuple[list[int], list[tuple[int, int]]]:
    """Per token: where its sentence ends and its clause's [s, e); frames every token of
    a question (its sentence), unless the rep answers it yes at once."""
    sentence_end = [n] * n
    clause_span = [(0, n)] * n
    start = 0
    for k, (s, e, kind) in enumerate(clauses):
        for i in range(s, e):
            clause_span[i] = (s, e)
        if kind != "clause":
            for i in range(start, e):
                sentence_end[i] = e
            if kind == "question" and not _answered_yes(texts, clauses, k):
                # a tag asks nothing of the statement before it: "we test every
                # backup every night, right?"
                answer = texts[e] if texts and e < len(texts) else ""
                lo = s if _tagged(texts, start, s, e) and answer not in _NO else start
                for i in range(lo, e):
                    framed[i] = True
            start = e
    return sentence_end, clause_span


_TAGS = {
    ("right",), ("you", "know"), ("correct",), ("yeah",), ("ok",), ("okay",), ("no",),
    ("is", "not", "it"), ("does", "not", "it"), ("do", "not", "they"), ("do", "not", "we"),
    ("is", "it", "not"), ("are", "not", "they"), ("can", "not", "it"),
}  # fmt: skip
_WH_WORDS = {"what", "why", "how", "when", "where", "who", "which", "whether"}
_NO = {"no", "not", "nope", "never"}  # a tag answered no: "..., right? Not with tape."


def _tagged(texts: Sequence[str], start: int, s: int, e: int) -> bool:
    """Whether the question [start, e) is a statement with a tag as its last clause
    [s, e) ("..., right?", "..., isn't it?"), the statement no question itself."""
    if not texts or s == start or tuple(texts[s:e]) not in _TAGS:
        return False
    lead = next((t for t in texts[start:s] if t not in _QUESTION_LEADS), "")
    return lead not in _QUESTION_OPENERS and lead not in _WH_WORDS


# "Is every backup tested every night? Yes, all of them.", "... it's ninety percent?
# Yeah, ninety.": a question the rep answers yes at once is their claim
_YES = {"yes", "yeah", "yep", "absolutely", "exactly", "definitely", "correct", "indeed"}


def _answered_yes(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                  k: int) -> bool:
    """Whether the question ending clause k is answered yes by what follows it: its
    next word, past hesitations, is a yes that is no question itself."""
    if not texts or k + 1 >= len(clauses):
        return False
    j = clauses[k][1]
    while j < len(texts) and texts[j] in _HESITATIONS:
        j += 1
    if j >= len(texts) or texts[j] not in _YES:
        return False
    answer = next((kind for s, e, kind in clauses if s <= j < e), "")
    return answer != "question"


def _frame_to_sentence_end(i: int, sentence_end: Sequence[int], pivot: Sequence[bool],
                           framed: list[bool], distanced: list[bool]) -> None:
    """Frame and distance from token i to the end of its sentence (at most FRAME_SCOPE
    tokens), or up to a clause that turns against it."""
    for j in range(i, min(sentence_end[i], i + FRAME_SCOPE)):
        if j > i and pivot[j]:
            break  # "I won't pretend it's instant, but ...": the rep's own claim
        framed[j] = True
        distanced[j] = True


def _frame_unmarked_questions(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                              framed: list[bool]) -> None:
    for k, (s, e, _) in enumerate(clauses):
        # an unmarked question: "do dispatchers really need a live map", "so are all
        # your backups tested"; not one the rep answers yes at once
        end = next((j for j in range(k, len(clauses)) if clauses[j][2] != "clause"), None)
        if end is not None and clauses[end][2] == "question" and _answered_yes(
                texts, clauses, end):
            continue
        q = s
        while q < e - 1 and texts[q] in _QUESTION_LEADS:
            q += 1
        if e - q >= 3 and texts[q] in _QUESTION_OPENERS and _question_subject(texts[q + 1]):
            for j in range(s, e):
                framed[j] = True


def _hedged_span(texts: Sequence[str], i: int, clause_span: Sequence[tuple[int, int]],
                 runs: set[int] | None) -> tuple[int, int]:
    """The tokens a hedge or a mention at i frames: its clause, run on into the hedged
    claim, or cut before what the asker then got."""
    w = texts[i]
    s, e = clause_span[i]
    if texts[i : i + 2] == ["used", "to"]:
        return _past_state_span(texts, i, s, e)
    if w in _HEDGE_WORDS and runs and e in runs and e < len(texts) and not any(
            t in _AUX_VERBS for t in texts[i + 1 : e]):
        # run on into the hedged claim: "maybe in some cases you could restore..."; a
        # hedge with a verb of its own is its own claim ("that should have come in at
        # nothing | we went back through 36 months")
        e = clause_span[e][1]
    elif w in _MENTION_WORDS:
        # what the asker then got is told, not mentioned: "the auditors asked where
        # a number came from and had the whole trail before lunch"
        e = next((j for j in range(i + 1, e - 1) if texts[j] == "and"
                  and texts[j + 1] in _STORY_VERBS), e)
    return s, e


# words that turn from the past state "used to" tells back to how it is now
_NOW_TURNS = {"now", "today", "nowadays"}


def _past_state_span(texts: Sequence[str], i: int, s: int, e: int) -> tuple[int, int]:
    """The tokens the "used to" at i frames in its clause [s, e): the past state it
    tells, from its relative pronoun if it is a relative clause ("the caseload that
    used to need 28 people", not the caseload cleared now), up to a turn to now ("the
    officer who used to do the typing now spends august with the operators")."""
    if i - 1 > s and texts[i - 1] in _RELATIVES:
        s = i - 1
    end = next((j for j in range(i + 2, e) if texts[j] in _NOW_TURNS), e)
    return s, end


# Reported speech that the reporter does not vouch for: a verb that distances ("the
# analyst claimed X", "a vendor insists X", "my brother-in-law swears X") puts what
# follows in its subject's mouth, whoever that is. Neutral "said"/"told me" is not one:
# a customer's words retold are the rep's evidence ("she said the diary fills itself"),
# so only the named outsiders of _OTHERS frame with them.
_REPORT_VERBS = {
    "claimed", "insisted", "insists", "swore", "swears", "reckons", "reckoned", "argued",
    "argues", "alleged", "alleges", "maintains", "maintained",
}  # fmt: skip
# "claims" is a noun as often as a verb ("forty percent more claims", "spots claims that
# look fishy"): a verb only after a short subject and before what opens its clause
# ("Gartner claims a server comes back ...").
_NOUN_OR_REPORT = {"claims"}
_CLAIM_OPENERS = {"a", "an", "it", "they", "you", "we", "your", "our", "their", "its"}
SHORT_SUBJECT = 3
# Subjects that are the rep (their own words) or the product.
_NOT_REPORTERS = _OWN_VOICE | {"it", "this", "that", "which", "what", "as", "like"}


def _frame_reported_speech(
    texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
    sentence_end: Sequence[int], pivot: Sequence[bool],
    framed: list[bool], distanced: list[bool],
) -> None:
    """Frame and distance what someone other than the rep is reported to claim: from
    the verb to the end of its sentence, as for a claim put in a competitor's mouth."""
    for s, e, _ in clauses:
        for i in range(s + 1, e):
            w = texts[i]
            nxt = texts[i + 1] if i + 1 < e else ""
            if w not in _REPORT_VERBS and not (
                    w in _NOUN_OR_REPORT and i - s <= SHORT_SUBJECT and nxt in _CLAIM_OPENERS):
                continue
            subject = texts[s:i]
            if not any(t in _NOT_REPORTERS for t in subject):
                _frame_to_sentence_end(i, sentence_end, pivot, framed, distanced)
            break


def _frame_third_parties(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                         spec_words: frozenset[str], framed: list[bool]) -> None:
    """Frame a clause whose subject is someone else, up to where the rep speaks for
    themselves again."""
    for s, e, _ in clauses:
        for i in range(s, min(e, s + SUBJECT_WITHIN)):
            w = texts[i]
            nxt = texts[i + 1] if i + 1 < e else ""
            if w == "we":
                break  # the rep's own claim: "we beat competitors on ..."
            if (w in _THIRD_PARTIES and w not in spec_words) or (
                    w in _OTHERS_OF_A_KIND and nxt in _PROVIDERS):
                for j in range(i, e):
                    if texts[j] in _OWN_VOICE:
                        break
                    framed[j] = True
                break


# A buyer who chose another supplier ("they went with one of the big systems", "the
# Smiths picked a rival app"): what the story tells next happened with that one.
_CHOSE = {"went", "chose", "picked", "bought", "signed", "switched", "opted", "installed"}
_CHOICE_LINK = {"with", "for", "to", "up"}  # "went with", "opted for", "switched to"
_ANOTHER_ONE = {"another", "other", "rival", "competitor", "competitor's", "wrong",
                "different", "cheaper", "big", "bigger"}
RIVAL_REACH = 8  # tokens from the verb to the supplier chosen
RIVAL_STORY_SENTENCES = 5  # sentences a story of another supplier runs at most
# the words by which the sentences after it go on telling of whoever chose it
_TOLD_OF = {"they", "their", "them", "theirs", "he", "his", "him", "she", "her"}


def _chose_a_rival(texts: Sequence[str], s: int, e: int) -> bool:
    """Whether the clause [s, e) tells of someone choosing another supplier: a choice
    verb, then within RIVAL_REACH a supplier noun marked as another one ("went with one
    of the big Norwegian systems", "picked a rival app"), and no word of the rep's own
    side ("we went with ..." is the rep's own history)."""
    words = texts[s:e]
    if any(w in _OWN_SIDE for w in words):
        return False
    for i, w in enumerate(words):
        if w not in _CHOSE:
            continue
        after = words[i + 1 : i + 1 + RIVAL_REACH]
        if w in ("went", "signed", "switched", "opted") and after[:1] and (
                after[0] not in _CHOICE_LINK):
            continue  # "went out", "signed off": no choice
        noun = next((k for k, x in enumerate(after) if x in _PROVIDERS), None)
        if noun is not None and (set(after[:noun]) & _ANOTHER_ONE or after[:2] == [
                "one", "of"]):
            return True
    return False


def _frame_rival_story(texts: Sequence[str], clauses: Sequence[tuple[int, int, str]],
                       framed: list[bool]) -> None:
    """Frame a story of someone who chose another supplier, from that clause on while
    its sentences go on telling of them ("they", "his"), up to where the rep speaks for
    their own side again ("... with us they ...") or a pivot ("But ..."), at most
    RIVAL_STORY_SENTENCES sentences: "They went with one of the big systems. Their fuel
    bill never moved" tells of that system, not of the product; "They picked a cheaper
    app. Invoices are approved from the phone" is the rep's claim again."""
    sentences: list[list[tuple[int, int]]] = [[]]
    for s, e, kind in clauses:
        sentences[-1].append((s, e))
        if kind != "clause":
            sentences.append([])
    told = 0  # sentences of the story left to frame
    for sentence in sentences:
        if told and not any(w in _TOLD_OF for s, e in sentence for w in texts[s:e]):
            told = 0  # the story is over: the rep speaks of the product again
        for s, e in sentence:
            if not told and _chose_a_rival(texts, s, e):
                told = RIVAL_STORY_SENTENCES
            elif told and (texts[s] in _PIVOTS or any(w in _OWN_SIDE for w in texts[s:e])):
                told = 0
            if told:
                for j in range(s, e):
                    framed[j] = True
        told = max(0, told - 1)


def _negated_keys(
    keys: Sequence[str], negated: Sequence[bool], s: int, e: int, among: frozenset[str]
) -> set[str]:
    """Keys (of `among`) negated somewhere in [s, e): conservative on purpose, so an
    earlier plain mention cannot rescue a denied claim in the same window."""
    return {keys[i] for i in range(s, e) if negated[i] and keys[i] in among}



@dataclass(slots=True)
class _Text:
    words: tuple[str, ...]  # raw word texts
    toks: list[Token]
    keys: list[str]  # canonical key per token ("" for non-content and contrast clauses)
    all_keys: list[str]  # the same, contrast clauses included (for banned phrases)
    structure: _Structure
    starts: list[float | None]  # per raw word
    ends: list[float | None]
    units: list[str] = field(default_factory=list)  # per token: a figure's unit of time
    # per token: (figure, kind) where it is a figure (compiled.figure_kinds), else None
    figures: list[tuple[str, str] | None] = field(default_factory=list)
    # per window [s, e): what every message's judgement reads of it (coverage._window),
    # read once per transcript rather than once per message and phrase
    windows: dict[tuple[int, int], _Window] = field(default_factory=dict)
    # per message's (foreign, own) words: how many more of the first k tokens are of
    # the foreign than of its own (coverage._taken); computed on first use
    balance: dict[tuple[frozenset[str], frozenset[str]], list[int]] = field(
        default_factory=dict)



def _contains(seq: Sequence[str], sub: tuple[str, ...]) -> bool:
    if sub[0] not in seq:
        return False  # (the common case, cheaply)
    m = len(sub)
    return any(tuple(seq[i : i + m]) == sub for i in range(len(seq) - m + 1))


def _quote(text: _Text, span: tuple[int, int]) -> tuple[str, float | None, float | None]:
    first_word = text.toks[span[0]].first
    last_word = text.toks[span[1]].last
    said = " ".join(text.words[first_word : last_word + 1]).strip(" ,;:.!?\"'")
    return said, _round(text.starts[first_word]), _round(text.ends[last_word])


def _round(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(x, nd)
