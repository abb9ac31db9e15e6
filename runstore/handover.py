"""What every run transition shares: the locked thread row, and handing the thread on.

Called inside the caller's write transaction, so the lock (``FOR UPDATE`` on PostgreSQL,
the write lock on SQLite) is held from the read to the last write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from runstore.database import Database
from runstore.records import NewRun, RunRecord, RunStatus, ThreadRecord
from runstore.tables import runs, threads
from runstore.threads import owned, thread_record


def run_record(row: Any) -> RunRecord:
    """The record of a ``runs`` row (or of anything with the same attributes)."""
    return RunRecord(
        run_id=row.run_id,
        thread_id=row.thread_id,
        owner_id=row.owner_id,
        assistant_id=row.assistant_id,
        graph_id=row.graph_id,
        status=row.status,
        multitask_strategy=row.multitask_strategy,
        metadata=dict(row.metadata or {}),
        kwargs=dict(row.kwargs or {}),
        output=row.output,
        error=row.error,
        cancel_requested=row.cancel_requested,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def lock_thread(
    db: Database, conn: AsyncConnection, owner_id: str, thread_id: str
) -> ThreadRecord | None:
    """The owner's thread, its row locked until the transaction ends; None if not theirs."""
    query = db.locked(select(threads).where(owned(owner_id, thread_id)))
    row = (await conn.execute(query)).first()
    return None if row is None else thread_record(row)


async def insert_run(
    conn: AsyncConnection, new: NewRun, status: RunStatus, now: datetime
) -> RunRecord:
    values = {
        "run_id": new.run_id,
        "thread_id": new.thread_id,
        "owner_id": new.owner_id,
        "assistant_id": new.assistant_id,
        "graph_id": new.graph_id,
        "status": status,
        "multitask_strategy": new.multitask_strategy,
        "metadata": dict(new.metadata),
        "kwargs": dict(new.kwargs),
        "output": None,
        "error": None,
        "cancel_requested": None,
        "created_at": now,
        "updated_at": now,
        "heartbeat_at": now if status == "running" else None,
    }
    await conn.execute(insert(runs).values(**values))
    return run_record(_Row(values))


async def hand_over(
    conn: AsyncConnection,
    thread: ThreadRecord,
    idle_status: str,
    metadata: dict[str, Any],
    now: datetime,
) -> RunRecord | None:
    """Start the thread's oldest pending run (returned), or free the thread as ``idle_status``."""
    query = (
        select(runs)
        .where(runs.c.thread_id == thread.thread_id, runs.c.status == "pending")
        .order_by(runs.c.created_at, runs.c.run_id)
        .limit(1)
    )
    row = (await conn.execute(query)).first()
    where = threads.c.thread_id == thread.thread_id
    if row is None:
        await conn.execute(
            update(threads)
            .where(where)
            .values(active_run_id=None, status=idle_status, metadata=metadata, updated_at=now)
        )
        return None
    await conn.execute(
        update(threads)
        .where(where)
        .values(active_run_id=row.run_id, status="busy", metadata=metadata, updated_at=now)
    )
    await conn.execute(
        update(runs)
        .where(runs.c.run_id == row.run_id)
        .values(status="running", heartbeat_at=now, updated_at=now)
    )
    started = (await conn.execute(select(runs).where(runs.c.run_id == row.run_id))).one()
    return run_record(started)


class _Row:
    """Attribute access over the values just inserted (to build the record without a read)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)
