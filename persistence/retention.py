"""Checkpoint retention: what a thread keeps once its turns are over.

A turn leaves two kinds of checkpoints. The conversation graph's own (namespace ``""``):
one per step, each holding only what the step added (the messages are a delta channel,
``graphs.state.Messages``), and together the thread's history: the history endpoint,
time travel and a pending approval read them, and a state is rebuilt by replaying them.
They are always kept. And the workflow subgraph's (namespace ``"sequential:<task>"`` …):
the inner steps of one turn, needed while that turn runs or waits for an approval, and
to replay the inside of a recent turn. ``CHECKPOINT_RETENTION_TURNS`` (N) keeps those of
the thread's last N turns and deletes older ones after each turn; 0 keeps everything.

A turn begins with the root checkpoint of its input (metadata ``source: "input"``); the
subgraph namespaces whose newest checkpoint is older than the Nth newest such input
belong to older turns. An approval waiting belongs to the latest turn, which N ≥ 1 keeps.

The savers have no method that deletes one namespace (``aprune`` keeps the latest
checkpoint of *every* namespace and refuses delta channels), so the deletion is SQL on
the saver's own tables, on its own connection, under its own lock for SQLite.
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from persistence.pgsaver import PooledPostgresSaver
from persistence.sqlitesaver import RetainingSqliteSaver

_PG_TABLES = ("checkpoint_writes", "checkpoint_blobs", "checkpoints")
_SQLITE_TABLES = ("writes", "checkpoints")
_OLD_NAMESPACES = (
    "SELECT checkpoint_ns FROM checkpoints WHERE thread_id = {p} AND checkpoint_ns <> '' "
    "GROUP BY checkpoint_ns HAVING max(checkpoint_id) < {p}"
)


async def retain_turns(saver: Any, thread_id: str) -> int:
    """Apply the saver's own policy (``keep_turns``, from the settings) to the thread."""
    if isinstance(saver, PooledPostgresSaver | RetainingSqliteSaver) and saver.keep_turns:
        return await prune_thread(saver, thread_id, saver.keep_turns)
    return 0


async def turn_cutoff(
    saver: BaseCheckpointSaver[Any], thread_id: str, keep_turns: int
) -> str | None:
    """The id of the root checkpoint that began the oldest kept turn (None: keep all)."""
    if keep_turns < 1:
        return None
    config = RunnableConfig(configurable={"thread_id": thread_id, "checkpoint_ns": ""})
    inputs = [
        item.config["configurable"]["checkpoint_id"]
        async for item in saver.alist(config, filter={"source": "input"}, limit=keep_turns)
    ]
    return inputs[-1] if len(inputs) == keep_turns else None


async def prune_thread(saver: BaseCheckpointSaver[Any], thread_id: str, keep_turns: int) -> int:
    """Delete the subgraph checkpoints of the thread's turns before its last ``keep_turns``.

    Returns how many subgraph runs (namespaces) were deleted.
    """
    cutoff = await turn_cutoff(saver, thread_id, keep_turns)
    if cutoff is None:
        return 0
    if isinstance(saver, PooledPostgresSaver):
        return await _prune_postgres(saver, thread_id, cutoff)
    if isinstance(saver, AsyncSqliteSaver):
        return await _prune_sqlite(saver, thread_id, cutoff)
    return 0  # an in-memory saver (tests, Studio) keeps everything for its short life


async def _prune_postgres(saver: PooledPostgresSaver, thread_id: str, cutoff: str) -> int:
    async with saver._cursor() as cur, cur.connection.transaction():
        await cur.execute(_OLD_NAMESPACES.format(p="%s"), (thread_id, cutoff))
        namespaces = [row["checkpoint_ns"] for row in await cur.fetchall()]
        if namespaces:
            for table in _PG_TABLES:
                await cur.execute(
                    f"DELETE FROM {table} WHERE thread_id = %s AND checkpoint_ns = ANY(%s)",
                    (thread_id, namespaces),
                )
    return len(namespaces)


async def _prune_sqlite(saver: AsyncSqliteSaver, thread_id: str, cutoff: str) -> int:
    async with saver.lock:
        async with saver.conn.execute(_OLD_NAMESPACES.format(p="?"), (thread_id, cutoff)) as cur:
            namespaces = [str(row[0]) for row in await cur.fetchall()]
        if namespaces:
            marks = ", ".join("?" for _ in namespaces)
            for table in _SQLITE_TABLES:
                await saver.conn.execute(
                    f"DELETE FROM {table} WHERE thread_id = ? AND checkpoint_ns IN ({marks})",
                    (thread_id, *namespaces),
                )
            await saver.conn.commit()
    return len(namespaces)
