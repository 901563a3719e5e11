"""Draft edits: pure functions from stored playbook content to new content."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from drills.draft_edit import (
    add_item,
    apply_edit,
    convert,
    field_kind,
    format_path,
    move_item,
    new_id,
    parse_path,
    remove_item,
    set_field,
    slugify,
)
from drills.errors import Conflict, InvalidInput
from drills.playbook_format import validate_playbook_data

REPO = Path(__file__).resolve().parents[2]
DEMO = yaml.safe_load((REPO / "app/demo/playbook.yaml").read_text())


@pytest.fixture
def demo() -> dict[str, Any]:
    return copy.deepcopy(DEMO)


def test_paths_parse_and_format_back() -> None:
    for path in ("title", "messages[2].statement", "objections[0].response[1].evidence",
                 "certification.pitch_score", "pitches[10].duration"):
        assert format_path(parse_path(path)) == path
    assert parse_path("objections[0].response[1].id") == ["objections", 0, "response", 1, "id"]
    for bad in ("", "messages[", "messages[-1].id", "Messages[0]", "messages..id", "a" * 300):
        with pytest.raises(InvalidInput):
            parse_path(bad)


def test_edits_never_mutate_their_input(demo: dict[str, Any]) -> None:
    before = copy.deepcopy(demo)
    set_field(demo, "messages[0].evidence", "one\ntwo")
    set_field(demo, "certification.valid_days", "90")
    add_item(demo, "objections[0].response")
    remove_item(demo, "messages[1]")
    move_item(demo, "pitches[1]", "up")
    assert demo == before


def test_setting_text_fields(demo: dict[str, Any]) -> None:
    new = set_field(demo, "messages[2].statement", "  One console,\n every endpoint. ").content
    assert new["messages"][2]["statement"] == "One console, every endpoint."
    new = set_field(demo, "title", "  New   title ").content
    assert new["title"] == "New title"
    # A required field emptied stays, empty, for the problems list to point at.
    new = set_field(demo, "objections[0].objection", "").content
    assert new["objections"][0]["objection"] == ""
    assert any(p.path == "objections[0].objection" for p in validate_playbook_data(new))
    # Summaries keep their paragraphs.
    new = set_field(demo, "summary", "First line.\r\n\r\n- a point  \n").content
    assert new["summary"] == "First line.\n\n- a point"


def test_an_empty_optional_field_is_removed(demo: dict[str, Any]) -> None:
    new = demo
    for path in ("messages[0].proof", "messages[0].weight", "messages[0].evidence",
                 "messages[0].keywords", "audience", "due_days", "forbidden[0].reason",
                 "retired[0].replaced_by", "pitches[0].messages", "pitches[0].duration"):
        new = set_field(new, path, "").content
    m = new["messages"][0]
    assert set(m) == {"id", "statement"}
    assert "audience" not in new and "due_days" not in new
    assert new["forbidden"][0] == {"phrase": "100% protection"}
    assert new["retired"][0] == {"phrase": "Northwind AV"}
    assert set(new["pitches"][0]) == {"id", "prompt"}
    assert validate_playbook_data(new) == []


def test_lists_are_read_from_lines_or_commas(demo: dict[str, Any]) -> None:
    # Phrasings are one per line (they often contain commas); duplicates and blanks drop.
    new = set_field(demo, "messages[0].evidence",
                    "blocks it, before it starts\n\n  stops encryption \nStops encryption").content
    assert new["messages"][0]["evidence"] == ["blocks it, before it starts", "stops encryption"]
    new = set_field(demo, "messages[0].keywords", "ransomware, encrypted;before\nfirst").content
    assert new["messages"][0]["keywords"] == ["ransomware", "encrypted", "before", "first"]
    new = set_field(demo, "pitches[0].messages", "rollback, one-console").content
    assert new["pitches"][0]["messages"] == ["rollback", "one-console"]
    # Checkboxes send one value each, in page order; the pitch keeps its own order.
    new = set_field(demo, "pitches[1].messages",
                    ["stops-ransomware", "one-console", "rollback", "lower-total-cost"]).content
    assert new["pitches"][1]["messages"] == ["lower-total-cost", "stops-ransomware",
                                             "one-console", "rollback"]


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("messages[0].weight", "2", 2.0),
    ("messages[0].weight", "1,5", 1.5),
    ("objections[1].response[0].weight", "0.5", 0.5),
    ("due_days", "14", 14),
    ("due_days", "14.0", 14),
    ("certification.valid_days", "365", 365),
    ("certification.pitch_score", "75", 75),
    ("certification.pitch_score", "75%", 75),
    ("certification.drill_retention", "0.9", 0.9),
    ("certification.drill_retention", "90%", 0.9),
    ("certification.manager_signoff", "false", False),
    ("certification.manager_signoff", ["false", "true"], True),  # hidden default, checkbox
    ("certification.manager_signoff", ["false"], False),
    ("pitches[0].duration", "30-60", [30, 60]),
    ("pitches[0].duration", "30 to 60", [30, 60]),
    ("pitches[0].duration", ["30", "60"], [30, 60]),
    ("pitches[0].duration", ["45s", "90s"], [45, 90]),
])
def test_values_are_converted_by_field(demo: dict[str, Any], path: str, text: Any,
                                       expected: Any) -> None:
    new = set_field(demo, path, text).content
    node: Any = new
    for seg in parse_path(path):
        node = node[seg]
    assert node == expected
    assert type(node) is type(expected)


def test_half_a_duration_is_kept_and_reported(demo: dict[str, Any]) -> None:
    new = set_field(demo, "pitches[0].duration", ["40", ""]).content
    assert new["pitches"][0]["duration"] == [40, None]
    problems = validate_playbook_data(new)
    assert [p.path for p in problems] == ["pitches[0].duration"]
    assert set_field(demo, "pitches[0].duration", ["", ""]).content["pitches"][0].get(
        "duration") is None


@pytest.mark.parametrize(("path", "text", "message"), [
    ("messages[0].weight", "heavy", "The weight must be a number, like 1, 2 or 1.5"),
    ("due_days", "three weeks", "must be a whole number, like 21"),
    ("due_days", "2.5", "must be a whole number"),
    ("certification.pitch_score", "lots", "The pitch score must be a whole number"),
    ("certification.drill_retention", "most", "0.85 or 85%"),
    ("certification.manager_signoff", "maybe", "must be yes or no"),
    ("pitches[0].duration", "10-20-30", "like 45-90"),
    ("pitches[0].duration", "a-b", "A duration must be a whole number"),
    ("messages[0].weight", "inf", "must be a number"),
])
def test_unreadable_values_are_refused(demo: dict[str, Any], path: str, text: str,
                                       message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace(".", r"\.")):
        set_field(demo, path, text)


def test_values_that_read_but_break_a_rule_are_kept_for_the_problems_list(
        demo: dict[str, Any]) -> None:
    new = set_field(demo, "messages[0].weight", "0").content
    new = set_field(new, "certification.pitch_score", "120").content
    paths = {p.path for p in validate_playbook_data(new)}
    assert paths == {"messages[0].weight", "certification.pitch_score"}


@pytest.mark.parametrize(("path", "message"), [
    ("module", "not a field the editor can change"),
    ("version", "not a field the editor can change"),
    ("messages[0].colour", "not a field the editor can change"),
    ("messages[9].statement", "There is no message 10 in messages (it has 5)"),
    ("objections[0].response[7].statement", "There is no answer point 8"),
    ("forbidden[3].phrase", "There is no forbidden phrase 4"),
    ("messages.statement", "not a field the editor can change"),
])
def test_bad_paths_are_refused(demo: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        set_field(demo, path, "x")


def test_ids_are_slugified_unique_and_renames_carry_references(demo: dict[str, Any]) -> None:
    new = set_field(demo, "messages[1].id", "Behaviour, not Signatures!").content
    assert new["messages"][1]["id"] == "behaviour-not-signatures"
    assert new["retired"] == [
        {"phrase": "Northwind AV", "replaced_by": "behaviour-not-signatures"},
        {"phrase": "daily signature updates", "replaced_by": "behaviour-not-signatures"}]
    assert new["pitches"][0]["messages"] == ["stops-ransomware", "behaviour-not-signatures",
                                             "rollback"]
    assert validate_playbook_data(new) == []
    with pytest.raises(InvalidInput, match="Another message already has the id 'rollback'"):
        set_field(demo, "messages[0].id", "rollback")
    with pytest.raises(InvalidInput, match="Another answer point already has the id"):
        set_field(demo, "objections[0].response[0].id", "replaces-not-adds")
    # The same id in another objection is fine: answer point ids are unique per objection.
    new = set_field(demo, "objections[1].response[0].id", "replaces-not-adds").content
    assert validate_playbook_data(new) == []


def test_adding_items_gives_new_unique_ids(demo: dict[str, Any]) -> None:
    result = add_item(demo, "messages")
    assert result.path == "messages[5]"
    assert result.content["messages"][5] == {"id": "message-1", "statement": ""}
    again = add_item(result.content, "messages")
    assert again.content["messages"][6]["id"] == "message-2"
    # With text, the text fills the item and suggests the id.
    named = add_item(demo, "messages", "Deploys in an afternoon, no reboot needed").content
    assert named["messages"][5] == {"id": "deploys-in-an-afternoon-no",
                                    "statement": "Deploys in an afternoon, no reboot needed"}
    obj = add_item(demo, "objections").content["objections"][2]
    assert obj == {"id": "objection-1", "objection": "",
                   "response": [{"id": "point-1", "statement": ""}]}
    point = add_item(demo, "objections[1].response")
    assert point.path == "objections[1].response[2]"
    assert point.content["objections"][1]["response"][2] == {"id": "point-1", "statement": ""}
    assert add_item(demo, "forbidden", "world-class").content["forbidden"][3] == {
        "phrase": "world-class"}
    assert add_item(demo, "retired").content["retired"][2] == {"phrase": ""}
    assert add_item(demo, "pitches").content["pitches"][2] == {"id": "pitch-1", "prompt": ""}
    # A list the content does not have yet is created.
    bare = {k: v for k, v in demo.items() if k != "forbidden"}
    assert add_item(bare, "forbidden").content["forbidden"] == [{"phrase": ""}]
    with pytest.raises(InvalidInput, match="not a list the editor can add to"):
        add_item(demo, "messages[0].evidence")


def test_new_id_skips_taken_ones() -> None:
    assert new_id("message", {"message-1", "message-2", "message-4"}) == "message-3"
    assert slugify("  Ünïcode & Co. ") == "n-code-co"
    assert len(slugify("word " * 40, 40)) <= 40


def test_remove_and_move(demo: dict[str, Any]) -> None:
    removed = remove_item(demo, "messages[0]")
    assert [m["id"] for m in removed.content["messages"]] == [
        "behavioural-detection", "one-console", "rollback", "lower-total-cost"]
    assert removed.path == "messages"
    moved = move_item(demo, "messages[0]", "down")
    assert [m["id"] for m in moved.content["messages"]][:2] == [
        "behavioural-detection", "stops-ransomware"]
    assert moved.path == "messages[1]"
    up = move_item(demo, "objections[0].response[2]", "up")
    assert [p["id"] for p in up.content["objections"][0]["response"]] == [
        "signatures-miss-new-threats", "rollback-as-safety-net", "replaces-not-adds"]
    with pytest.raises(InvalidInput, match="already the first"):
        move_item(demo, "messages[0]", "up")
    with pytest.raises(InvalidInput, match="already the last"):
        move_item(demo, "pitches[1]", "down")
    with pytest.raises(InvalidInput, match="up or down"):
        move_item(demo, "pitches[1]", "sideways")
    with pytest.raises(InvalidInput, match="not an item the editor can move or remove"):
        remove_item(demo, "messages[0].statement")
    with pytest.raises(InvalidInput, match="There is no pitch 3"):
        remove_item(demo, "pitches[2]")


def test_removing_a_referenced_message_leaves_the_reference_for_the_problems_list(
        demo: dict[str, Any]) -> None:
    new = remove_item(demo, "messages[1]").content
    paths = {p.path for p in validate_playbook_data(new)}
    assert paths == {"retired[0].replaced_by", "retired[1].replaced_by",
                     "pitches[0].messages[1]"}


def test_expect_guards_against_edits_to_an_item_that_moved(demo: dict[str, Any]) -> None:
    set_field(demo, "messages[1].statement", "x", expect="behavioural-detection")
    with pytest.raises(Conflict, match="messages\\[1\\] is now 'behavioural-detection'"):
        set_field(demo, "messages[1].statement", "x", expect="stops-ransomware")
    # The innermost item with an id is the one checked.
    with pytest.raises(Conflict):
        set_field(demo, "objections[0].response[0].statement", "x", expect="too-expensive")
    with pytest.raises(Conflict):
        remove_item(demo, "pitches[0]", expect="cfo-business-case")


def test_apply_edit_dispatches_and_limits_size(demo: dict[str, Any]) -> None:
    assert apply_edit(demo, op="set", path="title", value="T").content["title"] == "T"
    assert len(apply_edit(demo, op="add", path="forbidden").content["forbidden"]) == 4
    assert len(apply_edit(demo, op="remove", path="forbidden[0]").content["forbidden"]) == 2
    assert apply_edit(demo, op="move", path="forbidden[0]", direction="down").path == \
        "forbidden[1]"
    with pytest.raises(InvalidInput, match="Unknown edit"):
        apply_edit(demo, op="delete", path="forbidden[0]")
    with pytest.raises(InvalidInput, match="the limit for one field is 25,000"):
        apply_edit(demo, op="set", path="summary", value="x" * 30_000)


def test_certification_block_is_created_and_dropped_when_empty(demo: dict[str, Any]) -> None:
    bare = {k: v for k, v in demo.items() if k != "certification"}
    new = set_field(bare, "certification.valid_days", "30").content
    assert new["certification"] == {"valid_days": 30}
    assert "certification" not in set_field(new, "certification.valid_days", "").content


def test_field_kinds() -> None:
    assert field_kind("objections[3].response[0].evidence") == "lines"
    assert field_kind("certification.drill_retention") == "share"
    assert field_kind("module") is None
    assert field_kind("???") is None
    assert convert("refs", ["One Console"], "pitches[0].messages") == ["one-console"]
