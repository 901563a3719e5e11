"""Marketing's in-browser draft editor: inline htmx edits that save as the author types.

Published versions are immutable; the only thing this editor ever changes is the module's
open draft. Every edit is one operation (set, add, remove, move) addressed by a path in the
playbook file (`messages[2].statement`), applied to the content as stored now (not a copy
the browser holds), so two tabs editing different fields both keep their changes.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.clock import utcnow
from app.deps import CurrentMarketing, SessionDep
from app.modules import service
from app.modules.editor_warnings import number_warnings
from app.web import redirect, render
from drills.draft_edit import parse_path
from drills.errors import InvalidInput, InvalidPlaybook, Problem
from drills.models import Module, ModuleVersion
from drills.modules import (
    discard_draft,
    get_draft,
    get_module,
    latest_published,
    playbook_of,
    publish_draft,
    require_draft,
    start_draft,
)
from drills.playbook_diff import diff_playbooks
from drills.playbook_format import playbook_from_dict, validate_playbook_data

router = APIRouter(include_in_schema=False)

TEMPLATE = "modules/editor.html"
Text = Annotated[str, Form(max_length=200)]

# List fields whose elements are plain values edited as one input: a problem at
# `messages[2].evidence[1]` belongs to the evidence box of message 3.
_SCALAR_LIST_RE = re.compile(r"(.*\.(?:evidence|keywords|messages|duration))\[\d+\]")
_LABELS = {
    "messages": "Message", "objections": "Objection", "response": "answer point",
    "forbidden": "Forbidden phrase", "retired": "Retired phrase", "pitches": "Pitch",
    "certification": "Certification",
}
_FIELD_LABELS = {
    "id": "id", "statement": "statement", "evidence": "other phrasings",
    "keywords": "keywords", "proof": "proof point", "weight": "weight",
    "objection": "objection", "response": "answer points", "phrase": "phrase",
    "reason": "reason", "replaced_by": "replaced by", "prompt": "prompt",
    "messages": "messages covered", "duration": "target length",
    "drill_retention": "drill retention", "pitch_score": "pitch score",
    "manager_signoff": "manager sign-off", "valid_days": "valid for",
    "rubric": "rubric criteria", "label": "label",
}


_TOP_LABELS = {
    "messages": "Key messages", "objections": "Objections", "forbidden": "Forbidden phrases",
    "retired": "Retired phrases", "pitches": "Pitches", "certification": "Certification",
    "title": "Title", "summary": "Summary", "audience": "Audience",
    "due_days": "Days to get certified", "module": "Module", "version": "Version",
    "format": "Format",
}


def field_path(path: str) -> str:
    """The editable field a problem's path points into (`x.evidence[1]` -> `x.evidence`)."""
    if path.startswith("certification.rubric"):
        return "certification.rubric"  # shown as one block (set in the file, not here)
    match = _SCALAR_LIST_RE.fullmatch(path)
    return match.group(1) if match else path


def fid(path: str) -> str:
    """The HTML id of the input (or item, or section) for a path."""
    return "f-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def where(path: str) -> str:
    """`objections[0].response[1].evidence` -> `Objection 1 › answer point 2 › other phrasings`."""
    try:
        segments = parse_path(field_path(path))
    except InvalidInput:
        return path
    if len(segments) == 1 and isinstance(segments[0], str):
        return _TOP_LABELS.get(segments[0], segments[0])
    parts: list[str] = []
    for i, seg in enumerate(segments):
        if isinstance(seg, int):
            parts[-1] = f"{parts[-1]} {seg + 1}"
        elif seg in _LABELS and (seg == "certification" or (
                i + 1 < len(segments) and isinstance(segments[i + 1], int))):
            parts.append(_LABELS[seg])
        else:
            parts.append(_FIELD_LABELS.get(seg, seg))
    return " › ".join(parts)


def _problem_rows(problems: list[Problem]) -> list[dict[str, str]]:
    rows = []
    for p in problems:
        target = field_path(p.path)
        rows.append({"path": p.path, "message": p.message, "where": where(p.path),
                     "anchor": fid(target) if target else ""})
    return rows


