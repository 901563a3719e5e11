"""The sentences of bench/probe_units_more.py that the scorer once misjudged and now
judges right (labels set before running), on the probe's own made-up messages (its
`spec`, imported so that the two cannot drift apart)."""

from __future__ import annotations

import pytest

from bench.probe_units_more import P as PROBE
from bench.probe_units_more import spec as SPEC
from tests.drills.scoring_helpers import judged_covered

FIXED = [
    ("stock", "stock counts take half the time they used to", False),
    ("discount", "members get 25 pounds off", False),
    ("picking", "picking errors fall to 0.1% of orders", True),
    ("picking", "picking errors fall to one per thousand orders", True),
    ("picking", "picking errors fall to a tenth of a percent of orders", True),
    ("pages", "pages load in a third of the time", True),
    ("pages", "pages load three seconds faster", False),
    ("backups", "backups run twice daily", True),
    ("plan", "the starter plan costs 120 pounds a year", True),
    ("supplies", "clinics save sixty thousand dollars a year on supplies", True),
    ("supplies", "clinics save 5k a year on supplies", False),
    ("revenue", "members add one point two million euros in revenue a month", False),
    ("waste", "each store saves two and a half grand a quarter on waste", True),
    ("waste", "each store saves ten thousand pounds a year on waste", True),
    ("waste", "each store saves 2,500 pounds a month on waste", False),
    ("demos", "each rep books two dozen more demos a month", True),
    ("demos", "each rep books 24 more demos a year", False),
    ("setup", "setup takes at least thirty minutes", False),
    ("setup", "setup takes more than half an hour", False),
    ("drivers", "drivers save an hour and fifteen minutes per delivery", False),
    ("queues", "kiosks cut queues by ten percent", False),
    ("refunds", "refunds are issued within 48 hours, well no, within 72 hours", False),
    ("response", "response rates rise, though not by forty percent", False),
]


@pytest.mark.parametrize(("mid", "text", "want"), FIXED)
def test_probe_sentence_is_judged_as_labelled(mid: str, text: str, want: bool) -> None:
    assert judged_covered(SPEC, mid, text) is want


def test_every_fixed_sentence_is_one_of_the_probe_s_own() -> None:
    """A sentence kept here keeps its probe label; a probe edit cannot leave it behind."""
    assert set(FIXED) <= set(PROBE)
