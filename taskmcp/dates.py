"""Reading dates from tool arguments and rendering them back in the user's time zone."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

END_OF_DAY = time(23, 59)


class InvalidDateError(ValueError):
    """A date argument the server cannot read; the message tells the caller the format."""


def parse_user_datetime(value: str, timezone: str, *, field: str = "date") -> datetime:
    """Read an ISO 8601 argument as an aware datetime.

    ``YYYY-MM-DD`` means 23:59 that day in ``timezone``; a datetime without an offset is
    read in ``timezone``; one with an offset keeps it.
    """
    text = value.strip()
    zone = ZoneInfo(timezone)
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), END_OF_DAY, tzinfo=zone)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise InvalidDateError(
            f"Invalid {field} {value!r}: use an ISO 8601 date (YYYY-MM-DD) "
            "or datetime (YYYY-MM-DDTHH:MM[:SS][+HH:MM])."
        ) from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone)
    return parsed


def render_in_timezone(value: datetime | None, timezone: str) -> str | None:
    """ISO 8601 text of ``value`` in ``timezone`` (naive values are taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(ZoneInfo(timezone)).isoformat()
