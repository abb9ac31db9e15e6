"""The run-store schema as SQLAlchemy Core tables (the migrations create it; this describes it).

``threads`` are owned by one user; ``threads.active_run_id`` names the one run that may
execute on the thread (claimed by compare-and-set, see ``runstore.runs``), and a partial
unique index on ``runs`` refuses a second ``running`` run per thread as a last line of
defence. ``run_events`` keep each run's stream for join and replay. ``audit_log`` is
append-only (triggers refuse UPDATE and DELETE) and holds digests, never content.
``assistants`` are each user's own (keyed by owner and id), with every version kept in
``assistant_versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from persistence.sqltypes import NAMING_CONVENTION, UTCDateTime

ID_CHARS = 36
OWNER_MAX_CHARS = 255

metadata = MetaData(naming_convention=NAMING_CONVENTION)

Json = JSON().with_variant(JSONB(), "postgresql")

threads = Table(
    "threads",
    metadata,
    Column("thread_id", String(ID_CHARS), nullable=False),
    Column("owner_id", String(OWNER_MAX_CHARS), nullable=False),
    Column("metadata", Json, nullable=False),
    Column("status", String(16), nullable=False),
    Column("active_run_id", String(ID_CHARS), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("thread_id"),
    Index(None, "owner_id", "updated_at"),
)

runs = Table(
    "runs",
    metadata,
    Column("run_id", String(ID_CHARS), nullable=False),
    Column("thread_id", String(ID_CHARS), nullable=False),
    Column("owner_id", String(OWNER_MAX_CHARS), nullable=False),
    Column("assistant_id", String(ID_CHARS), nullable=False),
    Column("graph_id", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("multitask_strategy", String(16), nullable=False),
    Column("metadata", Json, nullable=False),
    Column("kwargs", Json, nullable=False),
    Column("output", Json, nullable=True),
    Column("error", Json, nullable=True),
    Column("cancel_requested", String(16), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("heartbeat_at", UTCDateTime, nullable=True),
    PrimaryKeyConstraint("run_id"),
    ForeignKeyConstraint(["thread_id"], ["threads.thread_id"], ondelete="CASCADE"),
    Index(None, "thread_id", "created_at"),
    Index(None, "status", "thread_id"),
    Index(
        "uq_runs_one_running_per_thread",
        "thread_id",
        unique=True,
        sqlite_where=text("status = 'running'"),
        postgresql_where=text("status = 'running'"),
    ),
)

run_events = Table(
    "run_events",
    metadata,
    Column("run_id", String(ID_CHARS), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event", String(255), nullable=False),
    Column("data", Text, nullable=False),
    PrimaryKeyConstraint("run_id", "seq"),
    ForeignKeyConstraint(["run_id"], ["runs.run_id"], ondelete="CASCADE"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("user_id", String(OWNER_MAX_CHARS), nullable=False),
    Column("thread_id", String(ID_CHARS), nullable=False),
    Column("run_id", String(ID_CHARS), nullable=False),
    Column("action", String(32), nullable=False),
    Column("name", String(128), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("input_sha256", String(64), nullable=False),
    Column("output_sha256", String(64), nullable=False),
    PrimaryKeyConstraint("id"),
    Index(None, "user_id", "created_at"),
    Index(None, "run_id"),
)


def _described() -> list[Column[object]]:
    """What each version of a user's assistant holds."""
    return [
        Column("graph_id", String(64), nullable=False),
        Column("name", String(255), nullable=False),
        Column("description", Text, nullable=True),
        Column("config", Json, nullable=False),
        Column("context", Json, nullable=False),
        Column("metadata", Json, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
    ]


assistants = Table(
    "assistants",
    metadata,
    Column("owner_id", String(OWNER_MAX_CHARS), nullable=False),
    Column("assistant_id", String(ID_CHARS), nullable=False),
    *_described(),
    Column("version", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("owner_id", "assistant_id"),
    Index(None, "owner_id", "created_at"),
)

assistant_versions = Table(
    "assistant_versions",
    metadata,
    Column("owner_id", String(OWNER_MAX_CHARS), nullable=False),
    Column("assistant_id", String(ID_CHARS), nullable=False),
    Column("version", Integer, nullable=False),
    *_described(),
    PrimaryKeyConstraint("owner_id", "assistant_id", "version"),
    ForeignKeyConstraint(
        ["owner_id", "assistant_id"],
        ["assistants.owner_id", "assistants.assistant_id"],
        ondelete="CASCADE",
    ),
)
