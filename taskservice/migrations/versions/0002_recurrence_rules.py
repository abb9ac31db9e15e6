"""Recurrence as RFC 5545 rules: tasks.recurrence holds a canonical RRULE (up to 255 characters).

The words the first schema allowed become their rules (daily -> FREQ=DAILY, weekly ->
FREQ=WEEKLY, monthly -> FREQ=MONTHLY) and the check that only allowed those words goes.

PostgreSQL alters the column in place. SQLite cannot drop a check constraint, so the table
is rebuilt; with foreign keys on (and they cannot be turned off inside the migration's
transaction) dropping ``tasks`` would cascade into the tables that reference it, so each of
those is copied aside, dropped and recreated from its own DDL before its rows come back.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_WORDS = {"daily": "FREQ=DAILY", "weekly": "FREQ=WEEKLY", "monthly": "FREQ=MONTHLY"}
_COLUMNS = (
    "user_id, id, title, description, completed, priority, due, recurrence, parent_id, "
    "created_at, updated_at, completed_at, search_text"
)


def _tasks_table(recurrence: sa.types.TypeEngine[str], *checks: sa.CheckConstraint) -> None:
    op.create_table(
        "tasks",
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recurrence", recurrence, nullable=True),
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
        *checks,
    )
    op.create_index("ix_tasks_user_id_parent_id", "tasks", ["user_id", "parent_id"])
    op.create_index("ix_tasks_user_id_due", "tasks", ["user_id", "due"])


def _rebuild_sqlite(recurrence: sa.types.TypeEngine[str], *checks: sa.CheckConstraint) -> None:
    """Rebuild ``tasks`` with ``recurrence`` of this type, keeping every row that refers to it."""
    bind = op.get_bind()
    names = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).scalars()
    dependents = [
        name
        for name in names
        if name != "tasks"
        and any(row[2] == "tasks" for row in bind.exec_driver_sql(f'PRAGMA foreign_key_list("{name}")'))
    ]
    saved: list[tuple[str, list[str]]] = []
    for name in dependents:
        ddl = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY type = 'index'",
            (name,),
        ).scalars()
        saved.append((name, list(ddl)))
        bind.exec_driver_sql(f'CREATE TEMP TABLE "saved_{name}" AS SELECT * FROM "{name}"')
        bind.exec_driver_sql(f'DROP TABLE "{name}"')
    bind.exec_driver_sql("CREATE TEMP TABLE saved_tasks AS SELECT * FROM tasks")
    op.drop_index("ix_tasks_user_id_due", table_name="tasks")
    op.drop_index("ix_tasks_user_id_parent_id", table_name="tasks")
    op.drop_table("tasks")
    _tasks_table(recurrence, *checks)
    bind.exec_driver_sql(f"INSERT INTO tasks ({_COLUMNS}) SELECT {_COLUMNS} FROM saved_tasks")
    bind.exec_driver_sql("DROP TABLE saved_tasks")
    for name, statements in saved:
        for statement in statements:
            bind.exec_driver_sql(statement)
        bind.exec_driver_sql(f'INSERT INTO "{name}" SELECT * FROM "saved_{name}"')
        bind.exec_driver_sql(f'DROP TABLE "saved_{name}"')


def _rewrite(mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        op.execute(
            sa.text("UPDATE tasks SET recurrence = :new WHERE recurrence = :old").bindparams(
                old=old, new=new
            )
        )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(sa.String(255))
    else:
        op.drop_constraint("ck_tasks_recurrence", "tasks", type_="check")
        op.alter_column(
            "tasks", "recurrence", type_=sa.String(255), existing_type=sa.String(10)
        )
    _rewrite(_WORDS)


def downgrade() -> None:
    """Back to the three words; a rule they cannot say is dropped (the task stops repeating)."""
    _rewrite({rule: word for word, rule in _WORDS.items()})
    op.execute("UPDATE tasks SET recurrence = NULL WHERE recurrence NOT IN ('daily', 'weekly', 'monthly')")
    check = sa.CheckConstraint(
        "recurrence IN ('daily', 'weekly', 'monthly')", name="ck_tasks_recurrence"
    )
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(sa.String(10), check)
    else:
        op.alter_column("tasks", "recurrence", type_=sa.String(10), existing_type=sa.String(255))
        op.create_check_constraint("ck_tasks_recurrence", "tasks", check.sqltext)
