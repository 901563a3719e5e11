"""The words that frame a forbidden or retired phrase (drills.scoring.phrase_framing):
cues before and after it, verbs of leaving and ending, what a thing of the past or an
untrue claim is said to be, and the linking words allowed between. Word classes, not
phrases: each is matched by structure around the phrase, never as a list of cases."""

from __future__ import annotations

from drills.text_normalize import stem

# Cues just before a phrase that distance the rep from it.
DISTANCING = (
    ("no", "longer"), ("not",), ("never",), ("away", "from"), ("instead", "of"),
    ("rather", "than"), ("used", "to"), ("replaced",), ("unlike",), ("moved", "from"),
    ("gone",), ("no",), ("stopped",), ("retired",), ("dropped",), ("ditched",),
    ("nothing",), ("nobody",), ("gave", "up"), ("give", "up"), ("rid", "of"),
    ("phased", "out"), ("scrapped",), ("abandoned",), ("past",), ("previously",),
    ("formerly",), ("short", "of"), ("without",),
    # a quoting adjective ("the so-called X", "supposedly X") or a denying adverb ("it's
    # hardly X", "far from X")
    ("so", "called"), ("supposedly",), ("allegedly",), ("hardly",), ("barely",),
    ("scarcely",), ("far", "from"),
)  # fmt: skip
# Right before it, an approximation makes another, smaller claim: "close to 100% uptime",
# "almost zero fees", "nearly plug-and-play" ("virtually unhackable" still boasts it;
# "almost every clinic gets X" approximates something else)
APPROXIMATING = (("almost",), ("nearly",), ("near",), ("close", "to"), ("approaching",))
# ... and cues that distance it only right before it, linking words between: "goodbye
# to X" (but "goodbye to downtime with X"), "customers still on the X"
DISTANCING_NEXT = (
    ("over", "from"), ("goodbye", "to"), ("farewell", "to"), ("still", "on"),
    ("successor", "to"), ("replacement", "for"), ("winding", "down"), ("wind", "down"),
    ("shutting", "down"), ("shut", "down"), ("switching", "off"), ("switch", "off"),
    ("wound", "down"), ("throw", "away"), ("throwing", "away"), ("away", "with"),
    ("swap",), ("swapping",),
    # a goal, not a claim: "aiming for X", "your target of X"
    ("aiming", "for"), ("aim", "for"), ("target", "of"), ("goal", "of"), ("striving", "for"),
    ("turning", "off"), ("throw", "out"), ("throwing", "out"),
    ("gone", "are", "the", "days", "of"),
)  # fmt: skip
# A denied naming of it, a few words before: "nobody should call a backup unhackable",
# "we never describe it as ...".
NAMING_VERBS = frozenset({
    "call", "calls", "called", "calling", "describe", "describes", "described", "label",
    "labels", "labelled", "labeled", "claim", "claims", "say", "says", "promise",
    "promises", "word", "words", "term", "advertise", "market", "brand",
})  # fmt: skip
# words a clause cannot end on: what follows the comma is their object
OPEN_ENDINGS = frozenset({
    "from", "of", "to", "than", "for", "with", "by", "in", "on", "at", "about", "as",
    "into", "onto", "like", "the", "a", "an", "our", "your", "their", "my", "its",
})  # fmt: skip
NOT_JUST = frozenset({"just", "only", "merely", "simply"})
JOINING = frozenset({"with", "thanks", "using", "via", "through", "and", "plus"})
NAMING_NOUNS = frozenset({"word", "words", "term"})  # "we never use that word"
DENIERS = frozenset({"not", "never", "nobody", "no", "nothing", "noone"})
NAMING_WITHIN = 7  # tokens back from the phrase, in its sentence
# ... or just after it: "X no longer ships", "X went away" (and the frames below)
DISTANCING_AFTER = (
    ("no", "longer"), ("anymore",), ("is", "over"), ("went", "away"), ("used", "to"),
    ("evolved", "into"), ("turned", "into"), ("grew", "into"), ("are", "over"),
    ("was", "over"), ("were", "over"), ("is", "off", "the", "table"),
    ("was", "off", "the", "table"), ("are", "off", "the", "table"),
    ("went", "the", "way", "of"),
)  # fmt: skip


def _stems(*forms: str) -> frozenset[str]:
    return frozenset(stem(w) for w in forms)


