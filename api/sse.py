"""Server-sent events: the wire format, and a streaming response that watches the client.

Events go out as the reference server writes them (``event:``, ``data:`` one JSON line,
``id:``, CRLF line ends); quiet streams get ``: heartbeat`` comment lines. The response
listens for the client going away while it streams, so a run started with
``on_disconnect="cancel"`` is cancelled at once rather than at the next write.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Protocol

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

HEARTBEAT = b": heartbeat\r\n\r\n"
NO_STORE = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

OnDisconnect = Callable[[], Awaitable[None]]


class StreamMetrics(Protocol):
    def stream_opened(self) -> None: ...
    def stream_closed(self) -> None: ...


def _field(value: str) -> str:
    return value.replace("\r", "").replace("\n", "")


def format_event(event: str, data: str, event_id: int | str | None = None) -> bytes:
    """One SSE event; ``data`` must be a single line (compact JSON is)."""
    lines = f"event: {_field(event)}\r\ndata: {data}\r\n"
    if event_id is not None:
        lines += f"id: {_field(str(event_id))}\r\n"
    return (lines + "\r\n").encode()


class WatchedStreamingResponse(Response):
    """Streams ``body``; ``on_disconnect`` runs (shielded) if the client leaves first."""

    def __init__(
        self,
        body: AsyncIterator[bytes],
        *,
        media_type: str,
        headers: Mapping[str, str] | None = None,
        on_disconnect: OnDisconnect | None = None,
        metrics: StreamMetrics | None = None,
    ) -> None:
        self.status_code = 200
        self.media_type = media_type
        self.background = None
        self.init_headers({**NO_STORE, **(headers or {})})
        self.body_iterator = body
        self.on_disconnect = on_disconnect
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        disconnected = False

        async def stream() -> None:
            nonlocal disconnected
            start = {"type": "http.response.start", "status": self.status_code}
            await send({**start, "headers": self.raw_headers})
            try:
                async for chunk in self.body_iterator:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            except OSError:  # the connection went away under a write
                disconnected = True
            tasks.cancel_scope.cancel()

        async def watch() -> None:
            nonlocal disconnected
            while (await receive())["type"] != "http.disconnect":
                pass
            disconnected = True
            tasks.cancel_scope.cancel()

        if self.metrics is not None:
            self.metrics.stream_opened()
        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(stream)
                tasks.start_soon(watch)
        finally:
            if self.metrics is not None:
                self.metrics.stream_closed()
            aclose = getattr(self.body_iterator, "aclose", None)
            if aclose is not None:
                with anyio.CancelScope(shield=True):
                    await aclose()
        if disconnected and self.on_disconnect is not None:
            with anyio.CancelScope(shield=True):
                await self.on_disconnect()


class EventStreamResponse(WatchedStreamingResponse):
    """``text/event-stream`` with a watched client."""

    def __init__(
        self,
        body: AsyncIterator[bytes],
        *,
        headers: Mapping[str, str] | None = None,
        on_disconnect: OnDisconnect | None = None,
        metrics: StreamMetrics | None = None,
    ) -> None:
        super().__init__(
            body,
            media_type="text/event-stream",
            headers=headers,
            on_disconnect=on_disconnect,
            metrics=metrics,
        )
