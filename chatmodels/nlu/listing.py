"""Requests to see tasks: 'What's pending?', 'Do I have anything about the car?', 'What's overdue?'.

``is_list_request`` recognises them; ``parse_list`` reads the filters into a ``ListQuery``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.text import STOPWORDS, normalise, tokens


@dataclass
class ListQuery:
    """Filters for one listing, and how to describe it to the user."""

    status: str = "all"
    priority: str | None = None
    tag: str | None = None
    search: str | None = None
    due_before: str | None = None
    due_after: str | None = None
    sort_by: str | None = None
    limit: int | None = None
    overdue: bool = False
    count_only: bool = False
    fallback_search: str | None = None  # tried when a guessed tag finds nothing
    local_search: str | None = None  # words matched here, not by the server
    when_label: str = ""

    @property
    def label(self) -> str:
        parts = {"pending": "pending ", "completed": "completed "}.get(self.status, "")
        if self.overdue:
            parts = "overdue "
        if self.priority:
            parts += f"{self.priority}-priority "
        text = f"{parts}tasks"
        if self.tag:
            text += f" tagged '{self.tag}'"
        if self.search or self.local_search:
            text += f" matching '{self.search or self.local_search}'"
        if self.when_label:
            text += f" {self.when_label}"
        return text


_TASK_WORDS = (
    r"tasks?|todos?|to-dos?|to\s+do\s+list|list|pending|left|open|outstanding|remaining|due|"
    r"overdue|late|completed|complete|done|finished|accomplished|plate|agenda|scheduled|"
    r"need\s+to\s+do|have\s+to\s+do|got\s+to\s+do|should\s+i\s+do|should\s+i\s+work\s+on|upcoming|"
    r"priority|tagged|reminders?|next|anything|everything|stuff|things|urgent|important|"
    r"coming\s+up|lined\s+up|planned|on\s+for|behind"
)
_LIST_STARTS = [
    rf"^(?:show|list|display|view|see|print|read|give|tell|get|fetch|pull\s+up|bring\s+up|check|"
    rf"review|go\s+over|go\s+through|recap|summari[sz]e)\b(?:\s+(?:me|us))?.*\b(?:{_TASK_WORDS}|all|"
    rf"what)\b",
    rf"^(?:what|which|whats)\b.*\b(?:{_TASK_WORDS})\b",
    r"^(?:do|did|have)\s+i\s+(?:still\s+)?(?:have|got|finish|finished|complete|completed|do|done|"
    r"need)\b.*\b(?:any|anything|something|tasks?|todos?|stuff|things|much|many|left|overdue|"
    r"pending|due|today|done|completed|finished)\b",
    r"^(?:are|is)\s+there\s+(?:any|anything|some|tasks?|an?\s+(?:task|todo|reminder))\b",
    r"^(?:show|display|list)\b",
    r"^(?:am|are)\s+i\b.*\b(?:late|behind|overdue)\b",
    r"^what\s+(?:do|did|does|will|should)\s+i\s+(?:have|got|need|do|finish|complete)\b",
    r"^what\s+(?:have|did)\s+i\s+(?:done|finished|completed|got\s+done|accomplished|ticked\s+off)\b",
    r"^any(?:thing)?\s+(?:tasks?|todos?|due|overdue|pending|left|about|on|for|with|tagged)\b",
    r"^how\s+many\b.*\b(?:tasks?|todos?|to-dos?|pending|left|open|overdue|completed|done|due)\b",
    r"^(?:find|search|look\s+for|look\s+up|lookup|locate)\b",
    r"^(?:is|are|was|were|have\s+i\s+(?:finished|completed|done))\b.*\b(?:done|completed|finished|complete|"
    r"pending|open|overdue|due|still\s+open)\??$",
    r"^(?:my\s+|all\s+|the\s+)?(?:pending\s+|open\s+|completed\s+|overdue\s+|today\s+|high[\s-]priority\s+)?"
    r"(?:tasks|todos|to-dos|to-do\s+list|todo\s+list|task\s+list|list)\??$",
    r"^(?:pending|overdue|completed|open|outstanding)\b",
    r"^(?:and\s+|what\s+about\s+|how\s+about\s+)?(?:the\s+|my\s+|all\s+)?(?:pending|overdue|completed|"
    r"finished|done|open|high[\s-]priority|low[\s-]priority|urgent|other)\s*(?:ones|tasks|items|todos)?$",
]
_LIST_RE = [re.compile(p, re.IGNORECASE) for p in _LIST_STARTS]
_NOT_LIST = re.compile(r"\b(?:add|create|remind me|delete|remove|mark|rename|change)\b", re.I)

_DONE = (
    r"completed|complete|done|finished|accomplished|ticked\s+off|checked\s+off|closed|did\s+i\s+do"
)
_STILL = re.compile(
    rf"\b(?:(?:need|needs|have|has|got|ought)\s+to\s+(?:be\s+|get\s+)?|(?:left|still|yet)\s+"
    rf"(?:to\s+)?(?:be\s+|get\s+)?|(?:should|must)\s+(?:be\s+|get\s+)|to\s+be\s+|"
    rf"not\s+(?:(?:i|we|you|yet|been|got|get|gotten|it|they)\s+){{0,3}}"
    rf"|un)(?:{_DONE})\b",
    re.IGNORECASE,
)
_PENDING = re.compile(
    r"\b(?:pending|open|outstanding|remaining|left|incomplete|unfinished|upcoming|active|undone|"
    r"need\s+to|have\s+to|got\s+to|should\s+i|still|next|not\s+(?:yet\s+)?(?:done|completed|finished))\b",
    re.IGNORECASE,
)
_SEARCH_RES = [
    re.compile(
        r"\b(?:about|regarding|re|related\s+to|relating\s+to|concerning|mentioning|containing|"
        r"involving|that\s+mentions?|that\s+says?|called|named|titled|matching|with\s+the\s+words?|"
        r"to\s+do\s+with|having\s+to\s+do\s+with|on\s+the\s+subject\s+of)\s+(.+)$",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:search(?:\s+for)?|find|look\s+(?:for|up)|lookup|locate)\s+(.+)$", re.I),
    re.compile(r"\b(?:with|on|for|that\s+(?:have|has)|including)\s+(.+)$", re.IGNORECASE),
]
_TAG_RES = [
    re.compile(r"\btagged\s+(?:as\s+|with\s+)?#?([a-z][\w-]*)", re.I),
    re.compile(r"\bwith\s+(?:the\s+)?(?:tag|label)\s+#?([a-z][\w-]*)", re.I),
    re.compile(r"(?:^|\s)#([a-z][\w-]*)", re.I),
    re.compile(r"\b(?:under|in)\s+(?:the\s+|my\s+)?([a-z][\w-]*)\s+(?:tag|category|label)\b", re.I),
    re.compile(r"\b([a-z][\w-]*)\s+(?:tag|label)\b", re.I),
]
_NOT_TAGS = {
    "pending", "completed", "overdue", "open", "high", "low", "medium", "urgent", "important",
    "all", "other", "current", "upcoming", "remaining", "recent", "new", "old", "these", "those",
    "your", "of", "my", "the", "any", "done", "finished", "outstanding", "active", "today",
    "tomorrow", "weekly", "daily", "monthly", "recurring", "unfinished", "incomplete", "some",
    "priority", "late", "first", "last", "next", "few", "many", "much", "more", "every", "a",
    "to-do",
}  # fmt: skip
_NOUN_TAG = re.compile(
    r"\b(?:my|the|all|any|show|list|see)\s+([a-z][\w-]*)\s+(?:tasks|todos|to-dos|stuff|items|things|"
    r"chores|errands)\b",
    re.IGNORECASE,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
_FILLER_SEARCH = STOPWORDS | {
    "list", "tasks", "anything", "something", "stuff", "things", "show", "related", "plate",
    "agenda", "schedule", "there", "have", "got", "left", "pending", "open", "completed", "done",
    "todo", "todos", "to-do", "find", "search", "look", "involving", "mentioning", "regarding",
    "next", "first", "now", "soon", "later", "work", "should", "could", "me", "please", "right",
    "finished", "complete", "overdue", "upcoming", "remaining", "outstanding", "everything",
}  # fmt: skip


def is_list_request(clause: str) -> bool:
    text = normalise(clause).strip(" .!?")
    if _NOT_LIST.match(text):
        return False
    return any(p.search(text) for p in _LIST_RE)


def parse_list(clause: str, clock: Clock) -> ListQuery:
    """The filters a listing request asks for."""
    text = normalise(clause).strip(" .!?")
    q = ListQuery()
    asked = re.match(
        r"^(?:is|are|was|were)\s+(?P<x>.+?)\s+(?:done|completed|finished|complete|still\s+open|pending|"
        r"open|overdue|due\b.*)$",
        text,
    )
    if asked and not re.search(r"\b(?:there|any|anything)\b", asked.group("x")):
        q.search = _clean_term(asked.group("x"))
        return q
    if re.match(r"^how\s+many\b", text):
        q.count_only = True
    if re.search(r"\b(?:overdue|past\s+due|late|missed|behind)\b", text):
        q.overdue, q.status = True, "pending"
        q.due_before = clock.now.isoformat()
    elif _STILL.search(text) or _PENDING.search(text):
        q.status = "pending"
    elif re.search(rf"\b(?:{_DONE})\b", text):
        q.status = "completed"
    text = _take_when(text, clock, q)
    text = _take_priority(text, q)
    text = _take_tag(text, q)
    _take_sort_limit(text, q)
    text = re.sub(
        r"\b(?:sorted|ordered|order(?:ed)?)?\s*by\s+(?:due\s+date|deadline|date|priority|title|name|"
        r"creation)\b|\b(?:alphabetical(?:ly)?|in\s+order)\b",
        " ",
        text,
    )
    for pattern in _SEARCH_RES:
        search = pattern.search(text)
        term = _clean_term(search.group(1)) if search else None
        if term:
            q.search = term
            break
    if (
        q.search is None
        and q.tag is None
        and q.status == "all"
        and not (q.due_before or q.due_after or q.priority)
        and re.match(r"^(?:show|display|list|find|search)\b", text)
    ):
        rest = re.sub(r"^(?:show|display|list|find|search)\b", " ", text)
        q.search = _clean_term(rest)
        if q.search and len(q.search.split()) > 2:
            q.search = None
    if q.search is None and q.tag is None:
        noun = _NOUN_TAG.search(text)
        if (
            noun
            and noun.group(1).lower() not in _NOT_TAGS
            and noun.group(1).lower() not in STOPWORDS
        ):
            q.tag = noun.group(1).lower()
            q.fallback_search = q.tag
    return q


def _take_when(text: str, clock: Clock, q: ListQuery) -> str:
    start_today = clock.start_of_day()
    windows: list[tuple[str, datetime, datetime, str]] = [
        (r"\b(?:today|tonight)\b", start_today, start_today + timedelta(days=1), "due today"),
        (
            r"\btomorrow\b",
            start_today + timedelta(days=1),
            start_today + timedelta(days=2),
            "due tomorrow",
        ),
        (r"\bthis\s+week(?:end)?\b", start_today, clock.end_of_week(), "due this week"),
        (
            r"\b(?:soon|coming\s+up|upcoming|in\s+the\s+next\s+few\s+days)\b",
            start_today,
            start_today + timedelta(days=8),
            "due in the next week",
        ),
        (
            r"\bnext\s+week\b",
            clock.end_of_week() + timedelta(seconds=1),
            clock.end_of_week() + timedelta(days=7),
            "due next week",
        ),
        (
            r"\bthis\s+month\b",
            start_today,
            datetime.combine(
                clock.local.date() + relativedelta(day=31), time(23, 59, 59), clock.tz
            ),
            "due this month",
        ),
    ]
    for pattern, after, before, label in windows:
        m = re.search(pattern, text)
        if m:
            if not q.overdue:
                q.due_after = after.isoformat()
            q.due_before = before.isoformat()
            q.when_label = label
            if q.status == "all":
                q.status = "pending"
            return (text[: m.start()] + " " + text[m.end() :]).strip()
    found = find_dates(text, clock)
    if found:
        match = found[0]
        phrase = text[match.start : match.end]
        day = match.when.date()
        if re.search(r"\b(?:after|from|since)\b", text[: match.start][-8:] + phrase):
            q.due_after = match.when.isoformat()
            q.when_label = f"due after {day:%a %d %b}"
        else:
            q.due_before = datetime.combine(day, time(23, 59, 59), clock.tz).isoformat()
            q.when_label = f"due by {day:%a %d %b}"
        if q.status == "all":
            q.status = "pending"
        return (text[: match.start] + " " + text[match.end :]).strip()
    return text


def _take_priority(text: str, q: ListQuery) -> str:
    m = re.search(r"\b(high|low|medium|top)[\s-]*prio(?:rity)?\b", text) or re.search(
        r"\b(urgent|important|critical)\b", text
    )
    if not m:
        return text
    q.priority = "medium" if m.group(1) == "medium" else "low" if m.group(1) == "low" else "high"
    return (text[: m.start()] + " " + text[m.end() :]).strip()


def _take_tag(text: str, q: ListQuery) -> str:
    for pattern in _TAG_RES:
        m = pattern.search(text)
        if m and m.group(1).lower() not in _NOT_TAGS:
            q.tag = m.group(1).lower()
            return (text[: m.start()] + " " + text[m.end() :]).strip()
    return text


def _take_sort_limit(text: str, q: ListQuery) -> None:
    if re.search(
        r"\b(?:by\s+(?:due\s+)?date|by\s+deadline|soonest|next|upcoming|first|most\s+urgent)\b",
        text,
    ):
        q.sort_by = "due"
    elif re.search(r"\b(?:by\s+priority|most\s+important)\b", text):
        q.sort_by = "priority"
    elif re.search(r"\b(?:alphabetical(?:ly)?|by\s+(?:title|name))\b", text):
        q.sort_by = "title"
    elif re.search(r"\b(?:newest|most\s+recent|latest|recently\s+added|by\s+creation)\b", text):
        q.sort_by = "created"
    limit = re.search(r"\b(?:top|first|next)\s+(\d+|one|two|three|four|five|six|ten)\b", text)
    if limit:
        raw = limit.group(1)
        q.limit = int(raw) if raw.isdigit() else _NUMBERS[raw]


def _clean_term(raw: str) -> str | None:
    raw = re.sub(r"\b(?:in\s+(?:it|them|the\s+(?:title|name))|on\s+my\s+list|at\s+all)\b", " ", raw)
    words = [w for w in tokens(raw) if w not in _FILLER_SEARCH]
    if not words:
        return None
    return " ".join(words)
