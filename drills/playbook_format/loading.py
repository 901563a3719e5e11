"""Reading a playbook file: its bytes as UTF-8 text, the YAML read within the format's
bounds, then checked into a `Playbook`.

The bounds (see `limits`) are checked while the YAML is read (libyaml's parser when
PyYAML has it), so an oversized file is refused at its first excess, before the rest is
read or any Python objects are built from it; aliases are refused. An error lists the
first 100 problems and counts them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from drills.errors import InvalidPlaybook, Problem
from drills.playbook_format.checker import join_path
from drills.playbook_format.checks import playbook_from_dict
from drills.playbook_format.limits import MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_VALUES
from drills.playbook_format.model import Playbook


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
                            join_path(path, key),
                            f"duplicate key '{key}' (line {key_node.start_mark.line + 1}; "
                            f"first on line {seen[key]})",
                        )
                    )
                else:
                    seen[key] = key_node.start_mark.line + 1
            problems += _duplicate_keys(value_node, join_path(path, str(key)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems += _duplicate_keys(item, f"{path}[{i}]")
    return problems
