"""Request bodies of the Agent Protocol endpoints, as the official SDK sends them.

Fields the SDK may send but this server does not act on are accepted and ignored when
ignoring them is harmless (``feedback_keys``, ``langsmith_tracer``, ``on_completion``,
``stream_resumable``: every stream is resumable here) and refused with 422 when it is
not (a ``webhook``, ``after_seconds``). A run may start from a ``checkpoint`` (or
``checkpoint_id``) of its thread: regenerate, edit, fork. Messages in the
``input`` (or a ``command.update``) that LangGraph could not coerce are refused with 422
before a run exists (``api.runs.messages``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.runs.messages import check_messages, check_update

MultitaskStrategy = Literal["reject", "enqueue", "interrupt", "rollback"]
OnDisconnect = Literal["cancel", "continue"]
MAX_RECURSION_LIMIT = 200
MAX_OFFSET = 2**31 - 1  # paging further than this is not a real request


class CommandPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resume: Any | None = None
    update: dict[str, Any] | list[Any] | None = None
    goto: str | list[Any] | dict[str, Any] | None = None

    @field_validator("update")
    @classmethod
    def _update_messages(cls, update: Any) -> Any:
        check_update(update)
        return update

    @property
    def is_resume(self) -> bool:
        return "resume" in self.model_fields_set and self.resume is not None


class RunConfig(BaseModel):
    """The parts of a ``RunnableConfig`` a caller may set (``configurable`` is the server's)."""

    model_config = ConfigDict(extra="ignore")

    tags: list[str] = Field(default_factory=list, max_length=20)
    recursion_limit: int | None = Field(default=None, ge=1, le=MAX_RECURSION_LIMIT)


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    assistant_id: str = Field(min_length=1, max_length=200)
    input: dict[str, Any] | None = None
    command: CommandPayload | None = None
    stream_mode: str | list[str] | None = None
    stream_subgraphs: bool = False
    stream_resumable: bool = False
    metadata: dict[str, Any] | None = None
    config: RunConfig | None = None
    context: dict[str, Any] | None = None
    interrupt_before: Literal["*"] | list[str] | None = None
    interrupt_after: Literal["*"] | list[str] | None = None
    multitask_strategy: MultitaskStrategy = "enqueue"
    if_not_exists: Literal["create", "reject"] = "reject"
    on_disconnect: OnDisconnect = "continue"
    durability: Literal["sync", "async", "exit"] | None = None
    webhook: str | None = None
    after_seconds: int | None = None
    checkpoint: dict[str, Any] | None = None
    checkpoint_id: str | None = None

    @field_validator("input")
    @classmethod
    def _input_messages(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and "messages" in value:
            check_messages(value["messages"])
        return value

    @model_validator(mode="after")
    def _supported(self) -> RunCreate:
        if self.webhook:
            raise ValueError("webhook is not supported by this server")
        if self.after_seconds:
            raise ValueError("after_seconds is not supported by this server")
        if self.input is not None and self.command is not None:
            raise ValueError("give either input or command, not both")
        return self


class ThreadCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    thread_id: str | None = None
    metadata: dict[str, Any] | None = None
    if_exists: Literal["raise", "do_nothing"] = "raise"
    supersteps: list[Any] | None = None

    @model_validator(mode="after")
    def _supported(self) -> ThreadCreate:
        if self.supersteps:
            raise ValueError("creating a thread with supersteps is not supported by this server")
        return self


class ThreadPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    metadata: dict[str, Any] = Field(default_factory=dict)


class ThreadSearch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    metadata: dict[str, Any] | None = None
    status: Literal["idle", "busy", "interrupted", "error"] | None = None
    ids: list[str] | None = Field(default=None, max_length=1000)
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    sort_by: Literal["thread_id", "created_at", "updated_at", "status"] = "created_at"
    sort_order: Literal["asc", "desc"] = "desc"


class StateAtCheckpoint(BaseModel):
    model_config = ConfigDict(extra="ignore")

    checkpoint: dict[str, Any] = Field(default_factory=dict)
    subgraphs: bool = False


class HistorySearch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=10, ge=1, le=1000)
    before: dict[str, Any] | str | None = None
    metadata: dict[str, Any] | None = None
    checkpoint: dict[str, Any] | None = None


class AssistantSearch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    graph_id: str | None = None
    name: str | None = None
    metadata: dict[str, Any] | None = None
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
