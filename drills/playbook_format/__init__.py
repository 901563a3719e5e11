"""The playbook file format (version 1): models, a strict parser and a round-tripping dumper.

The format is specified in the shared `playbook-format.md`. Parsing is done by a hand-written
checker over the raw YAML data rather than by pydantic's validation so that every problem in
a file is reported at once, each with its path (`messages[2].evidence`) and a message a
marketing author can act on. The pydantic models are the checked, immutable result.

This package's top is its public face; the parts are `model` (the typed `Playbook`),
`limits` (the version and every bound), `loading` (a file read within its bounds),
`checker` and `checks` (what plain data must be), and `writing` (data and YAML out).
"""

from drills.playbook_format.checks import playbook_from_dict, validate_playbook_data
from drills.playbook_format.limits import FORMAT_VERSION, MAX_BYTES, MAX_ITEMS
from drills.playbook_format.loading import parse_playbook
from drills.playbook_format.model import (
    CertificationSettings,
    ForbiddenPhrase,
    Message,
    Objection,
    Pitch,
    Playbook,
    Point,
    PointRef,
    ResponsePoint,
    RetiredPhrase,
    RubricCriterion,
    rubric_id,
)
from drills.playbook_format.writing import dump_playbook, playbook_to_dict

__all__ = [
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_ITEMS",
    "CertificationSettings",
    "ForbiddenPhrase",
    "Message",
    "Objection",
    "Pitch",
    "Playbook",
    "Point",
    "PointRef",
    "ResponsePoint",
    "RetiredPhrase",
    "RubricCriterion",
    "dump_playbook",
    "parse_playbook",
    "playbook_from_dict",
    "playbook_to_dict",
    "rubric_id",
    "validate_playbook_data",
]
