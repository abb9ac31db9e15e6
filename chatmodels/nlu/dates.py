"""Dates and times in free text, resolved against a clock in the user's time zone.

``find_dates`` locates date/time phrases (so titles can drop them) and resolves each with
dateparser, relative to the clock's local time; a few phrases dateparser does not know
("this weekend", "end of the month", "the 15th") are resolved here with dateutil. A phrase
without a time of day resolves to 23:59 local that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from chatmodels.nlu.daterules import MONTHS, NUM, PART, UNIT, parse_time, resolve_day

_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)

_WEEKDAYS_FULL = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_DATE_ALTS = [
    r"(?:the\s+)?day\s+(?:after\s+tomorrow|before\s+yesterday)",
    r"yesterday|last\s+night",
    rf"last\s+(?:week|month|year|{_WEEKDAYS_FULL})\b",
    rf"(?:{NUM})\s+(?:{UNIT})\s+ago",
    r"today|tonight|tonite|tmrw|tmr|tomorrow|tomorow|tommorow|tommorrow|2moro",
    rf"this\s+(?:{PART})",
    r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|year)",
    rf"(?:the\s+)?end\s+of\s+(?:{MONTHS})\b",
    r"eod|eow|eom",
    r"(?:this|next|the)\s+weekend\b(?!\s+(?:trip|getaway|plans?|bag|shift|market|brunch|break))",
    r"(?:this|next)\s+(?:week|month|year)",
    rf"in\s+(?:{NUM})\s+(?:{UNIT})",
    rf"(?:{NUM})\s+(?:{UNIT})\s+from\s+(?:now|today)",
    rf"(?:(?:this|next|coming|this\s+coming)\s+)?(?:{_WEEKDAYS})\b(?!')",
    rf"(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b(?:,?\s+\d{{4}})?",
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?",
    r"the\s+\d{1,2}(?:st|nd|rd|th)\b",
    rf"(?<=\bin\s)(?:{MONTHS})\b(?!\s*\d)",
]
_TIME_ALTS = [
    r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)",
    r"(?<=at\s)\d{1,2}(?::\d{2})?\b(?!\s*(?:%|days?|weeks?|tasks?))",
    r"\d{1,2}:\d{2}",
    r"noon|midday|midnight",
    rf"(?:in\s+the\s+)?(?:{PART})",
]
_DATE_RE = re.compile(r"\b(?:" + "|".join(_DATE_ALTS) + r")", re.IGNORECASE)
_TIME_RE = re.compile(r"\b(?:" + "|".join(_TIME_ALTS) + r")", re.IGNORECASE)
_GAP_RE = re.compile(r"^[\s,]*(?:at|on|by|in\s+the|,)?[\s,]*$", re.IGNORECASE)
_LEAD_RE = re.compile(
    r"(?:\b(?:due(?:\s+date)?(?:\s+is)?(?:\s+(?:on|by))?|deadline|by|on|before|until|till|for"
    r"|at|in|no\s+later\s+than|starting|from|,)\s*)+$",
    re.IGNORECASE,
)
_ALIASES = {
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomorow": "tomorrow",
    "tommorow": "tomorrow",
    "tommorrow": "tomorrow",
    "2moro": "tomorrow",
    "tonite": "tonight",
    "eod": "today",
    "eow": "end of the week",
    "eom": "end of the month",
}


@dataclass(frozen=True)
class Clock:
    """The user's current time (aware) and IANA time zone."""

    now: datetime
    tz: ZoneInfo

    @property
    def local(self) -> datetime:
        return self.now.astimezone(self.tz)

    def start_of_day(self, offset_days: int = 0) -> datetime:
        day = self.local.date() + timedelta(days=offset_days)
        return datetime.combine(day, time(0, 0), tzinfo=self.tz)

    def end_of_week(self) -> datetime:
        """Sunday 23:59:59 local of the current week."""
        days = 6 - self.local.weekday()
        return datetime.combine(self.local.date() + timedelta(days=days), time(23, 59, 59), self.tz)