def _message_choices(content: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for i, m in enumerate(content.get("messages") or []):
        if isinstance(m, dict) and isinstance(m.get("id"), str) and m["id"]:
            out.append({"id": m["id"], "label": f"{i + 1}. {m.get('statement') or m['id']}"})
    return out


def _edit_url(module: Module) -> str:
    return f"/modules/{module.slug}/draft/edit"


def _context(session: Session, module: Module, draft: ModuleVersion | None,
             *, problems: list[Problem] | None = None,
             publish_error: str | None = None) -> dict[str, Any]:
    latest = latest_published(session=session, module=module)
    ctx: dict[str, Any] = {"module": module, "draft": draft, "latest": latest,
                           "fid": fid, "edit_url": _edit_url(module), "oob": False}
    if draft is None:
        return ctx
    content = draft.content
    found = validate_playbook_data(content) if problems is None else problems
    rows = _problem_rows(found)
    ctx.update({
        "c": content,
        "problems": rows,
        "warnings": number_warnings(content),
        "problem_ids": {r["anchor"] for r in rows if r["anchor"]},
        "choices": _message_choices(content),
        "saved_at": draft.updated_at,
        "publish_error": publish_error,
    })
    return ctx


def fragment_for(op: str, path: str) -> str | None:
    """Which block of the editor an edit re-renders; None: only the status parts.

    Typing in a field re-renders nothing under the cursor (the browser already shows the
    text); adding, removing or moving an item redraws its section, and anything that
    changes message ids redraws every section, since pitches and retired phrases list them.
    """
    segments = parse_path(path)
    section = str(segments[0])
    if op == "set":
        if segments[-1] != "id":
            return None
        return "sections" if section == "messages" else section
    return "sections" if section == "messages" else section


def _fragments(request: Request, ctx: dict[str, Any], block: str | None,
               focus: str | None = None) -> Response:
    parts: list[bytes] = []
    if block is not None:
        parts.append(bytes(render(request, TEMPLATE, ctx, block=block).body))
    oob = {**ctx, "oob": True}
    for name in ("bar", "problems"):
        parts.append(bytes(render(request, TEMPLATE, oob, block=name).body))
    response = HTMLResponse(b"\n".join(parts))
    if focus:
        response.headers["HX-Trigger-After-Settle"] = json.dumps({"editor-focus": focus})
    return response


@router.get("/modules/{slug}/draft")
def editor_page(request: Request, slug: str, account: CurrentMarketing,
                session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    draft = get_draft(session=session, module=module)
    return render(request, TEMPLATE, _context(session, module, draft))


@router.post("/modules/{slug}/draft")
def start_draft_submit(request: Request, slug: str, account: CurrentMarketing,
                       session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    existing = get_draft(session=session, module=module)
    draft = start_draft(session=session, module=module, now=utcnow())
    notice = None if existing else (f"Started the draft of version {draft.version}. Changes "
                                    "save as you type; publish when it is ready.")
    return redirect(request, f"/modules/{slug}/draft", notice=notice)


@router.post("/modules/{slug}/draft/edit")
def edit_submit(
    request: Request, slug: str, account: CurrentMarketing, session: SessionDep,
    op: Annotated[str, Form(max_length=10)],
    path: Text,
    value: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    direction: Annotated[str, Form(max_length=10)] = "",
    expect: Text = "",
) -> Response:
    module = get_module(session=session, slug=slug)
    block = fragment_for(op, path)
    draft, result = service.edit_draft(session=session, module=module, op=op, path=path,
                                       value=value, direction=direction or None,
                                       expect=expect or None, now=utcnow())
    focus = None
    if op == "add" and result.path:
        focus = fid(result.path)
    elif op == "move" and result.path:
        focus = f"mv-{direction}-{fid(result.path)}"
    elif op == "remove" and result.path:
        focus = "add-" + fid(result.path)
    ctx = _context(session, module, draft)
    ctx["focus"] = focus
    return _fragments(request, ctx, block, focus)


@router.get("/modules/{slug}/draft/preview")
def preview_page(request: Request, slug: str, account: CurrentMarketing,
                 session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    draft = require_draft(session=session, module=module)
    problems = validate_playbook_data(draft.content)
    pb = diff = None
    if not problems:
        pb = playbook_from_dict(draft.content)
        latest = latest_published(session=session, module=module)
        # Badge what a rep will see as new or changed since the version they have now.
        diff = diff_playbooks(playbook_of(latest), pb) if latest else None
    return render(request, "modules/preview.html",
                  {"module": module, "draft": draft, "pb": pb, "diff": diff,
                   "problems": _problem_rows(problems)})


@router.post("/modules/{slug}/draft/publish")
def publish_submit(request: Request, slug: str, account: CurrentMarketing,
                   session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    try:
        version = publish_draft(session=session, module=module, by=account.id, now=utcnow())
    except InvalidPlaybook as exc:
        session.rollback()
        draft = require_draft(session=session, module=module)
        n = exc.total
        what = "this problem" if n == 1 else f"these {n} problems"
        ctx = _context(session, module, draft, problems=exc.problems,
                       publish_error=f"Not published: fix {what} first. Your draft is kept.")
        return render(request, TEMPLATE, ctx, status_code=422)
    if version.version == 1:  # nothing to compare with: the next step is the launch
        return redirect(request, f"/modules/{slug}/launch",
                        notice=f"Published version 1 of {module.title}. Launch it to teams "
                        "when you are ready.")
    return redirect(request, f"/modules/{slug}/versions/{version.version}/diff",
                    notice=f"Published version {version.version} of {module.title}. "
                    "Launch it to teams when you are ready.")


@router.post("/modules/{slug}/draft/discard")
def discard_submit(request: Request, slug: str, account: CurrentMarketing,
                   session: SessionDep) -> Response:
    module = get_module(session=session, slug=slug)
    draft = require_draft(session=session, module=module)
    number = draft.version
    discard_draft(session=session, module=module)
    return redirect(request, f"/modules/{slug}",
                    notice=f"Discarded the draft of version {number}.")
