"""The PostgreSQL checkpointer, without a process-wide lock around its I/O.

``AsyncPostgresSaver`` (langgraph-checkpoint-postgres 3.2) takes one ``asyncio.Lock``
per saver around every query, whatever it draws connections from. That lock is
needed for a single shared connection, which one coroutine at a time may use; a
pool never hands one connection to two coroutines, so with a pool the lock only
queues every run of the process behind one another (with 20 concurrent turns, 98 %
of its acquisitions waited: ``benchmarks.saver_lock``). ``AsyncPostgresStore`` of the
same package already skips its lock for a pool; this subclass does the same for the
saver (langgraph PR #7269 proposes it upstream). With a single connection it keeps
the saver's own locking untouched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.checkpoint.postgres import _ainternal
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.base import SerializerProtocol
from psycopg import AsyncCursor, AsyncPipeline
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool


class PooledPostgresSaver(AsyncPostgresSaver):
    """``AsyncPostgresSaver`` whose queries run concurrently on their own pooled connections.

    ``keep_turns``: the retention policy (``persistence.retention``), 0 keeps everything.
    """

    def __init__(
        self,
        conn: _ainternal.Conn,
        pipe: AsyncPipeline | None = None,
        serde: SerializerProtocol | None = None,
        *,
        keep_turns: int = 0,
    ) -> None:
        super().__init__(conn, pipe, serde)
        self.keep_turns = keep_turns

    @asynccontextmanager
    async def _cursor(self, *, pipeline: bool = False) -> AsyncIterator[AsyncCursor[DictRow]]:
        if not isinstance(self.conn, AsyncConnectionPool):
            async with super()._cursor(pipeline=pipeline) as cursor:
                yield cursor
            return
        # The constructor refuses a pipe with a pool, so only these three cases remain,
        # as the saver handles them for an unshared connection.
        async with self.conn.connection() as conn:
            if pipeline and self.supports_pipeline:
                async with conn.pipeline(), conn.cursor(binary=True, row_factory=dict_row) as cur:
                    yield cur
            elif pipeline:
                async with (
                    conn.transaction(),
                    conn.cursor(binary=True, row_factory=dict_row) as cur,
                ):
                    yield cur
            else:
                async with conn.cursor(binary=True, row_factory=dict_row) as cur:
                    yield cur
