"""The playbook file format (version 1): models, a strict parser and a round-tripping dumper.

The format is specified in the shared `playbook-format.md`. Parsing is done by a hand-written
checker over the raw YAML data rather than by pydantic's validation so that every problem in
a file is reported at once, each with its path (`messages[2].evidence`) and a message a
marketing author can act on. The pydantic models are the checked, immutable result.

A real playbook is a few kilobytes, so a file is bounded well before it can cost much:
at most MAX_BYTES (1 MB), lists and mappings of at most MAX_ITEMS (1,000) entries, at most
MAX_VALUES (20,000) values in all, nested at most MAX_DEPTH (20) levels, and no aliases.
The bounds are checked while the YAML is read (libyaml's parser when PyYAML has it), so
an oversized file is refused at its first excess, before the rest is read or any Python
objects are built from it. An error lists the first 100 problems and counts them all.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from drills.errors import MAX_PROBLEMS, InvalidPlaybook, Problem

FORMAT_VERSION = 1
MAX_BYTES = 1_000_000
# Structural bounds on a file (see the module docstring): generous for a real playbook,
# whose deepest value is 7 levels down (objections[0].response[0].evidence[0]).
MAX_ITEMS = 1_000
MAX_VALUES = 20_000
MAX_DEPTH = 20

SLUG_RE = re.compile(r"[a-z0-9-]+")
MAX_SLUG = 64
MAX_TITLE = 200
MAX_SUMMARY = 20_000
MAX_AUDIENCE = 500
MAX_STATEMENT = 1000
MAX_PHRASE = 300
MAX_KEYWORD = 100
MAX_REASON = 1000
MAX_PROMPT = 2000
MAX_WEIGHT = 100.0
MAX_DAYS = 3650
MAX_DURATION_S = 3600
# Rubric criteria (`certification.rubric`): ids are form field and API keys, so kept short
# and plain; underscores allowed because the product's default ids use them.
RUBRIC_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_CRITERIA = 12
MAX_CRITERION_LABEL = 100


# --------------------------------------------------------------------------- models


class _Model(BaseModel):
    # Frozen so a parsed version cannot drift from what was published; extra keys forbidden
    # so that code building a model by hand hits the same "no silent drops" rule as files.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Point(_Model):
    """A scorable key point: a message, or one point of an objection's response."""

    id: str
    statement: str
    evidence: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    proof: str | None = None
    weight: float = 1.0


class Message(Point):
    """One message of the talk track."""


class ResponsePoint(Point):
    """One key point a good answer to an objection covers (same shape as a message)."""


class Objection(_Model):
    id: str
    objection: str
    response: tuple[ResponsePoint, ...]

    def point(self, point_id: str) -> ResponsePoint | None:
        return next((p for p in self.response if p.id == point_id), None)


class ForbiddenPhrase(_Model):
    phrase: str
    reason: str | None = None


class RetiredPhrase(_Model):
    phrase: str
    replaced_by: str | None = None


class Pitch(_Model):
    id: str
    prompt: str
    # None means "every message of the module", as the format says.
    messages: tuple[str, ...] | None = None
    duration: tuple[int, int] | None = None


class RubricCriterion(_Model):
    """One criterion a manager scores from 1 to 5 when reviewing a recorded pitch."""

    id: str
    label: str


