"""Benefits told as outcomes: the claim's consequence, in words it does not share.

Reps often tell a message as what happened to someone rather than as the claim itself:
"she was working again before her coffee went cold" for "backups restore in minutes",
"nobody spends an afternoon pairing bank lines anymore" for "bank transactions are
matched automatically", "you stop juggling three dashboards" for "one console for every
device". Such a sentence shares no content word with the message, so the lexical signals
miss it. What it does share is the *kind* of claim.

So each message is read for the kinds of benefit it claims (speed, fewer of a bad thing,
done without anyone, protected from harm, available any time, seen as it happens, one
place instead of many, a price that does not grow, paying for itself, audits passed,
done by the customer from their own phone, knowing exactly who or what is where),
and each clause the rep says as
their own claim is read for the everyday ways people tell that kind of outcome. A clause
that tells an outcome of a kind credits the message of that kind; where several messages
claim the same kind, the one whose own words (or time scale) the clause comes closest to.

The result is one signal, `outcome` (0, 0.5 or 1), that the coverage model weighs with
the others: it is evidence, not a verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from drills.scoring.share_words import HALF_SHARE, RISES, says_halving
from drills.text_normalize import Token, canonical, stem, tokens

# --- cue patterns ----------------------------------------------------------------------
# A pattern is space-separated slots over normalised tokens (lower case, digits for
# numbers, contractions expanded: "couldn't" is "could not"); a slot lists alternatives
# with "|", "*" skips up to three tokens, "#" is any figure and "@ing" any -ing form.

SPEED, FEWER, AUTOMATIC, PROTECTED, ANYTIME, LIVE_VIEW, ONE_PLACE, FLAT_PRICE = (
    "speed", "fewer", "automatic", "protected", "anytime", "live-view", "one-place",
    "flat-price",
)  # fmt: skip
PAYBACK, AUDIT, EASE, RELIABLE = "payback", "audit", "ease", "reliable"
MORE, ACCURATE = "more", "accurate"
UNDISTURBED = "undisturbed"  # nothing new to buy, learn or switch off
RECOVERED, ONCE = "recovered", "once"  # money that comes back; work done only once
TIME_BACK = "time-back"  # hours of someone's day given back
SELF_SERVE = "self-serve"  # the customer does it, from their own phone, with no staff
WHEREABOUTS = "whereabouts"  # knowing exactly where each thing or person is
SHARE_OF = "share-of"  # most of all get the benefit: "nine out of ten get their first pick"

# A cue written with a leading "~" is a weak one: a common phrase that tells the outcome
# only when the clause also names something of the message ("back up in no time" after
# "when a server goes down"), and even then is half the evidence. One written with "^"
# also needs the message's topic named, and then tells the outcome in full ("nobody
# retypes a thing into the health record"). The others are told as a story and stand
# on their own.
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday"
_ALARMS = "alarm|alarms|siren|sirens|horn|klaxon|buzzer|bell|bells"
_SPEED_ANY = (
    "~fast", "~immediately|instantly", "same day|morning|afternoon",
    "did not * notice|noticed", "before anyone|anybody * notice|noticed", "nobody|1 noticed",
    "~back up|online|running|working|open|live", "~up and running", "~=restored",
    "~@ing again", "@ing again before|by|within", "barely|hardly * noticed",
    "same afternoon|morning|evening", "that afternoon|morning", "=did not * wait",
    # back at the work before the day moved on ("back in their spreadsheets before the
    # afternoon meeting")
    "back in|into * before|by",
    "back to|at work", "back at their|his|her desk|desks",
    "without waiting", "no waiting", "by the time * got|came|finished|returned",
    # the wait that was skipped ("walked straight to the pub instead of standing in line")
    "instead of standing|queuing|queueing|waiting|lining",
    "rather than standing|queuing|queueing|waiting|lining", "instead of * in line|queue",
    # "by the time they sat back down", "before she even got off": what was done by then
    "^by the time", "^before * even", "~all there|back again",
    "while * still on the phone|call|line", "in the time it takes",
    # everyday idioms of speed
    "in a heartbeat|jiffy", "before you know it", "on the spot", "there and then",
    "then and there", "before * hung up", "in 1 sitting", "while * waited",
)
_SPEED_MINUTES = (
    "fast_min", "~within|inside the|an hour", "by half|quarter past", "half|quarter|# past",
    # the idiom "before her coffee went cold" is a story (the normaliser writes it
    # "fast"); a bare "before the coffee" may be a schedule, so it needs the topic named
    "before lunch|noon|lunchtime", "~before * coffee|tea", "# o clock", "~before * meeting",
    "while * coffee|tea|kettle", "before * coffee|tea * cold", "same call|meeting",
    "before * finish|drink|drank|eat|ate * sandwich|lunch|coffee|tea|breakfast",
    "by the time * finish|drink|drank|eat|ate * sandwich|lunch|coffee|tea|breakfast",
    "seconds|minutes later",
    "before the end of the call|meeting", "before the meeting|call ended|was over",
    # a short everyday moment that has not run its course ("before the kettle has
    # boiled", "before the tea was poured"): the moment says the scale, its end the
    # speed; a bare "before lunch" above, a bare "before the coffee" needs the topic
    "back from lunch|break|lunchtime|coffee", "by lunch|lunchtime|noon|midday",
    "before * kettle|coffee|tea|cuppa|toast * boil|boiled|brew|brewed|poured|finished"
    "|cold|drunk|made",
    "by the time * kettle|coffee|tea|cuppa|toast * boil|boiled|brew|brewed|poured"
    "|finished|cold|drunk|made",
    # back where they were before going anywhere ("before they had gone back indoors")
    "before * gone|went|go|got|get|come|came|walked|walk back|indoors|inside|in",
)
_SPEED_DAYS = (
    f"by {_WEEKDAYS}|tomorrow", f"~{_WEEKDAYS} of the first week", "first thing",
    "~first|same week", "by the end of the week", "before the week|month * out|over|ended",
    "close of business|play", "by|before end of day",
    "~next|following day|morning", "over a|the weekend", "days not|instead * weeks|months",
    "~within|inside a|the week", "# days later", "~wrapped up", "~=done by",
    "before * went|go|going home", "before * end of the|their day",
    "by the middle|end of the|that month|week",
    # a week counted from the start ("taking real work by week eight")
    "by|in|within week #",
    # later the same day ("on the Monday morning ... by the afternoon he was picking")
    "by the afternoon|evening|teatime", "by the end of the shift|day",
)
_CUES: dict[str, tuple[str, ...]] = {
    FEWER: (
        # a change over time stands on its own; a bare "hardly any" needs its topic
        "~far|much|way|lot less|fewer", "half|third|quarter|fifth|sixth|tenth less|fewer",
        "~hardly|barely|rarely any|anyone|ever|anybody",
        "~had|saw|were|was none|0", "had|saw|were|was none|0 in|by|since|after|last|this",
        "none|0 since|after", "halved", "down from #",
        "went|dropped|fell|come|gone from * # * to * #",
        # a change from one count to another, whatever the verb ("took one customer from
        # forty trips a month to twenty-one"); its share must name the message
        "^from # * * to #",
        "went|dropped|fell from * * to hardly|almost|nearly|barely|virtually",
        "went|dropped|fell|come|gone from * # * * to hardly|almost|nearly|barely|virtually",
        "not|never happen * anymore", "not|never happen * any more",
        "~almost|nearly|practically|virtually nobody|noone|nothing",
        "~less often", "less and less", "fewer and fewer", "~almost|nearly never|none",
        "~no longer", "~anymore", "~any more", "~barely any", "~only a handful",
        "cut in half", "~down to #", "dropped|fell to # from", "not a|1 single * since",
        "have|has|had not had * since", "0 since", "~no more", "stopped happening",
        "^without a|1 single", "^vanished|disappeared|evaporated",
        # a share that fell ("50 percent fewer rings", "a fifth less"; "a fifth" is
        # written "20 percent"); the figure must be the message's (see _figure_ok)
        "# percent|% fewer|less|lower", "down|dropped|fell|cut by # percent|%|half|third",
        # under what it was: "a quarter under last year's", "a third below the old bill"
        "# percent|% under|below|cheaper", "half|third|quarter|fifth|tenth under|below",
        # a flow down to drops
        "down to a trickle|handful|couple", "off a cliff",
        "for every # * * * * #",
        # verbs that tell a fall whatever fell ("the enquiries fell away", "the calls
        # tailed off", "the backlog shrank")
        "fall|fell|falling|melt|melted|melting|fade|faded|fading|die|died|dying away",
        "tail|tailed|tailing|taper|tapered|tapering|die|died off",
        "plummeted|plunged|dwindled|shrank|shrunk|slumped|nosedived",
        # a bad thing that stopped arriving ("the daily rent stops showing up on your
        # invoices")
        "stop|stops|stopped showing|appearing|arriving|happening|landing|coming|turning",
        "~came|come|went|gone|brought|coming|going down",
        # a ratio to the old rate ("the helpline rings half as often")
        "half|third|quarter|fifth|tenth as often|many|much",
        # a fall told with its particle ("came down from five hundred to four hundred")
        "came|come|went|gone|go down from * # * to * #",
        # a sum that fell, whatever its unit ("dropped by a hundred and fifty thousand
        # pounds"; which share it is comes from what it is said of: _ratio_share)
        "dropped|fell|shrank|slashed|cut|down by * # pounds|dollars|euros|quid|grand|thousand"
        "|k|million",
        "# grand|thousand|k|pounds|dollars|euros|quid|million * less|lower|cheaper",
        # only a part is paid, the rest goes elsewhere ("handed over only the excess, and
        # the rest is settled between us and the underwriter")
        "the rest is|was|gets|got|goes|went settled|billed|paid|covered|charged|claimed",
        # the sum that was never spent ("that's eighteen grand he didn't spend")
        "^# grand|thousand|k|pounds|dollars|euros|quid|bucks|million * * * not|never spend"
        "|spent|pay|paid|lose|lost|waste|wasted|write",
    ),
    AUTOMATIC: (
        "^nobody|noone spends|types|touches|keys|enters|lifts|checks|chases|retypes|copies",
        # "must" as non-native speakers say "has to"; "nobody should" forbids, it tells
        # nothing done
        "^nobody|noone has|needs|must", "^no 1|person|human|people must|has|needs",
        "^no 1 has|needs|spends|types|touches|keys|enters|lifts|checks|chases|retypes|copies",
        "without anyone|anybody|lifting|touching|typing|us", "without * person|human|finger",
        "~without calling|phoning|ringing|booking|hiring|needing|waiting",
        "~@ing * themselves|himself|herself", "^sort|sorts|sorted * out themselves",
        "on its own", "by itself", "all by itself", "~happens|happened|=done for you",
        "takes care of itself", "~never has|have|need|needs to", "~already =done",
        # what the thing does to itself ("the register balances itself", "the diary
        # fills itself"): a verb, not a noun ("the product itself")
        "^@s itself",
        "just happens", "in the background", "on autopilot",
        "while * sleep|sleeps|slept|sleeping", "before anyone|anybody * looked|checked",
        # slept through what used to keep someone up ("the lads all slept right through
        # it"); a machine that came on by itself ("the sprays came on their own")
        "sleep|sleeps|slept|sleeping right|straight through",
        "sleep|sleeps|slept|sleeping through it|that|the",
        "came|come|comes|kicked|kicks on|in their|its own",
        # no effort at all, whoever is named ("nobody in the office lifted a finger")
        "lift|lifted|lifting|raise|raised a finger",
        # not a word of it written by the one who used to ("Jo doesn't write a word of it")
        "not|never write|wrote|written|type|typed|key|keyed a word|line|single",
        # nobody, then who, then the work: "no one on the team had to open it"
        "^nobody|noone * * had|has|needed|needs to",
        # nobody at it now ("nobody is copying figures off a printout any more")
        "^nobody|noone is|was|are|were @ing",
        # nobody's time at the task ("no nurse sits there keying values in", "nobody
        # spends the evening typing")
        "^no * sit there @ing", "^nobody|noone sit there @ing",
        "^no * spend * hour|evening|afternoon|morning|day|weekend|time @ing",
        "^nobody|noone spend * hour|evening|afternoon|morning|day|weekend|time @ing",
        "^no 1 * * had|has|needed|needs to",
        # the work is done before anyone comes to it ("the typing is already done when
        # she opens the case"); a bare "already done" is weak (above)
        "already =done|=filled|=completed|=entered|=typed|=written|=prepared * when|by",
        # the machine as the doer of a passive ("the bills are worked out and emailed by
        # the system"), or nobody in the process ("no clerk anywhere in the loop")
        "^by the|our|its system|software|platform|app|tool|computer|machine",
        "no * * in the loop",
        # the work someone is finished with ("your team is done with spreadsheets")
        "^=done|finished with",
        # the work not done since ("the nurses haven't keyed in a number since spring")
        "^have|has|had not * keyed|typed|entered|copied|written|filled|retyped * since",
        # waiting, done, when someone comes to it ("simply there on the patient's page
        # when she opens it")
        "^there|waiting|ready * * when * opens|open|opened|arrives|arrived|logs|gets|walks",
    ),
    PROTECTED: (
        "~found|had|got|left nothing", "nothing they|it|anyone could|can",
        "could|can|did not touch|lock|encrypt|delete|change|get|reach|read|open|wipe",
        "untouched", "~intact", "~still there|safe|clean|intact", "locked out",
        "bounced off", "nothing to lock|encrypt|steal|ransom|hold", "nothing was lost",
        "lost nothing", "did not lose * single|thing|byte|file|record|anything",
        "not a|1 single file|record|byte|backup * lost|touched|encrypted",
        # caught in time: something stopped before the harm ("held back with a marker
        # before a penny leaves", "stopped before it reached anyone"); the verbs as said,
        # not their lemmas: "the catch goes straight to the market" and "pulls up outside"
        # are a haul and an arrival
        "held|hold|holds|stopped|stops|=caught|=catches|blocked|blocks|frozen|halted|parked"
        "|=pulled|quarantined * * before",
        "held|hold|holds|holding back", "before a|1|any|the penny|cent|dollar|pound|euro",
        # nothing got past it ("not one bad clause slipped through")
        "^nothing|none|not * * slipped|slips|slip|got|gets|went through|past",
        "spotted|=caught|picked * * before|straight|immediately|first",
        # the system refuses what must not happen ("the planner simply couldn't put her
        # on that run", "the system does not let her go"); about the message's topic
        "^does|did|would|will|could|can not let|allow|put|assign|roster|schedule|book",
        # what was there stayed as it was ("the copies were sitting there exactly as
        # they'd been the night before", "every file as it was")
        "^exactly|just|still as * was|were|been|left", "^every|each * as it|they was|were",
        # the harm tried and refused ("nothing happened; it just isn't allowed to")
        "^not|never allowed|permitted to",
    ),
    ANYTIME: (
        "~sunday|saturday|weekend|weekends", "midnight", "late at night",
        "middle of the night", "sunday|saturday night|evening",
        "2|3|4|5|6|10|11 a|p m", "1|2|3|4|5 in the morning", "^night shift|shifts",
        "from the|their|her|his|my|your sofa|couch|bed",
        "after hours", "while * office|clinic|practice|desk|shop * closed",
        "at any|all hours", "~whenever they|you|she|he", "~day and night",
        "bank holiday", "christmas", "~at night", "on a|the weekend",
    ),
    LIVE_VIEW: (
        "watch|watched|watching|see|saw|seeing|sees * as it happens|happened|moves",
        # told as it happens to whoever must know: "her phone buzzed before ..."
        "phone|phones|mobile|mobiles|watch|pager|screen buzzed|buzzes|buzz|pinged|pings"
        "|beeped|beeps|lit|flashed|flashes",
        "~got|had|gets|get|received a ping|text|message|note|nudge|heads",
        "^hear|heard|hears about it",
        "ping|buzz|text|alert|notification|message on|to * phone|phones|mobile|mobiles",
        "first|last to know|hear",
        "~on her|his|their|the|my|your screen|phone|map|tablet", "as it happens|happened",
        "~in real time", "second by second", "~at a glance", "~where every",
        "~where each", "creeping|moving|crawling toward|towards|through",
        "knew|know|knows * exactly where", "could see where|which", "~knew where",
        "see * # stops|streets|minutes|miles away",
        # an alarm told as it goes off: whoever must know hears it as it happens ("the
        # siren up front was going", "the horn in the cabin was screaming")
        # (anchored: "the fire alarm went off at the party" is no story of a live map)
        f"^{_ALARMS} * * going|screaming|blaring|wailing|ringing|sounding|howling|shrieking",
        f"^{_ALARMS} went|goes|go|going off", f"^{_ALARMS} sounded|blared|wailed|rang|screamed",
        # shown while the thing is still arriving ("counted his allowance down as it came
        # aboard", "as they come in", "as the catch comes aboard"; not "as the new manager
        # came in": a named arrival only aboard, ashore or through)
        "as it|they|each * came|comes|come|arrived|arrives|arrive|landed|lands|rolled|rolls"
        " in|aboard|ashore|through|off",
        "as the * came|comes|come|arrived|arrives|arrive|landed|lands|rolled|rolls aboard"
        "|ashore|through",
    ),
    # who or what is where, told as the question answered on the spot ("the office can
    # say who climbed on and who climbed down"); a bare "you know where they are" is
    # the claim's own words, not a story
    WHEREABOUTS: (
        "^can|could say|tell * who|where|which|whose", "knew|know|knows * exactly where|who|which",
        "could|can see where|which|who|whose",
    ),
    ONE_PLACE: (
        "stop|stopped juggling|switching", "no more juggling|switching",
        "~instead of #|several",
        "# tools|apps|logins|dashboards|vendors|bills|screens|systems|consoles|products"
        "|tabs|spreadsheets", "~all there|in there",
        "~1 login|place|screen|bill|dashboard|invoice|view|app|tool|console|window|contract",
        "all in 1", "everything in 1|1 place", "~single login|place|screen|bill|dashboard",
        "~single pane", "1 number to call", "~1 vendor|supplier|bill|invoice",
    ),
    FLAT_PRICE: (
        "bill|price|cost|invoice * stays|stay|stayed the same",
        # the sum after the growth, set beside the one before ("the invoice in June was the
        # same as in January")
        "bill|price|cost|invoice|fee|charge|subscription * was|is|came|come|remained the same",
        "without * bill|price|cost|invoice * going up|rising|growing|changing",
        "does|did|do not cost|pay * more|extra",
        "add|adding * laptops|devices|machines|users|seats|people|phones * free|same",
        # the same sum whatever is sent ("says the same forty-five quid every time")
        "same # * every|each time", "same * every|each time|month|invoice",
        "no|without * extras|surcharge|surcharges", "no|without * add ons",
        # the sum does not follow the quantity ("whatever the length of the packing list")
        "whatever the|its|their length|size|number|count|volume|weight",
        # the sum that did not move when the quantity did ("their invoice didn't change
        # by a penny")
        "not|never change|changed|move|moved|budge|budged|rise|rose|go|went * a|1|single"
        " penny|cent|pound|dollar|euro|dime",
        "no matter how many|much|long|big|large", "however many|much|long|big|large",
        # either way the same ("whether it's three lines or three hundred")
        "whether * * or #",
    ),
    PAYBACK: (
        "paid|pays|pay for itself|themselves", "~paid|pays|pay * back",
        "saved|saves|save * more than * cost|paid|spent|price",
        "saved|savings|saving|save|saves * paid|pay|pays|covered|covers|cover"
        " * subscription|licence|license|cost|fee",
        "savings|saving * covered|cover|covers|paid|pay * licence|license|cost|bill|subscription",
        "~covered|covers|cover the cost", "covered|covers|cover the licence|license|subscription",
        "~money in the bank",
        "~in the black|green", "~money back", "broke|break|breaks even",
        "earned|made|got * money back",
    ),
    AUDIT: (
        "passed|sailed|breezed|got through * audit|audits|inspection|review",
        "auditor|auditors|inspector|inspectors * sign * off",
        "no|0 findings", "auditor|auditors|inspector|inspectors * signed off",
        # (a slot of its own: "signed off|left" read as "signed off" or "signed left")
        "auditor|auditors|inspector|inspectors * left|finished|done",
        "~auditor|auditors|inspector|inspectors * happy|satisfied|impressed",
        "~clean report|opinion|audit", "in and out",
    ),
    # more of a good thing: told as the figure that rose, or as the strain of growth
    MORE: (
        # a rising figure is growth of what the clause names ("headcount went from 40 to
        # 60" is no claim about meetings)
        "^went|jumped|grew|rose|gone|climbed|come from * # * to * #", "doubled|tripled",
        "^from # * * to #",
        "twice|# times as many|much", "# times more", "# percent|% more", "booked solid",
        "up|rose|jumped|grew|climbed|increased by # percent|%",
        # before and now as a ratio: "for every four dogs who used to come, five come now"
        "for every # * * * * #",
        "fully booked", "~calendar|calendars"
        "|diary|diaries * full", "keep up with", "record month|quarter|year|week",
        "best month|quarter|year|week * ever", "from half empty",
    ),
    # right, not roughly right: told as how little it was off
    ACCURATE: (
        "off by only|just|a|less", "spot on", "bang on", "to the dollar|cent|penny|pound|euro",
        "right to the", "nailed * number|forecast|it", "within a few|couple * of",
        # how small the error was ("balanced to the last millilitre", "not one
        # discrepancy")
        "to the last|nearest", "not a|1 single * mistake|error|discrepancy|typo",
        "no|0 mistakes|errors|discrepancies|typos",
    ),
    # on time, up, never failing: told as the failures that did not happen
    RELIABLE: (
        # a few failures out of many ("a handful of late drops out of twelve thousand")
        "handful|couple|few * late|missed|failed|failure|outage|complaint|error * out of #",
        "not a|1 single * late|missed|failed|outage"
        "|down|failure", "never * late|missed|failed", "never went|goes|was|been|is down",
        "not once * late|missed|down|failed",
        "did not miss a beat",
        "without a hitch", "like clockwork", "~went quiet", "~every single * on time",
    ),
    # money that comes back to the buyer: told as the cheque, the sum found, the leak
    # that stopped ("HMRC sent them a cheque", "one pound in twenty they were giving away")
    RECOVERED: (
        "sent|sends|send|got|gets|get|received|wrote|writes * cheque|check|refund|rebate",
        "cheque|check|refund|rebate for #", "money|cash|pounds|dollars * comes|came|come back",
        "found|finds|recovered|recovers|won|wins * # * pounds|dollars|euros|grand|thousand|k",
        "clawed|claws|won|wins|got|gets back * # * pounds|dollars|euros|grand|thousand|k",
        "^giving|gave|give|gives * away", "stops|stopped|stop leaking|slipping",
        "~money|cash back",
    ),
    # hours given back: told as leaving earlier, or the evening that is theirs again
    TIME_BACK: (
        "# hours|minutes earlier", "home|out|leave|leaves|left|off * earlier",
        "home|leave|leaves|left on time", "home for dinner|tea|bedtime",
        "evenings|weekends|lunch|lunches|lunchtime * back", "~=finished|done by #",
        "out the door by|at #",
        # the hours themselves handed back ("gives back about an hour per vet per day")
        "give|gives|gave|giving|get|gets|got * back * # hours|minutes", "# hours|minutes * back",
        # an hour more of their own ("like an extra hour for them every day"; not "stayed
        # an extra hour to key it in")
        "extra|spare hour|hours|evening|afternoon|morning for|with|back|off",
        "extra|spare # hour|hours|minutes for|with|back|off",
        # the hour someone leaves, set against the hour they used to ("leaving at six
        # instead of seven", "home by five, not half past six")
        "leave|leaving|left|home|finish|finishing|finished|off|out|go|going|gone|went * at"
        "|by # instead|rather|not * #",
        # what the freed time went on ("spent the rest of those days finally redoing the
        # website", "finally got round to the garden")
        "^spent|spend|spends|spending the rest of",
        "finally got|gets|get|getting round|around to",
    ),
    # done once and never again: "settled the first time", "nobody has to ask again"
    ONCE: (
        "the first time", "once and for all", "only|just once",
        # nobody doing it again ("nobody has to ask again"); "never miss it again" is
        # a bad thing gone, not work done once
        "nobody|noone * * again", "no 1 * * again", "a second time", "~twice",
        # two jobs in one trip ("they bring them home on the way round", "the lads grab
        # it while they're dropping off"): the second journey is never made
        "on the way round|back|home|past", "while * dropping|delivering|passing",
        # done once and used again ("settled once and used again every time it ships")
        "once and * * again", "used|reused again",
        "same round|run|trip|visit|journey|van", "back on the drop|delivery|run|round",
        # the journey that is no longer made ("no extra trip", "without a second visit")
        "no|without * extra|second|separate|special|another trip|journey|run|visit|drive"
        "|round|callout",
    ),
    # business as usual while it arrives: told as what went on as before ("the tills
    # never blinked", "they kept the phones they had", "nobody had to learn a thing")
    UNDISTURBED: (
        "never|not blinked|flickered|stopped|paused|closed|shut|dipped", "never|not went off",
        "did not|never skip|miss a beat", "business as usual", "~as normal|usual",
        "kept|stayed open|running|trading|serving|working|selling|on",
        "carried|carry|carrying on", "~kept going",
        "did not|never have|had|need|needed to buy|change|learn|close|shut|switch|turn|install"
        "|replace|rip|unplug|move|download",
        "nothing new to buy|learn|install", "~already had|have|use|used|using",
        "~the same phones|laptops|screens|racks|shelves|system|software|kit|equipment",
        "without closing|shutting|switching|turning|unplugging|stopping",
        "nobody|noone * * learn|learned|learnt * new",
    ),
    # the customer does it from where they are, and no office hears of it: told as
    # the phone in their hand, the office that never saw it, the letter never sent
    SELF_SERVE: (
        "from her|his|their|my|your|the phone|phones|mobile|mobiles|sofa|couch|bed",
        "without writing|calling|ringing|phoning|emailing|asking * anyone|anybody|us|office",
        "without calling|ringing|phoning|booking|hiring|needing a|an garage|mechanic|engineer"
        "|technician|electrician|fitter|installer",
        "office|reception|desk|helpdesk|staff never|not * heard|handled|handle|handles"
        "|touched|saw|knew",
        "no|without envelope|envelopes|stamp|stamps|letter|letters",
        "did|do|does the lot|everything|it all * themselves|from",
    ),
    # nothing to learn, one step: told as someone just doing it
    EASE: (
        "press|hit|click|tap|push * button", "never|not * sat|took|did|needed|had * course"
        "|training|class|manual", "nothing to learn", "got the hang", "~first day",
        "~figured * out", "without * manual|course|training|instructions",
        "^did not need|have to know", "~just opened|open * it",
    ),
}


# Past forms no suffix rule reaches, as they appear in stories ("it came back", "she
# sat through a course"); the stemmer's own table covers the commonest.
_PAST = {
    "came": "come", "took": "take", "taken": "take", "caught": "catch", "sat": "sit",
    "fell": "fall", "fallen": "fall", "got": "get", "gotten": "get", "gave": "give",
    "given": "give", "left": "leave", "knew": "know", "known": "know", "told": "tell",
    "found": "find", "had": "have", "has": "have", "was": "be", "were": "be",
    "made": "make", "felt": "feel", "heard": "hear", "stood": "stand", "goes": "go",
    "does": "do", "broke": "break", "broken": "break", "slept": "sleep", "woke": "wake",
    "began": "begin", "begun": "begin", "ourselves": "itself", "themselves": "itself",
    "himself": "itself", "herself": "itself", "yourself": "itself", "myself": "itself",
    "yourselves": "itself",
}  # fmt: skip


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """The form a cue word is matched on, so that a cue written in one tense or person
    matches the others ("disappears", "disappeared"; "take care of themselves", "took
    care of itself"). Comparatives stay as said: "faster" is a claim, not an outcome."""
    if word.endswith(("er", "est")) or not word.isalpha():
        return word
    w = stem(_PAST.get(word, word))
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


# Everyday idioms for each kind, told the same way whatever the product: general
# English, not any one playbook's wording.
_EVERYDAY: dict[str, tuple[str, ...]] = {
    FEWER: (
        "thing of the past", "once in a blue moon", "count * on 1 hand", "~dried up",
        "~rarely if ever", "~went away", "~gone quiet|away",
    ),
    AUTOMATIC: (
        "runs|ran itself", "set and forget", "~hands off", "~does|did it for you|them",
        "~takes|took care of it|everything", "~handles|handled it|everything",
        "just shows|showed|pops|popped up", "just appears|appeared",
        "~already there|sitting|waiting",
    ),
    PROTECTED: (
        "got nowhere", "walked|came away with nothing", "could not get in",
        "~slept|sleep soundly", "~sleep at night", "~safe and sound",
    ),
    ANYTIME: ("in their|her|his|my|your pyjamas", "~on holiday", "from the beach"),
    LIVE_VIEW: ("~saw|see it coming", "before the driver|customer|caller * called|rang"),
    ONE_PLACE: ("1 place to look", "all in 1 spot|place", "~under 1 roof"),
    PAYBACK: ("covered|covers * cost in", "made|makes * its money back", "earned|earns it back"),
    AUDIT: ("~no questions asked", "auditor|auditors * happy|satisfied * in|within"),
    EASE: ("out of the box", "~just worked", "worked * first time", "plug and play",
           "a child could", "grandmother|grandma|granny could"),
    RELIABLE: ("rock solid", "~always there", "never * let * down", "not a single * outage"),
}
# An idiom can be said of anything ("fax machines are a thing of the past"): each tells
# the outcome only with the message's topic named (anchored, "^"), or is weak ("~").
for _kind, _idioms in _EVERYDAY.items():
    _CUES[_kind] = _CUES[_kind] + tuple(i if i[0] in "~^" else "^" + i for i in _idioms)


@dataclass(frozen=True, slots=True)
class _Pattern:
    slots: tuple[frozenset[str] | None, ...]  # None: a gap of up to three tokens
    anchored: bool = False  # told only with something of the message named near it
    weak: bool = False  # ... and even then half the evidence


def _slot_word(word: str) -> str:
    """A cue word as matched: its lemma, or as written where it starts with "=" (a
    state, not the act: "restored" tells an outcome, "restore" is the claim itself)."""
    return word[1:] if word.startswith("=") else lemma(word)


def _pattern(text: str) -> _Pattern:
    weak = text.startswith("~")
    anchored = weak or text.startswith("^")
    slots = tuple(None if s == "*" else frozenset(map(_slot_word, s.split("|")))
                  for s in text.lstrip("~^").split())
    return _Pattern(slots, anchored, weak)


def _slot_ok(slot: frozenset[str], word: str, lem: str) -> bool:
    return lem in slot or word in slot or ("#" in slot and word[:1].isdigit()) or (
        "@ing" in slot and len(word) > 5 and word.endswith("ing")) or (
        "@s" in slot and _third_person(word, lem))


def _third_person(word: str, lem: str) -> bool:
    """Whether a word may be a verb's present third person ("balances", "fills"): an
    -s that lemmatises away, not the -s of "process", "analysis", "bus"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")) and (
        lem != word)


def _gaps(p: _Pattern, words: Sequence[str], lems: Sequence[str], i: int,
          k: int = 0) -> list[int] | None:
    """The positions the "*" slots skip in the match of slots[k:] at word i (the match
    _match_at finds), or None where there is no match."""
    if k == len(p.slots):
        return []
    slot = p.slots[k]
    if slot is None:
        for skip in range(4):
            rest = _gaps(p, words, lems, i + skip, k + 1)
            if rest is not None:
                return list(range(i, i + skip)) + rest
        return None
    if i < len(words) and _slot_ok(slot, words[i], lems[i]):
        return _gaps(p, words, lems, i + 1, k + 1)
    return None


def _match_at(p: _Pattern, words: Sequence[str], lems: Sequence[str], i: int,
              k: int = 0) -> int | None:
    """The end (exclusive) of a match of slots[k:] starting at word i, or None."""
    if k == len(p.slots):
        return i
    slot = p.slots[k]
    if slot is None:
        for skip in range(4):
            end = _match_at(p, words, lems, i + skip, k + 1)
            if end is not None:
                return end
        return None
    if i < len(words) and _slot_ok(slot, words[i], lems[i]):
        return _match_at(p, words, lems, i + 1, k + 1)
    return None


@dataclass(frozen=True, slots=True)
class _Cues:
    """One kind's patterns, indexed by the words they can start with."""

    by_word: dict[str, tuple[_Pattern, ...]]
    any_word: tuple[_Pattern, ...]  # starting with "#", "@ing" or "@s"

    def candidates(self, lem: str, word: str) -> tuple[_Pattern, ...]:
        extra = self.by_word.get(word, ()) if word != lem else ()
        return self.by_word.get(lem, ()) + extra + self.any_word


def _index(patterns: Sequence[_Pattern]) -> _Cues:
    by_word: dict[str, list[_Pattern]] = {}
    any_word: list[_Pattern] = []
    for p in patterns:
        first = p.slots[0]
        assert first is not None, "a pattern starts with a word"
        if first & {"#", "@ing", "@s"}:
            any_word.append(p)
        for w in first - {"#", "@ing", "@s"}:
            by_word.setdefault(w, []).append(p)
    return _Cues({w: tuple(ps) for w, ps in by_word.items()}, tuple(any_word))


@dataclass(frozen=True, slots=True)
class Told:
    """Where a clause tells an outcome, and how strongly (see the cue patterns)."""

    start: int
    end: int  # exclusive
    anchored: bool  # counts only with the message's topic named
    weak: bool  # half the evidence
    share: float | None = None  # the share a change told as two figures comes to
    days: int | None = None  # the days a story told by two weekdays took
    hours: float | None = None  # the hours a story told by two clock times took
    gaps: tuple[int, ...] = ()  # words a "*" of the cue skipped: the story's, not the cue's
    stated: bool = False  # the share tells only of a message that states that figure


def find(cues: _Cues, words: Sequence[str]) -> Told | None:
    """The strongest cue in `words` (the first of those)."""
    found: Told | None = None
    lems = [lemma(w) for w in words]
    for i, lem in enumerate(lems):
        for p in cues.candidates(lem, words[i]):
            end = _match_at(p, words, lems, i)
            if end is not None and end > i:
                told = Told(i, end, p.anchored, p.weak)
                if not p.anchored:
                    return told
                if found is None or (found.weak and not p.weak):
                    found = told
    return found


# what a message claims "without anyone" (the first, "nobody types ..." patterns)
_AUTOMATIC_CLAIMS = _index([_pattern(c.lstrip("~")) for c in _CUES[AUTOMATIC][:3]])

# --- what a message claims ---------------------------------------------------------------

_MINUTE_UNITS = frozenset({"seconds", "second", "minutes", "minute", "hours", "hour"})
_HOUR_UNITS = frozenset({"hours", "hour"})
_HOURS_LIMIT = 12  # "in two hours" is told in minutes; "within 24 hours" in days
_DAY_UNITS = frozenset({"days", "day"})  # weeks are written as days by the normaliser
_FAST_KEYS = frozenset(canonical(w) for w in ("fast", "instant", "immediate", "quick"))
_FEWER_KEYS = frozenset(canonical(w) for w in (
    "reduce", "less", "fewer", "eliminate", "prevent", "avoid", "stop", "lower", "halve",
    "disappear", "vanish"))
# a bad thing gone: "no more port storage fees", "owners no longer pay up front"
_FEWER_CLAIMS = _index([_pattern(c) for c in (
    "no more|longer", "all but", "almost|nearly|nearly|close to 0|nothing|none", "never again",
    # a rate told as a part of the old one ("drive out half as often")
    "half|third|quarter|fifth|tenth as often|many|much",
    # a fall by a share ("lost towels fall by 40%", "drop by a third")
    "fall|falls|fell|drop|drops|dropped|shrink|shrinks|down by #|half|third|quarter")])
# money back to the buyer: "claim it back for you", "recovering revenue that slipped"
# (as said: "restore" shares a key with "recover", and a restore is no money back)
_REFUND_WORDS = frozenset({"refund", "refunds", "refunded", "overpaid", "overcharged",
                           "rebate", "rebates", "recoup", "recoups", "recouped"})
# ... and words that win money back where money is named ("recovering 5% of revenue"; to
# recover a folder is no money)
_RECOVER_WORDS = frozenset({"recover", "recovers", "recovered", "recovering", "reclaim",
                            "reclaims", "reclaimed"})
_MONEY_KEYS = frozenset(canonical(w) for w in (
    "money", "revenue", "duty", "tax", "cost", "cash", "pound", "dollar", "euro", "spend",
    "payment", "invoice", "charge", "income", "profit", "margin"))
_RECOVERED_CLAIMS = _index([_pattern(c) for c in (
    "claim|claims|claimed|get|gets|win|wins * back",
    "slip|slipped|slips|leak|leaked|leaks through|away")])
# hours given back: "saving an hour a day", "gives each vet back an hour"
_TIME_BACK_CLAIMS = _index([_pattern(c) for c in (
    "save|saves|saving|saved|gives|give|giving * # hours|minutes",
    "# hours|minutes * back", "# hours|minutes saved")])
# done once, used again: "classified once and reused", "nobody types it twice"
# two jobs in one trip: "pick up empties on the same run as deliveries"
_SAME_TRIP = _index([_pattern("same run|trip|round|visit|journey|call|stop as")])
_ONCE_WORDS = frozenset({"reuse", "reused", "reuses", "twice", "retype", "retyping",
                         "rekey", "rekeying", "reenter", "reentering"})

# work nobody has to do: "so staff never have to type anything", "with no extra work"
_NOBODY_HAS_TO = _index([_pattern(c) for c in (
    "never|not have|has|need|needs to type|enter|key|write|copy|retype|rekey|chase|count"
    "|fill|log",
    "no extra|more|manual work|effort|typing|admin|paperwork",
)])
_AUTO_KEYS = frozenset(canonical(w) for w in ("automatic", "automatically"))
_LIVE_KEYS = frozenset(canonical(w) for w in (
    "live", "real-time", "realtime", "see", "track", "watch", "visibility",
    # told to whoever must know as it happens
    "alert", "alerts", "warn", "warned", "warning", "notify", "notified", "notification",
    "alarm", "alarms", "siren", "sirens",
    "reminder", "reminders", "remind",
))
# knowing where things are is seeing them: "the school knows exactly who is on each bus"
_KNOW_WHERE = _index([_pattern("know|knows|knowing exactly|where|which|who|whose")])
# how often it is told: "every fifteen minutes", "each hour"
_FREQUENT = _index([_pattern(c) for c in ("every|each # seconds|minutes|second|minute|hour",
                                          "every|each hour|minute")])
# nothing new to buy, learn, build or switch off
_UNDISTURBED_CLAIMS = _index([_pattern(c) for c in (
    "existing", "no|without * construction|downtime|shutdown|setup|migration|hardware"
    "|installation|code|disruption",
    "without cutting|shutting|stopping|closing|replacing|changing|switching|turning",
    "nothing to install|buy|learn|set", "nobody|noone learns|learn|needs", "no 1 learns|needs",
    "no new tool|app|system|software|hardware|device|devices",
    "inside|within|in * word|excel|outlook|gmail|slack|teams|salesforce",
)])
_ONE_WORDS = frozenset({"1", "single", "unified", "same"})
# done by the customer: "book their own appointments", "restore any folder yourself",
# "book ... from their phone"
_OWN_WORDS = frozenset({"themselves", "yourself", "yourselves", "himself", "herself"})
_SELF_SERVE_CLAIMS = _index([_pattern(c) for c in (
    "from|on their|your|his|her|a|the phone|phones|mobile|mobiles|app",
    "self service|serve", "selfservice")])
_PLACE_WORDS = frozenset({"place", "console", "platform", "screen", "dashboard", "bill",
                          "login", "view", "tool", "app", "contract", "invoice", "pane",
                          "inbox", "portal", "hub", "system", "feed", "queue", "calendar",
                          "record", "database", "number", "account", "window", "list"})
_FLAT_WORDS = frozenset({"flat", "fixed"})
# (as said: the normaliser gives "price", "fee", "pay" and "spend" one key)
_PRICE_WORDS = frozenset({"price", "prices", "pricing", "priced", "fee", "fees"})
_PAID_WORDS = _PRICE_WORDS | {"pay", "cost", "costs", "charge", "charges", "rate", "bill"}
_SAME_DAY = _index([_pattern(c) for c in (
    "same day", "next|following * day", "overnight", "first day",
    "in a|1|single * afternoon|morning|evening",
)])
# nobody waits: "so nobody queues at the fish office" (said of the people, a result; "pay
# without queueing" says how the payment is made, not how fast anything is)
_NO_WAIT = _index([_pattern(c) for c in (
    "nobody|noone queues|queue|queued|waits|wait|waited|lines",
    "no 1|one queues|queue|queued|waits|wait|waited")])
_WITHIN_HOUR = _index([_pattern("within|inside|in the|an hour")])
# ("return" only as "return on ...": a duty return is a form, not a payback)
_PAYBACK_KEYS = frozenset(canonical(w) for w in ("payback", "roi", "recoup"))
_AUDIT_KEYS = frozenset(canonical(w) for w in ("audit", "auditor", "compliance", "compliant",
                                               "certified", "certification", "inspection"))
# Words that say the claim's kind, not what it is about ("drop", "cut", "fast"): they
# name no message's topic, so a story is never credited to a message for sharing them.
CHANGE_KEYS = frozenset(canonical(w) for w in (
    "drop", "cut", "fall", "reduce", "less", "fewer", "lower", "halve", "shrink", "decrease",
    "fast", "quick", "quickly", "instant", "instantly", "automatic", "automatically",
    "increase", "grow", "rise", "improve", "faster", "save", "more",
))  # fmt: skip
_EASE_KEYS = frozenset(canonical(w) for w in ("easy", "easily", "simple", "simply",
                                              "intuitive", "effortless"))
# training is a topic ("training records"); only its absence claims ease
_NO_TRAINING = _index([_pattern(c) for c in (
    "without|no * training|course|consultant|expert", "not * need * training|course")])
_MORE_KEYS = frozenset(canonical(w) for w in (
    "increase", "grow", "growth", "boost", "double", "triple", "raise", "win"))
_MORE_CLAIMS = _index([_pattern(c) for c in (
    "# percent more|higher", "twice|# times as", "# times more|higher|larger")])
_ACCURATE_KEYS = frozenset(canonical(w) for w in (
    "accurate", "accuracy", "precise", "precision", "exact", "exactly", "correct"))
_RELIABLE_KEYS = frozenset(canonical(w) for w in (
    "reliable", "reliability", "uptime", "availability", "dependable", "punctual"))
_RELIABLE_CLAIMS = _index([_pattern(c) for c in (
    "on time", "ontime", "inside|within the * window", "never late|down|fails|fail|miss")])
_STEP_WORDS = frozenset({"click", "tap", "button", "step", "touch"})
_DAYS_LIMIT = 60  # "in three days", "live in eight weeks": a speed claim; a quarter is not
_ANYTIME_PATTERNS = _index([_pattern(c) for c in (
    "day and|or night", "any hour|time", "anytime", "weekend|weekends", "after hours",
    "24 hours",
)])
_PROTECT_PATTERNS = _index([_pattern(c) for c in (
    "can|could not|never", "nobody|noone * * can", "no 1 * * can", "cannot",
    # "nobody with an expired ticket gets on site"
    "nobody|noone with * * gets|get|goes|go on|in|onto|through|past",
    "immutable|tamperproof",
    "locked", "untouchable",
    # what it catches: "it flags every clause that breaks the playbook"
    "flags|spots|catches|detects|highlights|intercepts|blocks|stops * every|any|all",
    # caught before the harm: "flagged before payout", "blocked before it reaches anyone"
    "flag|flagged|catch|caught|block|blocked|stop|stopped|detect|detected|intercept"
    "|intercepted|halt|halted|hold|held|quarantine|quarantined * before",
)])
# Work done for people, not by them: "the paperwork is filled in for them", "forms come
# pre-filled", "done for you"
_DONE_FOR = _index([_pattern(c) for c in (
    "=filled|=done|=completed|=entered|=typed|=prepared|=populated|=written|=drafted"
    " * for you|them|him|her|us|your|their|his|every|each",
    "pre =filled|=populated|=completed|=built|=drafted", "prefilled|prepopulated",
)])


def claim_kinds(texts: Sequence[str]) -> dict[str, str | None]:
    """The kinds of benefit a message's statement and evidence claim, each with its time
    scale where that matters ("minutes" or "days" for speed)."""
    kinds: dict[str, str | None] = {}
    for text in texts:
        words = _plain_days(tokens(text))
        keys = {canonical(w) for w in words}
        claimed = _claimed_kinds(words, keys)
        if PAYBACK not in claimed:
            # "pays for itself within eight weeks": how soon it pays, not how fast it works
            _claim_speed(words, keys, kinds)
        for kind in claimed:
            kinds[kind] = None
        part = _part_of(words) if FEWER in claimed else None
        if part is not None:
            kinds[FEWER] = part
        grown = _multiple_of(words) if MORE in claimed else None
        if grown is not None:
            kinds[MORE] = grown
    return kinds


# a rate said as a part of the old one: "half as often", "a third as many"
_PARTS = {"half": 50.0, "third": 66.7, "quarter": 75.0, "fifth": 80.0, "tenth": 90.0}


def _part_of(words: Sequence[str]) -> str | None:
    """The share by which a rate told as a part of the old one falls ("half as often" is
    50, "a quarter as many" 75; "halving", "cut in half" 50), as the figure a story's
    share is held to; None if none."""
    if says_halving(words):  # "halving the rent in arrears", "late money halves"
        return str(float(HALF_SHARE))
    return next((str(_PARTS[a]) for a, b, c in zip(words, words[1:], words[2:], strict=False)
                 if a in _PARTS and b == "as" and c in ("often", "many", "much")), None)


def _multiple_of(words: Sequence[str]) -> str | None:
    """The share by which a claim told as a verb of multiplying rises ("doubling" is 100,
    "tripled" 200), as the figure a story's share is held to; None if none."""
    return next((str(float(RISES[w])) for w in words if w in RISES), None)


_PERIODS = frozenset({"day", "days", "week", "weeks", "month", "months"})
# (working and business days are scaled by the normaliser already: _working_time)
_DAY_KINDS = frozenset({"calendar", "school"})


def _plain_days(words: list[str]) -> list[str]:
    """"5 school days" as "5 days": the kind of day does not change the scale."""
    return [w for i, w in enumerate(words)
            if not (w in _DAY_KINDS and 0 < i < len(words) - 1 and words[i - 1][:1].isdigit()
                    and words[i + 1] in _PERIODS)]


_RATES = frozenset({"daily", "weekly", "monthly", "nightly", "yearly", "annually"})


def _per_period(words: Sequence[str], i: int) -> bool:
    """Whether words[i:] say "a week", "per day", "weekly" (the normaliser writes "a
    week" as "7 days"): a duration so said is a rate, not a speed."""
    nxt = words[i : i + 2]
    if nxt[:1] and nxt[0] in _RATES:
        return True  # "five-minute weekly lessons"
    return len(nxt) == 2 and (nxt[0] in ("a", "per", "each", "every") or nxt[0][:1].isdigit()
                              ) and nxt[1] in _PERIODS


def _claim_speed(words: list[str], keys: set[str], kinds: dict[str, str | None]) -> None:
    """Record a speed claim in `kinds` with its time scale: "minutes" for a short
    duration, "days" for a day or so, None for "fast" said without one."""
    rate = -1  # where the period of a rate ends ("ten minutes a week": no speed)
    for i, w in enumerate(words[1:], 1):
        if words[i - 1][:1].isdigit() and _per_period(words, i + 1):
            rate = i + 2
        if words[i - 1][:1].isdigit() and words[i - 2 : i - 1] not in (["every"], ["each"]) \
                and i > rate:
            # ("updated every ten seconds" is how often, not how fast; "five minutes a
            # week" is how long something lasts)
            if w in _MINUTE_UNITS and (w not in _HOUR_UNITS
                                       or float(words[i - 1]) < _HOURS_LIMIT):
                kinds[SPEED] = "minutes"
            elif w in _HOUR_UNITS:
                kinds.setdefault(SPEED, "days")  # "within 24 hours": by tomorrow
            elif w in _DAY_UNITS and float(words[i - 1]) <= _DAYS_LIMIT:
                kinds.setdefault(SPEED, "days")
    if find(_WITHIN_HOUR, words):
        kinds[SPEED] = "minutes"
    if keys & _FAST_KEYS:
        kinds.setdefault(SPEED, None)
    if find(_SAME_DAY, words):
        kinds.setdefault(SPEED, "days")
    if find(_NO_WAIT, words):
        kinds.setdefault(SPEED, None)  # "so nobody queues at the office": no wait at all


def _claimed_kinds(words: list[str], keys: set[str]) -> list[str]:
    """The kinds other than speed one text claims, in the order they are checked."""
    claimed = []
    if keys & _FEWER_KEYS or find(_FEWER_CLAIMS, words):
        claimed.append(FEWER)
    if _REFUND_WORDS & set(words) or ((_RECOVER_WORDS & set(words) or find(
            _RECOVERED_CLAIMS, words)) and keys & _MONEY_KEYS):
        claimed.append(RECOVERED)
    if _ONCE_WORDS & set(words) or _once(words) or find(_SAME_TRIP, words):
        claimed.append(ONCE)
    if find(_TIME_BACK_CLAIMS, words):
        claimed.append(TIME_BACK)
    if _claims_automatic(words, keys):
        claimed.append(AUTOMATIC)
    if find(_PROTECT_PATTERNS, words):
        claimed.append(PROTECTED)
    if find(_ANYTIME_PATTERNS, words):
        claimed.append(ANYTIME)
    if keys & _LIVE_KEYS or find(_FREQUENT, words):
        claimed.append(LIVE_VIEW)
    if any(a in _ONE_WORDS and words[i + 1 : i + 2] != ["of"]
           and _PLACE_WORDS & set(words[i + 1 : i + 4]) for i, a in enumerate(words)):
        claimed.append(ONE_PLACE)  # "one console", "one shared inbox"
    if find(_UNDISTURBED_CLAIMS, words):
        claimed.append(UNDISTURBED)
    if find(_KNOW_WHERE, words):
        claimed.append(WHEREABOUTS)
    if find(_SELF_SERVE_CLAIMS, words) or _OWN_WORDS & set(words) or _their_own(words):
        # (what the buyer's customers do for themselves, not "it keeps itself current")
        claimed.append(SELF_SERVE)
    if keys & _PAYBACK_KEYS or _return_on(words) or (
            "back" in words and canonical("earn") in keys) or (
            "pays" in words and "itself" in words):
        claimed.append(PAYBACK)
    if keys & _AUDIT_KEYS:
        claimed.append(AUDIT)
    if keys & _MORE_KEYS or find(_MORE_CLAIMS, words):
        claimed.append(MORE)
    if keys & _ACCURATE_KEYS:
        claimed.append(ACCURATE)
    if keys & _RELIABLE_KEYS or find(_RELIABLE_CLAIMS, words):
        claimed.append(RELIABLE)
    if keys & _EASE_KEYS or find(_NO_TRAINING, words) or any(
            a in _ONE_WORDS and b in _STEP_WORDS for a, b in pairwise(words)):
        claimed.append(EASE)
    if _flat_price(words):
        claimed.append(FLAT_PRICE)
    if _share_of_all(words):
        claimed.append(SHARE_OF)
    return claimed


_CHANGE_AFTER = frozenset({"more", "less", "fewer", "faster", "lower", "higher", "cheaper",
                           "off", "cut", "drop", "reduction", "increase", "saving", "savings"})


def _share_of_all(words: Sequence[str]) -> bool:
    """Whether a text claims a share of all of something that gets the benefit ("nine out
    of ten get their first choice", written "90 percent get"): a share as said, not a
    change ("30 percent more", "cut by 15 percent")."""
    return any(w[:1].isdigit() and b in ("percent", "%") and 50 <= float(w) < 100
               and a not in ("by", "to") and c not in _CHANGE_AFTER
               for a, w, b, c in zip(["", *words], words, [*words[1:], ""],
                                     [*words[2:], "", ""], strict=False)
               if w.replace(".", "", 1).isdigit())


def _flat_price(words: Sequence[str]) -> bool:
    """A price that does not grow: "a flat fee", "pricing is per terabyte"; "what others
    pay per hour" or "cost per lane" is a figure shown, not how the buyer pays."""
    said = set(words)
    return bool((_FLAT_WORDS & said and said & _PAID_WORDS)
                or ("per" in said and said & _PRICE_WORDS))


def _their_own(words: Sequence[str]) -> bool:
    """"book their own appointments": the customer does it; "go out on their own" is
    work done by nobody (automatic), not by the customer."""
    if words[:1] == ["it"]:
        return False  # "it flags every clause that breaks your own playbook"
    return any(w == "own" and i > 1 and words[i - 1] in ("their", "your", "his", "her")
               and words[i - 2] not in _PREPOSITIONS and not _third_person(
                   words[i - 2], lemma(words[i - 2])) for i, w in enumerate(words))


# before "their own": what the product does to the buyer's things ("against your own
# rules", "on their own")
_PREPOSITIONS = frozenset({"on", "against", "to", "with", "into", "in", "from", "of", "for",
                           "by", "at"})


def _return_on(words: Sequence[str]) -> bool:
    """"return on investment", "a return on the licence": a payback, not a form."""
    return any(a == "return" and b == "on" for a, b in pairwise(words))


def _once(words: Sequence[str]) -> bool:
    """"once" as how many times ("save a card once", "classified once and reused"), not
    how often ("once a month") nor when ("once it arrives")."""
    return any(w == "once" and i > 0 and words[i + 1 : i + 2] not in (
        ["a"], ["per"], ["every"], ["each"]) and (i + 1 == len(words) or words[i + 1] in (
            "and", "by", "then", "so", "for", "only", "at", "on", "in"))
        for i, w in enumerate(words))


def _claims_automatic(words: list[str], keys: set[str]) -> bool:
    """Whether a text claims work done without people: "automatically", "without
    chasing", "no person needed"."""
    return bool(keys & _AUTO_KEYS or find(_AUTOMATIC_CLAIMS, words) or find(
        _DONE_FOR, words) or find(_NOBODY_HAS_TO, words) or any(
        a == "without" and b.endswith("ing") for a, b in pairwise(words)) or (
        "no" in words and "needed" in words))


# Everyday idioms the normaliser writes as "fast": those that speak in minutes
_MINUTE_IDIOM_WORDS = frozenset({"seconds", "minutes", "coffee", "lunch", "lunchtime",
                                 "flash", "blink", "eye", "break"})


def outcome_words(toks: Sequence[Token], words: Sequence[str]) -> list[str]:
    """The tokens cues are matched on: the word "fast" said as such is a claim, not an
    outcome (the lexical signals weigh it), so it is left out; an idiom the normaliser
    wrote as "fast" keeps its time scale ("in seconds" is "fast_min")."""
    out = []
    for t in toks:
        text = t.text
        if text == "fast":
            if t.first == t.last:
                text = ""
            elif {w.lower().strip(".,;:!?") for w in words[t.first : t.last + 1]} & (
                    _MINUTE_IDIOM_WORDS):
                text = "fast_min"
        out.append(text)
    return out


def _all_cues() -> dict[str, tuple[tuple[str, _Pattern], ...]]:
    """Every kind's patterns in one index by first word, each with the kind it tells."""
    named = [(kind, p) for kind, cues in _CUES.items() for p in map(_pattern, cues)]
    named += [(f"{SPEED}:minutes", _pattern(c)) for c in _SPEED_ANY + _SPEED_MINUTES]
    named += [(f"{SPEED}:days", _pattern(c)) for c in _SPEED_ANY + _SPEED_DAYS]
    index: dict[str, list[tuple[str, _Pattern]]] = {}
    for name, p in named:
        first = p.slots[0]
        assert first is not None, "a pattern starts with a word"
        for w in first:
            index.setdefault(w, []).append((name, p))
    return {w: tuple(ps) for w, ps in index.items()}


_ALL_CUES = _all_cues()


def _reflexive_ok(p: _Pattern, words: Sequence[str]) -> bool:
    """A verb's -s is the singular's: "the register balances itself", not "the records
    themselves" (which the lemma "itself" would match)."""
    first = p.slots[0]
    return first is None or "@s" not in first or words[-1] == "itself"


# A time of day that opens or closes a stretch of time ("hot from one o'clock", "open
# until half past ten", "starting at nine o'clock") tells how long something lasted or
# when it began, not that a job was done by then ("by half past nine it was fixed").
_SPAN_BOUNDS = frozenset({"from", "since", "until", "till", "between", "start", "starts",
                          "started", "starting", "begin", "begins", "began", "beginning",
                          "open", "opens", "opened", "opening", "on"})
# ("switch on at half past two", "opens at nine o'clock"; not "back on|open at ...")
_CLOCK_WORDS = frozenset({"clock", "past", "half", "quarter"})


def _span_bound(kind: str, words: Sequence[str], i: int, end: int) -> bool:
    """Whether the speed cue words[i:end] is a time of day bounding a stretch of time
    (the word before it, or before its "at", is one of _SPAN_BOUNDS)."""
    if not kind.startswith(SPEED) or not _CLOCK_WORDS & set(words[i:end]):
        return False
    k = i - 1 - (i >= 2 and words[i - 1] == "at")
    return k >= 0 and words[k] in _SPAN_BOUNDS and not (k and words[k - 1] == "back")


# "In" with an object is a place something is put, not the way back in: "before it goes in
# the bin", "before the tray went in the oven" tell where a thing ends up, where "before
# they had gone back in" tells how soon people were back.
_OBJECT_OPENERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "your",
                             "my", "that", "this"})


