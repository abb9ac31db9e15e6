"""The shapes tool results take on the wire: one JSON text block, plus structured content."""

from __future__ import annotations

import json
from typing import Any

from mcp.types import CallToolResult, TextContent
from pydantic import ValidationError

from taskmcp.dates import render_in_timezone
from taskservice.schemas import Task


def task_payload(task: Task, timezone: str) -> dict[str, Any]:
    """A task as JSON, with ``due`` rendered in the user's time zone."""
    data: dict[str, Any] = task.model_dump(mode="json")
    data["due"] = render_in_timezone(task.due, timezone)
    return data


def json_result(payload: dict[str, Any] | list[Any], structured: dict[str, Any]) -> CallToolResult:
    """Exactly one TextContent holding ``payload`` as JSON, and ``structured`` alongside.

    Built by hand because FastMCP turns a returned list into one content block per item.
    """
    text = json.dumps(payload, ensure_ascii=False)
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structuredContent=structured,
        isError=False,
    )


def error_result(message: str) -> CallToolResult:
    """A tool error (``isError``) carrying a message meant for the caller to read."""
    return CallToolResult(content=[TextContent(type="text", text=message)], isError=True)


def describe_validation_error(exc: ValidationError, prefix: str = "Invalid arguments") -> str:
    """One line per problem, without pydantic's links and input echoes."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "value"
        problems.append(f"{where}: {error['msg']}")
    return f"{prefix}: " + "; ".join(problems)
