"""A finished turn in a few fields, for the chat endpoint: reply, tool calls, approval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langgraph.types import Interrupt

from engine.turns import last_reply

APPROVAL_QUESTION = "This needs your approval: {summary}. Approve or reject?"


@dataclass(frozen=True)
class TurnSummary:
    workflow: str | None
    reply: str
    tool_calls: list[dict[str, Any]]
    pending_approval: dict[str, Any] | None


def summarize(values: dict[str, Any], interrupts: Sequence[Interrupt]) -> TurnSummary:
    pending = None
    if interrupts:
        first = interrupts[0]
        value = first.value if isinstance(first.value, dict) else {"summary": str(first.value)}
        pending = {
            "id": first.id,
            "summary": value.get("summary", ""),
            "changes": value.get("changes", []),
        }
    calls = [
        {"name": call.get("name"), "args": call.get("args", {}), "ok": bool(call.get("ok"))}
        for call in values.get("tool_calls") or []
    ]
    reply = last_reply(values.get("messages") or [])
    if pending is not None:
        reply = APPROVAL_QUESTION.format(summary=pending["summary"])
    return TurnSummary(
        workflow=values.get("workflow"), reply=reply, tool_calls=calls, pending_approval=pending
    )
