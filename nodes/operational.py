"""The operational level: creates the plan in the task store through the task tools.

One parent task for the goal, a subtask per area, and the steps under their areas.
Where the goal has a date, every step falls due before it. A plan bigger than the
turn's task limit is put to a person before its first task is created. Each task's
call id is its place in the plan ("goal", "area-0", "area-0-step-1"), so a node that runs
again after a crash gets the tasks it already created back instead of creating more.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from langchain_core.messages import ToolCall
from langchain_core.tools import BaseTool
from langgraph.runtime import Runtime

from graphs.state import AreaPlan, Context, HierarchicalState, Plan, ToolCallRecord
from nodes.context import context_of
from nodes.effects import call_origin
from nodes.llm import local_now
from nodes.task_limit import MAX_TASKS_PER_TURN, allowance, allowed_to_create
from nodes.tools import ToolRunner
from nodes.types import Node


def goal_date(plan: Plan) -> date | None:
    try:
        return date.fromisoformat(plan.due) if plan.due else None
    except ValueError:
        return None


def step_due(goal: date | None, days_before: int | None, today: date) -> date | None:
    """A step's date: before the goal's, never in the past (unless the goal itself is)."""
    if goal is None:
        return None
    due = goal - timedelta(days=max(days_before or 1, 1))
    return max(due, min(today, goal - timedelta(days=1)))


async def _add(
    runner: ToolRunner, runtime: Runtime[Context], call_id: str, args: dict[str, Any]
) -> tuple[dict[str, Any] | None, ToolCallRecord]:
    """Add one task of the plan; ``call_id`` is its fixed place in the plan (its key)."""
    given = {k: v for k, v in args.items() if v is not None}
    call = ToolCall(name="add_task", args=given, id=call_id)
    message = await runner.run(call, context_of(runtime), call_origin(runtime, call_id))
    ok = message.status != "error"
    record = ToolCallRecord(name="add_task", args=call["args"], ok=ok, output=message.text[:2000])
    return (json.loads(message.text) if ok else None), record


PLAN_REFUSED = "the user declined creating this many tasks in one turn"


def planned_titles(plan: Plan, area_plans: Sequence[AreaPlan]) -> list[dict[str, Any]]:
    """What the plan will create, goal first: the additions the task limit counts."""
    by_area = {p["area"]: p["steps"] for p in area_plans}
    additions: list[dict[str, Any]] = [{"title": plan.goal}]
    for area in plan.areas:
        additions.append({"title": area.title})
        additions.extend({"title": s["title"]} for s in by_area.get(area.title, []))
    return additions


def make_create_goal(
    tools: Sequence[BaseTool], task_limit: int = MAX_TASKS_PER_TURN
) -> Node[HierarchicalState]:
    runner = ToolRunner(tools)

    async def create_goal(state: HierarchicalState, runtime: Runtime[Context]) -> dict[str, Any]:
        plan = state["plan"]
        if plan is None:
            return {}
        planned = planned_titles(plan, state.get("area_plans") or [])
        may, answer = await allowed_to_create(state, planned, allowance(state, task_limit), runtime)
        if not may:
            return {"created": {"error": PLAN_REFUSED}, **answer}
        goal_due = goal_date(plan)
        goal, record = await _add(
            runner, runtime, "goal", {"title": plan.goal, "due": goal_due and goal_due.isoformat()}
        )
        if goal is None:
            return {"created": {"error": record["output"]}, "tool_calls": [record], **answer}
        created = {"goal": {"id": goal["task_id"], "title": plan.goal, "due": plan.due}}
        return {"created": created, "tool_calls": [record], **answer}

    return create_goal


def make_create_areas(
    tools: Sequence[BaseTool], task_limit: int = MAX_TASKS_PER_TURN
) -> Node[HierarchicalState]:
    runner = ToolRunner(tools)

    async def create_areas(state: HierarchicalState, runtime: Runtime[Context]) -> dict[str, Any]:
        plan = state["plan"]
        if plan is None:
            return {}
        created: dict[str, Any] = dict(state.get("created") or {})
        if "goal" not in created:
            return {}
        planned = planned_titles(plan, state.get("area_plans") or [])[1:]
        may, answer = await allowed_to_create(state, planned, allowance(state, task_limit), runtime)
        if not may:
            return {"created": {**created, "areas": [], "error": PLAN_REFUSED}, **answer}
        context = context_of(runtime)
        goal_due = goal_date(plan)
        today = local_now(context).date()
        by_area = {p["area"]: p["steps"] for p in state.get("area_plans") or []}
        records: list[ToolCallRecord] = []
        areas: list[dict[str, Any]] = []
        for number, area in enumerate(plan.areas):
            steps = by_area.get(area.title, [])
            dues = [step_due(goal_due, s.get("days_before_due"), today) for s in steps]
            area_due = max((d for d in dues if d), default=None)
            args = {"title": area.title, "parent_id": created["goal"]["id"]}
            made, record = await _add(
                runner, runtime, f"area-{number}", {**args, "due": _iso(area_due)}
            )
            records.append(record)
            entry: dict[str, Any] = {"title": area.title, "id": None, "steps": [], "errors": []}
            areas.append(entry)
            if made is None:
                entry["errors"].append(record["output"])
                continue
            entry["id"] = made["task_id"]
            for index, (step, due) in enumerate(zip(steps, dues, strict=True)):
                args = {"title": step["title"], "parent_id": entry["id"], "due": _iso(due)}
                made_step, record = await _add(runner, runtime, f"area-{number}-step-{index}", args)
                records.append(record)
                if made_step is None:
                    entry["errors"].append(f"{step['title']}: {record['output']}")
                else:
                    entry["steps"].append(
                        {"id": made_step["task_id"], "title": step["title"], "due": _iso(due)}
                    )
        return {"created": {**created, "areas": areas}, "tool_calls": records, **answer}

    return create_areas


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
