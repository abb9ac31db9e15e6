"""Create task_effects (idempotency keys and their results) and the append-only task_audit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_USER = 255
_KEY = 200

_PG_REFUSE = """
CREATE FUNCTION task_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'task_audit is append-only: % refused', TG_OP;
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "task_effects",
        sa.Column("user_id", sa.String(_USER), nullable=False),
        sa.Column("key", sa.String(_KEY), nullable=False),
        sa.Column("operation", sa.String(32), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key", name="pk_task_effects"),
    )
    op.create_table(
        "task_audit",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            autoincrement=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(_USER), nullable=False),
        sa.Column("operation", sa.String(32), nullable=False),
        sa.Column("task_id", sa.Integer, nullable=True),
        sa.Column("thread_id", sa.String(_USER), nullable=True),
        sa.Column("run_id", sa.String(_USER), nullable=True),
        sa.Column("idempotency_key", sa.String(_KEY), nullable=True),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("output_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_task_audit"),
    )
    op.create_index("ix_task_audit_user_id_created_at", "task_audit", ["user_id", "created_at"])
    _refuse_audit_changes()


def _refuse_audit_changes() -> None:
    """The audit is append-only in the database itself, not only in the application."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_REFUSE)
        op.execute(
            "CREATE TRIGGER task_audit_append_only BEFORE UPDATE OR DELETE ON task_audit "
            "FOR EACH ROW EXECUTE FUNCTION task_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER task_audit_no_truncate BEFORE TRUNCATE ON task_audit "
            "FOR EACH STATEMENT EXECUTE FUNCTION task_audit_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER task_audit_no_{verb.lower()} BEFORE {verb} ON task_audit "
            f"BEGIN SELECT RAISE(ABORT, 'task_audit is append-only: {verb} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS task_audit_no_truncate ON task_audit")
        op.execute("DROP TRIGGER IF EXISTS task_audit_append_only ON task_audit")
        op.execute("DROP FUNCTION IF EXISTS task_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS task_audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS task_audit_no_delete")
    op.drop_index("ix_task_audit_user_id_created_at", table_name="task_audit")
    op.drop_table("task_audit")
    op.drop_table("task_effects")
