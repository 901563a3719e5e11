"""What changed between two versions of a playbook module.

Pure and JSON-storable: the diff is computed at publish time, stored with the new version,
and drives re-queueing (only changed messages are relearned) and the version view in the
UI (word-level ins/del spans). Items are matched by id (messages, objections, response
points, pitches) or by phrase (forbidden and retired phrases).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from drills.playbook_format import (
    ForbiddenPhrase,
    Message,
    Objection,
    Playbook,
    Point,
    ResponsePoint,
    RetiredPhrase,
)

Status = Literal["added", "changed", "removed", "unchanged"]
SpanOp = Literal["equal", "insert", "delete"]
# What a field holds, as stored: text, a number, a flag, a list of text, or nothing.
FieldValue = str | int | float | bool | tuple[str, ...] | tuple[int, ...] | None

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Span:
    """A run of text that is the same in both versions, or only in the old or the new."""

    op: SpanOp
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(op=data["op"], text=data["text"])


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """Word-level diff: equal and delete spans join to `old`, equal and insert to `new`.

    Within a run of changes, deletions come before insertions ("a week" -> "two days" is
    one delete and one insert, not four alternating spans), which is how people read it.
    """
    # Whitespace is its own token so spans rebuild the texts exactly.
    a, b = _TOKEN_RE.findall(old), _TOKEN_RE.findall(new)
    raw: list[tuple[SpanOp, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(a[i1:i2])))
        else:
            raw.append(("delete", "".join(a[i1:i2])))
            raw.append(("insert", "".join(b[j1:j2])))
    raw = [(op, text) for op, text in raw if text]

    spans: list[Span] = []
    deleted, inserted = "", ""

    def flush() -> None:
        nonlocal deleted, inserted
        if deleted:
            spans.append(Span("delete", deleted))
        if inserted:
            spans.append(Span("insert", inserted))
        deleted, inserted = "", ""

    for i, (op, text) in enumerate(raw):
        if op == "delete":
            deleted += text
        elif op == "insert":
            inserted += text
        elif (
            text.isspace()
            and (deleted or inserted)
            and i + 1 < len(raw)
            and raw[i + 1][0] != "equal"
        ):
            # A lone space between two changes belongs to both sides of one change.
            deleted += text
            inserted += text
        else:
            flush()
            if spans and spans[-1].op == "equal":
                spans[-1] = Span("equal", spans[-1].text + text)
            else:
                spans.append(Span("equal", text))
    flush()
    return tuple(spans)


@dataclass(frozen=True)
class FieldChange:
    """One field that differs. Text fields carry word spans; list fields added/removed items."""

    field: str
    old: FieldValue
    new: FieldValue
    spans: tuple[Span, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "field": self.field,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
        }
        if self.spans:
            out["spans"] = [s.to_dict() for s in self.spans]
        if self.added:
            out["added"] = list(self.added)
        if self.removed:
            out["removed"] = list(self.removed)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldChange:
        return cls(
            field=data["field"],
            old=_from_json(data["old"]),
            new=_from_json(data["new"]),
            spans=tuple(Span.from_dict(s) for s in data.get("spans", ())),
            added=tuple(data.get("added", ())),
            removed=tuple(data.get("removed", ())),
        )


def _jsonable(value: FieldValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _from_json(value: Any) -> FieldValue:
    return tuple(value) if isinstance(value, list) else cast(FieldValue, value)


def _field_change(name: str, old: FieldValue, new: FieldValue) -> FieldChange | None:
    if old == new:
        return None
    if isinstance(old, str) and isinstance(new, str):
        return FieldChange(name, old, new, spans=word_diff(old, new))
    if name in ("evidence", "keywords", "messages"):
        # For lists of text, what a reviewer wants is which items came and went.
        o = cast(tuple[str, ...], old or ())
        n = cast(tuple[str, ...], new or ())
        return FieldChange(
            name,
            old,
            new,
            added=tuple(x for x in n if x not in o),
            removed=tuple(x for x in o if x not in n),
        )
    if name in ("proof", "summary", "audience", "reason") and (old is None or new is None):
        # Text that appeared or vanished still gets spans so the UI can render it alike.
        return FieldChange(name, old, new, spans=word_diff(str(old or ""), str(new or "")))
    return FieldChange(name, old, new)


def _fields(old: Any, new: Any, names: Sequence[str]) -> tuple[FieldChange, ...]:
    changes = (_field_change(n, getattr(old, n), getattr(new, n)) for n in names)
    return tuple(c for c in changes if c is not None)


def _status(old: object, new: object, changed: bool) -> Status:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    return "changed" if changed else "unchanged"


_POINT_FIELDS = ("statement", "evidence", "keywords", "proof", "weight")


@dataclass(frozen=True)
class PointDiff:
    """A message or response point in both versions; `old`/`new` is None when absent."""

    id: str
    status: Status
    old: Point | None
    new: Point | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def statement_changed(self) -> bool:
        return any(f.field == "statement" for f in self.fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "old": _point_json(self.old),
            "new": _point_json(self.new),
            "fields": [f.to_dict() for f in self.fields],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], model: type[Point] = Message) -> PointDiff:
        return cls(
            id=data["id"],
            status=data["status"],
            old=model.model_validate(data["old"]) if data["old"] is not None else None,
            new=model.model_validate(data["new"]) if data["new"] is not None else None,
            fields=tuple(FieldChange.from_dict(f) for f in data["fields"]),
        )


def _point_json(point: Point | None) -> dict[str, Any] | None:
    return point.model_dump(mode="json") if point is not None else None


@dataclass(frozen=True)
class ObjectionDiff:
    """An objection is changed if its text or any of its response points changed."""

    id: str
    status: Status
    objection: FieldChange | None
    response: tuple[PointDiff, ...]
    old_text: str | None
    new_text: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "objection": self.objection.to_dict() if self.objection else None,
            "response": [r.to_dict() for r in self.response],
            "old_text": self.old_text,
            "new_text": self.new_text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ObjectionDiff:
        return cls(
            id=data["id"],
            status=data["status"],
            objection=FieldChange.from_dict(data["objection"]) if data["objection"] else None,
            response=tuple(PointDiff.from_dict(r, ResponsePoint) for r in data["response"]),
            old_text=data["old_text"],
            new_text=data["new_text"],
        )


@dataclass(frozen=True)
class ItemDiff:
    """A forbidden phrase, retired phrase or pitch; `key` is its phrase or pitch id."""

    key: str
    status: Status
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "fields": [f.to_dict() for f in self.fields],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemDiff:
        return cls(
            key=data["key"],
            status=data["status"],
            fields=tuple(FieldChange.from_dict(f) for f in data["fields"]),
        )


@dataclass(frozen=True)
class PlaybookDiff:
    """Everything that differs between two versions of a module, item by item.

    Lists follow the new version's order, with removed items after the ones kept.
    `fields` holds module-level changes (title, summary, due_days, certification.*).
    """

    module: str
    old_version: int | None
    new_version: int
    fields: tuple[FieldChange, ...]
    messages: tuple[PointDiff, ...]
    objections: tuple[ObjectionDiff, ...]
    forbidden: tuple[ItemDiff, ...]
    retired: tuple[ItemDiff, ...]
    pitches: tuple[ItemDiff, ...]
    messages_reordered: bool = False

    @property
    def has_changes(self) -> bool:
        groups: list[Sequence[Any]] = [
            self.messages,
            self.objections,
            self.forbidden,
            self.retired,
            self.pitches,
        ]
        return (
            bool(self.fields)
            or self.messages_reordered
            or any(item.status != "unchanged" for group in groups for item in group)
        )

    def messages_with(self, status: Status) -> tuple[str, ...]:
        return tuple(m.id for m in self.messages if m.status == status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "fields": [f.to_dict() for f in self.fields],
            "messages": [m.to_dict() for m in self.messages],
            "objections": [o.to_dict() for o in self.objections],
            "forbidden": [f.to_dict() for f in self.forbidden],
            "retired": [r.to_dict() for r in self.retired],
            "pitches": [p.to_dict() for p in self.pitches],
            "messages_reordered": self.messages_reordered,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlaybookDiff:
        return cls(
            module=data["module"],
            old_version=data["old_version"],
            new_version=data["new_version"],
            fields=tuple(FieldChange.from_dict(f) for f in data["fields"]),
            messages=tuple(PointDiff.from_dict(m, Message) for m in data["messages"]),
            objections=tuple(ObjectionDiff.from_dict(o) for o in data["objections"]),
            forbidden=tuple(ItemDiff.from_dict(f) for f in data["forbidden"]),
            retired=tuple(ItemDiff.from_dict(r) for r in data["retired"]),
            pitches=tuple(ItemDiff.from_dict(p) for p in data["pitches"]),
            messages_reordered=bool(data.get("messages_reordered", False)),
        )


T = TypeVar("T")


def _pair(old: Sequence[T], new: Sequence[T], key: Any) -> list[tuple[str, T | None, T | None]]:
    """Match items by key: the new order first, then removed items in their old order."""
    old_by = {key(x): x for x in old}
    new_keys = {key(x) for x in new}
    pairs: list[tuple[str, T | None, T | None]] = [(key(x), old_by.get(key(x)), x) for x in new]
    pairs += [(key(x), x, None) for x in old if key(x) not in new_keys]
    return pairs


def _diff_points(old: Sequence[Point], new: Sequence[Point]) -> tuple[PointDiff, ...]:
    out = []
    for pid, o, n in _pair(old, new, lambda p: p.id):
        fields = _fields(o, n, _POINT_FIELDS) if o is not None and n is not None else ()
        out.append(PointDiff(pid, _status(o, n, bool(fields)), o, n, fields))
    return tuple(out)


def _diff_objections(
    old: Sequence[Objection], new: Sequence[Objection]
) -> tuple[ObjectionDiff, ...]:
    out = []
    for oid, o, n in _pair(old, new, lambda x: x.id):
        text = _field_change("objection", o.objection, n.objection) if o and n else None
        response = _diff_points(o.response if o else (), n.response if n else ())
        changed = text is not None or any(r.status != "unchanged" for r in response)
        out.append(
            ObjectionDiff(
                id=oid,
                status=_status(o, n, changed),
                objection=text,
                response=response,
                old_text=o.objection if o else None,
                new_text=n.objection if n else None,
            )
        )
    return tuple(out)


def _diff_items(
    old: Sequence[Any], new: Sequence[Any], key: Any, names: Sequence[str]
) -> tuple[ItemDiff, ...]:
    out = []
    for k, o, n in _pair(old, new, key):
        fields = _fields(o, n, names) if o is not None and n is not None else ()
        # Phrases are matched loosely but shown as written (the new wording if both).
        label = getattr(n if n is not None else o, "phrase", k)
        out.append(ItemDiff(label, _status(o, n, bool(fields)), fields))
    return tuple(out)


def _rubric_change(old: Playbook, new: Playbook) -> tuple[FieldChange, ...]:
    """The review rubric's criteria, by label, as a list field (none: product defaults)."""
    o = tuple(c.label for c in old.certification.rubric or ())
    n = tuple(c.label for c in new.certification.rubric or ())
    if o == n:
        return ()
    return (FieldChange("certification.rubric", o, n, added=tuple(x for x in n if x not in o),
                        removed=tuple(x for x in o if x not in n)),)


