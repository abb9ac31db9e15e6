"""Relative dates resolve against the clock, in the user's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chatmodels.nlu.dates import find_dates, first_date, make_clock, strip_dates

NOW = "2026-11-24T09:00:00+00:00"  # a Tuesday


def local_today(now: str, tz: str) -> date:
    return datetime.fromisoformat(now).astimezone(ZoneInfo(tz)).date()


def coming(weekday: int, today: date) -> date:
    """The next date after ``today`` falling on ``weekday`` (Monday is 0)."""
    days = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=days)


@pytest.mark.parametrize(
    ("now", "tz"),
    [
        (NOW, "UTC"),
        ("2026-11-24T23:30:00+00:00", "America/Los_Angeles"),  # still the 24th there
        ("2026-11-24T20:00:00+00:00", "Asia/Tokyo"),  # already the 25th there
        ("2026-11-24T23:30:00+00:00", "Pacific/Auckland"),
    ],
)
@pytest.mark.parametrize(
    ("phrase", "offset"),
    [
        ("tomorrow", 1),
        ("today", 0),
        ("in 3 days", 3),
        ("in 2 weeks", 14),
        ("day after tomorrow", 2),
    ],
)
def test_relative_days_count_from_the_local_date(
    now: str, tz: str, phrase: str, offset: int
) -> None:
    clock = make_clock(datetime.fromisoformat(now), tz)
    match = first_date(f"call the dentist {phrase}", clock)
    assert match is not None
    assert match.when.date() == local_today(now, tz) + timedelta(days=offset)
    assert match.when.utcoffset() == match.when.astimezone(ZoneInfo(tz)).utcoffset()


@pytest.mark.parametrize(("name", "weekday"), [("Friday", 4), ("monday", 0), ("Tuesday", 1)])
def test_a_weekday_means_the_coming_one(name: str, weekday: int) -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "Europe/Paris")
    match = first_date(f"submit the report by {name}", clock)
    assert match is not None
    assert match.when.date() == coming(weekday, local_today(NOW, "Europe/Paris"))


def test_no_time_given_means_the_end_of_that_day() -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "Europe/Berlin")
    match = first_date("pay rent tomorrow", clock)
    assert match is not None
    assert match.when.time() == time(23, 59)
    assert not match.has_time


def test_a_time_crossing_daylight_saving_gets_the_new_offset() -> None:
    # Europe/Paris switches to summer time on Sunday 29 March 2026.
    clock = make_clock(datetime.fromisoformat("2026-03-28T12:00:00+00:00"), "Europe/Paris")
    match = first_date("call mom tomorrow at 9am", clock)
    assert match is not None
    assert match.has_time
    assert match.iso == "2026-03-29T09:00:00+02:00"


def test_a_month_day_already_past_this_year_means_next_year() -> None:
    clock = make_clock(datetime.fromisoformat("2026-12-10T09:00:00+00:00"), "UTC")
    match = first_date("renew the passport on December 3rd", clock)
    assert match is not None
    assert match.when.date() == date(2027, 12, 3)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("next month", date(2026, 12, 24)),
        ("end of the month", date(2026, 11, 30)),
        ("this weekend", date(2026, 11, 28)),
        ("on Dec 12", date(2026, 12, 12)),
        ("2026-12-03", date(2026, 12, 3)),
    ],
)
def test_named_periods(phrase: str, expected: date) -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "UTC")
    match = first_date(f"do it {phrase}", clock)
    assert match is not None
    assert match.when.date() == expected


def test_tonight_is_today_in_the_evening() -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "UTC")
    match = first_date("call mom tonight", clock)
    assert match is not None
    assert match.when.date() == local_today(NOW, "UTC")
    assert match.when.hour >= 18


def test_strip_dates_leaves_the_rest_and_its_connectors_go_too() -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "UTC")
    assert strip_dates("pay rent by next friday at 5pm", clock) == "pay rent"
    assert strip_dates("Add 'Submit report' due Friday", clock) == "Add 'Submit report'"


@pytest.mark.parametrize(
    "text", ["Buy 3 apples", "Prepare Monday's meeting", "plan a weekend trip"]
)
def test_numbers_and_possessives_are_not_dates(text: str) -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "UTC")
    assert find_dates(text, clock) == []


def test_an_unknown_time_zone_falls_back_to_utc() -> None:
    clock = make_clock(datetime.fromisoformat(NOW), "Not/AZone")
    assert clock.tz == ZoneInfo("UTC")
