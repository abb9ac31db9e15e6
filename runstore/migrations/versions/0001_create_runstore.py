"""Create threads, runs, run_events and the append-only audit_log.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")
_ID = 36
_OWNER = 255

_PG_REFUSE = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("thread_id", sa.String(_ID), nullable=False),
        sa.Column("owner_id", sa.String(_OWNER), nullable=False),
        sa.Column("metadata", _JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("active_run_id", sa.String(_ID), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("thread_id", name="pk_threads"),
    )
    op.create_index("ix_threads_owner_id_updated_at", "threads", ["owner_id", "updated_at"])

    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(_ID), nullable=False),
        sa.Column("thread_id", sa.String(_ID), nullable=False),
        sa.Column("owner_id", sa.String(_OWNER), nullable=False),
        sa.Column("assistant_id", sa.String(_ID), nullable=False),
        sa.Column("graph_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("multitask_strategy", sa.String(16), nullable=False),
        sa.Column("metadata", _JSON, nullable=False),
        sa.Column("kwargs", _JSON, nullable=False),
        sa.Column("output", _JSON, nullable=True),
        sa.Column("error", _JSON, nullable=True),
        sa.Column("cancel_requested", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("run_id", name="pk_runs"),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.thread_id"],
            name="fk_runs_thread_id_threads",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_runs_thread_id_created_at", "runs", ["thread_id", "created_at"])
    op.create_index("ix_runs_status_thread_id", "runs", ["status", "thread_id"])
    # At most one running run per thread, whatever the application does.
    op.create_index(
        "uq_runs_one_running_per_thread",
        "runs",
        ["thread_id"],
        unique=True,
        sqlite_where=sa.text("status = 'running'"),
        postgresql_where=sa.text("status = 'running'"),
    )

    op.create_table(
        "run_events",
        sa.Column("run_id", sa.String(_ID), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("event", sa.String(255), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "seq", name="pk_run_events"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.run_id"], name="fk_run_events_run_id_runs", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(_OWNER), nullable=False),
        sa.Column("thread_id", sa.String(_ID), nullable=False),
        sa.Column("run_id", sa.String(_ID), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("output_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_user_id_created_at", "audit_log", ["user_id", "created_at"])
    op.create_index("ix_audit_log_run_id", "audit_log", ["run_id"])
    _refuse_audit_changes()


def _refuse_audit_changes() -> None:
    """The audit log is append-only in the database itself, not only in the application."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_REFUSE)
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: {verb} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_index("ix_audit_log_run_id", table_name="audit_log")
    op.drop_index("ix_audit_log_user_id_created_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("run_events")
    op.drop_index("uq_runs_one_running_per_thread", table_name="runs")
    op.drop_index("ix_runs_status_thread_id", table_name="runs")
    op.drop_index("ix_runs_thread_id_created_at", table_name="runs")
    op.drop_table("runs")
    op.drop_index("ix_threads_owner_id_updated_at", table_name="threads")
    op.drop_table("threads")
