"""Alembic environment for the task schema (run through ``taskservice.migrate.upgrade``)."""

from __future__ import annotations

from persistence.migrations import run_environment
from taskservice.migrate import VERSION_TABLE
from taskservice.tables import metadata

run_environment(metadata, VERSION_TABLE)
