"""The LangGraph checkpointer and store, opened together from the settings.

``DATABASE_URL`` unset: embedded SQLite files under DATA_DIR (checkpoints.db, store.db).
``DATABASE_URL=sqlite:///path``: both in that one file.
``DATABASE_URL=postgresql://…``: one psycopg pool shared by the Postgres saver and store.
A URL that cannot be used is an error, never a silent fallback to no persistence.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import aiosqlite
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.store.base import BaseStore
from langgraph.store.postgres.aio import AsyncPostgresStore
from langgraph.store.sqlite.aio import AsyncSqliteStore
from psycopg import AsyncConnection, OperationalError
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool

from persistence.pgsaver import PooledPostgresSaver
from persistence.serde import checkpoint_serde
from persistence.sqlitesaver import RetainingSqliteSaver
from persistence.urls import libpq_url, redact_url
from settings import Settings

PersistenceKind = Literal["sqlite", "postgres"]

_CONNECT_TIMEOUT_SECONDS = 10
_POOL_OPEN_TIMEOUT_SECONDS = 30.0
_SETUP_LOCK_POLL_SECONDS = 0.1
SETUP_LOCK_KEY = 0x6C67726170  # "lgrap": serialises the checkpointer's and store's setup()


class PersistenceError(RuntimeError):
    """The configured persistence cannot be used; the message says why and what to set."""


@dataclass(frozen=True)
class Persistence:
    checkpointer: BaseCheckpointSaver[str]
    store: BaseStore
    kind: PersistenceKind


@asynccontextmanager
async def open_persistence(
    settings: Settings, *, state_types: Sequence[type] = ()
) -> AsyncIterator[Persistence]:
    """Open (and set up) the checkpointer and store; close them on exit.

    ``state_types`` are the types of graph state the serializer may load by name.
    """
    serde = checkpoint_serde(state_types)
    keep = settings.checkpoint_retention_turns
    url = settings.database_url
    if not url:
        opened = _open_sqlite(
            settings.checkpoint_sqlite_path, settings.store_sqlite_path, serde, keep
        )
    else:
        scheme = urlsplit(url).scheme.split("+", 1)[0].lower()
        if scheme in {"postgresql", "postgres"}:
            opened = _open_postgres(libpq_url(url), settings.database_pool_max_size, serde, keep)
        elif scheme == "sqlite":
            path = _sqlite_path(url)
            opened = _open_sqlite(path, path, serde, keep)
        else:
            raise PersistenceError(
                f"DATABASE_URL {redact_url(url)!r} is not supported: use "
                "postgresql://user@host/db, sqlite:///path/to/file.db, "
                "or leave it unset for SQLite files under DATA_DIR"
            )
    async with opened as persistence:
        yield persistence


@asynccontextmanager
async def _open_sqlite(
    checkpoints: Path, store: Path, serde: JsonPlusSerializer, keep_turns: int
) -> AsyncIterator[Persistence]:
    for directory in {checkpoints.parent, store.parent}:
        directory.mkdir(parents=True, exist_ok=True)
    async with (
        aiosqlite.connect(str(checkpoints)) as connection,
        AsyncSqliteStore.from_conn_string(str(store)) as sqlite_store,
    ):
        saver = RetainingSqliteSaver(connection, serde=serde, keep_turns=keep_turns)
        await saver.setup()
        await sqlite_store.setup()
        yield Persistence(checkpointer=saver, store=sqlite_store, kind="sqlite")


@asynccontextmanager
async def _open_postgres(
    url: str, max_size: int, serde: JsonPlusSerializer, keep_turns: int
) -> AsyncIterator[Persistence]:
    await _check_reachable(url)
    pool = AsyncConnectionPool(
        url,
        connection_class=AsyncConnection[DictRow],
        # autocommit and dict rows are what the saver and store expect; no prepared
        # statements, so a transaction-mode PgBouncer in front works.
        kwargs={"autocommit": True, "row_factory": dict_row, "prepare_threshold": 0},
        min_size=1,
        max_size=max_size,
        open=False,
        check=AsyncConnectionPool.check_connection,
        name="langgraph",
    )
    await pool.open(wait=True, timeout=_POOL_OPEN_TIMEOUT_SECONDS)
    try:
        saver = PooledPostgresSaver(pool, serde=serde, keep_turns=keep_turns)
        store = AsyncPostgresStore(pool)
        async with _setup_lock(url):
            await saver.setup()
            await store.setup()
        yield Persistence(checkpointer=saver, store=store, kind="postgres")
    finally:
        await pool.close()


@asynccontextmanager
async def _setup_lock(url: str) -> AsyncIterator[None]:
    """Hold the checkpointer-and-store advisory lock: one process at a time runs ``setup()``.

    The savers' migrations insert into their own version tables without a lock, so two
    processes starting together on a fresh database would both try each one (a unique
    violation). The lock is a session lock on a connection of its own (the pool's
    connections are autocommit and shared). It is polled, never waited for in a
    statement: the holder's ``CREATE INDEX CONCURRENTLY`` waits for every open
    transaction to end, a blocked ``pg_advisory_lock`` included, which would deadlock.
    """
    connection = await AsyncConnection.connect(
        url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_SECONDS
    )
    async with connection:
        while not await _try_lock(connection):  # noqa: ASYNC110 (nothing to wake us)
            await asyncio.sleep(_SETUP_LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            await connection.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))


async def _try_lock(connection: AsyncConnection[Any]) -> bool:
    cursor = await connection.execute("SELECT pg_try_advisory_lock(%s)", (SETUP_LOCK_KEY,))
    row = await cursor.fetchone()
    return bool(row and row[0])


async def _check_reachable(url: str) -> None:
    """Fail now with libpq's reason rather than with a pool timeout later."""
    try:
        connection = await AsyncConnection.connect(url, connect_timeout=_CONNECT_TIMEOUT_SECONDS)
    except OperationalError as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise PersistenceError(
            f"cannot connect to the PostgreSQL at DATABASE_URL {redact_url(url)!r}: {reason}"
        ) from error
    await connection.close()


def _sqlite_path(url: str) -> Path:
    # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy spells them.
    path = url.split("://", 1)[1].split("?", 1)[0].removeprefix("/")
    if not path or path == ":memory:":
        raise PersistenceError(
            f"DATABASE_URL {url!r} names no SQLite file: use sqlite:///path/to/file.db, "
            "or leave it unset for SQLite files under DATA_DIR"
        )
    return Path(path).expanduser().resolve()
