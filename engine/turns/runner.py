"""Running a turn: the graph input, the stream, the approvals, and what the turn did.

``stream_turn`` is the one way a turn's graph is streamed, by the CLI and the evaluation
(through ``run_turn``) and by the server's run executor, which adds its own stream
modes and options and turns the chunks into Agent Protocol events. It holds the turn to
its deadline (``Turn.timeout_seconds``: the graph is stopped and ``TurnTimeoutError`` raised
when it passes) and opens the turn's model budget (``nodes.budget``), so a model that
fails once is not waited for again in the same turn. Waiting for a person's approval is
not part of a turn: a resume is a turn of its own. Once a turn's stream ended, the
checkpointer's retention policy is applied to its thread (``persistence.retention``).

Each step's checkpoint is written before the next step starts (``durability="sync"``
unless the caller asks otherwise): a tool call's idempotency key is derived from the
checkpoint its step started from (``nodes.effects``), so that checkpoint must exist
before the call's change does. A turn whose process died is finished by
``resume_turn``: the same turn (the same run id) and payload, from its last checkpoint.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import StreamMode

from engine.turns.approvals import Answer, Approval, answer_for, approval_of, resume
from engine.turns.config import Turn, session_turn, thread_config, turn_config
from engine.turns.summary import TurnResult, summarize
from graphs.state import Context
from nodes.budget import turn_budget
from persistence.retention import retain_turns

Graph = CompiledStateGraph[Any, Any, Any, Any]
Approver = Callable[[Approval], Awaitable[Answer]]
EventSink = Callable[[str, tuple[str, ...], Any], Awaitable[None]]
STREAM_MODES: list[StreamMode] = ["updates", "messages", "custom"]


class TurnTimeoutError(TimeoutError):
    """The turn did not end within its ``timeout_seconds``; the graph was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the turn took longer than {seconds:g} s and was stopped")
        self.seconds = seconds


def user_input(text: str) -> dict[str, Any]:
    """The graph input of a user's message (JSON, so it can be stored with a run too)."""
    return {"messages": [{"role": "user", "content": text}]}


def stream_turn(
    graph: Graph,
    turn: Turn,
    payload: Any,
    *,
    stream_mode: list[StreamMode],
    events: bool = False,
    **options: Any,
) -> AsyncIterator[Any]:
    """``(namespace, mode, chunk)`` of the turn, subgraphs included (close it when done).

    With ``events`` the turn runs under ``astream_events(version="v2")`` (costlier) and
    every callback event but the graph's own stream chunks also comes, as
    ``((), "events", event)``.
    """
    if isinstance(graph.checkpointer, BaseCheckpointSaver):  # (LangGraph needs one for sync)
        options.setdefault("durability", "sync")
    if events:
        stream = _with_events(graph, turn, payload, stream_mode, options)
        return _retained(_bounded(stream, turn), graph, turn)
    stream = graph.astream(
        payload,
        turn_config(turn),
        context=turn.context,
        stream_mode=stream_mode,
        subgraphs=True,
        **options,
    )
    return _retained(_bounded(stream, turn), graph, turn)


async def _retained(stream: AsyncIterator[Any], graph: Graph, turn: Turn) -> AsyncIterator[Any]:
    """``stream``, then the checkpoint retention policy applied to the thread once it ended."""
    try:
        async for item in stream:
            yield item
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
    await retain_turns(graph.checkpointer, turn.thread_id)


async def _bounded(stream: AsyncIterator[Any], turn: Turn) -> AsyncIterator[Any]:
    """``stream`` within the turn's deadline and model budget.

    Only the wait for the graph's next chunk is under the deadline (what the caller does
    with a chunk is never interrupted); past the deadline the graph is cancelled.
    """
    with turn_budget(turn.timeout_seconds) as budget:
        try:
            while True:
                try:
                    async with asyncio.timeout_at(budget.deadline):
                        item = await anext(stream)
                except StopAsyncIteration:
                    return
                except TimeoutError as error:
                    if turn.timeout_seconds is not None and budget.expired():
                        raise TurnTimeoutError(turn.timeout_seconds) from error
                    raise
                yield item
        finally:
            await stream.aclose()  # type: ignore[attr-defined]


def resume_turn(
    graph: Graph, turn: Turn, payload: Any, *, stream_mode: list[StreamMode], **options: Any
) -> AsyncIterator[Any]:
    """Finish ``turn`` after the process running it died, from its last checkpoint.

    Give the same turn (its ``run_id`` above all) and payload as the first attempt.
    LangGraph takes a run whose last checkpoint carries the same run id as re-entered:
    it ignores the input and goes on from that checkpoint (a turn that never reached one
    starts afresh). Changes the first attempt made are not made again: each tool call
    carries the same idempotency key and gets its recorded result back, and an approval
    it had acted on keeps its answer (``nodes.answers``).
    """
    if turn.run_id is None:
        raise ValueError("only a turn with a run id can be resumed")
    return stream_turn(graph, turn, payload, stream_mode=stream_mode, **options)


async def _with_events(
    graph: Graph, turn: Turn, payload: Any, modes: list[StreamMode], options: dict[str, Any]
) -> AsyncIterator[Any]:
    stream = graph.astream_events(
        payload,
        turn_config(turn),
        version="v2",
        context=turn.context,
        stream_mode=modes,
        subgraphs=True,
        **options,
    )
    try:
        async for event in stream:
            if "langsmith:hidden" in (event.get("tags") or ()):
                continue
            if event["event"] == "on_chain_stream" and not event.get("parent_ids"):
                yield tuple(event["data"]["chunk"])  # the graph's own (namespace, mode, chunk)
            else:
                yield (), "events", event
    finally:
        await stream.aclose()  # type: ignore[attr-defined]


async def run_turn(
    graph: Graph,
    context: Context,
    message: str,
    *,
    approver: Approver | None = None,
    on_event: EventSink | None = None,
    timeout_seconds: float | None = None,
) -> TurnResult:
    """Send ``message`` in the session; approvals go to ``approver`` (None: leave pending).

    ``timeout_seconds``: how long each stretch of the turn (before and after an approval)
    may take; ``TurnTimeoutError`` past it.
    """
    turn = replace(session_turn(context, graph.name), timeout_seconds=timeout_seconds)
    payload: Any = user_input(message)
    approvals: list[Approval] = []
    while True:
        async for namespace, mode, chunk in stream_turn(
            graph, turn, payload, stream_mode=STREAM_MODES
        ):
            if on_event is not None:
                await on_event(str(mode), tuple(namespace), chunk)
        state = await graph.aget_state(thread_config(turn.thread_id))
        asked = [approval_of(i) for i in state.interrupts]
        approvals += asked
        if not asked or approver is None:
            return summarize(state.values, state.interrupts, approvals)
        payload = resume({a["id"]: answer_for(a, await approver(a)) for a in asked})
