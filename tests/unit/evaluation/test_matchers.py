"""Judging cases: matchers, one-to-one matching and reasons."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from evaluation.cases import Expect, TaskMatcher
from evaluation.matchers import Outcome, judge, matches
from taskservice.schemas import Task

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")


def task(id: int, title: str, **fields: object) -> Task:
    base: dict[str, object] = {
        "id": id,
        "title": title,
        "description": "",
        "completed": False,
        "priority": "medium",
        "tags": [],
        "due": None,
        "recurrence": None,
        "parent_id": None,
        "created_at": NOW,
        "updated_at": NOW,
        "completed_at": None,
    }
    base.update(fields)
    return Task.model_validate(base)


def test_title_ignores_case_space_and_trailing_punctuation() -> None:
    t = task(1, "  Buy milk! ")
    assert matches(TaskMatcher(title="buy MILK"), t, [t], UTC_ZONE)
    assert not matches(TaskMatcher(title="buy milk now"), t, [t], UTC_ZONE)


def test_due_is_compared_in_the_case_time_zone() -> None:
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    t = task(1, "Late", due=late)
    assert matches(TaskMatcher(due="2026-11-24"), t, [t], UTC_ZONE)
    assert matches(TaskMatcher(due="2026-11-25"), t, [t], ZoneInfo("Etc/GMT-2"))
    assert not matches(TaskMatcher(due=None), t, [t], UTC_ZONE)


def test_parent_and_children() -> None:
    goal = task(1, "Plan wedding")
    area = task(2, "Venue", parent_id=1)
    tasks = [goal, area]
    assert matches(TaskMatcher(parent="wedding"), area, tasks, UTC_ZONE)
    assert matches(TaskMatcher(children_min=1), goal, tasks, UTC_ZONE)
    assert not matches(TaskMatcher(children_min=2), goal, tasks, UTC_ZONE)


def test_one_to_one_needs_a_perfect_matching() -> None:
    tasks = [task(1, "Buy milk"), task(2, "Buy milk", completed=True)]
    loose = TaskMatcher(title="Buy milk")
    done = TaskMatcher(title="Buy milk", completed=True)
    ok = Outcome("sequential", [], tasks, "", 0)
    assert judge(Expect(tasks=[done, loose]), ok, UTC_ZONE) == []
    assert judge(Expect(tasks=[done, done]), ok, UTC_ZONE) != []
    assert judge(Expect(tasks=[loose]), ok, UTC_ZONE) != []


def test_reasons_name_each_failed_expectation() -> None:
    outcome = Outcome("direct", ["list_tasks"], [], "Here you go", 1)
    expect = Expect(
        workflow="sequential",
        tools=["add_task"],
        tools_absent=["list_tasks"],
        reply_contains=["milk"],
        reply_absent=["here"],
        approval=False,
    )
    reasons = judge(expect, outcome, UTC_ZONE)
    assert len(reasons) == 6
