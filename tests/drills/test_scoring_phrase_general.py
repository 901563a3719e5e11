"""General readings of English around a forbidden or retired phrase, each shown both
ways in unrelated domains (sentences written for these tests, none from the eval):
a verb of staying before it, someone keeping their own one, a speaker's repair of its
last word, a frequency said as "every <unit>", a thing printed for someone, a refusal
by the rep's side later in its sentence, a stutter inside it."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # "stay"/"remain" link the phrase to their subject: it is said of it
    ("forbidden", "fully encrypted", "Your patient files stay fully encrypted.", True),
    ("forbidden", "zero downtime", "With us your tills remain zero downtime all year.", True),
    ("forbidden", "gluten-free", "Your pastry lines stay gluten free, every one.", True),
    # a verb of keeping with it as object, the listener's side the keeper: not ours
    ("retired", "legacy dashboard", "Your IT team can keep their legacy dashboard.", False),
    ("retired", "paper rota", "Your matron can keep her paper rota if she likes.", False),
    ("retired", "shipping ledger", "You keep your shipping ledger for the auditors.", False),
    # ... but not when the rep's side keeps it
    ("retired", "paper rota", "We keep the paper rota for you every week.", True),
])
def test_staying_and_keeping(kind: str, phrase: str, text: str, said: bool) -> None:
    assert phrase_said(kind, phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # the last word said again, repaired: the repeat is part of the phrase
    ("no more queues", "With the app it's, uh, no more queue, queues, basically.", True),
    ("zero delays", "Honestly it means zero delay, delays on every route.", True),
    ("instant refunds", "Customers get instant refund, uh, refunds at the till.", True),
    # a following word that is another word is still read as what follows
    ("instant refunds", "Instant refunds, that's the line our rivals use.", False),
    ("zero delays", "Zero delays is the slogan on their vans.", False),
    ("no more queues", "No more queues, the old brochure said. We dropped that.", False),
])
def test_repaired_last_word(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # an adjective of frequency said as a quantifier and its unit of time
    ("nightly grooming sheet", "You get the grooming sheet every night, on paper.", True),
    ("weekly stock report", "You get a stock report each week by email.", True),
    ("daily price sheet", "Reps get a price sheet every day before nine.", True),
    ("hourly sensor log", "We send the sensor log every hour.", True),
    # another unit, or none of time, is another sheet
    ("nightly grooming sheet", "You get the grooming sheet every week, on paper.", False),
    ("weekly stock report", "The stock report comes for each store by email.", False),
    ("daily price sheet", "Reps get a price sheet every quarter before nine.", False),
])
def test_frequency_said_with_its_unit(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("retired", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # printed or written for someone: a thing made for them, the rep's own
    ("nightly grooming sheet", "You get the nightly grooming sheet, printed for each driver.",
     True),
    ("weekly stock report", "The weekly stock report, written for each manager, is ready.",
     True),
    ("paper rota", "We send the paper rota, printed for every ward, on Monday.", True),
    # plastered or printed on others' things: others' words
    ("paper rota", "You'll see paper rota plastered on their posters.", False),
    ("weekly stock report", "Weekly stock report splashed across every rival's van.", False),
])
def test_printed_for_someone(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("retired", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # the rep's side refusing it, by a pronoun, a few words on in its sentence
    ("paper rota", "Your ward's paper rota, the one HR prints, stays with them, we don't "
     "touch that.", False),
    ("shipping ledger", "your auditor can have the shipping ledger for the tax year we dont "
     "need it at all what we do is track the boxes", False),
    ("legacy dashboard", "The legacy dashboard for finance, on the old server, we don't "
     "offer that anymore.", False),
    # a refusal of something else, or the rep's own claim after it, leaves it said
    ("paper rota", "You get the paper rota every Monday and we don't charge for it.", True),
    ("shipping ledger", "You get the shipping ledger, and the old fax log, we don't need "
     "that.", True),
    ("legacy dashboard", "You get the legacy dashboard, we never touch your data "
     "there.", True),
])
def test_refused_later_in_its_sentence(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("retired", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a filler and a word said twice inside it: still the claim
    ("never lose a parcel", "So you'll, um, never, you know, lose a, a parcel again.", True),
    ("never miss a dose", "Your patients will never, I mean, miss a, a dose.", True),
    ("always on time", "The buses are always, you know, on on time.", True),
    # the same interruptions around another claim are not it
    ("never lose a parcel", "So you'll, um, never, you know, lose a, a customer again.", False),
    ("never miss a dose", "Your patients will never, I mean, miss a, a visit.", False),
    ("always on time", "The buses are always, you know, on on the road.", False),
])
def test_stutter_inside_a_phrase(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a phrase with its own negation, carried on by "anymore": still the claim
    ("no waiting lists", "There are no waiting lists anymore with us.", True),
    ("never a late bus", "It's never a late bus any more on that route.", True),
    ("no paper forms", "With the app there's no paper forms any longer.", True),
    # a phrase without one, "anymore" after it disowns it
    ("free delivery", "We can't do free delivery anymore.", False),
    ("paper forms", "Paper forms? Not anymore.", False),
    ("weekly newsletter", "The weekly newsletter isn't sent anymore.", False),
])
def test_negation_carried_on(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # its object made the subject of its verb, nothing after: the same claim
    ("double your sales", "Your sales will double, easily.", True),
    ("halve your costs", "Your costs halve in a month.", True),
    ("triple your bookings", "Honestly your bookings triple by spring.", True),
    # ... with an object of its own after the verb: another claim
    ("double your sales", "Your sales double the old ones.", False),
    ("halve your costs", "Your costs halve the margin.", False),
    ("triple your bookings", "Your bookings triple the staff's workload.", False),
])
def test_object_made_subject(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # "still" of what the listener has, unless the rep's side gives it
    ("monthly usage report", "You still get a usage report every month from us.", True),
    ("paper logbook", "Your drivers still get the paper logbook with us.", True),
    ("classic plan", "You still get the classic plan from us at the old price.", True),
    ("weekly route sheet", "you still print a route sheet every week from our portal", True),
    ("paper logbook", "Your drivers still keep a paper logbook in the cab.", False),
    ("classic plan", "Your team is still on the classic plan, I see.", False),
    # told to keep it: the listener's, not the offer
    ("paper logbook", "Keep the paper logbook if your insurer wants it.", False),
    ("shipping ledger", "Keep your shipping ledger for the auditors, that's fine.", False),
])
def test_still_and_kept(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("retired", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a partitive after the phrase's quantifier narrows nothing
    ("works with any printer", "It works with any of your printers.", True),
    ("fits every van", "The rack fits every one of the vans.", True),
    ("ships to all stores", "We ship to all of the stores by Friday.", True),
    ("covers any breed", "The policy covers any of your breeds.", True),
    # a possessive or article without it still narrows the claim to one thing
    ("best in class", "She came top, best in her class.", False),
    ("ships to all stores", "We ship to none of the stores on Sundays.", False),
    ("works with any printer", "It works with none of your printers.", False),
])
def test_partitive_after_a_quantifier(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a question on it answered with "near it": not it
    ("100% accurate", "Is it 100 percent accurate? Pretty close, 99.2.", False),
    ("zero defects", "Zero defects? Very nearly, two in a million.", False),
    ("always on time", "Always on time? Close, but a few trains slip.", False),
    # answered yes, or asked of nothing and said: it stands
    ("100% accurate", "Is it 100 percent accurate? Yes, every count.", True),
    ("zero defects", "Zero defects, and that's pretty close to a miracle.", True),
    ("always on time", "The trains are always on time, very nearly magic.", True),
])
def test_question_answered_near_it(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # the thing said to have nothing to do with the rep's side
    ("retired", "gold membership", "Her gold membership at the gym has nothing to do with us.",
     False),
    ("retired", "paper logbook", "The paper logbook your insurer wants has nothing to do with "
     "our app.", False),
    ("forbidden", "zero emissions", "The city's zero emissions zone has nothing to do with me.",
     False),
    # ... with something else: the claim stands
    ("retired", "gold membership", "Gold membership gets you the lounge, nothing to do with "
     "price.", True),
    ("retired", "paper logbook", "You get the paper logbook, and it has nothing to do with "
     "price.", True),
    ("forbidden", "zero emissions", "Our vans are zero emissions, nothing to do with luck.",
     True),
])
def test_nothing_to_do_with_us(kind: str, phrase: str, text: str, said: bool) -> None:
    assert phrase_said(kind, phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # its "no" said as a "not" on the verb: the same claim
    ("no training needed", "Training isn't needed, it's that simple.", True),
    ("no appointment required", "An appointment is not required at any branch.", True),
    ("no deposit taken", "honestly a deposit is not taken at all", True),
    # the "not" on something else, or the claim with its own "no" denied
    ("no training needed", "Training is needed, not optional.", False),
    ("no appointment required", "An appointment is required, not just advised.", False),
    ("no deposit taken", "A deposit is taken, not waived.", False),
])
def test_negation_moved_to_the_verb(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # said of a subject that is someone else's, after a copula
    ("fully automated", "Their warehouse is fully automated; ours uses scanners.", False),
    ("lifetime warranty", "His old boiler was lifetime warranty stock, not ours.", False),
    ("always open", "The other clinic is always open, we keep hours.", False),
    # of the listener's or the rep's own, or of "they" that may be the product's: said
    ("fully automated", "Your invoicing is fully automated with us.", True),
    ("always open", "Our helpdesk is always open.", True),
    ("fully automated", "Your tills? They are fully automated.", True),
])
def test_said_of_anothers_subject(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # "no more X than": a comparison, not X ending
    ("no more paperwork", "There's no more paperwork than before, same two forms.", False),
    ("no more queues", "There are no more queues than last year.", False),
    ("no more call-outs", "You get no more call-outs than with a new boiler.", False),
    # "no more X": it ends, the claim
    ("no more paperwork", "No more paperwork for your drivers.", True),
    ("no more queues", "There are no more queues at the gate.", True),
    ("no more call-outs", "Honestly, no more call-outs at night.", True),
])
def test_no_more_than(phrase: str, text: str, said: bool) -> None:
    assert phrase_said("forbidden", phrase, text) is said
