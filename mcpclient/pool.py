"""The pool of kept sessions by key (server, or server and user), bounded in number and age.

Each kept session costs memory and a socket (or a process, over stdio) on both ends,
so the pool holds at most ``max_sessions``: opening one more retires the least
recently used. Sessions unused for ``idle_seconds`` are retired by ``sweep``, which
``run_sweeper`` calls every ``sweep_interval(idle_seconds)``. A retired session is
never closed under a call in flight: it takes no new calls, and is closed once drained.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from langchain_mcp_adapters.sessions import Connection

from mcpclient.sessions import Clock, KeptSession

MAX_SWEEP_INTERVAL = 30.0
MIN_SWEEP_INTERVAL = 0.05


def sweep_interval(idle_seconds: float) -> float:
    """How often to sweep so that no session outlives ``idle_seconds`` by more than half."""
    return min(max(idle_seconds / 2, MIN_SWEEP_INTERVAL), MAX_SWEEP_INTERVAL)


@dataclass(frozen=True)
class Opening:
    """How to open a session: the connection, and when its credentials expire."""

    connection: Connection
    expires_at: float | None = None


class SessionPool:
    """Kept sessions by key, re-opened when stale or dead, the least recently used first out.

    A session whose token is about to expire is replaced for new calls and closed once
    its in-flight calls are done; so is one pushed out by ``max_sessions`` or idleness.
    """

    def __init__(
        self,
        *,
        idle_seconds: float = 60.0,
        max_sessions: int = 100,
        renew_margin: float = 30.0,
        clock: Clock = time.monotonic,
    ) -> None:
        if max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        self.idle_seconds = idle_seconds
        self.max_sessions = max_sessions
        self.renew_margin = renew_margin
        self.clock = clock
        # Least recently used first: `get` moves a key to the end.
        self._sessions: OrderedDict[Hashable, KeptSession] = OrderedDict()
        self._retired: list[KeptSession] = []
        self._closing: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._sessions

    @property
    def draining(self) -> int:
        """Retired sessions still waiting for their in-flight calls to finish."""
        return len(self._retired)

    def get(self, key: Hashable, name: str, opening: Callable[[], Opening]) -> KeptSession:
        """The live session for ``key``, opening one (in the background) if needed.

        Synchronous on purpose: concurrent callers for one key share one session.
        """
        now = self.clock()
        current = self._sessions.get(key)
        if current is not None and current.fresh(now, self.renew_margin):
            self._sessions.move_to_end(key)
            return current
        if current is not None:
            self._retire(key, current)
        plan = opening()
        session = KeptSession(name, plan.connection, expires_at=plan.expires_at, clock=self.clock)
        self._sessions[key] = session
        while len(self._sessions) > self.max_sessions:
            oldest, least_recent = next(iter(self._sessions.items()))
            self._retire(oldest, least_recent)
        return session

    def discard(self, key: Hashable, session: KeptSession) -> None:
        """Drop ``session`` (e.g. after its connection broke); the next call re-opens."""
        if self._sessions.get(key) is session:
            self._retire(key, session)

    def _retire(self, key: Hashable, session: KeptSession) -> None:
        if self._sessions.get(key) is session:
            del self._sessions[key]
        self._retired.append(session)
        self._close_idle_retired()

    def _close_idle_retired(self) -> None:
        keep = []
        for session in self._retired:
            if session.active_calls == 0:
                self._close_in_background(session)
            else:
                keep.append(session)
        self._retired = keep

    def _close_in_background(self, session: KeptSession) -> None:
        task = asyncio.create_task(session.close(), name=f"mcp-close:{session.name}")
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def sweep(self) -> None:
        """Close sessions idle for ``idle_seconds``, dead ones, and drained retired ones."""
        now = self.clock()
        for key, session in list(self._sessions.items()):
            idle = session.active_calls == 0 and now - session.last_used >= self.idle_seconds
            if idle or not session.alive:
                self._retire(key, session)
        self._close_idle_retired()

    async def run_sweeper(self, interval: float | None = None) -> None:
        """Sweep every ``interval`` seconds (derived from ``idle_seconds``) until cancelled."""
        every = sweep_interval(self.idle_seconds) if interval is None else interval
        while True:
            await asyncio.sleep(every)
            self.sweep()

    async def settle(self) -> None:
        """Wait for the closes started so far (in the background) to finish."""
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    async def close(self) -> None:
        """Close every session, waiting for the owner tasks to leave them."""
        sessions = [*self._sessions.values(), *self._retired]
        self._sessions.clear()
        self._retired.clear()
        await asyncio.gather(*(session.close() for session in sessions), return_exceptions=True)
        await self.settle()
