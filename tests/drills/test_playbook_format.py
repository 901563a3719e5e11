"""The playbook format: parsing, every class of error, and round-tripping."""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from drills.errors import MAX_PROBLEMS, InvalidPlaybook, Problem
from drills.playbook_format import (
    MAX_ITEMS,
    CertificationSettings,
    Message,
    ResponsePoint,
    dump_playbook,
    parse_playbook,
    playbook_from_dict,
    playbook_to_dict,
    rubric_id,
    validate_playbook_data,
)

HERE = Path(__file__).parent
SAMPLES = sorted((HERE / "playbooks").glob("*.yaml"))
DEMO = Path(__file__).parents[2] / "app" / "demo"
DEMO_FILES = [DEMO / "playbook.yaml", DEMO / "playbook-v2.yaml"]

BASE: dict[str, Any] = {
    "format": 1,
    "module": "demo",
    "version": 1,
    "title": "Demo",
    "messages": [
        {"id": "alpha", "statement": "Alpha is fast."},
        {"id": "beta", "statement": "Beta is safe.", "evidence": ["never loses data"]},
    ],
    "objections": [
        {
            "id": "pricey",
            "objection": "Too expensive.",
            "response": [{"id": "value", "statement": "It pays for itself."}],
        }
    ],
    "pitches": [{"id": "short", "prompt": "Pitch it.", "messages": ["alpha"]}],
}


def problems_for(change: Callable[[dict[str, Any]], object]) -> list[Problem]:
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return exc.value.problems


def problems_of(text: str | bytes, **kwargs: Any) -> list[Problem]:
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(text, **kwargs)
    return exc.value.problems


def normalized(raw: dict[str, Any]) -> dict[str, Any]:
    """The file's data with the format's defaults applied and empty optionals dropped."""
    out = {k: v for k, v in raw.items() if v not in (None, [])}
    defaults = {k: v for k, v in CertificationSettings().model_dump().items() if v is not None}
    out["certification"] = {**defaults, **(raw.get("certification") or {})}

    def point(p: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in p.items() if v not in (None, []) and (k, v) != ("weight", 1)}

    out["messages"] = [point(m) for m in out["messages"]]
    if "objections" in out:
        out["objections"] = [
            {**o, "response": [point(r) for r in o["response"]]} for o in out["objections"]
        ]
    return out


# ------------------------------------------------------------------ valid files


def test_there_are_enough_samples() -> None:
    assert len(SAMPLES) >= 4


@pytest.mark.parametrize("path", SAMPLES + DEMO_FILES, ids=lambda p: p.name)
def test_sample_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pb = parse_playbook(text, filename=path.name)
    dumped = dump_playbook(pb)
    assert parse_playbook(dumped) == pb
    assert yaml.safe_load(dumped) == normalized(yaml.safe_load(text))
    # Stored as JSON in the database, read back the same.
    as_json = json.loads(json.dumps(playbook_to_dict(pb)))
    assert playbook_from_dict(as_json) == pb
    # Dumping is stable: a second round gives the same text.
    assert dump_playbook(parse_playbook(dumped)) == dumped


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name)
def test_demo_playbooks_parse(path: Path) -> None:
    pb = parse_playbook(path.read_bytes(), filename=path.name)
    assert pb.module == "northwind-shield-launch"
    assert pb.due_days == 21
    assert len(pb.objections) == 2
    assert [p.id for p in pb.pitches] == ["ciso-elevator", "cfo-business-case"]
    assert all(r.replaced_by for r in pb.retired)


def test_minimal_sample_gets_defaults() -> None:
    pb = parse_playbook((HERE / "playbooks" / "minimal.yaml").read_text())
    assert pb.certification == CertificationSettings(
        drill_retention=0.85, pitch_score=80, manager_signoff=True, valid_days=180
    )
    assert pb.objections == pb.forbidden == pb.retired == pb.pitches == ()
    assert pb.messages[0].weight == 1
    assert pb.summary is None


def test_unicode_is_kept_verbatim_in_the_dump() -> None:
    pb = parse_playbook((HERE / "playbooks" / "lumen-kasse.yaml").read_bytes())
    dumped = dump_playbook(pb)
    assert "Kassensystem für den Einzelhandel ☕" in dumped
    assert "日本語・中文・Français" in dumped
    assert "\\u" not in dumped


