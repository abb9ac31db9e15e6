"""Run events, kept for join and replay: ``seq`` is the SSE id, counted from 1 per run."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select

from runstore.database import Database
from runstore.records import RunEvent
from runstore.tables import run_events, runs


class Events:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def append(self, run_id: str, events: Sequence[RunEvent]) -> None:
        if not events:
            return
        rows = [{"run_id": run_id, "seq": e.seq, "event": e.event, "data": e.data} for e in events]
        async with self._db.write() as conn:
            await conn.execute(insert(run_events), rows)

    async def after(
        self, owner_id: str, thread_id: str, run_id: str, seq: int, *, limit: int = 500
    ) -> list[RunEvent]:
        """The owner's events of the run with a ``seq`` above ``seq``, in order."""
        query = (
            select(run_events.c.seq, run_events.c.event, run_events.c.data)
            .join(runs, runs.c.run_id == run_events.c.run_id)
            .where(
                run_events.c.run_id == run_id,
                runs.c.thread_id == thread_id,
                runs.c.owner_id == owner_id,
                run_events.c.seq > seq,
            )
            .order_by(run_events.c.seq)
            .limit(limit)
        )
        async with self._db.read() as conn:
            rows = await conn.execute(query)
            return [RunEvent(seq=r.seq, event=r.event, data=r.data) for r in rows]
