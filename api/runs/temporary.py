"""The temporary threads of stateless runs (``on_completion="delete"``).

A stateless run gets a thread of its own, deleted (with its checkpoints) once the run
has ended and nobody reads it any more: a ``/runs/stream`` or ``/runs/wait`` caller
holds the run from its creation until its answer is delivered, so the thread outlives
the run long enough to be read; a background ``POST /runs`` holds nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from runstore import RunRecord

logger = logging.getLogger(__name__)

Delete = Callable[[str, str], Awaitable[bool]]


def is_temporary(run: RunRecord) -> bool:
    return bool(run.kwargs.get("temporary"))


class TemporaryThreads:
    def __init__(self, delete: Delete) -> None:
        self._delete = delete
        self._holds: dict[str, int] = {}
        self._ended: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def hold(self, run: RunRecord) -> None:
        """A reader will follow ``run``: keep its thread until ``release``."""
        self._holds[run.run_id] = self._holds.get(run.run_id, 0) + 1

    def release(self, run: RunRecord) -> None:
        holds = self._holds.get(run.run_id, 0) - 1
        if holds > 0:
            self._holds[run.run_id] = holds
            return
        self._holds.pop(run.run_id, None)
        if run.run_id in self._ended:
            self._discard(run)

    def ended(self, run: RunRecord) -> None:
        """The run ended: delete its thread now, or when its last reader is done."""
        if run.run_id in self._holds:
            self._ended.add(run.run_id)
        else:
            self._discard(run)

    def _discard(self, run: RunRecord) -> None:
        self._ended.discard(run.run_id)
        task = asyncio.create_task(self._delete_quietly(run), name=f"discard:{run.thread_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _delete_quietly(self, run: RunRecord) -> None:
        try:
            await self._delete(run.owner_id, run.thread_id)
        except Exception:
            logger.exception("temporary thread %s: deleting it failed", run.thread_id)

    async def close(self) -> None:
        """Let the deletions under way finish."""
        if self._tasks:
            await asyncio.wait(set(self._tasks))
