"""What a turn did, read from the thread's state: workflow, reply, tool calls, approvals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.types import Interrupt

from chatmodels.messages import is_user_request
from engine.turns.approvals import QUESTION, Approval, approval_of
from graphs.state import Fallback, ToolCallRecord


@dataclass
class TurnResult:
    workflow: str | None
    reply: str
    """The assistant's answer; while an approval waits, the question it asks."""
    tool_calls: list[ToolCallRecord]
    fallbacks: list[Fallback]
    approvals: list[Approval] = field(default_factory=list)
    """Every approval this turn asked for, answered or not."""
    pending_approval: Approval | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def fallback_note(self) -> str | None:
        """One line saying the offline model answered instead, and why (None: it did not)."""
        return fallback_note(self.fallbacks)


def fallback_note(fallbacks: Sequence[Fallback]) -> str | None:
    if not fallbacks:
        return None
    errors = ", ".join(dict.fromkeys(f["error"] for f in fallbacks))
    return f"The offline model answered: the configured model failed ({errors})."


def summarize(
    values: Mapping[str, Any], interrupts: Sequence[Interrupt], approvals: Sequence[Approval] = ()
) -> TurnResult:
    """The turn as the thread's state has it after the turn (``interrupts``: what waits)."""
    pending = approval_of(interrupts[0]) if interrupts else None
    reply = last_reply(values.get("messages") or [])
    return TurnResult(
        workflow=values.get("workflow"),
        reply=QUESTION.format(summary=pending["summary"]) if pending else reply,
        tool_calls=list(values.get("tool_calls") or []),
        fallbacks=list(values.get("fallbacks") or []),
        approvals=list(approvals),
        pending_approval=pending,
    )


def last_reply(messages: Sequence[Any]) -> str:
    """The assistant's last answer of this turn (not a tool-calling step, not the validator)."""
    for message in reversed(messages):
        if isinstance(message, AIMessage) and not message.tool_calls:
            return message.text
        if is_user_request(message):
            break
    return ""
