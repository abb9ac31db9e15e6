"""Alembic environment for the run store (run through ``runstore.migrate.upgrade``)."""

from __future__ import annotations

from persistence.migrations import run_environment
from runstore.migrate import VERSION_TABLE
from runstore.tables import metadata

run_environment(metadata, VERSION_TABLE)