# Leaving something for something else, by stem, when followed by "from"/"off"/"beyond"
# a few words before the phrase: "we've moved on from X", "teams migrating off X".
LEAVE_FROM = _stems(
    "move", "moved", "moving", "switch", "switched", "migrate", "migrated", "transition",
    "transitioned", "upgrade", "upgraded", "graduate", "graduated", "walk", "walked",
    "step", "stepped", "shift", "shifted", "evolve", "evolved", "grew", "grow", "outgrew",
)  # fmt: skip
FROM = frozenset({"from", "off", "beyond"})
# Ending something: the phrase as its object ("we retired X", "we've phased out the
# X") or, in the past, as its subject ("X was retired", "X has been replaced").
ENDING = _stems(
    "retire", "retired", "sunset", "sunsetted", "deprecate", "deprecated", "discontinue",
    "discontinued", "drop", "dropped", "ditch", "ditched", "scrap", "scrapped", "abandon",
    "abandoned", "replace", "replaced", "replacing", "supersede", "superseded", "phase",
    "phased", "kill", "killed", "shelve", "shelved", "retiring", "outgrew", "outgrown",
    "fold", "folded", "merge", "merged", "absorb", "absorbed", "forget", "ignore",
    # renamed, split up or taken off the list: "X was renamed Y", "X has been split into"
    "rename", "renamed", "rebrand", "rebranded", "split", "unbundle", "unbundled", "stop",
    "withdraw", "withdrawn", "remove", "removed", "consolidate", "consolidated",
    # ... or a dismissal: "scratch X", "bin the idea of X"
    "scratch", "bin",
)  # fmt: skip
# what a dismissal may name between it and the phrase: "throw out the idea of X", "drop
# the whole X thing"
IDEA_WORDS = frozenset({"idea", "notion", "concept", "whole", "myth", "promise", "fantasy"})
# What a thing of the past is said to be: "X was the old way", "X is legacy now".
BYGONE = frozenset({
    "old", "older", "legacy", "gone", "past", "history", "dead", "obsolete", "outdated",
    "former", "previous", "yesterday", "bygone", "finished", "ended", "ancient",
    "defunct", "extinct", "expired", "finish",
    # ... or what an untrue claim is: "X is a myth", "X is just hype"
    "myth", "lie", "fiction", "fantasy", "nonsense", "hype", "fluff", "impossible",
    "unrealistic", "buzzword", "exaggeration", "fairytale", "dishonest", "misleading",
    "false", "untrue", "wrong", "lying", "irresponsible", "overselling", "stretch",
    "talk", "spin", "jargon", "puffery", "cliche", "slogan", "gimmick", "clickbait",
    "speak", "rubbish", "waffle", "drivel", "overstatement", "exaggerated", "overstated",
    "dream",  # ("a dream come true" is said: see _said_bygone)
    "mistake", "error", "fairy", "tale", "closed",
    # ... or what is only wished for: "X is a goal, not a promise"
    "goal", "target", "aspiration", "ambition",
})  # fmt: skip
# What does not hold of it, denied: "X doesn't exist anymore", "X isn't available",
# "X is not a word we use", "X is not real" (but "X isn't just a word for us" is)
NOT_SO = frozenset({
    "exist", "exists", "available", "offered", "sold", "around", "supported", "real",
    "true", "possible", "word", "term", "something", "option", "thing", "promise", "part",
    "goal", "aim", "point", "idea", "intention",
    # ... or on the table: "X isn't on offer", "X is not on the table"
    "offer", "table", "menu", "cards",
    "claim", "label", "realistic", "honest", "accurate", "achievable", "feasible",
    "credible", "case", "guaranteed", "promised", "model", "approach", "policy", "style",
})  # fmt: skip
SOFT_AFTER = frozenset({"and", "but", "so", "now", "since", "sadly", "today"})
AUX = frozenset({"is", "was", "are", "were", "does", "did", "do", "has", "have"})
# someone else, selling or saying it: "anyone selling X", "other providers advertise X"
SELLING = frozenset({
    "sell", "sells", "selling", "offer", "offers", "offering", "promising", "pitching",
    "advertising", "tout", "touts", "touting", "quote", "quotes", "quoting",
    # ... or requiring it: "other tools demand full admin access"
    "demand", "demands", "require", "requires",
})  # fmt: skip
OWN_VOICE = frozenset({"we", "i", "ours"})
# who denies a claim to everyone, and the verbs that make that a boast instead
NOBODY = frozenset({"nobody", "noone", "nothing", "none"})
OUTDOING = frozenset({
    "beats", "beat", "compares", "matches", "match", "tops", "rivals", "touches", "touch",
    "comes",
    "comparable", "better", "but", "less", "short",
})  # fmt: skip
WORD_NOUNS = frozenset({
    "word", "term", "phrase", "label", "buzzword", "slogan", "headline", "tagline",
    "strapline", "caption",
})  # fmt: skip
CLAIM_NOUNS = WORD_NOUNS | {"words", "terms", "phrases", "labels", "line", "lines", "claim"}
# what a phrase is named an example of: "claims like X", "buzzwords such as X"
CLAIM_EXAMPLES = CLAIM_NOUNS | {
    "claims", "promise", "promises", "buzzwords", "slogans", "taglines", "headlines",
}  # fmt: skip
# what is done with a word nobody stands by: "a term that gets thrown around"
TOSSED = frozenset({"thrown", "bandied", "tossed", "overused"})
# what a clause about the phrase calls it before saying the rep does not do it: "X is
# something we don't offer", "X is what we never promise"
THING_WORDS = frozenset({"something", "what", "one", "a", "the", "not"})
# a short refusal after it: "I won't.", "We can't promise that."
REFUSAL_MAX = 6  # tokens
NOUN_AFTER_MAX = 1  # tokens between the phrase and its sentence's end: "wanted X seals."
# ... a verb of needing or using, then what takes the phrase up ("X? We never ask for
# it.", "X? We don't need that."; not "X. We never charge for them.", which says it)
REFUSED_OBJECTS = frozenset({"it", "that", "this", "them", "those", "these"})
# ... and when, after it: "We don't say that now.", "We stopped it last year."
REFUSED_WHEN = frozenset({"now", "anymore", "today", "any", "more", "again", "since",
                          "last", "year", "years", "ago", "then"})
