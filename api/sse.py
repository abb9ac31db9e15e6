"""Server-sent events, framed and watched by sse-starlette.

``event_source`` answers ``text/event-stream``: a run event goes out as ``id:``,
``event:`` and one ``data:`` line of compact JSON with CRLF line ends (what the LangGraph
SDKs parse; the id is what a client sends back as ``Last-Event-ID``), and every
``heartbeat`` seconds a ``: heartbeat`` comment keeps proxies from closing a quiet
stream (the SDKs skip comments). ``json_stream`` sends a JSON body the same way, with no
framing and no pings. sse-starlette sets ``Cache-Control: no-store`` and
``X-Accel-Buffering: no``, and listens for the client going away while it streams:
``on_disconnect`` then runs (shielded), so a run started with ``on_disconnect="cancel"``
is cancelled at once rather than at the next write.

sse-starlette would also end every open stream in the process as soon as the server is
told to stop (it patches uvicorn's exit handler): the run streams, and the embedded task
server's MCP responses with them, so tool calls of a finishing run would fail. The chat
server turns that off (``streams_end_with_their_runs``): a run stream ends when its run
has ended, and on shutdown the run manager ends the runs first (``RunManager.drain``),
so each stream closes with its terminal event. uvicorn's graceful-shutdown timeout still
bounds what is left.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

import anyio
from sse_starlette import EventSourceResponse, ServerSentEvent
from sse_starlette.sse import AppStatus
from starlette.types import Message

from runstore import RunEvent

OnDisconnect = Callable[[], Awaitable[None]]
CloseHandler = Callable[[Message], Awaitable[None]]


def streams_end_with_their_runs() -> None:
    """Turn off sse-starlette's cutting of every stream at the exit signal (process-wide)."""
    AppStatus.enable_automatic_graceful_drain = False  # disable_automatic_graceful_drain()


def server_sent(event: RunEvent) -> ServerSentEvent:
    """One run event; its data is compact JSON, so one ``data:`` line."""
    return ServerSentEvent(data=event.data, event=event.event, id=str(event.seq))


def heartbeat() -> ServerSentEvent:
    return ServerSentEvent(comment="heartbeat")


def _shielded(on_disconnect: OnDisconnect | None) -> CloseHandler | None:
    if on_disconnect is None:
        return None

    async def handle(_: Message) -> None:
        # The stream's task group is torn down around this call: let it finish.
        with anyio.CancelScope(shield=True):
            await on_disconnect()

    return handle


def event_source(
    events: AsyncIterator[ServerSentEvent],
    *,
    heartbeat_seconds: float,
    headers: Mapping[str, str] | None = None,
    on_disconnect: OnDisconnect | None = None,
) -> EventSourceResponse:
    return EventSourceResponse(
        events,
        headers=headers,
        ping=heartbeat_seconds,
        ping_message_factory=heartbeat,
        client_close_handler_callable=_shielded(on_disconnect),
    )


def json_stream(
    body: AsyncIterator[bytes],
    *,
    headers: Mapping[str, str] | None = None,
    on_disconnect: OnDisconnect | None = None,
) -> EventSourceResponse:
    """A streamed ``application/json`` body (bytes go out as they are) with a watched client."""
    return EventSourceResponse(
        body,
        headers=headers,
        media_type="application/json",
        ping=0,
        client_close_handler_callable=_shielded(on_disconnect),
    )


def framed_stream(
    body: AsyncIterator[bytes],
    *,
    heartbeat_seconds: float,
    on_disconnect: OnDisconnect | None = None,
) -> EventSourceResponse:
    """``text/event-stream`` of events a library frames itself (bytes go out as they are),
    with the heartbeat comments and the watched client of every stream here."""
    return EventSourceResponse(
        body,
        ping=heartbeat_seconds,
        ping_message_factory=heartbeat,
        client_close_handler_callable=_shielded(on_disconnect),
    )
