"""Pick-the-line options are shuffled per showing: the same showing keeps its order (a
reload does not reshuffle), a later showing of the card gets a different one."""

from __future__ import annotations

from types import SimpleNamespace

from drills.practice.views import card_view

OPTIONS = [{"id": k, "text": f"line {k}", "correct": k == "a", "why": ""} for k in "abcd"]


def _view(shown_state: str, drill_id: int = 7) -> list[str]:
    due = SimpleNamespace(
        drill=SimpleNamespace(id=drill_id, kind="pick", module_id=1,
                              payload={"options": OPTIONS, "keywords": [], "number": 1, "of": 3}),
        card=SimpleNamespace(reviews=1), shown_state=shown_state)
    return [o["id"] for o in card_view(due, reveal=True)["options"]]  # type: ignore[arg-type]


def test_the_same_showing_keeps_its_order() -> None:
    assert _view("3:review") == _view("3:review")


def test_later_showings_reorder_and_keep_every_option() -> None:
    orders = {tuple(_view(f"{n}:review")) for n in range(12)}
    assert len(orders) > 3  # not one fixed order (the stored one came back every time)
    assert all(sorted(o) == ["a", "b", "c", "d"] for o in orders)
    assert any(o[0] != "a" for o in orders)  # the right line is not always first
