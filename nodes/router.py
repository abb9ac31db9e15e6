"""The router: chooses the workflow for the user's latest message."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from graphs.state import Context, OrchestratorState, RouteDecision, TurnRecord, TurnState
from nodes.context import context_of
from nodes.history import recent
from nodes.llm import Models, structured, system
from nodes.prompts import ROUTER
from nodes.types import Node

Route = Literal["direct", "sequential", "parallel", "hierarchical"]


def begin_turn(state: TurnState) -> dict[str, Any]:
    """Start a turn: the lists gathered during the previous turn are cleared."""
    return {
        "tool_calls": None,
        "fallbacks": None,
        "results": None,
        "area_plans": None,
        "validation_rounds": 0,
        "task_limit_answer": None,
    }


def make_router(models: Models) -> Node[OrchestratorState]:
    async def router(state: OrchestratorState, runtime: Runtime[Context]) -> Command[Route]:
        prompt = system("router", ROUTER, context_of(runtime))
        decision, fallbacks = await structured(
            models, "router", RouteDecision, [prompt, *recent(state["messages"])]
        )
        record = TurnRecord(workflow=decision.workflow, fallbacks=len(fallbacks))
        return Command(
            goto=decision.workflow,
            update={"workflow": decision.workflow, "turns": [record], "fallbacks": fallbacks},
        )

    return router
