"""The Agent Protocol answers: assistants, threads, thread states and runs.

The fields are the ones ``api.runs.views`` and ``api.runs.assistants`` write, in their
order. Some keys are left out when there is nothing to say (an interrupt's
``response_schema``, a checkpoint's ``checkpoint_map``, a graph edge's ``data``); the
routes answering these shapes set ``response_model_exclude_unset`` so that stays so.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from runstore.records import MultitaskStrategy, RunStatus, ThreadStatus

Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Json = Any


class AssistantVersion(BaseModel):
    assistant_id: str
    graph_id: str
    name: str
    description: str | None
    config: dict[str, Any]
    context: dict[str, Any]
    metadata: dict[str, Any]
    version: int
    created_at: Timestamp


class Assistant(AssistantVersion):
    updated_at: Timestamp


class GraphNode(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | int
    type: str | None = None
    data: Json = None
    metadata: dict[str, Any] | None = None


class GraphEdge(BaseModel):
    source: str | int
    target: str | int
    data: Json = None
    conditional: bool = False


class AssistantGraph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class AssistantSchemas(BaseModel):
    graph_id: str
    input_schema: dict[str, Any] | None
    output_schema: dict[str, Any] | None
    state_schema: dict[str, Any] | None
    config_schema: dict[str, Any] | None
    context_schema: dict[str, Any] | None


class Interrupt(BaseModel):
    value: Json
    id: str
    response_schema: Json = None


class Thread(BaseModel):
    thread_id: str
    created_at: Timestamp
    updated_at: Timestamp
    state_updated_at: Timestamp
    metadata: dict[str, Any]
    status: ThreadStatus
    config: dict[str, Any]
    values: Json
    interrupts: dict[str, list[Interrupt]]


class Checkpoint(BaseModel):
    thread_id: str | None
    checkpoint_ns: str
    checkpoint_id: str
    checkpoint_map: dict[str, Any] | None = None


class ThreadTask(BaseModel):
    id: str
    name: str
    path: list[Json]
    error: str | None
    interrupts: list[Interrupt]
    checkpoint: dict[str, Any] | None
    state: ThreadState | None
    result: Json


class ThreadState(BaseModel):
    values: Json
    next: list[str]
    tasks: list[ThreadTask]
    metadata: dict[str, Any]
    created_at: Timestamp | None
    checkpoint: Checkpoint | None
    parent_checkpoint: Checkpoint | None
    interrupts: list[Interrupt]
    checkpoint_id: str | None
    parent_checkpoint_id: str | None


class Run(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    run_id: str
    thread_id: str
    assistant_id: str
    created_at: Timestamp
    updated_at: Timestamp
    status: RunStatus
    metadata: dict[str, Any]
    # "kwargs" by alias (and populate_by_name): the pydantic mypy plugin would otherwise
    # give __init__ a parameter clashing with its own **kwargs.
    run_kwargs: dict[str, Any] = Field(alias="kwargs")
    multitask_strategy: MultitaskStrategy


class InfoFlags(BaseModel):
    assistants: bool
    crons: bool
    langsmith: bool


class Info(BaseModel):
    version: str
    langgraph_py_version: str
    flags: InfoFlags
    graphs: list[str]
