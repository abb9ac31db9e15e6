"""The decomposer: splits a multi-intent message into subtasks with dependencies."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.state import Context, Decomposition, ParallelState, Subtask
from nodes.context import context_of
from nodes.history import latest_request, recent
from nodes.llm import Models, structured, system
from nodes.prompts import DECOMPOSER
from nodes.types import Node

MAX_SUBTASKS = 12


def sanitize(subtasks: list[Subtask], request: str) -> list[Subtask]:
    """Number subtasks 1..n and keep only dependencies on earlier ones (no cycles)."""
    if not subtasks:
        return [Subtask(id=1, request=request, depends_on=[])]
    renumber = {s.id: index for index, s in enumerate(subtasks[:MAX_SUBTASKS], start=1)}
    clean: list[Subtask] = []
    for index, subtask in enumerate(subtasks[:MAX_SUBTASKS], start=1):
        deps = sorted({renumber[d] for d in subtask.depends_on if renumber.get(d, index) < index})
        clean.append(Subtask(id=index, request=subtask.request, depends_on=deps))
    return clean


def make_decomposer(models: Models) -> Node[ParallelState]:
    async def decomposer(state: ParallelState, runtime: Runtime[Context]) -> dict[str, Any]:
        prompt = system("decomposer", DECOMPOSER, context_of(runtime))
        plan, fallbacks = await structured(
            models, "decomposer", Decomposition, [prompt, *recent(state["messages"])]
        )
        request = latest_request(state["messages"])
        return {"subtasks": sanitize(plan.subtasks, request), "fallbacks": fallbacks}

    return decomposer
