"""Recurrence rules (RFC 5545 RRULEs, through ``dateutil.rrule``) and a task's next occurrence.

A task's ``recurrence`` is stored as one canonical RRULE without the ``RRULE:`` prefix, e.g.
``FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0``: parts in a fixed order, lists sorted (days
Monday first), defaults left out, ``BYHOUR`` without ``BYMINUTE`` on the hour. ``daily``,
``weekly`` and ``monthly`` are shorthands for ``FREQ=DAILY``, ``FREQ=WEEKLY`` and
``FREQ=MONTHLY``. ``normalize_rule`` turns what a caller sent into that form or raises
``ValueError`` with a sentence saying what is wrong.

The parts accepted are the ones a to-do needs: FREQ (HOURLY to YEARLY), INTERVAL, COUNT,
UNTIL, BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS, BYHOUR, BYMINUTE and WKST. A rule that can
never occur (``BYMONTH=2;BYMONTHDAY=30``) is refused: dateutil would search for an
occurrence up to the year 9999 each time one is asked for.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

RULE_MAX_CHARS = 255
SHORTHANDS = {"daily": "FREQ=DAILY", "weekly": "FREQ=WEEKLY", "monthly": "FREQ=MONTHLY"}
FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The canonical order of the parts, and the range of each numeric list part.
ORDER: tuple[str, ...] = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY")
ORDER += ("BYDAY", "BYSETPOS", "BYHOUR", "BYMINUTE", "WKST")
_NUMBERS = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),  # True: negative values count from the end
    "BYSETPOS": (1, 366, True),
    "BYHOUR": (0, 23, False),
    "BYMINUTE": (0, 59, False),
}
_BOUNDS = {"INTERVAL": 999, "COUNT": 999}
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})Z)?$")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_PROBE = datetime(9970, 1, 1, tzinfo=UTC)  # 30 years before dateutil's last year: a bounded search
EXAMPLE = "e.g. FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7 or daily, weekly, monthly"


def normalize_rule(text: str) -> str:
    """The canonical RRULE for ``text`` (a shorthand or an RRULE, ``RRULE:`` prefix allowed)."""
    cleaned = text.strip()
    if cleaned.casefold() in SHORTHANDS:
        return SHORTHANDS[cleaned.casefold()]
    if len(cleaned) > RULE_MAX_CHARS:
        raise ValueError(f"recurrence must be at most {RULE_MAX_CHARS} characters")
    cleaned = re.sub(r"^RRULE:", "", cleaned.upper()).strip().rstrip(";")
    parts = _split(cleaned)
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    if parts.get("WKST") == "MO":
        del parts["WKST"]
    if "BYHOUR" in parts:  # at 7 means 07:00, not 7 and the due time's minutes
        parts.setdefault("BYMINUTE", "0")
    canonical = ";".join(f"{key}={parts[key]}" for key in ORDER if key in parts)
    if len(canonical) > RULE_MAX_CHARS:
        raise ValueError(f"recurrence must be at most {RULE_MAX_CHARS} characters")
    try:
        rule = rrulestr(canonical, dtstart=_PROBE)
        never = not isinstance(rule, rrule) or _never(rule)
    except (ValueError, TypeError, IndexError) as error:
        raise ValueError(f"recurrence {text.strip()!r} is not a valid rule: {error}") from None
    if never:
        raise ValueError(f"recurrence {text.strip()!r} never occurs")
    return canonical


def _never(rule: rrule) -> bool:
    """No occurrence in 30 years, whatever the interval: a search dateutil bounds by year 9999."""
    return rule.replace(interval=1, count=None, until=None).after(_PROBE) is None


def frequency(rule: str) -> str:
    """``daily``, ``weekly``, ``monthly``, ``yearly`` or ``hourly``: how often the rule repeats."""
    return parts_of(rule)["FREQ"].lower()


def parts_of(rule: str) -> dict[str, str]:
    """The parts of a canonical rule, by name."""
    return dict(part.split("=", 1) for part in rule.split(";"))


def next_occurrence(rule: str, after: datetime, zone: ZoneInfo) -> tuple[datetime, str] | None:
    """When the task due at ``after`` is due next, read in ``zone``, and the rule it then has.

    Days and times of the rule are the user's (``zone``); parts the rule leaves open come
    from ``after`` (a weekly task stays on its weekday, at its time). A plain monthly or
    yearly rule moves by calendar months, so the 31st falls on a shorter month's last day.
    ``COUNT`` counts the occurrences left, this one included: the next gets one fewer, and
    none follows the last one or ``UNTIL``.
    """
    parts = parts_of(rule)
    count = int(parts.get("COUNT", "0"))
    if count == 1:
        return None
    start = after.astimezone(zone).replace(second=0, microsecond=0)
    following = _following(parts, start)
    if following is None:
        return None
    until = parts.get("UNTIL")
    if until is not None and following > datetime.strptime(until, "%Y%m%dT%H%M%S%z"):
        return None
    if count > 1:
        parts["COUNT"] = str(count - 1)
        rule = ";".join(f"{key}={parts[key]}" for key in ORDER if key in parts)
    return following.astimezone(UTC), rule


def _following(parts: dict[str, str], start: datetime) -> datetime | None:
    plain = parts.keys() <= {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"}
    interval = int(parts.get("INTERVAL", "1"))
    if plain and parts["FREQ"] in {"MONTHLY", "YEARLY"}:
        months = interval * (12 if parts["FREQ"] == "YEARLY" else 1)
        return _wall_time(start.replace(tzinfo=None) + relativedelta(months=months), start)
    bounded = ";".join(f"{k}={v}" for k, v in parts.items() if k not in {"COUNT", "UNTIL"})
    found = rrulestr(bounded, dtstart=start).after(start)
    return None if found is None else _wall_time(found.replace(tzinfo=None), start)


def _wall_time(local: datetime, start: datetime) -> datetime:
    """``local`` (a wall-clock time) in ``start``'s zone; a time DST skips moves forward."""
    zone = start.tzinfo
    aware = local.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone)
    return aware if back.replace(tzinfo=None) == local else aware + timedelta(hours=1)


