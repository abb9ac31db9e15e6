"""A run executing in this process: its events in memory, and who is waiting on them."""

from __future__ import annotations

import asyncio
from typing import Literal

from runstore import RunEvent, RunRecord

StopReason = Literal["interrupt", "rollback", "shutdown"]


class LiveRun:
    """The events of one run while it executes here: those after ``base`` (stored before
    it was resumed here; 0 for a run that started here)."""

    def __init__(self, run: RunRecord, *, base: int = 0) -> None:
        self.run = run
        self.base = base
        self.events: list[RunEvent] = []
        self.finished = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.cancel_action: StopReason | None = None
        self._changed = asyncio.Event()

    def publish(self, event: str, data: str) -> RunEvent:
        record = RunEvent(seq=self.base + len(self.events) + 1, event=event, data=data)
        self.events.append(record)
        self._wake()
        return record

    def after(self, seq: int) -> list[RunEvent]:
        """The events in memory with a ``seq`` above ``seq`` (``seq`` at least ``base``)."""
        return self.events[max(seq - self.base, 0) :]

    def finish(self) -> None:
        self.finished.set()
        self._wake()

    async def changed(self) -> None:
        """Return when an event arrives or the run ends."""
        await self._changed.wait()

    def cancel(self, action: StopReason | None = None) -> bool:
        """Cancel the executing task (once); False when it is not running any more."""
        if self.task is None or self.task.done():
            return False
        if self.cancel_action is None:
            self.cancel_action = action or "interrupt"
            self.task.cancel()
        return True

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