def _placed_in(kind: str, words: Sequence[str], end: int) -> bool:
    """Whether the speed cue ending at `end` ends on an "in" that takes an object."""
    return (kind.startswith(SPEED) and words[end - 1] == "in" and end < len(words)
            and words[end] in _OBJECT_OPENERS)


def _direction_ok(kind: str, words: Sequence[str]) -> bool:
    """A change "from # to #" (or "for every # ... #") told as fewer must fall ("from
    thirty grand to twenty"), one told as more must rise."""
    if kind not in (FEWER, MORE) or not (("from" in words and "to" in words) or (
            words[:2] == ["for", "every"])):
        return True
    figures = _change_figures(words)
    if len(figures) < 2:
        return True
    return figures[0] > figures[-1] if kind == FEWER else figures[0] < figures[-1]


def _change_figures(words: Sequence[str]) -> list[float]:
    """The figures of a change "from # to #", a bare figure after a sum in thousands read
    in thousands too ("from 20000 to 22": the normaliser writes "twenty thousand" out)."""
    figures = [float(w) for w in words if w[:1].isdigit() and w.replace(".", "", 1).isdigit()]
    if len(figures) >= 2:
        first, last = figures[0], figures[-1]
        if first >= 1000 and first % 1000 == 0 and 1 <= last < 1000 and first / 10 <= last * 1000:
            figures[-1] = last * 1000
    return figures


