"""Resolving what a message says: repeats as RRULEs, each item's own attributes, past due
dates, corrections of the last change."""

from __future__ import annotations

from datetime import datetime

import pytest

from chatmodels.nlu.dates import make_clock
from chatmodels.nlu.intents import understand
from chatmodels.nlu.references import Ref
from chatmodels.nlu.rrules import take_rule

CLOCK = make_clock(datetime.fromisoformat("2026-11-24T09:00:00+00:00"), "UTC")  # a Tuesday


@pytest.mark.parametrize(
    ("text", "rule", "rest"),
    [
        ("swim every sunday and wednesday", "FREQ=WEEKLY;BYDAY=WE,SU", "swim"),
        ("check the mail every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "check the mail"),
        (
            "run on mondays and fridays at 6:30 am",
            "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=6;BYMINUTE=30",
            "run",
        ),
        ("standup every thursday at 9pm", "FREQ=WEEKLY;BYDAY=TH;BYHOUR=21;BYMINUTE=0", "standup"),
        (
            "pay the gym on the 3rd of every month",
            "FREQ=MONTHLY;BYMONTHDAY=3",
            "pay the gym on the 3rd",
        ),
        ("water the cactus every friday", "weekly", "water the cactus on friday"),
        ("call grandma on sunday", None, "call grandma on sunday"),
    ],
)
def test_repeats_become_rrules(text: str, rule: str | None, rest: str) -> None:
    assert take_rule(text) == (rule, rest)


def test_each_item_keeps_its_own_attributes() -> None:
    (op,) = understand(
        "add book the plumber friday, high priority, and buy a doormat on the 2nd", CLOCK
    ).operations
    got = [(i.title, i.priority, (i.due or "")[:10]) for i in op.items]
    assert got == [
        ("Book the plumber", "high", "2026-11-27"),
        ("Buy a doormat", None, "2026-12-02"),
    ]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("add renew the insurance, it was due last monday", "2026-11-23"),
        ("add file the receipts, due 3 days ago", "2026-11-21"),
    ],
)
def test_past_due_dates_are_kept(text: str, due: str) -> None:
    (op,) = understand(text, CLOCK).operations
    (item,) = op.items
    assert item.due is not None
    assert item.due.startswith(due)


@pytest.mark.parametrize(
    ("text", "due", "priority"),
    [
        ("no, I meant monday", "2026-11-30", None),
        ("oops, make that friday", "2026-11-27", None),
        ("err, high priority actually", None, "high"),
    ],
)
def test_corrections_change_the_last_task(text: str, due: str | None, priority: str | None) -> None:
    (op,) = understand(text, CLOCK).operations
    assert op.kind == "update"
    assert op.target == Ref(kind="pronoun")
    assert op.changes is not None
    assert (op.changes.due or "")[:10] == (due or "")
    assert op.changes.priority == priority


def test_a_new_task_with_a_repeat_is_no_correction() -> None:
    (op,) = understand("violin lesson every tuesday and saturday", CLOCK).operations
    assert op.kind == "add"
    assert op.items[0].recurrence == "FREQ=WEEKLY;BYDAY=TU,SA"
