"""The rubric's shares of the score are whole percentages that add up to 100."""

from __future__ import annotations

import pytest

from app.pitches.views import whole_shares


@pytest.mark.parametrize("weights", [[1, 1, 1], [2, 1, 1], [1] * 7, [3, 1.5, 1, 1], [1] * 6])
def test_shares_add_up_to_100_and_follow_the_weights(weights: list[float]) -> None:
    shares = whole_shares(weights)
    assert sum(shares) == 100
    total = sum(weights)
    assert all(abs(s - 100 * w / total) < 1 for s, w in zip(shares, weights, strict=True))


def test_three_equal_messages_are_34_33_33_not_101() -> None:
    assert sorted(whole_shares([1, 1, 1])) == [33, 33, 34]


def test_no_messages_no_shares() -> None:
    assert whole_shares([]) == []
