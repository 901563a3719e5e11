"""A story told by two dates of named months, the one said after a turn to this time
("the year before ... on the eighth of August; this year ... on the twenty-ninth of July")
being that many days earlier, tells a claim of so many days earlier, in any domain; a
date later, a share of days that is not the message's, or two dates with no turn to this
time do not. The messages and sentences were written for this file."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec
from tests.drills.scoring_helpers import judged_covered


def covered(statement: str, text: str) -> bool:
    spec = ScoringSpec(module="dates", version=1, pitch=None, points=(
        PointSpec(id="m", statement=statement),
        PointSpec(id="other", statement="Every invoice is checked against the order before "
                                         "it is paid.")))
    return judged_covered(spec, "m", text)


HARVEST = "Harvest starts about ten days earlier, because the tunnels warm the soil."
STORES = "New stores open about ten days earlier after signing the lease."
FERRY = "The ferry season opens about ten days earlier in a cold spring."

TOLD = [
    (HARVEST, "The year before, picking started on the 14th of July. This year, same "
              "weather, they were picking on the 4th of July."),
    (HARVEST, "The year before, picking started on the eighth of August. This year, same "
              "weather, they were picking on the twenty-ninth of July."),
    (STORES, "Their last store opened on the fifth of October. This time the doors opened "
             "on the twenty-fifth of September."),
    (FERRY, "Last season the first sailing was on the third of May. This season it was on "
            "the twenty-third of April."),
]

NOT_TOLD = [
    # another number of days
    (STORES, "Their last store opened on the fifth of October. This time the doors opened "
             "on the twenty-ninth of September."),
    # later, not earlier
    (STORES, "Their last store opened on the twenty-fifth of September. This time the doors "
             "opened on the fifth of October."),
    # two dates of one schedule, no turn to this time
    (FERRY, "The first sailing is on the twenty-third of April and the last on the third of "
            "May."),
    (HARVEST, "We met on the 14th of July and again on the 4th of August."),
]


@pytest.mark.parametrize(("statement", "text"), TOLD)
def test_a_date_this_time_earlier_tells_days_earlier(statement: str, text: str) -> None:
    assert covered(statement, text)


@pytest.mark.parametrize(("statement", "text"), NOT_TOLD)
def test_other_dates_do_not(statement: str, text: str) -> None:
    assert not covered(statement, text)
