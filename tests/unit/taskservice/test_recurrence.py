"""Recurrence rules: what is accepted, its canonical form, the next occurrence, the words."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from taskservice.recurrence import frequency, next_occurrence, normalize_rule
from taskservice.rule_text import describe_rule


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("weekly", "FREQ=WEEKLY"),
        (" Daily ", "FREQ=DAILY"),
        ("MONTHLY", "FREQ=MONTHLY"),
        ("RRULE:freq=weekly;byday=th,tu;byhour=7", "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0"),
        ("FREQ=WEEKLY;BYDAY=SU,FR,MO,MO", "FREQ=WEEKLY;BYDAY=MO,FR,SU"),
        ("FREQ=WEEKLY;INTERVAL=1;WKST=MO", "FREQ=WEEKLY"),
        ("BYDAY=-1FR;FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYMONTHDAY=15,1", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
        ("FREQ=DAILY;UNTIL=20270101;", "FREQ=DAILY;UNTIL=20270101T235959Z"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("FREQ=YEARLY;INTERVAL=999", "FREQ=YEARLY;INTERVAL=999"),
        ("FREQ=YEARLY;BYDAY=53SU", "FREQ=YEARLY;BYDAY=53SU"),
    ],
)
def test_rules_are_stored_in_one_canonical_form(given: str, canonical: str) -> None:
    assert normalize_rule(given) == canonical
    assert normalize_rule(canonical) == canonical


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("every tuesday", "is not NAME=VALUE"),
        ("", "is not NAME=VALUE"),
        ("BYDAY=MO", "needs FREQ"),
        ("FREQ=MINUTELY", "FREQ must be one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY 'XX' is not a day"),
        ("FREQ=WEEKLY;BYWEEKNO=3", "part BYWEEKNO is not supported"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 999"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20270101", "COUNT or UNTIL, not both"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR values must be 0 to 23"),
        ("FREQ=DAILY;UNTIL=2027", "UNTIL must be a date YYYYMMDD"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "a day of the month that its months do not have"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9", "never occurs"),
        ("FREQ=MONTHLY;BYDAY=53SU", "BYDAY numbers must be 1 to 5 or -5 to -1"),
        ("FREQ=YEARLY;BYDAY=54SU", "BYDAY '54SU' is not a day"),
        ("FREQ=WEEKLY;BYDAY=1MO", "days with a number \\(-1FR\\) go with FREQ=MONTHLY or YEARLY"),
        ("FREQ=DAILY;BYSETPOS=-1", "BYSETPOS goes with FREQ=WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=DAILY;BYDAY=" + ",".join(["MO"] * 90), "at most 255 characters"),
    ],
)
def test_bad_rules_are_refused_with_the_reason(given: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        normalize_rule(given)


def test_a_position_a_set_never_has_is_refused() -> None:
    """One Monday a week has no second: dateutil alone would look until the year 9999."""
    with pytest.raises(ValueError, match="never occurs"):
        normalize_rule("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2")


def test_frequency_is_the_rules_period() -> None:
    assert [frequency(normalize_rule(r)) for r in ("daily", "FREQ=WEEKLY;BYDAY=MO")] == [
        "daily",
        "weekly",
    ]


PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("rule", "due", "expected"),
    [
        # Friday -> Monday, skipping the weekend.
        (
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            datetime(2026, 11, 27, 9, tzinfo=PARIS),
            datetime(2026, 11, 30, 9, tzinfo=PARIS),
        ),
        # The time of day comes from the rule, in the user's zone, across a DST change.
        (
            "FREQ=WEEKLY;BYDAY=SU;BYHOUR=7;BYMINUTE=30",
            datetime(2026, 3, 22, 7, 30, tzinfo=PARIS),
            datetime(2026, 3, 29, 7, 30, tzinfo=PARIS),
        ),
        # A plain monthly rule on the 31st falls on the last day of a shorter month.
        (
            "FREQ=MONTHLY",
            datetime(2026, 1, 31, 18, tzinfo=PARIS),
            datetime(2026, 2, 28, 18, tzinfo=PARIS),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            datetime(2026, 1, 31, 18, tzinfo=PARIS),
            datetime(2026, 2, 28, 18, tzinfo=PARIS),
        ),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            datetime(2024, 2, 29, 8, tzinfo=PARIS),
            datetime(2028, 2, 29, 8, tzinfo=PARIS),
        ),
    ],
)
def test_the_next_occurrence_follows_the_rule_in_the_users_zone(
    rule: str, due: datetime, expected: datetime
) -> None:
    found = next_occurrence(rule, due.astimezone(UTC), PARIS)
    assert found is not None
    assert found[0] == expected
    assert found[0].tzinfo is UTC


def test_count_counts_down_and_until_ends_the_series() -> None:
    start = datetime(2026, 11, 24, 9, tzinfo=UTC)
    assert next_occurrence("FREQ=DAILY;COUNT=3", start, ZoneInfo("UTC")) == (
        datetime(2026, 11, 25, 9, tzinfo=UTC),
        "FREQ=DAILY;COUNT=2",
    )
    assert next_occurrence("FREQ=DAILY;COUNT=1", start, ZoneInfo("UTC")) is None
    assert next_occurrence("FREQ=DAILY;UNTIL=20261124T235959Z", start, ZoneInfo("UTC")) is None


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("weekly", "weekly"),
        ("daily", "daily"),
        ("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7", "every Tuesday and Thursday at 07:00"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "monthly on the 1st"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "monthly on the last day"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "monthly on the last Friday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every 2 weeks on Monday"),
        ("FREQ=DAILY;UNTIL=20270101", "daily until 2027-01-01"),
        ("FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4", "yearly on the 4th in July"),
    ],
)
def test_rules_read_as_words(rule: str, words: str) -> None:
    assert describe_rule(normalize_rule(rule)) == words
