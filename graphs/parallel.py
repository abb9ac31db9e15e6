"""The parallel workflow: decomposer, workers fanned out with Send, aggregator."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.tools import BaseTool
from langgraph.graph import END, START, StateGraph

from graphs.policies import MODEL_RETRY, TOOL_RETRY
from graphs.state import (
    Context,
    InputState,
    ParallelState,
    WorkerInput,
    WorkerOutput,
    WorkerState,
    WorkflowOutput,
)
from nodes.aggregator import make_aggregator
from nodes.decomposer import make_decomposer
from nodes.llm import Models
from nodes.prompts import WORKER
from nodes.router import begin_turn
from nodes.scheduler import make_dispatch, scheduler
from nodes.specialist import after_worker, make_specialist
from nodes.task_limit import MAX_TASKS_PER_TURN
from nodes.tools import make_tool_node
from nodes.worker import report


def build_worker(
    models: Models, tools: Sequence[BaseTool], *, task_limit: int = MAX_TASKS_PER_TURN
) -> StateGraph[WorkerState, Context, WorkerInput, WorkerOutput]:
    """One subtask, carried out by a tool-calling agent; its outcome as a result."""
    graph = StateGraph(
        WorkerState, context_schema=Context, input_schema=WorkerInput, output_schema=WorkerOutput
    )
    graph.add_node(
        "agent", make_specialist(models, tools, WORKER, "worker"), retry_policy=MODEL_RETRY
    )
    graph.add_node("tools", make_tool_node(tools, task_limit), retry_policy=TOOL_RETRY)
    graph.add_node("report", report)
    graph.add_edge(START, "agent")
    graph.add_conditional_edges("agent", after_worker, {"tools": "tools", "report": "report"})
    graph.add_edge("tools", "agent")
    graph.add_edge("report", END)
    return graph


def build_parallel(
    models: Models, tools: Sequence[BaseTool], *, task_limit: int = MAX_TASKS_PER_TURN
) -> StateGraph[ParallelState, Context, InputState, WorkflowOutput]:
    graph = StateGraph(
        ParallelState, context_schema=Context, input_schema=InputState, output_schema=WorkflowOutput
    )
    graph.add_node("begin", begin_turn)
    graph.add_node("decomposer", make_decomposer(models), retry_policy=MODEL_RETRY)
    graph.add_node("scheduler", scheduler)
    graph.add_node(
        "worker", build_worker(models, tools, task_limit=task_limit).compile(name="worker")
    )
    graph.add_node("aggregator", make_aggregator(models), retry_policy=MODEL_RETRY)
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "decomposer")
    graph.add_edge("decomposer", "scheduler")
    graph.add_conditional_edges("scheduler", make_dispatch(task_limit), ["worker", "aggregator"])
    graph.add_edge("worker", "scheduler")
    graph.add_edge("aggregator", END)
    return graph
