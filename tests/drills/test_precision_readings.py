"""Precision readings: what shares a message's words but does not convey it.

* One of a message's figures said with another figure of a kind it states in place of
  the rest, in the same clause: "invoices go from two days to a day" is not "two days
  down to an hour"; "refunds over 14 days old fall by a fifth" is not "halving the
  refunds over 14 days old".
* A retired phrase the message replaced, said whole in a clause, names the old way: the
  clause's other words do not make it the message ("members keep their swipe card door
  entry" is not the message of the app that opens the door).
* "A quarter off the bill" is a cut of 25%, not three months.
* A story of a buyer who chose another supplier ("they went with one of the big
  systems") tells of that supplier while its sentences go on telling of them.
* A list item that only names the feature an evidence phrase opens with ("and delivery
  reporting" of "delivery reporting straight from the driver's scanner") says nothing of
  what it does; a name in the statement's own words ("auto-matching") still does.
* A share that goes neither way ("three in four new buyers add it") is said as a part
  of the whole ("75% of new buyers add it"), unlike a rise or a cut.
* A terse item ("Reorders from the shelf cameras.") does not convey a message that
  claims a share the transcript never says.
* A range of shares around the message's ("between fourteen and seventeen percent" for
  15%) says its figure."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

SPEC = ScoringSpec(
    module="madeup",
    version=1,
    pitch=None,
    points=(
        PointSpec("approval", "Invoices are approved from the phone, so approval takes an "
                  "hour instead of two days.", (), ("invoice", "approval", "phone")),
        PointSpec("refunds", "Claims are checked automatically, halving the refunds that "
                  "are more than 14 days old.", (), ("refund", "claims", "checked")),
    ),
    forbidden=(),
    retired=(),
)


def covered(text: str, message: str) -> bool:
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == message).covered


@pytest.mark.parametrize(("message", "text", "said"), [
    ("approval", "Invoices are approved from the phone, so approval goes from two days "
                 "to half a day.", False),
    ("approval", "Invoices are approved from the phone, so approval goes from two days "
                 "to an hour.", True),
    ("approval", "Invoices get approved on the phone, approval takes an hour now.", True),
    ("refunds", "Claims are checked automatically, so refunds more than fourteen days old "
                "fall by about a fifth.", False),
    ("refunds", "Claims are checked automatically, so refunds more than fourteen days old "
                "fall by half.", True),
])
def test_one_figure_said_with_another_in_place_of_the_rest(
        message: str, text: str, said: bool) -> None:
    assert covered(text, message) is said


GYM = ScoringSpec(
    module="madeup-gym",
    version=1,
    pitch=None,
    points=(
        PointSpec("app-entry", "Members open the front door and their locker from the app, "
                  "so the gym stays open at night without staff.",
                  ("app opens the door and the locker",), ("door", "locker", "app")),
        PointSpec("classes", "Classes are booked online and the waiting list fills itself.",
                  (), ("classes", "booking")),
    ),
    forbidden=(),
    retired=(("swipe card door entry", "app-entry"),),
)


def entry_covered(text: str) -> bool:
    result = score_transcript(GYM, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == "app-entry").covered


@pytest.mark.parametrize(("text", "said"), [
    ("Members keep their swipe card door entry.", False),
    # a retired phrase said as the rep's claim does not convey the message replacing it
    ("Members open the front door with swipe card door entry.", False),
    ("No more swipe card door entry: members open the door from the app.", True),
    ("Members open the front door and the locker on the app now.", True),
])
def test_a_retired_name_is_the_old_way(text: str, said: bool) -> None:
    assert entry_covered(text) is said


HEAT = ScoringSpec(
    module="madeup-heat",
    version=1,
    pitch=None,
    points=(
        PointSpec("heating", "The boiler runs on the cheapest overnight tariff, cutting the "
                  "heating bill by a quarter.", ("boiler runs on the night tariff",),
                  ("boiler", "tariff", "heating")),
        PointSpec("rota", "Cleaning rotas are sent to staff phones.", (), ("rota",)),
    ),
    forbidden=(),
    retired=(),
)


def heat_covered(text: str) -> bool:
    result = score_transcript(HEAT, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == "heating").covered


@pytest.mark.parametrize(("text", "said"), [
    # "a quarter off" is a cut of 25%, not three months: here it is taken back
    ("I can't promise you a quarter off the heating bill, but the boiler will run on the "
     "night tariff.", False),
    ("The boiler runs on the night tariff, so you get a quarter off the heating bill.", True),
    ("The boiler runs on the night tariff and the heating bill comes in a quarter cheaper.",
     True),
])
def test_a_quarter_off_is_a_share(text: str, said: bool) -> None:
    assert heat_covered(text) is said


def approval_and_refunds(text: str) -> tuple[bool, bool]:
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    got = {m.id: m.covered for m in result.messages}
    return got["approval"], got["refunds"]


@pytest.mark.parametrize(("text", "said"), [
    # a story of a buyer who chose another supplier tells of that supplier
    ("The Hendersons went with one of the big national systems last year. Their invoices "
     "were approved from the phone, and claims got checked automatically. That is what "
     "you get with the wrong kit.", (False, False)),
    # ... up to where the rep speaks for their own side again
    ("The Hendersons went with another supplier at first. Then they came to us, and now "
     "invoices are approved from the phone in an hour instead of two days.", (True, False)),
    ("The Hendersons went with one of the big national systems. But with us their "
     "invoices are approved from the phone, so approval takes an hour instead of two "
     "days.", (True, False)),
    # ... or speaks of the product, not of them
    ("The Hendersons picked a cheaper app. Invoices are approved from the phone, so "
     "approval takes an hour instead of two days.", (True, False)),
])
def test_a_story_of_a_rival_choice_is_not_claimed(text: str, said: tuple[bool, bool]
                                                  ) -> None:
    assert approval_and_refunds(text) == said


VANS = ScoringSpec(
    module="madeup-vans",
    version=1,
    pitch=None,
    points=(
        PointSpec("statements", "Every drop is logged against the customer's account, so "
                  "month-end statements go out in an afternoon.",
                  ("delivery reporting straight from the driver's scanner",),
                  ("statement", "account", "delivery")),
        PointSpec("routes", "Routes are planned overnight so vans leave loaded in order.", (),
                  ("route", "van")),
    ),
    forbidden=(),
    retired=(),
)


def statements_covered(text: str) -> bool:
    result = score_transcript(VANS, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == "statements").covered


@pytest.mark.parametrize(("text", "said"), [
    # the feature an evidence phrase opens with, named in a list, says nothing of it
    ("route planning van tracking and delivery reporting thats the lot", False),
    ("Three things: route planning, a live map, and delivery reporting.", False),
    ("And delivery reporting straight from the driver's scanner.", True),
    ("Delivery reporting comes straight off the driver's scanner, so statements go out "
     "in an afternoon.", True),
])
def test_a_bare_feature_name_is_not_its_claim(text: str, said: bool) -> None:
    assert statements_covered(text) is said


PARTS = ScoringSpec(
    module="madeup-parts",
    version=1,
    pitch=None,
    points=(
        PointSpec("warranty", "The extended warranty is offered during the online checkout "
                  "and added to the monthly bill, and three in four new buyers take it.", (),
                  ("warranty", "checkout", "cover")),
        PointSpec("returns", "Returns are collected from the door within two days.", (),
                  ("returns", "collected")),
    ),
    forbidden=(),
    retired=(),
)


@pytest.mark.parametrize(("text", "said"), [
    # a share that goes neither way is said as a part of the whole too
    ("Three quarters of new buyers take the warranty we offer at checkout.", True),
    ("Seventy-five percent of new buyers take the warranty we offer at checkout.", True),
    ("so like seventy five percent of new buyers take the warranty when they check out",
     True),
    # ... and another part is another figure
    ("Forty percent of new buyers take the warranty we offer at checkout.", False),
])
def test_a_part_of_the_whole(text: str, said: bool) -> None:
    result = score_transcript(PARTS, Transcript.from_text(text), semantic=False)
    assert next(m for m in result.messages if m.id == "warranty").covered is said


SHOP = ScoringSpec(
    module="madeup-shop",
    version=1,
    pitch=None,
    points=(
        PointSpec("reorder", "Stock levels are read from the shelf cameras, so reorders go "
                  "out before a line runs empty and lost sales fall by 15%.",
                  ("reorders placed from the shelf cameras",), ("reorder", "stock", "camera")),
        PointSpec("rota", "Staff rotas are built from footfall forecasts.", (),
                  ("rota", "footfall")),
    ),
    forbidden=(),
    retired=(),
)


@pytest.mark.parametrize(("text", "said"), [
    # a terse item names the mechanism of a share it never says
    ("Three things. Reorders from the shelf cameras. Rotas from footfall.", False),
    # ... the share said with it, or in the next item, conveys it
    ("Three things. Reorders from the shelf cameras, so lost sales fall by fifteen "
     "percent. Rotas from footfall.", True),
    ("Three things. Reorders from the shelf cameras. Lost sales down fifteen percent. "
     "Rotas from footfall.", True),
    # ... and a sentence that tells the mechanism in full is left to the other signals
    ("The shelf cameras read your stock levels, so the reorder goes out before a line "
     "runs empty and you stop losing sales.", True),
])
def test_a_terse_item_without_its_share(text: str, said: bool) -> None:
    result = score_transcript(SHOP, Transcript.from_text(text), semantic=False)
    assert next(m for m in result.messages if m.id == "reorder").covered is said


@pytest.mark.parametrize(("text", "said"), [
    # a range of shares around the message's is its figure
    ("The shelf cameras trigger reorders, and lost sales fall somewhere between "
     "fourteen and seventeen percent.", True),
    ("The shelf cameras trigger reorders, and lost sales fall by fourteen to seventeen "
     "percent.", True),
    # ... a range that leaves it out is not
    ("The shelf cameras trigger reorders, and lost sales fall between twenty and thirty "
     "percent.", False),
])
def test_a_range_around_the_share(text: str, said: bool) -> None:
    result = score_transcript(SHOP, Transcript.from_text(text), semantic=False)
    assert next(m for m in result.messages if m.id == "reorder").covered is said
