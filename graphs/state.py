"""Typed state, runtime context and the structured outputs the model nodes ask for.

The structured-output models are the contract between the graph nodes and any
chat model (a real one or the embedded offline one): their class names become
the tool names used for structured output, and their field descriptions are
what a model reads.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import (
    Annotated,
    Any,
    Literal,
    NotRequired,  # pydantic reads them on Python 3.11
)

from langchain_core.messages import AnyMessage
from langgraph.channels import DeltaChannel
from langgraph.graph.message import add_messages
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

Workflow = Literal["direct", "sequential", "parallel", "hierarchical"]
WORKFLOWS: tuple[Workflow, ...] = ("direct", "sequential", "parallel", "hierarchical")


@dataclass(frozen=True)
class Context:
    """Per-run values, read by nodes through ``Runtime[Context]``."""

    user_id: str = "demo"
    timezone: str = "UTC"
    now: datetime | None = None  # the clock; None means the real time
    session_id: str | None = None


# ---- structured outputs -------------------------------------------------------------


class RouteDecision(BaseModel):
    """Choose the workflow that will handle the user's latest message."""

    workflow: Workflow = Field(
        description=(
            "direct: greetings, help, thanks, questions outside task management (no tools). "
            "sequential: exactly one task operation (add, list, complete, update or delete). "
            "parallel: several independent or chained task operations in one message. "
            "hierarchical: a goal or project that needs a plan broken into areas and steps."
        )
    )
    reason: str = Field(default="", description="One short sentence explaining the choice.")


class Subtask(BaseModel):
    """One self-contained task operation split out of the user's message."""

    id: int = Field(description="1-based number of this subtask.")
    request: str = Field(
        description="The operation as a standalone instruction, e.g. 'Add a task to buy eggs'."
    )
    depends_on: list[int] = Field(
        default_factory=list,
        description="Ids of subtasks that must finish first (e.g. 'then mark it done').",
    )


class Decomposition(BaseModel):
    """Split the user's message into subtasks, one per task operation."""

    subtasks: list[Subtask] = Field(description="The subtasks in the order the user gave them.")


class Area(BaseModel):
    """One area of work in a plan."""

    title: str = Field(description="Short title of the area, e.g. 'Book the venue'.")


class Plan(BaseModel):
    """A strategic plan: the goal and its areas of work."""

    goal: str = Field(description="Short title for the goal, e.g. 'Plan my sister's wedding'.")
    due: str | None = Field(
        default=None,
        description="The goal's deadline as an ISO 8601 date (YYYY-MM-DD) if the user gave one.",
    )
    areas: list[Area] = Field(description="Two to six areas of work that together reach the goal.")


class Step(BaseModel):
    """A concrete, actionable step in one area."""

    title: str = Field(description="Imperative title, e.g. 'Shortlist three venues'.")
    days_before_due: int | None = Field(
        default=None,
        description="How many days before the goal's deadline this step should be done.",
    )


class AreaSteps(BaseModel):
    """The concrete steps for one area of a plan."""

    steps: list[Step] = Field(description="Two to five concrete steps, in order.")


class Verdict(BaseModel):
    """Whether the specialist's reply is supported by the tool results."""

    ok: bool = Field(description="True when every claim in the reply matches the tool results.")
    findings: str = Field(default="", description="What does not match, if anything.")


# ---- records kept in state --------------------------------------------------------------


class ToolCallRecord(TypedDict):
    name: str
    args: dict[str, Any]
    ok: bool
    output: str
    rejected: NotRequired[bool]  # True when the person did not approve the call (ok is False)


class TurnRecord(TypedDict):
    workflow: Workflow
    fallbacks: int


class Fallback(TypedDict):
    node: str
    error: str


class SubtaskResult(TypedDict):
    id: int
    request: str
    ok: bool
    summary: str
    transcript: list[AnyMessage]  # the worker's tool calls, results and reply
    declined: NotRequired[bool]  # not ok only because the person did not approve its changes


class AreaPlan(TypedDict):
    area: str
    steps: list[dict[str, Any]]


# ---- graph states -----------------------------------------------------------------------


def per_turn(left: list[Any] | None, right: list[Any] | None) -> list[Any]:
    """Reducer for lists gathered during one turn: branches append, ``None`` starts afresh."""
    if right is None:
        return []
    return [*(left or []), *right]


def append_messages(messages: list[AnyMessage], updates: Sequence[Any]) -> list[AnyMessage]:
    """``add_messages`` over a batch of updates, the reducer of ``Messages``."""
    merged: Any = messages
    for update in updates:
        merged = add_messages(merged, update)
    return list(merged)


MESSAGES_SNAPSHOT_UPDATES = 100
"""Every this many updates a thread's messages are stored whole once more (LangGraph's default)."""

Messages = Annotated[
    list[AnyMessage],
    DeltaChannel(append_messages, snapshot_frequency=MESSAGES_SNAPSHOT_UPDATES),
]
"""A conversation, stored once: a checkpoint keeps only the messages its step added (the
step's writes), not the whole list again, and a state read replays them from the last
snapshot. Without it, each step rewrote the whole thread (``benchmarks.checkpoint_bytes``)."""


class InputState(TypedDict):
    messages: Messages


class WorkflowOutput(TypedDict):
    """What a workflow hands back: the thread, and this turn's tool calls and fallbacks."""

    messages: Messages
    tool_calls: list[ToolCallRecord]
    fallbacks: list[Fallback]


class OrchestratorOutput(WorkflowOutput):
    workflow: Workflow | None
    turns: list[TurnRecord]


class TurnState(TypedDict, total=False):
    """What every workflow reads and writes; per-turn lists are reset when a turn begins."""

    messages: Messages
    fallbacks: Annotated[list[Fallback], per_turn]
    tool_calls: Annotated[list[ToolCallRecord], per_turn]
    # Tasks this branch may create this turn without asking (a parallel worker's share of
    # what is left); unset: the graph's limit. See nodes.task_limit.
    task_allowance: int
    # The person's answer, once asked this turn, to creating more tasks than allowed.
    task_limit_answer: bool | None


class SequentialState(TurnState, total=False):
    validation_rounds: int


class ParallelState(TurnState, total=False):
    subtasks: list[Subtask]
    results: Annotated[list[SubtaskResult], per_turn]


class WorkerInput(TypedDict):
    subtask: Subtask
    messages: list[AnyMessage]
    task_allowance: int


class WorkerState(TurnState, total=False):
    subtask: Subtask
    results: Annotated[list[SubtaskResult], per_turn]


class WorkerOutput(TypedDict):
    results: list[SubtaskResult]
    tool_calls: list[ToolCallRecord]
    fallbacks: list[Fallback]


class HierarchicalState(TurnState, total=False):
    plan: Plan | None
    area_plans: Annotated[list[AreaPlan], per_turn]
    created: dict[str, Any] | None


class TacticianInput(TypedDict):
    plan: Plan
    area: Area


class OrchestratorState(SequentialState, ParallelState, HierarchicalState, total=False):
    workflow: Workflow | None
    turns: Annotated[list[TurnRecord], operator.add]


# The state types checkpoints hold, named to the checkpoint serializer (persistence.serde).
CHECKPOINT_TYPES: tuple[type, ...] = (
    Area,
    AreaSteps,
    Decomposition,
    Plan,
    RouteDecision,
    Step,
    Subtask,
    Verdict,
)