def diff_playbooks(old: Playbook | None, new: Playbook) -> PlaybookDiff:
    """Compare two versions of a module; with no old version everything is added."""
    if old is None:
        # An empty "version 0" makes the first publish a diff like any other.
        old = new.model_copy(
            update={
                "messages": (),
                "objections": (),
                "forbidden": (),
                "retired": (),
                "pitches": (),
            }
        )
        old_version = None
        fields: tuple[FieldChange, ...] = ()
    else:
        old_version = old.version
        fields = _fields(old, new, ("title", "summary", "audience", "due_days")) + tuple(
            FieldChange(f"certification.{c.field}", c.old, c.new)
            for c in _fields(
                old.certification,
                new.certification,
                ("drill_retention", "pitch_score", "manager_signoff", "valid_days"),
            )
        ) + _rubric_change(old, new)
    kept_old = [m.id for m in old.messages if new.message(m.id) is not None]
    kept_new = [m.id for m in new.messages if old.message(m.id) is not None]
    return PlaybookDiff(
        module=new.module,
        old_version=old_version,
        new_version=new.version,
        fields=fields,
        messages=_diff_points(old.messages, new.messages),
        objections=_diff_objections(old.objections, new.objections),
        forbidden=_diff_items(old.forbidden, new.forbidden, _phrase_key, ("phrase", "reason")),
        retired=_diff_items(old.retired, new.retired, _phrase_key, ("phrase", "replaced_by")),
        pitches=_diff_items(
            old.pitches, new.pitches, lambda p: p.id, ("prompt", "messages", "duration")
        ),
        messages_reordered=kept_old != kept_new,
    )


def _phrase_key(item: ForbiddenPhrase | RetiredPhrase) -> str:
    # Matching ignores case and spacing so that a re-cased phrase reads as changed, not
    # as one removed and one added.
    return " ".join(item.phrase.casefold().split())


def changed_message_ids(diff: PlaybookDiff) -> tuple[str, ...]:
    """Ids of messages added or changed: what reps must relearn, in talk-track order."""
    return tuple(m.id for m in diff.messages if m.status in ("added", "changed"))