def test_dump_is_readable_block_yaml_in_format_order() -> None:
    pb = parse_playbook((HERE / "playbooks" / "harbor-ledger.yaml").read_text())
    dumped = dump_playbook(pb)
    assert dumped.startswith("format: 1\nmodule: harbor-ledger-close\nversion: 12\ntitle: ")
    assert "summary: |\n  ## Why this launch matters\n" in dumped
    assert "    keywords: [five days, close]\n" in dumped
    assert "    weight: 2.5\n" in dumped
    assert "weight: 1\n" not in dumped  # the default is left out
    assert "forbidden" not in dumped and "retired" not in dumped  # empty sections too
    assert not re.search(r"[&*]id\d", dumped)  # no anchors or aliases
    keys = list(yaml.safe_load(dumped))
    assert keys == [
        "format", "module", "version", "title", "summary", "audience",
        "messages", "objections", "pitches", "certification",
    ]  # fmt: skip


def test_shared_objects_are_dumped_without_aliases() -> None:
    pb = parse_playbook((HERE / "playbooks" / "minimal.yaml").read_text())
    same = ("same phrase",)
    msg = Message(id="a", statement="A.", evidence=same, keywords=same)
    twin = pb.model_copy(update={"messages": (msg, msg.model_copy(update={"id": "b"}))})
    dumped = dump_playbook(twin)
    assert not re.search(r"[&*]id\d", dumped)
    assert parse_playbook(dumped) == twin


def test_awkward_strings_round_trip() -> None:
    pb = parse_playbook((HERE / "playbooks" / "minimal.yaml").read_text())
    tricky = [
        "yes",
        "123",
        "- not a list",
        "key: value # not a comment",
        "trailing space ",
        "line one\nline two\n",
        "tabs\tand  spaces\n  indented\n",
        "'quotes' and \"doubles\"",
        "emoji 🚀 and ümlauts",
    ]
    msgs = tuple(Message(id=f"m{i}", statement=s) for i, s in enumerate(tricky))
    weird = pb.model_copy(update={"messages": msgs, "summary": "# Title\n\n* a\n* b"})
    assert parse_playbook(dump_playbook(weird)) == weird


def test_bom_is_accepted() -> None:
    text = (HERE / "playbooks" / "minimal.yaml").read_text()
    pb = parse_playbook(b"\xef\xbb\xbf" + text.encode())
    assert pb.module == "quickstart"


def test_null_optional_fields_count_as_absent() -> None:
    pb = parse_playbook(
        "format: 1\nmodule: m\nversion: 1\ntitle: T\nsummary:\nobjections:\n"
        "messages:\n  - id: a\n    statement: A.\n    evidence:\n    weight:\n"
    )
    assert pb.summary is None and pb.objections == ()
    assert pb.messages[0].evidence == () and pb.messages[0].weight == 1


# ------------------------------------------------------------ convenience API


def test_lookups_and_points() -> None:
    pb = parse_playbook((HERE / "playbooks" / "fy27-pricing.yaml").read_text())
    assert pb.message("one-story") is not None
    assert pb.message("nope") is None
    pitch = pb.pitch("cfo-elevator")
    assert pitch is not None and pitch.duration == (45, 90)
    assert pb.pitch("nope") is None
    assert [m.id for m in pb.messages_for_pitch("cfo-elevator")] == [
        "outcome-pricing",
        "one-story",
    ]
    assert pb.messages_for_pitch("full-talk-track") == pb.messages
    assert pb.messages_for_pitch(None) == pb.messages
    with pytest.raises(KeyError):
        pb.messages_for_pitch("nope")

    refs = pb.all_points()
    assert [r.key for r in refs] == [
        "one-story",
        "outcome-pricing",
        "proof-for-leadership",
        "too-expensive/cost-of-misalignment",
        "too-expensive/pay-for-outcomes",
        "no-time/five-minutes",
    ]
    assert refs[3].kind == "response" and refs[3].objection_id == "too-expensive"
    assert isinstance(refs[3].point, ResponsePoint)
    assert isinstance(refs[0].point, Message)
    assert pb.point("no-time/five-minutes") == refs[-1].point
    objection = pb.objection("too-expensive")
    assert objection is not None and objection.point("pay-for-outcomes") is not None


def test_models_are_immutable() -> None:
    pb = parse_playbook((HERE / "playbooks" / "minimal.yaml").read_text())
    with pytest.raises(ValueError):
        pb.title = "changed"  # type: ignore[misc]


