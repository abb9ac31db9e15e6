"""Create tasks, task_tags and task_counters.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recurrence", sa.String(10), nullable=True),
        sa.Column("parent_id", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "id", name="pk_tasks"),
        sa.ForeignKeyConstraint(
            ["user_id", "parent_id"],
            ["tasks.user_id", "tasks.id"],
            name="fk_tasks_user_id_parent_id_tasks",
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("priority IN ('low', 'medium', 'high')", name="ck_tasks_priority"),
        sa.CheckConstraint(
            "recurrence IN ('daily', 'weekly', 'monthly')", name="ck_tasks_recurrence"
        ),
    )
    op.create_index("ix_tasks_user_id_parent_id", "tasks", ["user_id", "parent_id"])
    op.create_index("ix_tasks_user_id_due", "tasks", ["user_id", "due"])

    op.create_table(
        "task_tags",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("task_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("tag_key", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "task_id", "position", name="pk_task_tags"),
        sa.ForeignKeyConstraint(
            ["user_id", "task_id"],
            ["tasks.user_id", "tasks.id"],
            name="fk_task_tags_user_id_task_id_tasks",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_task_tags_user_id_tag_key", "task_tags", ["user_id", "tag_key"])

    op.create_table(
        "task_counters",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_task_counters"),
    )


def downgrade() -> None:
    op.drop_table("task_counters")
    op.drop_index("ix_task_tags_user_id_tag_key", table_name="task_tags")
    op.drop_table("task_tags")
    op.drop_index("ix_tasks_user_id_due", table_name="tasks")
    op.drop_index("ix_tasks_user_id_parent_id", table_name="tasks")
    op.drop_table("tasks")
