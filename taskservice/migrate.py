"""The task schema's migrations (see ``persistence.migrations``)."""

from __future__ import annotations

from pathlib import Path

from persistence.migrations import Migrations

MIGRATIONS = Migrations(
    directory=Path(__file__).with_name("migrations"),
    version_table="taskservice_alembic_version",
    lock_key=0x7461736B73,  # "tasks": serialises migrators on one PostgreSQL database
)
VERSION_TABLE = MIGRATIONS.version_table
upgrade = MIGRATIONS.upgrade
current_revision = MIGRATIONS.current_revision
head_revision = MIGRATIONS.head_revision
