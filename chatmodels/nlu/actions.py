"""Requests that finish or remove tasks, or show one: 'I finished calling mom', 'Delete task 2'.

Each ``parse_*`` function returns the target phrase when the clause is that kind of request,
else None. Targets stay phrases here; ``references`` reads them.
"""

from __future__ import annotations

import re

from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.text import base_form

_I = re.IGNORECASE
_DONE_WORDS = (
    r"done|complete|completed|finished|closed|resolved|checked(?:\s+off)?|ticked(?:\s+off)?"
    r"|comp[a-z]{4,7}|fini?sh?e?d|dne|doen"
)
_PAST = (
    r"(?P<verb>[a-z]+ed|bought|paid|sent|took|did|made|wrote|went|gave|met|ran|sold|built|fed|"
    r"found|brought|caught|swept|kept|drove|ate|rode|chose|hung|spent|won|wore|read|put|cut|set|"
    r"got\s+through|dealt\s+with|took\s+care\s+of)"
)
_NOT_DONE_VERBS = {
    "wanted", "needed", "forgot", "decided", "planned", "started", "tried", "hoped", "used",
    "liked", "loved", "meant", "added", "asked", "wondered", "noticed", "realized", "realised",
    "remembered", "created", "scheduled", "moved", "changed", "updated", "renamed", "deleted",
    "removed", "expected", "intended", "agreed", "promised", "offered", "managed", "failed",
    "happened",
}  # fmt: skip
_COMPLETE = [
    re.compile(
        rf"^(?:mark|set|flag|check|tick|put)\s+(?P<t>.*?)\s*(?:as\s+|to\s+)?(?:{_DONE_WORDS})$", _I
    ),
    re.compile(rf"^(?:mark|set)\s+(?:as\s+)?(?:{_DONE_WORDS})\s*(?P<t>.*)$", _I),
    re.compile(
        r"^(?:complete|finish|close|resolve|tick\s+off|check\s+off|cross\s+off|mark\s+off|tick)\b"
        r"\s*(?P<t>.*)$",
        _I,
    ),
    re.compile(r"^(?:tick|check|cross|mark)\s+(?P<t>.+?)\s+off$", _I),
    re.compile(
        rf"^(?P<t>(?:tasks?\s*)?(?:number\s+)?#?\d+(?:\s*(?:,|and|&)\s*#?\d+)*|'[^']+'|\"[^\"]+\")\s*"
        rf"[:\-]?\s*(?:is\s+|are\s+)?(?:now\s+)?(?:{_DONE_WORDS})$",
        _I,
    ),
    re.compile(rf"^(?:{_DONE_WORDS})\s*[:\-]\s*(?P<t>.+)$", _I),
    re.compile(
        r"^i(?:\s+have|'ve)?\s+(?:just\s+|already\s+|finally\s+|now\s+)?(?:finished|completed|done|did|"
        r"dealt\s+with|took\s+care\s+of|handled|ticked\s+off|sorted(?:\s+out)?|got\s+through)\s+"
        r"(?:with\s+)?(?P<t>.+)$",
        _I,
    ),
    re.compile(r"^i\s+am\s+(?:all\s+)?(?:done|finished)\s+(?:with\s+)?(?P<t>.+)$", _I),
    re.compile(r"^(?:done|finished|completed)\s+(?:with\s+)?(?P<t>.+)$", _I),
    re.compile(
        r"^(?P<t>.+?)\s+(?:is|are|was|has\s+been|have\s+been|got)\s+(?:now\s+|all\s+|finally\s+)?"
        r"(?:done|complete|completed|finished|taken\s+care\s+of|sorted|handled)$",
        _I,
    ),
]
_DELETE = [
    re.compile(
        r"^(?:clear|wipe|empty|reset|clean\s+up|clean\s+out)\s+(?:out\s+)?(?:my|the)\s+(?:whole\s+|entire\s+)?"
        r"(?:to-?do\s+|task\s+)?(?:list|tasks|todos)$",
        _I,
    ),
    re.compile(r"^take\s+(?P<t>.+?)\s+off\s+(?:my|the)\s+(?:to-?do\s+|task\s+)?list$", _I),
    re.compile(
        r"^(?:delete|remove|erase|drop|trash|scrap|bin|discard|purge|nuke|cancel|get\s+rid\s+of|"
        r"cross\s+out|wipe|clear|kill|ditch|dump)\s+(?P<t>.+?)"
        r"(?:\s+(?:from|off)\s+(?:my|the)\s+(?:to-?do\s+|task\s+)?list)?$",
        _I,
    ),
    re.compile(
        r"^i\s+(?:do\s+not|don'?t|no\s+longer)\s+(?:need|have|want)\s+(?:to\s+)?(?P<t>.+?)"
        r"(?:\s+any\s?more)?$",
        _I,
    ),
    re.compile(r"^(?:forget\s+about|never\s?mind)\s+(?P<t>.+)$", _I),
]
_GET = re.compile(
    r"^(?:show|open|display|view|get|give\s+me|tell\s+me\s+about|what\s+is|describe|details\s+(?:of|for|on))"
    r"\s+(?:me\s+)?(?:the\s+)?(?:details\s+(?:of|for|on)\s+)?(?P<t>task\s*#?\d+|#\d+)(?:'s\s+details|\s+details)?$",
    _I,
)


_PAST_RE = re.compile(
    rf"^(?:i\s+(?:have\s+|'ve\s+)?|i'?ve\s+)?(?:just\s+|already\s+|finally\s+)*{_PAST}\s+(?P<t>.+)$",
    _I,
)


def _past_tense(clause: str) -> str | None:
    """'I've bought the groceries' / 'just walked the dog' report a task as done."""
    m = _PAST_RE.match(clause)
    if (
        not m
        or m.group("verb").lower() in _NOT_DONE_VERBS
        or m.group("t").lower().startswith("to ")
    ):
        return None
    return f"{base_form(m.group('verb'))} {m.group('t')}"


def parse_complete(clause: str, clock: Clock) -> str | None:
    past = _past_tense(clause)
    if past is not None and not find_dates(past, clock):
        return past
    for pattern in _COMPLETE:
        m = pattern.match(clause)
        if not m:
            continue
        target = m.groupdict().get("t") or ""
        if re.match(r"^(?:complete|finish)\b", clause, _I) and find_dates(target, clock):
            return None  # "finish the report by Friday" asks for a new task
        return target
    return None


def parse_delete(clause: str) -> str | None:
    for index, pattern in enumerate(_DELETE):
        m = pattern.match(clause)
        if m:
            return "all tasks" if index == 0 else m.group("t")
    return None


def parse_get(clause: str) -> str | None:
    m = _GET.match(clause)
    return m.group("t") if m else None
