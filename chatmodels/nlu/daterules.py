"""Resolving one date or time phrase ('next friday', 'end of the month', '5pm') to a moment.

``resolve_day`` returns the day (naive, in the user's local time) and, for phrases such as
'tonight', the hour they imply; dateparser does the general work, relative to the local now.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import dateparser
from dateutil.relativedelta import relativedelta

MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
PART = r"morning|afternoon|evening|night"
NUM = r"a couple of|couple of|a few|few|\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten"
UNIT = r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
PART_TIMES = {"morning": 9, "afternoon": 15, "evening": 19, "night": 21}


def resolve_day(phrase: str, local: datetime) -> tuple[datetime | None, int | None]:
    naive = local.replace(tzinfo=None)
    if phrase == "tonight":
        return naive, 20
    part = re.fullmatch(rf"this ({PART})", phrase)
    if part:
        return naive, PART_TIMES[part.group(1)]
    if "weekend" in phrase:
        days = (5 - naive.weekday()) % 7
        if phrase.startswith("next") and days < 7:
            days += 7 if days <= 1 else 0
        return naive + timedelta(days=days), None
    end = re.fullmatch(r"(?:the )?end of (?:the |this |next )?(day|week|month|year)", phrase)
    if end:
        return _end_of(end.group(1), naive, phrase), None
    end_month = re.fullmatch(r"(?:the )?end of (\w+)", phrase)
    if end_month:
        start = dateparser.parse(
            f"1 {end_month.group(1)}", languages=["en"], settings=_settings(naive)
        )
        if start is not None:
            return start + relativedelta(day=31), None
    nth = re.fullmatch(r"the (\d{1,2})(?:st|nd|rd|th)", phrase)
    if nth:
        day = int(nth.group(1))
        candidate = naive + relativedelta(day=day)
        if candidate.day != day or candidate.date() < naive.date():
            candidate = naive + relativedelta(months=1, day=day)
        return candidate, None
    if phrase == "this week":
        return naive + timedelta(days=6 - naive.weekday()), None
    if phrase in {"this month", "this year"}:
        return _end_of(phrase.split()[1], naive, phrase), None
    relative = _relative(phrase, naive)
    if relative is not None:
        return relative, None
    month_only = re.fullmatch(rf"({MONTHS})", phrase)
    if month_only:
        phrase = f"1 {phrase}"
    parsed = dateparser.parse(phrase, languages=["en"], settings=_settings(naive))
    return parsed, None


_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "couple of": 2,
    "a couple of": 2,
    "a few": 3,
    "few": 3,
}


def _relative(phrase: str, naive: datetime) -> datetime | None:
    """'in 3 days', 'in a couple of weeks', 'two weeks from now'."""
    m = re.fullmatch(rf"(?:in )?({NUM}) ({UNIT})(?: from (?:now|today))?", phrase)
    if not m:
        return None
    raw = m.group(1)
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 1)
    unit = m.group(2).rstrip("s")
    if unit in {"minute", "min"}:
        return naive + timedelta(minutes=count)
    if unit in {"hour", "hr"}:
        return naive + timedelta(hours=count)
    if unit == "day":
        return naive + timedelta(days=count)
    if unit == "week":
        return naive + timedelta(weeks=count)
    if unit == "month":
        return naive + relativedelta(months=count)
    return naive + relativedelta(years=count)


def _end_of(unit: str, naive: datetime, phrase: str) -> datetime:
    shift = 1 if " next " in f" {phrase} " else 0
    if unit == "day":
        return naive
    if unit == "week":  # the working week ends on Friday
        friday = naive + timedelta(days=(4 - naive.weekday()) % 7)
        return friday + timedelta(weeks=shift)
    if unit == "month":
        return naive + relativedelta(months=shift, day=31)
    return naive + relativedelta(years=shift, month=12, day=31)


def _settings(base: datetime) -> dict[str, object]:
    return {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}


def parse_time(text: str) -> time | None:
    t = text.lower().replace(".", "").strip()
    if t in {"noon", "midday"}:
        return time(12, 0)
    if t == "midnight":
        return time(23, 59)
    for part, hour in PART_TIMES.items():
        if part in t:
            return time(hour, 0)
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", t)
    if not m:
        return None
    hour, minute, suffix = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif suffix is None and 1 <= hour <= 7:
        hour += 12  # "at 5" means the afternoon
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
