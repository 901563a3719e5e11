"""Edits to a playbook draft, as the in-browser editor sends them.

Each edit is a pure function of the stored content (the file's shape as plain data): it
never mutates its input and returns a new dict. The editor addresses a field by its path
in the file (`messages[2].statement`, `objections[0].response[1].evidence`,
`certification.pitch_score`) and sends text; the text is converted by field (lists from
one-per-line text, numbers, flags). Only a value that cannot be read at all is refused
(InvalidInput); a value that reads but breaks a rule of the format (an empty statement, a
weight of 0) is stored and reported by `validate_playbook_data`, so a draft can be
half-finished while its author works on it.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from drills.errors import Conflict, InvalidInput

Op = Literal["set", "add", "remove", "move"]
Direction = Literal["up", "down"]
Value = str | Sequence[str] | bool | None
Segment = str | int

# How each editable field reads the text it is sent.
_KIND = {
    "title": "text",
    "summary": "optional_text",
    "audience": "optional_text",
    "due_days": "days",
    "messages[].id": "id",
    "messages[].statement": "text",
    "messages[].evidence": "lines",
    "messages[].keywords": "terms",
    "messages[].proof": "optional_text",
    "messages[].weight": "weight",
    "objections[].id": "id",
    "objections[].objection": "text",
    "objections[].response[].id": "id",
    "objections[].response[].statement": "text",
    "objections[].response[].evidence": "lines",
    "objections[].response[].keywords": "terms",
    "objections[].response[].proof": "optional_text",
    "objections[].response[].weight": "weight",
    "forbidden[].phrase": "text",
    "forbidden[].reason": "optional_text",
    "retired[].phrase": "text",
    "retired[].replaced_by": "ref",
    "pitches[].id": "id",
    "pitches[].prompt": "text",
    "pitches[].messages": "refs",
    "pitches[].duration": "duration",
    "certification.drill_retention": "share",
    "certification.pitch_score": "score",
    "certification.manager_signoff": "flag",
    "certification.valid_days": "days",
    "certification.rubric": "lines",  # one criterion label per line
}
# Lists an item can be added to, with what a new item holds and the stem of its new id.
_LISTS: dict[str, tuple[str, str | None]] = {
    "messages": ("statement", "message"),
    "objections": ("objection", "objection"),
    "objections[].response": ("statement", "point"),
    "forbidden": ("phrase", None),
    "retired": ("phrase", None),
    "pitches": ("prompt", "pitch"),
}
_WHAT = {
    "messages": "message",
    "objections": "objection",
    "objections[].response": "answer point",
    "forbidden": "forbidden phrase",
    "retired": "retired phrase",
    "pitches": "pitch",
}
_SEGMENT_RE = re.compile(r"([a-z_]+)(?:\[(\d{1,6})\])?")
MAX_VALUE = 25_000


@dataclass(frozen=True)
class EditResult:
    """The new content, and the path of the item the edit created or moved (for focus)."""

    content: dict[str, Any]
    path: str | None = None


# ----------------------------------------------------------------------------- paths


def parse_path(path: str) -> list[Segment]:
    """`objections[0].response[1].evidence` -> ['objections', 0, 'response', 1, 'evidence']."""
    out: list[Segment] = []
    if not path or len(path) > 200:
        raise InvalidInput("Say which field to change (a path like messages[2].statement).")
    for part in path.split("."):
        match = _SEGMENT_RE.fullmatch(part)
        if match is None:
            raise InvalidInput(f"'{path}' is not a field of a playbook "
                               "(expected a path like messages[2].statement).")
        out.append(match.group(1))
        if match.group(2) is not None:
            out.append(int(match.group(2)))
    return out


def format_path(segments: Sequence[Segment]) -> str:
    """The inverse of `parse_path`."""
    text = ""
    for seg in segments:
        if isinstance(seg, int):
            text += f"[{seg}]"
        else:
            text += f".{seg}" if text else seg
    return text


def _shape(segments: Sequence[Segment]) -> str:
    return format_path(["[]" if isinstance(s, int) else s for s in segments]).replace(".[]", "[]")


def _unknown(path: str) -> InvalidInput:
    return InvalidInput(f"'{path}' is not a field the editor can change.")


def _walk(content: dict[str, Any], segments: Sequence[Segment], path: str,
          *, create: bool = False) -> Any:
    """The value at `segments`, raising InvalidInput where the draft has no such item."""
    node: Any = content
    done: list[Segment] = []
    for seg in segments:
        if isinstance(seg, int):
            if not isinstance(node, list):
                raise InvalidInput(f"{format_path(done) or 'The draft'} is not a list, so "
                                   f"'{path}' does not exist.")
            if seg >= len(node):
                what = _WHAT.get(_shape(done), "item")
                raise InvalidInput(
                    f"There is no {what} {seg + 1} in {format_path(done)} (it has {len(node)}): "
                    "the draft may have changed in another tab; reload the editor.")
            node = node[seg]
        else:
            if not isinstance(node, dict):
                raise InvalidInput(f"{format_path(done)} is not a group of fields, so '{path}' "
                                   "does not exist; fix the draft's problems first.")
            if seg not in node:
                if not create:
                    raise InvalidInput(f"The draft has no {format_path([*done, seg])}.")
                node[seg] = {}
            node = node[seg]
        done.append(seg)
    return node


def _check_expected(content: dict[str, Any], segments: Sequence[Segment],
                    expect: str | None) -> None:
    """Refuse an edit aimed at an item that moved since the editor was drawn.

    The editor addresses items by position; `expect` is the id of the innermost item with
    an id along the path as the editor saw it. If another tab reordered or removed items
    since, the position now holds a different item and the edit must not land on it.
    """
    if not expect:
        return
    node: Any = content
    found: str | None = None
    where = ""
    for i, seg in enumerate(segments):
        if isinstance(seg, int):
            if not isinstance(node, list) or seg >= len(node):
                break
            node = node[seg]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                found, where = node["id"], format_path(segments[: i + 1])
        elif isinstance(node, dict) and seg in node:
            node = node[seg]
        else:
            break
    if found is not None and found != expect:
        raise Conflict(f"{where} is now '{found}', not '{expect}': the draft was changed "
                       "in another tab or window. Reload the editor to see the latest draft.")


# ----------------------------------------------------------------------- conversions


def _one(value: Value) -> str:
    """A single text value; of several (a hidden default then a checkbox), the last."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    items = list(value)
    return items[-1] if items else ""


