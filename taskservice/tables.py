"""The task schema as SQLAlchemy Core tables (the migrations create it; this describes it).

Tasks are keyed by (user_id, id): `id` is the user's own number, allocated from
`task_counters` so it is never reused. Subtasks point at their parent through the
same composite key, so a task can only have a parent of the same user.
`tasks.search_text` and `task_tags.tag_key` are casefolded copies kept by the service,
so matching ignores case the same way on SQLite (whose lower() is ASCII-only) and PostgreSQL.

Every change also writes, in its own transaction, a `task_audit` row (append-only: the
database refuses UPDATE and DELETE; digests, never content) and, when the caller gave an
idempotency key, a `task_effects` row holding the change's result, which a call with the
same key gets back instead of changing anything again (`taskservice.effects`).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from persistence.sqltypes import NAMING_CONVENTION, UTCDateTime
from taskservice.recurrence import RULE_MAX_CHARS

USER_ID_MAX_CHARS = 255

metadata = MetaData(naming_convention=NAMING_CONVENTION)

tasks = Table(
    "tasks",
    metadata,
    Column("user_id", String(USER_ID_MAX_CHARS), nullable=False),
    Column("id", Integer, nullable=False, autoincrement=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("completed", Boolean, nullable=False),
    Column("priority", String(10), nullable=False),
    Column("due", UTCDateTime, nullable=True),
    Column("recurrence", String(RULE_MAX_CHARS), nullable=True),
    Column("parent_id", Integer, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("completed_at", UTCDateTime, nullable=True),
    Column("search_text", Text, nullable=False),
    PrimaryKeyConstraint("user_id", "id"),
    ForeignKeyConstraint(
        ["user_id", "parent_id"], ["tasks.user_id", "tasks.id"], ondelete="CASCADE"
    ),
    CheckConstraint("priority IN ('low', 'medium', 'high')", name="priority"),
    Index(None, "user_id", "parent_id"),
    Index(None, "user_id", "due"),
)

task_tags = Table(
    "task_tags",
    metadata,
    Column("user_id", String(USER_ID_MAX_CHARS), nullable=False),
    Column("task_id", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("tag", String(50), nullable=False),
    Column("tag_key", String(200), nullable=False),
    PrimaryKeyConstraint("user_id", "task_id", "position"),
    ForeignKeyConstraint(["user_id", "task_id"], ["tasks.user_id", "tasks.id"], ondelete="CASCADE"),
    Index(None, "user_id", "tag_key"),
)

task_counters = Table(
    "task_counters",
    metadata,
    Column("user_id", String(USER_ID_MAX_CHARS), nullable=False),
    Column("last_id", Integer, nullable=False),
    PrimaryKeyConstraint("user_id"),
)

IDEMPOTENCY_KEY_MAX_CHARS = 200
ORIGIN_ID_MAX_CHARS = 255

task_effects = Table(
    "task_effects",
    metadata,
    Column("user_id", String(USER_ID_MAX_CHARS), nullable=False),
    Column("key", String(IDEMPOTENCY_KEY_MAX_CHARS), nullable=False),
    Column("operation", String(32), nullable=False),
    Column("request_sha256", String(64), nullable=False),
    Column("result", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("user_id", "key"),
)

task_audit = Table(
    "task_audit",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("user_id", String(USER_ID_MAX_CHARS), nullable=False),
    Column("operation", String(32), nullable=False),
    Column("task_id", Integer, nullable=True),
    Column("thread_id", String(ORIGIN_ID_MAX_CHARS), nullable=True),
    Column("run_id", String(ORIGIN_ID_MAX_CHARS), nullable=True),
    Column("idempotency_key", String(IDEMPOTENCY_KEY_MAX_CHARS), nullable=True),
    Column("input_sha256", String(64), nullable=False),
    Column("output_sha256", String(64), nullable=False),
    PrimaryKeyConstraint("id"),
    Index(None, "user_id", "created_at"),
)
