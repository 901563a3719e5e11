"""The format's version and bounds: what a file may hold in all, and each field's length.

A real playbook is a few kilobytes, so a file is bounded well before it can cost much:
at most MAX_BYTES (1 MB), lists and mappings of at most MAX_ITEMS (1,000) entries, at most
MAX_VALUES (20,000) values in all, nested at most MAX_DEPTH (20) levels (see `loading`).
"""

from __future__ import annotations

import re

FORMAT_VERSION = 1
MAX_BYTES = 1_000_000
# Structural bounds on a file (see the docstring): generous for a real playbook,
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
