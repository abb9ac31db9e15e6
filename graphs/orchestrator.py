"""The graph people talk to: a router, then one of four workflows as a subgraph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graphs.hierarchical import build_hierarchical
from graphs.parallel import build_parallel
from graphs.policies import MODEL_RETRY
from graphs.sequential import build_sequential
from graphs.state import Context, InputState, OrchestratorOutput, OrchestratorState
from nodes.delegate import make_delegate
from nodes.llm import Models
from nodes.responder import make_responder
from nodes.router import begin_turn, make_router
from nodes.task_limit import MAX_TASKS_PER_TURN


def workflow_tag(workflow: str) -> str:
    """The tag on a workflow's runs (and on the turn that chose it) in traces."""
    return f"workflow:{workflow}"


def _as_workflow(graph: StateGraph[Any, Any, Any, Any], name: str) -> Any:
    # The tag rides on the subgraph's own config: its run and every run inside it carry it.
    # The delegate gives it the recent thread, not the whole one (nodes.delegate).
    compiled: CompiledStateGraph[Any, Any, Any, Any] = graph.compile(name=name)
    return make_delegate(compiled.with_config(tags=[workflow_tag(name)]))


def build_orchestrator(
    models: Models, tools: Sequence[BaseTool], *, task_limit: int = MAX_TASKS_PER_TURN
) -> StateGraph[OrchestratorState, Context, InputState, OrchestratorOutput]:
    """``task_limit``: how many tasks one turn creates before asking (MAX_TASKS_PER_TURN)."""
    graph = StateGraph(
        OrchestratorState,
        context_schema=Context,
        input_schema=InputState,
        output_schema=OrchestratorOutput,
    )
    graph.add_node("begin", begin_turn)
    graph.add_node(
        "router",
        make_router(models),
        retry_policy=MODEL_RETRY,
        destinations=("direct", "sequential", "parallel", "hierarchical"),
    )
    graph.add_node("direct", make_responder(models), retry_policy=MODEL_RETRY)
    graph.add_node(
        "sequential",
        _as_workflow(build_sequential(models, tools, task_limit=task_limit), "sequential"),
    )
    graph.add_node(
        "parallel", _as_workflow(build_parallel(models, tools, task_limit=task_limit), "parallel")
    )
    graph.add_node(
        "hierarchical",
        _as_workflow(build_hierarchical(models, tools, task_limit=task_limit), "hierarchical"),
    )
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "router")
    for workflow in ("direct", "sequential", "parallel", "hierarchical"):
        graph.add_edge(workflow, END)
    return graph
