"""One conversational turn: stream the graph, answer approvals, report what happened."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, StreamMode

from chatmodels.messages import is_user_request
from graphs.state import Context, Fallback, ToolCallRecord

Approver = Callable[[dict[str, Any]], Awaitable[bool]]
EventSink = Callable[[str, tuple[str, ...], Any], Awaitable[None]]
STREAM_MODES: list[StreamMode] = ["updates", "messages", "custom"]


@dataclass
class TurnResult:
    workflow: str | None
    reply: str
    tool_calls: list[ToolCallRecord]
    fallbacks: list[Fallback]
    approvals: list[dict[str, Any]] = field(default_factory=list)
    pending_approval: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "workflow": self.workflow,
            "reply": self.reply,
            "tool_calls": self.tool_calls,
            "fallbacks": self.fallbacks,
            "approvals": self.approvals,
            "pending_approval": self.pending_approval,
        }


def thread_id(user_id: str, session_id: str) -> str:
    """A thread key derived on the server side: one user's session never names another's."""
    digest = hashlib.sha256(f"{user_id}\x00{session_id}".encode()).hexdigest()[:32]
    return f"session-{digest}"


def user_hash(user_id: str) -> str:
    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


def run_config(user_id: str, session_id: str) -> RunnableConfig:
    return RunnableConfig(
        configurable={"thread_id": thread_id(user_id, session_id)},
        metadata={"session_id": session_id, "user_hash": user_hash(user_id)},
        tags=["todo-orchestrator"],
        run_name="orchestrator",
    )


def last_reply(messages: Sequence[Any]) -> str:
    """The assistant's last answer of this turn (not a tool-calling step, not the validator)."""
    for message in reversed(messages):
        if isinstance(message, AIMessage) and not message.tool_calls:
            return message.text
        if is_user_request(message):
            break
    return ""


async def run_turn(
    graph: CompiledStateGraph[Any, Any, Any, Any],
    context: Context,
    message: str,
    *,
    approver: Approver | None = None,
    on_event: EventSink | None = None,
) -> TurnResult:
    """Send ``message`` in the session; approvals go to ``approver`` (None: leave pending)."""
    config = run_config(context.user_id, context.session_id or "default")
    payload: Any = {"messages": [HumanMessage(content=message)]}
    approvals: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    while True:
        async for namespace, mode, chunk in graph.astream(
            payload, config, context=context, stream_mode=STREAM_MODES, subgraphs=True
        ):
            if on_event is not None:
                await on_event(str(mode), tuple(namespace), chunk)
        state = await graph.aget_state(config)
        interrupts = list(state.interrupts)
        if not interrupts:
            break
        approvals.extend(i.value for i in interrupts)
        if approver is None:
            pending = interrupts[0].value
            break
        answers = {i.id: {"approved": await approver(i.value)} for i in interrupts}
        payload = Command(resume=answers)
    values = state.values
    return TurnResult(
        workflow=values.get("workflow"),
        reply="" if pending else last_reply(values.get("messages", [])),
        tool_calls=list(values.get("tool_calls") or []),
        fallbacks=list(values.get("fallbacks") or []),
        approvals=approvals,
        pending_approval=pending,
    )


def now_or_none(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