def _all(value: Value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, str):
        return [value]
    return list(value)


def _clean_text(text: str, *, multiline: bool = False) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        return "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return " ".join(text.split())


def _dedupe(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def slugify(text: str, max_len: int = 64) -> str:
    """`Stops Ransomware!` -> `stops-ransomware`, cut at a word boundary."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    return slug


def _integer(text: str, label: str, example: str) -> int:
    text = text.strip().replace(",", "").replace("_", "")
    try:
        number = float(text)
    except ValueError:
        raise InvalidInput(f"{label} must be a whole number, like {example}; "
                           f"got '{text}'.") from None
    if not math.isfinite(number) or not number.is_integer():
        raise InvalidInput(f"{label} must be a whole number, like {example}; got '{text}'.")
    return int(number)


def _float(text: str, label: str, example: str) -> float:
    text = text.strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # 1,5 as written in much of Europe
    try:
        number = float(text)
    except ValueError:
        raise InvalidInput(f"{label} must be a number, like {example}; got '{text}'.") from None
    if not math.isfinite(number):
        raise InvalidInput(f"{label} must be a number, like {example}; got '{text}'.")
    return number


_TRUE = {"true", "yes", "on", "1", "y"}
_FALSE = {"false", "no", "off", "0", "n"}


def convert(kind: str, value: Value, path: str) -> Any:
    """Read the editor's text for a field of this kind; None means "leave the key out"."""
    return _CONVERTERS[kind](value, path)


def _text(value: Value, path: str) -> str:
    return _clean_text(_one(value))


def _optional_text(value: Value, path: str) -> str | None:
    return _clean_text(_one(value), multiline=path == "summary") or None


def _id(value: Value, path: str) -> str:
    text = _one(value).strip()
    return slugify(text) or text


def _ref(value: Value, path: str) -> str | None:
    text = _one(value).strip()
    return (slugify(text) or text) if text else None


def _lines(value: Value, path: str) -> list[str] | None:
    # One phrase per line: phrasings often contain commas.
    lines = [_clean_text(x) for v in _all(value) for x in v.replace("\r", "\n").split("\n")]
    return _dedupe(lines) or None


def _terms(value: Value, path: str) -> list[str] | None:
    return _dedupe([_clean_text(x) for v in _all(value) for x in re.split(r"[,;\n\r]", v)]) \
        or None


def _refs(value: Value, path: str) -> list[str] | None:
    parts = [_clean_text(x) for v in _all(value) for x in re.split(r"[,;\n\r]", v)]
    return _dedupe([slugify(p) or p for p in parts if p]) or None


def _flag(value: Value, path: str) -> bool | None:
    text = _one(value).strip().lower()
    if text == "":
        return None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise InvalidInput(f"{path} must be yes or no; got '{text}'.")


def _number_field(read: Callable[[str], Any]) -> Callable[[Value, str], Any]:
    """A one-value number field: empty leaves the key out, else `read` the stripped text."""
    def converter(value: Value, path: str) -> Any:
        text = _one(value).strip()
        return None if text == "" else read(text)
    return converter


def _share(text: str) -> float:
    if text.endswith("%"):
        return round(_float(text[:-1], "The drill retention", "85%") / 100, 6)
    return _float(text, "The drill retention", "0.85 or 85%")


def _duration(value: Value, path: str) -> list[int | None] | None:
    """`45-90`, `45, 90`, or two fields (min then max) -> [45, 90]; both empty -> None."""
    parts = _all(value)
    if len(parts) == 1:
        parts = [p for p in re.split(r"\s*(?:-|–|,|\bto\b)\s*", parts[0].strip()) if p] or [""]
    parts = [p.strip().removesuffix("s").strip() for p in parts]
    if len(parts) > 2:
        raise InvalidInput("Give the target duration as the shortest and longest time in "
                           "seconds, like 45-90.")
    if not any(parts):
        return None
    out: list[int | None] = [
        _integer(p, "A duration", "45") if p else None for p in [*parts, ""][:2]
    ]
    # One end given so far: kept, and reported as a problem until the other is filled in.
    return out


# How the editor's text becomes each kind of field (the kinds of `_KIND`).
_CONVERTERS: dict[str, Callable[[Value, str], Any]] = {
    "text": _text, "optional_text": _optional_text, "id": _id, "ref": _ref,
    "lines": _lines, "terms": _terms, "refs": _refs, "flag": _flag, "duration": _duration,
    "days": _number_field(lambda t: _integer(t, "The number of days", "21")),
    "score": _number_field(lambda t: _integer(t.rstrip("%").strip(), "The pitch score", "80")),
    "weight": _number_field(lambda t: _float(t, "The weight", "1, 2 or 1.5")),
    "share": _number_field(_share),
}


# ------------------------------------------------------------------------------ edits


def set_field(content: dict[str, Any], path: str, value: Value, *,
              expect: str | None = None) -> EditResult:
    """Set one field from the editor's text; an empty optional field is removed."""
    segments = parse_path(path)
    kind = _KIND.get(_shape(segments))
    if kind is None:
        raise _unknown(path)
    new = copy.deepcopy(content)
    _check_expected(new, segments, expect)
    parent = _fields_at(new, segments, path)
    key = segments[-1]
    assert isinstance(key, str)
    converted = convert(kind, value, path)
    old = parent.get(key)
    if kind == "refs":
        converted = _refs_in_place(converted, old)
    if path == "certification.rubric":
        converted = _criteria_keep_ids(converted, old)
    if kind == "id":
        _rename(new, segments, parent, converted)
    if converted is None:
        parent.pop(key, None)
    else:
        parent[key] = converted
    if segments[0] == "certification" and not parent:
        new.pop("certification", None)
    return EditResult(new)


def _fields_at(content: dict[str, Any], segments: Sequence[Segment],
               path: str) -> dict[str, Any]:
    """The group of fields a field's path ends in (the certification block is created)."""
    parent = _walk(content, segments[:-1], path, create=segments[0] == "certification")
    if not isinstance(parent, dict):
        raise InvalidInput(f"{format_path(segments[:-1])} is not a group of fields; "
                           "fix the draft's problems first.")
    return parent


def _refs_in_place(converted: Any, old: Any) -> Any:
    """Ticking boxes must not reorder a pitch: kept ids stay where they were."""
    if not isinstance(converted, list) or not isinstance(old, list):
        return converted
    return [m for m in old if m in converted] + [m for m in converted if m not in old]


def _criteria_keep_ids(converted: Any, old: Any) -> Any:
    """A criterion kept by its label keeps its id ({id, label} pairs stay put), so
    reviews already scored on it still line up."""
    if not isinstance(converted, list) or not isinstance(old, list):
        return converted
    pairs = {i.get("label"): i for i in old if isinstance(i, dict)}
    return [pairs.get(label, label) for label in converted]


def _rename(content: dict[str, Any], segments: Sequence[Segment], item: dict[str, Any],
            new_id: str) -> None:
    """Refuse a duplicate id; a renamed message takes its pitches and retired phrases along."""
    old_id = item.get("id")
    if new_id == old_id:
        return
    _check_id_unique(content, segments, item, new_id)
    if segments[0] != "messages" or len(segments) != 3 or not old_id or not new_id:
        return
    _follow_message_rename(content, old_id, new_id)


def _check_id_unique(content: dict[str, Any], segments: Sequence[Segment],
                     item: dict[str, Any], new_id: str) -> None:
    siblings = _walk(content, segments[:-2], format_path(segments))
    what = _WHAT.get(_shape(segments[:-2]), "item")
    if new_id and any(isinstance(s, dict) and s.get("id") == new_id and s is not item
                      for s in siblings):
        raise InvalidInput(f"Another {what} already has the id '{new_id}'; ids must be unique.")


def _follow_message_rename(content: dict[str, Any], old_id: Any, new_id: str) -> None:
    """The pitches that name the message, and the retired phrases it replaces, follow."""
    for pitch in content.get("pitches") or []:
        if isinstance(pitch, dict) and isinstance(pitch.get("messages"), list):
            pitch["messages"] = [new_id if m == old_id else m for m in pitch["messages"]]
    _follow_in_retired(content, old_id, new_id)


def _follow_in_retired(content: dict[str, Any], old_id: Any, new_id: str) -> None:
    for phrase in content.get("retired") or []:
        if isinstance(phrase, dict) and phrase.get("replaced_by") == old_id:
            phrase["replaced_by"] = new_id


def _list_at(content: dict[str, Any], segments: Sequence[Segment], path: str) -> list[Any]:
    if _shape(segments) not in _LISTS:
        raise InvalidInput(f"'{path}' is not a list the editor can add to (messages, "
                           "objections, an objection's response, forbidden, retired, pitches).")
    parent = _walk(content, segments[:-1], path)
    key = segments[-1]
    if not isinstance(parent, dict):
        raise InvalidInput(f"{format_path(segments[:-1])} is not a group of fields.")
    assert isinstance(key, str)
    items = parent.setdefault(key, [])
    if not isinstance(items, list):
        raise InvalidInput(f"{path} is not a list; fix the draft's problems first.")
    return items


def new_id(stem: str, taken: set[str]) -> str:
    """`stem-N` with the smallest N from 1 that no sibling uses."""
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def add_item(content: dict[str, Any], path: str, value: Value = None, *,
             expect: str | None = None) -> EditResult:
    """Append a new item to a list; `value` fills its main text and suggests its id."""
    segments = parse_path(path)
    new = copy.deepcopy(content)
    _check_expected(new, segments, expect)
    items = _list_at(new, segments, path)
    field, stem = _LISTS[_shape(segments)]
    text = _clean_text(_one(value))
    item: dict[str, Any] = {}
    if stem is not None:
        taken = {i.get("id") for i in items if isinstance(i, dict)}
        suggested = slugify(" ".join(text.split()[:5]), 40)
        item["id"] = suggested if suggested and suggested not in taken else new_id(
            stem, {t for t in taken if isinstance(t, str)})
    item[field] = text
    if _shape(segments) == "objections":
        item["response"] = [{"id": "point-1", "statement": ""}]
    items.append(item)
    return EditResult(new, format_path([*segments, len(items) - 1]))


def _item_at(content: dict[str, Any], path: str) -> tuple[list[Any], int, list[Segment]]:
    segments = parse_path(path)
    if not isinstance(segments[-1], int) or _shape(segments[:-1]) not in _LISTS:
        raise InvalidInput(f"'{path}' is not an item the editor can move or remove "
                           "(expected a path like messages[2]).")
    items = _walk(content, segments[:-1], path)
    if not isinstance(items, list):
        raise InvalidInput(f"{format_path(segments[:-1])} is not a list.")
    index = segments[-1]
    if index >= len(items):
        what = _WHAT[_shape(segments[:-1])]
        raise InvalidInput(f"There is no {what} {index + 1} in {format_path(segments[:-1])} "
                           "(the draft may have changed in another tab; reload the editor).")
    return items, index, segments


def remove_item(content: dict[str, Any], path: str, *, expect: str | None = None) -> EditResult:
    """Remove one item from a list (references to it are left for the problems list)."""
    new = copy.deepcopy(content)
    _check_expected(new, parse_path(path), expect)
    items, index, segments = _item_at(new, path)
    del items[index]
    return EditResult(new, format_path(segments[:-1]))


def move_item(content: dict[str, Any], path: str, direction: str, *,
              expect: str | None = None) -> EditResult:
    """Move an item one place up or down its list."""
    if direction not in ("up", "down"):
        raise InvalidInput("Say which way to move the item: up or down.")
    new = copy.deepcopy(content)
    _check_expected(new, parse_path(path), expect)
    items, index, segments = _item_at(new, path)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        what = _WHAT[_shape(segments[:-1])]
        edge = "first" if direction == "up" else "last"
        raise InvalidInput(f"This {what} is already the {edge}.")
    items[index], items[target] = items[target], items[index]
    return EditResult(new, format_path([*segments[:-1], target]))


def apply_edit(content: dict[str, Any], *, op: str, path: str, value: Value = None,
               direction: str | None = None, expect: str | None = None) -> EditResult:
    """Apply one editor operation: set, add, remove or move."""
    for v in _all(value):
        if len(v) > MAX_VALUE:
            raise InvalidInput(f"That text is {len(v):,} characters long; the limit for one "
                               f"field is {MAX_VALUE:,}.")
    if op == "set":
        return set_field(content, path, value, expect=expect)
    if op == "add":
        return add_item(content, path, value, expect=expect)
    if op == "remove":
        return remove_item(content, path, expect=expect)
    if op == "move":
        return move_item(content, path, direction or "", expect=expect)
    raise InvalidInput(f"Unknown edit '{op}': expected set, add, remove or move.")


def field_kind(path: str) -> str | None:
    """The kind of an editable field (`text`, `lines`, `days`...), None if not editable."""
    try:
        return _KIND.get(_shape(parse_path(path)))
    except InvalidInput:
        return None
