"""The chat server's own records: threads, runs, run events and the audit log.

They live on the same database as LangGraph's checkpoints (PostgreSQL when
``DATABASE_URL`` is set, else SQLite), with Alembic migrations under their own version
table. Every read and write filters by the owner in the statement itself.
"""

from runstore.audit import digest
from runstore.ids import new_id
from runstore.leases import Recovery, Takeover
from runstore.records import (
    AssistantRecord,
    AuditEntry,
    CancelAction,
    Conflict,
    MultitaskStrategy,
    NewRun,
    NotFound,
    RunEvent,
    RunFinish,
    RunRecord,
    RunStatus,
    RunStoreError,
    ThreadRecord,
    ThreadStatus,
)
from runstore.runs import Admission
from runstore.store import RunStore

__all__ = [
    "Admission",
    "AssistantRecord",
    "AuditEntry",
    "CancelAction",
    "Conflict",
    "MultitaskStrategy",
    "NewRun",
    "NotFound",
    "Recovery",
    "RunEvent",
    "RunFinish",
    "RunRecord",
    "RunStatus",
    "RunStore",
    "RunStoreError",
    "Takeover",
    "ThreadRecord",
    "ThreadStatus",
    "digest",
    "new_id",
]
