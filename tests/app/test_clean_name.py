"""Names people and teams are shown by: one line, no bidirectional controls."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Role, Team
from app.users import clean_name
from drills.errors import InvalidInput
from tests.app.helpers import bearer
from tests.factories import make_user


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


# The abuse probe's find: a name that shows nothing (a zero-width space, a soft hyphen, a
# Hangul filler, combining marks with nothing to sit on) was taken, and so was one that
# shows as an existing team's name ("E" + a combining acute for "É", a zero-width space
# inside "Enterprise West"): two rows of the team list, the user form's menu and the import's
# team column that look the same, with people on one and managers on the other.
@pytest.mark.parametrize("raw", [
    "\u200b", "\u00ad", "\ufeff", "\u2060", "\u3164", "\u2800", "\u0301\u0301\u0301",
    " \u200b \u00ad ",
])
def test_a_name_that_shows_nothing_is_refused(served_client: TestClient,
                                              served_session: Session, raw: str) -> None:
    admin = make_user(served_session, Role.ADMIN)
    response = served_client.post("/api/v1/teams", headers=bearer(served_session, admin),
                                  json={"name": raw})
    assert response.status_code == 422, response.text
    assert "team name is required" in response.json()["detail"]
    served_session.rollback()
    assert served_session.exec(select(Team)).all() == []


@pytest.mark.parametrize("lookalike", [
    "E\u0301quipe Sud",  # decomposed: "E" and a combining acute
    "\u00c9quipe\u200b Sud", "\ufeff\u00c9quipe Sud", "\u00c9quipe Sud\u00ad",
])
def test_a_name_that_looks_like_a_team_s_name_is_that_name(
        served_client: TestClient, served_session: Session, lookalike: str) -> None:
    admin = make_user(served_session, Role.ADMIN)
    headers = bearer(served_session, admin)
    first = served_client.post("/api/v1/teams", headers=headers,
                               json={"name": "\u00c9quipe Sud"})
    assert first.status_code == 201
    again = served_client.post("/api/v1/teams", headers=headers, json={"name": lookalike})
    assert again.status_code == 409, again.text
    assert "already exists" in again.json()["detail"]
    person = served_client.post("/api/v1/users", headers=headers, json={
        "email": "lee@example.com", "name": "Lee " + lookalike, "roles": ["marketing"]})
    assert person.status_code == 201, person.text
    assert person.json()["name"] == "Lee \u00c9quipe Sud"


@pytest.mark.parametrize("name", [
    "\u0645\u0647\u200c\u0633\u0627",  # Persian: the zero-width non-joiner is spelling
    "Dev \U0001f469\u200d\U0001f4bb",  # an emoji joined with a zero-width joiner
])
def test_joiners_that_shape_a_name_are_kept(name: str) -> None:
    assert clean_name(name) == name
