"""Warnings in the draft editor that do not block publishing: a message whose statement
gives one figure while its proof point, keywords or other phrasings give another (after
'under 30 seconds' became 'under 15 seconds', the proof still said 30)."""

from __future__ import annotations

import re
from typing import Any

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def numbers_in(text: str) -> set[str]:
    """The figures a text states ('40%', '1,200' and '1.5' count; 'v2' and 'FY27' too)."""
    return {n.replace(",", "") for n in _NUMBER.findall(text or "")}


def number_warnings(content: dict[str, Any]) -> list[dict[str, str]]:
    """One warning per message whose statement and supporting text disagree on a figure."""
    out = []
    for i, m in enumerate(content.get("messages") or []):
        if not isinstance(m, dict):
            continue
        said = numbers_in(str(m.get("statement") or ""))
        if not said:
            continue
        others: list[tuple[str, str]] = [("proof point", str(m.get("proof") or ""))]
        others += [("keyword", str(k)) for k in m.get("keywords") or []]
        others += [("other phrasing", str(e)) for e in m.get("evidence") or []]
        for what, text in others:
            odd = sorted(numbers_in(text) - said)
            # Only figures that look like the statement's own (same kind of claim) are
            # suspect: a proof point may cite a different study figure on purpose.
            if odd and (what != "proof point" or len(said) == len(numbers_in(text))):
                out.append({
                    "anchor": f"f-messages-{i}-statement",
                    "where": f"Message {i + 1}",
                    "message": f"the statement says {', '.join(sorted(said))} but its {what} "
                               f"says {', '.join(odd)}: is the {what} still right?"})
                break
    return out
