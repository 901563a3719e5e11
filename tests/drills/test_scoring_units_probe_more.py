"""Figures said in other units or forms, from the second units probe
(bench/probe_units_more.py): sentences it once misjudged, on made-up messages."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec
from drills.text_normalize import analyze
from tests.drills.scoring_helpers import judged_covered

POINTS = (
    PointSpec(id="fee", statement="The basic tier costs 20 pounds a month.",
              keywords=("basic tier",)),
    PointSpec(id="cut", statement="Farms save 3,000 dollars a month on feed.",
              keywords=("feed",)),
    PointSpec(id="sales", statement="Partners add 2 million euros in sales a year.",
              keywords=("sales",)),
    PointSpec(id="calls", statement="Each agent makes 40 more calls a week.",
              keywords=("agent", "calls")),
    PointSpec(id="vans", statement="Vans arrive 20 minutes sooner.", keywords=("vans",)),
    PointSpec(id="card", statement="Members save 30% on card fees.", keywords=("card fees",)),
    PointSpec(id="defects", statement="Defects fall to 2 in 1,000 units.", keywords=("defects",)),
    PointSpec(id="sync", statement="Ledgers sync twice a day.", keywords=("ledgers", "sync")),
    PointSpec(id="wait", statement="Patients wait 20 minutes less per visit.",
              keywords=("patients", "wait")),
    PointSpec(id="boxes", statement="Each packer fills 36 more boxes a shift.",
              keywords=("packer", "boxes")),
    PointSpec(id="ship", statement="Spare parts ship within 24 hours.", keywords=("spare parts",)),
    PointSpec(id="yield", statement="Yields rise by 30 percent.", keywords=("yields",)),
    PointSpec(id="close", statement="Month-end close takes a third of the time it did.",
              keywords=("month-end close",)),
    PointSpec(id="render", statement="Reports render four times faster.",
              keywords=("reports", "render")),
    PointSpec(id="scan", statement="Audits take a fifth of the time they used to.",
              keywords=("audits",)),
    PointSpec(id="repair", statement="Repairs take no more than 40 minutes.",
              keywords=("repairs",)),
)
SPEC = ScoringSpec(module="m", version=1, pitch=None, points=POINTS, forbidden=(), retired=())


def covered(mid: str, text: str) -> bool:
    return judged_covered(SPEC, mid, text)


@pytest.mark.parametrize(
    ("mid", "text"),
    [("fee", "the basic tier costs 240 pounds a year"),
     ("cut", "farms save thirty-six thousand dollars a year on feed"),
     ("cut", "farms save nine grand a quarter on feed"),
    ],
)
def test_a_count_per_another_period_is_the_same_rate(mid: str, text: str) -> None:
    assert covered(mid, text)


@pytest.mark.parametrize(
    ("mid", "text"),
    [("fee", "the basic tier costs 20 pounds a week"),
     ("cut", "farms save 3k a year on feed"),
     ("sales", "partners add 2 million euros in sales a month"),
     ("calls", "each agent makes 40 more calls a year")],
)
def test_the_count_per_another_period_is_another_rate(mid: str, text: str) -> None:
    assert not covered(mid, text)


@pytest.mark.parametrize(
    ("mid", "text", "want"),
    [("vans", "vans arrive twenty minutes sooner", True),
     ("vans", "vans arrive twenty percent sooner", False),
     ("card", "members save thirty percent on card fees", True),
     ("card", "members save 30 dollars on card fees", False)],
)
def test_a_shares_digits_in_another_unit_are_another_figure(mid: str, text: str,
                                                            want: bool) -> None:
    assert covered(mid, text) is want


@pytest.mark.parametrize(
    ("text", "want"),
    [("repairs take no longer than forty minutes", True),
     ("repairs take forty minutes at most", True),
     ("repairs take at least forty minutes", False),
     ("repairs take more than forty minutes", False),
     ("repairs take forty minutes or more", False)],
)
def test_an_upper_bound_said_as_a_lower_one_is_broken(text: str, want: bool) -> None:
    assert covered("repair", text) is want


@pytest.mark.parametrize(
    ("said", "share"),
    [("one in a thousand", "0.1"), ("1 in 1,000", "0.1"), ("one per thousand", "0.1"),
     ("1 in 200", "0.5"), ("one in twenty", "5"), ("5 per 100", "5")],
)
def test_a_small_ratio_keeps_its_share(said: str, share: str) -> None:
    assert [t.text for t in analyze(said.split())][:2] == [share, "percent"]


def test_a_price_per_thousand_is_no_share() -> None:
    assert "percent" not in [t.text for t in analyze(["5", "dollars", "per", "1000", "views"])]


@pytest.mark.parametrize(
    ("text", "want"),
    [("defects fall to 0.2% of units", True),
     ("defects fall to two per thousand units", True),
     ("defects fall to two in a thousand units", True),
     ("defects fall to two in a hundred units", False),
     ("defects fall to two percent of units", False)],
)
def test_a_share_per_thousand_is_its_percentage(text: str, want: bool) -> None:
    assert covered("defects", text) is want


@pytest.mark.parametrize(
    ("said", "same_as"),
    [("twice daily", "twice a day"), ("three times weekly", "three times a week"),
     ("an hour and fifteen minutes", "75 minutes"), ("two hours and ten minutes", "130 minutes"),
     ("three dozen", "36"), ("two dozen boxes", "24 boxes")],
)
def test_other_forms_of_a_figure_normalise_alike(said: str, same_as: str) -> None:
    assert [t.text for t in analyze(said.split())] == [t.text for t in analyze(same_as.split())]


@pytest.mark.parametrize(
    ("mid", "text", "want"),
    [("sync", "ledgers sync twice daily", True),
     ("sync", "ledgers sync twice weekly", False),
     ("wait", "patients wait twenty minutes less per visit", True),
     ("wait", "patients wait an hour and twenty minutes less per visit", False),
     ("boxes", "each packer fills three dozen more boxes a shift", True),
     ("boxes", "each packer fills two dozen more boxes a shift", False)],
)
def test_figures_said_in_other_forms(mid: str, text: str, want: bool) -> None:
    assert covered(mid, text) is want


@pytest.mark.parametrize(
    ("mid", "text", "want"),
    [("ship", "spare parts ship within 24 hours, sorry, within 48 hours", False),
     ("ship", "spare parts ship within a day, I mean two days", False),
     ("ship", "spare parts ship within 24 hours, no exceptions", True),
     ("yield", "yields rise, though not by thirty percent", False),
     ("yield", "yields rise by thirty percent, though not in the first season", True)],
)
def test_a_figure_corrected_or_denied_at_once_is_taken_back(mid: str, text: str,
                                                            want: bool) -> None:
    assert covered(mid, text) is want


@pytest.mark.parametrize(
    ("text", "want"),
    [("month-end close takes one third of the time it did", True),
     ("month-end close takes half the time it did", False),
     ("month-end close takes half of the time it did", False)],
)
def test_half_the_time_is_a_half_not_a_third(text: str, want: bool) -> None:
    assert covered("close", text) is want


@pytest.mark.parametrize(
    ("text", "want"),
    [("reports render four times as fast", True),
     ("reports render fourfold faster", True),
     ("reports render four seconds faster", False),
     ("reports render four minutes quicker", False)],
)
def test_a_multiples_factor_said_as_a_length_is_another_figure(text: str, want: bool) -> None:
    assert covered("render", text) is want


@pytest.mark.parametrize(
    ("mid", "text", "want"),
    [("render", "reports render in a quarter of the time", True),
     ("render", "reports render in a third of the time", False),
     ("scan", "audits are five times faster", True),
     ("scan", "audits go five times as fast", True),
     ("scan", "audits are three times faster", False)],
)
def test_a_share_of_the_time_is_a_multiple_of_the_speed(mid: str, text: str,
                                                        want: bool) -> None:
    assert covered(mid, text) is want
