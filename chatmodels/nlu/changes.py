"""Requests that change a task's fields: rename, reschedule, reprioritise, tag, describe.

``parse_update`` returns the target phrase and the ``Changes`` when the clause asks for one;
targets stay phrases here, ``references`` reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chatmodels.nlu.attributes import take_priority, take_recurrence, take_tags
from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.text import capitalise, squeeze
from chatmodels.nlu.titles import find_quoted, strip_filler
from chatmodels.nlu.update_patterns import LEVEL, UPDATE


@dataclass
class Changes:
    """Field changes for update_task; ``shift_days`` moves the current due date."""

    title: str | None = None
    description: str | None = None
    priority: str | None = None
    due: str | None = None
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    recurrence: str | None = None  # "none" stops the repeat
    shift_days: int | None = None
    reopen: bool = False
    clear_due: bool = False
    parent_id: int | None = None

    def empty(self) -> bool:
        fields = (self.title, self.description, self.priority, self.due, self.add_tags)
        more = (self.remove_tags, self.recurrence, self.shift_days, self.reopen, self.clear_due)
        return not any(fields) and not any(more) and self.parent_id is None


_I = re.IGNORECASE
_UPDATE_RE = [(kind, re.compile(p, _I)) for kind, p in UPDATE]


def parse_update(clause: str, clock: Clock) -> tuple[str, Changes] | None:
    for kind, pattern in _UPDATE_RE:
        m = pattern.match(clause)
        if not m:
            continue
        groups = m.groupdict()
        target, value = groups.get("t") or "", (groups.get("v") or "").strip()
        if re.match(r"^(?:a|an|some|another)\s", target, _I):
            continue  # "set an alarm for 7am" names something new, not one of the tasks
        changes = _changes(kind, groups.get("f"), value, clock)
        if changes is not None and not changes.empty():
            return target, changes
    return None


def _changes(kind: str, field_name: str | None, value: str, clock: Clock) -> Changes | None:
    c = Changes()
    if kind == "tags+":
        c.add_tags = _tag_list(value)
    elif kind == "tags-":
        c.remove_tags = _tag_list(value)
    elif kind == "description":
        c.description = _unquote(value)
    elif kind == "title":
        c.title = capitalise(_unquote(value))
    elif kind == "priority":
        c.priority = _level(value or "high")
    elif kind == "low":
        c.priority = "low"
    elif kind == "due":
        c.due = _due(value, clock)
    elif kind == "shift":
        c.shift_days = _days(value)
    elif kind == "recurrence":
        c.recurrence, _ = take_recurrence(value if " " in value else f"{value} task")
        c.recurrence = c.recurrence or _recur_word(value)
    elif kind == "reopen":
        c.reopen = True
    elif kind == "cleardue":
        c.clear_due = True
    elif kind == "stoprepeat":
        c.recurrence = "none"
    elif kind == "parent":
        c.parent_id = int(re.sub(r"\D", "", value))
    elif kind == "field":
        return _field_change(field_name or "", value, clock)
    elif kind == "colon":
        return _colon_changes(value, clock)
    else:
        return _value_change(value, clock)
    return c


def _field_change(field_name: str, value: str, clock: Clock) -> Changes:
    name = field_name.lower()
    if name in {"title", "name"}:
        return Changes(title=capitalise(_unquote(value)))
    if name == "priority":
        return Changes(priority=_level(value))
    if name in {"description", "note", "notes", "details"}:
        return Changes(description=_unquote(value))
    if name.startswith("tag"):
        return Changes(add_tags=_tag_list(value))
    if name == "recurrence":
        return Changes(recurrence=_recur_word(value))
    return Changes(due=_due(value, clock))


def _value_change(value: str, clock: Clock) -> Changes | None:
    """'change task 1 to X': X is a title unless it only names a priority, date or repeat."""
    quoted = find_quoted(value)
    if quoted and quoted[0][0] == 0:
        return Changes(title=capitalise(quoted[0][2]))
    if re.fullmatch(rf"(?:a\s+)?{LEVEL}(?:[\s-]+prio(?:rity)?)?", value, _I):
        return Changes(priority=_level(value))
    dates = find_dates(value, clock)
    if dates and not strip_filler(value[: dates[0].start] + value[dates[0].end :]):
        return Changes(due=dates[0].iso)
    recurrence = _recur_word(value)
    if recurrence:
        return Changes(recurrence=recurrence)
    title = squeeze(_unquote(value)).rstrip(".!?")
    return Changes(title=capitalise(title)) if title else None


def _colon_changes(value: str, clock: Clock) -> Changes:
    c = Changes()
    c.recurrence, value = take_recurrence(value)
    c.priority, value = take_priority(value)
    c.add_tags, value = take_tags(value)
    dates = find_dates(value, clock)
    if dates:
        c.due = dates[0].iso
        value = value[: dates[0].start] + value[dates[0].end :]
    rest = strip_filler(re.sub(r"^\s*(?:title|name)\s*(?:is|=|:)?\s*", "", value, flags=_I))
    if rest and c.empty():
        c.title = capitalise(_unquote(rest))
    return c


def _due(value: str, clock: Clock) -> str | None:
    dates = find_dates(value, clock) or find_dates(f"on {value}", clock)
    return dates[0].iso if dates else None


def _days(value: str) -> int | None:
    m = re.match(r"(?:a|an|one|two|three|four|five|six|seven|\d+)\s+(day|week|month)s?", value, _I)
    if not m:
        return None
    word = value.split()[0].lower()
    words = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    count = int(word) if word.isdigit() else words.get(word, 7 if word == "seven" else 1)
    return count * {"day": 1, "week": 7, "month": 30}[m.group(1).lower()]


def _level(value: str) -> str:
    word = value.lower()
    if re.search(r"\b(?:low|lower|lowest)\b", word):
        return "low"
    if re.search(r"\b(?:medium|normal)\b", word):
        return "medium"
    return "high"


def _recur_word(value: str) -> str | None:
    word = value.lower()
    for key, rule in (("day", "daily"), ("week", "weekly"), ("month", "monthly")):
        if key in word:
            return rule
    return None


def _tag_list(value: str) -> list[str]:
    raw = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*|\s+", _unquote(value))
    return [
        t.lstrip("#").lower()
        for t in raw
        if t.strip("#") and t.lower() not in {"the", "tag", "tags"}
    ]


def _unquote(value: str) -> str:
    value = value.strip().rstrip(".!?").strip()
    quoted = find_quoted(value)
    if quoted and quoted[0][0] == 0:
        return quoted[0][2]
    return value.strip("\"'")
