"""What a playbook must be: every key, its type and bounds, ids unique, references to
messages that exist. Every problem in the data is reported at once (see `checker`);
clean data becomes the typed `Playbook`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from drills.errors import MAX_PROBLEMS, InvalidPlaybook, Problem
from drills.playbook_format.checker import Checker, Key, describe
from drills.playbook_format.limits import (
    FORMAT_VERSION,
    MAX_AUDIENCE,
    MAX_CRITERIA,
    MAX_CRITERION_LABEL,
    MAX_DAYS,
    MAX_DURATION_S,
    MAX_KEYWORD,
    MAX_PHRASE,
    MAX_PROMPT,
    MAX_REASON,
    MAX_SLUG,
    MAX_STATEMENT,
    MAX_SUMMARY,
    MAX_TITLE,
    MAX_WEIGHT,
    RUBRIC_ID_RE,
)
from drills.playbook_format.model import Playbook, rubric_id


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


_PLAYBOOK_FIELDS = {
    "format": Key(required=True),
    "module": Key(required=True),
    "version": Key(required=True),
    "title": Key(required=True),
    "summary": Key(),
    "audience": Key(),
    "due_days": Key(),
    "messages": Key(required=True),
    "objections": Key(),
    "forbidden": Key(),
    "retired": Key(),
    "pitches": Key(),
    "certification": Key(),
}
_POINT_FIELDS = {
    "id": Key(required=True),
    "statement": Key(required=True),
    "evidence": Key(),
    "keywords": Key(),
    "proof": Key(),
    "weight": Key(),
}
_OBJECTION_FIELDS = {
    "id": Key(required=True),
    "objection": Key(required=True),
    "response": Key(required=True),
}
_FORBIDDEN_FIELDS = {"phrase": Key(required=True), "reason": Key()}
_RETIRED_FIELDS = {"phrase": Key(required=True), "replaced_by": Key()}
_PITCH_FIELDS = {
    "id": Key(required=True),
    "prompt": Key(required=True),
    "messages": Key(),
    "duration": Key(),
}
_CERT_FIELDS = {
    "drill_retention": Key(),
    "pitch_score": Key(),
    "manager_signoff": Key(),
    "valid_days": Key(),
    "rubric": Key(),
}
_CRITERION_FIELDS = {"id": Key(required=True), "label": Key(required=True)}


def _check_point(c: Checker, value: object, path: str, what: str) -> dict[str, Any] | None:
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


def _text_of(c: Checker, limit: int) -> Callable[[object, str], str | None]:
    return lambda value, path: c.text(value, path, limit)


def _check_objection(c: Checker, value: object, path: str) -> dict[str, Any] | None:
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
    c: Checker, value: object, path: str, message_ids: set[str]
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


def _check_duration(c: Checker, value: object, path: str) -> list[int] | None:
    shape = "expected [min, max] in seconds, e.g. [45, 90]"
    if not isinstance(value, list | tuple) or len(value) != 2:
        c.add(path, f"{shape}, got {describe(value)}")
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
                    ) -> tuple[dict[str, Any], Checker]:
    c = Checker(keep)
    if not isinstance(data, Mapping):
        what = "the file is empty" if data is None else f"got {describe(data)}"
        c.add("", f"a playbook must be a mapping of keys (format, module, version, ...); {what}")
        return {}, c
    raw = c.mapping(data, "", _PLAYBOOK_FIELDS, "a playbook")
    assert raw is not None  # data is a Mapping
    # Section by section, in the file's order, so problems are listed as an author reads.
    out = _check_header(c, raw)
    message_ids: set[str] = set()
    if "messages" in raw:
        out["messages"], message_ids = _check_messages(c, raw["messages"])
    if "objections" in raw:
        out["objections"] = _check_list_with_ids(
            c, raw["objections"], "objections", lambda v, p: _check_objection(c, v, p),
            "objection id")
    if "forbidden" in raw:
        out["forbidden"] = _check_phrases(c, raw["forbidden"], "forbidden", message_ids)
    if "retired" in raw:
        out["retired"] = _check_phrases(c, raw["retired"], "retired", message_ids)
    if "pitches" in raw:
        out["pitches"] = _check_list_with_ids(
            c, raw["pitches"], "pitches", lambda v, p: _check_pitch(c, v, p, message_ids),
            "pitch id")
    if "certification" in raw:
        out["certification"] = _check_certification(c, raw["certification"])
    return out, c


def _check_header(c: Checker, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The plain values at the top of a playbook: format, module, version, title, ..."""
    out: dict[str, Any] = {}
    if "format" in raw and (fmt := _check_format(c, raw["format"])) is not None:
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
    return out


