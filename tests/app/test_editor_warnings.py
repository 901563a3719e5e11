"""The editor warns (without blocking) when a message's figures disagree with its proof
point, keywords or other phrasings."""

from __future__ import annotations

from app.modules.editor_warnings import number_warnings, numbers_in


def _msg(**fields: object) -> dict[str, object]:
    return {"messages": [{"id": "m", **fields}]}


def test_a_changed_figure_left_in_the_proof_point_is_flagged() -> None:
    found = number_warnings(_msg(statement="Rolls back in under 15 seconds.",
                                 proof="Globex restored every laptop in 30 seconds."))
    assert len(found) == 1 and "says 15" in found[0]["message"] and "30" in found[0]["message"]
    assert found[0]["anchor"] == "f-messages-0-statement"


def test_a_keyword_with_another_figure_is_flagged() -> None:
    found = number_warnings(_msg(statement="Cuts ramp time by 40%.", keywords=["30%", "ramp"]))
    assert found and "keyword" in found[0]["message"]


def test_agreeing_figures_and_extra_study_figures_pass() -> None:
    assert number_warnings(_msg(statement="Rolls back in under 30 seconds.",
                                proof="Restored 1,200 laptops in 30 seconds.",
                                keywords=["30 seconds"])) == []
    assert number_warnings(_msg(statement="Costs less than antivirus.", proof="40% less")) == []


def test_numbers_read_with_separators() -> None:
    assert numbers_in("1,200 seats at 1.5x, 40%") == {"1200", "1.5", "40"}
