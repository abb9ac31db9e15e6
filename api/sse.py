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

sse-starlette also ends open streams as soon as the server is told to stop (it patches
uvicorn's exit handler); a client then rejoins with ``Last-Event-ID``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

import anyio
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.types import Message

from runstore import RunEvent

OnDisconnect = Callable[[], Awaitable[None]]
CloseHandler = Callable[[Message], Awaitable[None]]


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