NEEDING = frozenset({"ask", "need", "require", "request", "use", "want", "touch"})
MODALS = frozenset({"will", "would", "can", "could", "shall", "should", "do", "does", "did"})
# a quantifier standing for people, as a subject: "some call it X", "many say X"
QUANTIFIERS = frozenset({"some", "many", "most", "others", "several", "plenty"})
# what opens a relative clause with no relative pronoun after the phrase: "X your team
# dreads is gone" ("which we dropped" is read as a relative clause of its own)
RELATIVE_OPENERS = frozenset({"your", "you", "the", "most", "nobody", "everyone"})
RELATIVE_MAX = 6  # tokens to the copula
# ... and, run on without commas, how far the verb after a relative clause may be:
# "X which some of you still have closes at the end of the year"
RELATIVE_RUN_MAX = 9
CLOSING_VERBS = frozenset({"closes", "closing", "ends", "retires", "goes", "shuts"})
# a cleft sentence's denied head, at most this many tokens before the phrase after its
# "is" or colon: "what you won't get from us is a promise of X"
CLEFT_GAP = 5
# what a "no X" subject does that denies the phrase to everyone: "no system means X"
ENTAILING = frozenset({"means", "makes", "guarantees", "gives", "delivers", "promises"})
# a claim noun the next sentence calls the phrase, then refuses: "X. That's a promise I
# won't make."
REFUSED_NOUNS = frozenset({"promise", "claim", "pitch", "guarantee"})
# what others did to the listener with it: "you were promised X", "you've been sold X"
TOLD_PASSIVE = frozenset({"promised", "told", "sold", "offered", "pitched", "guaranteed"})
# verbs of stopping an activity, a gerund after: "managers stop chasing X", "forget
# waiting for X"
STOPPING = frozenset({"stop", "stops", "stopped", "forget", "quit", "quits"})
# someone who still has the retired thing, not the rep: "your chefs still keep a X"
LISTENER_SIDE = frozenset({"you", "your", "they", "their", "most", "many"})
# who takes back what was said, after "and"/"but": "..., and we were wrong"
RETRACTING = frozenset({"we", "i", "that", "it", "this"})
# who the rep's side had before: "my old boss", "our previous supplier" are someone else
FORMER = frozenset({"old", "previous", "former", "last", "ex"})
# ... and a way of doing things, which a former one was: "the old way was the X"
WAYS = frozenset({"way", "ways", "approach", "method", "model", "process", "setup", "system"})
# a topic mentioned, not claimed: "you asked about X", "we discussed X last quarter"
# ("as I mentioned, X" and "as we discussed, X" are the rep's own claim again)
MENTIONING = frozenset({
    "asked", "asks", "asking", "talked", "discussed", "discussing", "mentioned",
    "wondered", "wondering",
    # (the third person only: "if someone mentions X"; not "let me mention X")
    "mentions",
})  # fmt: skip
# ... and these when they ask about it: "when people ask me about X, I tell them ..."
ASKING_ABOUT = frozenset({"ask", "wonder"})
# after it, what makes it a quoted claim: "X claims", "X gets thrown around"
QUOTE_AFTER = frozenset({
    "claims", "claim", "buzzword", "label", "hype", "talk", "slogan", "line", "lines",
    "spiel", "tagline", "word", "words", "term", "phrase",
})  # fmt: skip
# a claim's source that is not the rep: "the brochure promised X"
SOURCES = frozenset({
    "brochure", "brochures", "website", "ad", "ads", "advert", "adverts", "billboard",
    "billboards", "headline", "headlines", "pamphlet", "flyer", "marketing",
    "websites", "webpage", "webpages", "homepage", "leaflet", "leaflets", "flyers",
    "pamphlets", "poster", "posters", "banner", "banners",
})  # fmt: skip
PIVOT_WORDS = frozenset({"but", "however", "yet", "whereas", "while"})
ANSWER_LEAD = frozenset({"honestly", "frankly", "well", "sadly", "truthfully", "so", "and"})
# words between a verb (or copula) and what it says of the phrase: "was [the] old way",
# "has [been] [officially] retired", "phased [out] [our] X"
LINKING = frozenset({
    "is", "was", "are", "were", "has", "have", "had", "got", "gets", "been", "being",
    "now", "long", "since", "already", "officially", "finally", "just", "completely",
    "totally", "basically", "really", "pretty", "very", "kind", "sort", "of", "thing",
    "the", "a", "an", "our", "my", "their", "your", "its", "this", "that", "those",
    "out", "on", "away", "up", "over", "all", "well", "quietly", "formally", "be",
    "simply", "plain", "flat", "frankly", "about", "more", "any", "anymore", "longer",
    # fillers of speech: "was like the old thing", "is uh discontinued", "you know"
    "like", "um", "umm", "uh", "uhh", "er", "erm", "ah", "you", "know",
})  # fmt: skip
COPULAS = frozenset({
    "is", "was", "are", "were", "has", "have", "had", "got", "gets", "would", "will",
})  # fmt: skip
PERFECT = frozenset({"has", "have", "had"})
RELATIVES = frozenset({"which", "that"})
RESUMING = frozenset({"that", "it", "this", "which"})
# A then-and-now contrast that leaves a retired name in the past: "back in the day we had
# X, now it's Pro", "we sold X before; today there's Pro". THEN: what puts its clause in
# the past; NOW: what the contrast turns to.
THEN = frozenset({
    "before", "back", "ago", "previously", "originally", "once", "last", "earlier", "had",
    "was", "were", "sold", "offered", "used", "called", "ran",
})  # fmt: skip
NOW = frozenset({"now", "today", "nowadays"})
THEN_WITHIN = 10  # tokens either side of the name
# a past verb of having or selling right before a retired name, a word of the past right
# after it closing the clause: "we had X before; those are done"
PAST_HAVING = frozenset({"had", "sold", "offered", "ran", "used", "shipped"})
# what the phrase did, as its subject, when it ended: "X ended last March", "X expired"
# ("X ended up ..." is another verb)
ENDED = frozenset({"ended", "died", "expired", "disappeared", "vanished", "sunsetted"})
# ... or, a time or nothing after it, when it closed: "X closed in March", "X shut down
# last year" (not "X closed the deal")
CLOSED = frozenset({"closed", "shut", "folded", "stopped", "finished"})
CLOSED_WHEN = frozenset({"last", "for", "years", "ago", "already", "recently", "earlier"})
# what it turned into, the sentence ending there: "Pro is what X became"
BECAME = frozenset({"became", "become", "becomes"})
# what it stopped doing, a gerund after: "X stopped being sold", "X ceased trading"
STOPPED = frozenset({"stopped", "ceased"})
# what takes the phrase up before its verb: "X, that one is discontinued", "X uh it is"
TAKING_UP = frozenset({
    "that", "it", "this", "which", "one", "1", "thing", "uh", "um", "like",  # ("one" reads "1")
})  # fmt: skip
WE = frozenset({"we", "they", "i"})
# Who a phrase's subject pronoun speaks of: the rep's side, the listener, or someone
# else ("we know people at customs" is not "they know people at customs"). A possessive
# is not: "replaces the adjusters" or "their adjusters" makes the claim of "replaces your
# adjusters" all the same; nor "it", which is no one's.
PERSONS = {
    **dict.fromkeys(("we", "i"), "speaker"),
    "you": "listener",
    **dict.fromkeys(("they", "he", "she"), "other"),
}