def test_validate_playbook_data() -> None:
    assert validate_playbook_data(copy.deepcopy(BASE)) == []
    assert validate_playbook_data({**BASE, "version": 0}) == [
        Problem("version", "must be between 1 and 1000000, got 0")
    ]


def test_from_dict_uses_the_given_filename() -> None:
    with pytest.raises(InvalidPlaybook) as exc:
        playbook_from_dict({**BASE, "title": ""}, filename="demo v3")
    assert exc.value.filename == "demo v3"
    assert exc.value.problems == [Problem("title", "must not be empty")]


# ------------------------------------------------------------ file-level errors


def test_over_size() -> None:
    text = (HERE / "playbooks" / "minimal.yaml").read_text()
    assert problems_of(text, max_bytes=100) == [
        Problem("", f"the file is {len(text.encode())} bytes; the limit is 100 bytes")
    ]
    assert problems_of(b"x" * 2_000_001) == [
        Problem("", "the file is 2,000,001 bytes; the limit is 1,000,000 bytes")
    ]


def test_non_utf8_names_the_byte_offset() -> None:
    data = b"format: 1\ntitle: Caf" + b"\xe9\n"
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(data, filename="latin1.yaml")
    assert exc.value.filename == "latin1.yaml"
    assert exc.value.problems == [
        Problem(
            "",
            "the file is not UTF-8 text: invalid byte 0xe9 at byte offset 20; save it as UTF-8",
        )
    ]
    assert str(exc.value).startswith("latin1.yaml: the file is not UTF-8 text")


def test_malformed_yaml_gives_line_and_column() -> None:
    problems = problems_of("format: 1\nmessages:\n  - id: a\n   statement: [unclosed\n")
    assert len(problems) == 1
    assert problems[0].path == ""
    assert problems[0].message.startswith("invalid YAML: line 4, column")


def test_bad_indentation_is_a_yaml_error() -> None:
    problems = problems_of("format: 1\n  module: x\n")
    assert problems[0].message.startswith("invalid YAML: line 2, column 9: ")


def test_control_characters_are_a_yaml_error() -> None:
    assert problems_of("format: 1\ntitle: a\x00b\n") == [
        Problem("", "invalid YAML: line 2, column 9: character U+0000 is not allowed")
    ]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    problems = problems_of("title: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems == [Problem("", "invalid YAML: the document is nested too deeply")]


def test_multiple_documents_are_an_error() -> None:
    problems = problems_of("format: 1\n---\nformat: 1\n")
    assert problems[0].message.startswith("invalid YAML: line 2, column 1: ")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("- a\n- b\n", "got a list"),
        ("just text\n", "got text"),
        ("42\n", "got a number (42)"),
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, what: str) -> None:
    assert problems_of(text) == [
        Problem("", f"a playbook must be a mapping of keys (format, module, version, ...); {what}")
    ]


def test_aliases_are_refused() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    problems = problems_of(bomb)
    assert len(problems) == 1
    assert "aliases (*name) are not allowed in a playbook" in problems[0].message
    assert problems[0].message.startswith("invalid YAML: line 2, column")


def test_merge_keys_need_aliases_and_are_refused() -> None:
    text = "base: &b {id: a}\nmessages:\n  - <<: *b\n    statement: A.\n"
    assert "aliases" in problems_of(text)[0].message


def test_duplicate_keys_are_reported_with_lines() -> None:
    text = (
        "format: 1\nmodule: m\nversion: 1\ntitle: T\nmessages:\n"
        "  - id: a\n    statement: First.\n    statement: Second.\n"
    )
    assert problems_of(text) == [
        Problem("messages[0].statement", "duplicate key 'statement' (line 8; first on line 7)")
    ]


