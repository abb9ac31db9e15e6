"""Task records as the task tools return them, and tool results as the model reads them.

A tool result arrives as a ToolMessage whose content is JSON text, possibly wrapped in
content blocks (``[{"type": "text", "text": "..."}]``, one block per list item with some MCP
servers); failures carry ``status="error"`` and/or text such as "Error: Task 42 not found.".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import ToolMessage

_REJECTED = re.compile(
    r"\b(?:rejected|not\s+approved|declined|denied|refused|cancell?ed\s+by\s+the\s+user|"
    r"user\s+said\s+no|did\s+not\s+approve|didn'?t\s+approve|chose\s+not\s+to|not\s+confirmed|"
    r"without\s+approval)\b",
    re.IGNORECASE,
)
_ERROR = re.compile(r"^\s*(?:error\b|failed\b|exception\b)|\bnot\s+found\b", re.IGNORECASE)


@dataclass
class TaskView:
    """One task as a tool showed it."""

    id: int
    title: str
    completed: bool = False
    priority: str | None = None
    tags: list[str] = field(default_factory=list)
    due: str | None = None
    recurrence: str | None = None
    parent_id: int | None = None
    description: str | None = None


@dataclass
class ToolOutcome:
    """A tool result: parsed JSON (if any), its text, and whether it failed or was refused."""

    data: Any
    text: str
    ok: bool
    rejected: bool = False

    @property
    def error(self) -> str:
        """The failure as one plain sentence."""
        if isinstance(self.data, dict):
            for key in ("error", "detail", "message"):
                if isinstance(self.data.get(key), str):
                    return str(self.data[key])
        text = re.sub(r"^\s*error\s*(?:executing\s+tool\s+\w+)?\s*:?\s*", "", self.text, flags=re.I)
        return text.strip() or "the tool failed"


def content_text(content: Any) -> list[str]:
    """The text pieces of a message content (a string or a list of content blocks)."""
    if isinstance(content, str):
        return [content]
    pieces: list[str] = []
    if isinstance(content, list):
        for block in content:
            if isinstance(block, str):
                pieces.append(block)
            elif isinstance(block, dict) and isinstance(block.get("text"), str):
                pieces.append(block["text"])
    return pieces


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return None


def read_tool_message(message: ToolMessage) -> ToolOutcome:
    pieces = content_text(message.content)
    text = "\n".join(pieces).strip()
    data = parse_json(text)
    if data is None and len(pieces) > 1:
        parsed = [parse_json(p) for p in pieces]
        if all(isinstance(p, dict) for p in parsed):
            data = parsed
    if data is None and message.artifact is not None:
        artifact = message.artifact
        if isinstance(artifact, dict) and "structured_content" in artifact:
            artifact = artifact["structured_content"]
        if isinstance(artifact, dict) and set(artifact) == {"result"}:
            artifact = artifact["result"]
        data = artifact if isinstance(artifact, dict | list) else None
    rejected = bool(_REJECTED.search(text)) and not isinstance(data, dict | list)
    failed = message.status == "error" or (data is None and bool(_ERROR.search(text)))
    if isinstance(data, dict) and ("error" in data or data.get("status") == "error"):
        failed = True
    return ToolOutcome(data=data, text=text, ok=not failed and not rejected, rejected=rejected)


def task_from(data: Any) -> TaskView | None:
    """A task from a tool's JSON: a task object or a {"task_id", "title", "task": {...}} result."""
    if not isinstance(data, dict):
        return None
    inner = data.get("task")
    merged: dict[str, Any] = dict(inner) if isinstance(inner, dict) else {}
    for key, value in data.items():
        if key != "task":
            merged.setdefault(key, value)
    raw_id = merged.get("id", merged.get("task_id"))
    try:
        task_id = int(raw_id) if raw_id is not None else None
    except (TypeError, ValueError):
        task_id = None
    if task_id is None:
        return None
    tags = merged.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    status = str(merged.get("status", "")).lower()
    completed = bool(merged.get("completed", False)) or status == "completed"
    parent = merged.get("parent_id")
    return TaskView(
        id=task_id,
        title=str(merged.get("title") or ""),
        completed=completed,
        priority=merged.get("priority") if isinstance(merged.get("priority"), str) else None,
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        due=merged.get("due") if isinstance(merged.get("due"), str) else None,
        recurrence=merged.get("recurrence") if isinstance(merged.get("recurrence"), str) else None,
        parent_id=int(parent) if isinstance(parent, int) else None,
        description=merged.get("description")
        if isinstance(merged.get("description"), str)
        else None,
    )


def tasks_from(data: Any) -> list[TaskView] | None:
    """The tasks of a listing result (a JSON array, or an object wrapping one), else None."""
    if isinstance(data, dict):
        for key in ("tasks", "items", "results", "result"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        return None
    return [t for t in (task_from(item) for item in data) if t is not None]


_LISTED = re.compile(r"^\s*(?:[-*\u2022]\s*)?#(\d+)\s+(.+?)\s*$", re.MULTILINE)
_MENTION = re.compile(r"\btask\s+#?(\d+)\b", re.IGNORECASE)


def listed_in_text(text: str) -> list[TaskView]:
    """Tasks shown one per line as '#3 Book flights ...' in an assistant reply."""
    out: list[TaskView] = []
    for m in _LISTED.finditer(text):
        title = re.split(r"\s+[\u2014(]|\s+-\s+|\s+\u2013\s+", m.group(2))[0].strip()
        done = bool(re.search(r"\((?:done|completed)\b|\u2713", m.group(2)))
        out.append(TaskView(id=int(m.group(1)), title=title, completed=done))
    return out


def mentioned_ids(text: str) -> list[int]:
    """Task ids named as 'task 3' in an assistant reply, in order."""
    return [int(m.group(1)) for m in _MENTION.finditer(text)]
