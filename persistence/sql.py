"""The async SQLAlchemy engine of the task service and the run store: SQLite or PostgreSQL.

SQLite connections get foreign keys, WAL and a busy timeout; transactions that write
start with ``BEGIN IMMEDIATE`` so two processes never deadlock upgrading a read lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

READ_ONLY = "persistence_read_only"
"""Execution option marking a read-only transaction (a plain, deferred ``BEGIN`` on SQLite)."""

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
_SQLITE_PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


def normalize_url(url: str) -> URL:
    """The SQLAlchemy async URL for `url`; plain ``postgresql://`` and ``sqlite://`` work too."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(
            "database URL is not a URL: expected sqlite+aiosqlite:///path or "
            "postgresql://user@host/db"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in {"postgresql", "postgres"} and driver in {"", "psycopg"}:
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and driver in {"", "aiosqlite"}:
        return parsed.set(drivername="sqlite+aiosqlite")
    raise ValueError(
        f"unsupported database URL scheme {parsed.drivername!r}: "
        "use sqlite+aiosqlite:///path, postgresql:// or postgresql+psycopg://"
    )


def create_engine(url: str) -> AsyncEngine:
    """An engine for `url`; creates the directory of a SQLite file if needed."""
    sa_url = normalize_url(url)
    if sa_url.get_backend_name() != "sqlite":
        return create_async_engine(sa_url, pool_pre_ping=True)
    database = sa_url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(sa_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
    event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take BEGIN away from the driver (see SQLAlchemy's "SQLite transactions" notes).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
