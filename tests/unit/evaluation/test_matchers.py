"""Judging cases: matchers, one-to-one matching and reasons."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evaluation.cases import CaseFileError, Expect, TaskMatcher, load_cases
from evaluation.matchers import Outcome, judge, matches
from evaluation.runner import seed_task
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


def test_recurrence_words_match_any_rule_of_their_period() -> None:
    gym = task(1, "Gym", recurrence="FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0")
    plain = task(2, "Plants", recurrence="FREQ=WEEKLY")
    for t in (gym, plain):
        assert matches(TaskMatcher(recurrence="weekly"), t, [t], UTC_ZONE)
        assert not matches(TaskMatcher(recurrence="daily"), t, [t], UTC_ZONE)
        assert not matches(TaskMatcher(recurrence=None), t, [t], UTC_ZONE)
    assert matches(TaskMatcher(recurrence="RRULE:FREQ=WEEKLY"), plain, [plain], UTC_ZONE)
    assert not matches(TaskMatcher(recurrence="FREQ=WEEKLY"), gym, [gym], UTC_ZONE)
    once = task(3, "Once")
    assert matches(TaskMatcher(recurrence=None), once, [once], UTC_ZONE)


def test_rrule_contains_reads_the_canonical_rule() -> None:
    gym = task(1, "Gym", recurrence="FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0")
    once = task(2, "Once")
    assert matches(TaskMatcher(rrule_contains="BYDAY=TU,TH"), gym, [gym], UTC_ZONE)
    assert matches(TaskMatcher(rrule_contains="byhour=7"), gym, [gym], UTC_ZONE)
    assert not matches(TaskMatcher(rrule_contains="BYDAY=TH,TU"), gym, [gym], UTC_ZONE)
    assert not matches(TaskMatcher(rrule_contains="RRULE:"), gym, [gym], UTC_ZONE)
    assert not matches(TaskMatcher(rrule_contains="FREQ"), once, [once], UTC_ZONE)


def test_seeded_rules_are_checked_when_the_file_is_read(tmp_path: Path) -> None:
    good = {
        "id": "g",
        "tasks": [{"title": "Gym", "recurrence": "FREQ=WEEKLY;BYDAY=WE,MO"}],
        "turns": ["hi"],
    }
    bad = {"id": "b", "tasks": [{"title": "Gym", "recurrence": "every monday"}], "turns": ["hi"]}
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"(?s)cases.jsonl:2: .*is not NAME=VALUE"):
        load_cases(path)
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    [case] = load_cases(path)
    created = seed_task(case.tasks[0], UTC_ZONE)
    assert created.recurrence == "FREQ=WEEKLY;BYDAY=MO,WE"
