"""Task attributes stated in free text: priority, tags, recurrence, description.

Each ``take_*`` function returns what it found and the text without the phrase that said it,
so the remainder can become a clean title.
"""

from __future__ import annotations

import re

from chatmodels.nlu.rrules import take_rule

Priority = str  # "low" | "medium" | "high"

_LEVEL = r"high|higher|highest|top|max(?:imum)?|urgent|medium|normal|mid|moderate|low|lower|lowest"
_LEVELS = {
    "high": "high",
    "higher": "high",
    "highest": "high",
    "top": "high",
    "max": "high",
    "maximum": "high",
    "urgent": "high",
    "medium": "medium",
    "normal": "medium",
    "mid": "medium",
    "moderate": "medium",
    "low": "low",
    "lower": "low",
    "lowest": "low",
}
_PRIORITY_PATTERNS = [
    re.compile(
        rf"(?:,?\s*(?:and\s+)?(?:with|at|as|set\s+to|make\s+it|mark\s+it(?:\s+as)?|it'?s|it\s+is)\s+)?"
        rf"(?:a\s+)?\b({_LEVEL})[\s-]+prio(?:rity)?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf",?\s*(?:and\s+)?(?:with\s+)?(?:the\s+)?\bprio(?:rity)?\s*(?:is\s+|of\s+|=|:|to\s+|set\s+to\s+)?\s*({_LEVEL})\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(p[123])\b", re.IGNORECASE),
    re.compile(
        r"(?:,\s*|\s+|^)(?:and\s+)?(?:it'?s\s+|it\s+is\s+|this\s+is\s+|that'?s\s+|mark(?:ed)?\s+(?:it\s+)?as\s+"
        r"|as\s+)?(?:very\s+|super\s+|really\s+)?(urgent|important|critical|asap|not\s+urgent)[.!]*\s*$",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*(urgent(?:ly)?)\b\s*:?\s*", re.IGNORECASE),
    re.compile(r"\b(important|urgent|critical)\s+(?=(?:task|todo|to-do|reminder)s?\b)", re.I),
]
_P_CODES = {"p1": "high", "p2": "medium", "p3": "low"}

_WORDS = r"#?[a-z][\w-]*(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)#?[a-z][\w-]*)*"
_TAG_PATTERNS = [
    re.compile(
        rf",?\s*(?:and\s+)?(?:please\s+)?(?:tag|label)(?:ged|led|ed)?\s+(?:it\s+|them\s+|this\s+)?(?:as\s+|with\s+)?"
        rf"(?:the\s+)?(?:tags?\s+|labels?\s+)?({_WORDS})",
        re.IGNORECASE,
    ),
    re.compile(
        rf",?\s*(?:and\s+)?with\s+(?:the\s+)?(?:tags?|labels?)\s*:?\s*({_WORDS})", re.IGNORECASE
    ),
    re.compile(rf",?\s*(?:tags?|labels?)\s*[:=]\s*({_WORDS})", re.IGNORECASE),
    re.compile(
        r",?\s*(?:under|in)\s+(?:the\s+|my\s+)?([a-z][\w-]*)\s+(?:tag|label|category)\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?:^|\s)#([a-z][\w-]*)", re.IGNORECASE),
]

_RECUR = [
    (re.compile(r"\b(?:every|each)\s+other\s+\w+", re.IGNORECASE), None),
    (
        re.compile(
            r",?\s*\b(?:every|each)\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day)s?\b",
            re.IGNORECASE,
        ),
        "weekly",
    ),
    (
        re.compile(r",?\s*\bon\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day)s\b", re.IGNORECASE),
        "weekly",
    ),
    (
        re.compile(
            r",?\s*\b(?:every|each|once\s+a|once\s+per|once\s+every)\s+(day|morning|evening|night|weekday|week|month)\b",
            re.IGNORECASE,
        ),
        "unit",
    ),
    (
        re.compile(
            r",?\s*\b(?:(?:that\s+)?(?:repeats?|recurs?|repeating|recurring)\s+)?(daily|weekly|monthly|nightly)\b"
            r"(?=\s+(?:task|todo|to-do|reminder|chore)|\s*(?:task|reminder)?\s*[,.!?]?\s*$|\s+(?:to|at|on|and|starting)\b)",
            re.IGNORECASE,
        ),
        "word",
    ),
    (re.compile(r"\b(daily|weekly|monthly)\s+(?=task|reminder|todo)", re.IGNORECASE), "word"),
]
_UNIT_RECUR = {
    "day": "daily",
    "morning": "daily",
    "evening": "daily",
    "night": "daily",
    "weekday": "daily",
    "week": "weekly",
    "month": "monthly",
}
_WORD_RECUR = {"daily": "daily", "nightly": "daily", "weekly": "weekly", "monthly": "monthly"}

_DESC_PATTERNS = [
    re.compile(
        r"\s*[,;]?\s*(?:with|and|plus)\s+(?:a\s+|the\s+)?(?:note|notes|description|details|comment)\s*"
        r"(?:saying|that\s+says|of|reading|:)?\s*(.+)$",
        re.IGNORECASE,
    ),
    re.compile(r"\s*[,;]?\s*(?:note|notes|description|details|desc)\s*:\s*(.+)$", re.IGNORECASE),
    re.compile(r"\s*\(([^()]{3,})\)\s*$"),
]


def take_priority(text: str) -> tuple[str | None, str]:
    for pattern in _PRIORITY_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        word = re.sub(r"\s+", " ", m.group(1).lower())
        if word in _P_CODES:
            level = _P_CODES[word]
        elif word.startswith("urgent") or word in {"important", "critical", "asap"}:
            level = "high"
        elif word == "not urgent":
            level = "low"
        else:
            level = _LEVELS.get(word, "medium")
        return level, _cut(text, m.start(), m.end())
    return None, text


def take_tags(text: str) -> tuple[list[str], str]:
    tags: list[str] = []
    for pattern in _TAG_PATTERNS:
        while True:
            m = pattern.search(text)
            if not m:
                break
            for raw in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", m.group(1)):
                tag = raw.strip().lstrip("#").lower()
                if tag and tag not in tags and tag not in {"it", "them", "as", "with"}:
                    tags.append(tag)
            text = _cut(text, m.start(), m.end())
    return tags, text


def take_recurrence(text: str) -> tuple[str | None, str]:
    """'every Monday' becomes weekly and leaves 'on Monday' behind for the due date; day sets,
    weekdays, times and days of the month become RRULEs (``rrules``)."""
    rule, rest = take_rule(text)
    if rule is not None:
        return rule, rest
    for pattern, kind in _RECUR:
        m = pattern.search(text)
        if not m:
            continue
        if kind is None:
            return None, text
        if kind == "weekly":
            rest = f" on {m.group(1)} "
            return "weekly", (text[: m.start()] + rest + text[m.end() :]).strip()
        value = m.group(1).lower()
        rule = _UNIT_RECUR.get(value) if kind == "unit" else _WORD_RECUR.get(value)
        return rule, (text[: m.start()] + " " + text[m.end() :]).strip()
    return None, text


def take_description(text: str) -> tuple[str | None, str]:
    for pattern in _DESC_PATTERNS:
        m = pattern.search(text)
        if m and m.start() > 0:
            return m.group(1).strip().strip("\"'"), text[: m.start()]
    return None, text


def split_colon(text: str) -> tuple[str, str | None]:
    """'buy groceries: milk, eggs' -> ('buy groceries', 'milk, eggs'); times like 5:30 stay."""
    m = re.search(r"(?<!\d):(?!\d)\s*", text)
    if not m or m.start() == 0 or not text[m.end() :].strip():
        return text, None
    return text[: m.start()], text[m.end() :].strip()


def _cut(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", (text[:start] + " " + text[end:])).strip()
