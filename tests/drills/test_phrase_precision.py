"""Precision of forbidden and retired phrases on wording the frames had not met: whose
words a phrase is (drills.scoring.phrases), and what the rep does with it
(drills.scoring.phrase_framing). Sentences written for these mechanisms, positive and
negative, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from tests.drills.phrase_helpers import phrase_said as _said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # another subject is another claim, however close the letters
    ("we know people at customs", "Some brokers hint that they know people at customs.",
     False),
    ("we know people at customs", "So, do you know people at customs, she asked.", False),
    ("you can fire your accountant", "With this they can fire their accountant.", False),
    # the same subject, in another number, or a possessive changed: the same claim
    ("we know people at customs", "I know people at customs, trust me.", True),
    ("we know people at customs", "Between us, we know people at customs.", True),
    ("replaces your adjusters", "It replaces the adjusters entirely.", True),
    ("you can fire your accountant", "Honestly, you can fire your accountant.", True),
])
def test_a_phrase_with_a_subject_pronoun_needs_that_subject(
        phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text"), [
    ("fraud-proof", "The last supplier told you it was fraud-proof."),
    ("perfect fit every time", "Other labs advertise a perfect fit every time."),
    ("AI-powered", "The big players call it AI-powered."),
    ("guaranteed savings", "Your old consultant sold you on guaranteed savings."),
    ("replaces your lawyers", "Another startup says their bot replaces your lawyers."),
    ("world-class", "They all say world-class."),
    ("game-changer", "The analysts called it a game-changer."),
    ("guaranteed 12%", "Your last firm promised you guaranteed 12% and didn't deliver."),
    ("we know people at customs", "Brokers who say we know people at customs are a red flag."),
    ("perfect fit every time", "Be suspicious of any lab that promises a perfect fit every time."),
    ("makes you hack-proof", "Whoever says a course makes you hack-proof is selling something."),
    ("cut your headcount", "Don't trust any tool that says it will cut your headcount."),
    ("never miss a diagnosis",
     "If a rep from some other company tells you it means you never miss a diagnosis, smile."),
    ("OSHA certified", "According to their website, they're OSHA certified."),
    ("game-changer", "Analysts tell us it's a game-changer."),
])
def test_a_claim_someone_else_makes_is_not_said(phrase: str, text: str) -> None:
    assert not _said("forbidden", phrase, text)


@pytest.mark.parametrize(("phrase", "text"), [
    # the rep's own side says it, or the rep agrees
    ("unhackable", "Our engineers call it unhackable."),
    ("game-changer", "Customers tell us it's a game-changer, and it is."),
    ("game-changer", "Clients call it a game-changer, and they're right."),
    ("OSHA certified", "According to our auditors we are OSHA certified."),
    ("guaranteed savings", "The numbers tell you: guaranteed savings."),
    ("zero fees", "We promise zero fees."),
    ("unhackable", "Let me tell you, it's unhackable."),
    # someone else, but no verb of saying: the rep's own claim about them
    ("zero fees", "Some vendors charge setup; we charge zero fees."),
    ("guaranteed ROI", "Any team that signs this quarter gets guaranteed ROI."),
    ("perfect fit every time", "Other labs can't, but we give you a perfect fit every time."),
])
def test_a_claim_the_rep_makes_or_backs_is_said(phrase: str, text: str) -> None:
    assert _said("forbidden", phrase, text)


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # asked, then answered no in the next words
    ("OSHA certified", "Is it OSHA certified? We're not, and we don't claim to be.", False),
    ("replaces your adjusters", "So does it replace your adjusters? Absolutely not.", False),
    ("guaranteed savings", "Guaranteed savings? I wish, but no.", False),
    ("cuts your insurance premiums in half",
     "Will it cut your insurance premiums in half? Probably not.", False),
    ("never miss a diagnosis", "Will you never miss a diagnosis? Of course not.", False),
    # a question the rep reports, answered no
    ("unhackable", "People ask whether it's unhackable. It isn't.", False),
    ("OSHA certified", "Clients often ask if we're OSHA certified; we aren't.", False),
    ("we know people at customs", "People ask me whether we know people at customs. We don't.",
     False),
    ("government-approved", "Buyers ask if it's government approved. There's no such thing.",
     False),
    # answered yes, or "no" that says yes, or no answer: the rep's claim
    ("unhackable", "Is it unhackable? No doubt about it.", True),
    ("unhackable", "Is it unhackable? Not just unhackable, it's audited.", True),
    ("OSHA certified", "Clients ask if we're OSHA certified; we are.", True),
    ("unhackable", "People ask whether it's unhackable. Yes, it is.", True),
    ("unhackable", "People ask me whether it's unhackable.", False),
    ("replaces your adjusters", "Does it replace your adjusters? Yes, and it doesn't need breaks.",
     True),
    ("zero fees", "Is it zero fees? It doesn't cost you a penny, so yes.", True),
    ("OSHA certified", "People ask if we're OSHA certified.", False),
    # a condition, not a question: the rep's own claim follows
    ("OSHA certified", "If you ask me, we're OSHA certified.", True),
])
def test_a_question_answered_no_is_not_said(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text"), [
    # remembered, or what the listener knew it as
    ("Routemate Desktop", "You may remember Routemate Desktop; it's now the web app."),
    ("annual compliance video", "Remember the annual compliance video? We dropped it."),
    ("CrownLab Courier", "You might know it as CrownLab Courier, but that name is retired."),
    # renamed, split up, at its end of life, left behind
    ("Pickwise Voice", "Pickwise Voice has been renamed Pickwise Hands-Free."),
    ("Spendlens Basic", "Spendlens Basic was renamed Spendlens Core."),
    ("Routemate Desktop", "Routemate Desktop is now called Routemate Web."),
    ("the Platinum bundle", "The Platinum bundle has been split into two plans."),
    ("Scheduler 3", "Scheduler 3 is end of life."),
    ("Scheduler 3", "Scheduler 3 reached end of life in May."),
    ("per-device pricing", "We've left per-device pricing behind."),
    ("annual contracts only", "The days of annual contracts only are over."),
    # named or told in the past
    ("ClaimPath Desktop", "ClaimPath Desktop is what we called it before the rename."),
    ("Gold tier", "We called it the Gold tier back then."),
    ("Routemate Desktop", "Back when it was Routemate Desktop, you had to install it."),
    ("reminder postcards", "Reminder postcards were how clinics did it ten years ago."),
    # what its customers are moved off
    ("Fleetwise Classic", "Fleetwise Classic customers get moved to the new app for free."),
    ("MediBook Lite", "Existing MediBook Lite users keep their data."),
    ("Paycircle Basic", "If you're on Paycircle Basic today, you'll move over automatically."),
    ("Scheduler 3", "If you still run Scheduler 3, we'll migrate you."),
])
def test_a_retired_name_spoken_of_as_gone_by_is_not_said(phrase: str, text: str) -> None:
    assert not _said("retired", phrase, text)


@pytest.mark.parametrize(("phrase", "text"), [
    ("Gold tier", "Remember, the Gold tier gives you everything."),
    ("Gold tier", "We had a great year back then, and the Gold tier is our best seller."),
    ("Gold tier", "The Gold tier was built for teams like yours."),
    ("Gold tier", "We call it the Gold tier because it has everything."),
    ("Gold tier", "It's called the Gold tier and it's our best plan."),
    ("Gold tier", "The Gold tier is at the end of our price list but worth it."),
    ("Fleetwise Classic", "Fleetwise Classic customers keep coming back."),
    ("MediBook Lite", "MediBook Lite users get free texts."),
    ("Gold tier", "If you're on the Gold tier, you can switch reports on."),
    ("Gold tier", "If you use the Gold tier, you'll save money."),
    ("Gold tier", "Upgrade to the Gold tier and we'll move you over today."),
])
def test_a_retired_name_still_offered_is_said(phrase: str, text: str) -> None:
    assert _said("retired", phrase, text)


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # the rep withholds the claim: denied, avoided, called untrue, or only wished
    ("game-changer", "We avoid saying game-changer.", False),
    ("guaranteed savings", "We're not in the business of promising guaranteed savings.", False),
    ("replaces your adjusters", "It would be wrong to say it replaces your adjusters.", False),
    ("you can fire your accountant", "I'm not saying you can fire your accountant.", False),
    ("zero waste", "I'd love to say zero waste, but that's not honest.", False),
    ("zero waste", "I wish I could promise zero waste.", False),
    # or calls it untrue, after it
    ("unhackable", "Unhackable is marketing talk, and we don't use it.", False),
    ("zero errors", "Zero errors isn't realistic for any warehouse.", False),
    ("guaranteed no inspections", "Guaranteed no inspections? That simply doesn't exist.", False),
    # a verb of saying that does not open the phrase, or a wish the rep stands by
    ("unhackable", "I'd love to tell you it's unhackable, and it is.", True),
    ("unhackable", "I want to tell you: it's unhackable.", True),
    ("unhackable", "I'm not only saying it's unhackable, I'm proving it.", True),
    ("zero waste", "You don't use any paper, zero waste.", True),
    ("zero fees", "Zero fees is marketing, and it's also true.", True),
    ("zero errors", "Zero errors isn't just realistic, it's what you get.", True),
])
def test_a_claim_the_rep_withholds_is_not_said(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # warned against, or what the listener hears from others
    ("unhackable", "Beware of anything sold as unhackable.", False),
    ("guaranteed ROI", "Run a mile from guaranteed ROI.", False),
    ("HIPAA-certified", "Watch out for HIPAA-certified on a vendor's site; it's made up.", False),
    ("world-class", "Take world-class with a pinch of salt.", False),
    ("100% uptime", "If you hear 100% uptime, ask for the SLA.", False),
    ("100% uptime", "Whenever you hear 100% uptime from a vendor, ask for the contract.", False),
    # what others say, named after it
    ("best in class", "Best in class is something every vendor says.", False),
    ("seamless integration", "Seamless integration is what everyone promises.", False),
    ("AI-powered", "AI-powered is a label everyone slaps on now.", False),
    ("instant payouts", "Instant payouts are what the fintech apps advertise.", False),
    ("no-brainer", "Calling it a no-brainer would insult your intelligence.", False),
    ("half the price of Zendesk",
     "Some resellers pitch us as half the price of Zendesk, which isn't right.", False),
    # the rep's own: a warning word elsewhere, hearing from the rep, what the rep promises
    ("100% uptime", "Avoid downtime with 100% uptime.", True),
    ("zero fees", "Watch your costs fall: zero fees.", True),
    ("24/7 phone support", "You'll hear from us within the hour, and it's 24/7 phone support.",
     True),
    ("unhackable", "If you hear a noise, don't worry, it's unhackable.", True),
    ("zero fees", "Customers hear zero fees and sign on the spot.", True),
    ("zero fees", "Zero fees is what we promise.", True),
    ("zero fees", "Zero fees is what customers tell us they love.", True),
    ("zero fees", "Take zero fees, add instant payouts, and you're set.", True),
])
def test_a_claim_warned_against_or_left_to_others_is_not_said(
        phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("Paycircle Basic",
     "You might have heard of Paycircle Basic; that plan has been folded into Plus.", False),
    ("Paycircle Basic", "Paycircle Basic? That plan's retired.", False),
    ("Paycircle Basic", "Your Paycircle Basic account moves to Plus at no cost.", False),
    ("SafeSync 2", "Those on SafeSync 2 get moved over automatically.", False),
    ("Insights 360", "Insights 360 became the new analytics page.", False),
    ("BrightDesk Express", "BrightDesk Express is now part of the core plan.", False),
    ("per-clinic pricing", "Per-clinic pricing was how we charged before.", False),
    ("Gold tier", "The Gold tier was our best plan before, and it still is.", True),
    ("Gold tier", "Start on the Gold tier and we'll upgrade you later.", True),
    ("Gold tier", "You want the Gold tier. That one's included.", True),
])
def test_a_retired_name_taken_up_as_gone_is_not_said(phrase: str, text: str, said: bool) -> None:
    assert _said("retired", phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # a match on stems is word for word: letters shared across words are not the phrase
    ("forbidden", "OSHA certified", "Teams see the share certified over time.", False),
    ("forbidden", "cuts your energy bill in half", "It will cut your energy bill in half.", True),
    ("forbidden", "never miss a diagnosis", "You never missed a diagnosis with it.", True),
    # a figure must be said, as a figure, a word that sounds like it, or joined on
    ("retired", "API v1", "Your developers can connect the API version once a day.", False),
    ("retired", "Scheduler 3", "The scheduler, often busy, runs at night.", False),
    ("retired", "SafeSync 2", "We still push save sync to everyone.", True),
    ("retired", "SafeSync 2", "The app is called SafeSync2 and it sits in the menu bar.", True),
    ("retired", "Scheduler 3", "Scheduler three handles it.", True),
    ("retired", "Insights 360", "Insights three sixty shows you everything.", True),
    ("retired", "API v1", "We still run API version one.", True),
])
def test_a_fuzzy_match_must_say_each_word_and_figure(
        kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # one stretch of speech: not over a sentence's end, nor a figure heard as "to"
    # before a noun
    ("retired", "the Starter plan", "Take it as a starter. Plan a thirty-minute call.", False),
    ("retired", "pay-as-you-go", "We charge you per use. As you go, it adds up.", False),
    ("retired", "SafeSync 2", "It's a safe sync to your offsite storage.", False),
    ("retired", "SafeSync 2", "We'll save sync to on every laptop.", True),
    ("forbidden", "set it and forget it", "It's set it, and forget it.", True),
    ("retired", "BrightDesk Express", "Teams start with brightness, express and grow.", True),
    ("forbidden", "AI-powered", "The A.I. powered triage sorts tickets.", True),
    ("forbidden", "cuts your insurance premiums in half",
     "It cuts, uh, your insurance premiums in half.", True),
])
def test_a_phrase_is_one_stretch_of_speech(kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # used of something that is not the product
    ("plug-and-play", "It works with any plug-and-play headset you own.", False),
    ("world-class", "Their world-class team still loses tickets.", False),
    ("replaces your adjusters", "It replaces your adjusters' paperwork, not them.", False),
    ("never goes down", "Their system never goes down, they say, but it did twice.", False),
    ("replaces your lawyers", "The old tool replaces your lawyers, in theory.", False),
    ("AI-powered", "Your AI-powered assistant handles the tickets.", True),
    ("world-class", "Our world-class team answers in minutes.", True),
    ("never goes down", "Unlike their system, ours never goes down.", True),
    ("replaces your adjusters", "It replaces your adjusters.", True),
    ("plug-and-play", "It's plug-and-play setup, any headset works.", True),
])
def test_a_phrase_used_of_something_else_is_not_said(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # taken up as a word and denied, quoted as a line, turned down after sounding good
    ("unhackable", "Unhackable, that word isn't in our vocabulary.", False),
    ("no-brainer", "I'll skip the no-brainer line.", False),
    ("zero fees", "Zero fees sounds great, but there's a processing charge on every card.",
     False),
    ("instant payouts", "Instant payouts would be nice; ours land next business day.", False),
    ("zero fees", "It's not free: zero fees isn't our model.", False),
    ("military-grade encryption", "Military-grade encryption is a marketing term.", False),
    ("100% uptime", "100% uptime is a promise nobody keeps.", False),
    ("bulletproof", "I'd stop short of bulletproof.", False),
    # heard by the listener, or from others
    ("zero fees", "I know zero fees is what you've heard, but there is a small charge.", False),
    ("guaranteed ROI", "Your CFO might have heard guaranteed ROI from another vendor.", False),
    ("military-grade encryption", "You may have heard military-grade encryption before.", False),
    # the same words, the rep's own claim
    ("zero fees", "Zero fees sounds great, and it is.", True),
    ("zero fees", "Zero fees, that's our model.", True),
    ("100% uptime", "100% uptime is something nobody else can match.", True),
    ("military-grade encryption", "Military-grade encryption is the term for what we use.", True),
    ("zero fees", "Customers hear zero fees and sign on the spot.", True),
    ("instant payouts", "Instant payouts would be nice, and that's what you get.", True),
])
def test_a_claim_taken_up_quoted_or_turned_down_is_not_said(
        phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("Vaultline Pro", "Vaultline Pro was the name before we split it into tiers.", False),
    ("Vaultline Pro", "You're probably on Vaultline Pro today; that becomes Vaultline Business.",
     False),
    ("pay-as-you-go", "Pay-as-you-go isn't on the price list any more.", False),
    ("pay-as-you-go", "We took pay-as-you-go off the price list.", False),
    ("Insights 360", "The old Insights 360 dashboard is now just Insights.", False),
    ("BrightDesk Express",
     "If you're on BrightDesk Express, nothing changes for you except the name.", False),
    ("Vaultline Pro", "Vaultline Pro is the name you can trust.", True),
    ("Vaultline Pro", "Take Vaultline Pro off the shelf and it just works.", True),
    ("BrightDesk Express", "If you're on BrightDesk Express, you get the new reports.", True),
])
def test_a_retired_name_explained_away_is_not_said(phrase: str, text: str, said: bool) -> None:
    assert _said("retired", phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a word of emphasis or filler inside the phrase leaves it said
    ("never miss a diagnosis", "you will never ever miss a uh diagnosis with this", True),
    ("cuts your energy bill in half", "it cuts your energy bill, like, in half", True),
    ("guaranteed ROI", "it's guaranteed, actually, ROI", True),
    # but not one that takes the negation's place, nor another word put in
    ("never miss a diagnosis", "Will you ever miss a diagnosis? Sometimes.", False),
    ("best in class", "She was best in her class.", False),
])
def test_emphasis_inside_a_phrase(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    ("forbidden", "unhackable", "The word I avoid is unhackable.", False),
    ("forbidden", "never goes down",
     "I could tell you it never goes down, but you'd know that's not true.", False),
    ("forbidden", "plug-and-play", "You could call it plug-and-play, but there's a setup.", False),
    ("forbidden", "zero fees", "Be very careful when you see zero fees.", False),
    ("forbidden", "guaranteed ROI", "Treat guaranteed ROI as a warning sign.", False),
    ("forbidden", "unhackable", "Unhackable? I'd never say that.", False),
    ("forbidden", "unhackable", "I could tell you stories, but it's unhackable.", True),
    ("forbidden", "unhackable", "Unhackable? Yes, and I'd say that to anyone.", True),
    ("retired", "Vaultline Pro", "Vaultline Pro is now Vaultline Business.", False),
    ("retired", "Paycircle Basic", "Paycircle Basic is now Plus.", False),
    ("retired", "SafeSync 2", "SafeSync 2 will be switched off in June.", False),
    ("retired", "SafeSync 2", "SafeSync 2 is closing in June.", False),
    ("retired", "Paycircle Basic", "Paycircle Basic, which some of you still use, is closing.",
     False),
    ("retired", "Vaultline Pro", "Vaultline Pro, our old flagship, has been replaced.", False),
    ("retired", "the Platinum bundle",
     "Those on the Platinum bundle keep their prices until renewal.", False),
    ("retired", "MediBook Lite", "MediBook Lite? Gone. It's MediBook now.", False),
    ("retired", "Paycircle Basic", "We're winding down Paycircle Basic.", False),
    ("retired", "Vaultline Pro", "Vaultline Pro is now Europe's favourite backup.", True),
    ("retired", "Vaultline Pro", "Vaultline Pro is now available in Europe.", True),
    ("retired", "SafeSync 2", "SafeSync 2 is closing the gap on everyone.", True),
    ("retired", "Vaultline Pro", "Vaultline Pro, our flagship, protects every laptop.", True),
])
def test_more_ways_of_leaving_a_phrase_unsaid(
        kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # unpunctuated, non-native speech
    ("forbidden", "unhackable", "this unhackable word we never use", False),
    ("retired", "Vaultline Pro", "vaultline pro is finish now we have business plan", False),
    ("retired", "the Starter plan", "the starter plan not exist anymore", False),
    ("forbidden", "bulletproof", "is it bulletproof no nothing is bulletproof", False),
    ("forbidden", "guaranteed ROI", "guaranteed roi we cannot give that", False),
    ("forbidden", "instant payouts",
     "instant payouts is not what we do payouts come next day", False),
    ("forbidden", "FDA-approved", "fda approved no we are not this is not medical device", False),
    ("forbidden", "set it and forget it",
     "set it and forget it is not how it works you must check", False),
    ("retired", "BrightDesk Express", "brightdesk express we stop selling this one", False),
    ("forbidden", "cut your headcount", "does it cut your headcount no it does not", False),
    ("forbidden", "zero fees", "zero fees no hidden costs", True),
    ("forbidden", "zero fees", "zero fees no we dont charge anything", True),
    ("forbidden", "unhackable", "is it unhackable yes it is", True),
    ("forbidden", "bulletproof", "is it bulletproof no question", True),
    ("forbidden", "zero fees", "zero fees we give that to every clinic", True),
    ("forbidden", "zero fees", "zero fees is not what you expect but it is real", True),
])
def test_unpunctuated_speech_frames_a_phrase_too(
        kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # a negation inside the words says the opposite
    ("you can fire your accountant",
     "With Paycircle you can't fire your accountant, but you'll need them less.", False),
    ("you can fire your accountant", "you cannot fire your accountant", False),
    ("you can fire your accountant", "you can fire your accountant", True),
    # "no" inside may be "know" misheard
    ("we know people at customs", "honestly we no people at customs", True),
])
def test_a_negation_inside_a_phrase_says_the_opposite(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("you can fire your accountant if you want but we dont recommend it", False),
    ("Technically you can fire your accountant, but I wouldn't.", False),
    ("The myth is that you can fire your accountant.", False),
    ("It's tempting to think you can fire your accountant.", False),
    ("The headline 'you can fire your accountant' is clickbait.", False),
    ("You can fire your accountant, but I wouldn't wait.", True),
    ("you can fire your accountant, but we still help them at year end", True),
    ("The truth is you can fire your accountant.", True),
    ("I think you can fire your accountant.", True),
])
def test_a_claim_turned_down_or_called_a_myth_is_not_said(text: str, said: bool) -> None:
    assert _said("forbidden", "you can fire your accountant", text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    # one person other than the rep says it
    ("no-brainer", "The CFO called it a no-brainer.", False),
    ("never goes down", "A consultant told me it never goes down.", False),
    # customers retold are testimony, the rep's own claim
    ("never goes down", "A customer told me it never goes down.", True),
    ("game-changer", "Customers tell us it's a game-changer.", True),
    ("world-class", "One reviewer called our support world-class; I'd just say it's fast.", False),
    ("game-changer", "A customer called it a game-changer, and she's right.", True),
    ("zero fees", "One plan offers zero fees, the other a flat rate.", True),
    # an answer that depends is no yes; denying it to everyone else is a boast
    ("best in class", "Best in class? Depends on the class. We're strong on restores.", False),
    ("100% uptime", "We give you 100% uptime; no other vendor promises that.", True),
    ("you can fire your accountant",
     "Paycircle handles payroll; nobody is suggesting you can fire your accountant.", False),
])
def test_one_person_s_claim_and_answers_that_depend(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # long sentences: the question asked far before, the answer announced
    ("forbidden", "HIPAA-certified",
     "Every so often a prospect asks me, usually at the end of the demo when the CFO has "
     "joined, whether it's HIPAA-certified. The answer is no: there's no such thing.", False),
    ("forbidden", "unhackable",
     "The question I get most is whether it is unhackable, and my honest answer is that "
     "nothing is.", False),
    ("forbidden", "unhackable",
     "The question I get most is whether it is unhackable, and my honest answer is yes.", True),
    ("forbidden", "100% uptime",
     "When people ask me about 100% uptime, I tell them the truth: we publish our numbers.",
     False),
    ("forbidden", "100% uptime", "Ask me about 100% uptime: we deliver it.", True),
    ("forbidden", "guaranteed ROI",
     "If your board wants guaranteed ROI, I can't give them that, but I can run a pilot.", False),
    ("forbidden", "guaranteed ROI", "If your board wants guaranteed ROI, we give them that.", True),
    # retired names: holders moved in the next clause, folded since, renamed later on
    ("retired", "Vaultline Pro",
     "Some of your team will still have Vaultline Pro on their laptops; we'll upgrade those "
     "for you.", False),
    ("retired", "the Starter plan",
     "Three years ago you'd have been on the Starter plan, which we've since folded into "
     "Essentials.", False),
    ("retired", "Paycircle Basic",
     "Paycircle Basic is the plan you're on today, and on renewal it becomes Paycircle Plus "
     "at the same price.", False),
    ("retired", "the 3-seat minimum",
     "The 3-seat minimum you might remember from the old contract has gone.", False),
    ("retired", "Gold tier", "The Gold tier is our best plan, and it becomes even better with "
     "add-ons.", True),
    ("retired", "Gold tier", "The Gold tier, which we've since improved, is our best plan.", True),
])
def test_frames_across_a_long_sentence(kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    ("forbidden", "AI-powered", "I'm sure you've seen AI-powered on every stand at the show.",
     False),
    ("forbidden", "instant payouts",
     "It would be great to say instant payouts, but banks settle next day.", False),
    ("forbidden", "100% uptime", "I'd rather under-promise than say 100% uptime.", False),
    ("forbidden", "HIPAA-certified", "Calling yourself HIPAA-certified is a red flag.", False),
    ("forbidden", "guaranteed ROI", "Guaranteed ROI only exists in brochures.", False),
    ("forbidden", "zero-downtime", "Zero-downtime is the dream, and we get close.", False),
    ("forbidden", "plug-and-play",
     "Plug-and-play, in the sense of no setup at all, isn't realistic.", False),
    ("forbidden", "24/7 phone support",
     "If 24/7 phone support is a must for you, we're not the right fit.", False),
    ("retired", "Scheduler 3", "Scheduler 3 reached its end; the calendar is built in now.", False),
    ("retired", "SafeSync 2", "SafeSync 2 was our sync tool until last year.", False),
    ("retired", "Vaultline Pro", "Vaultline Pro as a name is gone; the product lives on.", False),
    ("forbidden", "zero fees", "Zero fees is a dream come true for small clinics.", True),
    ("forbidden", "zero fees", "If zero fees matter to you, we're not going to disappoint.", True),
    ("forbidden", "zero fees", "It would be great to say more, but zero fees says it all.", True),
    ("forbidden", "24/7 phone support",
     "24/7 phone support, in the sense of a real person answering, is what you get.", True),
])
def test_yet_more_frames(kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("kind", "phrase", "text", "said"), [
    # answers that say no without a "no"
    ("forbidden", "unhackable", "Is it unhackable? I wish.", False),
    ("forbidden", "instant payouts", "Instant payouts? If only.", False),
    ("forbidden", "unhackable", "Unhackable? Hardly.", False),
    ("forbidden", "unhackable", "Unhackable? Far from it; nothing is.", False),
    ("retired", "MediBook Lite", "MediBook Lite? We retired it.", False),
    # the phrase alone as a sentence, then answered no
    ("forbidden", "zero fees", "Zero fees. Not true, I'm afraid.", False),
    ("forbidden", "unhackable", "Unhackable. Said no security engineer ever.", False),
    # answered yes, or a claim then its support
    ("forbidden", "zero fees", "Zero fees? Yes, really.", True),
    ("forbidden", "unhackable", "It's unhackable. No one has ever broken in.", True),
    ("forbidden", "zero fees", "Zero fees. Not only that, instant payouts.", True),
    ("forbidden", "zero fees", "We charge zero fees. Not true of the others.", True),
    ("retired", "MediBook Lite", "MediBook Lite? We love it.", True),
])
def test_answers_that_say_no_without_a_no(kind: str, phrase: str, text: str, said: bool) -> None:
    assert _said(kind, phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Is it unhackable? That's a fair question, and the answer's no.", False),
    ("Unhackable? I'd be lying.", False),
    ("Unhackable? That's a myth.", False),
    ("Unhackable? That's no myth.", True),
    ("Is it unhackable? The answer's yes.", True),
    ("Is it unhackable? Yes, and that's no exaggeration.", True),
])
def test_an_answer_that_calls_it_untrue(text: str, said: bool) -> None:
    assert _said("forbidden", "unhackable", text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Our scheduler 3 days ahead sends reminders.", False),
    ("The scheduler 3 times a day checks for gaps.", False),
    ("Scheduler 3 handles it.", True),
    ("Booking runs on scheduler 3 with your staff.", True),
])
def test_a_name_s_figure_is_not_one_that_counts_something(text: str, said: bool) -> None:
    assert _said("retired", "Scheduler 3", text) is said


@pytest.mark.parametrize(("phrase", "text", "said"), [
    ("100% uptime", "We get close to 100% uptime, 99.95% last year.", False),
    ("zero fees", "It's almost zero fees, just a small card charge.", False),
    ("no-brainer", "It's nearly a no-brainer.", False),
    ("unhackable", "It's virtually unhackable.", True),
    ("zero fees", "Almost every clinic gets zero fees.", True),
    ("zero fees", "Close to home, zero fees.", True),
])
def test_an_approximation_is_another_claim(phrase: str, text: str, said: bool) -> None:
    assert _said("forbidden", phrase, text) is said


@pytest.mark.parametrize(("text", "said"), [
    ("Per-clinic pricing made sense in 2019, not now.", False),
    ("Per-clinic pricing was fine, but not anymore.", False),
    ("Per-clinic pricing is great, not now but always.", True),
    ("In 2025 per-clinic pricing got simpler, and now it's the best deal.", True),
    ("Per-clinic pricing is what you need now.", True),
])
def test_a_retired_name_of_then_not_now(text: str, said: bool) -> None:
    assert _said("retired", "per-clinic pricing", text) is said
