"""The integrator: reports the plan that the operational level created."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime

from graphs.state import Context, HierarchicalState
from nodes.llm import Models, chat, system
from nodes.prompts import INTEGRATOR
from nodes.types import Node


def plan_text(created: dict[str, Any]) -> str:
    if "goal" not in created:
        return f"Nothing was created: {created.get('error', 'the goal could not be saved')}"
    goal = created["goal"]
    due = f" (due {goal['due']})" if goal.get("due") else ""
    lines = [f"Goal: task {goal['id']} {goal['title']}{due}"]
    for area in created.get("areas", []):
        lines.append(f"- Area: task {area['id']} {area['title']}")
        for step in area["steps"]:
            step_due = f" (due {step['due']})" if step.get("due") else ""
            lines.append(f"  - Step: task {step['id']} {step['title']}{step_due}")
        lines.extend(f"  - Not created: {error}" for error in area["errors"])
    if "error" in created:
        lines.append(f"The areas and steps were not created: {created['error']}")
    return "\n".join(lines)


def make_integrator(models: Models) -> Node[HierarchicalState]:
    async def integrator(state: HierarchicalState, runtime: Runtime[Context]) -> dict[str, Any]:
        text = plan_text(state.get("created") or {})
        prompt = system("integrator", INTEGRATOR, plan=text)
        reply, fallbacks = await chat(models, "integrator", [prompt, HumanMessage("Summarise.")])
        return {"messages": [reply], "fallbacks": fallbacks}

    return integrator
