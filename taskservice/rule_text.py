"""A canonical recurrence rule in plain English: ``every Tuesday and Thursday at 07:00``."""

from __future__ import annotations

import calendar
from datetime import datetime

from taskservice.recurrence import DAYS, parts_of

_DAY_NAMES = dict(zip(DAYS, calendar.day_name, strict=True))
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
_UNITS = {"YEARLY": "year", "MONTHLY": "month", "WEEKLY": "week", "DAILY": "day", "HOURLY": "hour"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def describe_rule(rule: str) -> str:
    """``FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0``: "every Tuesday and Thursday at 07:00"."""
    parts = parts_of(rule)
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    unit = _UNITS[freq]
    days = parts.get("BYDAY", "").split(",") if "BYDAY" in parts else []
    plain_days = bool(days) and all(day in DAYS for day in days)
    if plain_days and freq in {"WEEKLY", "DAILY"} and interval == 1:
        words = ["every " + _day_set(days)]
    else:
        words = [
            f"every {interval} {unit}s" if interval > 1 else f"{unit}ly".replace("dayly", "daily")
        ]
        if days:
            words.append("on " + _join([_day(day) for day in days]))
    if "BYMONTHDAY" in parts:
        words.append("on the " + _join([_month_day(d) for d in parts["BYMONTHDAY"].split(",")]))
    if "BYMONTH" in parts:
        names = [calendar.month_name[int(m)] for m in parts["BYMONTH"].split(",")]
        words.append("in " + _join(names))
    if "BYSETPOS" in parts:
        positions = [_ordinal(int(p)) for p in parts["BYSETPOS"].split(",")]
        words.append(f"(the {_join(positions)} of those)")
    if "BYHOUR" in parts:
        minutes = parts.get("BYMINUTE", "0").split(",")
        times = [f"{int(h):02d}:{int(m):02d}" for h in parts["BYHOUR"].split(",") for m in minutes]
        words.append("at " + _join(times))
    elif "BYMINUTE" in parts:
        words.append("at minute " + _join(parts["BYMINUTE"].split(",")))
    if "COUNT" in parts:
        words.append(f"({parts['COUNT']} more {'time' if parts['COUNT'] == '1' else 'times'})")
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ")
        words.append(f"until {until.date().isoformat()}")
    return " ".join(words)


def _day_set(days: list[str]) -> str:
    if days == _WEEKDAYS:
        return "weekday"
    if days == ["SA", "SU"]:
        return "Saturday and Sunday"
    if len(days) == 7:
        return "day"
    return _join([_DAY_NAMES[day] for day in days])


def _day(day: str) -> str:
    name = _DAY_NAMES[day[-2:]]
    return name if len(day) == 2 else f"the {_ordinal(int(day[:-2]))} {name}"


def _month_day(value: str) -> str:
    number = int(value)
    if number == -1:
        return "last day"
    if number < 0:
        return f"{_suffixed(-number)} day from the end"
    return _suffixed(number)


def _ordinal(number: int) -> str:
    return _ORDINALS.get(number) or (
        _suffixed(number) if number > 0 else f"{_suffixed(-number)} from last"
    )


def _suffixed(number: int) -> str:
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
