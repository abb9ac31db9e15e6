"""Time zones from what people and files give: IANA names or fixed UTC offsets."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def is_known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows (e.g. "Europe/Berlin")."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_name_for(moment: datetime) -> str:
    """An IANA zone with ``moment``'s UTC offset (whole hours), else UTC."""
    offset = moment.utcoffset() or timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest or offset == timedelta(0):
        return "UTC"
    # The Etc/GMT zones have their sign inverted: UTC+05:00 is Etc/GMT-5.
    return f"Etc/GMT{-hours:+d}"
