"""Drill generation from a playbook version, and typed/picked answer checking."""

from __future__ import annotations

from drills.answer_check import check_pick, check_typed
from drills.drill_builder import DrillKind, build_drills, fingerprint
from drills.playbook_diff import changed_message_ids, diff_playbooks
from drills.playbook_format import parse_playbook
from drills.scheduling import Rating
from tests.drills.practice_helpers import DEMO

V1 = parse_playbook((DEMO / "playbook.yaml").read_bytes())
V2 = parse_playbook((DEMO / "playbook-v2.yaml").read_bytes())


def test_every_message_gets_four_drills_and_every_objection_two() -> None:
    specs = build_drills(V2)
    kinds = [(s.kind, s.subject) for s in specs]
    for m in V2.messages:
        for kind in (DrillKind.RECALL, DrillKind.GAP, DrillKind.PICK, DrillKind.SPOKEN):
            assert (kind, m.id) in kinds
    assert [s.subject for s in specs if s.kind == DrillKind.OBJECTION] == [
        o.id for o in V2.objections]
    assert [s.subject for s in specs if s.kind == DrillKind.SPOKEN] == [
        *(m.id for m in V2.messages), *(o.id for o in V2.objections)]
    assert len(specs) == 4 * len(V2.messages) + 2 * len(V2.objections)


def test_spoken_drills_carry_a_cue_and_their_rubric() -> None:
    spoken = {(s.payload["family"], s.subject): s for s in build_drills(V1)
              if s.kind == DrillKind.SPOKEN}
    message = V1.messages[0]
    said = spoken[("message", message.id)]
    # The cue is the situation, never the line itself; the rubric is that one message.
    assert said.payload["prompt"].startswith("Say it in your own words: ")
    assert message.statement not in said.payload["prompt"]
    assert said.payload["points"] == [{
        "id": message.id, "statement": message.statement, "evidence": list(message.evidence),
        "keywords": list(message.keywords), "weight": message.weight}]
    assert said.fingerprint == fingerprint(message)
    objection = V1.objections[0]
    answer = spoken[("objection", objection.id)]
    assert answer.payload["prompt"] == f"Answer: {objection.objection}"
    assert [p["id"] for p in answer.payload["points"]] == [p.id for p in objection.response]
    assert answer.payload["duration"][1] <= 45


def test_generation_is_deterministic() -> None:
    assert [s.payload for s in build_drills(V2)] == [s.payload for s in build_drills(V2)]


def test_gap_blanks_a_keyword_and_rebuilds_the_statement() -> None:
    for spec in build_drills(V2):
        if spec.kind == DrillKind.GAP:
            p = spec.payload
            assert p["before"] + p["expected"] + p["after"] == p["statement"]
            assert p["expected"].strip()


def test_pick_has_one_right_line_and_explains_wrong_ones() -> None:
    picks = [s for s in build_drills(V2) if s.kind == DrillKind.PICK]
    for spec in picks:
        options = spec.payload["options"]
        assert len(options) == 4
        assert sorted(o["id"] for o in options) == ["a", "b", "c", "d"]
        assert [o["text"] for o in options if o["correct"]] == [spec.payload["statement"]]
        assert all(o["why"] for o in options)
        assert len({o["text"] for o in options}) == 4
    rollback = next(s for s in picks if s.subject == "rollback")
    whys = " ".join(o["why"] for o in rollback.payload["options"])
    assert "Wrong figure" in whys  # a meaning-changing paraphrase (30 -> 60 seconds)
    behaviour = next(s for s in picks if s.subject == "behavioural-detection")
    texts = " ".join(o["text"] for o in behaviour.payload["options"])
    assert "Northwind AV" in texts or "daily signature updates" in texts  # retired phrase
    assert any("forbidden" in o["why"] for s in picks for o in s.payload["options"])


def test_fingerprints_change_exactly_where_the_diff_says() -> None:
    diff = diff_playbooks(V1, V2)
    changed = {m.id for m in V1.messages if V2.message(m.id) is None
               or fingerprint(m) != fingerprint(V2.message(m.id))}  # type: ignore[arg-type]
    changed |= {m.id for m in V2.messages if V1.message(m.id) is None}
    assert changed == set(changed_message_ids(diff))


def test_typed_answers_tolerate_spelling_and_word_forms() -> None:
    assert check_typed("ransomware", "ransomware").rating == Rating.GOOD
    assert check_typed("Ransomwear", "ransomware").correct
    assert check_typed("behavior", "behaviour").correct
    assert check_typed("encrypt", "encrypted").correct
    assert check_typed("console", "One console").rating == Rating.HARD
    wrong = check_typed("firewall", "ransomware")
    assert wrong.rating == Rating.AGAIN and "ransomware" in wrong.explanation
    assert check_typed("   ", "ransomware").rating == Rating.AGAIN


def test_pick_verdicts() -> None:
    options = [{"id": "a", "correct": True, "why": "ok"},
               {"id": "b", "correct": False, "why": "“unhackable” is forbidden"}]
    assert check_pick("a", options).rating == Rating.GOOD  # type: ignore[union-attr]
    wrong = check_pick("b", options)
    assert wrong is not None and wrong.rating == Rating.AGAIN and "forbidden" in wrong.explanation
    assert check_pick("z", options) is None
