"""Joining a thread's stream: the events of every run on it, as they come (``join_stream``).

The stream follows each run on the thread that had not ended when the caller joined,
oldest first, then each run created later, and closes a run with
``metadata {"status": "run_done", "run_id"}`` as the reference server does. It goes on
until the caller leaves, the thread is deleted, or the server stops (once the runs it
was following have ended). Modes: ``run_modes`` (every run
event; the default), ``lifecycle`` (a run's start and ``run_done`` only) and
``state_update`` (accepted; this server sends no state-update events).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable

from sse_starlette import ServerSentEvent

from api.runs.manager import RunManager
from runstore import RunEvent, RunRecord, ThreadRecord

THREAD_STREAM_MODES = frozenset({"run_modes", "lifecycle", "state_update"})
LISTED = 1000


class ThreadStreamModeError(ValueError):
    """Not a thread stream mode; the message names it."""


def thread_stream_modes(values: Iterable[str]) -> frozenset[str]:
    """The modes asked for (each value may be a comma-separated list); ``run_modes`` if none."""
    modes = {mode.strip() for value in values for mode in value.split(",") if mode.strip()}
    for mode in modes - THREAD_STREAM_MODES:
        raise ThreadStreamModeError(f"unknown thread stream mode {mode!r}")
    return frozenset(modes or {"run_modes"})


async def ended_runs(runs: RunManager, thread: ThreadRecord) -> set[str]:
    """The runs already over when the caller joins (they are not replayed)."""
    found = await runs.store.runs.search(thread.owner_id, thread.thread_id, limit=LISTED)
    return {run.run_id for run in found if not run.active}


async def thread_events(
    runs: RunManager, thread: ThreadRecord, *, skip: set[str], modes: frozenset[str]
) -> AsyncIterator[ServerSentEvent]:
    seen = set(skip)
    while True:
        found = await runs.store.runs.search(thread.owner_id, thread.thread_id, limit=LISTED)
        fresh = sorted((r for r in found if r.run_id not in seen), key=lambda r: r.created_at)
        for run in fresh:
            seen.add(run.run_id)
            async for event in runs.events(run):
                if _wanted(event, modes):
                    yield ServerSentEvent(data=event.data, event=event.event)
            yield _run_done(run)
        if fresh:
            continue
        if runs.closing:  # the server is stopping: no later run will start here
            return
        if await runs.store.threads.get(thread.owner_id, thread.thread_id) is None:
            return
        await asyncio.sleep(runs.options.poll_seconds)


def _wanted(event: RunEvent, modes: frozenset[str]) -> bool:
    if "run_modes" in modes:
        return True
    return "lifecycle" in modes and event.event == "metadata"


def _run_done(run: RunRecord) -> ServerSentEvent:
    data = json.dumps({"status": "run_done", "run_id": run.run_id})
    return ServerSentEvent(data=data, event="metadata")
