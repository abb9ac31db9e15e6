"""Threads: every statement filters by the owner, so a foreign thread is simply not found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, and_, cast, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from runstore.database import Database, utc_now
from runstore.records import Conflict, ThreadRecord, ThreadStatus
from runstore.tables import threads

SortBy = Literal["thread_id", "created_at", "updated_at", "status"]
SortOrder = Literal["asc", "desc"]


def thread_record(row: Row[Any]) -> ThreadRecord:
    return ThreadRecord(
        thread_id=row.thread_id,
        owner_id=row.owner_id,
        metadata=dict(row.metadata or {}),
        status=row.status,
        active_run_id=row.active_run_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def owned(owner_id: str, thread_id: str) -> ColumnElement[bool]:
    return and_(threads.c.thread_id == thread_id, threads.c.owner_id == owner_id)


class Threads:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        owner_id: str,
        thread_id: str,
        metadata: Mapping[str, Any],
        *,
        if_exists: Literal["raise", "do_nothing"] = "raise",
    ) -> ThreadRecord:
        """A new thread; an existing one of this owner with ``do_nothing``; else ``Conflict``."""
        async with self._db.write() as conn:
            existing = await _get(conn, owner_id, thread_id)
            if existing is not None and if_exists == "do_nothing":
                return existing
            if existing is None:
                created = await insert_thread(conn, owner_id, thread_id, metadata)
                if created is not None:
                    return created
        raise Conflict(f"thread {thread_id} already exists")

    async def get(self, owner_id: str, thread_id: str) -> ThreadRecord | None:
        async with self._db.read() as conn:
            return await _get(conn, owner_id, thread_id)

    async def search(
        self,
        owner_id: str,
        *,
        metadata: Mapping[str, Any] | None = None,
        status: ThreadStatus | None = None,
        ids: Sequence[str] | None = None,
        limit: int = 10,
        offset: int = 0,
        sort_by: SortBy = "created_at",
        sort_order: SortOrder = "desc",
    ) -> list[ThreadRecord]:
        query = select(threads).where(threads.c.owner_id == owner_id)
        if status is not None:
            query = query.where(threads.c.status == status)
        if ids is not None:
            query = query.where(threads.c.thread_id.in_(list(ids)))
        for condition in self._metadata_filter(metadata or {}):
            query = query.where(condition)
        column = threads.c[sort_by]
        order = column.asc() if sort_order == "asc" else column.desc()
        query = query.order_by(order, threads.c.thread_id).limit(limit).offset(offset)
        async with self._db.read() as conn:
            return [thread_record(row) for row in await conn.execute(query)]

    async def count(
        self,
        owner_id: str,
        *,
        metadata: Mapping[str, Any] | None = None,
        status: ThreadStatus | None = None,
    ) -> int:
        query = select(func.count()).select_from(threads).where(threads.c.owner_id == owner_id)
        if status is not None:
            query = query.where(threads.c.status == status)
        for condition in self._metadata_filter(metadata or {}):
            query = query.where(condition)
        async with self._db.read() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def settle(self, owner_id: str, thread_id: str, status: ThreadStatus) -> bool:
        """Set the status of a thread no run holds (after a state update); False if one does."""
        async with self._db.write() as conn:
            result = await conn.execute(
                update(threads)
                .where(owned(owner_id, thread_id), threads.c.active_run_id.is_(None))
                .values(status=status, updated_at=utc_now())
            )
            return bool(result.rowcount)

    async def patch(
        self, owner_id: str, thread_id: str, metadata: Mapping[str, Any]
    ) -> ThreadRecord | None:
        """Merge ``metadata`` into the thread's (like the reference server); None if not found."""
        async with self._db.write() as conn:
            current = await _get(conn, owner_id, thread_id, lock=self._db)
            if current is None:
                return None
            merged = {**current.metadata, **metadata}
            await conn.execute(
                update(threads)
                .where(owned(owner_id, thread_id))
                .values(metadata=merged, updated_at=utc_now())
            )
            return await _get(conn, owner_id, thread_id)

    async def delete(self, owner_id: str, thread_id: str) -> bool:
        """Delete the thread with its runs and events (never its audit rows)."""
        async with self._db.write() as conn:
            result = await conn.execute(delete(threads).where(owned(owner_id, thread_id)))
            return bool(result.rowcount)

    def _metadata_filter(self, metadata: Mapping[str, Any]) -> list[ColumnElement[bool]]:
        if not metadata:
            return []
        if self._db.is_postgres:
            return [threads.c.metadata.op("@>")(cast(dict(metadata), JSONB))]
        return [
            func.json_extract(threads.c.metadata, f'$."{_json_key(key)}"') == value
            for key, value in metadata.items()
        ]


def _json_key(key: str) -> str:
    return key.replace("\\", "\\\\").replace('"', '\\"')


async def _get(
    conn: AsyncConnection, owner_id: str, thread_id: str, *, lock: Database | None = None
) -> ThreadRecord | None:
    query = select(threads).where(owned(owner_id, thread_id))
    if lock is not None:
        query = lock.locked(query)
    row = (await conn.execute(query)).first()
    return None if row is None else thread_record(row)


async def insert_thread(
    conn: AsyncConnection, owner_id: str, thread_id: str, metadata: Mapping[str, Any]
) -> ThreadRecord | None:
    """Insert a thread in the caller's transaction; None when the id is taken (by anyone)."""
    now = utc_now()
    values = {
        "thread_id": thread_id,
        "owner_id": owner_id,
        "metadata": dict(metadata),
        "status": "idle",
        "active_run_id": None,
        "created_at": now,
        "updated_at": now,
    }
    try:
        async with conn.begin_nested():
            await conn.execute(insert(threads).values(**values))
    except IntegrityError:
        return None
    return ThreadRecord(
        thread_id=thread_id,
        owner_id=owner_id,
        metadata=dict(metadata),
        status="idle",
        active_run_id=None,
        created_at=now,
        updated_at=now,
    )