@dataclass(frozen=True)
class DateMatch:
    """A date/time phrase found in a text and the moment it means."""

    start: int
    end: int
    when: datetime
    has_time: bool

    @property
    def iso(self) -> str:
        return self.when.isoformat()


def make_clock(now: datetime, tz_name: str | None) -> Clock:
    """A clock from an (aware or naive) instant and a zone name; bad names fall back sanely."""
    tz: ZoneInfo
    try:
        tz = ZoneInfo(tz_name) if tz_name else ZoneInfo("UTC")
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    return Clock(now=now, tz=tz)


def find_dates(text: str, clock: Clock) -> list[DateMatch]:
    """Every date/time phrase in ``text``, resolved; spans include leading 'due/by/on'."""
    parts = sorted(
        [(m.start(), m.end(), "date") for m in _DATE_RE.finditer(text)]
        + [(m.start(), m.end(), "time") for m in _TIME_RE.finditer(text)]
    )
    groups: list[list[tuple[int, int, str]]] = []
    for part in parts:
        if groups and part[0] < groups[-1][-1][1]:
            continue  # overlapping alternative
        if groups and _GAP_RE.match(text[groups[-1][-1][1] : part[0]]):
            groups[-1].append(part)
        else:
            groups.append([part])
    found: list[DateMatch] = []
    for group in groups:
        dates = [text[s:e] for s, e, kind in group if kind == "date"]
        times = [text[s:e] for s, e, kind in group if kind == "time"]
        if not dates and not _is_clear_time(times):
            continue
        times.sort(key=lambda t: not re.search(r"\d|noon|midday|midnight", t, re.IGNORECASE))
        when, has_time = _resolve(dates[0] if dates else None, times[0] if times else None, clock)
        if when is None:
            continue
        start = group[0][0]
        lead = _LEAD_RE.search(text[:start])
        if lead:
            start = lead.start()
        found.append(DateMatch(start=start, end=group[-1][1], when=when, has_time=has_time))
    return found


def first_date(text: str, clock: Clock) -> DateMatch | None:
    found = find_dates(text, clock)
    return found[0] if found else None


def strip_dates(text: str, clock: Clock) -> str:
    """``text`` without its date/time phrases."""
    for match in reversed(find_dates(text, clock)):
        text = text[: match.start] + " " + text[match.end :]
    return re.sub(r"\s+", " ", text).strip()


def _is_clear_time(times: list[str]) -> bool:
    """A lone time counts only when unmistakable ('5pm', '17:30', 'noon'), not 'morning'."""
    return any(re.search(r"\d|noon|midday|midnight", t, re.IGNORECASE) for t in times)


def _resolve(
    date_text: str | None, time_text: str | None, clock: Clock
) -> tuple[datetime | None, bool]:
    local = clock.local
    day: datetime | None
    preset_hour: int | None = None
    if date_text is None:
        day = local
    else:
        phrase = re.sub(r"\s+", " ", date_text.lower().strip())
        phrase = _ALIASES.get(phrase, phrase)
        day, preset_hour = resolve_day(phrase, local)
    if day is None:
        return None, False
    clock_time = parse_time(time_text) if time_text else None
    if clock_time is None and preset_hour is not None:
        clock_time = time(preset_hour, 0)
    if clock_time is None:
        if date_text and re.search(r"\b(?:minute|min|hour|hr)s?\b", date_text, re.IGNORECASE):
            return day.replace(second=0, microsecond=0).astimezone(clock.tz), True
        return datetime.combine(day.date(), time(23, 59), clock.tz), False
    moment = datetime.combine(day.date(), clock_time, clock.tz)
    if date_text is None and moment <= local:
        moment += timedelta(days=1)  # "at 5pm" said at 6pm means tomorrow
    return moment, True
