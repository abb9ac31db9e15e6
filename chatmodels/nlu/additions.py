"""What a request to add tasks says: the items, and the task they go under, if any.

'Add three tasks: buy bread, cheese and wine' gives three items (the verb carries over);
'add buy salt and pepper' stays one; 'add a subtask to task 1: buy balloons' names a parent.
"""

from __future__ import annotations

import re

from chatmodels.nlu.dates import Clock
from chatmodels.nlu.text import TASK_VERBS, content_words, tokens
from chatmodels.nlu.titles import TaskSpec, find_quoted, is_generic_title, parse_new_task

_MULTI_HEAD = re.compile(
    r"^(?:add|create|put|insert|new)?\s*(?:these|the\s+following|(?:\w+\s+)?(?:new\s+)?(?:tasks|things|items|"
    r"todos|to-dos|reminders))\s*(?:[:\-]|,)\s*",
    re.IGNORECASE,
)


_SUBTASK = [
    re.compile(
        r"^(?:add|create|put)\s+(?:a\s+|some\s+|two\s+|three\s+)?sub-?tasks?\s+(?:to|for|under|of|in)\s+"
        r"(?P<p>.+?)\s*[:\-]\s*(?P<items>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:add|create|put)\s+(?:a\s+)?sub-?tasks?\s+(?P<items>.+?)\s+(?:to|for|under|in)\s+(?P<p>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:add|create|put)\s+(?P<items>.+?)\s+(?:as\s+(?:a\s+)?sub-?tasks?\s+(?:of|to|under|for|in)|"
        r"under|beneath|inside)\s+(?P<p>(?:the\s+)?(?:task\s*#?\d+|#\d+|.*\btask|'[^']+'|\"[^\"]+\"))$",
        re.IGNORECASE,
    ),
]


def new_tasks(text: str, clock: Clock) -> tuple[list[TaskSpec], str | None]:
    """The tasks an add clause asks for, and the phrase naming their parent task (or None)."""
    parent: str | None = None
    for pattern in _SUBTASK:
        m = pattern.match(text)
        if m:
            parent = m.group("p")
            text = f"add {m.group('items')}"
            break
    items = [spec for spec in _add_items(text, clock) if not is_generic_title(spec.title)]
    return items, parent


def _add_items(text: str, clock: Clock) -> list[TaskSpec]:
    body = re.sub(r"^(?:add|create|put|insert|new)\s+", "", text, flags=re.IGNORECASE)
    head = _MULTI_HEAD.match(body)
    if head:
        return _spread([parse_new_task(p, clock) for p in _split_items(body[head.end() :])])
    quoted = find_quoted(text)
    if len(quoted) > 1:
        rest = text
        for start, end, _ in reversed(quoted):
            rest = rest[:start] + " " + rest[end:]
        shared = parse_new_task(rest, clock, allow_colon=False)
        return [_with_shared(TaskSpec(title=q[2]), shared) for q in quoted]
    single = parse_new_task(text, clock)
    if quoted or single.description:
        return [single]
    shared = parse_new_task(text, clock, allow_colon=False)
    core = shared.title
    pieces = _split_items(core)
    if len(pieces) >= 2 and (
        "," in core or all(_starts_with_verb(p) for p in pieces) or _all_short_nouns(pieces)
    ):
        specs = _bind(_split_items(text), clock)
        if len(specs) == 1:
            return specs
        return _spread(specs)
    return [single]


def _bind(pieces: list[str], clock: Clock) -> list[TaskSpec]:
    """Each piece's own attributes stay with it; a piece that only states attributes ('low
    priority', 'that was due last friday') belongs to the item before it."""
    specs: list[TaskSpec] = []
    for piece in pieces:
        spec = parse_new_task(piece, clock)
        if specs and not content_words(spec.title):
            last = specs[-1]
            last.due = spec.due or last.due
            last.priority = spec.priority or last.priority
            last.recurrence = spec.recurrence or last.recurrence
            last.tags = last.tags + [t for t in spec.tags if t not in last.tags]
            continue
        specs.append(spec)
    return specs


def _split_items(text: str) -> list[str]:
    parts = re.split(
        r"\s*[,;\n]\s*(?:and\s+|&\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+", text.strip()
    )
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _starts_with_verb(text: str) -> bool:
    words = tokens(text)
    return bool(words) and words[0] in TASK_VERBS


def _all_short_nouns(pieces: list[str]) -> bool:
    return len(pieces) >= 3 and all(len(p.split()) <= 2 for p in pieces)


def _spread(specs: list[TaskSpec]) -> list[TaskSpec]:
    """'buy bread, cheese and wine': the first item's verb carries over to bare nouns."""
    if len(specs) < 2 or not _starts_with_verb(specs[0].title) or len(specs[0].title.split()) > 3:
        return specs
    verb = specs[0].title.split()[0]
    for spec in specs[1:]:
        if not _starts_with_verb(spec.title) and len(spec.title.split()) <= 2:
            spec.title = f"{verb} {spec.title[:1].lower()}{spec.title[1:]}"
    return specs


def _with_shared(spec: TaskSpec, shared: TaskSpec) -> TaskSpec:
    spec.due = spec.due or shared.due
    spec.priority = spec.priority or shared.priority
    spec.recurrence = spec.recurrence or shared.recurrence
    spec.tags = spec.tags or list(shared.tags)
    return spec
