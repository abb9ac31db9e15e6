"""What the input guard refuses, as pure functions: each returns a ``Problem`` or None.

Text anywhere in a JSON body, in the query string or in the path must be UTF-8 without
control characters (tab, newline and carriage return excepted) or lone surrogates;
JSON numbers must be finite, integers within 64 bits; JSON nesting is bounded. The
``Problem`` names the field the way FastAPI's validation errors do (``loc``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from taskservice.text import refusal

INT_LIMIT = 2**63 - 1  # the widest integer column any database here has
MAX_DEPTH = 64
_MAX_INT_DIGITS = len(str(INT_LIMIT)) + 1

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    loc: Loc
    message: str

    def error(self) -> dict[str, Any]:
        """One entry of a 422's ``detail`` list, shaped like FastAPI's (never the input)."""
        return {"type": "value_error", "loc": list(self.loc), "msg": self.message}


class _HugeInteger:
    """What ``parse_int`` makes of more digits than any column holds (never ``int()``-ed)."""


_HUGE = _HugeInteger()


def field_name(loc: Loc) -> str:
    """``body.messages[0].content`` for ``("body", "messages", 0, "content")``."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else part
    return name


def text_problem(loc: Loc, text: str) -> Problem | None:
    sentence = refusal(field_name(loc), text)
    return None if sentence is None else Problem(loc, sentence)


def _parse_int(digits: str) -> int | _HugeInteger:
    return _HUGE if len(digits.lstrip("-")) > _MAX_INT_DIGITS else int(digits)


def body_problem(body: bytes) -> Problem | None:
    """The first problem of a JSON body; None when fine or not JSON (FastAPI answers that)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Problem(("body",), "body must be UTF-8 encoded JSON")
    try:
        value = json.loads(text, parse_int=_parse_int)
    except RecursionError:
        return Problem(("body",), f"body must not be nested more than {MAX_DEPTH} levels deep")
    except ValueError:
        return None
    return value_problem(("body",), value)


def value_problem(root: Loc, value: Any) -> Problem | None:
    """Walks a decoded JSON value (without recursion) and reports the first problem."""
    pending: list[tuple[Loc, Any]] = [(root, value)]
    while pending:
        loc, item = pending.pop()
        if len(loc) - len(root) > MAX_DEPTH:
            return Problem(
                root, f"{field_name(root)} must not be nested more than {MAX_DEPTH} levels deep"
            )
        problem = _scalar_problem(loc, item)
        if problem is not None:
            return problem
        if isinstance(item, dict):
            for key, child in item.items():
                key_problem = refusal(f"a key of {field_name(loc)}", key)
                if key_problem is not None:
                    return Problem(loc, key_problem)
                pending.append(((*loc, key), child))
        elif isinstance(item, list):
            pending.extend(((*loc, index), child) for index, child in enumerate(item))
    return None


def _scalar_problem(loc: Loc, item: Any) -> Problem | None:
    name = field_name(loc)
    if isinstance(item, str):
        return text_problem(loc, item)
    if isinstance(item, float) and not math.isfinite(item):
        return Problem(loc, f"{name} must be a finite number")
    if isinstance(item, _HugeInteger) or (isinstance(item, int) and abs(item) > INT_LIMIT):
        return Problem(loc, f"{name} must be an integer between -{INT_LIMIT} and {INT_LIMIT}")
    return None


def query_problem(query_string: bytes) -> Problem | None:
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return Problem(("query",), "the query string must be UTF-8")
    for key, value in pairs:
        name_problem = refusal("a query parameter name", key)
        if name_problem is not None:
            return Problem(("query",), name_problem)
        problem = text_problem(("query", key), value)
        if problem is not None:
            return problem
    return None


def path_problem(raw_path: bytes) -> Problem | None:
    try:
        path = unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError:
        return Problem(("path",), "the path must be UTF-8")
    return text_problem(("path",), path)
