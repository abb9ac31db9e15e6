"""The sequential workflow: specialist (with its tools), then validator."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.tools import BaseTool
from langgraph.graph import START, StateGraph

from graphs.policies import MODEL_RETRY, TOOL_RETRY
from graphs.state import Context, InputState, SequentialState, WorkflowOutput
from nodes.llm import Models
from nodes.prompts import SPECIALIST
from nodes.router import begin_turn
from nodes.specialist import after_specialist, make_specialist
from nodes.task_limit import MAX_TASKS_PER_TURN
from nodes.tools import make_tool_node
from nodes.validator import make_validator


def build_sequential(
    models: Models, tools: Sequence[BaseTool], *, task_limit: int = MAX_TASKS_PER_TURN
) -> StateGraph[SequentialState, Context, InputState, WorkflowOutput]:
    graph = StateGraph(
        SequentialState,
        context_schema=Context,
        input_schema=InputState,
        output_schema=WorkflowOutput,
    )
    graph.add_node("begin", begin_turn)
    graph.add_node(
        "specialist",
        make_specialist(models, tools, SPECIALIST, "specialist"),
        retry_policy=MODEL_RETRY,
    )
    graph.add_node("tools", make_tool_node(tools, task_limit), retry_policy=TOOL_RETRY)
    graph.add_node(
        "validator",
        make_validator(models, tools),
        retry_policy=MODEL_RETRY,
        destinations=("specialist", "__end__"),
    )
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "specialist")
    graph.add_conditional_edges("specialist", after_specialist)
    graph.add_edge("tools", "specialist")
    return graph
