"""Diffs between playbook versions: statuses, word spans, and JSON storage."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from drills.playbook_diff import (
    FieldChange,
    PlaybookDiff,
    Span,
    changed_message_ids,
    diff_playbooks,
    word_diff,
)
from drills.playbook_format import (
    ForbiddenPhrase,
    Message,
    Objection,
    Pitch,
    Playbook,
    ResponsePoint,
    RetiredPhrase,
    RubricCriterion,
    parse_playbook,
)

HERE = Path(__file__).parent
DEMO = Path(__file__).parents[2] / "app" / "demo"


def load(path: Path) -> Playbook:
    return parse_playbook(path.read_text(encoding="utf-8"), filename=path.name)


def base() -> Playbook:
    return load(HERE / "playbooks" / "fy27-pricing.yaml")


def replace_message(pb: Playbook, message_id: str, **changes: object) -> Playbook:
    msgs = tuple(m.model_copy(update=changes) if m.id == message_id else m for m in pb.messages)
    return pb.model_copy(update={"messages": msgs, "version": pb.version + 1})


def rebuild(text: str, spans: tuple[Span, ...], side: str) -> str:
    skip = "insert" if side == "old" else "delete"
    return "".join(s.text for s in spans if s.op != skip)


def test_identical_versions_have_no_changes() -> None:
    pb = base()
    diff = diff_playbooks(pb, pb)
    assert not diff.has_changes
    assert {m.status for m in diff.messages} == {"unchanged"}
    assert {o.status for o in diff.objections} == {"unchanged"}
    assert changed_message_ids(diff) == ()
    assert diff.fields == ()


def test_demo_v2_changes_one_message_and_adds_one() -> None:
    v1, v2 = load(DEMO / "playbook.yaml"), load(DEMO / "playbook-v2.yaml")
    diff = diff_playbooks(v1, v2)
    assert (diff.module, diff.old_version, diff.new_version) == ("northwind-shield-launch", 1, 2)
    assert diff.messages_with("changed") == ("rollback",)
    assert diff.messages_with("added") == ("managed-detection",)
    assert diff.messages_with("removed") == ()
    assert len(diff.messages_with("unchanged")) == 4
    assert changed_message_ids(diff) == ("rollback", "managed-detection")
    rollback = next(m for m in diff.messages if m.id == "rollback")
    assert [f.field for f in rollback.fields] == ["statement"]
    assert rollback.statement_changed
    assert rollback.fields[0].spans == (
        Span("equal", "If anything slips through, one click rolls "),
        Span("insert", "every "),
        Span("equal", "affected "),
        Span("delete", "machines"),
        Span("insert", "machine"),
        Span("equal", " back to a clean state"),
        Span("insert", " in under 30 seconds"),
        Span("equal", "."),
    )
    assert all(o.status == "unchanged" for o in diff.objections)
    assert all(p.status == "unchanged" for p in diff.pitches)
    assert diff.fields == ()
    assert not diff.messages_reordered


def test_statement_word_diff() -> None:
    old = base()
    new = replace_message(
        old, "one-story", statement="Every rep tells the same story within two days of launch."
    )
    diff = diff_playbooks(old, new)
    (change,) = next(m for m in diff.messages if m.id == "one-story").fields
    assert change.field == "statement"
    assert change.spans == (
        Span("equal", "Every rep tells the same story within "),
        Span("delete", "a week"),
        Span("insert", "two days"),
        Span("equal", " of launch."),
    )
    assert changed_message_ids(diff) == ("one-story",)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "Brand new text."),
        ("Old text.", ""),
        ("Same", "Same"),
        ("Punctuation, commas; and — dashes!", "Punctuation; commas, and dashes?"),
        ("Multi\nline\n\ntext", "Multi line\ntext\n"),
        ("Ümlaut café 日本語", "Umlaut cafe 日本"),
    ],
)
def test_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    spans = word_diff(old, new)
    assert rebuild(old, spans, "old") == old
    assert rebuild(new, spans, "new") == new
    # Adjacent spans never share an op: the UI renders one element per span.
    assert all(a.op != b.op for a, b in itertools.pairwise(spans))


def test_other_point_fields() -> None:
    old = base()
    new = replace_message(
        old,
        "one-story",
        evidence=("whole team on message in days", "one story everywhere"),
        keywords=("week",),
        proof="Globex cut ramp time by 45%",
        weight=3.0,
    )
    m = next(m for m in diff_playbooks(old, new).messages if m.id == "one-story")
    assert m.status == "changed"
    assert not m.statement_changed
    by_field = {f.field: f for f in m.fields}
    assert list(by_field) == ["evidence", "keywords", "proof", "weight"]
    assert by_field["evidence"].added == ("one story everywhere",)
    assert by_field["evidence"].removed == ("same pitch across the team",)
    assert by_field["keywords"].removed == ("same story",)
    assert by_field["keywords"].added == ()
    assert by_field["proof"].spans == (
        Span("equal", "Globex cut"),
        Span("delete", " new-hire"),
        Span("equal", " ramp time by "),
        Span("delete", "40"),
        Span("insert", "45"),
        Span("equal", "%"),
    )
    assert (by_field["weight"].old, by_field["weight"].new) == (2.0, 3.0)


def test_proof_added_gets_spans() -> None:
    old = base()
    new = replace_message(old, "proof-for-leadership", proof="Initech certified 300 reps.")
    m = next(m for m in diff_playbooks(old, new).messages if m.id == "proof-for-leadership")
    (change,) = m.fields
    assert change.old is None
    assert change.spans == (Span("insert", "Initech certified 300 reps."),)


def test_removed_and_reordered_messages() -> None:
    old = base()
    kept = tuple(m for m in old.messages if m.id != "proof-for-leadership")
    new = old.model_copy(update={"messages": tuple(reversed(kept)), "version": 3})
    diff = diff_playbooks(old, new)
    assert [(m.id, m.status) for m in diff.messages] == [
        ("outcome-pricing", "unchanged"),
        ("one-story", "unchanged"),
        ("proof-for-leadership", "removed"),
    ]
    removed = diff.messages[-1]
    assert removed.new is None and removed.old == old.message("proof-for-leadership")
    assert diff.messages_reordered
    assert diff.has_changes
    assert changed_message_ids(diff) == ()  # nothing new to learn


def test_objection_changes() -> None:
    old = base()
    too_expensive = old.objections[0]
    points = (
        too_expensive.response[0].model_copy(update={"statement": "Lost deals cost more."}),
        ResponsePoint(id="roi-in-a-quarter", statement="It pays back within a quarter."),
    )
    new = old.model_copy(
        update={
            "objections": (
                too_expensive.model_copy(update={"response": points}),
                Objection(
                    id="have-a-wiki",
                    objection="We keep messaging in a wiki.",
                    response=(ResponsePoint(id="wiki-unread", statement="Nobody reads wikis."),),
                ),
                old.objections[1].model_copy(update={"objection": "Reps are too busy."}),
            )
        }
    )
    diff = diff_playbooks(old, new)
    assert [(o.id, o.status) for o in diff.objections] == [
        ("too-expensive", "changed"),
        ("have-a-wiki", "added"),
        ("no-time", "changed"),
    ]
    first = diff.objections[0]
    assert first.objection is None  # the objection text itself is the same
    assert [(r.id, r.status) for r in first.response] == [
        ("cost-of-misalignment", "changed"),
        ("roi-in-a-quarter", "added"),
        ("pay-for-outcomes", "removed"),
    ]
    no_time = diff.objections[2]
    assert no_time.objection is not None and no_time.objection.field == "objection"
    assert (no_time.old_text, no_time.new_text) == (
        "My reps don't have time for more training.",
        "Reps are too busy.",
    )
    assert all(r.status == "unchanged" for r in no_time.response)
    assert changed_message_ids(diff) == ()  # response points are not messages


def test_objection_removed() -> None:
    old = base()
    new = old.model_copy(update={"objections": old.objections[:1]})
    diff = diff_playbooks(old, new)
    assert diff.objections[-1].id == "no-time"
    assert diff.objections[-1].status == "removed"
    assert diff.objections[-1].response[0].status == "removed"


def test_phrases_and_pitches() -> None:
    old = base()
    new = old.model_copy(
        update={
            "forbidden": (
                ForbiddenPhrase(phrase="Cheapest on the market", reason="Never on price."),
                ForbiddenPhrase(phrase="best in class"),
            ),
            "retired": (
                RetiredPhrase(phrase="per-seat pricing", replaced_by="one-story"),
                RetiredPhrase(phrase="unlimited users"),
            ),
            "pitches": (
                old.pitches[0].model_copy(
                    update={"messages": ("one-story", "proof-for-leadership"), "duration": None}
                ),
                Pitch(id="vp-sales", prompt="Pitch a VP of Sales."),
            ),
        }
    )
    diff = diff_playbooks(old, new)
    assert [(f.key, f.status) for f in diff.forbidden] == [
        ("Cheapest on the market", "changed"),
        ("best in class", "added"),
        ("guaranteed quota attainment", "removed"),
    ]
    assert [c.field for c in diff.forbidden[0].fields] == ["phrase", "reason"]
    assert [(r.key, r.status) for r in diff.retired] == [
        ("per-seat pricing", "changed"),
        ("unlimited users", "unchanged"),
    ]
    assert diff.retired[0].fields == (
        FieldChange("replaced_by", "outcome-pricing", "one-story",
                    spans=word_diff("outcome-pricing", "one-story")),
    )  # fmt: skip
    assert [(p.key, p.status) for p in diff.pitches] == [
        ("cfo-elevator", "changed"),
        ("vp-sales", "added"),
        ("full-talk-track", "removed"),
    ]
    fields = {f.field: f for f in diff.pitches[0].fields}
    assert fields["messages"].added == ("proof-for-leadership",)
    assert fields["messages"].removed == ("outcome-pricing",)
    assert (fields["duration"].old, fields["duration"].new) == ((45, 90), None)
    assert changed_message_ids(diff) == ()


def test_module_level_fields() -> None:
    old = base()
    new = old.model_copy(
        update={
            "title": "FY27 pricing story, revised",
            "summary": None,
            "due_days": 30,
            "certification": old.certification.model_copy(update={"pitch_score": 85}),
        }
    )
    diff = diff_playbooks(old, new)
    assert [f.field for f in diff.fields] == [
        "title",
        "summary",
        "due_days",
        "certification.pitch_score",
    ]
    assert diff.fields[0].spans[-1] == Span("insert", ", revised")
    assert (diff.fields[3].old, diff.fields[3].new) == (75, 85)
    assert diff.has_changes


def test_rubric_criteria_changes() -> None:
    old = base()
    criteria = (RubricCriterion(id="clarity", label="Clarity"),
                RubricCriterion(id="active_listening", label="Active listening"))
    new = old.model_copy(update={
        "certification": old.certification.model_copy(update={"rubric": criteria})})
    (change,) = diff_playbooks(old, new).fields
    assert change.field == "certification.rubric"
    assert change.added == ("Clarity", "Active listening") and change.removed == ()
    fewer = new.model_copy(update={
        "certification": new.certification.model_copy(update={"rubric": criteria[:1]})})
    (change,) = diff_playbooks(new, fewer).fields
    assert change.removed == ("Active listening",) and change.added == ()
    stored = diff_playbooks(new, fewer)  # stored at publish as JSON, read back alike
    assert PlaybookDiff.from_dict(json.loads(json.dumps(stored.to_dict()))) == stored
    assert not diff_playbooks(new, new).fields


def test_first_version_is_all_added() -> None:
    pb = load(DEMO / "playbook.yaml")
    diff = diff_playbooks(None, pb)
    assert diff.old_version is None
    assert {m.status for m in diff.messages} == {"added"}
    assert changed_message_ids(diff) == tuple(m.id for m in pb.messages)
    assert {o.status for o in diff.objections} == {"added"}
    assert {p.status for p in diff.pitches} == {"added"}
    assert diff.fields == ()


def test_diff_round_trips_through_json() -> None:
    old = base()
    new_msgs = (
        *(m for m in old.messages if m.id != "outcome-pricing"),
        Message(id="new-one", statement="A brand-new message.", keywords=("brand",)),
    )
    new = replace_message(
        old.model_copy(update={"messages": new_msgs, "objections": old.objections[:1]}),
        "one-story",
        statement="Every rep tells one story.",
        evidence=("x",),
    )
    new = new.model_copy(
        update={"pitches": (old.pitches[0].model_copy(update={"duration": (30, 60)}),)}
    )
    diff = diff_playbooks(old, new)
    stored = json.loads(json.dumps(diff.to_dict()))
    restored = PlaybookDiff.from_dict(stored)
    assert restored == diff
    assert changed_message_ids(restored) == ("one-story", "new-one")
    assert isinstance(restored.objections[0].response[0].old, ResponsePoint)
    assert isinstance(restored.messages[0].new, Message)


def test_demo_diff_round_trips_through_json() -> None:
    diff = diff_playbooks(load(DEMO / "playbook.yaml"), load(DEMO / "playbook-v2.yaml"))
    assert PlaybookDiff.from_dict(json.loads(json.dumps(diff.to_dict()))) == diff
