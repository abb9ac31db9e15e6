"""In-memory task tools with the task MCP server's names and result shapes (unit tests only)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException


@dataclass
class MemoryTasks:
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_id: int = 1
    calls: list[str] = field(default_factory=list)

    def _get(self, task_id: int) -> dict[str, Any]:
        if task_id not in self.tasks:
            raise ToolException(f"Task {task_id} not found.")
        return self.tasks[task_id]

    def add_task(
        self, title: str, parent_id: int | None = None, due: str | None = None, **extra: Any
    ) -> str:
        self.calls.append("add_task")
        task = {"id": self.next_id, "title": title, "completed": False, "parent_id": parent_id}
        task.update({"due": due, **extra})
        self.tasks[self.next_id] = task
        self.next_id += 1
        return json.dumps(
            {"task_id": task["id"], "status": "created", "title": title, "task": task}
        )

    def list_tasks(self, status: str = "all", **_: Any) -> str:
        self.calls.append("list_tasks")
        keep = {"all": lambda t: True, "pending": lambda t: not t["completed"]}
        chosen = keep.get(status, lambda t: t["completed"])
        return json.dumps([t for t in self.tasks.values() if chosen(t)])

    def get_task(self, task_id: int) -> str:
        self.calls.append("get_task")
        return json.dumps(self._get(task_id))

    def complete_task(self, task_id: int) -> str:
        self.calls.append("complete_task")
        task = self._get(task_id)
        task["completed"] = True
        return json.dumps({"task_id": task_id, "status": "completed", "title": task["title"]})

    def delete_task(self, task_id: int) -> str:
        self.calls.append("delete_task")
        task = self.tasks.pop(self._get(task_id)["id"])
        return json.dumps({"task_id": task_id, "status": "deleted", "title": task["title"]})

    def update_task(self, task_id: int, **changes: Any) -> str:
        self.calls.append("update_task")
        task = self._get(task_id)
        task.update(changes)
        return json.dumps({"task_id": task_id, "status": "updated", "title": task["title"]})

    def tools(self) -> list[BaseTool]:
        names = [
            "add_task",
            "list_tasks",
            "get_task",
            "complete_task",
            "delete_task",
            "update_task",
        ]
        return [
            StructuredTool.from_function(
                func=getattr(self, n), name=n, description=n, handle_tool_error=True
            )
            for n in names
        ]
