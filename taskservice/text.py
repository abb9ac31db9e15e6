"""Text a database can store and a person can read: no control characters, no lone surrogates.

PostgreSQL refuses U+0000 in ``text`` and ``jsonb``, and a lone UTF-16 surrogate (what
JSON's ``"\\ud800"`` decodes to) cannot even be encoded as UTF-8; the other control
characters (all but tab, newline and carriage return) are stored but are never what a
person typed. ``odd_character(text)`` names the first such character, so every caller
(the task models, the HTTP input guard) refuses them with the same words.
"""

from __future__ import annotations

import re

# Cc (C0, DEL, C1) except \t \n \r; then the surrogate block.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def odd_character(text: str) -> str | None:
    """Why ``text`` cannot be stored (``"control character U+0000"``), or None when it can."""
    control = _CONTROL.search(text)
    if control is not None:
        return f"control character U+{ord(control.group()):04X}"
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        return f"lone surrogate U+{ord(surrogate.group()):04X} (not valid Unicode text)"
    return None


def refusal(field: str, text: str) -> str | None:
    """The sentence refusing ``text`` as the value of ``field``, or None when it is fine."""
    problem = odd_character(text)
    return None if problem is None else f"{field} must not contain a {problem}"
