"""The sentences of bench/probe_units_more.py that the scorer once misjudged and now
judges right (labels set before running), on the probe's own made-up messages."""
# ruff: noqa: E501

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

POINTS = (
    PointSpec(id="pages", statement="Pages load three times faster.", keywords=("pages", "load")),
    PointSpec(id="backups", statement="Backups run twice a day.", keywords=("backups",)),
    PointSpec(id="plan", statement="The starter plan costs 10 pounds a month.", keywords=("starter plan",)),
    PointSpec(id="supplies", statement="Clinics save 5,000 dollars a month on supplies.", keywords=("supplies",)),
    PointSpec(id="revenue", statement="Members add 1.2 million euros in revenue a year.", keywords=("revenue",)),
    PointSpec(id="waste", statement="Each store saves 2,500 pounds a quarter on waste.", keywords=("waste",)),
    PointSpec(id="demos", statement="Each rep books 24 more demos a month.", keywords=("demos",)),
    PointSpec(id="setup", statement="Setup takes no more than 30 minutes.", keywords=("setup",)),
    PointSpec(id="refunds", statement="Refunds are issued within 48 hours.", keywords=("refunds",)),
    PointSpec(id="drivers", statement="Drivers save 15 minutes per delivery.", keywords=("drivers", "delivery")),
    PointSpec(id="stock", statement="Stock counts take a quarter of the time they used to.", keywords=("stock counts",)),
    PointSpec(id="response", statement="Response rates rise by 40 percent.", keywords=("response rates",)),
    PointSpec(id="picking", statement="Picking errors fall to 1 in 1,000 orders.", keywords=("picking errors",)),
    PointSpec(id="queues", statement="Kiosks cut queues by 10 minutes.", keywords=("queues",)),
    PointSpec(id="discount", statement="Members get 25% off.", keywords=("members", "off")),
)
SPEC = ScoringSpec(module="m", version=1, pitch=None, points=POINTS, forbidden=(), retired=())

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
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    assert next(m for m in result.messages if m.id == mid).covered is want