def _check_format(c: Checker, fmt: object) -> int | None:
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        c.add("format", f"expected the format number {FORMAT_VERSION}, got {describe(fmt)}")
    elif fmt != FORMAT_VERSION:
        c.add("format", f"unsupported format {fmt}; this version reads format {FORMAT_VERSION}")
    else:
        return fmt
    return None


def _check_messages(c: Checker, msgs: object) -> tuple[list[Any] | None, set[str]]:
    """The messages, and the ids written (for the sections that name a message)."""
    out = c.items(msgs, "messages", lambda v, p: _check_point(c, v, p, "a message"))
    if not isinstance(msgs, list | tuple):
        return out, set()
    if not msgs:
        c.add("messages", "a module needs at least one message")
    ids = [
        (m.get("id") if isinstance(m, Mapping) else None, f"messages[{i}].id")
        for i, m in enumerate(msgs)
    ]
    c.unique(((i, p) for i, p in ids if isinstance(i, str)), "message id")
    return out, {i for i, _ in ids if isinstance(i, str)}


def _check_list_with_ids(c: Checker, value: object, section: str,
                      check: Callable[[object, str], Any], what: str) -> list[Any] | None:
    """A list section whose items each have an id: every item checked, then ids unique."""
    out = c.items(value, section, check)
    if isinstance(value, list | tuple):
        c.unique(
            (
                (v.get("id") if isinstance(v, Mapping) else None, f"{section}[{i}].id")
                for i, v in enumerate(value)
            ),
            what,
        )
    return out


def _check_phrases(
    c: Checker, value: object, section: str, message_ids: set[str]
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


def _check_certification(c: Checker, value: object) -> dict[str, Any] | None:
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


def _check_rubric(c: Checker, value: object, path: str) -> list[dict[str, str]] | None:
    """Criteria as labels (`- Clarity`) or `{id, label}`; ids and labels unique."""
    if not isinstance(value, list | tuple):
        c.add(path, f"expected a list of criteria, got {describe(value)}")
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


def _criterion_of_label(c: Checker, item: str, path: str) -> dict[str, str] | None:
    label = c.text(item, path, MAX_CRITERION_LABEL)
    if label is None:
        return None
    if not rubric_id(label):
        c.add(path, f"no id can be made from '{label}' (it has no letters a-z or digits); "
                    "write it as {id: ..., label: ...}")
        return None
    return {"id": rubric_id(label), "label": label}


def _check_criterion(c: Checker, item: object, path: str) -> dict[str, str] | None:
    if isinstance(item, str):
        return _criterion_of_label(c, item, path)
    if not isinstance(item, Mapping):
        c.add(path, "expected a criterion: its label as text, or {id: ..., label: ...}, "
                    f"got {describe(item)}")
        return None
    raw = c.mapping(item, path, _CRITERION_FIELDS, "a rubric criterion")
    if raw is None:
        return None
    cid = _criterion_id(c, raw["id"], f"{path}.id") if "id" in raw else None
    label = (c.text(raw["label"], f"{path}.label", MAX_CRITERION_LABEL)
             if "label" in raw else None)
    return {"id": cid, "label": label} if cid is not None and label is not None else None


def _criterion_id(c: Checker, value: object, path: str) -> str | None:
    cid = c.text(value, path, MAX_SLUG)
    if cid is not None and not RUBRIC_ID_RE.fullmatch(cid):
        hint = f" (e.g. '{rubric_id(cid)}')" if rubric_id(cid) else ""
        c.add(path, f"'{cid}' is not a valid criterion id: use lowercase letters, digits, "
                    f"hyphens and underscores{hint}")
        return None
    return cid
