"""Apply the run store's Alembic migrations programmatically (there is no alembic.ini).

Same pattern as the task service, with its own version table: ``upgrade`` runs every
pending revision in one transaction, behind an advisory lock on PostgreSQL and behind
``BEGIN IMMEDIATE`` on SQLite, so processes starting together migrate once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from taskservice.engine import READ_ONLY

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "runstore_alembic_version"
_ADVISORY_LOCK_KEY = 0x72756E73  # "runs": serialises migrators on one PostgreSQL database


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
            )
        await connection.run_sync(_upgrade, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.execution_options(**{READ_ONLY: True}).begin() as connection:
        return await connection.run_sync(_current_revision)


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current_revision(connection: Connection) -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()
