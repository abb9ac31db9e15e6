"""The run store's database access: one writer at a time on SQLite, row locks on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from persistence.sql import READ_ONLY


def utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """Transactions on the run store's engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._reader = engine.execution_options(**{READ_ONLY: True})
        # SQLite has a single writer: queueing here is cheaper than its busy-wait.
        self._sqlite_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite: it holds the write lock)."""
        lock = self._sqlite_lock or contextlib.nullcontext()
        async with lock, self.engine.begin() as connection:
            yield connection

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self._reader.begin() as connection:
            yield connection

    def locked(self, statement: Select[Any]) -> Select[Any]:
        """``statement`` taking row locks on PostgreSQL (SQLite's write lock covers it)."""
        return statement.with_for_update() if self.is_postgres else statement