def rubric_id(label: str) -> str:
    """The id a criterion written as a plain label gets: 'Objection handling' ->
    'objection_handling' (accents dropped); empty when the label has no letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:MAX_SLUG]


class CertificationSettings(_Model):
    drill_retention: float = 0.85
    pitch_score: int = 80
    manager_signoff: bool = True
    valid_days: int = 180
    # None: the product's default criteria, so a file without `rubric` reads as before.
    rubric: tuple[RubricCriterion, ...] | None = None


@dataclass(frozen=True)
class PointRef:
    """A scorable item with a module-unique key: `msg-id` or `objection-id/point-id`."""

    key: str
    kind: Literal["message", "response"]
    objection_id: str | None
    point: Point


class Playbook(_Model):
    format: int = FORMAT_VERSION
    module: str
    version: int
    title: str
    summary: str | None = None
    audience: str | None = None
    due_days: int | None = None
    messages: tuple[Message, ...]
    objections: tuple[Objection, ...] = ()
    forbidden: tuple[ForbiddenPhrase, ...] = ()
    retired: tuple[RetiredPhrase, ...] = ()
    pitches: tuple[Pitch, ...] = ()
    certification: CertificationSettings = CertificationSettings()

    def message(self, message_id: str) -> Message | None:
        return next((m for m in self.messages if m.id == message_id), None)

    def objection(self, objection_id: str) -> Objection | None:
        return next((o for o in self.objections if o.id == objection_id), None)

    def pitch(self, pitch_id: str) -> Pitch | None:
        return next((p for p in self.pitches if p.id == pitch_id), None)

    def messages_for_pitch(self, pitch_id: str | None) -> tuple[Message, ...]:
        """The messages a pitch must cover, in the pitch's order; all of them by default.

        `None` (no pitch chosen) also means every message. Raises KeyError for an
        unknown pitch id so a caller cannot score against the wrong rubric by accident.
        """
        if pitch_id is None:
            return self.messages
        pitch = self.pitch(pitch_id)
        if pitch is None:
            raise KeyError(pitch_id)
        if pitch.messages is None:
            return self.messages
        by_id = {m.id: m for m in self.messages}
        return tuple(by_id[i] for i in pitch.messages if i in by_id)

    def all_points(self) -> tuple[PointRef, ...]:
        """Every scorable item: the messages, then each objection's response points."""
        refs = [PointRef(m.id, "message", None, m) for m in self.messages]
        for o in self.objections:
            refs.extend(PointRef(f"{o.id}/{p.id}", "response", o.id, p) for p in o.response)
        return tuple(refs)

    def point(self, key: str) -> Point | None:
        """Look up a point by its `all_points()` key."""
        return next((r.point for r in self.all_points() if r.key == key), None)


# ------------------------------------------------------------------ parse and dump


def parse_playbook(
    text: str | bytes, *, filename: str = "playbook.yaml", max_bytes: int = MAX_BYTES
) -> Playbook:
    """Parse and check a playbook file; raise InvalidPlaybook listing every problem."""
    if isinstance(text, bytes):
        raw = text
        if len(raw) > max_bytes:
            raise InvalidPlaybook(filename, [_too_big(len(raw), max_bytes)])
        try:
            # utf-8-sig: editors on Windows like to prepend a byte-order mark.
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            raise InvalidPlaybook(
                filename,
                [
                    Problem(
                        "",
                        f"the file is not UTF-8 text: invalid byte 0x{bad} at byte offset "
                        f"{exc.start}; save it as UTF-8",
                    )
                ],
            ) from None
    else:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise InvalidPlaybook(filename, [_too_big(size, max_bytes)])
        text = text.removeprefix("\ufeff")
    data, problems = _load_yaml(text)
    if problems:
        raise InvalidPlaybook(filename, problems)
    return playbook_from_dict(data, filename=filename)


def playbook_from_dict(data: object, *, filename: str = "playbook") -> Playbook:
    """Build a Playbook from plain data (YAML or stored JSON); raise InvalidPlaybook."""
    clean, checker = _check_playbook(data)
    if checker.total:
        raise InvalidPlaybook(filename, checker.problems, total=checker.total)
    return Playbook.model_validate(clean)


def validate_playbook_data(data: object) -> list[Problem]:
    """Every problem with plain playbook data; empty when it is a valid playbook.

    For the draft editor, which marks each one on its field: a draft grows one edit at a
    time, unlike a file, whose errors are capped (see InvalidPlaybook)."""
    return _check_playbook(data, keep=None)[1].problems


def playbook_to_dict(pb: Playbook) -> dict[str, Any]:
    """JSON-ready data in the file's shape and key order; empty optional fields left out.

    The certification block is always written out: a published version should say which
    thresholds it was certified against even if the product defaults change later.
    """
    out: dict[str, Any] = {}
    for key, value in pb.model_dump(mode="json").items():
        if key in ("messages", "objections", "forbidden", "retired", "pitches"):
            if value or key == "messages":
                out[key] = [_clean_item(v) for v in value]
        elif key == "certification":
            out[key] = _certification_out(value)
        elif value is not None:
            out[key] = value
    return out