# Someone other than the rep who says a thing, for a claim reported as theirs ("the last
# supplier told you X", "other labs advertise X", "brokers who say X"):
# who they are, by word ...
OTHER_PARTIES = frozenset({
    "they", "he", "she", "whoever", "everyone", "everybody", "folks", "guys",
    "analysts", "analyst", "marketers", "salesman", "salesmen", "market", "industry",
    "competition", "predecessor", "predecessors",
})  # fmt: skip
# ... or by what picks them out: "another startup", "some lab", "your old consultant",
# "the last supplier", "any tool"
OTHER_MARKERS = frozenset({
    "other", "another", "some", "many", "most", "every", "any", "all", "several",
    "certain", "last", "previous", "former", "old", "your", "their", "those",
})  # fmt: skip
# ... or a plural noun, unless it is the rep's evidence speaking ("the numbers say")
EVIDENCE = frozenset({
    "results", "numbers", "figures", "stats", "statistics", "tests", "audits", "metrics",
    "benchmarks", "reports", "records", "facts", "documents", "logs", "certificates",
    "savings", "data", "reviews", "ratings",
})  # fmt: skip
# what they do with it: say, sell, promise, call it ...
SAYING = frozenset({
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "claim", "claims",
    "claimed", "claiming", "promise", "promises", "promised", "promising", "call", "calls",
    "called", "calling", "swear", "swears", "swore", "insist", "insists", "insisted",
    "suggest", "suggests", "suggested", "hint", "hints", "hinted", "imply", "implies",
    "implied", "boast", "boasts", "boasted", "brag", "brags", "bragged", "advertise",
    "advertises", "advertised", "advertising", "market", "markets", "marketed", "sell",
    "sells", "sold", "selling", "pitch", "pitches", "pitched", "pitching", "push",
    "pushes", "pushed", "pushing", "tout", "touts", "touted", "touting", "offer", "offers",
    "offered", "offering", "guarantee", "guarantees", "guaranteed", "think", "thinks",
    "believe", "believes", "assume", "assumes", "label", "labels", "labelled", "labeled",
    "describe", "describes", "described", "quote", "quotes", "quoted", "according",
})  # fmt: skip
REPORTED_WITHIN = 14  # tokens back from the phrase to the one who says it
# ... or a short clause of its own, inside or after it: "X, the salesman said (to us)"
ASIDE_MAX = 6  # tokens
TOLD = frozenset({
    "them", "us", "me", "you", "him", "her", "everyone", "everybody", "people",
})  # fmt: skip
# what opens a clause that is no report of it: "X, as they say" (a saying the rep uses),
# "X, and they say so too" (the rep's claim, then theirs)
ASIDE_OPENERS = frozenset({"as", "and", "but", "so", "if", "when", "because", "or"})
# the rep's own side, as a subject or its determiner: "our brochure says" is the rep's
OWN_SIDE = frozenset({"we", "i", "our", "my", "ours"})
# the rep's customers, whose words the rep retells as testimony, the rep's own claim
# ("customers tell us it's a game-changer")
CUSTOMERS = frozenset({
    "customers", "clients", "users", "buyers", "subscribers", "customer", "client",
    "user", "buyer",
})  # fmt: skip
# after a claim reported as someone else's, the rep's agreeing with it: "customers call
# it a game-changer, and it is", "... and they're right"
AGREEING = frozenset({"right", "true", "correct", "agree", "agreed", "spot"})
ENDORSING_ADVERBS = frozenset({"really", "truly", "absolutely", "definitely", "actually"})

# A question reported, not asked: "people ask whether X", "you may wonder if X".
ASKING = frozenset({
    "ask", "asks", "asked", "asking", "wonder", "wonders", "wondered", "wondering",
    "question", "questions", "questioned",
})  # fmt: skip
WHETHER = frozenset({"whether", "if"})
ASKED_WITHIN = 3  # tokens from the verb of asking to "whether"/"if": "ask me whether"
ASKING_ASIDE_MAX = 9  # tokens of who asks, after it: "people always ask me", "i get
# asked that a lot", "is the first thing people always ask me"
# an answer that first wishes it could say yes, then turns: "I'd love to say so, but no"
WISH_TURN_MAX = 8  # tokens from the wish to its "but"
# An answer: "no"/"not" that ends its clause within its first words ("We're not.", "It
# doesn't.", "Absolutely not.", "I wish, but no."), unless a "yes" comes first.
ANSWER_WITHIN = 6
NO_WORDS = frozenset({"no", "not", "nope", "nah", "never", "hardly"})
# answers that say no without a "no": "I wish.", "If only.", "Far from it.", "Not true."
NO_ANSWERS = (("i", "wish"), ("if", "only"), ("far", "from"), ("not", "true"),
              ("said", "no"), ("in", "your", "dreams"), ("dream", "on"), ("no", "way"),
              ("not", "a", "chance"), ("forget", "it"), ("forget", "that"),
              ("not", "likely"), ("you", "are", "thinking", "of"), ("yeah", "right"),
              ("come", "on"), ("as", "if"), ("show", "me"), ("name", "me"),
              ("good", "luck"), ("said", "nobody"))  # fmt: skip
# ... of which these also dare the listener in the clause after it: "X, good luck finding
# that anywhere"
CHALLENGES = (("good", "luck"), ("show", "me"), ("name", "me"), ("yeah", "right"),
              ("as", "if"), ("said", "nobody"), ("said", "no"))  # fmt: skip
# an answer that grants only part of it, alone or turned: "Mostly.", "Almost, but ..."
PARTLY = frozenset({
    "mostly", "partly", "partially", "largely", "usually", "sometimes", "almost", "nearly",
    "often",
})  # fmt: skip
# a short sentence that only promises candour before the answer: "I'll be straight with
# you. No."
CANDOUR = frozenset({"straight", "honest", "frank", "truthful", "upfront", "blunt", "clear"})
CANDOUR_MAX = 7  # tokens
# ... or has it: "Everyone wants X. Nobody has it."
HAVING = frozenset({"has", "have", "had", "delivers", "deliver", "provides", "gives"})
# a verb of coming across something, after "never" or "yet to": "I've never met a
# system that's X", "I've yet to see X"
EXPERIENCING = frozenset({
    "met", "seen", "see", "found", "find", "known", "encountered", "come", "came",
})  # fmt: skip
# ... a thing of the kind: "never met [a] system that's X"
INDEFINITE = frozenset({"a", "an", "any", "one", "1", "single", "anything", "anyone"})
# tokens after a phrase where "nobody can give you that" may deny it to everyone
NOBODY_GIVES_WITHIN = 16
YES_WORDS = frozenset({"yes", "yeah", "yep", "yup", "sure", "definitely", "certainly"})
# an answer that grants only part of it, among its first words: "Honestly, most do, not
# all.", "Mostly, not always."
PARTIAL_ANSWERS = (("not", "all"), ("not", "always"), ("not", "every"), ("not", "everyone"))
PARTIAL_ANSWERS_LEAD = frozenset({"not"})
# Run on after a phrase that opens its sentence, without punctuation, what a "not" or a
# "no" goes on with when it answers no: "X not with any system i know of", "X not
# quite", "X no about one in ten" (not "zero fees not a penny more", "zero fees no
# hidden charges")
RUN_ON_NOT_NEXT = frozenset({
    "quite", "at", "really", "exactly", "true", "from", "with", "likely", "always",
    "yet", "anymore", "necessarily", "entirely", "totally", "in",
})  # fmt: skip
RUN_ON_NO_NEXT = frozenset({
    "about", "around", "roughly", "usually", "mostly", "most", "some", "sometimes",
    "maybe", "sadly", "unfortunately", "honestly",
})  # fmt: skip
# "No doubt, it is": a "no" that says yes
NO_DOUBT = frozenset({"doubt", "question", "kidding", "joke", "wonder", "problem"})

