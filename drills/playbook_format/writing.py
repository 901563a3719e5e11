"""Writing a playbook out: JSON-ready data in the file's shape, and readable YAML that
parses back to an equal `Playbook`."""

from __future__ import annotations

from typing import Any

import yaml

from drills.playbook_format.model import Playbook, rubric_id

_SECTIONS = ("messages", "objections", "forbidden", "retired", "pitches", "certification")


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
