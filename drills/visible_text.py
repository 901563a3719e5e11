"""Whether a text shows anything: names, titles and playbook lines must.

`" ".join(text.split())` is empty only for spaces; a zero-width space, a soft hyphen, a
word joiner, a byte-order mark or a Hangul filler are not spaces to Python, and neither
are accents with no letter to sit on, so a text of nothing else passed as written while
every page showed it blank.
"""

from __future__ import annotations

import unicodedata

# Characters that show nothing and shape nothing: the soft hyphen, the zero-width space,
# the word joiner and invisible operators, the byte-order mark. (Not the zero-width joiner
# and non-joiner: they spell Persian and Indic words and join emoji.)
INVISIBLE = frozenset([0x00AD, 0x200B, *range(0x2060, 0x2065), 0xFEFF])
# Letters and symbols drawn as blank space: Hangul fillers, the blank Braille pattern.
BLANK_LETTERS = frozenset([0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800])


def shows_something(text: str) -> bool:
    """Whether a character of `text` is seen: not only spaces, marks, controls, format
    characters and blank letters."""
    return any(unicodedata.category(ch)[0] not in "MZC" and ord(ch) not in BLANK_LETTERS
               for ch in text)
