"""Precision by kind (p2): an intention noun that also names a thing sold ("the plan is
to ..." is an intention, "the starter plan is ten pounds a month" is a price); a retired
phrase said with what the old way was used for ("the paper rota sheet still covers the
rooms") tells the old way, unless the clause sets it against the new; a told outcome that
is only a name in a bare list ("you get the rotas, the refunds, the reports"); the
message told in a clause that says things stay as they were ("like before"); another
message's headline read inside a message's sure match, in that message's words; a softened
speed ("pretty quick") with no figure for a message of minutes; a match that is only a
figure ("once a month") in a sentence of how things used to be. Made-up
playbook and sentences (the last tests use spincount's messages), none from the eval set."""

from __future__ import annotations

from typing import Any

import pytest

from drills.scoring import spec_from_playbook_dict
from tests.drills.scoring_helpers import covered as covered_in_eval
from tests.drills.scoring_helpers import judged_covered

PLAYBOOK: dict[str, Any] = {
    "format": 1,
    "module": "mopworks",
    "version": 1,
    "title": "MopWorks: cleaning rotas for small offices",
    "summary": "Made-up product for unit tests.",
    "audience": "Office managers",
    "due_days": 14,
    "messages": [
        {"id": "low-price",
         "statement": "The starter plan costs £10 per month per office, with no setup fee.",
         "evidence": ["ten pounds a month per office"],
         "keywords": ["price", "month", "setup", "plan"]},
        {"id": "rota-app",
         "statement": "Cleaners see the day's rota in the app and tick off each room.",
         "evidence": ["rota on the cleaner's phone"],
         "keywords": ["rota", "app", "rooms", "cleaners"]},
        {"id": "auto-refunds",
         "statement": "A missed clean is refunded to the office automatically, so nobody "
                      "has to ask for the money back.",
         "evidence": ["missed cleans refunded without asking"],
         "keywords": ["refund", "missed", "clean"]},
    ],
    "retired": [{"phrase": "paper rota sheet", "replaced_by": "rota-app"}],
    "pitches": [{"id": "office", "prompt": "An office manager asks what it costs.",
                 "messages": ["low-price", "rota-app", "auto-refunds"], "duration": [30, 60]}],
}
_SPEC = spec_from_playbook_dict(PLAYBOOK, "office")


def covered(message: str, text: str) -> bool:
    return judged_covered(_SPEC, message, text)


@pytest.mark.parametrize("text", [
    "The starter plan is £10 per month per office, and there is no setup fee.",
    "Our plan is ten pounds a month for each office, no setup fee at all.",
])
def test_a_plan_that_is_a_price_is_a_claim(text: str) -> None:
    assert covered("low-price", text)


@pytest.mark.parametrize("text", [
    "The plan is to charge £10 per month per office, with no setup fee.",
    "Our plan is that it costs ten pounds a month for each office, no setup fee.",
])
def test_a_plan_to_do_it_is_an_intention(text: str) -> None:
    assert not covered("low-price", text)


@pytest.mark.parametrize("text", [
    "And the paper rota sheet still covers the rooms for the cleaners, like always.",
    "Your cleaners keep the paper rota sheet for the rooms they do each day.",
])
def test_the_retired_way_used_for_the_message_is_the_old_way(text: str) -> None:
    assert not covered("rota-app", text)


@pytest.mark.parametrize("text", [
    "Instead of the paper rota sheet, cleaners see the day's rota in the app and tick "
    "off each room.",
    "The paper rota sheet is gone: cleaners see the day's rota in the app and tick off "
    "each room.",
])
def test_the_retired_way_set_against_the_new_still_tells_it(text: str) -> None:
    assert covered("rota-app", text)


@pytest.mark.parametrize("text", [
    "So you get the rotas the refunds the reports, all of it.",
    "With us you get the rota and the refunds and the monthly report.",
])
def test_a_bare_list_of_names_tells_no_outcome(text: str) -> None:
    assert not covered("auto-refunds", text)


@pytest.mark.parametrize("text", [
    "Last week the cleaner was off sick, and the office had its money back by the "
    "afternoon without anyone asking.",
    "When a clean is missed, the refund goes back to the office automatically.",
])
def test_an_outcome_told_is_still_told(text: str) -> None:
    assert covered("auto-refunds", text)


@pytest.mark.parametrize("text", [
    "The cleaners see the day's rota and tick off each room, like before.",
    "Cleaners tick off each room on the day's rota as before, nothing new there.",
])
def test_the_message_told_as_things_were_is_the_old_way(text: str) -> None:
    assert not covered("rota-app", text)


@pytest.mark.parametrize("text", [
    "Cleaners see the day's rota in the app and tick off each room, and the invoices "
    "still come like before.",
    "Your invoices come as before, but the cleaners now see the day's rota in the app "
    "and tick off each room.",
])
def test_the_status_quo_of_another_clause_leaves_the_claim(text: str) -> None:
    assert covered("rota-app", text)


def _spincount(message: str, text: str) -> bool:
    return covered_in_eval("spincount", "attendant", message, text)


def test_a_headline_inside_another_messages_claim_is_that_ones() -> None:
    text = ("Wash-and-fold bags get booked and paid for in the app, and a text tells the "
            "customer when the bag is ready.")
    assert _spincount("wash-fold", text)
    assert not _spincount("app-payments", text)


def test_both_messages_told_in_one_sentence_both_count() -> None:
    text = ("Customers pay for the machines in the app or by card, so the coin boxes are "
            "emptied once a month, and wash-and-fold bags are booked in the app with a "
            "text when ready.")
    assert _spincount("wash-fold", text)
    assert _spincount("app-payments", text)


@pytest.mark.parametrize("text", [
    "When a dryer jams, you hear about it pretty quick on your mobile.",
    "If a washer stops, the owner hears about it fairly fast, on her phone.",
])
def test_a_softened_speed_does_not_tell_the_minutes(text: str) -> None:
    assert not _spincount("fault-alerts", text)


@pytest.mark.parametrize("text", [
    "When a dryer jams, you hear about it on your mobile inside five minutes.",
    "If a washer stops, the owner hears about it fairly fast, within five minutes, on "
    "her phone.",
])
def test_a_speed_with_its_figure_still_counts(text: str) -> None:
    assert _spincount("fault-alerts", text)


def _spincount_owner(message: str, text: str) -> bool:
    return covered_in_eval("spincount", "owner-elevator", message, text)


def test_a_figure_alone_in_the_old_way_is_not_the_claim() -> None:
    assert not _spincount_owner(
        "app-payments", "We used to sell the old kiosk, and you'd print your prices once a "
        "month and tape them to the door.")


@pytest.mark.parametrize("text", [
    "Customers pay by phone or card now, so the coin boxes get emptied once a month "
    "instead of every night.",
    "The boxes used to be emptied every night, now it is once a month, since customers "
    "pay by phone or card.",
])
def test_the_figure_of_the_new_way_still_counts(text: str) -> None:
    assert _spincount_owner("app-payments", text)
