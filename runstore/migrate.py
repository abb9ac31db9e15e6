"""The run store's migrations (see ``persistence.migrations``), with their own version table."""

from __future__ import annotations

from pathlib import Path

from persistence.migrations import Migrations

MIGRATIONS = Migrations(
    directory=Path(__file__).with_name("migrations"),
    version_table="runstore_alembic_version",
    lock_key=0x72756E73,  # "runs": serialises migrators on one PostgreSQL database
)
VERSION_TABLE = MIGRATIONS.version_table
upgrade = MIGRATIONS.upgrade
current_revision = MIGRATIONS.current_revision
head_revision = MIGRATIONS.head_revision