def _split(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        key, sep, value = (s.strip() for s in piece.partition("="))
        if not sep or not key or not value:
            raise ValueError(f"recurrence part {piece.strip()!r} is not NAME=VALUE ({EXAMPLE})")
        if key not in ORDER:
            raise ValueError(f"recurrence part {key} is not supported ({EXAMPLE})")
        if key in parts:
            raise ValueError(f"recurrence part {key} is given twice")
        parts[key] = _value(key, value)
    if "FREQ" not in parts:
        raise ValueError(f"recurrence needs FREQ ({EXAMPLE})")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("recurrence may have COUNT or UNTIL, not both")
    if "BYMONTHDAY" in parts and not _day_exists(parts):
        raise ValueError("recurrence names a day of the month that its months do not have")
    if "BYSETPOS" in parts and parts["FREQ"] in {"DAILY", "HOURLY"}:
        raise ValueError("recurrence BYSETPOS goes with FREQ=WEEKLY, MONTHLY or YEARLY")
    _check_ordinals(parts)
    return parts


def _check_ordinals(parts: dict[str, str]) -> None:
    """A numbered day (``-1FR``) counts within a month, or within a year without BYMONTH."""
    ordinals = [abs(int(day[:-2])) for day in parts.get("BYDAY", "").split(",") if len(day) > 2]
    if not ordinals:
        return
    if parts["FREQ"] not in {"MONTHLY", "YEARLY"}:
        raise ValueError("recurrence days with a number (-1FR) go with FREQ=MONTHLY or YEARLY")
    limit = 5 if parts["FREQ"] == "MONTHLY" or "BYMONTH" in parts else 53
    if max(ordinals) > limit:
        raise ValueError(f"recurrence BYDAY numbers must be 1 to {limit} or -{limit} to -1")


def _value(key: str, value: str) -> str:
    if key == "FREQ":
        if value not in FREQUENCIES:
            raise ValueError(f"recurrence FREQ must be one of {', '.join(FREQUENCIES)}")
        return value
    if key in _BOUNDS:
        if not value.isdigit() or not 1 <= int(value) <= _BOUNDS[key]:
            raise ValueError(f"recurrence {key} must be a whole number from 1 to {_BOUNDS[key]}")
        return str(int(value))
    if key == "WKST":
        if value not in DAYS:
            raise ValueError("recurrence WKST must be a day: MO, TU, WE, TH, FR, SA or SU")
        return value
    if key == "UNTIL":
        return _until(value)
    if key == "BYDAY":
        return ",".join(_days(value))
    return ",".join(str(n) for n in _numbers(key, value))


def _until(value: str) -> str:
    match = _UNTIL.match(value)
    try:
        if match is None:
            raise ValueError
        moment = datetime.strptime(f"{match[1]}{match[2] or '235959'}", "%Y%m%d%H%M%S")
    except ValueError:
        raise ValueError(
            "recurrence UNTIL must be a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ"
        ) from None
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _days(value: str) -> list[str]:
    days: dict[tuple[int, int], str] = {}
    for item in value.split(","):
        match = _DAY.match(item.strip())
        if match is None or (match[1] and not 1 <= abs(int(match[1])) <= 53):
            raise ValueError(f"recurrence BYDAY {item.strip()!r} is not a day such as MO or -1FR")
        ordinal = int(match[1]) if match[1] else 0
        days[(DAYS.index(match[2]), ordinal)] = f"{ordinal or ''}{match[2]}"
    return [days[key] for key in sorted(days)]


def _numbers(key: str, value: str) -> list[int]:
    low, high, negative = _NUMBERS[key]
    numbers: set[int] = set()
    for item in value.split(","):
        try:
            number = int(item.strip())
        except ValueError:
            number = high + 1
        if not (low <= number <= high or (negative and -high <= number <= -1)):
            span = f"{low} to {high}" + (f" or -{high} to -1" if negative else "")
            raise ValueError(f"recurrence {key} values must be {span}")
        numbers.add(number)
    return sorted(numbers)


def _day_exists(parts: dict[str, str]) -> bool:
    months = [int(m) for m in parts.get("BYMONTH", "1,2,3,4,5,6,7,8,9,10,11,12").split(",")]
    days = [abs(int(d)) for d in parts["BYMONTHDAY"].split(",")]
    return any(day <= _MONTH_DAYS[month - 1] for month in months for day in days)
