"""The hierarchical workflow: strategic, tactical and operational levels, then the integrator."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph

from graphs.policies import MODEL_RETRY, TOOL_RETRY
from graphs.state import Context, HierarchicalState, InputState, WorkflowOutput
from nodes.integrator import make_integrator
from nodes.llm import Models
from nodes.operational import make_create_areas, make_create_goal
from nodes.planner import dispatch_areas, make_strategist, make_tactician
from nodes.router import begin_turn
from nodes.task_limit import MAX_TASKS_PER_TURN


def build_operational(
    tools: Sequence[BaseTool], *, task_limit: int = MAX_TASKS_PER_TURN
) -> StateGraph[HierarchicalState, Context]:
    """Creates the plan: the goal, then each area with its steps under it."""
    graph = StateGraph(HierarchicalState, context_schema=Context)
    graph.add_node("create_goal", make_create_goal(tools, task_limit), retry_policy=TOOL_RETRY)
    graph.add_node("create_areas", make_create_areas(tools, task_limit), retry_policy=TOOL_RETRY)
    graph.add_edge(START, "create_goal")
    graph.add_edge("create_goal", "create_areas")
    graph.add_edge("create_areas", END)
    return graph


def build_hierarchical(
    models: Models, tools: Sequence[BaseTool], *, task_limit: int = MAX_TASKS_PER_TURN
) -> StateGraph[HierarchicalState, Context, InputState, WorkflowOutput]:
    graph = StateGraph(
        HierarchicalState,
        context_schema=Context,
        input_schema=InputState,
        output_schema=WorkflowOutput,
    )
    graph.add_node("begin", begin_turn)
    graph.add_node("strategist", make_strategist(models), retry_policy=MODEL_RETRY)
    graph.add_node("tactician", make_tactician(models), retry_policy=MODEL_RETRY)
    graph.add_node(
        "operational", build_operational(tools, task_limit=task_limit).compile(name="operational")
    )
    graph.add_node("integrator", make_integrator(models), retry_policy=MODEL_RETRY)
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "strategist")
    graph.add_conditional_edges("strategist", dispatch_areas, ["tactician"])
    graph.add_edge("tactician", "operational")
    graph.add_edge("operational", "integrator")
    graph.add_edge("integrator", END)
    return graph
