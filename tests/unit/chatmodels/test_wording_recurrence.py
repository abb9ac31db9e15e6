"""Replies word a task's recurrence rule for people, not as RRULE text."""

from __future__ import annotations

from chatmodels.roles.wording import repeats


def test_rules_and_shorthands_read_as_words() -> None:
    assert repeats("FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0") == (
        "repeats every Tuesday and Thursday at 07:00"
    )
    assert repeats("weekly") == "repeats weekly"
    assert repeats("FREQ=MONTHLY;BYMONTHDAY=1") == "repeats monthly on the 1st"


def test_something_that_is_no_rule_is_repeated_as_given() -> None:
    assert repeats("every other blue moon") == "repeats every other blue moon"
