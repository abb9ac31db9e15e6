"""Task titles from free phrasing: 'I need to remember to pay bills' -> 'Pay bills'.

``parse_new_task`` turns the words of one 'add' item into a ``TaskSpec``: a quoted title
wins; otherwise date, priority, tag and recurrence phrases are taken out and the filler
around the remaining words is stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chatmodels.nlu.attributes import (
    split_colon,
    take_description,
    take_priority,
    take_recurrence,
    take_tags,
)
from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.text import capitalise, squeeze, starts_with_verb


@dataclass
class TaskSpec:
    """What the user said about a new task."""

    title: str
    description: str | None = None
    priority: str | None = None
    tags: list[str] = field(default_factory=list)
    due: str | None = None
    recurrence: str | None = None


_QUOTED = re.compile(r"""(?:(?<=^)|(?<=[\s:(,]))(["'])(.+?)\1(?=$|[\s,.!?;:)])""")

_LEADS = [
    r"(?:hey|hi|hello|ok(?:ay)?|so|well|actually|also|and|then|oh|um+|right|alright|great|cool)\b[,!.]?",
    r"(?:please|pls|plz|kindly)\b,?",
    r"(?:can|could|would|will)\s+(?:you|u)(?:\s+please)?",
    r"(?:i'?d\s+like\s+(?:you\s+)?to|i\s+would\s+like\s+(?:you\s+)?to|i\s+want\s+you\s+to"
    r"|i\s+need\s+you\s+to|help\s+me)",
    r"(?:go\s+ahead\s+and|quickly|just)",
    r"(?:add|create|put|insert|jot(?:\s+down)?|note\s+down|write\s+down|new|enter)\b(?=[\s:]|$)\s*:?",
    r"(?:i'?ve|i\s+have)\s+got(?:\s+to)?\b",
    r"(?:make|set|set\s+up)(?=\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:task|todo|to-do|reminder|note)\b)",
    r"(?:me\s+)?(?:a|an|one|another|the)?\s*(?:new\s+|quick\s+|separate\s+|important\s+|urgent\s+|"
    r"small\s+|big\s+|personal\s+|work\s+|simple\s+)?"
    r"(?:task|todo|to-do|to\s+do|reminder|item|entry|note)s?\b\s*(?:[:\-]|to|for|called|named|titled|"
    r"that\s+says|saying|reading|about|which\s+is|:)?",
    r"(?:on|to|in)\s+(?:my|the)\s+(?:to-?do\s+|task\s+)?list\s*(?::|to|that)?",
    r"(?:that\s+)?(?:i\s+(?:really\s+|still\s+|also\s+)?(?:need|have|got|must|should|want|ought|gotta|mean)"
    r"(?:\s+to)?|(?:need|have|got|ought)\s+to|gotta|must)(?:\s+(?:really|definitely|probably|"
    r"also|still|finally|actually))?(?:\s+(?:remember|not\s+forget)\s+to)?",
    r"(?:remind\s+me|reminder|remember|don'?t\s+forget|do\s+not\s+forget|make\s+sure|"
    r"don'?t\s+let\s+me\s+forget|do\s+not\s+let\s+me\s+forget|i\s+(?:must|should)\s+not\s+forget|"
    r"i\s+(?:mustn'?t|shouldn'?t)\s+forget|make\s+sure\s+i(?:\s+remember)?|"
    r"note\s+that|not\s+to\s+forget)(?:\s+(?:to|that|about))?",
    r"to\b",
]
_LEAD_RE = re.compile(r"^\s*(?:" + "|".join(_LEADS) + r")\s*", re.IGNORECASE)
_TAILS = [
    r"please|pls|plz|thanks|thank\s+you|thx|ty|for\s+me|as\s+well|too",
    r"(?:to|on|in|onto)\s+(?:my|the)\s+(?:to-?do\s+|task\s+|tasks\s+)?(?:list|tasks|todos)",
    r"as\s+(?:a\s+)?(?:new\s+)?(?:task|todo|to-do|reminder)",
    r"(?:will\s+you|would\s+you|can\s+you|could\s+you)",
    r"(?:and\s+)?(?:set|add)\s+(?:a\s+)?(?:due\s+date|deadline)",
    r"(?:due|by|on|at|for|and|with)",
]
_TAIL_RE = re.compile(r"[\s,;]*\b(?:" + "|".join(_TAILS) + r")\s*[.!?]*\s*$", re.IGNORECASE)
_LIST_TAG = re.compile(
    r"\s*\b(?:on|to|onto|in)\s+(?:my|the)\s+([a-z][\w-]*)\s+list\b", re.IGNORECASE
)
_GENERIC = re.compile(
    r"^(?:a\s+|the\s+|new\s+)*(?:task|todo|to-do|reminder|item|one|it|this|that)s?$", re.IGNORECASE
)


def strip_filler(text: str) -> str:
    """Remove leading requests/fillers and trailing politeness, repeatedly."""
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_RE.sub("", text, count=1)
        text = _TAIL_RE.sub("", text, count=1)
        text = squeeze(text).strip("\"'").rstrip(".!?").strip()
    return text


def find_quoted(text: str) -> list[tuple[int, int, str]]:
    """Quoted segments ('...' or "..."), apostrophes inside words ignored."""
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return [(m.start(), m.end(), m.group(2).strip()) for m in _QUOTED.finditer(text)]


def parse_new_task(text: str, clock: Clock, *, allow_colon: bool = True) -> TaskSpec:
    """Everything the user said about one new task, from the words of its 'add' clause."""
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    quoted = find_quoted(text)
    title: str | None = None
    description: str | None = None
    if quoted:
        start, end, title = quoted[0]
        rest = text[:start] + " " + text[end:]
        tail = text[end:]
        colon = re.match(r"\s*[:\-]\s*(.+)$", tail)
        if colon and not find_dates(colon.group(1), clock):
            description = colon.group(1).strip()
            rest = text[:start]
        described, text = take_description(rest)
        description = description or described
    else:
        described, text = take_description(text)
        description = described
        if allow_colon and description is None:
            head, after = split_colon(text)
            if after is not None and strip_filler(head):
                text, description = head, after
    recurrence, text = take_recurrence(text)
    priority, text = take_priority(text)
    tags, text = take_tags(text)
    list_tag = _LIST_TAG.search(text)
    if list_tag and list_tag.group(1).lower() not in {"to-do", "todo", "task", "tasks", "my"}:
        tags.append(list_tag.group(1).lower())
        text = text[: list_tag.start()] + " " + text[list_tag.end() :]
    due: str | None = None
    dates = find_dates(text, clock)
    if dates:
        due = dates[0].iso
        for match in reversed(dates):
            text = text[: match.start] + " " + text[match.end :]
    if title is None:
        title = strip_filler(text)
        if description and not title:
            title, description = strip_filler(description), None
    title = re.sub(r"^(?:a|an)\s+(?=\w)", "", squeeze(title).rstrip(".!?"), flags=re.IGNORECASE)
    if tags and set(tags) & {"shopping", "grocery", "groceries"} and not starts_with_verb(title):
        title = f"buy {title}"
    title = capitalise(title)
    return TaskSpec(
        title=title,
        description=description.rstrip(".") if description else None,
        priority=priority,
        tags=tags,
        due=due,
        recurrence=recurrence,
    )


def is_generic_title(title: str) -> bool:
    """True for empty or placeholder titles ('a task', 'it') that name nothing."""
    return not title.strip() or bool(_GENERIC.match(title.strip()))
