"""Names people and teams are shown by: one line, no bidirectional controls."""

from __future__ import annotations

import pytest

from app.users import clean_name
from drills.errors import InvalidInput


@pytest.mark.parametrize(("raw", "name"), [
    ("  East   team \n", "East team"),
    ("\u202eEast", "East"),  # an override would turn the rest of a row around
    ("Ali \u2067Hassan\u2069", "Ali Hassan"),
    ("\u0639\u0644\u064a", "\u0639\u0644\u064a"),  # right-to-left script itself is kept
])
def test_a_name_is_one_line_without_bidi_controls(raw: str, name: str) -> None:
    assert clean_name(raw) == name


def test_a_name_of_controls_only_is_refused() -> None:
    with pytest.raises(InvalidInput, match="required"):
        clean_name("\u202e\u202d", what="team name")