def implied_share(words: Sequence[str]) -> float | None:
    """The share by which a change told as two counts went up or down ("from 20 files a
    week to 28" is 40; "for every four who came, five come now" is 25), or None."""
    if not (("from" in words and "to" in words) or list(words[:2]) == ["for", "every"]):
        return None
    figures = _change_figures(words)
    if len(figures) < 2 or not figures[0]:
        return None
    return round(abs(figures[-1] - figures[0]) / figures[0] * 100, 1)


def _hours_apart(words: Sequence[str]) -> float | None:
    """The hours between two clock hours a cue sets against each other ("leaving at 6
    instead of 7": 1), or None where it says no two hours of the clock."""
    hours = [float(w) for w in words if w.isdigit() and 0 < int(w) <= 12]
    if len(hours) != 2 or hours[0] == hours[1]:
        return None
    return (hours[1] - hours[0]) % 12


def told_outcomes(words: Sequence[str]) -> dict[str, Told]:
    """The kinds of outcome a clause tells, and for speed the scale it speaks in
    ("speed:minutes", "speed:days"): per kind its strongest cue (the first of those)."""
    found: dict[str, Told] = {}
    lems = [lemma(w) for w in words]
    for i, word in enumerate(words):
        if not word:
            continue
        candidates = _ALL_CUES.get(lems[i], ())
        if word != lems[i]:
            candidates += _ALL_CUES.get(word, ())
        if word[:1].isdigit():
            candidates += _ALL_CUES.get("#", ())
        if word.endswith("ing"):
            candidates += _ALL_CUES.get("@ing", ())
        if word.endswith("s"):
            candidates += _ALL_CUES.get("@s", ())
        for name, p in candidates:
            old = found.get(name)
            if old is not None and (not old.anchored or (p.anchored and old.weak <= p.weak)):
                continue  # a cue of this kind at least as strong is already found
            end = _match_at(p, words, lems, i)
            if end is not None and end > i and _direction_ok(name, words[i:end]) and (
                    _reflexive_ok(p, words[i:end])) and not _span_bound(name, words, i, end) and (
                    not _placed_in(name, words, end)):
                gaps = tuple(_gaps(p, words, lems, i) or ()) if None in p.slots else ()
                hours = _hours_apart(words[i:end]) if name == TIME_BACK else None
                found[name] = Told(i, end, p.anchored, p.weak, gaps=gaps, hours=hours)
    return found
