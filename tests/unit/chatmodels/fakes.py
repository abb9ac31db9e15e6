"""A fake task store with the task server's tool names, arguments and JSON result shapes,
and a tiny agent loop that runs a bound model against it until it answers in text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool

from chatmodels.contract import Role
from graphs.state import Context
from nodes.llm import system
from tests.support.openai_compat.contract import TEMPLATES

Priority = Literal["low", "medium", "high"]
Recurrence = str  # daily, weekly, monthly or an RFC 5545 RRULE


NOW = "2026-11-24T09:00:00+00:00"


def system_prompt(role: Role, *, now: str = NOW, tz: str = "UTC", **inputs: str) -> SystemMessage:
    """The system message the node of ``role`` sends: prose and prompt contract."""
    template = TEMPLATES[role]
    context = Context(now=datetime.fromisoformat(now), timezone=tz)
    return system(role, template, context if "{clock}" in template else None, **inputs)


@dataclass
class FakeTasks:
    """In-memory tasks; every method returns the JSON text the real tool returns."""

    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_id: int = 1
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    approvals: int = 0  # steps that asked the human to approve a destructive call
    _tools: list[BaseTool] = field(default_factory=list, repr=False)

    def seed(self, title: str, **fields: Any) -> int:
        task: dict[str, Any] = {"id": self.next_id, "title": title, "completed": False}
        task["priority"] = "medium"
        task |= {"tags": [], "due": None, "recurrence": None, "parent_id": None, "description": ""}
        task |= fields
        self.tasks[self.next_id] = task
        self.next_id += 1
        return self.next_id - 1

    def _missing(self, task_id: int) -> str | None:
        return None if task_id in self.tasks else f"Error: Task {task_id} not found."

    def add_task(
        self,
        title: str,
        description: str = "",
        priority: Priority = "medium",
        tags: list[str] | None = None,
        due: str | None = None,
        recurrence: Recurrence | None = None,
        parent_id: int | None = None,
    ) -> str:
        """Create a task."""
        self.calls.append(("add_task", {"title": title, "due": due, "tags": tags}))
        new_id = self.seed(
            title, description=description, priority=priority, tags=tags or [], due=due,
            recurrence=recurrence, parent_id=parent_id,
        )  # fmt: skip
        task = self.tasks[new_id]
        return json.dumps({"task_id": new_id, "status": "created", "title": title, "task": task})

    def list_tasks(
        self,
        status: Literal["all", "pending", "completed"] = "all",
        priority: Priority | None = None,
        tag: str | None = None,
        search: str | None = None,
        due_before: str | None = None,
        due_after: str | None = None,
        sort_by: Literal["due", "priority", "created", "title"] = "created",
        limit: int | None = None,
    ) -> str:
        """List tasks."""
        self.calls.append(("list_tasks", {"status": status, "search": search}))
        out = []
        for t in self.tasks.values():
            if (status == "pending" and t["completed"]) or (
                status == "completed" and not t["completed"]
            ):
                continue
            if (priority and t["priority"] != priority) or (tag and tag not in t["tags"]):
                continue
            if search and search.lower() not in f"{t['title']} {t['description']}".lower():
                continue
            due = datetime.fromisoformat(t["due"]) if t["due"] else None
            if due_before and (due is None or due >= datetime.fromisoformat(due_before)):
                continue
            if due_after and (due is None or due < datetime.fromisoformat(due_after)):
                continue
            out.append(t)
        return json.dumps(out[:limit] if limit else out)

    def get_task(self, task_id: int) -> str:
        """Get a task."""
        self.calls.append(("get_task", {"task_id": task_id}))
        return self._missing(task_id) or json.dumps(self.tasks[task_id])

    def complete_task(self, task_id: int) -> str:
        """Complete a task."""
        self.calls.append(("complete_task", {"task_id": task_id}))
        if error := self._missing(task_id):
            return error
        task = self.tasks[task_id]
        task["completed"] = True
        following = None
        if task["recurrence"] and task["due"]:
            step = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}.get(
                task["recurrence"], relativedelta(months=1)
            )
            due = (datetime.fromisoformat(task["due"]) + step).isoformat()
            fields = {k: task[k] for k in ("priority", "tags", "recurrence", "description")}
            following = self.tasks[self.seed(task["title"], due=due, **fields)]
        payload = {"task_id": task_id, "status": "completed", "title": task["title"]}
        return json.dumps(payload | {"next_occurrence": following})

    def delete_task(self, task_id: int) -> str:
        """Delete a task."""
        self.calls.append(("delete_task", {"task_id": task_id}))
        if error := self._missing(task_id):
            return error
        task = self.tasks.pop(task_id)
        children = [i for i, t in self.tasks.items() if t["parent_id"] == task_id]
        for child in children:
            self.tasks.pop(child)
        payload = {"task_id": task_id, "status": "deleted", "title": task["title"]}
        return json.dumps(payload | {"deleted_subtasks": len(children)})

    def update_task(
        self,
        task_id: int,
        title: str | None = None,
        description: str | None = None,
        priority: Priority | None = None,
        tags: list[str] | None = None,
        due: str | None = None,
        recurrence: Literal["daily", "weekly", "monthly", "none"] | None = None,
        completed: bool | None = None,
        parent_id: int | None = None,
    ) -> str:
        """Update a task ('none' clears due or recurrence; completed=false reopens)."""
        changes: dict[str, Any] = {"title": title, "description": description, "priority": priority}
        changes |= {"tags": tags, "due": due, "recurrence": recurrence}
        changes |= {"completed": completed, "parent_id": parent_id}
        changes = {k: v for k, v in changes.items() if v is not None}
        changes |= {k: None for k in ("due", "recurrence") if changes.get(k) == "none"}
        self.calls.append(("update_task", {"task_id": task_id, **changes}))
        if error := self._missing(task_id):
            return error
        task = self.tasks[task_id]
        task.update(changes)
        return json.dumps(
            {"task_id": task_id, "status": "updated", "title": task["title"], "task": task}
        )

    def tools(self) -> list[BaseTool]:
        if not self._tools:
            names = ["add_task", "list_tasks", "get_task", "complete_task", "delete_task"]
            names.append("update_task")
            self._tools = [
                StructuredTool.from_function(func=getattr(self, n), name=n) for n in names
            ]
        return self._tools

    def call_names(self) -> list[str]:
        return [name for name, _ in self.calls]


DESTRUCTIVE = {"delete_task"}


async def run_agent(
    model: BaseChatModel,
    store: FakeTasks,
    messages: list[BaseMessage],
    *,
    approve: bool = True,
    max_steps: int = 10,
) -> tuple[str, list[BaseMessage]]:
    """Drive the model step by step, executing its tool calls, until it replies in text."""
    bound = model.bind_tools(store.tools())
    for _ in range(max_steps):
        reply = await bound.ainvoke(messages)
        assert isinstance(reply, AIMessage)
        messages = [*messages, reply]
        if not reply.tool_calls:
            return str(reply.content), messages
        if any(call["name"] in DESTRUCTIVE for call in reply.tool_calls):
            store.approvals += 1
        for call in reply.tool_calls:
            if call["name"] in DESTRUCTIVE and not approve:
                content = "The user rejected this action; it was not run."
            else:
                content = getattr(store, call["name"])(**call["args"])
            messages.append(
                ToolMessage(content=content, tool_call_id=call["id"] or "", name=call["name"])
            )
    raise AssertionError("the model never gave a final reply")


def specialist_messages(
    request: str, *, now: str = "2026-11-24T09:00:00+00:00", tz: str = "UTC"
) -> list[BaseMessage]:
    return [system_prompt("specialist", now=now, tz=tz), HumanMessage(request)]
