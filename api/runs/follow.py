"""Following a run's events: from memory while it executes here, else from the database.

A run resumed here after its server stopped keeps in memory only the events after those
already stored (``LiveRun.base``): a follower behind that reads the rest from the table.

``follow`` yields events after ``after`` in order, until the run has ended and every
event has been delivered (a quiet stream's heartbeats are the SSE response's business).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from api.runs.live import LiveRun
from runstore import RunEvent, RunRecord, RunStore

Lookup = Callable[[str], LiveRun | None]


async def follow(
    store: RunStore,
    lookup: Lookup,
    run: RunRecord,
    after: int,
    *,
    poll: float,
) -> AsyncIterator[RunEvent]:
    seq = after
    while True:
        live = lookup(run.run_id)
        if live is not None and seq >= live.base:
            async for item in _from_memory(live, seq):
                yield item
            return
        events = await store.events.after(run.owner_id, run.thread_id, run.run_id, seq)
        for event in events:
            seq = event.seq
            yield event
        if events:
            continue
        current = await store.runs.status_of(run.run_id)
        if current is None or not current.active:
            for event in await store.events.after(run.owner_id, run.thread_id, run.run_id, seq):
                seq = event.seq
                yield event
            return
        await asyncio.sleep(poll)


async def _from_memory(live: LiveRun, after: int) -> AsyncIterator[RunEvent]:
    seq = after
    while True:
        for event in live.after(seq):
            seq = event.seq
            yield event
        if live.finished.is_set():
            return
        await live.changed()
