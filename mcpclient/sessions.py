"""Kept MCP client sessions, each owned by one long-lived asyncio task.

anyio cancel scopes (inside the transports and ``ClientSession``) must be exited by the
task that entered them, so a session is opened, held and closed by its own task; other
tasks only send requests through ``session.call_tool`` (the session is a pair of memory
streams, safe to use from any task of the loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import anyio
from langchain_mcp_adapters.sessions import Connection, create_session
from mcp import ClientSession
from mcp.shared.exceptions import McpError
from mcp.types import CONNECTION_CLOSED, CallToolResult

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
_T = TypeVar("_T")


class SessionUnavailableError(Exception):
    """The session could not be opened, or its connection broke; the message says why."""


def describe_exception(exc: BaseException) -> str:
    """A one-line reason, looking inside anyio's exception groups for the first cause."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _retrieve(task: asyncio.Future[Any]) -> None:
    # Mark the outcome of an abandoned request as seen, so asyncio does not log it.
    if not task.cancelled():
        task.exception()


_BROKEN_CONNECTION = (
    anyio.ClosedResourceError,
    anyio.BrokenResourceError,
    anyio.EndOfStream,
    OSError,
)


class KeptSession:
    """One initialised ``ClientSession``, opened and closed by its own task."""

    def __init__(
        self,
        name: str,
        connection: Connection,
        *,
        expires_at: float | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.name = name
        self.expires_at = expires_at
        self._connection = connection
        self._clock = clock
        self.last_used = clock()
        self.active_calls = 0
        self._broken = False
        self._end_reason = "the connection to the server ended"
        self._ready: asyncio.Future[ClientSession] = asyncio.get_running_loop().create_future()
        self._stop = asyncio.Event()
        # A fresh context: the session outlives the call that opened it and must not keep
        # that caller's context variables (its user, its graph run's config) alive.
        self._owner = asyncio.create_task(
            self._own(), name=f"mcp-session:{name}", context=contextvars.Context()
        )

    async def _own(self) -> None:
        try:
            async with create_session(self._connection) as session:
                await session.initialize()
                self._ready.set_result(session)
                await self._stop.wait()
        except BaseException as exc:
            self._end_reason = describe_exception(exc)
            if not self._ready.done():
                self._ready.set_exception(SessionUnavailableError(describe_exception(exc)))
                self._ready.exception()  # retrieved: callers get it from `call`
            if not isinstance(exc, asyncio.CancelledError):
                logger.warning("MCP session %s ended: %s", self.name, describe_exception(exc))
            if not isinstance(exc, Exception):
                raise
        finally:
            self._broken = True

    @property
    def alive(self) -> bool:
        return not self._broken and not self._owner.done()

    def fresh(self, now: float, renew_margin: float) -> bool:
        """Usable for a new call: alive, and its token not about to expire."""
        return self.alive and (self.expires_at is None or now < self.expires_at - renew_margin)

    async def call(
        self, tool: str, arguments: dict[str, Any], *, meta: dict[str, Any] | None = None
    ) -> CallToolResult:
        """Call ``tool``; raises ``SessionUnavailableError`` if the connection is or goes down.

        The caller bounds the time (``asyncio.timeout``); a session that dies while the
        call waits ends the wait at once instead of leaving it to the timeout.
        """
        self.active_calls += 1
        try:
            session = await self._session()
            return await self._unless_owner_ends(session.call_tool(tool, arguments, meta=meta))
        except McpError as exc:
            if exc.error.code == CONNECTION_CLOSED:
                self._broken = True
                raise SessionUnavailableError("the connection closed") from exc
            raise
        except _BROKEN_CONNECTION as exc:
            self._broken = True
            reason = "the connection closed" if isinstance(exc, anyio.ClosedResourceError) else None
            raise SessionUnavailableError(reason or describe_exception(exc)) from exc
        finally:
            self.active_calls -= 1
            self.last_used = self._clock()

    async def _session(self) -> ClientSession:
        # asyncio.wait never cancels what it waits for: `_ready` stays shared.
        either: set[asyncio.Future[Any]] = {self._ready, self._owner}
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        if self._ready.done():
            return self._ready.result()
        raise SessionUnavailableError(self._end_reason)

    async def _unless_owner_ends(self, request: Coroutine[Any, Any, _T]) -> _T:
        work = asyncio.ensure_future(request)
        work.add_done_callback(_retrieve)
        try:
            done, _ = await asyncio.wait({work, self._owner}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # the caller's deadline, or the caller was cancelled
            work.cancel()
            raise
        if work in done:
            return work.result()
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await work
        self._broken = True
        raise SessionUnavailableError(self._end_reason)

    async def close(self, grace: float = 5.0) -> None:
        """Ask the owner task to leave the session, cancelling it after ``grace`` seconds."""
        self._stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._owner), grace)
        except TimeoutError:
            self._owner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._owner
        except (asyncio.CancelledError, Exception):
            if not self._owner.done():
                raise
