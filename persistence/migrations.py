"""Alembic migrations applied programmatically (there is no alembic.ini), for any schema.

The task service and the run store each describe theirs with a ``Migrations``: where the
revisions are, which version table records them, which advisory lock serialises them.
``upgrade`` runs every pending revision in one transaction: on PostgreSQL behind the
advisory lock, on SQLite behind ``BEGIN IMMEDIATE``, so processes starting together
migrate once. Running it again at head does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from persistence.sql import READ_ONLY


@dataclass(frozen=True)
class Migrations:
    directory: Path
    version_table: str
    lock_key: int

    def config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(self.directory))
        return config

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self.config()).get_current_head()

    async def upgrade(self, engine: AsyncEngine, revision: str = "head") -> None:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": self.lock_key}
                )
            await connection.run_sync(self._upgrade, revision)

    async def current_revision(self, engine: AsyncEngine) -> str | None:
        async with engine.execution_options(**{READ_ONLY: True}).begin() as connection:
            return await connection.run_sync(self._current_revision)

    def _upgrade(self, connection: Connection, revision: str) -> None:
        config = self.config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    def _current_revision(self, connection: Connection) -> str | None:
        opts = {"version_table": self.version_table}
        return MigrationContext.configure(connection, opts=opts).get_current_revision()


def run_environment(metadata: MetaData, version_table: str) -> None:
    """The body of a schema's ``env.py``: migrate on the connection ``upgrade`` supplies."""
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run these migrations through Migrations.upgrade(engine)")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=version_table,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
