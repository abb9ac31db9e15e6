"""The operational level alone: the goal, its areas and their steps are created as tasks,
every step due before the goal's date and never before today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from langgraph.runtime import Runtime

from graphs.state import Area, AreaPlan, Context, HierarchicalState, Plan, Step
from nodes.operational import goal_date, make_create_areas, make_create_goal, step_due
from tests.support.memtools import MemoryTasks

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


@pytest.mark.parametrize("goal_in", [1, 2, 7, 30])
@pytest.mark.parametrize("days_before", [None, -3, 0, 1, 2, 6, 7, 8, 45])
def test_a_step_falls_before_the_goal_and_not_in_the_past(
    goal_in: int, days_before: int | None
) -> None:
    goal = TODAY + timedelta(days=goal_in)
    due = step_due(goal, days_before, TODAY)
    assert due is not None
    assert TODAY <= due < goal
    if days_before is not None and days_before >= 1 and goal - timedelta(days_before) >= TODAY:
        assert due == goal - timedelta(days=days_before)  # as planned when that is possible


def test_no_goal_date_means_no_step_dates() -> None:
    assert step_due(None, 3, TODAY) is None
    assert goal_date(Plan(goal="Learn Spanish", areas=[])) is None
    assert goal_date(Plan(goal="Learn Spanish", due="next summer", areas=[])) is None


async def run_plan(
    plan: Plan, steps: dict[str, list[Step]], context: Context
) -> tuple[MemoryTasks, dict[str, Any]]:
    store = MemoryTasks()
    runtime = Runtime(context=context)
    area_plans = [
        AreaPlan(area=area, steps=[s.model_dump() for s in area_steps])
        for area, area_steps in steps.items()
    ]
    state = HierarchicalState(plan=plan, area_plans=area_plans)
    goal_update = await make_create_goal(store.tools())(state, runtime=runtime)
    state = HierarchicalState(plan=plan, area_plans=area_plans, created=goal_update["created"])
    areas_update = await make_create_areas(store.tools())(state, runtime=runtime)
    tool_calls = goal_update["tool_calls"] + areas_update["tool_calls"]
    return store, {"created": areas_update["created"], "tool_calls": tool_calls}


async def test_goal_areas_and_steps_become_a_task_tree_due_before_the_goal() -> None:
    plan = Plan(
        goal="Move to Berlin",
        due="2026-12-20",
        areas=[Area(title="Packing"), Area(title="Paperwork")],
    )
    steps = {
        "Packing": [
            Step(title="Buy boxes", days_before_due=20),
            Step(title="Pack", days_before_due=2),
        ],
        "Paperwork": [Step(title="Register", days_before_due=None)],
    }
    store, state = await run_plan(plan, steps, Context(user_id="u1", now=NOW))
    tasks = list(store.tasks.values())
    [goal] = [t for t in tasks if t["parent_id"] is None]
    assert (goal["title"], goal["due"]) == ("Move to Berlin", "2026-12-20")
    areas = {t["title"]: t for t in tasks if t["parent_id"] == goal["id"]}
    assert set(areas) == {"Packing", "Paperwork"}
    for title, area in areas.items():
        children = [t for t in tasks if t["parent_id"] == area["id"]]
        assert [c["title"] for c in children] == [s.title for s in steps[title]]
        for child in children:
            assert NOW.date().isoformat() <= child["due"] < "2026-12-20"
        assert area["due"] == max(c["due"] for c in children)  # the area ends with its last step
    assert len(state["tool_calls"]) == len(tasks)
    assert all(r["name"] == "add_task" and r["ok"] for r in state["tool_calls"])


async def test_today_is_the_users_date_not_the_servers() -> None:
    # 23:30 UTC on the 24th is already the 25th in Kiritimati (UTC+14).
    now = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    zone = "Pacific/Kiritimati"
    users_today = now.astimezone(ZoneInfo(zone)).date().isoformat()
    plan = Plan(goal="Party", due="2026-12-01", areas=[Area(title="Food")])
    steps = {"Food": [Step(title="Order the cake", days_before_due=30)]}
    store, _ = await run_plan(plan, steps, Context(user_id="u1", timezone=zone, now=now))
    [step] = [t for t in store.tasks.values() if t["title"] == "Order the cake"]
    assert step["due"] == users_today


async def test_a_plan_without_a_date_has_no_due_dates() -> None:
    plan = Plan(goal="Learn Spanish", areas=[Area(title="Vocabulary")])
    steps = {"Vocabulary": [Step(title="Learn 20 words", days_before_due=3)]}
    store, _ = await run_plan(plan, steps, Context(user_id="u1", now=NOW))
    assert [t["due"] for t in store.tasks.values()] == [None, None, None]


async def test_an_area_without_steps_is_still_created_under_the_goal() -> None:
    plan = Plan(goal="Garden", due="2026-12-20", areas=[Area(title="Seeds"), Area(title="Tools")])
    steps = {"Seeds": [Step(title="Buy seeds", days_before_due=5)]}
    store, state = await run_plan(plan, steps, Context(user_id="u1", now=NOW))
    created = state["created"]
    assert [a["title"] for a in created["areas"]] == ["Seeds", "Tools"]
    assert [len(a["steps"]) for a in created["areas"]] == [1, 0]
    tools_area = next(t for t in store.tasks.values() if t["title"] == "Tools")
    assert tools_area["parent_id"] == created["goal"]["id"]