def _certification_out(cert: dict[str, Any]) -> dict[str, Any]:
    """The certification block; a default rubric is left out, a criterion whose id comes
    from its label is written as just the label (how people write it by hand)."""
    out = {k: v for k, v in cert.items() if k != "rubric"}
    if cert.get("rubric") is not None:
        out["rubric"] = [c["label"] if rubric_id(c["label"]) == c["id"] else c
                         for c in cert["rubric"]]
    return out


def dump_playbook(pb: Playbook) -> str:
    """The playbook as readable YAML that parses back to an equal Playbook."""
    data = _flowify(playbook_to_dict(pb))
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,  # never fold long statements across lines
    )
    # A blank line before each section: cheap readability, and safe because block
    # scalars and nested content are always indented, so column-0 keys are top level.
    lines: list[str] = []
    for line in text.splitlines():
        if line.split(":", 1)[0] in _SECTIONS and lines:
            lines.append("")
        lines.append(line)
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------- YAML loading


_TOO_DEEP = Problem("", "invalid YAML: the document is nested too deeply")


class _OverLimit(Exception):
    """A file over one of the structural bounds; stops reading it at once."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _BoundedComposer(yaml.composer.Composer):
    """Builds the node tree event by event, refusing aliases ("billion laughs", shared
    references) and stopping at the first list, mapping, nesting or total over the bounds,
    so an oversized file costs no more than reading up to its first excess."""

    # Provided by the parser it is mixed with (libyaml's or PyYAML's own).
    check_event: Callable[..., bool]
    peek_event: Callable[[], Any]

    def __init__(self) -> None:
        super().__init__()
        self._values = 0
        self._path: list[str] = []  # where the node being composed is, for messages

    def compose_node(self, parent: yaml.Node | None, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed in a playbook; write the value out",
                event.start_mark,
            )
        self._check_bounds(parent, index)
        self._path.append(_segment(parent, index))
        try:
            return super().compose_node(parent, index)
        finally:
            self._path.pop()

    def _check_bounds(self, parent: yaml.Node | None, index: Any) -> None:
        self._values += 1
        if self._values > MAX_VALUES:
            raise _OverLimit(Problem("", f"the file has more than {MAX_VALUES:,} values; "
                                         f"the limit is {MAX_VALUES:,}"))
        if len(self._path) >= MAX_DEPTH:
            raise _OverLimit(_TOO_DEEP)
        where = "".join(self._path).lstrip(".")
        if isinstance(parent, yaml.SequenceNode) and index >= MAX_ITEMS:
            raise _OverLimit(Problem(where, f"has more than {MAX_ITEMS:,} items; "
                                            f"the limit is {MAX_ITEMS:,}"))
        if isinstance(parent, yaml.MappingNode) and index is None \
                and len(parent.value) >= MAX_ITEMS:
            raise _OverLimit(Problem(where, f"has more than {MAX_ITEMS:,} keys; "
                                            f"the limit is {MAX_ITEMS:,}"))


def _segment(parent: yaml.Node | None, index: Any) -> str:
    """The path segment of a node: `[3]` in a list, `.key` as a mapping's value; the
    document itself and mapping keys add none to the path but count as a level."""
    if isinstance(parent, yaml.SequenceNode):
        return f"[{index}]"
    if isinstance(index, yaml.ScalarNode):
        return f".{index.value}"
    return ".?" if index is not None else ""


if yaml.__with_libyaml__:
    # libyaml reads the text (about 20 times faster than PyYAML's own reader and parser);
    # the composer above still sees every event, so the bounds apply the same way.
    from yaml._yaml import CParser

    class _Loader(_BoundedComposer, CParser, yaml.constructor.SafeConstructor,
                  yaml.resolver.Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _BoundedComposer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(_BoundedComposer, yaml.reader.Reader, yaml.scanner.Scanner,  # type: ignore[no-redef]
                  yaml.parser.Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, text: str) -> None:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _BoundedComposer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _too_big(size: int, limit: int) -> Problem:
    return Problem("", f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def _load_yaml(text: str) -> tuple[object, list[Problem]]:
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        # Checked here, as PyYAML's own reader does, so the message names line and column
        # whichever parser reads the text.
        before = text[: bad.start()]
        line, column = before.count("\n") + 1, bad.start() - before.rfind("\n")
        return None, [
            Problem(
                "",
                f"invalid YAML: line {line}, column {column}: "
                f"character U+{ord(bad.group()):04X} is not allowed",
            )
        ]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        problems = _duplicate_keys(node)
        if problems:
            return None, problems
        return loader.construct_document(node), []
    except _OverLimit as exc:
        return None, [exc.problem]
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own bound (1,000)
            return None, [_TOO_DEEP]
        mark = exc.problem_mark or exc.context_mark
        what = ", ".join(x for x in (exc.context, exc.problem) if x) or "not valid YAML"
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        return None, [Problem("", f"invalid YAML: {where}{what}")]
    except yaml.YAMLError as exc:
        return None, [Problem("", f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [_TOO_DEEP]
    finally:
        loader.dispose()


def _duplicate_keys(node: yaml.Node, path: str = "") -> list[Problem]:
    # safe_load keeps the last of two equal keys, silently dropping the first: report it.
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None:
                if key in seen:
                    problems.append(
                        Problem(
                            _join(path, key),
                            f"duplicate key '{key}' (line {key_node.start_mark.line + 1}; "
                            f"first on line {seen[key]})",
                        )
                    )
                else:
                    seen[key] = key_node.start_mark.line + 1
            problems += _duplicate_keys(value_node, _join(path, str(key)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems += _duplicate_keys(item, f"{path}[{i}]")
    return problems


# ------------------------------------------------------------------------ checking


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__} ({value})"


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


@dataclass(frozen=True)
class _Field:
    required: bool = False


class _Checker:
    """Walks raw data, collecting problems and building clean data for the models."""

    def __init__(self, keep: int | None = MAX_PROBLEMS) -> None:
        self.problems: list[Problem] = []  # the first `keep` (all with None)
        self.keep = keep
        self.total = 0  # all of them

    def add(self, path: str, message: str) -> None:
        self.total += 1
        if self.keep is None or len(self.problems) < self.keep:
            self.problems.append(Problem(path, message))

    def mapping(
        self, value: object, path: str, fields: Mapping[str, _Field], what: str
    ) -> dict[str, Any] | None:
        """Check a mapping's keys: unknown ones (with a suggestion) and missing ones."""
        if not isinstance(value, Mapping):
            self.add(path, f"expected {what} (a mapping of keys), got {_describe(value)}")
            return None
        known = list(fields)
        out: dict[str, Any] = {}
        empty: set[str] = set()
        for key, item in value.items():
            if not isinstance(key, str):
                self.add(path, f"keys must be text, got {_describe(key)}")
            elif key not in fields:
                close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "expected one of: " + ", ".join(known)
                )
                self.add(_join(path, key), f"unknown key '{key}' ({hint})")
            elif item is None:
                # An empty value (`evidence:`) counts as leaving the key out.
                empty.add(key)
            else:
                out[key] = item
        for key, spec in fields.items():
            if spec.required and key not in out:
                state = "has no value" if key in empty else "is missing"
                self.add(_join(path, key), f"required key '{key}' {state}")
        return out

    def text(self, value: object, path: str, max_len: int) -> str | None:
        if not isinstance(value, str):
            hint = "; put it in quotes" if isinstance(value, int | float | bool) else ""
            self.add(path, f"expected text, got {_describe(value)}{hint}")
            return None
        if not value.strip():
            self.add(path, "must not be empty")
            return None
        if len(value) > max_len:
            self.add(path, f"is {len(value)} characters long; the limit is {max_len}")
            return None
        return value

    def slug(self, value: object, path: str) -> str | None:
        s = self.text(value, path, MAX_SLUG)
        if s is None:
            return None
        if not SLUG_RE.fullmatch(s):
            hint = f" (e.g. '{_slugify(s)}')" if _slugify(s) else ""
            self.add(
                path,
                f"'{s}' is not a valid id: use lowercase letters, digits and hyphens{hint}",
            )
            return None
        return s

    def integer(self, value: object, path: str, lo: int, hi: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"expected a whole number, got {_describe(value)}")
            return None
        if not lo <= value <= hi:
            self.add(path, f"must be between {lo} and {hi}, got {value}")
            return None
        return value

    def number(
        self, value: object, path: str, lo: float, hi: float, *, lo_open: bool = False
    ) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(path, f"expected a number, got {_describe(value)}")
            return None
        if not math.isfinite(value):
            self.add(path, f"must be a finite number, got {value}")
            return None
        if (value <= lo if lo_open else value < lo) or value > hi:
            if lo_open and lo == 0:
                self.add(path, f"must be positive and at most {hi:g}, got {value:g}")
            else:
                self.add(path, f"must be between {lo:g} and {hi:g}, got {value:g}")
            return None
        return float(value)

    def boolean(self, value: object, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.add(path, f"expected true or false, got {_describe(value)}")
            return None
        return value

    def items(
        self, value: object, path: str, check: Callable[[object, str], Any]
    ) -> list[Any] | None:
        """Check each element of a list; None if it is not a list or any element is bad."""
        if not isinstance(value, list | tuple):
            self.add(path, f"expected a list, got {_describe(value)}")
            return None
        before = self.total
        out = [check(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return out if self.total == before else None

    def unique(self, values: Iterable[tuple[str | None, str]], what: str) -> None:
        """Report repeated ids; `values` are (id, path) pairs, None ids already reported."""
        first: dict[str, str] = {}
        for value, path in values:
            if value is None:
                continue
            if value in first:
                self.add(path, f"duplicate {what} '{value}' (also at {first[value]})")
            else:
                first[value] = path


_PLAYBOOK_FIELDS = {
    "format": _Field(required=True),
    "module": _Field(required=True),
    "version": _Field(required=True),
    "title": _Field(required=True),
    "summary": _Field(),
    "audience": _Field(),
    "due_days": _Field(),
    "messages": _Field(required=True),
    "objections": _Field(),
    "forbidden": _Field(),
    "retired": _Field(),
    "pitches": _Field(),
    "certification": _Field(),
}
_POINT_FIELDS = {
    "id": _Field(required=True),
    "statement": _Field(required=True),
    "evidence": _Field(),
    "keywords": _Field(),
    "proof": _Field(),
    "weight": _Field(),
}
_OBJECTION_FIELDS = {
    "id": _Field(required=True),
    "objection": _Field(required=True),
    "response": _Field(required=True),
}
_FORBIDDEN_FIELDS = {"phrase": _Field(required=True), "reason": _Field()}
_RETIRED_FIELDS = {"phrase": _Field(required=True), "replaced_by": _Field()}
_PITCH_FIELDS = {
    "id": _Field(required=True),
    "prompt": _Field(required=True),
    "messages": _Field(),
    "duration": _Field(),
}
_CERT_FIELDS = {
    "drill_retention": _Field(),
    "pitch_score": _Field(),
    "manager_signoff": _Field(),
    "valid_days": _Field(),
    "rubric": _Field(),
}
_CRITERION_FIELDS = {"id": _Field(required=True), "label": _Field(required=True)}
_SECTIONS = ("messages", "objections", "forbidden", "retired", "pitches", "certification")


def _check_point(c: _Checker, value: object, path: str, what: str) -> dict[str, Any] | None:
    raw = c.mapping(value, path, _POINT_FIELDS, what)
    if raw is None:
        return None
    out: dict[str, Any] = {
        "id": c.slug(raw["id"], f"{path}.id") if "id" in raw else None,
        "statement": (
            c.text(raw["statement"], f"{path}.statement", MAX_STATEMENT)
            if "statement" in raw
            else None
        ),
    }
    for key, limit in (("evidence", MAX_STATEMENT), ("keywords", MAX_KEYWORD)):
        if key in raw:
            out[key] = c.items(raw[key], f"{path}.{key}", _text_of(c, limit))
    if "proof" in raw:
        out["proof"] = c.text(raw["proof"], f"{path}.proof", MAX_STATEMENT)
    if "weight" in raw:
        out["weight"] = c.number(raw["weight"], f"{path}.weight", 0, MAX_WEIGHT, lo_open=True)
    return out


def _text_of(c: _Checker, limit: int) -> Callable[[object, str], str | None]:
    return lambda value, path: c.text(value, path, limit)


def _check_objection(c: _Checker, value: object, path: str) -> dict[str, Any] | None:
    raw = c.mapping(value, path, _OBJECTION_FIELDS, "an objection")
    if raw is None:
        return None
    out: dict[str, Any] = {
        "id": c.slug(raw["id"], f"{path}.id") if "id" in raw else None,
        "objection": (
            c.text(raw["objection"], f"{path}.objection", MAX_STATEMENT)
            if "objection" in raw
            else None
        ),
        "response": None,
    }
    if "response" in raw:
        rpath = f"{path}.response"
        points = c.items(
            raw["response"], rpath, lambda v, p: _check_point(c, v, p, "a response point")
        )
        if points is not None and not points:
            c.add(rpath, "list at least one key point of a good answer")
        if isinstance(raw["response"], list):
            c.unique(
                (
                    (r.get("id") if isinstance(r, Mapping) else None, f"{rpath}[{i}].id")
                    for i, r in enumerate(raw["response"])
                ),
                "response point id",
            )
        out["response"] = points
    return out


def _check_pitch(
    c: _Checker, value: object, path: str, message_ids: set[str]
) -> dict[str, Any] | None:
    raw = c.mapping(value, path, _PITCH_FIELDS, "a pitch")
    if raw is None:
        return None
    out: dict[str, Any] = {
        "id": c.slug(raw["id"], f"{path}.id") if "id" in raw else None,
        "prompt": c.text(raw["prompt"], f"{path}.prompt", MAX_PROMPT) if "prompt" in raw else None,
    }
    if "messages" in raw:
        mpath = f"{path}.messages"
        ids = c.items(raw["messages"], mpath, c.slug)
        if ids is not None:
            if not ids:
                c.add(mpath, "list at least one message id, or leave 'messages' out to cover all")
            for i, mid in enumerate(ids):
                if message_ids and mid not in message_ids:
                    c.add(f"{mpath}[{i}]", _no_such_message(mid, message_ids))
            c.unique(((m, f"{mpath}[{i}]") for i, m in enumerate(ids)), "message id")
        out["messages"] = ids
    if "duration" in raw:
        out["duration"] = _check_duration(c, raw["duration"], f"{path}.duration")
    return out


def _check_duration(c: _Checker, value: object, path: str) -> list[int] | None:
    shape = "expected [min, max] in seconds, e.g. [45, 90]"
    if not isinstance(value, list | tuple) or len(value) != 2:
        c.add(path, f"{shape}, got {_describe(value)}")
        return None
    lo, hi = value
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (lo, hi)):
        c.add(path, f"{shape}: both must be whole numbers")
        return None
    if not 0 < lo <= hi <= MAX_DURATION_S:
        c.add(path, f"needs 0 < min <= max <= {MAX_DURATION_S} seconds, got [{lo}, {hi}]")
        return None
    return [lo, hi]


def _no_such_message(mid: str, message_ids: set[str]) -> str:
    close = difflib.get_close_matches(mid, sorted(message_ids), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"no message with id '{mid}' in this module{hint}"


def _check_playbook(data: object, keep: int | None = MAX_PROBLEMS
                    ) -> tuple[dict[str, Any], _Checker]:
    c = _Checker(keep)
    if not isinstance(data, Mapping):
        what = "the file is empty" if data is None else f"got {_describe(data)}"
        c.add("", f"a playbook must be a mapping of keys (format, module, version, ...); {what}")
        return {}, c
    raw = c.mapping(data, "", _PLAYBOOK_FIELDS, "a playbook")
    assert raw is not None  # data is a Mapping
    out: dict[str, Any] = {}

    if "format" in raw:
        fmt = raw["format"]
        if isinstance(fmt, bool) or not isinstance(fmt, int):
            c.add("format", f"expected the format number {FORMAT_VERSION}, got {_describe(fmt)}")
        elif fmt != FORMAT_VERSION:
            c.add("format", f"unsupported format {fmt}; this version reads format {FORMAT_VERSION}")
        else:
            out["format"] = fmt
    if "module" in raw:
        out["module"] = c.slug(raw["module"], "module")
    if "version" in raw:
        out["version"] = c.integer(raw["version"], "version", 1, 1_000_000)
    if "title" in raw:
        out["title"] = c.text(raw["title"], "title", MAX_TITLE)
    if "summary" in raw:
        out["summary"] = c.text(raw["summary"], "summary", MAX_SUMMARY)
    if "audience" in raw:
        out["audience"] = c.text(raw["audience"], "audience", MAX_AUDIENCE)
    if "due_days" in raw:
        out["due_days"] = c.integer(raw["due_days"], "due_days", 1, MAX_DAYS)

    message_ids: set[str] = set()
    if "messages" in raw:
        msgs = raw["messages"]
        out["messages"] = c.items(msgs, "messages", lambda v, p: _check_point(c, v, p, "a message"))
        if isinstance(msgs, list | tuple):
            if not msgs:
                c.add("messages", "a module needs at least one message")
            ids = [
                (m.get("id") if isinstance(m, Mapping) else None, f"messages[{i}].id")
                for i, m in enumerate(msgs)
            ]
            c.unique(((i, p) for i, p in ids if isinstance(i, str)), "message id")
            message_ids = {i for i, _ in ids if isinstance(i, str)}

    if "objections" in raw:
        objs = raw["objections"]
        out["objections"] = c.items(objs, "objections", lambda v, p: _check_objection(c, v, p))
        if isinstance(objs, list | tuple):
            c.unique(
                (
                    (o.get("id") if isinstance(o, Mapping) else None, f"objections[{i}].id")
                    for i, o in enumerate(objs)
                ),
                "objection id",
            )

    if "forbidden" in raw:
        out["forbidden"] = _check_phrases(c, raw["forbidden"], "forbidden", message_ids)
    if "retired" in raw:
        out["retired"] = _check_phrases(c, raw["retired"], "retired", message_ids)

    if "pitches" in raw:
        pits = raw["pitches"]
        out["pitches"] = c.items(pits, "pitches", lambda v, p: _check_pitch(c, v, p, message_ids))
        if isinstance(pits, list | tuple):
            c.unique(
                (
                    (p.get("id") if isinstance(p, Mapping) else None, f"pitches[{i}].id")
                    for i, p in enumerate(pits)
                ),
                "pitch id",
            )

    if "certification" in raw:
        out["certification"] = _check_certification(c, raw["certification"])
    return out, c


def _check_phrases(
    c: _Checker, value: object, section: str, message_ids: set[str]
) -> list[dict[str, Any]] | None:
    fields = _FORBIDDEN_FIELDS if section == "forbidden" else _RETIRED_FIELDS

    def one(item: object, path: str) -> dict[str, Any] | None:
        raw = c.mapping(item, path, fields, f"a {section} phrase")
        if raw is None:
            return None
        out: dict[str, Any] = {
            "phrase": c.text(raw["phrase"], f"{path}.phrase", MAX_PHRASE)
            if "phrase" in raw
            else None
        }
        if "reason" in raw:
            out["reason"] = c.text(raw["reason"], f"{path}.reason", MAX_REASON)
        if "replaced_by" in raw:
            rid = c.slug(raw["replaced_by"], f"{path}.replaced_by")
            if rid is not None and message_ids and rid not in message_ids:
                c.add(f"{path}.replaced_by", _no_such_message(rid, message_ids))
            out["replaced_by"] = rid
        return out

    items = c.items(value, section, one)
    if isinstance(value, list | tuple):
        # The same phrase twice is almost always a copy-paste slip; compare as a person reads.
        c.unique(
            (
                (
                    " ".join(v["phrase"].casefold().split())
                    if isinstance(v, Mapping) and isinstance(v.get("phrase"), str)
                    else None,
                    f"{section}[{i}].phrase",
                )
                for i, v in enumerate(value)
            ),
            "phrase",
        )
    return items


def _check_certification(c: _Checker, value: object) -> dict[str, Any] | None:
    raw = c.mapping(value, "certification", _CERT_FIELDS, "certification settings")
    if raw is None:
        return None
    out: dict[str, Any] = {}
    p = "certification."
    if "drill_retention" in raw:
        out["drill_retention"] = c.number(raw["drill_retention"], p + "drill_retention", 0, 1)
    if "pitch_score" in raw:
        out["pitch_score"] = c.integer(raw["pitch_score"], p + "pitch_score", 0, 100)
    if "manager_signoff" in raw:
        out["manager_signoff"] = c.boolean(raw["manager_signoff"], p + "manager_signoff")
    if "valid_days" in raw:
        out["valid_days"] = c.integer(raw["valid_days"], p + "valid_days", 1, MAX_DAYS)
    if "rubric" in raw:
        out["rubric"] = _check_rubric(c, raw["rubric"], p + "rubric")
    return out


def _check_rubric(c: _Checker, value: object, path: str) -> list[dict[str, str]] | None:
    """Criteria as labels (`- Clarity`) or `{id, label}`; ids and labels unique."""
    if not isinstance(value, list | tuple):
        c.add(path, f"expected a list of criteria, got {_describe(value)}")
        return None
    before = c.total
    items = [_check_criterion(c, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if not value:
        c.add(path, "list at least one criterion, or leave 'rubric' out for the default "
                    "criteria (message accuracy, clarity, confidence, objection handling)")
    elif len(value) > MAX_CRITERIA:
        c.add(path, f"has {len(value)} criteria; the limit is {MAX_CRITERIA}")
    # A duplicate is reported where it was written: the item, or its `.id` / `.label`.
    where = [(f"{path}[{n}].id", f"{path}[{n}].label") if isinstance(v, Mapping)
             else (f"{path}[{n}]",) * 2 for n, v in enumerate(value)]
    good = [(i, w) for i, w in zip(items, where, strict=True) if i is not None]
    c.unique(((i["id"], w[0]) for i, w in good), "criterion id")
    # Labels too (two rows reading alike confuse a manager), unless the id already clashed.
    first_of = {i["id"]: n for n, (i, _) in reversed(list(enumerate(good)))}
    c.unique(((" ".join(i["label"].casefold().split()) if first_of[i["id"]] == n else None,
               w[1]) for n, (i, w) in enumerate(good)), "criterion label")
    return [i for i in items if i is not None] if c.total == before else None


def _criterion_of_label(c: _Checker, item: str, path: str) -> dict[str, str] | None:
    label = c.text(item, path, MAX_CRITERION_LABEL)
    if label is None:
        return None
    if not rubric_id(label):
        c.add(path, f"no id can be made from '{label}' (it has no letters a-z or digits); "
                    "write it as {id: ..., label: ...}")
        return None
    return {"id": rubric_id(label), "label": label}


def _check_criterion(c: _Checker, item: object, path: str) -> dict[str, str] | None:
    if isinstance(item, str):
        return _criterion_of_label(c, item, path)
    if not isinstance(item, Mapping):
        c.add(path, "expected a criterion: its label as text, or {id: ..., label: ...}, "
                    f"got {_describe(item)}")
        return None
    raw = c.mapping(item, path, _CRITERION_FIELDS, "a rubric criterion")
    if raw is None:
        return None
    cid = _criterion_id(c, raw["id"], f"{path}.id") if "id" in raw else None
    label = (c.text(raw["label"], f"{path}.label", MAX_CRITERION_LABEL)
             if "label" in raw else None)
    return {"id": cid, "label": label} if cid is not None and label is not None else None


def _criterion_id(c: _Checker, value: object, path: str) -> str | None:
    cid = c.text(value, path, MAX_SLUG)
    if cid is not None and not RUBRIC_ID_RE.fullmatch(cid):
        hint = f" (e.g. '{rubric_id(cid)}')" if rubric_id(cid) else ""
        c.add(path, f"'{cid}' is not a valid criterion id: use lowercase letters, digits, "
                    f"hyphens and underscores{hint}")
        return None
    return cid


# ------------------------------------------------------------------------ dumping


class _Flow(list[Any]):
    """A short list written inline (`[a, b]`), as the format doc writes keywords."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a playbook never repeats itself by reference

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # Literal blocks keep markdown summaries readable; PyYAML falls back to quoting
    # by itself when a block cannot represent the text exactly.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def _clean_item(item: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional fields and the default weight from one list item."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if value is None or value == [] or (key == "weight" and value == 1):
            continue
        if key == "response":
            value = [_clean_item(v) for v in value]
        elif key == "weight" and float(value).is_integer():
            value = int(value)  # `weight: 2`, not `weight: 2.0`
        out[key] = value
    return out


def _flowify(data: dict[str, Any]) -> dict[str, Any]:
    def item(d: dict[str, Any]) -> dict[str, Any]:
        out = dict(d)
        for key in ("keywords", "messages", "duration"):
            if isinstance(out.get(key), list):
                out[key] = _Flow(out[key])
        if "response" in out:
            out["response"] = [item(r) for r in out["response"]]
        return out

    result = dict(data)
    for section in ("messages", "objections", "pitches"):
        if section in result:
            result[section] = [item(d) for d in result[section]]
    return result