# A retired name remembered, or given as what the listener knew it as: "you may
# remember X", "remember the X?", "you might know it as X".
REMEMBERING = frozenset({"remember", "remembers", "recall", "recalls", "recollect"})
HEARD_OF = (("heard", "of"), ("heard", "about"))
KNOWING_AS = frozenset({"know", "knew", "known"})
# what it was called, in the past: "X is what we called it", "we called it X back then"
NAMED = frozenset({"called", "named", "dubbed", "branded", "known"})
# what puts a sentence in the past: "X was how clinics did it ten years ago", "back when
# it was X"
PAST_TIME = (("ago",), ("back", "then"), ("back", "when"), ("in", "the", "past"),
             ("back", "in", "the", "day"), ("at", "the", "time"), ("originally",),
             ("years", "back"), ("previously",), ("earlier",), ("once",), ("until", "last"),
             ("until", "recently"))  # fmt: skip
# ... of which these open a clause in the past: "back when it was X"
PAST_OPENING = (("back", "when"), ("back", "in", "the", "day"), ("at", "the", "time"),
                ("in", "the", "days"), ("years", "ago"))  # fmt: skip
PAST_COPULAS = frozenset({"was", "were", "had"})
# the end of a product's life: "X is end of life", "X reached end of support"
END_OF = frozenset({"life", "support", "sale", "sales"})
REACHING = frozenset({"reached", "reaches", "hit", "hits", "went", "goes", "going", "at"})
# the customers of a retired product, moved off it: "X customers get moved to Pro",
# "existing X users keep their data", "if you're still on X, we'll migrate you"
HOLDERS = frozenset({
    "customers", "customer", "users", "user", "clients", "client", "subscribers",
    "accounts", "owners", "members", "licences", "licenses", "contracts", "plans",
    "account", "subscription", "subscriptions", "licence", "license", "contract",
})  # fmt: skip
STILL_HOLDING = frozenset({"existing", "current", "remaining", "legacy", "former", "old"})
# whose a retired name is, right before it, when not the rep's: "their X promise" ("his"
# is left out: an ASR writes it for "is", "billing his pay as you go")
THIRD_POSSESSIVES = frozenset({"their"})
# verbs of being given something (stems): "tenants receive their X", "staff get their X"
RECEIVING = _stems("receive", "receives", "get", "gets", "obtain")
MIGRATING = _stems(
    "move", "moved", "migrate", "migrated", "switch", "switched", "upgrade", "upgraded",
    "transfer", "transferred", "convert", "converted", "transition", "port", "ported",
    "carry", "carried", "grandfather", "grandfathered",
)  # fmt: skip
# ... that moves someone, or somewhere: "migrate you", "move over", "upgraded to Pro"
MIGRATED = frozenset({
    "you", "them", "over", "to", "across", "into", "onto", "automatically", "those",
    "these", "everyone", "everybody",
})  # fmt: skip
# ... or what makes the migrating done to them: "X customers were migrated last year"
PASSIVE_AUX = frozenset({"was", "were", "been", "being", "got", "get", "gets", "are", "is"})
USING = frozenset({"on", "using", "use", "run", "running", "have", "with"})
# ... what the listener does with it, as a verb: "X is what most of you still run"
RUNNING = frozenset({"runs", "uses", "has", "had", "used", "ran", "got", "bought", "pay"})

# The rep withholding a claim: a verb of saying, or of calling it so ...
SAYING_ACTS = frozenset({
    "say", "says", "saying", "claim", "claims", "claiming", "promise", "promises",
    "promising", "call", "calls", "calling", "tell", "tells", "telling", "guarantee",
    "guarantees", "guaranteeing", "pretend", "pretending", "describe", "describing",
    "label", "labelling", "labeling", "advertise", "advertising",
    # ... or of holding it true: "it's tempting to think X", "I don't believe X"
    "think", "thinking", "believe", "believing", "assume", "assuming", "imagine",
    "suggest", "suggesting", "imply", "implying",
})  # fmt: skip
# ... with only what opens its complement between it and the phrase: "say it replaces
# X", "promise you X", "call it a X" (not "no need to call us, it's X")
COMPLEMENT = frozenset({
    "that", "it", "is", "we", "you", "they", "are", "a", "an", "the", "our", "its",
    "will", "can", "would", "be", "this", "was", "were", "i", "am", "as", "your",
})  # fmt: skip
# ... or joined by "and" to a verb of coming or standing that a denial governs: "I'm not
# going to stand here and tell you X", "nobody should walk in and promise you X"
ARRIVING = _stems(
    "stand", "stood", "sit", "sat", "come", "coming", "came", "go", "went", "walk", "get",
    "got", "turn", "waltz", "march", "stroll", "show", "roll", "try", "tried", "look",
)  # fmt: skip
ARRIVING_MAX = 8  # tokens from that verb to "and": "stand up in front of your partners"
# ... or, after "as", a word for what it is presented as: "don't think of it as
# something that X", "I'd never pitch it as something to X"
AS_WHAT = frozenset({"something", "anything", "thing", "to"})
# ... after a denier or a verb of keeping away ("we avoid saying X", "I'm not saying X",
# "we're not in the business of promising X") ...
AVOIDING = frozenset({
    "avoid", "avoids", "avoiding", "refuse", "refuses", "refusing", "stop", "stopped",
    "quit", "resist", "careful", "wary", "hesitate",
})  # fmt: skip
# ... after what calls saying it untrue ("it would be wrong to say X") ...
UNTRUE_TO_SAY = frozenset({
    "wrong", "dishonest", "misleading", "irresponsible", "unfair", "untrue", "inaccurate",
    "reckless", "naive", "foolish", "silly", "overselling", "exaggerating", "stretch",
    "lie", "false", "fool", "fools", "crazy", "mad",
})  # fmt: skip
# ... or in a clause after a denied hedge: "I'm not sure I'd call it X", "I don't think
# we'd say X"
HEDGING = frozenset({"sure", "think", "believe", "know", "convinced", "certain"})
# ... or after a denied going so far: "I wouldn't go so far as to say X"
GOING_FAR = (("so", "far", "as"), ("as", "far", "as"))
# ... or after "used to" ("we used to tell brewers X"), a listener between the verb and
# what it says: "tell brewers X", "tell people X"
FORMER_HABIT = ("used", "to")
# ... or after a wish ("I wish I could promise X"; "I'd love to say X, but ...")
WISHING = frozenset({"wish", "tempting", "tempted"})
WANTING = frozenset({"love", "like", "want"})
# words that make a noun of untruth a kind of claim: "X is marketing talk"
CLAIM_KINDS = frozenset({
    "marketing", "sales", "empty", "pure", "typical", "industry", "vendor", "cheap",
    "classic", "big", "bold",
})  # fmt: skip
# ... and figures a kind of claim may be, right after it: "X is a marketing number"
# (not "X is the number we hit")
CLAIM_FIGURES = frozenset({"number", "numbers", "figure", "figures", "stat", "stats"})
# adverbs between a phrase and its denial: "X? That simply doesn't exist."
DENIAL_ADVERBS = frozenset({
    "simply", "just", "really", "actually", "honestly", "frankly", "certainly",
    "definitely", "sadly", "obviously", "truly", "unfortunately", "still",
})  # fmt: skip

