"""The two ways a run answers over HTTP: its event stream, or its final output.

Both carry ``Location`` (where to rejoin) and ``Content-Location`` (the run) headers, as
the reference server sends them. The output of ``wait``/``join`` is streamed too: blank
lines keep a long wait alive (JSON parsers skip them), then the output follows.
``on_close`` is called once the answer's body is done (a stateless run's caller lets
go of its temporary thread then).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from sse_starlette import EventSourceResponse, ServerSentEvent

from api.runs.manager import RunManager
from api.sse import event_source, json_stream, server_sent
from runstore import RunRecord


def run_path(run: RunRecord) -> str:
    return f"/threads/{run.thread_id}/runs/{run.run_id}"


def event_stream(
    manager: RunManager,
    run: RunRecord,
    *,
    after: int = 0,
    modes: Sequence[str] | None = None,
    cancel_on_disconnect: bool = False,
    on_close: Callable[[], None] | None = None,
) -> EventSourceResponse:
    metrics = manager.metrics

    async def body() -> AsyncIterator[ServerSentEvent]:
        if metrics is not None:
            metrics.stream_opened()
        try:
            async for event in manager.events(run, after=after, modes=modes):
                yield server_sent(event)
        finally:
            if metrics is not None:
                metrics.stream_closed()
            if on_close is not None:
                on_close()

    async def cancel() -> None:
        await manager.cancel_quietly(run)

    return event_source(
        body(),
        heartbeat_seconds=manager.options.heartbeat_seconds,
        headers={"Location": f"{run_path(run)}/stream", "Content-Location": run_path(run)},
        on_disconnect=cancel if cancel_on_disconnect else None,
    )


def final_output(run: RunRecord) -> Any:
    """What ``wait`` and ``join`` answer: the output, or ``{"__error__": …}`` for a failure."""
    if run.status == "error":
        return {"__error__": run.error or {"error": "InternalError", "message": "The run failed."}}
    return run.output if run.output is not None else {}


def output_stream(
    manager: RunManager,
    run: RunRecord,
    *,
    cancel_on_disconnect: bool = False,
    on_close: Callable[[], None] | None = None,
) -> EventSourceResponse:
    async def body() -> AsyncIterator[bytes]:
        waiting = asyncio.ensure_future(manager.wait(run))
        try:
            while True:
                done, _ = await asyncio.wait({waiting}, timeout=manager.options.heartbeat_seconds)
                if done:
                    break
                yield b"\n"
            yield json.dumps(final_output(waiting.result()), ensure_ascii=False).encode()
        finally:
            waiting.cancel()
            if on_close is not None:
                on_close()

    async def cancel() -> None:
        await manager.cancel_quietly(run)

    return json_stream(
        body(),
        headers={"Location": f"{run_path(run)}/join", "Content-Location": run_path(run)},
        on_disconnect=cancel if cancel_on_disconnect else None,
    )