# --------------------------------------------------------------- content errors


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _drop(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


CASES: list[tuple[str, Callable[[dict[str, Any]], object], str, str]] = [
    # unknown keys, with and without a suggestion
    (
        "typo-evidence",
        _set(["messages", 1, "evidnce"], ["x"]),
        "messages[1].evidnce",
        "unknown key 'evidnce' (did you mean 'evidence'?)",
    ),
    (
        "typo-top",
        _set(["titel"], "x"),
        "titel",
        "unknown key 'titel' (did you mean 'title'?)",
    ),
    (
        "typo-response",
        _set(["objections", 0, "response", 0, "keywrds"], ["x"]),
        "objections[0].response[0].keywrds",
        "unknown key 'keywrds' (did you mean 'keywords'?)",
    ),
    (
        "unknown-no-suggestion",
        _set(["pitches", 0, "zzz"], 1),
        "pitches[0].zzz",
        "unknown key 'zzz' (expected one of: id, prompt, messages, duration)",
    ),
    (
        "typo-certification",
        _set(["certification"], {"pitch_scor": 70}),
        "certification.pitch_scor",
        "unknown key 'pitch_scor' (did you mean 'pitch_score'?)",
    ),
    (
        "non-text-key",
        _set(["messages", 0, 7], "x"),
        "messages[0]",
        "keys must be text, got a number (7)",
    ),
    # missing required fields
    ("missing-title", _drop(["title"]), "title", "required key 'title' is missing"),
    ("missing-format", _drop(["format"]), "format", "required key 'format' is missing"),
    (
        "missing-statement",
        _drop(["messages", 0, "statement"]),
        "messages[0].statement",
        "required key 'statement' is missing",
    ),
    (
        "empty-statement-value",
        _set(["messages", 0, "statement"], None),
        "messages[0].statement",
        "required key 'statement' has no value",
    ),
    (
        "missing-response",
        _drop(["objections", 0, "response"]),
        "objections[0].response",
        "required key 'response' is missing",
    ),
    (
        "missing-pitch-prompt",
        _drop(["pitches", 0, "prompt"]),
        "pitches[0].prompt",
        "required key 'prompt' is missing",
    ),
    # wrong types
    (
        "messages-not-list",
        _set(["messages"], {"id": "a"}),
        "messages",
        "expected a list, got a mapping",
    ),
    (
        "message-not-mapping",
        _set(["messages", 0], "Alpha is fast."),
        "messages[0]",
        "expected a message (a mapping of keys), got text",
    ),
    (
        "statement-number",
        _set(["messages", 0, "statement"], 42),
        "messages[0].statement",
        "expected text, got a number (42); put it in quotes",
    ),
    (
        "keyword-bool",
        _set(["messages", 0, "keywords"], ["fast", True]),
        "messages[0].keywords[1]",
        "expected text, got true/false (true); put it in quotes",
    ),
    (
        "evidence-string",
        _set(["messages", 0, "evidence"], "fast"),
        "messages[0].evidence",
        "expected a list, got text",
    ),
    (
        "version-text",
        _set(["version"], "2"),
        "version",
        "expected a whole number, got text",
    ),
    (
        "version-bool",
        _set(["version"], True),
        "version",
        "expected a whole number, got true/false (true)",
    ),
    (
        "weight-text",
        _set(["messages", 0, "weight"], "heavy"),
        "messages[0].weight",
        "expected a number, got text",
    ),
    (
        "signoff-text",
        _set(["certification"], {"manager_signoff": "yes please"}),
        "certification.manager_signoff",
        "expected true or false, got text",
    ),
    (
        "certification-list",
        _set(["certification"], [1]),
        "certification",
        "expected certification settings (a mapping of keys), got a list",
    ),
    # format version
    (
        "format-2",
        _set(["format"], 2),
        "format",
        "unsupported format 2; this version reads format 1",
    ),
    (
        "format-text",
        _set(["format"], "1"),
        "format",
        "expected the format number 1, got text",
    ),
    # slugs
    (
        "module-slug",
        _set(["module"], "FY27 Pricing"),
        "module",
        "'FY27 Pricing' is not a valid id: use lowercase letters, digits and hyphens"
        " (e.g. 'fy27-pricing')",
    ),
    (
        "message-slug",
        _set(["messages", 0, "id"], "alpha_1"),
        "messages[0].id",
        "'alpha_1' is not a valid id: use lowercase letters, digits and hyphens (e.g. 'alpha-1')",
    ),
    (
        "objection-slug",
        _set(["objections", 0, "id"], "Too Pricey!"),
        "objections[0].id",
        "'Too Pricey!' is not a valid id: use lowercase letters, digits and hyphens"
        " (e.g. 'too-pricey')",
    ),
    (
        "response-slug",
        _set(["objections", 0, "response", 0, "id"], "Wert"),
        "objections[0].response[0].id",
        "'Wert' is not a valid id: use lowercase letters, digits and hyphens (e.g. 'wert')",
    ),
    (
        "pitch-slug",
        _set(["pitches", 0, "id"], "ünïcode"),
        "pitches[0].id",
        "'ünïcode' is not a valid id: use lowercase letters, digits and hyphens (e.g. 'n-code')",
    ),
    (
        "slug-too-long",
        _set(["module"], "a" * 65),
        "module",
        "is 65 characters long; the limit is 64",
    ),
    # duplicate ids
    (
        "duplicate-message",
        _set(["messages", 1, "id"], "alpha"),
        "messages[1].id",
        "duplicate message id 'alpha' (also at messages[0].id)",
    ),
    (
        "duplicate-objection",
        lambda d: d["objections"].append(copy.deepcopy(d["objections"][0])),
        "objections[1].id",
        "duplicate objection id 'pricey' (also at objections[0].id)",
    ),
    (
        "duplicate-response",
        lambda d: d["objections"][0]["response"].append({"id": "value", "statement": "B."}),
        "objections[0].response[1].id",
        "duplicate response point id 'value' (also at objections[0].response[0].id)",
    ),
    (
        "duplicate-pitch",
        lambda d: d["pitches"].append({"id": "short", "prompt": "Again."}),
        "pitches[1].id",
        "duplicate pitch id 'short' (also at pitches[0].id)",
    ),
    (
        "duplicate-forbidden",
        _set(["forbidden"], [{"phrase": "Best in class"}, {"phrase": "best  in class"}]),
        "forbidden[1].phrase",
        "duplicate phrase 'best in class' (also at forbidden[0].phrase)",
    ),
    # empty lists
    ("no-messages", _set(["messages"], []), "messages", "a module needs at least one message"),
    (
        "no-response-points",
        _set(["objections", 0, "response"], []),
        "objections[0].response",
        "list at least one key point of a good answer",
    ),
    (
        "empty-pitch-messages",
        _set(["pitches", 0, "messages"], []),
        "pitches[0].messages",
        "list at least one message id, or leave 'messages' out to cover all",
    ),
    # references
    (
        "replaced-by-unknown",
        _set(["retired"], [{"phrase": "old line", "replaced_by": "alfa"}]),
        "retired[0].replaced_by",
        "no message with id 'alfa' in this module (did you mean 'alpha'?)",
    ),
    (
        "pitch-unknown-message",
        _set(["pitches", 0, "messages"], ["alpha", "gamma"]),
        "pitches[0].messages[1]",
        "no message with id 'gamma' in this module",
    ),
    (
        "pitch-repeated-message",
        _set(["pitches", 0, "messages"], ["alpha", "alpha"]),
        "pitches[0].messages[1]",
        "duplicate message id 'alpha' (also at pitches[0].messages[0])",
    ),
    (
        "pitch-message-points-at-objection",
        _set(["pitches", 0, "messages"], ["pricey"]),
        "pitches[0].messages[0]",
        "no message with id 'pricey' in this module",
    ),
    # duration
    (
        "duration-reversed",
        _set(["pitches", 0, "duration"], [90, 45]),
        "pitches[0].duration",
        "needs 0 < min <= max <= 3600 seconds, got [90, 45]",
    ),
    (
        "duration-zero",
        _set(["pitches", 0, "duration"], [0, 45]),
        "pitches[0].duration",
        "needs 0 < min <= max <= 3600 seconds, got [0, 45]",
    ),
    (
        "duration-scalar",
        _set(["pitches", 0, "duration"], 60),
        "pitches[0].duration",
        "expected [min, max] in seconds, e.g. [45, 90], got a number (60)",
    ),
    (
        "duration-three",
        _set(["pitches", 0, "duration"], [30, 60, 90]),
        "pitches[0].duration",
        "expected [min, max] in seconds, e.g. [45, 90], got a list",
    ),
    (
        "duration-float",
        _set(["pitches", 0, "duration"], [30.5, 60]),
        "pitches[0].duration",
        "expected [min, max] in seconds, e.g. [45, 90]: both must be whole numbers",
    ),
    # weight
    (
        "weight-zero",
        _set(["messages", 0, "weight"], 0),
        "messages[0].weight",
        "must be positive and at most 100, got 0",
    ),
    (
        "weight-negative",
        _set(["objections", 0, "response", 0, "weight"], -2),
        "objections[0].response[0].weight",
        "must be positive and at most 100, got -2",
    ),
    (
        "weight-nan",
        _set(["messages", 0, "weight"], float("nan")),
        "messages[0].weight",
        "must be a finite number, got nan",
    ),
    # certification ranges
    (
        "retention-high",
        _set(["certification"], {"drill_retention": 1.2}),
        "certification.drill_retention",
        "must be between 0 and 1, got 1.2",
    ),
    (
        "retention-negative",
        _set(["certification"], {"drill_retention": -0.1}),
        "certification.drill_retention",
        "must be between 0 and 1, got -0.1",
    ),
    (
        "pitch-score-high",
        _set(["certification"], {"pitch_score": 120}),
        "certification.pitch_score",
        "must be between 0 and 100, got 120",
    ),
    (
        "valid-days-zero",
        _set(["certification"], {"valid_days": 0}),
        "certification.valid_days",
        "must be between 1 and 3650, got 0",
    ),
    (
        "due-days-negative",
        _set(["due_days"], -3),
        "due_days",
        "must be between 1 and 3650, got -3",
    ),
    # empty and over-long text
    ("empty-title", _set(["title"], ""), "title", "must not be empty"),
    ("blank-title", _set(["title"], "   \n"), "title", "must not be empty"),
    (
        "empty-evidence-item",
        _set(["messages", 1, "evidence"], ["ok", ""]),
        "messages[1].evidence[1]",
        "must not be empty",
    ),
    (
        "empty-objection",
        _set(["objections", 0, "objection"], " "),
        "objections[0].objection",
        "must not be empty",
    ),
    (
        "empty-forbidden",
        _set(["forbidden"], [{"phrase": ""}]),
        "forbidden[0].phrase",
        "must not be empty",
    ),
    (
        "long-statement",
        _set(["messages", 0, "statement"], "x" * 1001),
        "messages[0].statement",
        "is 1001 characters long; the limit is 1000",
    ),
    (
        "long-title",
        _set(["title"], "T" * 201),
        "title",
        "is 201 characters long; the limit is 200",
    ),
    (
        "long-keyword",
        _set(["messages", 0, "keywords"], ["k" * 101]),
        "messages[0].keywords[0]",
        "is 101 characters long; the limit is 100",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_invalid_content(
    change: Callable[[dict[str, Any]], object], path: str, message: str
) -> None:
    assert Problem(path, message) in problems_for(change)


@pytest.mark.parametrize("section", ["messages", "objections", "pitches"])
@pytest.mark.parametrize("bad_id", [{"x": 1}, ["a", "b"], 3, None])
def test_an_id_that_is_not_text_is_a_problem_not_a_crash(section: str, bad_id: Any) -> None:
    # (a mapping or list as an id once raised TypeError while checking ids were unique)
    problems = problems_for(_set([section, 0, "id"], bad_id))
    assert [p for p in problems if p.path == f"{section}[0].id"], problems


def test_every_problem_is_listed_at_once() -> None:
    text = """\
format: 2
module: Bad Module
version: 0
title: ""
messages:
  - id: a
    statment: "typo"
    weight: -1
  - id: a
    statement: "Second."
  - statement: "No id."
retired:
  - phrase: "old"
    replaced_by: nowhere
pitches:
  - id: p
    prompt: "Go."
    messages: [b]
    duration: [90, 45]
certification: {drill_retention: 2, pitch_score: -1, valid_days: 0}
"""
    problems = problems_of(text, filename="bad.yaml")
    assert problems == [
        Problem("format", "unsupported format 2; this version reads format 1"),
        Problem(
            "module",
            "'Bad Module' is not a valid id: use lowercase letters, digits and hyphens"
            " (e.g. 'bad-module')",
        ),
        Problem("version", "must be between 1 and 1000000, got 0"),
        Problem("title", "must not be empty"),
        Problem("messages[0].statment", "unknown key 'statment' (did you mean 'statement'?)"),
        Problem("messages[0].statement", "required key 'statement' is missing"),
        Problem("messages[0].weight", "must be positive and at most 100, got -1"),
        Problem("messages[2].id", "required key 'id' is missing"),
        Problem("messages[1].id", "duplicate message id 'a' (also at messages[0].id)"),
        Problem("retired[0].replaced_by", "no message with id 'nowhere' in this module"),
        Problem("pitches[0].messages[0]", "no message with id 'b' in this module"),
        Problem("pitches[0].duration", "needs 0 < min <= max <= 3600 seconds, got [90, 45]"),
        Problem("certification.drill_retention", "must be between 0 and 1, got 2"),
        Problem("certification.pitch_score", "must be between 0 and 100, got -1"),
        Problem("certification.valid_days", "must be between 1 and 3650, got 0"),
    ]


# ------------------------------------------------------- certification.rubric


def _rubric(value: Any) -> Callable[[dict[str, Any]], None]:
    return _set(["certification"], {"rubric": value})


def test_a_file_without_rubric_parses_as_before() -> None:
    pb = parse_playbook((HERE / "playbooks" / "minimal.yaml").read_text())
    assert pb.certification.rubric is None  # the product's default criteria apply
    assert "rubric" not in playbook_to_dict(pb)["certification"]
    assert "rubric" not in dump_playbook(pb)


def test_rubric_labels_and_id_label_pairs() -> None:
    data = copy.deepcopy(BASE)
    data["certification"] = {"rubric": [
        "Message accuracy", {"id": "discovery", "label": "Discovery questions"},
        "  Überzeugungskraft ", {"id": "clarity", "label": "Clarity"}]}
    pb = parse_playbook(yaml.safe_dump(data, allow_unicode=True))
    rubric = pb.certification.rubric
    assert rubric is not None
    assert [(c.id, c.label) for c in rubric] == [
        ("message_accuracy", "Message accuracy"), ("discovery", "Discovery questions"),
        ("uberzeugungskraft", "  Überzeugungskraft "), ("clarity", "Clarity")]
    # A criterion whose id comes from its label is written back as just the label.
    dumped = dump_playbook(pb)
    assert "    - Message accuracy\n" in dumped and "    - Clarity\n" in dumped
    assert "    - id: discovery\n      label: Discovery questions\n" in dumped
    assert parse_playbook(dumped) == pb
    assert playbook_from_dict(json.loads(json.dumps(playbook_to_dict(pb)))) == pb


def test_rubric_id_from_label() -> None:
    assert rubric_id("Objection handling") == "objection_handling"
    assert rubric_id("Next step — agreed!") == "next_step_agreed"
    assert rubric_id("日本語") == ""


RUBRIC_CASES: list[tuple[str, Any, str, str]] = [
    ("not-a-list", "Clarity", "certification.rubric",
     "expected a list of criteria, got text"),
    ("empty", [], "certification.rubric",
     "list at least one criterion, or leave 'rubric' out for the default criteria "
     "(message accuracy, clarity, confidence, objection handling)"),
    ("too-many", [f"Criterion {i}" for i in range(13)], "certification.rubric",
     "has 13 criteria; the limit is 12"),
    ("number", ["Clarity", 3], "certification.rubric[1]",
     "expected a criterion: its label as text, or {id: ..., label: ...}, got a number (3)"),
    ("nothing", ["Clarity", None], "certification.rubric[1]",
     "expected a criterion: its label as text, or {id: ..., label: ...}, got nothing"),
    ("blank-label", [" "], "certification.rubric[0]", "must not be empty"),
    ("long-label", ["L" * 101], "certification.rubric[0]",
     "is 101 characters long; the limit is 100"),
    ("no-id-from-label", ["日本語"], "certification.rubric[0]",
     "no id can be made from '日本語' (it has no letters a-z or digits); "
     "write it as {id: ..., label: ...}"),
    ("bad-id", [{"id": "Clear Voice", "label": "Clear voice"}], "certification.rubric[0].id",
     "'Clear Voice' is not a valid criterion id: use lowercase letters, digits, hyphens "
     "and underscores (e.g. 'clear_voice')"),
    ("missing-label", [{"id": "clarity"}], "certification.rubric[0].label",
     "required key 'label' is missing"),
    ("unknown-key", [{"id": "clarity", "label": "Clarity", "weight": 2}],
     "certification.rubric[0].weight", "unknown key 'weight' (expected one of: id, label)"),
    ("duplicate-id", ["Clarity", {"id": "clarity", "label": "Clear"}],
     "certification.rubric[1].id", "duplicate criterion id 'clarity' (also at "
     "certification.rubric[0])"),
    ("duplicate-label", [{"id": "a", "label": "Clarity"}, {"id": "b", "label": "clarity"}],
     "certification.rubric[1].label", "duplicate criterion label 'clarity' (also at "
     "certification.rubric[0].label)"),
    ("typo-key", {"rubrik": ["Clarity"]}, "certification.rubrik",
     "unknown key 'rubrik' (did you mean 'rubric'?)"),
]


@pytest.mark.parametrize(("value", "path", "message"), [c[1:] for c in RUBRIC_CASES],
                         ids=[c[0] for c in RUBRIC_CASES])
def test_invalid_rubric(value: Any, path: str, message: str) -> None:
    change = (_set(["certification"], value) if isinstance(value, dict)
              else _rubric(value))
    problems = problems_for(change)
    assert Problem(path, message) in problems
    assert len(problems) == 1, problems  # one mistake, one problem


def test_rubric_problems_name_the_file() -> None:
    text = (HERE / "playbooks" / "minimal.yaml").read_text() + (
        "certification:\n  rubric:\n    - Clarity\n    - {id: clarity, label: Clear}\n")
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(text, filename="keel.yaml")
    assert str(exc.value) == ("keel.yaml: certification.rubric[1].id: duplicate criterion id "
                              "'clarity' (also at certification.rubric[0])")


# ------------------------------------------------------- bounds on big files


def big_list_playbook(items: int) -> str:
    """A file of about 2 bytes per list item: 450,000 items is the 900 KB file that once
    took 22 s to refuse, with a 78 MB error."""
    return ("format: 1\nmodule: big\nversion: 1\ntitle: Big\nmessages: ["
            + ",".join(["x"] * items) + "]\n")


def test_a_huge_list_is_refused_at_the_limit_without_reading_the_rest() -> None:
    text = big_list_playbook(450_000)
    assert 850_000 < len(text) < 1_000_000  # under the size limit: the list bound refuses it
    started = time.thread_time()  # this thread's CPU: a busy machine does not decide it
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(text, filename="big.yaml")
    elapsed = time.thread_time() - started
    assert exc.value.problems == [
        Problem("messages", "has more than 1,000 items; the limit is 1,000")]
    assert len(str(exc.value)) < 200
    assert elapsed < 1.0, f"took {elapsed:.2f} s"


def test_lists_and_mappings_up_to_the_limit_are_read() -> None:
    data = copy.deepcopy(BASE)
    data["messages"] = [{"id": f"m{i}", "statement": "S."} for i in range(MAX_ITEMS)]
    del data["pitches"]
    assert len(parse_playbook(yaml.safe_dump(data)).messages) == MAX_ITEMS
    mapping = "format: 1\nextra: {" + ", ".join(f"k{i}: 1" for i in range(MAX_ITEMS + 1)) + "}\n"
    assert problems_of(mapping) == [
        Problem("extra", "has more than 1,000 keys; the limit is 1,000")]


def test_too_many_values_in_all_are_refused() -> None:
    lists = "".join(f"k{n}: [" + ",".join(["x"] * 900) + "]\n" for n in range(30))
    assert problems_of(lists) == [
        Problem("", "the file has more than 20,000 values; the limit is 20,000")]


def test_nesting_is_bounded_before_recursion() -> None:
    deep = "title: " + "[" * 21 + "]" * 21 + "\n"
    assert problems_of(deep) == [Problem("", "invalid YAML: the document is nested too deeply")]
    shallow = "title: " + "[" * 19 + "]" * 19 + "\n"
    assert Problem("title", "expected text, got a list") in problems_of(shallow)


def test_problems_are_capped_at_100_with_the_total_count() -> None:
    data = copy.deepcopy(BASE)
    data["messages"] = ["not a mapping"] * 450
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(yaml.safe_dump(data), filename="many.yaml")
    err = exc.value
    assert len(err.problems) == MAX_PROBLEMS == 100
    assert err.problems[0] == Problem(
        "messages[0]", "expected a message (a mapping of keys), got text")
    assert err.total == 450
    assert err.note == "showing the first 100 of 450 problems"
    assert str(err).endswith("(and 430 more)")
    # Without the cap there is no note.
    assert InvalidPlaybook("f", [Problem("", "one")]).note is None


def test_the_problem_count_is_exact_past_the_cap() -> None:
    data = copy.deepcopy(BASE)
    # Two problems each, and each repeat of the id is a duplicate.
    data["messages"] = [{"id": "Bad Id", "statement": ""} for _ in range(300)]
    del data["pitches"]
    with pytest.raises(InvalidPlaybook) as exc:
        parse_playbook(yaml.safe_dump(data))
    assert exc.value.total == 300 * 2 + 299
    assert len(exc.value.problems) == 100


def test_validate_playbook_data_lists_every_problem_for_the_editor() -> None:
    data = copy.deepcopy(BASE)
    data["messages"] = ["not a mapping"] * 150
    del data["pitches"]
    assert len(validate_playbook_data(data)) == 150