# A phrase the listener hears from others: "if you hear X, ask for the SLA"
HEARING = frozenset({"hear", "hears", "heard", "hearing", "seen"})
# ... what may stand between the verb and the phrase, besides a complement's opening:
# "forget what you've heard about it being X"
HEARD_ABOUT = frozenset({"about", "being", "of"})
# ... between the one who hears and the verb: "you may well have heard X"
HEARD_AUX = frozenset({
    "might", "may", "have", "will", "would", "could", "probably", "already", "often",
    "well", "also", "sometimes", "must",
})  # fmt: skip
# A warning against it, a few words before ("beware of anything sold as X", "watch out
# for X", "run a mile from X") or just after ("take X with a pinch of salt")
WARNING = frozenset({"beware", "wary", "skeptical", "sceptical", "suspicious", "cautious"})
WARNING_PHRASES = (
    ("watch", "out"), ("look", "out"), ("run", "from"), ("run", "a", "mile"),
    ("steer", "clear"), ("red", "flag"), ("fall", "for"), ("be", "careful"),
    ("be", "very", "careful"), ("show", "me"), ("name", "me"), ("find", "me"),
)  # fmt: skip
# ... or after it: "treat X as a warning sign"
WARNING_AFTER = (("as", "a", "warning"), ("as", "a", "red", "flag"), ("alarm", "bells"))
SALT = frozenset({"salt"})
# ... or what is seen on a source, the source after the verb: "X is the sort of number
# you see on competitors' websites"
SEEING = frozenset({"see", "sees", "saw", "seen", "read", "reads", "find", "spot"})
# ... up to where, run on, a new subject begins another clause: "X is how other vendors
# sell it you'll still patch monthly"
NEW_SUBJECTS = frozenset({"you", "we", "i", "they", "our", "your"})
# what the phrase is, as the object of others' saying: "X is what everyone promises",
# "X is a label everyone slaps on", "X is something every vendor says"
OBJECT_NOUNS = frozenset({
    "what", "something", "thing", "things", "label", "word", "phrase", "line", "kind",
    "sort", "of", "that", "a", "the", "one", "claim", "promise", "slogan",
    "how",  # "X is how other vendors sell it"
})  # fmt: skip
# ... the verb ending the clause, its object being the phrase ("... everyone slaps on
# now"; not "X is what customers tell us they love")
OBJECT_GAP = frozenset({
    "on", "now", "about", "too", "all", "the", "time", "these", "days", "today",
    "anyway", "constantly", "always", "everywhere", "around", "out",
    "it", "them",  # (the phrase taken up: "X is what they call it")
})  # fmt: skip
# who is moved off a retired product: "those on X", "teams still on X"
ON_IT = frozenset({
    "those", "anyone", "everyone", "everybody", "anybody", "whoever", "customers",
    "clients", "users", "teams", "people", "folks", "members", "subscribers", "still",
})  # fmt: skip
SLAPPING = frozenset({"slap", "slaps", "stick", "sticks", "throw", "throws", "put", "puts"})
# a hypothetical act of saying it: "calling it X would insult you"
HYPOTHETICAL = frozenset({"would", "could", "might"})
# what a retired name is now part of, or became: "X is now part of Plus", "X became the
# new analytics page"
ABSORBED = (("part", "of"), ("the", "new"), ("built", "into"), ("included", "in"),
            ("lives", "in"), ("lives", "on"))  # fmt: skip

# Whose thing a forbidden phrase describes, when it is used as a modifier of another
# noun: "any plug-and-play headset", "their world-class team" ("your" is not one: the
# product, once bought, is "your AI-powered assistant")
NOT_OURS = frozenset({"their", "his", "her", "any", "other", "another", "those", "whose"})
# Who does what a predicate phrase says ("never goes down", "replaces your lawyers"),
# when it is not the product: "their system never goes down", "the old tool replaces"
OTHER_SUBJECT = frozenset({
    "their", "other", "another", "old", "previous", "former", "last", "competitor",
    "competitors", "competitor's", "rival", "rivals", "they", "he", "she",
})  # fmt: skip
PREDICATE_OPENERS = frozenset({"never", "always"})

# A claim said to sound good, then turned: "X sounds great, but ...", or wished for: "X
# would be nice; ours ..."
SOUNDING = frozenset({"sounds", "sound", "looks", "look", "seems", "seem"})
APPEALING = frozenset({
    "great", "good", "nice", "lovely", "appealing", "tempting", "wonderful", "ideal",
    "amazing", "fantastic", "attractive",
})  # fmt: skip
# a retired name called old right before it: "the old X dashboard", "our former X"
OLD_BEFORE = frozenset({
    "old", "former", "previous", "legacy", "retired", "discontinued", "defunct", "older",
})  # fmt: skip
# ... or taken off, done ("we took X off the price list"; "take X off the shelf" is
# how it is used)
TAKING_OFF = frozenset({"took", "taken", "pulled", "dropped", "removed"})

