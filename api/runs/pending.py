"""The thread's state as clients read it while a turn waits for approval.

The model's tool-calling message that an approval is about lives in the workflow
subgraph's state until the turn goes on, so the root ``messages`` end with the person's
request. Clients built for LangChain's agents (agent-chat-ui, useStream) draw the
approval on the last AI message of the root ``messages``; while an interrupt waits, the
states, threads and history served here end with that message too. It is only shown,
never written: once the turn finishes the workflow hands its messages back by id, so
the message is in the thread once.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage
from langgraph.types import StateSnapshot

from api.runs.manager import RunManager
from runstore import ThreadRecord


def pending_calls(state: StateSnapshot) -> list[AIMessage]:
    """The tool-calling messages the interrupted subgraphs (the deepest ones) wait on."""
    found: list[AIMessage] = []
    for task in state.tasks:
        inner = task.state
        if not isinstance(inner, StateSnapshot) or not inner.interrupts:
            continue
        deeper = pending_calls(inner)
        if deeper:
            found += deeper
            continue
        messages = (inner.values or {}).get("messages") or []
        last = messages[-1] if messages else None
        if isinstance(last, AIMessage) and last.tool_calls:
            found.append(last)
    return found


def with_pending(state: StateSnapshot, full: StateSnapshot) -> StateSnapshot:
    """``state`` whose ``messages`` end with what ``full`` (with subgraphs) waits on."""
    values: dict[str, Any] = dict(state.values or {})
    messages = list(values.get("messages") or [])
    known = {m.id for m in messages}
    extra = [m for m in pending_calls(full) if m.id not in known]
    if not extra:
        return state
    return state._replace(values={**values, "messages": [*messages, *extra]})


def _id(state: StateSnapshot) -> Any:
    return (state.config or {}).get("configurable", {}).get("checkpoint_id")


async def shown_state(
    runs: RunManager, thread: ThreadRecord, *, subgraphs: bool = False
) -> StateSnapshot:
    """The thread's current state, the message an approval is about included."""
    state = await runs.state(thread, subgraphs=subgraphs)
    if not state.interrupts:
        return state
    full = state if subgraphs else await runs.state(thread, subgraphs=True)
    return with_pending(state, full) if _id(full) == _id(state) else state


async def shown_history(
    runs: RunManager, thread: ThreadRecord, states: list[StateSnapshot]
) -> list[StateSnapshot]:
    """``states`` (newest first) with the current one shown as ``shown_state`` shows it."""
    if not states or not states[0].interrupts:
        return states
    full = await runs.state(thread, subgraphs=True)
    if _id(full) != _id(states[0]):
        return states
    return [with_pending(states[0], full), *states[1:]]
