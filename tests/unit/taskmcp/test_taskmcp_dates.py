"""Dates in tool arguments are read in the user's time zone and rendered back in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from taskmcp.dates import InvalidDateError, parse_user_datetime, render_in_timezone


def test_plain_date_means_end_of_that_day_in_user_zone() -> None:
    parsed = parse_user_datetime("2025-03-10", "Europe/Paris")
    assert parsed.isoformat() == "2025-03-10T23:59:00+01:00"
    assert parsed.astimezone(UTC) == datetime(2025, 3, 10, 22, 59, tzinfo=UTC)


def test_naive_datetime_is_read_in_user_zone() -> None:
    parsed = parse_user_datetime("2025-07-01T09:30", "America/New_York")
    assert parsed.astimezone(UTC) == datetime(2025, 7, 1, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2025-07-01T09:30:00+02:00", "2025-07-01T07:30:00Z"])
def test_offset_is_kept(text: str) -> None:
    parsed = parse_user_datetime(text, "Asia/Tokyo")
    assert parsed.astimezone(UTC) == datetime(2025, 7, 1, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow", "2025-13-01", "10/03/2025", ""])
def test_unreadable_dates_say_the_format(text: str) -> None:
    with pytest.raises(InvalidDateError, match="ISO 8601") as caught:
        parse_user_datetime(text, "UTC", field="due_before")
    assert "due_before" in str(caught.value)


def test_render_in_user_zone() -> None:
    moment = datetime(2025, 1, 10, 22, 59, tzinfo=UTC)
    assert render_in_timezone(moment, "Europe/Paris") == "2025-01-10T23:59:00+01:00"
    assert render_in_timezone(None, "Europe/Paris") is None
    other = datetime(2025, 1, 10, 12, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert render_in_timezone(other, "UTC") == "2025-01-10T17:00:00+00:00"
