"""Repeats that need an RFC 5545 rule: day sets, weekdays, a time, a day of the month.

'every Tuesday and Thursday at 7am' -> ``FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0``,
'every weekday' -> ``FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR``, 'on the 15th of every month' ->
``FREQ=MONTHLY;BYMONTHDAY=15``. One weekday without a time stays the ``weekly`` shorthand
(its day is the due date). Days are written Monday first, as RFC 5545 examples do.
"""

from __future__ import annotations

import re

_CODES = {
    "mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU",
}  # fmt: skip
_ORDER = list(_CODES.values())
_DAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?s?"
_TIME = (
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?:\s+at\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>am|pm)?)?"
)
_WEEKLY = re.compile(
    rf",?\s*\b(?:every|each|on)\s+(?P<days>weekdays?|{_DAY}(?:\s*(?:,|and|&|,\s*and)\s*{_DAY})*)"
    rf"{_TIME}\b",
    re.IGNORECASE,
)
_MONTHLY = re.compile(
    r",?\s*\b(?:(?:on\s+)?the\s+(?P<a>\d{1,2})(?:st|nd|rd|th)\s+of\s+(?:every|each)\s+month|"
    r"(?:every|each)\s+month\s+on\s+the\s+(?P<b>\d{1,2})(?:st|nd|rd|th)|"
    r"monthly\s+on\s+the\s+(?P<c>\d{1,2})(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)


def take_rule(text: str) -> tuple[str | None, str]:
    """An RRULE said in ``text`` (or the weekly shorthand), and the text without it."""
    monthly = _MONTHLY.search(text)
    if monthly:
        day = int(monthly.group("a") or monthly.group("b") or monthly.group("c"))
        if 1 <= day <= 31:
            rest = _cut(text, monthly.start(), monthly.end()) + f" on the {_nth(day)}"
            return f"FREQ=MONTHLY;BYMONTHDAY={day}", rest  # the next such day is the due date
    weekly = _WEEKLY.search(text)
    if not weekly:
        return None, text
    said = weekly.group("days").lower()
    is_weekdays = said.startswith("weekday")
    days = _ORDER[:5] if is_weekdays else _days(said)
    hour = _hour(weekly)
    plural = said.endswith("s") or weekly.group(0).lower().lstrip(" ,").startswith(
        ("every", "each")
    )
    if not days or (not plural and len(days) == 1 and hour is None):
        return None, text
    if len(days) == 1 and hour is None and not is_weekdays:
        return "weekly", _cut(text, weekly.start(), weekly.end()) + f" on {said.rstrip('s')}"
    rule = f"FREQ=WEEKLY;BYDAY={','.join(days)}"
    if hour is not None:
        rule += f";BYHOUR={hour[0]};BYMINUTE={hour[1]}"
    return rule, _cut(text, weekly.start(), weekly.end())


def _nth(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _days(said: str) -> list[str]:
    found = {_CODES[m.group(0)[:3]] for m in re.finditer(_DAY, said, re.IGNORECASE)}
    return [code for code in _ORDER if code in found]


def _hour(m: re.Match[str]) -> tuple[int, int] | None:
    if m.group("h") is None:
        return None
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    ampm = (m.group("ap") or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return (hour, minute) if hour < 24 and minute < 60 else None


def _cut(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[:start] + " " + text[end:]).strip()
