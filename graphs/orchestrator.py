"""The graph people talk to: a router, then one of four workflows as a subgraph."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph

from graphs.hierarchical import build_hierarchical
from graphs.parallel import build_parallel
from graphs.policies import MODEL_RETRY
from graphs.sequential import build_sequential
from graphs.state import Context, InputState, OrchestratorOutput, OrchestratorState
from nodes.llm import Models
from nodes.responder import make_responder
from nodes.router import begin_turn, make_router


def build_orchestrator(
    models: Models, tools: Sequence[BaseTool]
) -> StateGraph[OrchestratorState, Context, InputState, OrchestratorOutput]:
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
    graph.add_node("sequential", build_sequential(models, tools).compile(name="sequential"))
    graph.add_node("parallel", build_parallel(models, tools).compile(name="parallel"))
    graph.add_node("hierarchical", build_hierarchical(models, tools).compile(name="hierarchical"))
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "router")
    for workflow in ("direct", "sequential", "parallel", "hierarchical"):
        graph.add_edge(workflow, END)
    return graph