# A retired name being shut down: "X will be switched off in June", "X is closing"
SHUTTING = (
    ("switched", "off"), ("turned", "off"), ("shut", "down"), ("shutting", "down"),
    ("winding", "down"), ("wound", "down"), ("closing",), ("closes",), ("going", "away"),
    ("being", "retired"), ("being", "replaced"),
)  # fmt: skip
# the holders of a retired product keeping what they have: "those on X keep their prices"
WHEN_WORDS = frozenset({"in", "on", "at", "this", "next", "soon", "from", "by", "down", "after"})
KEEPING = frozenset({"keep", "keeps", "retain", "retains", "stay", "stays", "remain"})
# ... of them, those that take an object: "stay" and "remain" before a phrase link it to
# their subject as what it is ("your lines stay allergen-free" says it of them)
KEEPING_OBJECT = frozenset({"keep", "keeps", "kept", "retain", "retains", "retained"})
# a possessive before the phrase's noun, whoever's it is: "can keep her X"
POSSESSIVES = frozenset({"your", "her", "his", "their", "its", "my"})
# a saying only supposed: "I could tell you X, but ...", "you could call it X, but ..."
SUPPOSING = frozenset({"could", "might"})
PARENTHESIS_MAX = 8  # tokens of an aside between a phrase and its verb: "X, our old Y, has"

# ... or commit to on paper: "X is something I will never put in writing"
COMMITTING = frozenset({"put", "sign", "commit", "write", "print"})
# ... or only hopes to give one day: "X is something we'd love to offer one day"
HOPING = frozenset({"love", "like", "hope", "hoping", "plan", "planning", "aim", "aiming",
                    "want", "wish"})
# What the rep does not give: "X, we can't give that", "X we don't offer it"
OFFERING = frozenset({
    "give", "offer", "provide", "do", "have", "sell", "support", "guarantee", "promise",
})  # fmt: skip
# "X is not what we do", "X is not how it works"
NOT_OUR_WAY = frozenset({"what", "how"})
# subject pronouns of an elliptic answer: "no, we are not", "no it isn't"
ANSWERING = frozenset({"we", "it", "i", "they", "that", "this"})

# what the claim that follows is called, as the subject before it: "the myth is that X"
UNTRUE_NOUNS = frozenset({
    "myth", "lie", "fiction", "fantasy", "fairytale", "misconception", "illusion",
    "mistake", "nonsense", "hype",
})  # fmt: skip
# the next clause, after the phrase's sentence, only says it is over: "X once. Not any
# more.", "X? Not anymore." (a word of time between: THEN_SPOKEN)
NO_LONGER_ANSWERS = (("not", "anymore"), ("not", "any", "more"), ("no", "longer"),
                     ("not", "now"), ("not", "these", "days"), ("not", "today"))
THEN_SPOKEN = frozenset({"once", "then", "before", "previously", "originally"})
# the rep taking it back as a joke, after it: "... no, I'm joking", "... just kidding"
# (not "no kidding", which says it is so)
JOKING = frozenset({"joking", "kidding", "jesting", "jokes", "joke"})
JOKE_LEADS = frozenset({"am", "are", "was", "just", "only", "a", "im"})
JOKE_WITHIN = 6  # tokens after the phrase
# what the rep would not do, said after a turn: "X, but I wouldn't", "... but we don't
# recommend it"
ADVISING = frozenset({"recommend", "advise", "suggest", "encourage"})

# one person, as the one who says it: "a customer told me X", "the CFO called it X"
PEOPLE = frozenset({
    "reviewer", "analyst", "cfo", "ceo", "cio", "cto", "coo",
    "prospect", "journalist", "consultant", "auditor", "friend",
    "colleague", "someone", "somebody", "manager", "director", "owner", "doctor",
    "dentist", "vet", "accountant", "lawyer", "blogger", "reporter", "article", "review",
    "magazine", "survey",
})  # fmt: skip
ONE_OF = frozenset({"a", "an", "one", "1", "the", "this", "that"})  # ("one" reads "1")
# an answer that does not say yes: "X? Depends on the class."
DEPENDS = frozenset({"depends", "depending"})

# how an answer may be announced: "the answer is no", "my honest answer is that nothing is"
ANSWER_NOUNS = frozenset({"answer", "reply", "response"})

# what may follow a product's name in its clause: "it becomes Paycircle Plus at the same price"
AFTER_NAME = frozenset({
    "at", "for", "in", "on", "with", "from", "and", "but", "so", "which",
    # ... or when: "X became Vaultline Business last year"
    "last", "this", "when", "after", "back", "years", "ago",
})  # fmt: skip

# where only an untrue claim exists: "X only exists in brochures"
NOWHERE_REAL = frozenset({
    "brochure", "brochures", "marketing", "ads", "adverts", "theory", "dreams", "slides",
    "decks", "fairytales", "press", "releases",
})  # fmt: skip
# the listener's requirement the rep cannot meet: "if X is a must, we're not the right fit"
NOT_A_FIT = frozenset({
    "fit", "choice", "match", "answer", "solution", "option", "vendor", "right",
})  # fmt: skip
# ... or what the listener expects, in the condition: "if you're expecting X, ..."
EXPECTING = frozenset({
    "expecting", "expect", "want", "wanting", "need", "needing", "after", "hoping",
    "looking",
})  # fmt: skip
# who, left indefinite in a condition, offers it: "if a broker offers X", "if someone
# tells you X"
INDEFINITE_WHO = frozenset({
    "a", "an", "any", "some", "another", "someone", "somebody", "anyone", "anybody",
})  # fmt: skip
# the rep's side after "not", giving the claim to another: "Customs decides that, not us"
OWN_SIDE_AFTER = frozenset({"us", "me", "our", "we", "mine", "ours"})
NOT_US_WITHIN = 12  # tokens of the answer's sentence
# the rep leaving it to others: "I'll leave X to the competition"
LEAVING = frozenset({"leave", "leaving"})

# an answer that calls the claim untrue: "X? I'd be lying.", "X? That's a myth."
UNTRUE_ANSWERS = frozenset({
    "lying", "lie", "myth", "fantasy", "fiction", "nonsense", "hype", "untrue", "false",
    "misleading", "exaggeration", "overselling", "stretch", "fairytale",
})  # fmt: skip

