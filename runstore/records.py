"""What the run store hands back: plain frozen records, never rows or sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

ThreadStatus = Literal["idle", "busy", "interrupted", "error"]
RunStatus = Literal["pending", "running", "success", "error", "timeout", "interrupted"]
MultitaskStrategy = Literal["reject", "enqueue", "interrupt", "rollback"]
CancelAction = Literal["interrupt", "rollback"]

ACTIVE_RUN_STATUSES: frozenset[str] = frozenset({"pending", "running"})


@dataclass(frozen=True)
class ThreadRecord:
    thread_id: str
    owner_id: str
    metadata: dict[str, Any]
    status: ThreadStatus
    active_run_id: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    thread_id: str
    owner_id: str
    assistant_id: str
    graph_id: str
    status: RunStatus
    multitask_strategy: MultitaskStrategy
    metadata: dict[str, Any]
    kwargs: dict[str, Any]
    output: Any
    error: dict[str, Any] | None
    cancel_requested: CancelAction | None
    created_at: datetime
    updated_at: datetime

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES


@dataclass(frozen=True)
class NewRun:
    """A run to create: everything but the status, which the store decides."""

    run_id: str
    thread_id: str
    owner_id: str
    assistant_id: str
    graph_id: str
    multitask_strategy: MultitaskStrategy
    metadata: dict[str, Any]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class RunEvent:
    """One stream event of a run: ``seq`` counts from 1 and is the SSE event id."""

    seq: int
    event: str
    data: str


@dataclass(frozen=True)
class AuditEntry:
    """One audit row: who did what with which outcome; digests of input and output only."""

    user_id: str
    thread_id: str
    run_id: str
    action: str
    name: str
    outcome: str
    input_sha256: str
    output_sha256: str


@dataclass(frozen=True)
class RunFinish:
    """How a run ended, and the status its thread is left in (unless another run starts)."""

    run_id: str
    status: RunStatus
    thread_status: ThreadStatus
    output: Any = None
    error: dict[str, Any] | None = None
    delete_run: bool = False


class RunStoreError(Exception):
    """A refused run-store operation; the message is safe to show the caller."""


class NotFound(RunStoreError):  # noqa: N818 (reads as the answer: 404)
    """No such thread or run for this owner (a foreign one is simply not found)."""


class Conflict(RunStoreError):  # noqa: N818 (reads as the answer: 409)
    """The thread exists already, is busy, or has no interrupt to resume."""


@dataclass(frozen=True)
class AssistantRecord:
    """One version of a user's assistant (``updated_at`` is the assistant's, if current)."""

    assistant_id: str
    owner_id: str
    graph_id: str
    name: str
    description: str | None
    config: dict[str, Any]
    context: dict[str, Any]
    metadata: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime
