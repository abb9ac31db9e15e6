"""The planning levels above execution: the strategist (goal → areas) and the tactician
(area → concrete steps), fanned out one tactician per area."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime
from langgraph.types import Send

from graphs.state import AreaPlan, AreaSteps, Context, HierarchicalState, Plan, TacticianInput
from nodes.context import context_of
from nodes.history import recent
from nodes.llm import Models, structured, system
from nodes.prompts import STRATEGIST, TACTICIAN
from nodes.types import Node

MAX_AREAS = 6
MAX_STEPS = 5


def make_strategist(models: Models) -> Node[HierarchicalState]:
    async def strategist(state: HierarchicalState, runtime: Runtime[Context]) -> dict[str, Any]:
        prompt = system("strategist", STRATEGIST, context_of(runtime))
        plan, fallbacks = await structured(
            models, "strategist", Plan, [prompt, *recent(state["messages"])]
        )
        plan = plan.model_copy(update={"areas": plan.areas[:MAX_AREAS]})
        return {"plan": plan, "fallbacks": fallbacks}

    return strategist


def dispatch_areas(state: HierarchicalState) -> list[Send]:
    plan = state.get("plan")
    if plan is None:
        return []
    return [Send("tactician", TacticianInput(plan=plan, area=area)) for area in plan.areas]


def make_tactician(models: Models) -> Node[TacticianInput]:
    async def tactician(state: TacticianInput, runtime: Runtime[Context]) -> dict[str, Any]:
        plan = state["plan"]
        area = state["area"]
        prompt = system(
            "tactician",
            TACTICIAN,
            context_of(runtime),
            goal=plan.goal,
            due_clause=f" (deadline {plan.due})" if plan.due else "",
            due=plan.due or "",
            area=area.title,
        )
        steps, fallbacks = await structured(
            models,
            "tactician",
            AreaSteps,
            [prompt, HumanMessage(content=f"Steps for: {area.title}")],
        )
        area_plan = AreaPlan(
            area=area.title, steps=[s.model_dump() for s in steps.steps[:MAX_STEPS]]
        )
        return {"area_plans": [area_plan], "fallbacks": fallbacks}

    return tactician


__all__ = ["dispatch_areas", "make_strategist", "make_tactician", "recent"]