# What the rep's side stands behind in a clause, as a phrase with "us": "with us they
# never miss X" is the rep's promise of what the listener's people get, not another's
# claim (OTHER_SUBJECT's "they" is then the beneficiary)
OWN_SIDE_PHRASES = (("with", "us"), ("thanks", "to", "us"), ("because", "of", "us"))
# Verbs of printing or publishing: what a source does with words, as saying does
# ("a competitor prints X on its leaflets", "their site displays X")
PRINTING = frozenset({
    "print", "prints", "printed", "printing", "publish", "publishes", "published",
    "publishing", "write", "writes", "wrote", "written", "display", "displays",
    "displayed", "plaster", "plasters", "plastered", "splash", "splashes", "splashed",
    "posted",
})  # fmt: skip
# ... and where they put it after the phrase: "vendors put X on their websites"
PLACED_ON = frozenset({"on", "onto", "in", "across", "over"})
# ... a written source, or what a seller writes: "a rival puts X in their deck" (not a
# source as a subject: "the site" or "the deck" may be the rep's)
PITCH_PLACES = frozenset({
    "deck", "decks", "slide", "slides", "proposal", "proposals", "email", "emails", "site",
    "sites", "materials", "literature", "pitch",
    # ... and what a product is sold on: "X is what rivals print on the box"
    "box", "boxes", "packaging", "packet", "packets", "label", "labels", "sticker",
    "stickers", "stand", "stands", "sign", "signs", "van", "vans", "sides",
})  # fmt: skip
# A verb of presenting something as what the phrase says: "we don't sell anything as X",
# "we never market it as X"
PRESENTING = frozenset({
    "sell", "sells", "selling", "sold", "market", "markets", "marketing", "marketed",
    "pitch", "pitches", "pitching", "pitched", "brand", "brands", "branding", "present",
    "presents", "presenting", "position", "positions", "positioning", "package",
    "packages", "packaging", "bill", "bills", "billing", "advertise", "advertising",
    "describe", "describes", "describing", "frame", "frames", "framing",
    # ... or of regarding it so: "stop thinking of it as X", "don't treat it as X"
    "think", "thinks", "thinking", "see", "sees", "seeing", "regard", "regards",
    "regarding", "treat", "treats", "treating", "view", "views", "viewing",
})  # fmt: skip
PRESENTED_OBJECT_MAX = 3  # tokens: "sell [our new fund] as X"
# After the phrase, its words given back to whoever said them: "His words, not ours",
# "their claim, not mine", "not my words"
OWN_POSSESSIVES = frozenset({"ours", "mine", "our", "my"})
DISCLAIM_MAX = 6  # tokens of such a disclaimer
# Small words a rep puts inside a phrase that change nothing it claims: a quantifier
# before its noun ("we know a few people at customs"), a particle of place before its
# preposition ("... people down at customs"); non-content words qualify too
QUANTIFYING = frozenset({
    "few", "couple", "several", "handful", "bunch", "lot", "lots", "many", "certain",
    "various", "plenty",
    # ... or a share of it: "replace most of your pickers", "half your staff"
    "most", "half",
})  # fmt: skip
GAP_MAX = 4  # such words inside one phrase: "a couple of people over at"
# ... but not words that join on or take back something else
NOT_GAP = frozenset({
    "and", "or", "but", "nor", "who", "which", "that", "whose", "if", "unless", "than",
    "because", "so", "not", "no", "never", "without", "except",
    # a possessive makes it someone's: "best in her class" is not "best in class"
    "his", "her", "their", "its", "my", "our", "your",
    # ... and so does a definite article: "best in the class of 2019" is one class
    "the", "this", "these", "those",
})  # fmt: skip
# ... its participles, right after the phrase: "X plastered everywhere"
PRINTED = frozenset({
    "printed", "written", "displayed", "plastered", "splashed", "stamped", "emblazoned",
})  # fmt: skip
# what may stand between a copula and the phrase it names: "his pitch was all X"
ALL_OF = frozenset({"all", "just", "basically", "simply"})
# What an overstated claim is said to be, after its copula or a modal: "X might be a
# bit strong", "X is too strong a word", "X would be overstating it"
OVERSTATED = (
    ("too", "strong"), ("bit", "strong"), ("little", "strong"), ("rather", "strong"),
    ("overstating",), ("overselling",), ("overstatement",), ("strong", "a", "word"),
    ("too", "much"), ("pushing", "it"),
)  # fmt: skip
MAYBE = frozenset({"might", "may", "could", "would", "is", "was", "sounds", "seems"})
# ... or a denied manner of saying it: "X, and we never say that lightly"
MANNER = frozenset({"lightly", "casually", "loosely"})
# A denial that insists, not denies: "no word of a lie, X", "not gonna lie, X", "I'm not
# exaggerating when I say X", "it's no exaggeration to say X": the words after it stand
LYING = frozenset({
    "lie", "lying", "kidding", "joking", "exaggerating", "exaggeration", "exaggerate",
    "overstating", "bragging", "boasting",
})  # fmt: skip
INSIST_WITHIN = 5  # tokens from the denier to the word of lying
# What is told of the phrase after "no", ending the claim: "X no such thing"
NO_SUCH = ("such", "thing")
# What a thing on its way out is said to be, after its copula: "X are the first thing to
# go", "X is on its way out"
GOING_OUT = (
    ("first", "to", "go"), ("first", "thing", "to", "go"), ("first", "things", "to", "go"),
    ("on", "the", "way", "out"), ("on", "its", "way", "out"), ("on", "their", "way", "out"),
    ("out", "the", "door"),
)  # fmt: skip
# What follows a contracted "'s" of "has"/"is", never a possessive's noun: "X's been
# replaced", "X's gone" (not "X's old price")
AFTER_CONTRACTED_S = frozenset({"been", "gone", "history", "over", "finished", "dead"})

# What a rep does to the thing a phrase of time names ("48-hour estimates", "24-hour
# delivery") when saying it spread out, the thing first and the time after: "the
# estimates, we turn those around in forty eight hours". Only with "in" or "within"
# before the time (phrases._spread_ok); another verb ("took", "used to take") is
# another claim.
TURNAROUND_WORDS = frozenset({
    "turn", "turns", "turned", "around", "round", "deliver", "delivers", "delivered",
    "send", "sends", "sent", "return", "returns", "returned", "ready", "back", "out",
})  # fmt: skip
TIME_BEFORE = frozenset({"in", "within", "inside"})  # "turned around in 2 days"
TURNAROUND_MAX = 2  # such words a span may hold
