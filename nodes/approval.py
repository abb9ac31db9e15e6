"""Which tool calls need a person's approval, and how the request reads.

Deleting always needs approval, and so does any model step that would change more
than one existing task at once. Adding new tasks does not, up to the turn's task limit
(``nodes.task_limit``).

The request is LangChain's human-in-the-loop request (``HumanInTheLoopMiddleware``):
one ``action_requests`` entry (tool name, args, description) and one ``review_configs``
entry (the decisions allowed) per change, so clients built for it (agent-chat-ui,
useStream) draw and answer it; plus our own ``summary`` of them all and the
``changes`` (with the task's id and title) that our page, CLI and chat endpoint show.
The answer is read by ``nodes.decisions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from langchain_core.messages import BaseMessage, ToolCall, ToolMessage

from nodes.decisions import DECISION_TYPES, DecisionType

MUTATING_TOOLS = frozenset({"complete_task", "update_task", "delete_task"})
ALWAYS_CONFIRM = frozenset({"delete_task"})

REJECTED = "Not approved: the user rejected this change, so nothing was changed."

_VERBS = {"complete_task": "Complete", "update_task": "Update", "delete_task": "Delete"}


class Change(TypedDict):
    tool: str
    task_id: Any
    title: str | None
    args: dict[str, Any]
    description: str


class ActionRequest(TypedDict):
    name: str
    args: dict[str, Any]
    description: str


class ReviewConfig(TypedDict):
    action_name: str
    allowed_decisions: list[DecisionType]


class ApprovalRequest(TypedDict):
    action_requests: list[ActionRequest]
    review_configs: list[ReviewConfig]
    type: str
    summary: str
    changes: list[Change]


def declined(message: BaseMessage) -> bool:
    """True for the tool result of a call the person did not approve."""
    return (
        isinstance(message, ToolMessage)
        and message.status == "error"
        and message.text.startswith(REJECTED)
    )


def needs_approval(calls: Sequence[ToolCall]) -> bool:
    mutating = [c for c in calls if c["name"] in MUTATING_TOOLS]
    return any(c["name"] in ALWAYS_CONFIRM for c in mutating) or len(mutating) > 1


def _shown(value: Any, zone: ZoneInfo) -> str:
    """A value as the request shows it: a timestamp in the person's zone ('Sat 5 Dec 2026
    14:30', the date alone at the end of a day), anything else as its repr."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return repr(value)
        if moment.tzinfo is not None:
            local = moment.astimezone(zone)
            day = f"{local:%a} {local.day} {local:%b} {local.year}"
            return day if (local.hour, local.minute) == (23, 59) else f"{day} {local:%H:%M}"
    return repr(value)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def describe(call: ToolCall, title: str | None, timezone: str = "UTC") -> Change:
    """The change ``call`` makes, in words; dates in ``timezone`` (the person's)."""
    args = dict(call["args"])
    task_id = args.get("task_id")
    name = f"task {task_id}" + (f" '{title}'" if title else "")
    verb = _VERBS.get(call["name"], call["name"])
    if call["name"] == "update_task":
        zone = _zone(timezone)
        fields = ", ".join(f"{k} → {_shown(v, zone)}" for k, v in args.items() if k != "task_id")
        text = f"{verb} {name}: {fields}" if fields else f"{verb} {name}"
    else:
        text = f"{verb} {name}"
    return Change(tool=call["name"], task_id=task_id, title=title, args=args, description=text)


def approval_request(
    changes: list[Change],
    *,
    summary: str | None = None,
    allowed: Sequence[DecisionType] = DECISION_TYPES,
) -> ApprovalRequest:
    """The request for ``changes``, one action each (``allowed``: the decisions offered)."""
    return ApprovalRequest(
        action_requests=[
            ActionRequest(name=c["tool"], args=dict(c["args"]), description=c["description"])
            for c in changes
        ],
        review_configs=[
            ReviewConfig(action_name=c["tool"], allowed_decisions=list(allowed)) for c in changes
        ],
        type="approval",
        summary="; ".join(c["description"] for c in changes) if summary is None else summary,
        changes=changes,
    )
