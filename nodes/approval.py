"""Which tool calls need a person's approval, and how the request reads.

Deleting always needs approval, and so does any model step that would change more
than one existing task at once. Adding new tasks does not, up to the turn's task limit
(``nodes.task_limit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from langchain_core.messages import ToolCall

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


class ApprovalRequest(TypedDict):
    type: str
    summary: str
    changes: list[Change]


def needs_approval(calls: Sequence[ToolCall]) -> bool:
    mutating = [c for c in calls if c["name"] in MUTATING_TOOLS]
    return any(c["name"] in ALWAYS_CONFIRM for c in mutating) or len(mutating) > 1


def describe(call: ToolCall, title: str | None) -> Change:
    args = dict(call["args"])
    task_id = args.get("task_id")
    name = f"task {task_id}" + (f" '{title}'" if title else "")
    verb = _VERBS.get(call["name"], call["name"])
    if call["name"] == "update_task":
        fields = ", ".join(f"{k} → {v!r}" for k, v in args.items() if k != "task_id")
        text = f"{verb} {name}: {fields}" if fields else f"{verb} {name}"
    else:
        text = f"{verb} {name}"
    return Change(tool=call["name"], task_id=task_id, title=title, args=args, description=text)


def approval_request(changes: list[Change]) -> ApprovalRequest:
    summary = "; ".join(c["description"] for c in changes)
    return ApprovalRequest(type="approval", summary=summary, changes=changes)


def is_approved(answer: Any) -> bool:
    """Only an explicit ``{"approved": true}`` (or ``True``) approves."""
    if isinstance(answer, dict):
        return answer.get("approved") is True
    return answer is True
