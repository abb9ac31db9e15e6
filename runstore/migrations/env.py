"""Alembic environment for the run store.

Run through `runstore.migrate.upgrade`, which hands over a connection already in a
transaction (``config.attributes["connection"]``). Logging is left to the application.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from runstore.migrate import VERSION_TABLE
from runstore.tables import metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "run the run-store migrations through runstore.migrate.upgrade(engine), "
            "which supplies the connection"
        )
    run_migrations(connection)


main()
